#include "server/SearchQuery.h"

#include "server/FhirTypes.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;

namespace {

core::Result<int> parseCount(const std::string& value, int maxCount)
{
    if (value.empty() || value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos)
        return makeError(ErrorCode::InvalidArgument, "_count must be a whole number, got '" + value + "'");
    const int count = std::stoi(value);
    return count > maxCount ? maxCount : count;
}

core::Result<long long> parseCursor(const std::string& value)
{
    if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)
        return makeError(ErrorCode::InvalidArgument, "_cursor is not a valid paging cursor; follow the next link");
    return std::stoll(value);
}

std::vector<std::string> splitCommas(const std::string& value)
{
    // FHIR escapes a literal comma as "\,".
    std::vector<std::string> parts;
    std::string current;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == ',') {
            current.push_back(',');
            ++i;
        } else if (value[i] == ',') {
            parts.push_back(current);
            current.clear();
        } else {
            current.push_back(value[i]);
        }
    }
    parts.push_back(current);
    return parts;
}

core::Result<DateBound> parseDateBound(const std::string& value)
{
    static const std::vector<std::pair<std::string, std::string>> prefixes = {
        {"ge", ">="}, {"gt", ">"}, {"le", "<="}, {"lt", "<"}};
    for (const auto& [prefix, op] : prefixes) {
        if (value.rfind(prefix, 0) == 0) {
            auto instant = normaliseInstant(value.substr(2));
            if (!instant)
                break;
            return DateBound{op, *instant};
        }
    }
    return makeError(ErrorCode::InvalidArgument,
                     "_lastUpdated needs a prefix ge, gt, le or lt and a FHIR dateTime, e.g. "
                     "ge2025-01-31T09:00:00Z; got '" + value + "'");
}

// date= on the clinical record: ge/gt/le/lt/eq (or none = eq) and a date or a dateTime with a
// zone. A date alone is that UTC day: eq becomes two bounds.
core::Result<std::vector<DateBound>> parseDateParam(const std::string& name, const std::string& value)
{
    std::string prefix = "eq";
    std::string text = value;
    if (value.size() > 2 && std::isalpha(static_cast<unsigned char>(value[0])) != 0) {
        prefix = value.substr(0, 2);
        text = value.substr(2);
    }
    for (auto& c : text) {
        if (c == ' ')
            c = '+';
    }
    static const std::regex day(R"(^\d{4}-\d{2}-\d{2}$)");
    static const std::regex instant(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$)");
    const bool isDay = std::regex_match(text, day);
    static const std::vector<std::pair<std::string, std::string>> operators = {
        {"ge", ">="}, {"gt", ">"}, {"le", "<="}, {"lt", "<"}, {"eq", "="}};
    const auto op = std::find_if(operators.begin(), operators.end(), [&](const auto& p) { return p.first == prefix; });
    if (op == operators.end() || (!isDay && !std::regex_match(text, instant)))
        return makeError(ErrorCode::InvalidArgument,
                         name + " takes an optional prefix ge, gt, le, lt or eq and a date (2025-03-14) or a dateTime "
                                "with a zone (2025-03-14T09:00:00Z); got '" + value + "'");
    if (!isDay)
        return std::vector<DateBound>{{op->second, text}};
    const std::string start = text + "T00:00:00Z";
    if (prefix == "ge")
        return std::vector<DateBound>{{">=", start}};
    if (prefix == "lt")
        return std::vector<DateBound>{{"<", start}};
    // gt, le and eq of a day need the day's end: the repository adds a day (sqlOperator suffix "+1d").
    if (prefix == "gt")
        return std::vector<DateBound>{{">=+1d", start}};
    if (prefix == "le")
        return std::vector<DateBound>{{"<+1d", start}};
    return std::vector<DateBound>{{">=", start}, {"<+1d", start}};
}

std::vector<IdentifierMatch> parseTokens(const std::string& value)
{
    std::vector<IdentifierMatch> tokens;
    for (const auto& token : splitCommas(value)) {
        IdentifierMatch match;
        const auto bar = token.find('|');
        if (bar == std::string::npos) {
            match.value = token;
        } else {
            if (bar > 0)
                match.system = token.substr(0, bar);
            if (bar + 1 < token.size())
                match.value = token.substr(bar + 1);
        }
        tokens.push_back(std::move(match));
    }
    return tokens;
}

} // namespace

std::optional<std::string> normaliseInstant(std::string text)
{
    for (auto& c : text) {
        if (c == ' ')
            c = '+';
    }
    static const std::regex pattern(R"(^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$)");
    if (!std::regex_match(text, pattern))
        return std::nullopt;
    return text;
}

std::optional<std::string> normalisePatientReference(const std::string& reference, bool bareIdIsPatient)
{
    std::string id;
    const auto marker = reference.rfind("Patient/");
    if (marker != std::string::npos && (marker == 0 || reference[marker - 1] == '/')) {
        id = reference.substr(marker + 8);
        if (const auto history = id.find("/_history"); history != std::string::npos)
            id = id.substr(0, history);
    } else if (bareIdIsPatient && reference.find('/') == std::string::npos) {
        id = reference;
    }
    if (!isValidResourceId(id))
        return std::nullopt;
    return "Patient/" + id;
}

core::Result<SearchQuery> parseSearchQuery(const std::string& type,
                                           const std::vector<std::pair<std::string, std::string>>& params,
                                           int defaultCount, int maxCount, bool lenient)
{
    SearchQuery query;
    query.type = type;
    query.count = defaultCount;
    for (const auto& [name, value] : params) {
        bool echo = true;
        if (name == "_lastUpdated") {
            auto bound = parseDateBound(value);
            if (!bound)
                return bound.error();
            query.lastUpdated.push_back(bound.value());
        } else if (name == "_id") {
            for (const auto& id : splitCommas(value)) {
                if (!isValidResourceId(id))
                    return makeError(ErrorCode::InvalidArgument, "_id '" + id + "' is not a valid resource id");
                query.ids.push_back(id);
            }
        } else if (name == "identifier" && hasIdentifierSearch(type)) {
            for (const auto& token : splitCommas(value)) {
                IdentifierMatch match;
                const auto bar = token.find('|');
                if (bar == std::string::npos) {
                    match.value = token;
                } else {
                    match.system = token.substr(0, bar);
                    if (bar + 1 < token.size())
                        match.value = token.substr(bar + 1);
                }
                if (!match.value && (!match.system || match.system->empty()))
                    return makeError(ErrorCode::InvalidArgument, "identifier needs a value: system|value or value");
                query.identifiers.push_back(match);
            }
        } else if ((name == "subject" || name == "patient") && hasSubjectSearch(type)) {
            auto reference = normalisePatientReference(value, name == "patient");
            if (!reference)
                return makeError(ErrorCode::InvalidArgument,
                                 name + " must reference a Patient (Patient/<id>), got '" + value + "'");
            if (query.compartment && *query.compartment != *reference)
                return makeError(ErrorCode::InvalidArgument, "subject and patient name different patients");
            query.compartment = reference;
        } else if (name == "url" && type == "Questionnaire") {
            // "url|version" is the canonical form QuestionnaireResponse.questionnaire pins.
            const auto bar = value.find('|');
            query.canonicalUrl = value.substr(0, bar);
            if (bar != std::string::npos)
                query.canonicalVersion = value.substr(bar + 1);
        } else if (name == "version" && type == "Questionnaire") {
            query.canonicalVersion = value;
        } else if (hasExtraSearchParam(type, name)) {
            if (value.empty())
                return makeError(ErrorCode::InvalidArgument, name + " needs a value");
            if (name == "date") {
                auto bounds = parseDateParam(name, value);
                if (!bounds)
                    return bounds.error();
                query.dates.insert(query.dates.end(), bounds->begin(), bounds->end());
            } else if (name == "birthdate") {
                static const std::regex day(R"(^(ge|gt|le|lt|eq)?\d{4}(-\d{2}(-\d{2})?)?$)");
                if (!std::regex_match(value, day))
                    return makeError(ErrorCode::InvalidArgument,
                                     "birthdate takes an optional prefix ge, gt, le, lt or eq and a date "
                                     "(1984-07-02); got '" + value + "'");
                const bool prefixed = std::isalpha(static_cast<unsigned char>(value[0])) != 0;
                const std::string prefix = prefixed ? value.substr(0, 2) : "eq";
                const std::string date = prefixed ? value.substr(2) : value;
                const std::string op = prefix == "ge" ? ">=" : prefix == "gt" ? ">" : prefix == "le" ? "<=" :
                                       prefix == "lt" ? "<" : "=";
                query.birthDates.push_back({op, date});
            } else if (name == "status") {
                for (const auto& status : splitCommas(value))
                    query.statuses.push_back(status);
            } else if (name == "gender") {
                for (const auto& gender : splitCommas(value))
                    query.genders.push_back(gender);
            } else if (name == "code" || name == "category") {
                auto tokens = parseTokens(value);
                for (const auto& token : tokens) {
                    if (!token.value)
                        return makeError(ErrorCode::InvalidArgument, name + " needs a code: system|code or code");
                }
                auto& into = name == "code" ? query.codes : query.categories;
                into.insert(into.end(), tokens.begin(), tokens.end());
            } else {
                query.names.emplace_back(name, value);
            }
        } else if (name == "_count") {
            auto count = parseCount(value, maxCount);
            if (!count)
                return count.error();
            query.count = count.value();
        } else if (name == "_cursor") {
            auto cursor = parseCursor(value);
            if (!cursor)
                return cursor.error();
            query.cursor = cursor.value();
            echo = false;
        } else if (name == "_total") {
            // none skips the count(*); estimate is answered with the accurate count.
            if (value != "none" && value != "estimate" && value != "accurate")
                return makeError(ErrorCode::InvalidArgument,
                                 "_total must be none, estimate or accurate, got '" + value + "'");
            query.totalWanted = value != "none";
        } else if (name == "_sort") {
            if (value != "_lastUpdated")
                return makeError(ErrorCode::Unsupported, "only _sort=_lastUpdated is supported");
        } else if (name == "_format") {
            if (value.find("json") == std::string::npos)
                return makeError(ErrorCode::Unsupported, "only JSON is supported (_format=json)");
        } else if (!lenient) {
            std::string extra;
            for (const auto& param : extraSearchParams(type))
                extra += ", " + param.first;
            return makeError(ErrorCode::InvalidArgument,
                             "unknown search parameter '" + name + "' for " + type +
                                 "; supported: _id, _lastUpdated, _count, _total, _sort" +
                                 (hasIdentifierSearch(type) ? ", identifier" : "") +
                                 (hasSubjectSearch(type) ? ", subject, patient" : "") +
                                 (type == "Questionnaire" ? ", url, version" : "") + extra);
        } else {
            echo = false;
        }
        if (echo)
            query.echoed.emplace_back(name, value);
    }
    return query;
}

core::Result<HistoryQuery> parseHistoryQuery(const std::string& type, const std::optional<std::string>& id,
                                             const std::vector<std::pair<std::string, std::string>>& params,
                                             int defaultCount, int maxCount)
{
    HistoryQuery query;
    query.type = type;
    query.id = id;
    query.count = defaultCount;
    for (const auto& [name, value] : params) {
        if (name == "_since") {
            auto instant = normaliseInstant(value);
            if (!instant)
                return makeError(ErrorCode::InvalidArgument, "_since must be a FHIR instant, got '" + value + "'");
            query.since = instant;
        } else if (name == "_count") {
            auto count = parseCount(value, maxCount);
            if (!count)
                return count.error();
            query.count = count.value();
        } else if (name == "_cursor") {
            auto cursor = parseCursor(value);
            if (!cursor)
                return cursor.error();
            query.cursor = cursor.value();
        } else if (name != "_format") {
            return makeError(ErrorCode::InvalidArgument,
                             "unknown history parameter '" + name + "'; supported: _since, _count");
        }
    }
    return query;
}

} // namespace avocet::hub

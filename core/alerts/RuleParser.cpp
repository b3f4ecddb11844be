#include "core/alerts/RuleParser.h"

#include <algorithm>
#include <initializer_list>
#include <set>

#include <nlohmann/json.hpp>

#include "core/common/StrictJson.h"

namespace avocet::core::alerts {

namespace {

using nlohmann::json;

// The strict readers throw StrictJsonError, caught in parseRuleSet: keeps the many nested checks
// readable. Nothing escapes the module.
using strictjson::at;
using strictjson::fail;
using strictjson::member;
using strictjson::optionalText;
using strictjson::requireObject;
using strictjson::text;
using RuleError = strictjson::StrictJsonError;

int integer(const json& v, const std::string& path, int min, int max)
{
    if (!v.is_number_integer())
        fail(path, "expected a whole number");
    const auto value = v.get<long long>();
    if (value < min || value > max)
        fail(path, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return static_cast<int>(value);
}

LocalDate date(const json& obj, const std::string& path, const char* key)
{
    const std::string s = text(obj, path, key);
    auto parsed = parseIsoDate(s);
    if (!parsed)
        fail(at(path, key), parsed.message());
    return parsed.value();
}

Span span(const json& v, const std::string& path)
{
    requireObject(v, path, {"hours", "days", "months"});
    Span result;
    int found = 0;
    const std::pair<const char*, Span::Unit> units[] = {
        {"hours", Span::Unit::Hours}, {"days", Span::Unit::Days}, {"months", Span::Unit::Months}};
    for (const auto& [key, unit] : units) {
        if (v.contains(key)) {
            ++found;
            result.unit = unit;
            result.count = integer(v.at(key), at(path, key), 1, 1000);
        }
    }
    if (found != 1)
        fail(path, "expected exactly one of \"hours\", \"days\" or \"months\"");
    return result;
}

DeadlineKind kind(const json& obj, const std::string& path, DeadlineKind fallback)
{
    if (!obj.contains("kind"))
        return fallback;
    const std::string s = text(obj, path, "kind");
    for (const auto k : {DeadlineKind::Expiry, DeadlineKind::Renewal, DeadlineKind::Tribunal, DeadlineKind::Window,
                         DeadlineKind::Review}) {
        if (toString(k) == s)
            return k;
    }
    fail(at(path, "kind"), "unknown kind \"" + s + "\" (expiry, renewal, tribunal, window or review)");
}

const json& array(const json& obj, const std::string& path, const char* key, bool required)
{
    static const json empty = json::array();
    if (!obj.contains(key)) {
        if (required)
            fail(path, std::string("missing required key \"") + key + "\"");
        return empty;
    }
    const json& v = obj.at(key);
    if (!v.is_array())
        fail(at(path, key), "expected an array");
    return v;
}

// "repeat": a whole number of occurrences, or "indefinitely" (renewals and yearly duties that the
// law does not limit in number). Returns true for "indefinitely".
bool repeatCount(const json& j, const std::string& path, int& count)
{
    const json& v = j.at("repeat");
    if (v.is_string()) {
        if (v.get<std::string>() != "indefinitely")
            fail(at(path, "repeat"), "expected a whole number from 1 to 50, or \"indefinitely\"");
        return true;
    }
    count = integer(v, at(path, "repeat"), 1, 50);
    return false;
}

PeriodRule period(const json& j, const std::string& path)
{
    requireObject(j, path, {"id", "label", "kind", "length", "extension", "window", "tribunalApplication", "repeat"});
    PeriodRule p;
    p.id = text(j, path, "id");
    p.label = text(j, path, "label");
    p.kind = kind(j, path, DeadlineKind::Expiry);
    p.length = span(member(j, path, "length"), at(path, "length"));
    if (j.contains("extension")) {
        const std::string epath = at(path, "extension");
        const json& e = j.at("extension");
        requireObject(e, epath, {"upTo", "label"});
        p.extension = span(member(e, epath, "upTo"), at(epath, "upTo"));
        p.extensionLabel = text(e, epath, "label");
        if (p.length.unit != Span::Unit::Hours || p.extension->unit != Span::Unit::Hours)
            fail(epath, "an extension is only supported on an hour-based period, in hours");
    }
    if (j.contains("window")) {
        const std::string wpath = at(path, "window");
        const json& w = j.at("window");
        requireObject(w, wpath, {"before", "label"});
        p.windowBefore = span(member(w, wpath, "before"), at(wpath, "before"));
        p.windowLabel = text(w, wpath, "label");
        if (!p.length.isCalendar() || !p.windowBefore->isCalendar())
            fail(wpath, "a window is only supported on a calendar (days or months) period, in days or months");
    }
    if (j.contains("tribunalApplication")) {
        p.tribunalApplicationLabel = text(j, path, "tribunalApplication");
        if (!p.length.isCalendar())
            fail(at(path, "tribunalApplication"), "a Tribunal application period is only supported on a calendar period");
    }
    if (j.contains("repeat"))
        p.indefinitely = repeatCount(j, path, p.repeat);
    return p;
}

FixedDeadlineRule fixedDeadline(const json& j, const std::string& path)
{
    requireObject(j, path,
                  {"id", "label", "kind", "within", "from", "immediate", "under18Within", "every", "repeat", "counting",
                   "duty", "underlying"});
    FixedDeadlineRule d;
    d.id = text(j, path, "id");
    d.label = text(j, path, "label");
    d.kind = kind(j, path, DeadlineKind::Tribunal);
    if (j.contains("immediate")) {
        if (!j.at("immediate").is_boolean())
            fail(at(path, "immediate"), "expected true or false");
        d.immediate = j.at("immediate").get<bool>();
    }
    if (d.immediate) {
        for (const char* key : {"within", "under18Within", "every", "repeat"})
            if (j.contains(key))
                fail(at(path, key), "an immediate deadline is due at the start and takes no \"" + std::string(key) + "\"");
    } else {
        d.within = span(member(j, path, "within"), at(path, "within"));
    }
    if (j.contains("underlying")) {
        const std::string upath = at(path, "underlying");
        const json& u = j.at("underlying");
        requireObject(u, upath, {"powers", "periodEndOnly"});
        UnderlyingPowerRule rule;
        for (const char* key : {"powers", "periodEndOnly"}) {
            const json& list = array(u, upath, key, std::string(key) == "powers");
            for (std::size_t i = 0; i < list.size(); ++i) {
                if (!list[i].is_string())
                    fail(at(at(upath, key), i), "expected a power code");
                (std::string(key) == "powers" ? rule.powers : rule.periodEndOnly).push_back(list[i].get<std::string>());
            }
        }
        if (rule.powers.empty())
            fail(at(upath, "powers"), "name at least one power");
        d.underlying = std::move(rule);
    }
    if (j.contains("duty")) {
        if (!j.at("duty").is_boolean())
            fail(at(path, "duty"), "expected true or false");
        d.duty = j.at("duty").get<bool>();
    }
    if (j.contains("from")) {
        const std::string from = text(j, path, "from");
        const std::pair<const char*, FixedDeadlineRule::From> known[] = {
            {"start", FixedDeadlineRule::From::Start},
            {"first-admission", FixedDeadlineRule::From::FirstAdmission},
            {"first-admission-or-start", FixedDeadlineRule::From::FirstAdmissionOrStart},
            {"last-tribunal", FixedDeadlineRule::From::LastTribunal}};
        const auto it = std::find_if(std::begin(known), std::end(known), [&](const auto& k) { return from == k.first; });
        if (it == std::end(known))
            fail(at(path, "from"),
                 "unknown \"" + from + "\" (start, first-admission, first-admission-or-start or last-tribunal)");
        d.from = it->second;
    }
    if (j.contains("under18Within"))
        d.under18Within = span(j.at("under18Within"), at(path, "under18Within"));
    if (j.contains("every"))
        d.every = span(j.at("every"), at(path, "every"));
    if (j.contains("repeat")) {
        if (!d.every)
            fail(at(path, "repeat"), "\"repeat\" needs \"every\"");
        d.indefinitely = repeatCount(j, path, d.repeat);
    }
    if (j.contains("counting")) {
        const std::string counting = text(j, path, "counting");
        if (counting != "beginning-with-day" && counting != "beginning-with-day-after")
            fail(at(path, "counting"), "expected \"beginning-with-day\" or \"beginning-with-day-after\"");
        d.beginsDayAfter = counting == "beginning-with-day-after";
        if (d.immediate || !d.within.isCalendar())
            fail(at(path, "counting"), "counting applies to a deadline in days or months");
    }
    const auto calendar = [](const std::optional<Span>& s) { return !s || s->isCalendar(); };
    if (!d.immediate && (!d.within.isCalendar() || !calendar(d.under18Within) || !calendar(d.every)) &&
        (d.under18Within || d.every || d.from != FixedDeadlineRule::From::Start))
        fail(path, "a deadline counted from an earlier day, repeated or with an under-18 span is in days or months");
    if (d.underlying && (d.immediate || !d.within.isCalendar() || d.every || d.from != FixedDeadlineRule::From::Start))
        fail(at(path, "underlying"), "a deadline counted against an underlying power is a span in days or months from "
                                     "the start, not immediate or repeated");
    return d;
}

PendingProceedingsRule pendingProceedings(const json& j, const std::string& path)
{
    requireObject(j, path, {"afterOrder", "counting", "reading", "label"});
    PendingProceedingsRule r;
    r.afterOrder = span(member(j, path, "afterOrder"), at(path, "afterOrder"));
    if (!r.afterOrder.isCalendar())
        fail(at(path, "afterOrder"), "expected days or months");
    const std::string counting = text(j, path, "counting");
    if (counting == "beginning-with-day-of-disposal")
        r.beginsOnDayOfDisposal = true;
    else if (counting == "beginning-with-day-after-disposal")
        r.beginsOnDayOfDisposal = false;
    else
        fail(at(path, "counting"),
             "expected \"beginning-with-day-of-disposal\" or \"beginning-with-day-after-disposal\"");
    r.reading = text(j, path, "reading");
    r.label = text(j, path, "label");
    return r;
}

PowerRule power(const json& j, const std::string& path)
{
    requireObject(j, path,
                  {"code", "legalStatusCode", "aliases", "name", "start", "inheritsStartFrom", "noExpiry", "maximumTotal",
                   "pendingProceedings", "notBeforeEndOf", "courtSetsPeriods", "careSetting", "periods", "deadlines"});
    PowerRule p;
    p.code = text(j, path, "code");
    if (j.contains("legalStatusCode"))
        p.legalStatusCode = text(j, path, "legalStatusCode");
    const json& aliases = array(j, path, "aliases", false);
    for (std::size_t i = 0; i < aliases.size(); ++i) {
        if (!aliases[i].is_string())
            fail(at(at(path, "aliases"), i), "expected a string");
        p.aliases.push_back(aliases[i].get<std::string>());
    }
    p.name = text(j, path, "name");
    p.startMeaning = text(j, path, "start");
    if (j.contains("inheritsStartFrom")) {
        const std::string ipath = at(path, "inheritsStartFrom");
        const json& inh = j.at("inheritsStartFrom");
        requireObject(inh, ipath, {"power", "note"});
        p.inheritsStartFrom = InheritanceRule{text(inh, ipath, "power"), optionalText(inh, ipath, "note")};
    }
    if (j.contains("notBeforeEndOf")) {
        const std::string npath = at(path, "notBeforeEndOf");
        const json& n = j.at("notBeforeEndOf");
        requireObject(n, npath, {"power", "note"});
        p.notBeforeEndOf = InheritanceRule{text(n, npath, "power"), optionalText(n, npath, "note")};
    }
    if (j.contains("noExpiry"))
        p.noExpiry = text(j, path, "noExpiry");
    if (j.contains("careSetting")) {
        p.careSetting = text(j, path, "careSetting");
        if (*p.careSetting != "community" && *p.careSetting != "inpatient")
            fail(at(path, "careSetting"), "expected \"community\" or \"inpatient\"");
    }
    if (j.contains("courtSetsPeriods")) {
        if (!j.at("courtSetsPeriods").is_boolean())
            fail(at(path, "courtSetsPeriods"), "expected true or false");
        p.courtSetsPeriods = j.at("courtSetsPeriods").get<bool>();
    }
    if (j.contains("maximumTotal")) {
        p.maximumTotal = span(j.at("maximumTotal"), at(path, "maximumTotal"));
        if (!p.maximumTotal->isCalendar())
            fail(at(path, "maximumTotal"), "expected days or months");
    }
    if (j.contains("pendingProceedings"))
        p.pendingProceedings = pendingProceedings(j.at("pendingProceedings"), at(path, "pendingProceedings"));
    const json& periods = array(j, path, "periods", !p.noExpiry);
    if (periods.empty() && !p.noExpiry)
        fail(at(path, "periods"), "a power needs at least one period (or \"noExpiry\" saying why it has none)");
    if (!periods.empty() && p.noExpiry)
        fail(at(path, "noExpiry"), "a power with no expiry lists no periods");
    for (std::size_t i = 0; i < periods.size(); ++i)
        p.periods.push_back(period(periods[i], at(at(path, "periods"), i)));
    for (std::size_t i = 0; i + 1 < p.periods.size(); ++i) {
        if (p.periods[i].indefinitely)
            fail(at(at(at(path, "periods"), i), "repeat"),
                 "only the last period of a power may repeat indefinitely (no period could follow it)");
    }
    for (std::size_t i = 1; i < p.periods.size(); ++i) {
        if (p.periods[i].length.isCalendar() != p.periods[0].length.isCalendar())
            fail(at(at(path, "periods"), i), "all periods of a power must be hour-based or all calendar-based");
    }
    if (p.maximumTotal && (p.periods.empty() || !p.periods.front().length.isCalendar()))
        fail(at(path, "maximumTotal"), "a maximum total is only supported on calendar periods");
    if (p.courtSetsPeriods && (p.periods.empty() || !p.periods.front().length.isCalendar()))
        fail(at(path, "courtSetsPeriods"), "court-set periods are only supported on calendar periods");
    if (p.pendingProceedings && (p.periods.empty() || !p.periods.front().length.isCalendar()))
        fail(at(path, "pendingProceedings"), "pending proceedings are only supported on calendar periods");
    const json& deadlines = array(j, path, "deadlines", false);
    for (std::size_t i = 0; i < deadlines.size(); ++i)
        p.deadlines.push_back(fixedDeadline(deadlines[i], at(at(path, "deadlines"), i)));
    return p;
}

ReviewRule review(const json& j, const std::string& path)
{
    requireObject(j, path, {"id", "label", "subject", "setting", "interval", "dueSoon"});
    ReviewRule r;
    r.id = text(j, path, "id");
    r.label = text(j, path, "label");
    r.subject = text(j, path, "subject");
    r.setting = optionalText(j, path, "setting", "any");
    if (r.setting != "any" && r.setting != "community" && r.setting != "inpatient")
        fail(at(path, "setting"), "expected \"any\", \"community\" or \"inpatient\"");
    r.interval = span(member(j, path, "interval"), at(path, "interval"));
    r.dueSoon = span(member(j, path, "dueSoon"), at(path, "dueSoon"));
    if (!r.interval.isCalendar() || r.dueSoon.unit != Span::Unit::Days)
        fail(path, "a review interval is in days or months and \"dueSoon\" in days");
    return r;
}

ScoreRule score(const json& j, const std::string& path)
{
    requireObject(j, path, {"id", "instrument", "item", "system", "code", "panel", "op", "value", "severity", "message"});
    ScoreRule s;
    s.id = text(j, path, "id");
    s.instrument = text(j, path, "instrument");
    s.item = text(j, path, "item");
    s.system = j.contains("system") ? text(j, path, "system") : std::string("http://loinc.org");
    s.code = text(j, path, "code");
    if (s.code.empty())
        fail(at(path, "code"), "a score rule matches its item by code: give the item's LOINC or SNOMED CT code");
    s.panel = text(j, path, "panel");
    if (s.panel.empty())
        fail(at(path, "panel"), "give the instrument's panel code (the forms that must hold the item)");
    const std::string op = text(j, path, "op");
    if (op == "declined") {
        s.when = ScoreRule::When::Declined;
        if (j.contains("value"))
            fail(at(path, "value"), "a \"declined\" rule compares nothing: remove the value");
    } else {
        bool known = false;
        for (const auto c : {Comparison::Greater, Comparison::GreaterOrEqual, Comparison::Less,
                             Comparison::LessOrEqual, Comparison::Equal, Comparison::NotEqual}) {
            if (toString(c) == op) {
                s.op = c;
                known = true;
            }
        }
        if (!known)
            fail(at(path, "op"), "unknown comparison \"" + op + "\" (>, >=, <, <=, ==, != or declined)");
        const json& value = member(j, path, "value");
        if (!value.is_number())
            fail(at(path, "value"), "expected a number");
        s.threshold = value.get<double>();
    }
    s.severity = text(j, path, "severity");
    if (s.severity != "high" && s.severity != "medium" && s.severity != "low")
        fail(at(path, "severity"), "expected \"high\", \"medium\" or \"low\"");
    s.message = text(j, path, "message");
    return s;
}

DocumentRule document(const json& j, const std::string& path)
{
    requireObject(j, path, {"id", "label", "document", "after", "within", "raisedFor", "basis"});
    DocumentRule d;
    d.id = text(j, path, "id");
    d.label = text(j, path, "label");
    d.document = text(j, path, "document");
    d.after = text(j, path, "after");
    if (d.after != "inpatient-discharge")
        fail(at(path, "after"), "unknown event \"" + d.after + "\" (inpatient-discharge)");
    d.within = span(member(j, path, "within"), at(path, "within"));
    if (d.within.unit != Span::Unit::Hours)
        fail(at(path, "within"), "a document deadline is in hours");
    d.raisedFor = span(member(j, path, "raisedFor"), at(path, "raisedFor"));
    d.basis = text(j, path, "basis");
    return d;
}

// Cross-references that need the whole table: unique codes, inheritance targets.
void checkConsistency(const RuleSet& set)
{
    std::set<std::string> names;
    std::set<std::string> statusCodes;
    for (std::size_t i = 0; i < set.powers.size(); ++i) {
        const PowerRule& p = set.powers[i];
        const std::string path = at("/powers", i);
        std::vector<std::string> spellings{p.code};
        spellings.insert(spellings.end(), p.aliases.begin(), p.aliases.end());
        for (const auto& spelling : spellings) {
            if (!names.insert(normalisePowerCode(spelling)).second)
                fail(path, "the code or alias \"" + spelling + "\" is used by more than one power");
        }
        if (p.legalStatusCode && !statusCodes.insert(*p.legalStatusCode).second)
            fail(at(path, "legalStatusCode"), "legal-status code " + *p.legalStatusCode + " is used twice");
    }
    for (std::size_t i = 0; i < set.powers.size(); ++i) {
        const PowerRule& p = set.powers[i];
        if (!p.notBeforeEndOf)
            continue;
        const std::string path = at(at("/powers", i), "notBeforeEndOf");
        const PowerRule* other = set.findPower(p.notBeforeEndOf->fromPower);
        if (!other || other == &p || other->periods.empty() || p.periods.empty())
            fail(path, "\"" + p.notBeforeEndOf->fromPower +
                           "\" must be another power of this rule set, and both must list periods");
    }
    for (std::size_t i = 0; i < set.powers.size(); ++i) {
        const PowerRule& p = set.powers[i];
        for (std::size_t k = 0; k < p.deadlines.size(); ++k) {
            if (!p.deadlines[k].underlying)
                continue;
            const std::string upath = at(at(at("/powers", i), "deadlines"), k) + "/underlying";
            const auto& rule = *p.deadlines[k].underlying;
            for (const auto* list : {&rule.powers, &rule.periodEndOnly}) {
                for (const std::string& code : *list) {
                    const PowerRule* other = set.findPower(code);
                    if (!other || other == &p)
                        fail(upath, "\"" + code + "\" must be another power of this rule set");
                    if (other->periods.empty())
                        fail(upath, "\"" + code + "\" lists no periods, so it has no period end to count");
                }
            }
            for (const std::string& code : rule.periodEndOnly) {
                const PowerRule* other = set.findPower(code);
                const bool listed = std::any_of(rule.powers.begin(), rule.powers.end(),
                                                [&](const std::string& c) { return set.findPower(c) == other; });
                if (!listed)
                    fail(upath, "\"" + code + "\" in periodEndOnly is not among the powers");
            }
        }
    }
    for (std::size_t i = 0; i < set.powers.size(); ++i) {
        const PowerRule& p = set.powers[i];
        if (!p.inheritsStartFrom)
            continue;
        const std::string path = at(at("/powers", i), "inheritsStartFrom");
        const PowerRule* from = set.findPower(p.inheritsStartFrom->fromPower);
        if (!from)
            fail(path, "no power \"" + p.inheritsStartFrom->fromPower + "\" in this rule set");
        if (from == &p)
            fail(path, "a power cannot inherit its start from itself");
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < set.reviews.size(); ++i) {
        if (!ids.insert(set.reviews[i].id).second)
            fail(at("/reviews", i), "duplicate review id \"" + set.reviews[i].id + "\"");
    }
    for (std::size_t i = 0; i < set.scores.size(); ++i) {
        if (!ids.insert(set.scores[i].id).second)
            fail(at("/scores", i), "duplicate rule id \"" + set.scores[i].id + "\"");
    }
    for (std::size_t i = 0; i < set.documents.size(); ++i) {
        if (!ids.insert(set.documents[i].id).second)
            fail(at("/documents", i), "duplicate rule id \"" + set.documents[i].id + "\"");
    }
}

RuleSet ruleSet(const json& j)
{
    requireObject(j, "",
                  {"schema", "name", "version", "effectiveFrom", "title", "basis", "approval", "timeZone", "powers",
                   "reviews", "scores", "documents"});
    const std::string schema = text(j, "", "schema");
    if (schema != kRuleSchema)
        fail("/schema", "unsupported schema \"" + schema + "\" (this build reads " + std::string(kRuleSchema) + ")");
    const std::string zone = text(j, "", "timeZone");
    if (zone != "Europe/London")
        fail("/timeZone", "only Europe/London is supported");

    RuleSet set;
    set.name = text(j, "", "name");
    set.version = text(j, "", "version");
    set.effectiveFrom = date(j, "", "effectiveFrom");
    set.title = text(j, "", "title");
    set.basis = text(j, "", "basis");
    set.approval = optionalText(j, "", "approval", "not recorded");
    const json& powers = array(j, "", "powers", true);
    for (std::size_t i = 0; i < powers.size(); ++i)
        set.powers.push_back(power(powers[i], at("/powers", i)));
    const json& reviews = array(j, "", "reviews", false);
    for (std::size_t i = 0; i < reviews.size(); ++i)
        set.reviews.push_back(review(reviews[i], at("/reviews", i)));
    const json& scores = array(j, "", "scores", false);
    for (std::size_t i = 0; i < scores.size(); ++i)
        set.scores.push_back(score(scores[i], at("/scores", i)));
    const json& documents = array(j, "", "documents", false);
    for (std::size_t i = 0; i < documents.size(); ++i)
        set.documents.push_back(document(documents[i], at("/documents", i)));
    checkConsistency(set);
    return set;
}

} // namespace

Result<RuleSet> parseRuleSet(std::string_view jsonText, const std::string& sourceName)
{
    json document;
    try {
        document = json::parse(jsonText.begin(), jsonText.end());
    } catch (const json::parse_error& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 7: …"
        std::string what = e.what();
        const auto pos = what.find("] ");
        if (pos != std::string::npos)
            what = what.substr(pos + 2);
        return makeError(ErrorCode::AlertRulesInvalid, sourceName + ": not valid JSON: " + what);
    }
    try {
        RuleSet set = ruleSet(document);
        set.source = sourceName;
        return set;
    } catch (const RuleError& e) {
        return makeError(ErrorCode::AlertRulesInvalid,
                         sourceName + ": " + (e.where.empty() ? std::string("/") : e.where) + ": " + e.what);
    } catch (const json::exception& e) {
        return makeError(ErrorCode::AlertRulesInvalid, sourceName + ": " + e.what());
    }
}

} // namespace avocet::core::alerts

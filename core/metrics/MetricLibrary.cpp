#include "core/metrics/MetricLibrary.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/common/StrictJson.h"
#include "core/metrics/BuiltinMetrics.h"

namespace avocet::core::metrics {

namespace fs = std::filesystem;

std::string_view toString(Method method)
{
    switch (method) {
    case Method::PairedOutcome:
        return "paired-outcome";
    case Method::LatestWithinInterval:
        return "latest-within-interval";
    case Method::FollowUpAfterDischarge:
        return "follow-up-after-discharge";
    case Method::LegalStatusComplete:
        return "legal-status-complete";
    case Method::DeliveredWithin:
        return "delivered-within";
    case Method::DocumentAfterDischarge:
        return "document-after-discharge";
    }
    return "unknown";
}

std::optional<Method> parseMethod(std::string_view text)
{
    for (const auto m : {Method::PairedOutcome, Method::LatestWithinInterval, Method::FollowUpAfterDischarge,
                         Method::LegalStatusComplete, Method::DeliveredWithin, Method::DocumentAfterDischarge})
        if (toString(m) == text)
            return m;
    return std::nullopt;
}

std::string_view toString(SourceType type)
{
    switch (type) {
    case SourceType::Mhsds:
        return "mhsds";
    case SourceType::OversightFramework:
        return "oversight-framework";
    case SourceType::CommissionerKpi:
        return "commissioner-kpi";
    }
    return "unknown";
}

std::string Duration::text() const
{
    const char* unitName = unit == Unit::Hours ? " hours" : unit == Unit::Days ? " days" : " months";
    return std::to_string(count) + unitName;
}

std::vector<const MetricItem*> Metric::itemsWithRole(std::string_view role) const
{
    std::vector<const MetricItem*> found;
    for (const auto& item : reads)
        if (item.role == role)
            found.push_back(&item);
    return found;
}

bool Metric::meetsTarget(long long numeratorCount, long long denominatorCount) const
{
    if (denominatorCount <= 0)
        return true; // nothing to count: nothing missed
    // Whole per-mille arithmetic, so 0.95 * 20 is 19 on every platform.
    return numeratorCount * 1000 >= std::llround(targetPercent * 10) * denominatorCount;
}

const Metric* MetricSet::find(std::string_view id) const
{
    for (const auto& metric : metrics)
        if (metric.id == id)
            return &metric;
    return nullptr;
}

namespace {

using nlohmann::json;

// The strict readers throw StrictJsonError, caught in parseMetricSet.
using strictjson::at;
using strictjson::fail;
using strictjson::member;
using strictjson::optionalText;
using strictjson::requireObject;
using strictjson::text;
using MetricError = strictjson::StrictJsonError;

bool isIsoDate(const std::string& s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    const int month = std::stoi(s.substr(5, 2));
    const int day = std::stoi(s.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Duration duration(const json& v, const std::string& path, std::initializer_list<Duration::Unit> allowedUnits)
{
    requireObject(v, path, {"hours", "days", "months"});
    const std::pair<const char*, Duration::Unit> units[] = {
        {"hours", Duration::Unit::Hours}, {"days", Duration::Unit::Days}, {"months", Duration::Unit::Months}};
    Duration result;
    int found = 0;
    std::string allowedNames;
    for (const auto& [key, unit] : units) {
        const bool allowed = std::find(allowedUnits.begin(), allowedUnits.end(), unit) != allowedUnits.end();
        if (allowed)
            allowedNames += (allowedNames.empty() ? "\"" : " or \"") + std::string(key) + "\"";
        if (!v.contains(key))
            continue;
        ++found;
        if (!allowed)
            fail(at(path, key), "this window is not given in " + std::string(key));
        const json& count = v.at(key);
        if (!count.is_number_integer() || count.get<long long>() < 1 || count.get<long long>() > 1000)
            fail(at(path, key), "expected a whole number from 1 to 1000");
        result.unit = unit;
        result.count = static_cast<int>(count.get<long long>());
    }
    if (found != 1)
        fail(path, "expected exactly one of " + allowedNames);
    return result;
}

MetricItem item(const json& j, const std::string& path)
{
    requireObject(j, path, {"role", "resource", "system", "code", "questionnaire", "linkId", "display"});
    MetricItem m;
    m.role = text(j, path, "role");
    m.resource = text(j, path, "resource");
    m.system = optionalText(j, path, "system");
    m.code = optionalText(j, path, "code");
    m.questionnaire = optionalText(j, path, "questionnaire");
    m.linkId = optionalText(j, path, "linkId");
    m.display = text(j, path, "display");
    if (m.system.empty() == m.questionnaire.empty())
        fail(path, "an item names either a coded element (\"system\", with \"code\" for one code) or a template "
                   "item (\"questionnaire\", with \"linkId\"), not both and not neither");
    if (!m.code.empty() && m.system.empty())
        fail(at(path, "code"), "a code needs its \"system\"");
    if (!m.linkId.empty() && m.questionnaire.empty())
        fail(at(path, "linkId"), "a link id needs its \"questionnaire\"");
    if (!m.questionnaire.empty()) {
        if (m.resource != "QuestionnaireResponse")
            fail(at(path, "resource"), "a template item is read from a QuestionnaireResponse");
        if (m.questionnaire != "*" && m.questionnaire.find('|') != std::string::npos)
            fail(at(path, "questionnaire"), "give the template's canonical url without a version: every version counts");
    }
    return m;
}

// What each method needs: its parameters, its period, and the roles of the items it reads.
void checkMethod(const Metric& m, const json& j, const std::string& path)
{
    const json& parameters = member(j, path, "parameters");
    const std::string ppath = at(path, "parameters");
    auto items = [&](const char* role, const char* resource, bool coded, bool needCode, std::size_t least,
                     std::size_t most) {
        const auto found = m.itemsWithRole(role);
        if (found.size() < least || found.size() > most)
            fail(at(path, "reads"), std::string("the ") + std::string(toString(m.method)) + " method reads " +
                                        (least == most ? std::to_string(least)
                                                       : std::to_string(least) + " or more") +
                                        " item(s) with role \"" + role + "\"; found " + std::to_string(found.size()));
        for (const MetricItem* it : found) {
            const auto index = static_cast<std::size_t>(it - m.reads.data());
            const std::string ipath = at(at(path, "reads"), index);
            if (resource && it->resource != resource)
                fail(at(ipath, "resource"), std::string("a \"") + role + "\" item is read from " + resource);
            if (coded && !it->isCoded())
                fail(ipath, std::string("a \"") + role + "\" item is a coded element (system and code)");
            if (needCode && it->isCoded() && it->code.empty())
                fail(ipath, std::string("a \"") + role + "\" item names one code");
        }
    };
    auto expectPeriod = [&](const char* period) {
        if (m.period != period)
            fail(at(path, "period"), std::string("the ") + std::string(toString(m.method)) + " method counts \"" +
                                         period + "\"");
    };
    auto knownRoles = [&](std::initializer_list<const char*> roles) {
        for (std::size_t i = 0; i < m.reads.size(); ++i)
            if (std::none_of(roles.begin(), roles.end(), [&](const char* r) { return m.reads[i].role == r; }))
                fail(at(at(at(path, "reads"), i), "role"), "the " + std::string(toString(m.method)) +
                                                               " method has no role \"" + m.reads[i].role + "\"");
    };
    switch (m.method) {
    case Method::PairedOutcome:
        requireObject(parameters, ppath, {"startWindow", "endWindow"});
        expectPeriod("events");
        knownRoles({"score"});
        items("score", "Observation", true, true, 1, 50);
        break;
    case Method::LatestWithinInterval:
        requireObject(parameters, ppath, {"interval"});
        expectPeriod("as-at-end");
        knownRoles({"population", "evidence"});
        items("population", "CarePlan", true, true, 0, 1);
        items("evidence", nullptr, false, true, 1, 50);
        for (const MetricItem* it : m.itemsWithRole("evidence")) {
            if (it->isCoded() ? it->resource != "CarePlan" : it->questionnaire == "*")
                fail(at(path, "reads"), "evidence is a CarePlan review subject (system and code) or a named template");
        }
        break;
    case Method::FollowUpAfterDischarge:
        requireObject(parameters, ppath, {"within"});
        expectPeriod("events");
        knownRoles({"population", "contact"});
        items("population", "Encounter", true, true, 1, 1);
        items("contact", nullptr, false, true, 1, 10);
        for (const MetricItem* it : m.itemsWithRole("contact")) {
            if (it->isCoded() && it->resource != "Appointment")
                fail(at(path, "reads"), "a coded contact is an Appointment status");
        }
        break;
    case Method::LegalStatusComplete:
        requireObject(parameters, ppath, {});
        expectPeriod("overlapping");
        knownRoles({"classification", "context", "informal"});
        items("classification", "Encounter", true, false, 1, 1);
        items("context", "Encounter", true, false, 1, 1);
        items("informal", "Encounter", true, true, 0, 10);
        for (const MetricItem* it : m.itemsWithRole("informal"))
            if (it->system != m.itemsWithRole("classification").front()->system)
                fail(at(path, "reads"), "an \"informal\" code is a code of the classification's system");
        break;
    case Method::DeliveredWithin:
        requireObject(parameters, ppath, {"within"});
        expectPeriod("events");
        knownRoles({"form"});
        items("form", "QuestionnaireResponse", false, false, 1, 1);
        break;
    case Method::DocumentAfterDischarge:
        requireObject(parameters, ppath, {"within"});
        expectPeriod("events");
        knownRoles({"population", "document"});
        items("population", "Encounter", true, true, 1, 1);
        items("document", "DocumentReference", true, true, 1, 1);
        break;
    }
}

void readParameters(Metric& m, const json& j, const std::string& path)
{
    const json& parameters = j.at("parameters");
    const std::string ppath = at(path, "parameters");
    using U = Duration::Unit;
    switch (m.method) {
    case Method::PairedOutcome:
        m.startWindow = duration(member(parameters, ppath, "startWindow"), at(ppath, "startWindow"), {U::Days});
        m.endWindow = duration(member(parameters, ppath, "endWindow"), at(ppath, "endWindow"), {U::Days});
        break;
    case Method::LatestWithinInterval:
        m.interval = duration(member(parameters, ppath, "interval"), at(ppath, "interval"), {U::Days, U::Months});
        break;
    case Method::FollowUpAfterDischarge:
    case Method::DeliveredWithin:
    case Method::DocumentAfterDischarge:
        m.within = duration(member(parameters, ppath, "within"), at(ppath, "within"), {U::Hours, U::Days});
        break;
    case Method::LegalStatusComplete:
        break;
    }
}

Metric metric(const json& j, const std::string& path)
{
    requireObject(j, path,
                  {"id", "title", "source", "method", "population", "denominator", "numerator", "period", "reads",
                   "parameters", "target"});
    Metric m;
    m.id = text(j, path, "id");
    if (m.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        fail(at(path, "id"), "an id is lower-case letters, digits and hyphens (it is used in URLs and file names)");
    m.title = text(j, path, "title");

    const std::string spath = at(path, "source");
    const json& source = member(j, path, "source");
    requireObject(source, spath, {"type", "reference", "codeSystem", "code"});
    const std::string type = text(source, spath, "type");
    if (type == "mhsds")
        m.source.type = SourceType::Mhsds;
    else if (type == "oversight-framework")
        m.source.type = SourceType::OversightFramework;
    else if (type == "commissioner-kpi")
        m.source.type = SourceType::CommissionerKpi;
    else
        fail(at(spath, "type"), "unknown source \"" + type + "\" (mhsds, oversight-framework or commissioner-kpi)");
    m.source.reference = text(source, spath, "reference");
    m.source.codeSystem = optionalText(source, spath, "codeSystem");
    m.source.code = optionalText(source, spath, "code");
    if (m.source.codeSystem.empty() != m.source.code.empty())
        fail(spath, "\"codeSystem\" and \"code\" go together");

    const std::string method = text(j, path, "method");
    const auto parsed = parseMethod(method);
    if (!parsed)
        fail(at(path, "method"), "unknown method \"" + method +
                                     "\" (paired-outcome, latest-within-interval, follow-up-after-discharge, document-after-discharge, "
                                     "legal-status-complete or delivered-within)");
    m.method = *parsed;
    m.population = text(j, path, "population");
    m.denominator = text(j, path, "denominator");
    m.numerator = text(j, path, "numerator");
    m.period = text(j, path, "period");
    if (m.period != "events" && m.period != "as-at-end" && m.period != "overlapping")
        fail(at(path, "period"), "expected \"events\", \"as-at-end\" or \"overlapping\"");

    const json& reads = member(j, path, "reads");
    if (!reads.is_array() || reads.empty())
        fail(at(path, "reads"), "expected a non-empty array of the items the metric reads");
    for (std::size_t i = 0; i < reads.size(); ++i)
        m.reads.push_back(item(reads[i], at(at(path, "reads"), i)));

    checkMethod(m, j, path);
    readParameters(m, j, path);

    const std::string tpath = at(path, "target");
    const json& target = member(j, path, "target");
    requireObject(target, tpath, {"atLeastPercent"});
    const json& percent = member(target, tpath, "atLeastPercent");
    if (!percent.is_number() || percent.get<double>() < 0 || percent.get<double>() > 100)
        fail(at(tpath, "atLeastPercent"), "expected a number from 0 to 100");
    m.targetPercent = percent.get<double>();
    return m;
}

MetricSet metricSet(const json& j)
{
    requireObject(j, "", {"schema", "name", "version", "effectiveFrom", "title", "approval", "timeZone", "metrics"});
    const std::string schema = text(j, "", "schema");
    if (schema != kMetricSchema)
        fail("/schema", "unsupported schema \"" + schema + "\" (this build reads " + std::string(kMetricSchema) + ")");
    if (text(j, "", "timeZone") != "Europe/London")
        fail("/timeZone", "only Europe/London is supported (reporting periods are the trust's calendar days)");
    MetricSet set;
    set.name = text(j, "", "name");
    set.version = text(j, "", "version");
    set.effectiveFrom = text(j, "", "effectiveFrom");
    if (!isIsoDate(set.effectiveFrom))
        fail("/effectiveFrom", "expected a date as YYYY-MM-DD");
    set.title = text(j, "", "title");
    set.approval = optionalText(j, "", "approval");
    if (set.approval.empty())
        set.approval = "not recorded";
    const json& metrics = member(j, "", "metrics");
    if (!metrics.is_array() || metrics.empty())
        fail("/metrics", "expected a non-empty array of metrics");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        set.metrics.push_back(metric(metrics[i], at("/metrics", i)));
        if (!ids.insert(set.metrics.back().id).second)
            fail(at(at("/metrics", i), "id"), "duplicate metric id \"" + set.metrics.back().id + "\"");
    }
    return set;
}

Result<MetricSet> loadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::MetricsInvalid,
                         path.string() + ": cannot open the metric library (check the path and permissions)");
    std::ostringstream content;
    content << in.rdbuf();
    return parseMetricSet(content.str(), path.string());
}

} // namespace

Result<MetricSet> parseMetricSet(std::string_view jsonText, const std::string& sourceName)
{
    json document;
    try {
        document = json::parse(jsonText.begin(), jsonText.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        const auto pos = what.find("] ");
        if (pos != std::string::npos)
            what = what.substr(pos + 2);
        return makeError(ErrorCode::MetricsInvalid, sourceName + ": not valid JSON: " + what);
    }
    try {
        MetricSet set = metricSet(document);
        set.source = sourceName;
        return set;
    } catch (const MetricError& e) {
        return makeError(ErrorCode::MetricsInvalid,
                         sourceName + ": " + (e.where.empty() ? std::string("/") : e.where) + ": " + e.what);
    } catch (const json::exception& e) {
        return makeError(ErrorCode::MetricsInvalid, sourceName + ": " + e.what());
    }
}

Result<MetricLibrary> MetricLibrary::fromSets(std::vector<MetricSet> sets)
{
    if (sets.empty())
        return makeError(ErrorCode::MetricsInvalid, "no metric library files were given");
    std::stable_sort(sets.begin(), sets.end(),
                     [](const MetricSet& a, const MetricSet& b) { return a.effectiveFrom < b.effectiveFrom; });
    for (std::size_t i = 1; i < sets.size(); ++i) {
        if (sets[i].effectiveFrom == sets[i - 1].effectiveFrom)
            return makeError(ErrorCode::MetricsInvalid, sets[i - 1].source + " and " + sets[i].source +
                                                            " are both effective from " + sets[i].effectiveFrom +
                                                            "; each version needs its own date");
    }
    for (std::size_t i = 0; i < sets.size(); ++i)
        for (std::size_t k = i + 1; k < sets.size(); ++k)
            if (sets[i].name == sets[k].name && sets[i].version == sets[k].version)
                return makeError(ErrorCode::MetricsInvalid,
                                 sets[i].source + " and " + sets[k].source + " both claim version " + sets[i].version);
    MetricLibrary library;
    library.m_sets = std::move(sets);
    return library;
}

Result<MetricLibrary> MetricLibrary::builtin()
{
    std::vector<MetricSet> sets;
    for (const auto& file : builtinMetricFiles()) {
        auto parsed = parseMetricSet(file.text, "builtin:" + std::string(file.name));
        if (!parsed)
            return parsed.error();
        sets.push_back(std::move(parsed).value());
    }
    return fromSets(std::move(sets));
}

Result<MetricLibrary> MetricLibrary::fromPaths(const std::vector<fs::path>& paths)
{
    std::vector<fs::path> files;
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> inDir;
            for (const auto& entry : fs::directory_iterator(path, ec))
                if (entry.path().extension() == ".json")
                    inDir.push_back(entry.path());
            if (ec)
                return makeError(ErrorCode::MetricsInvalid, path.string() + ": cannot list the directory: " + ec.message());
            std::sort(inDir.begin(), inDir.end());
            if (inDir.empty())
                return makeError(ErrorCode::MetricsInvalid, path.string() + ": no *.json metric library files in it");
            files.insert(files.end(), inDir.begin(), inDir.end());
        } else {
            files.push_back(path);
        }
    }
    std::vector<MetricSet> sets;
    for (const auto& file : files) {
        auto parsed = loadFile(file);
        if (!parsed)
            return parsed.error();
        sets.push_back(std::move(parsed).value());
    }
    return fromSets(std::move(sets));
}

Result<const MetricSet*> MetricLibrary::activeOn(std::string_view date) const
{
    const MetricSet* active = nullptr;
    for (const auto& set : m_sets)
        if (set.effectiveFrom <= date)
            active = &set;
    if (!active)
        return makeError(ErrorCode::NotFound, "no metric library is in force on " + std::string(date) +
                                                  " (the earliest starts " + m_sets.front().effectiveFrom + ")");
    return active;
}

std::vector<const Metric*> metricsReadingItem(const MetricSet& set, std::string_view templateUrl,
                                              std::string_view linkId, const std::vector<ItemCode>& codes)
{
    std::vector<const Metric*> found;
    for (const auto& metric : set.metrics) {
        const bool reads = std::any_of(metric.reads.begin(), metric.reads.end(), [&](const MetricItem& item) {
            if (!item.questionnaire.empty())
                return item.questionnaire != "*" && item.questionnaire == templateUrl && item.linkId == linkId;
            return std::any_of(codes.begin(), codes.end(), [&](const ItemCode& code) {
                return code.system == item.system && (item.code.empty() || code.code == item.code);
            });
        });
        if (reads)
            found.push_back(&metric);
    }
    return found;
}

} // namespace avocet::core::metrics

#include "core/usecases/CaseloadMetrics.h"

#include "core/alerts/LondonTime.h"
#include "core/mapping/NativePayload.h"
#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/sync/PatientFinder.h"
#include "core/usecases/SubmissionDeliveries.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

namespace avocet::core::usecases {

namespace {

using metrics::Duration;
using metrics::Method;
using metrics::Metric;
using metrics::MetricItem;
using nlohmann::json;
using Instant = alerts::Instant;
using LocalDate = alerts::LocalDate;

constexpr const char* kLegalStatusUrl = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";

const json& field(const json& j, const char* key)
{
    static const json null;
    if (!j.is_object())
        return null;
    const auto it = j.find(key);
    return it == j.end() ? null : *it;
}

std::optional<std::string> textAt(const json& j, const char* key)
{
    const json& v = field(j, key);
    if (!v.is_string())
        return std::nullopt;
    return v.get<std::string>();
}

const json& arrayAt(const json& j, const char* key)
{
    static const json empty = json::array();
    const json& v = field(j, key);
    return v.is_array() ? v : empty;
}

// The hub's avocet_instant(): a date alone is midnight UTC; a date and time needs its zone;
// anything else is no instant.
std::optional<Instant> instantOf(const std::optional<std::string>& text)
{
    static const std::regex dateOnly(R"(^\d{4}-\d{2}-\d{2}$)");
    static const std::regex dateTime(R"(^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
    if (!text)
        return std::nullopt;
    std::smatch m;
    if (std::regex_match(*text, dateOnly)) {
        auto parsed = alerts::parseIsoInstant(*text + "T00:00:00Z");
        return parsed ? std::optional<Instant>(parsed.value()) : std::nullopt;
    }
    if (!std::regex_match(*text, m, dateTime))
        return std::nullopt;
    auto parsed = alerts::parseIsoInstant(m[1].str() + m[4].str());
    return parsed ? std::optional<Instant>(parsed.value()) : std::nullopt;
}

std::chrono::seconds exactWindow(const Duration& d)
{
    switch (d.unit) {
    case Duration::Unit::Hours:
        return std::chrono::hours(d.count);
    case Duration::Unit::Days:
        return std::chrono::hours(24 * d.count);
    case Duration::Unit::Months:
        break;
    }
    return std::chrono::hours(24 * 31 * d.count); // not used: no method takes an exact window in months
}

// PostgreSQL's date - interval: months back with the day clamped to the month's last day.
LocalDate minus(LocalDate date, const Duration& d)
{
    using namespace std::chrono;
    if (d.unit == Duration::Unit::Months) {
        const year_month ym = year_month(date.year(), date.month()) - months(d.count);
        const day last = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
        return {ym.year(), ym.month(), std::min(date.day(), last)};
    }
    const int days = d.unit == Duration::Unit::Days ? d.count : (d.count + 23) / 24;
    return year_month_day(sys_days(date) - std::chrono::days(days));
}

LocalDate nextDay(LocalDate date) { return std::chrono::year_month_day(std::chrono::sys_days(date) + std::chrono::days(1)); }

bool hasCoding(const json& concepts, const std::set<std::string>& keys)
{
    for (const auto& concept_ : concepts.is_array() ? concepts : json::array({concepts}))
        for (const auto& coding : arrayAt(concept_, "coding"))
            if (keys.count(textAt(coding, "system").value_or("\x01") + "|" + textAt(coding, "code").value_or("\x01")))
                return true;
    return false;
}

std::set<std::string> codeKeys(const std::vector<const MetricItem*>& items)
{
    std::set<std::string> out;
    for (const MetricItem* item : items)
        if (item->isCoded())
            out.insert(item->system + "|" + item->code);
    return out;
}

std::set<std::string> templateUrls(const std::vector<const MetricItem*>& items)
{
    std::set<std::string> out;
    for (const MetricItem* item : items)
        if (!item->questionnaire.empty())
            out.insert(item->questionnaire);
    return out;
}

std::string templateOf(const json& response)
{
    const std::string canonical = textAt(response, "questionnaire").value_or("");
    return canonical.substr(0, canonical.find('|'));
}

bool completedForm(const json& response)
{
    const auto status = textAt(response, "status");
    return status == "completed" || status == "amended";
}

// The first code of `system` in the named sub-extension of a legal-status extension.
std::optional<std::string> legalCode(const json& legal, const std::string& subUrl, const std::string& system)
{
    for (const auto& sub : arrayAt(legal, "extension")) {
        if (textAt(sub, "url") != subUrl)
            continue;
        for (const auto& coding : arrayAt(field(sub, "valueCodeableConcept"), "coding")) {
            const auto code = textAt(coding, "code");
            if (textAt(coding, "system") == system && code && !code->empty())
                return code;
        }
    }
    return std::nullopt;
}

struct CaseloadPatient
{
    std::string team;
    std::map<std::string, std::vector<json>> byType;
};

struct Unit
{
    std::string patient;
    bool met = false;
};

} // namespace

// Deliveries are known to the hub (when the EPR or the recipient took the message), not to a client.
bool computableFromCache(const Metric& metric)
{
    return metric.method != Method::DeliveredWithin && metric.method != Method::DocumentAfterDischarge;
}

Result<CaseloadMetricResult> caseloadMetric(store::Cache& cache, const Metric& metric, const std::string& from,
                                            const std::string& to)
{
    return caseloadMetric(cache.database(), metric, from, to);
}

Result<CaseloadMetricResult> caseloadMetric(store::Database& db, const Metric& metric, const std::string& from,
                                            const std::string& to)
{
    if (!computableFromCache(metric))
        return makeError(ErrorCode::Unsupported, "\"" + metric.title +
                                                     "\" needs when each EPR acknowledged a form, which only the hub "
                                                     "holds: run the report on the hub");
    auto first = alerts::parseIsoDate(from);
    auto last = alerts::parseIsoDate(to);
    if (!first || !last)
        return makeError(ErrorCode::InvalidArgument, "the period is two dates as YYYY-MM-DD, not '" + from + "' and '" + to + "'");
    if (last.value() < first.value())
        return makeError(ErrorCode::InvalidArgument, "the period ends (" + to + ") before it starts (" + from + ")");
    const Instant t0 = alerts::london::startOfDay(first.value());
    const Instant t1 = alerts::london::startOfDay(nextDay(last.value()));

    // The caseload: the patients of the user's caseload teams.
    std::map<std::string, CaseloadPatient> caseload;
    auto patients = db.prepare("SELECT id, team FROM patients WHERE team IN (SELECT team FROM caseload_teams)");
    if (!patients)
        return patients.error();
    if (Status st = patients->forEachRow([&](const store::Statement& row) { caseload[row.text(0)].team = row.text(1); }); !st)
        return st.error();

    // Their synced record, except what waits to be deleted on the hub.
    auto synced = db.prepare("SELECT type, content FROM sync_resources r WHERE type IN ('Encounter', 'EpisodeOfCare',"
                             " 'Appointment', 'CarePlan', 'Observation', 'QuestionnaireResponse') AND NOT EXISTS ("
                             "SELECT 1 FROM sync_outbox o WHERE o.type = r.type AND o.local_id = r.local_id AND o.op = 'delete')"
                             " ORDER BY type, local_id");
    if (!synced)
        return synced.error();
    std::vector<std::pair<std::string, std::string>> rows;
    if (Status st = synced->forEachRow([&](const store::Statement& row) { rows.emplace_back(row.text(0), row.text(1)); }); !st)
        return st.error();
    sync::PatientFinder finder(db);
    for (auto& [type, content] : rows) {
        json resource = json::parse(content, nullptr, false);
        if (!resource.is_object())
            continue;
        auto patient = finder.find(resource);
        if (!patient)
            continue;
        const auto it = caseload.find(patient.value());
        if (it != caseload.end())
            it->second.byType[type].push_back(std::move(resource));
    }
    auto of = [](const CaseloadPatient& p, const char* type) -> const std::vector<json>& {
        static const std::vector<json> none;
        const auto it = p.byType.find(type);
        return it == p.byType.end() ? none : it->second;
    };

    std::vector<Unit> units;
    switch (metric.method) {
    case Method::PairedOutcome: {
        const auto keys = codeKeys(metric.itemsWithRole("score"));
        const auto w1 = exactWindow(*metric.startWindow);
        const auto w2 = exactWindow(*metric.endWindow);
        for (const auto& [id, p] : caseload) {
            std::vector<std::pair<std::string, Instant>> scores;
            for (const auto& o : of(p, "Observation")) {
                const auto status = textAt(o, "status");
                if (status != "final" && status != "amended" && status != "corrected")
                    continue;
                if (!o.contains("valueInteger") && !(field(o, "valueQuantity").is_object() && o["valueQuantity"].contains("value")))
                    continue;
                const auto t = instantOf(textAt(o, "effectiveDateTime"));
                if (!t)
                    continue;
                std::set<std::string> seen;
                for (const auto& coding : arrayAt(field(o, "code"), "coding")) {
                    const std::string key = textAt(coding, "system").value_or("\x01") + "|" + textAt(coding, "code").value_or("\x01");
                    if (keys.count(key) && seen.insert(key).second)
                        scores.emplace_back(key, *t);
                }
            }
            for (const auto& e : of(p, "EpisodeOfCare")) {
                if (textAt(e, "status") != "finished")
                    continue;
                const auto end = instantOf(textAt(field(e, "period"), "end"));
                if (!end || *end < t0 || *end >= t1)
                    continue;
                const auto start = instantOf(textAt(field(e, "period"), "start"));
                bool met = false;
                for (const auto& a : scores) {
                    for (const auto& b : scores) {
                        if (start && a.first == b.first && b.second > a.second && a.second >= *start - w1 &&
                            a.second <= *start + w1 && b.second >= *end - w2 && b.second <= *end + w2)
                            met = true;
                    }
                }
                units.push_back({id, met});
            }
        }
        break;
    }
    case Method::LatestWithinInterval: {
        const auto population = codeKeys(metric.itemsWithRole("population"));
        const auto evidence = codeKeys(metric.itemsWithRole("evidence"));
        const auto templates = templateUrls(metric.itemsWithRole("evidence"));
        const LocalDate since = minus(nextDay(last.value()), *metric.interval);
        for (const auto& [id, p] : caseload) {
            if (!population.empty()) {
                const bool inPopulation = std::any_of(of(p, "CarePlan").begin(), of(p, "CarePlan").end(), [&](const json& cp) {
                    return textAt(cp, "status") == "active" && hasCoding(field(cp, "category"), population);
                });
                if (!inPopulation)
                    continue;
            }
            std::optional<LocalDate> latest;
            auto consider = [&](const std::optional<Instant>& at) {
                if (!at)
                    return;
                const LocalDate day = alerts::london::localDate(*at);
                if (day <= last.value() && (!latest || day > *latest))
                    latest = day;
            };
            for (const auto& cp : of(p, "CarePlan")) {
                const auto status = textAt(cp, "status");
                if ((status == "active" || status == "completed") && hasCoding(field(cp, "category"), evidence))
                    consider(instantOf(textAt(field(cp, "period"), "start")));
            }
            for (const auto& q : of(p, "QuestionnaireResponse"))
                if (completedForm(q) && templates.count(templateOf(q)))
                    consider(instantOf(textAt(q, "authored")));
            units.push_back({id, latest && *latest >= since});
        }
        break;
    }
    case Method::FollowUpAfterDischarge: {
        const MetricItem* stay = metric.itemsWithRole("population").front();
        std::set<std::string> statuses;
        for (const MetricItem* contact : metric.itemsWithRole("contact"))
            if (contact->isCoded())
                statuses.insert(contact->code);
        const auto templates = templateUrls(metric.itemsWithRole("contact"));
        const auto within = exactWindow(*metric.within);
        for (const auto& [id, p] : caseload) {
            for (const auto& e : of(p, "Encounter")) {
                const json& cls = field(e, "class");
                if (textAt(e, "status") != "finished" || textAt(cls, "system") != stay->system ||
                    textAt(cls, "code") != stay->code)
                    continue;
                const auto& extensions = arrayAt(e, "extension");
                if (std::any_of(extensions.begin(), extensions.end(),
                                [](const json& x) { return textAt(x, "url") == kLegalStatusUrl; }))
                    continue;
                const auto discharged = instantOf(textAt(field(e, "period"), "end"));
                if (!discharged || *discharged < t0 || *discharged >= t1)
                    continue;
                auto inWindow = [&](const std::optional<Instant>& at) {
                    return at && *at > *discharged && *at <= *discharged + within;
                };
                bool met = false;
                for (const auto& a : of(p, "Appointment"))
                    if (statuses.count(textAt(a, "status").value_or("")) && inWindow(instantOf(textAt(a, "start"))))
                        met = true;
                for (const auto& q : of(p, "QuestionnaireResponse"))
                    if (completedForm(q) && (templates.count("*") || templates.count(templateOf(q))) &&
                        inWindow(instantOf(textAt(q, "authored"))))
                        met = true;
                units.push_back({id, met});
            }
        }
        break;
    }
    case Method::LegalStatusComplete: {
        const std::string classificationSystem = metric.itemsWithRole("classification").front()->system;
        const std::string contextSystem = metric.itemsWithRole("context").front()->system;
        const auto informal = codeKeys(metric.itemsWithRole("informal"));
        static const std::regex timed(R"(^\d{4}-\d{2}-\d{2}T)");
        for (const auto& [id, p] : caseload) {
            for (const auto& e : of(p, "Encounter")) {
                if (textAt(e, "status") == "entered-in-error")
                    continue;
                const json* legal = nullptr;
                for (const auto& x : arrayAt(e, "extension"))
                    if (!legal && textAt(x, "url") == kLegalStatusUrl)
                        legal = &x;
                if (!legal)
                    continue;
                const auto classification = legalCode(*legal, "legalStatusClassification", classificationSystem);
                const auto context = legalCode(*legal, "legalStatusContext", contextSystem);
                if (classification && informal.count(classificationSystem + "|" + *classification))
                    continue;
                const auto startText = textAt(field(e, "period"), "start");
                const auto endText = textAt(field(e, "period"), "end");
                const auto start = instantOf(startText);
                const auto end = instantOf(endText);
                const auto since = start ? start : instantOf(textAt(field(e, "meta"), "lastUpdated"));
                if (!since || *since >= t1)
                    continue;
                if (endText && end && *end < t0)
                    continue;
                const bool met = classification && context && startText && std::regex_search(*startText, timed) &&
                                 start && (!endText || (end && *end >= *start));
                units.push_back({id, met});
            }
        }
        break;
    }
    case Method::DeliveredWithin:
    case Method::DocumentAfterDischarge:
        break;
    }

    CaseloadMetricResult result;
    result.metric = &metric;
    result.from = from;
    result.to = to;
    std::map<std::string, CaseloadMetricGroup> teams;
    std::set<std::string> missing;
    for (const auto& unit : units) {
        const std::string& team = caseload.at(unit.patient).team;
        auto& group = teams[team];
        group.team = team;
        ++group.denominator;
        ++result.denominator;
        if (unit.met) {
            ++group.numerator;
            ++result.numerator;
        } else {
            missing.insert(unit.patient);
        }
    }
    for (auto& [name, group] : teams)
        result.teams.push_back(group);
    result.patientsMissing.assign(missing.begin(), missing.end());
    result.meetsTarget = metric.meetsTarget(result.numerator, result.denominator);
    return result;
}

Result<CaseloadWorklist> caseloadWorklist(store::Cache& cache, const metrics::MetricSet& set, const std::string& today)
{
    auto day = alerts::parseIsoDate(today);
    if (!day)
        return makeError(ErrorCode::InvalidArgument, "today is a date as YYYY-MM-DD, not '" + today + "'");
    store::Database& db = cache.database();
    CaseloadWorklist worklist;
    const std::string monthStart = alerts::formatDate({day->year(), day->month(), std::chrono::day(1)});
    std::set<std::string> reviewsOverdue;
    for (const auto& metric : set.metrics) {
        if (!computableFromCache(metric))
            continue;
        auto result = caseloadMetric(db, metric, monthStart, today);
        if (!result)
            return result.error();
        if (metric.method == Method::LatestWithinInterval)
            reviewsOverdue.insert(result->patientsMissing.begin(), result->patientsMissing.end());
        worklist.metrics.push_back(std::move(result).value());
    }
    worklist.reviewsOverdue = static_cast<long long>(reviewsOverdue.size());

    std::vector<std::pair<std::string, std::string>> patients; // id, NHS number
    auto listed = db.prepare("SELECT id, coalesce(nhs_number, '') FROM patients WHERE team IN (SELECT team FROM caseload_teams)");
    if (!listed)
        return listed.error();
    if (Status st = listed->forEachRow([&](const store::Statement& row) { patients.emplace_back(row.text(0), row.text(1)); }); !st)
        return st.error();
    worklist.patients = static_cast<long long>(patients.size());

    // Outcome measures due: open episodes and the latest score of a paired-outcome measure.
    const Metric* paired = nullptr;
    for (const auto& metric : set.metrics)
        if (metric.method == Method::PairedOutcome && !paired)
            paired = &metric;
    if (paired) {
        const auto keys = codeKeys(paired->itemsWithRole("score"));
        const Instant now = alerts::london::startOfDay(nextDay(day.value()));
        std::map<std::string, std::optional<Instant>> latest; // patient with an open episode -> latest score
        auto synced = db.prepare("SELECT type, content FROM sync_resources WHERE type IN ('EpisodeOfCare', 'Observation')"
                                 " ORDER BY type");
        if (!synced)
            return synced.error();
        std::vector<std::pair<std::string, std::string>> rows;
        if (Status st = synced->forEachRow([&](const store::Statement& row) { rows.emplace_back(row.text(0), row.text(1)); }); !st)
            return st.error();
        sync::PatientFinder finder(db);
        std::map<std::string, std::optional<Instant>> scores;
        for (const auto& [type, content] : rows) {
            const json resource = json::parse(content, nullptr, false);
            auto patient = finder.find(resource);
            if (!patient)
                continue;
            if (type == "EpisodeOfCare") {
                if (textAt(resource, "status") == "active")
                    latest.emplace(patient.value(), std::nullopt);
                continue;
            }
            if (!hasCoding(field(resource, "code"), keys))
                continue;
            const auto status = textAt(resource, "status");
            if (status != "final" && status != "amended" && status != "corrected")
                continue;
            const auto at = instantOf(textAt(resource, "effectiveDateTime"));
            auto& best = scores[patient.value()];
            if (at && (!best || *at > *best))
                best = at;
        }
        std::set<std::string> onCaseload;
        for (const auto& p : patients)
            onCaseload.insert(p.first);
        for (const auto& [patient, unused] : latest) {
            if (!onCaseload.count(patient))
                continue;
            const auto it = scores.find(patient);
            if (it == scores.end() || !it->second || *it->second < now - exactWindow(*paired->endWindow))
                ++worklist.outcomeMeasuresDue;
        }
    }

    // Forms completed in Avocet, not the EPRs' historic forms (tagged with their source EPR), which
    // are never delivered anywhere.
    std::set<std::string> eprForms;
    auto forms = db.prepare("SELECT local_id, content FROM sync_resources WHERE type = 'QuestionnaireResponse'");
    if (!forms)
        return forms.error();
    if (Status st = forms->forEachRow([&](const store::Statement& row) {
            const json content = json::parse(row.text(1), nullptr, false);
            for (const auto& tag : arrayAt(field(content, "meta"), "tag"))
                if (textAt(tag, "system") == mapping::kSourceEprTagSystem)
                    eprForms.insert(row.text(0));
        });
        !st)
        return st.error();
    for (const auto& [id, nhs] : patients) {
        auto deliveries = submissionDeliveries(cache, id, nhs);
        if (!deliveries)
            return deliveries.error();
        for (const auto& delivery : *deliveries) {
            if (eprForms.count(delivery.localId))
                continue;
            const bool waiting = !delivery.sent || delivery.receipts.empty() ||
                                 std::any_of(delivery.receipts.begin(), delivery.receipts.end(),
                                             [](const DeliveryReceipt& r) { return r.state != "delivered"; });
            if (waiting)
                ++worklist.formsWaiting;
        }
    }
    return worklist;
}

} // namespace avocet::core::usecases

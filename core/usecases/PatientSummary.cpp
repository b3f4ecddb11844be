#include "core/usecases/PatientSummary.h"

#include "core/alerts/LondonTime.h"
#include "core/alerts/ReviewAlerts.h"
#include "core/alerts/RuleLibrary.h"
#include "core/identity/NhsNumber.h"
#include "core/mapping/NativePayload.h"
#include "core/store/Cache.h"
#include "core/store/PatientStore.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/PatientAlerts.h"

#include <map>
#include <tuple>

namespace avocet::core::usecases {

using nlohmann::json;

namespace {

std::string text(const json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

const json& member(const json& object, const char* key)
{
    static const json kNull;
    if (!object.is_object())
        return kNull;
    const auto found = object.find(key);
    return found != object.end() ? *found : kNull;
}

// Whether a Flag's subject names this patient (reference to the index row, NHS number or EPR id).
bool names(const json& flag, const identity::Patient& patient)
{
    const json& subject = member(flag, "subject");
    if (const std::string reference = text(subject, "reference"); !reference.empty()) {
        const auto at = reference.rfind("Patient/");
        if (at != std::string::npos && reference.substr(at + 8) == patient.id)
            return true;
    }
    const json& identifier = member(subject, "identifier");
    const std::string system = text(identifier, "system");
    const std::string value = text(identifier, "value");
    if (value.empty())
        return false;
    if (system == identity::kNhsNumberSystem)
        return patient.nhsNumber && *patient.nhsNumber == value;
    return system == mapping::eprRecordSystem(patient.epr) && value == patient.eprId;
}

std::string conceptText(const json& codeable)
{
    if (std::string t = text(codeable, "text"); !t.empty())
        return t;
    const json& codings = member(codeable, "coding");
    if (codings.is_array() && !codings.empty()) {
        if (std::string display = text(codings.front(), "display"); !display.empty())
            return display;
        return text(codings.front(), "code");
    }
    return {};
}

} // namespace

Result<PatientSummary> patientSummary(store::Cache& cache, const alerts::RuleLibrary& rules,
                                      const std::string& patientId, alerts::Instant now)
{
    auto patient = cache.patients().get(patientId);
    if (!patient)
        return patient.error();
    PatientSummary summary;
    summary.patientId = patientId;
    summary.nhsNumber = patient->nhsNumber.value_or("");

    auto report = patientAlerts(cache, rules, patientId, now);
    if (!report)
        return report.error();
    summary.alerts = std::move(*report);
    summary.legalStatus = summary.alerts.detention;

    store::CaseloadStore caseload(cache.database());
    auto visits = caseload.visitsBetween(alerts::formatUtcIso(now), "9999-12-31T23:59:59Z");
    if (!visits)
        return visits.error();
    for (const auto& visit : *visits)
        if (visit.patientId == patientId && visit.status == "planned") {
            summary.nextVisit = visit;
            break;
        }

    auto reviews = caseload.reviews(patientId);
    if (!reviews)
        return reviews.error();
    const alerts::LocalDate today = alerts::london::localDate(now);
    auto set = rules.activeOn(today);
    for (const auto& review : *reviews) {
        ReviewDue due{review.subject, review.setting, review.lastDone, {}, "no-rule"};
        auto last = alerts::parseIsoDate(review.lastDone);
        if (set && last)
            if (auto status = alerts::evaluateReview(**set, review.subject, review.setting, *last, today)) {
                due.dueBy = alerts::formatDate(status->dueBy);
                due.state = alerts::toString(status->state);
            }
        summary.reviews.push_back(std::move(due));
    }

    auto scores = caseload.scores(patientId);
    if (!scores)
        return scores.error();
    std::map<std::pair<std::string, std::string>, store::ScoreRecord> latest;
    for (const auto& score : *scores) {
        auto& kept = latest[{score.instrument, score.item}];
        if (kept.recordedAt.empty() ||
            std::tie(kept.recordedAt, kept.id) < std::tie(score.recordedAt, score.id))
            kept = score;
    }
    for (auto& [key, score] : latest)
        summary.latestScores.push_back(std::move(score));

    auto flags = sync::SyncStore(cache.database()).list("Flag");
    if (!flags)
        return flags.error();
    for (const auto& held : *flags) {
        if (!names(held.content, *patient))
            continue;
        const json& categories = member(held.content, "category");
        summary.flags.push_back(
            {held.localId, text(held.content, "status"),
             categories.is_array() && !categories.empty() ? conceptText(categories.front()) : std::string(),
             conceptText(member(held.content, "code")), text(member(held.content, "period"), "start"),
             text(member(held.content, "period"), "end")});
    }
    return summary;
}

} // namespace avocet::core::usecases

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

    auto held = heldRecords(cache, patientId, alerts::formatDate(today));
    if (!held)
        return held.error();
    summary.flags = std::move(held->flags);
    summary.allergies = std::move(held->allergies);
    summary.medications = std::move(held->medications);
    summary.eprForms = std::move(held->forms);
    return summary;
}

} // namespace avocet::core::usecases

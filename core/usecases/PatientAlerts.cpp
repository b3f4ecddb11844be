#include "core/usecases/PatientAlerts.h"

#include "core/alerts/RuleLibrary.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"

namespace avocet::core::usecases {

Result<alerts::PatientAlertInput> patientAlertInput(store::Cache& cache, const std::string& patientId)
{
    store::CaseloadStore caseload(cache.database());
    alerts::PatientAlertInput input;
    input.patientId = patientId;
    // The birth date moves the s.68(6) referral to one year for a patient under 18; a patient not
    // held, or a date that does not read, leaves it out (the report then says so in a note).
    auto patient = store::PatientStore(cache.database()).get(patientId);
    if (patient) {
        if (auto born = alerts::parseIsoDate(patient->birthDate))
            input.birthDate = *born;
    } else if (patient.code() != ErrorCode::NotFound) {
        return patient.error();
    }
    auto legal = caseload.currentLegalStatus(patientId);
    if (!legal)
        return legal.error();
    if (*legal) {
        const auto& status = **legal;
        auto start = alerts::parseIsoInstant(status.startedAt);
        std::optional<alerts::Instant> preceding;
        if (status.precedingStart) {
            if (auto parsed = alerts::parseIsoInstant(*status.precedingStart))
                preceding = *parsed;
        }
        if (!start) {
            input.unreadable.push_back({"legal-status", status.id, "its start time is not a readable ISO 8601 time"});
        } else if (status.precedingStart && !preceding) {
            // Without it the power would run from its own start, later than the law allows.
            input.unreadable.push_back(
                {"legal-status", status.id, "the start of the power it follows is not a readable ISO 8601 time"});
        } else {
            input.detention = alerts::DetentionInput{status.id, status.power,   *start, preceding,
                                                     status.extended, status.renewalsRecorded};
        }
    }
    auto reviews = caseload.reviews(patientId);
    if (!reviews)
        return reviews.error();
    for (const auto& review : *reviews) {
        if (auto day = alerts::parseIsoDate(review.lastDone))
            input.reviews.push_back({review.subject, review.setting, *day});
        else
            input.unreadable.push_back({"review", review.subject + "/" + review.setting,
                                        "the date it was last done is not a readable date (YYYY-MM-DD)"});
    }
    auto scores = caseload.scores(patientId);
    if (!scores)
        return scores.error();
    for (const auto& score : *scores) {
        if (auto at = alerts::parseIsoInstant(score.recordedAt))
            input.scores.push_back({score.id, score.instrument, score.item, score.value, *at});
        else
            input.unreadable.push_back({"score", score.id, "the time it was recorded is not a readable ISO 8601 time"});
    }
    auto discharges = caseload.discharges(patientId);
    if (!discharges)
        return discharges.error();
    for (const auto& discharge : *discharges) {
        auto at = alerts::parseIsoInstant(discharge.dischargedAt);
        if (!at)
            continue; // the projection writes only readable times
        using Summary = alerts::DischargeInput::Summary;
        input.discharges.push_back({discharge.id, *at,
                                    discharge.summary == "sent"     ? Summary::Sent
                                    : discharge.summary == "queued" ? Summary::Queued
                                                                    : Summary::None});
    }
    auto acknowledged = caseload.acknowledgedAlerts(patientId);
    if (!acknowledged)
        return acknowledged.error();
    input.acknowledged = std::move(*acknowledged);
    return input;
}

Result<alerts::PatientAlertReport> patientAlerts(store::Cache& cache, const alerts::RuleLibrary& rules,
                                                 const std::string& patientId, alerts::Instant now)
{
    auto input = patientAlertInput(cache, patientId);
    if (!input)
        return input.error();
    return alerts::evaluatePatientAlerts(rules, *input, now);
}

Status acknowledgeAlert(store::Cache& cache, const std::string& patientId, const std::string& alertKey,
                        const std::string& atIso)
{
    if (alertKey.empty())
        return makeError(ErrorCode::InvalidArgument, "no alert named: give the alert's key");
    store::CaseloadStore caseload(cache.database());
    auto tx = store::Transaction::begin(cache.database());
    if (!tx)
        return tx.error();
    if (Status st = caseload.acknowledge(alertKey, patientId, atIso); !st)
        return st;
    if (Status st = cache.record(kAcknowledgeAction, patientId, alertKey); !st)
        return st;
    return tx->commit();
}

Status withdrawAlertAcknowledgement(store::Cache& cache, const std::string& patientId,
                                    const std::string& alertKey)
{
    store::CaseloadStore caseload(cache.database());
    auto tx = store::Transaction::begin(cache.database());
    if (!tx)
        return tx.error();
    if (Status st = caseload.withdrawAcknowledgement(alertKey, patientId); !st)
        return st;
    if (Status st = cache.record(kWithdrawAcknowledgementAction, patientId, alertKey); !st)
        return st;
    return tx->commit();
}

} // namespace avocet::core::usecases

#include "core/usecases/PatientAlerts.h"

#include "core/alerts/RuleLibrary.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"

#include <variant>

namespace avocet::core::usecases {

// Each input moves a deadline; one that does not read would leave the deadline counted from a
// guess (the power's own later start, the full extension, no s.29(4) proceedings), so the whole
// power is shown as unreadable instead.
std::variant<alerts::DetentionInput, alerts::UnreadableRecord> detentionInputOf(const store::LegalStatusRecord& status)
{
    const auto unreadable = [&](std::string what) {
        return alerts::UnreadableRecord{"legal-status", status.id, std::move(what)};
    };
    const auto instant = [](const std::optional<std::string>& text, std::optional<alerts::Instant>& into) {
        if (!text)
            return true;
        auto parsed = alerts::parseIsoInstant(*text);
        if (!parsed)
            return false;
        into = *parsed;
        return true;
    };
    if (status.unreadable)
        return unreadable("the EPR's record of it could not be read (" + *status.unreadable + ")");
    const auto start = alerts::parseIsoInstant(status.startedAt);
    if (!start)
        return unreadable("its start time is not a readable ISO 8601 time");
    alerts::DetentionInput input{status.id, status.power, *start, {}, status.extended, status.renewalsRecorded};
    input.extensionHours = status.extensionHours;
    if (!instant(status.precedingStart, input.precedingStart))
        return unreadable("the start of the power it follows is not a readable ISO 8601 time");
    if (!instant(status.firstAdmission, input.firstAdmission))
        return unreadable("the first admission of the detention is not a readable ISO 8601 time");
    if (!instant(status.relatedStart, input.relatedStart))
        return unreadable("the first dose of the s.58 clock is not a readable ISO 8601 time");
    if (status.lastTribunal) {
        const auto day = alerts::parseIsoDate(*status.lastTribunal);
        if (!day)
            return unreadable("the day of the last Tribunal is not a readable date (YYYY-MM-DD)");
        input.lastTribunal = *day;
    }
    if (status.nearestRelativeApplied) {
        std::optional<alerts::Instant> applied, disposed;
        if (!instant(status.nearestRelativeApplied, applied) || !instant(status.nearestRelativeDisposed, disposed))
            return unreadable("the nearest-relative proceedings' times are not readable ISO 8601 times");
        input.nearestRelativeProceedings =
            alerts::DeadlineRequest::NearestRelativeProceedings{*applied, disposed, status.nearestRelativeOrderMade};
    } else if (status.nearestRelativeDisposed || status.nearestRelativeOrderMade) {
        return unreadable("nearest-relative proceedings are recorded as decided but not when they were applied for");
    }
    for (const auto& text : status.courtLastDays) {
        const auto day = alerts::parseIsoDate(text);
        if (!day)
            return unreadable("a last day the court set is not a readable date (YYYY-MM-DD)");
        input.courtLastDays.push_back(*day);
    }
    return input;
}

namespace {

// The power the banner leads with: the latest-started of those the patient is held or cared for
// under (its rule names a care setting: a detention, a recall, a CTO, guardianship), else the
// latest-started. The others (a s.58 clock, leave, an absence, a Part 4A month) run beside it.
std::size_t leadingPower(const std::vector<alerts::DetentionInput>& powers, const alerts::RuleLibrary& rules)
{
    for (std::size_t i = 0; i < powers.size(); ++i) {
        auto set = rules.activeOn(alerts::london::localDate(powers[i].precedingStart.value_or(powers[i].start)));
        if (!set)
            continue;
        if (const auto* rule = (*set)->findPower(powers[i].power); rule && rule->careSetting)
            return i;
    }
    return 0;
}

} // namespace

Result<alerts::PatientAlertInput> patientAlertInput(store::Cache& cache, const alerts::RuleLibrary& rules,
                                                    const std::string& patientId)
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
    auto open = caseload.openLegalStatuses(patientId);
    if (!open)
        return open.error();
    std::vector<alerts::DetentionInput> powers; // latest start first, as the store lists them
    for (const auto& status : *open) {
        auto read = detentionInputOf(status);
        if (auto* bad = std::get_if<alerts::UnreadableRecord>(&read)) {
            input.unreadable.push_back(std::move(*bad));
            continue;
        }
        auto& detention = std::get<alerts::DetentionInput>(read);
        // A power no table knows, or an input the law does not allow for it: shown, not dropped.
        if (Status st = alerts::checkDetention(rules, detention); !st) {
            input.unreadable.push_back({"legal-status", status.id, "the rule tables cannot count it: " + st.message()});
            continue;
        }
        // A birth date after the power began cannot be right: leave it out (the report notes the
        // under-18 referral date) rather than refuse the patient's alerts.
        if (input.birthDate && *input.birthDate > alerts::london::localDate(detention.start))
            input.birthDate.reset();
        powers.push_back(std::move(detention));
    }
    if (!powers.empty()) {
        const std::size_t lead = leadingPower(powers, rules);
        input.detention = powers[lead];
        for (std::size_t i = 0; i < powers.size(); ++i)
            if (i != lead)
                input.concurrentPowers.push_back(std::move(powers[i]));
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
            input.scores.push_back({score.id, score.instrument, score.item, score.value, *at, score.code,
                                    score.absentReason == "asked-declined"});
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
                                    discharge.summary == "sent"       ? Summary::Sent
                                    : discharge.summary == "queued"   ? Summary::Queued
                                    : discharge.summary == "rejected" ? Summary::Rejected
                                    : discharge.summary == "failed"   ? Summary::Failed
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
    auto input = patientAlertInput(cache, rules, patientId);
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

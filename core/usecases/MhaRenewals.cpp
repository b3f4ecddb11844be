#include "core/usecases/MhaRenewals.h"

#include "core/alerts/DeadlineCalculator.h"
#include "core/alerts/PatientAlerts.h"
#include "core/alerts/RuleLibrary.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/store/Database.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/DerivedObservations.h"
#include "core/sync/SyncStore.h"
#include "core/sync/SyncTypes.h"
#include "core/usecases/PatientAlerts.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>

namespace avocet::core::usecases {

using nlohmann::json;

namespace {

// The period-end deadline of the given period (its latest end), or nullptr.
const alerts::Deadline* periodEnd(const alerts::DeadlineReport& report, int period)
{
    const alerts::Deadline* found = nullptr;
    for (const auto& deadline : report.deadlines)
        if (deadline.period == period &&
            (deadline.kind == alerts::DeadlineKind::Expiry || deadline.kind == alerts::DeadlineKind::Renewal) &&
            (!found || deadline.due > found->due))
            found = &deadline;
    return found;
}

const alerts::Deadline* windowOpens(const alerts::DeadlineReport& report, int period)
{
    for (const auto& deadline : report.deadlines)
        if (deadline.period == period && deadline.kind == alerts::DeadlineKind::Window)
            return &deadline;
    return nullptr;
}

// The last day of a period that ends at `end`: for a calendar period the day before the midnight
// it ends at.
alerts::LocalDate lastDayOf(const alerts::Deadline& end)
{
    return end.lastDay.value_or(alerts::london::localDate(end.due - std::chrono::seconds(1)));
}

Error refused(const std::string& why)
{
    return makeError(ErrorCode::InvalidArgument, why);
}

// The identifier of the Observation recording renewal `number` of the power held as `encounterId`.
std::string renewalKey(const std::string& encounterId, int number)
{
    return encounterId + "#renewal-" + std::to_string(number);
}

// The power in force for this patient held as `legalStatusId`, read for the deadline rules.
Result<alerts::DetentionInput> powerInForce(store::CaseloadStore& caseload, const std::string& patientId,
                                            const std::string& legalStatusId)
{
    auto open = caseload.openLegalStatuses(patientId);
    if (!open)
        return open.error();
    const auto held = std::find_if(open->begin(), open->end(),
                                   [&](const store::LegalStatusRecord& r) { return r.id == legalStatusId; });
    if (held == open->end())
        return makeError(ErrorCode::NotFound, "no power in force for this patient is held as record '" + legalStatusId +
                                                  "': avocetctl alerts patient lists the patient's powers");
    auto read = detentionInputOf(*held);
    if (const auto* bad = std::get_if<alerts::UnreadableRecord>(&read))
        return refused("the record of this power could not be read (" + bad->reason + "): check it in the EPR");
    return std::get<alerts::DetentionInput>(read);
}

// The Observation that records renewal `number` of the power held as `encounter`.
json renewalObservation(const sync::LocalResource& encounter, int number, alerts::LocalDate reportDay,
                        alerts::Instant now, const std::string& author)
{
    const std::string key = renewalKey(encounter.localId, number);
    json reference = {{"reference", "Encounter/" + encounter.serverId.value_or(encounter.localId)}};
    if (const json& identifiers = encounter.content.value("identifier", json::array());
        identifiers.is_array() && !identifiers.empty())
        reference["identifier"] = identifiers.front();
    json observation = {
        {"resourceType", "Observation"},
        {"status", "final"},
        {"code",
         {{"coding", json::array({{{"system", sync::kMhaRecordSystem},
                                   {"code", sync::kRenewalRecordedCode},
                                   {"display", "Mental Health Act renewal or extension recorded"}}})},
          {"text", "Renewal (s.20) or extension (s.20A) recorded on the responsible clinician's report"}}},
        {"encounter", reference},
        {"effectiveDateTime", alerts::formatDate(reportDay)},
        {"issued", alerts::formatUtcIso(now)},
        {"valueInteger", number},
        {"identifier", json::array({{{"system", sync::kMhaRenewalIdentifierSystem}, {"value", key}},
                                    {{"system", sync::kClientIdSystem}, {"value", sync::derivedClientId(key)}}})},
    };
    if (encounter.content.contains("subject"))
        observation["subject"] = encounter.content["subject"];
    if (!author.empty())
        observation["performer"] = json::array({{{"display", author}}});
    return observation;
}

} // namespace

Result<RecordedRenewal> recordRenewal(store::Cache& cache, const alerts::RuleLibrary& rules,
                                      const std::string& patientId, const std::string& legalStatusId,
                                      alerts::LocalDate reportDay, alerts::Instant now, const std::string& author)
{
    store::CaseloadStore caseload(cache.database());
    auto inForce = powerInForce(caseload, patientId, legalStatusId);
    if (!inForce)
        return inForce.error();
    const alerts::DetentionInput& detention = *inForce;
    auto computed = alerts::computeDeadlines(rules, alerts::deadlineRequestFor(detention, std::nullopt));
    if (!computed)
        return computed.error();
    auto set = rules.activeOn(alerts::london::localDate(computed->periodStart));
    if (!set)
        return set.error();
    const alerts::PowerRule* power = (*set)->findPower(computed->powerCode);
    if (power && power->courtSetsPeriods)
        return refused(computed->powerCode + ": the court sets each period; record the court's last day in the EPR");

    // The renewal begins the period after the one the recorded renewals reach.
    const int running = detention.renewalsRecorded;
    const alerts::Deadline* ending = periodEnd(*computed, running);
    const alerts::Deadline* next = periodEnd(*computed, running + 1);
    if (!ending || !next)
        return refused(computed->powerCode + ": the rule tables list no further period after the " +
                       std::to_string(running) + " renewal(s) recorded, so it cannot be renewed or extended");
    if (reportDay > alerts::london::localDate(now))
        return refused("the report is dated " + alerts::formatDate(reportDay) + ", after today");
    const alerts::LocalDate lastDay = lastDayOf(*ending);
    if (reportDay > lastDay)
        return refused("the report is dated " + alerts::formatDate(reportDay) + ", after the last day of the period (" +
                       alerts::formatDate(lastDay) +
                       "): the power ended then, and a renewal cannot bring it back; record the power that followed");
    if (const alerts::Deadline* window = windowOpens(*computed, running)) {
        const alerts::LocalDate opens = alerts::london::localDate(window->due);
        if (reportDay < opens)
            return refused("the report is dated " + alerts::formatDate(reportDay) +
                           ", before the examination window opened (" + alerts::formatDate(opens) +
                           "): a renewal or extension is examined within the two months ending with the last day");
    }

    sync::SyncStore store(cache.database());
    auto encounter = store.get("Encounter", legalStatusId);
    if (!encounter)
        return encounter.error();
    if (!*encounter)
        return refused("this power was not received from the EPR feed, so a renewal cannot be sent with it; "
                       "record the renewal in the EPR");

    const int number = running + 1;
    auto tx = store::Transaction::begin(cache.database());
    if (!tx)
        return tx.error();
    json observation = renewalObservation(**encounter, number, reportDay, now, author);
    // A renewal of this number withdrawn as entered in error is recorded again in its place (the
    // same Observation, final once more), so the hub holds one record per renewal.
    auto earlier = store.getByClientId("Observation", sync::derivedClientId(renewalKey(legalStatusId, number)));
    if (!earlier)
        return earlier.error();
    Result<sync::LocalResource> created = makeError(ErrorCode::AlreadyExists, "");
    if (*earlier && (*earlier)->content.value("status", "") == "entered-in-error") {
        if (Status st = store.updateLocal("Observation", (*earlier)->localId, observation); !st)
            return st.error();
        auto again = store.get("Observation", (*earlier)->localId);
        if (!again)
            return again.error();
        if (!*again)
            return makeError(ErrorCode::NotFound, "the renewal vanished while it was recorded again");
        created = **again;
    } else {
        created = store.createLocal(observation);
    }
    if (!created)
        return created.code() == ErrorCode::AlreadyExists ? refused("renewal " + std::to_string(number) +
                                                                    " is already recorded")
                                                          : created.error();
    sync::LocalResource linked = *created;
    linked.patientRef = "Patient/" + patientId;
    if (Status st = store.writeResource(linked); !st)
        return st.error();
    if (Status st = cache.record(kRecordRenewalAction, patientId,
                                 legalStatusId + " renewal " + std::to_string(number) + " reported " +
                                     alerts::formatDate(reportDay));
        !st)
        return st.error();
    if (auto projected = sync::projectClinicalRecords(cache.database(), &rules); !projected)
        return projected.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    return RecordedRenewal{legalStatusId, computed->powerCode, number, reportDay, next->due, next->lastDay};
}

Result<WithdrawnRenewal> withdrawRenewal(store::Cache& cache, const alerts::RuleLibrary& rules,
                                         const std::string& patientId, const std::string& legalStatusId,
                                         const std::string& reason, alerts::Instant now, const std::string& author)
{
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return refused("say why the renewal is withdrawn (for example: entered against the wrong power)");
    store::CaseloadStore caseload(cache.database());
    auto inForce = powerInForce(caseload, patientId, legalStatusId);
    if (!inForce)
        return inForce.error();
    const int counted = inForce->renewalsRecorded;
    if (counted < 1)
        return refused("no renewal is recorded for this power, so there is none to withdraw");

    sync::SyncStore store(cache.database());
    // Only the renewal that counts last can go: an earlier one withdrawn would leave a later one
    // counting from a period that was never renewed.
    auto recorded = store.getByClientId("Observation", sync::derivedClientId(renewalKey(legalStatusId, counted)));
    if (!recorded)
        return recorded.error();
    if (!*recorded || (*recorded)->content.value("status", "") == "entered-in-error")
        return refused("renewal " + std::to_string(counted) +
                       " of this power was recorded in the EPR, not in Avocet: withdraw it in the EPR");

    json withdrawn = (*recorded)->content;
    withdrawn["status"] = "entered-in-error";
    json note = {{"text", "Withdrawn as entered in error: " + reason}, {"time", alerts::formatUtcIso(now)}};
    if (!author.empty())
        note["authorString"] = author;
    withdrawn["note"] = json::array({note});

    auto tx = store::Transaction::begin(cache.database());
    if (!tx)
        return tx.error();
    if (Status st = store.updateLocal("Observation", (*recorded)->localId, withdrawn); !st)
        return st.error();
    // It stays the patient's as recorded (the update reads the patient from the subject).
    auto updated = store.get("Observation", (*recorded)->localId);
    if (!updated || !*updated)
        return updated ? makeError(ErrorCode::NotFound, "the renewal vanished while it was withdrawn") : updated.error();
    sync::LocalResource kept = **updated;
    kept.patientRef = (*recorded)->patientRef;
    if (Status st = store.writeResource(kept); !st)
        return st.error();
    if (Status st = cache.record(kWithdrawRenewalAction, patientId,
                                 legalStatusId + " renewal " + std::to_string(counted) + " withdrawn: " + reason);
        !st)
        return st.error();
    if (auto projected = sync::projectClinicalRecords(cache.database(), &rules); !projected)
        return projected.error();
    store::CaseloadStore after(cache.database());
    auto afterwards = powerInForce(after, patientId, legalStatusId);
    const int remaining = afterwards ? afterwards->renewalsRecorded : counted - 1;
    if (Status st = tx->commit(); !st)
        return st.error();
    auto computed = alerts::computeDeadlines(rules, alerts::deadlineRequestFor(*inForce, std::nullopt));
    return WithdrawnRenewal{legalStatusId, computed ? computed->powerCode : std::string(), counted, remaining};
}

} // namespace avocet::core::usecases

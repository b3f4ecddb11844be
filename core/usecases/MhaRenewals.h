#pragma once
// Use case: record a renewal (s.20) or extension (s.20A) of a Mental Health Act power in Avocet, from
// the responsible clinician's report, when the EPR has not (yet) recorded it. A renewal is a fact,
// never assumed: until one is recorded, a period that ends has ended (core/alerts PatientAlerts).
//
// The renewal is kept as a local FHIR Observation queued for sync (docs/clinical-record.md, "A
// renewal recorded in Avocet"), naming the power's Encounter and the renewal's number, so that it
// reaches the hub and every colleague's computer at their next sync; the projection then counts it
// with the renewals the EPR recorded. The entry is audited ("mha-renewal-record") and the patient's
// alerts move at once, off-line, in the same transaction. The desktop's patient screen and
// `avocetctl alerts renewal` call this.
#include "core/alerts/LondonTime.h"
#include "core/common/Result.h"

#include <optional>
#include <string>

namespace avocet::core::alerts {
class RuleLibrary;
}
namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

inline constexpr const char* kRecordRenewalAction = "mha-renewal-record";
struct RecordedRenewal
{
    std::string legalStatusId; // the power's record (its Encounter's local id)
    std::string power;         // canonical code
    int number = 0;            // 1 = the first renewal or extension
    alerts::LocalDate reportDay{};
    alerts::Instant periodEnds; // the end of the period the renewal begins (as the rules count it)
    std::optional<alerts::LocalDate> lastDay; // its last day (a calendar period)
};

// Records the next renewal of the patient's power `legalStatusId` on the report furnished on
// `reportDay` (London date), at `now`, by `author` (the user name, for the Observation's performer).
// Refused, changing nothing, with what and why: a power not in force for this patient or whose
// record cannot be read, a power the rules list no further period for or whose periods a court sets,
// a report day in the future, before the examination window of the period now running (s.20(3),
// s.20A(4)) or after that period's last day (the power lapsed then; a renewal cannot revive it).
Result<RecordedRenewal> recordRenewal(store::Cache& cache, const alerts::RuleLibrary& rules,
                                      const std::string& patientId, const std::string& legalStatusId,
                                      alerts::LocalDate reportDay, alerts::Instant now, const std::string& author);

inline constexpr const char* kWithdrawRenewalAction = "mha-renewal-withdraw";
struct WithdrawnRenewal
{
    std::string legalStatusId;
    std::string power; // canonical code
    int number = 0;    // the renewal withdrawn
    int counted = 0;   // the renewals that count now (recorded in the EPR or here)
};

// Withdraws the latest renewal recorded in Avocet for the patient's power `legalStatusId` as
// entered in error (a report entered against the wrong power or patient, or never furnished): its
// Observation becomes entered-in-error, queued for the hub, so no computer counts it after its next
// sync, and the patient's alerts move back at once, off-line, in the same transaction. `reason`
// (required) is kept in the audit trail and on the Observation. Refused, changing nothing, with
// what and why: an empty reason, a power not in force for this patient, a power with no renewal
// recorded in Avocet, or a latest renewal the EPR itself recorded (withdraw that in the EPR).
Result<WithdrawnRenewal> withdrawRenewal(store::Cache& cache, const alerts::RuleLibrary& rules,
                                         const std::string& patientId, const std::string& legalStatusId,
                                         const std::string& reason, alerts::Instant now, const std::string& author);

} // namespace avocet::core::usecases

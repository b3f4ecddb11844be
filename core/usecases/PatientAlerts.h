#pragma once
// Use cases: a patient's alerts now (Mental Health Act deadlines, overdue reviews, score alerts,
// from the clinical records held in the cache and the rule tables), and acknowledging one or
// undoing an acknowledgement made by mistake. The desktop (ui/ClinicalService) and avocetctl
// alerts patient|acknowledge|withdraw call these.
#include "core/alerts/PatientAlerts.h"
#include "core/common/Result.h"

#include <string>
#include <variant>

namespace avocet::core::alerts {
class RuleLibrary;
}
namespace avocet::core::store {
class Cache;
struct LegalStatusRecord;
}

namespace avocet::core::usecases {

// Audit actions of the acknowledgement use cases (detail: the alert key).
inline constexpr const char* kAcknowledgeAction = "alert-acknowledge";
inline constexpr const char* kWithdrawAcknowledgementAction = "alert-acknowledge-withdrawn";

// The rule engine's input for one patient, read from the cache: every power that has not ended
// (the one the patient is held or cared for under leads; a s.58 clock, a recall, leave or an
// absence run beside it), reviews, scores and acknowledgements. A row that cannot be read, or a
// power the rule tables cannot count, is listed in `unreadable` (shown as "could not be read"),
// never dropped, and the rest still counts.
Result<alerts::PatientAlertInput> patientAlertInput(store::Cache& cache, const alerts::RuleLibrary& rules,
                                                    const std::string& patientId);

// One legal-status row of the cache as the rule engine's input, or what in it could not be read
// (an input that does not read would leave a deadline counted from a guess).
std::variant<alerts::DetentionInput, alerts::UnreadableRecord> detentionInputOf(const store::LegalStatusRecord& status);

// The patient's alerts at `now`.
Result<alerts::PatientAlertReport> patientAlerts(store::Cache& cache, const alerts::RuleLibrary& rules,
                                                 const std::string& patientId, alerts::Instant now);

// Acknowledges the alert with this key (as patientAlerts names it) and audits it, in one
// transaction. `atIso` is the time of the acknowledgement (ISO 8601, UTC).
Status acknowledgeAlert(store::Cache& cache, const std::string& patientId, const std::string& alertKey,
                        const std::string& atIso);

// Takes an acknowledgement back (made by mistake) and audits it, in one transaction.
Status withdrawAlertAcknowledgement(store::Cache& cache, const std::string& patientId,
                                    const std::string& alertKey);

} // namespace avocet::core::usecases

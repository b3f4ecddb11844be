#pragma once
// Use case: what the patient banner and the patient screen show about one patient, from the same
// caseload tables and rule tables (core/store CaseloadStore, core/alerts): the Mental Health Act
// power in force with its deadlines, the next planned visit, care-plan and risk reviews with the day
// each is due by, the latest score per instrument and item, the alerts (severity, acknowledged) and
// the EPR flags held. Name-free: it carries the patient's local id and NHS number only.
// avocetctl patients show calls it.
#include "core/alerts/PatientAlerts.h"
#include "core/common/Result.h"
#include "core/store/CaseloadStore.h"
#include "core/usecases/HeldRecords.h"

#include <optional>
#include <string>
#include <vector>

namespace avocet::core::alerts {
class RuleLibrary;
}
namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

struct ReviewDue
{
    std::string subject;  // "care-plan" | "risk-assessment"
    std::string setting;  // "community" | "inpatient"
    std::string lastDone; // YYYY-MM-DD
    std::string dueBy;    // YYYY-MM-DD (empty when no rule covers it)
    std::string state;    // "not-due" | "due-soon" | "overdue" | "no-rule"
};

struct PatientSummary
{
    std::string patientId;
    std::string nhsNumber;
    std::optional<alerts::DetentionSummary> legalStatus; // the power in force (or lapsed)
    std::optional<store::Visit> nextVisit;               // the next planned visit from `now`
    std::vector<ReviewDue> reviews;
    std::vector<store::ScoreRecord> latestScores; // the latest per instrument and item
    alerts::PatientAlertReport alerts;            // as patientAlerts gives them
    std::vector<HeldFlag> flags;                  // Flags held for the patient (any status, current first)
    std::vector<HeldAllergy> allergies;           // GP-held, read-only
    std::vector<HeldMedication> medications;      // GP-held, read-only
    std::vector<HeldForm> eprForms;               // the forms the EPRs hold (historic, harmonised)
};

Result<PatientSummary> patientSummary(store::Cache& cache, const alerts::RuleLibrary& rules,
                                      const std::string& patientId, alerts::Instant now);

} // namespace avocet::core::usecases

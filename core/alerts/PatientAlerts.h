#pragma once
// Everything the rule tables say about one patient right now: the current Mental Health Act power
// with the end of its current period (for the banner's countdown), deadlines coming up, overdue or
// due-soon care-plan and risk reviews, and score alerts (PHQ-9 item 9 > 0). Each alert has a
// stable key so an acknowledgement can be stored and audited against it.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/alerts/DeadlineCalculator.h"
#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/common/Result.h"

namespace avocet::core::alerts {

struct DetentionInput
{
    std::string id; // the legal-status record's id
    std::string power;
    Instant start;
    std::optional<Instant> precedingStart;
    bool extended = false;
};

struct ReviewInput
{
    std::string subject; // "care-plan" | "risk-assessment"
    std::string setting; // "community" | "inpatient"
    LocalDate lastDone{};
};

struct ScoreInput
{
    std::string id; // the score record's id
    std::string instrument;
    std::string item;
    double value = 0;
    Instant recordedAt;
};

struct PatientAlertInput
{
    std::string patientId;
    std::optional<DetentionInput> detention;
    std::vector<ReviewInput> reviews;
    std::vector<ScoreInput> scores;
    std::set<std::string> acknowledged; // alert keys already acknowledged
};

enum class AlertKind { MentalHealthAct, Review, Score };
enum class AlertSeverity { Low, Medium, High };
std::string toString(AlertKind kind);
std::string toString(AlertSeverity severity);

struct PatientAlert
{
    std::string key;  // stable: "mha:<record>:<deadline id>", "review:<rule>:<due by>", "score:<record>:<rule>"
    AlertKind kind = AlertKind::Score;
    AlertSeverity severity = AlertSeverity::Medium;
    std::string title;  // short: "Section 2 ends", "Risk assessment review overdue"
    std::string detail; // what to do or why, never patient identifiers
    std::optional<Instant> due;
    bool acknowledged = false;
};

struct DetentionSummary
{
    std::string powerCode;
    std::string powerName;
    std::optional<std::string> legalStatusCode;
    Instant start;
    std::string ruleSetVersion;
    // The end of the period now running (expiry or renewal), when one is still ahead.
    std::optional<Deadline> currentPeriodEnd;
    bool lapsed = false; // every period listed by the rules has ended
};

struct PatientAlertReport
{
    std::optional<DetentionSummary> detention;
    std::vector<PatientAlert> alerts; // most severe first, then soonest
    int unacknowledged() const;
};

struct AlertPolicy
{
    // A Mental Health Act deadline this close (or already passed) raises an alert.
    std::chrono::hours mhaWarning{24 * 7};
    // Within this, it is high severity.
    std::chrono::hours mhaUrgent{72};
};

// A power the rules do not know, or an invalid detention, is an error: a deadline is never guessed.
Result<PatientAlertReport> evaluatePatientAlerts(const RuleLibrary& rules, const PatientAlertInput& input,
                                                 Instant now, const AlertPolicy& policy = {});

} // namespace avocet::core::alerts

#pragma once
// Everything the rule tables say about one patient right now: the current Mental Health Act power
// with the end of its current period (for the banner's countdown), deadlines coming up, overdue or
// due-soon care-plan and risk reviews, and score alerts (PHQ-9 item 9 > 0). Each alert has a
// stable key so an acknowledgement can be stored and audited against it; a deadline's key changes
// as it becomes more urgent, so acknowledging the early warning never silences the later one.
//
// A renewal or extension is a recorded fact, never assumed: the current period is the one the
// recorded renewals reach, and a period that ends without a renewal recorded has ended.

#include "core/alerts/DeadlineCalculator.h"
#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/common/Result.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace avocet::core::alerts {

struct DetentionInput
{
    std::string id; // the legal-status record's id
    std::string power;
    Instant start;
    std::optional<Instant> precedingStart;
    bool extended = false;
    // Renewals (s.20) or extensions (s.20A) recorded for this power, each on the responsible
    // clinician's report: 0 = still in the first period, 1 = in the first renewal period …
    int renewalsRecorded = 0;
    // How long an authorised s.135/136 extension is (1-12 hours); implies `extended`.
    std::optional<int> extensionHours = {};
    // The first admission of this detention where the law counts from it (s.68 applicable day).
    std::optional<Instant> firstAdmission = {};
    // The day the Tribunal last considered the case (s.68(6), s.71(2)).
    std::optional<LocalDate> lastTribunal = {};
    // s.29(4): an application to displace the nearest relative made while a s.2 was running.
    std::optional<DeadlineRequest::NearestRelativeProceedings> nearestRelativeProceedings = {};
    // s.35, s.36, s.38: the last day of each period as the court set it.
    std::vector<LocalDate> courtLastDays = {};
    // Part 4A: the first dose of the s.58 clock whose end the first month may run on to.
    std::optional<Instant> relatedStart = {};
    // Absence without leave (s.18(4), (5)): the power the patient is absent from and the end of its
    // current period. Left empty, evaluatePatientAlerts takes them from the leading power
    // (`PatientAlertInput::detention`) when the rules count the absence against it.
    std::optional<std::string> underlyingPower = {};
    std::optional<Instant> underlyingPeriodEnd = {};
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
    std::string code;      // the item's code, which the rules match
    bool declined = false; // the person declined to answer: value is not a score
};

// A record of the patient's that could not be read (a time or date that does not parse): it is
// shown as an alert of its own rather than dropped, so a missing deadline is never silent.
struct UnreadableRecord
{
    std::string kind;     // "legal-status", "review", "score"
    std::string recordId; // the row's id (for a review, "<subject>/<setting>")
    std::string reason;   // what could not be read, never a patient identifier
};

// An inpatient discharge, and where its discharge summary is.
struct DischargeInput
{
    std::string id; // the stay's record id
    Instant dischargedAt;
    // Queued: signed off here, not yet synced. Rejected by the recipient, or Failed to deliver: not
    // received, so the deadline still runs.
    enum class Summary { None, Queued, Sent, Rejected, Failed } summary = Summary::None;
};

struct PatientAlertInput
{
    std::string patientId;
    std::optional<DetentionInput> detention;
    std::vector<ReviewInput> reviews;
    std::vector<ScoreInput> scores;
    std::set<std::string> acknowledged; // alert keys already acknowledged
    // Powers running at the same time as `detention`, each with its own record and alerts: the
    // s.58 clock of a s.3, a s.17E recall of a CTO, s.17 leave, an absence without leave.
    std::vector<DetentionInput> concurrentPowers = {};
    // The patient's date of birth, where known: s.68(6) refers after one year for under-18s.
    std::optional<LocalDate> birthDate = {};
    std::vector<UnreadableRecord> unreadable = {};
    std::vector<DischargeInput> discharges = {};
};

enum class AlertKind
{
    MentalHealthAct,
    Review,
    Score,
    TransferOfCare
};
enum class AlertSeverity
{
    Low,
    Medium,
    High
};
std::string toString(AlertKind kind);
std::string toString(AlertSeverity severity);

struct PatientAlert
{
    // stable: "mha:<record>:<deadline id>" (a week ahead), "mha:<record>:<deadline id>:high" (within
    // the urgent time), "mha:<record>:<deadline id>:expired" (a period ended with no renewal
    // recorded; "mha:<record>:lapsed" when the rules list no further period),
    // "mha:<record>:<deadline id>:now" (a duty due at once, s.68(7), until acknowledged as done),
    // "mha:<record>:<deadline id>:overdue" (a duty whose deadline passed, until acknowledged as done),
    // "review:<rule>:<due by>", "score:<record>:<rule>", "unreadable:<kind>:<record>" (a record
    // that could not be read), "document:<stay>:<rule>" (a discharge summary due) and
    // "document:<stay>:<rule>:overdue" (past its deadline)
    std::string key;
    AlertKind kind = AlertKind::Score;
    AlertSeverity severity = AlertSeverity::Medium;
    std::string title;  // short: "Section 2 ends", "Risk assessment review overdue"
    std::string detail; // what to do or why, never patient identifiers
    std::optional<Instant> due;
    // For a calendar period ("beginning with" a day): its last whole day, which screens state
    // ("last day Fri 27-Nov-2026") instead of the midnight it ends at; none for an hour-based end.
    std::optional<LocalDate> lastDay = {};
    bool acknowledged = false;
};

struct DetentionSummary
{
    std::string powerCode;
    std::string powerName;
    std::optional<std::string> legalStatusCode;
    Instant start;
    std::string ruleSetVersion;
    int renewalsRecorded = 0;
    // The end of the period now running (the first period, or the renewal period the recorded
    // renewals reach), while it is still ahead. Never a later period that has not been recorded.
    std::optional<Deadline> currentPeriodEnd;
    // The period ended and no renewal or extension is recorded: the power is not current.
    bool lapsed = false;
    // When lapsed: the end of the last period that ran (absent when the recorded renewals go
    // beyond every period the rules list).
    std::optional<Deadline> expiredPeriodEnd;
    std::string recordId;           // the legal-status record this summarises
    std::vector<std::string> notes; // from the calculator: no expiry and why, inputs missing
};

struct PatientAlertReport
{
    std::optional<DetentionSummary> detention;
    std::vector<DetentionSummary> concurrentPowers; // in the order given
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

// The calculator's request for this power (core/alerts DeadlineCalculator).
DeadlineRequest deadlineRequestFor(const DetentionInput& detention, const std::optional<LocalDate>& birthDate);

// Whether the rules can count this power's deadlines: a power the table in force on its start
// knows, with only the inputs the law allows for it. The reason when not (no patient data).
// evaluatePatientAlerts refuses such a power; a caller reading a patient's records shows it as
// "could not be read" instead, so the patient's other powers and alerts still count.
Status checkDetention(const RuleLibrary& rules, const DetentionInput& detention);

// A power the rules do not know, or an invalid detention, is an error: a deadline is never guessed.
Result<PatientAlertReport> evaluatePatientAlerts(const RuleLibrary& rules, const PatientAlertInput& input,
                                                 Instant now, const AlertPolicy& policy = {});

} // namespace avocet::core::alerts

#include "core/alerts/PatientAlerts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "core/alerts/ReviewAlerts.h"
#include "core/alerts/ScoreAlerts.h"

namespace avocet::core::alerts {

using namespace std::chrono;

std::string toString(AlertKind kind)
{
    switch (kind) {
    case AlertKind::MentalHealthAct: return "mental-health-act";
    case AlertKind::Review: return "review";
    case AlertKind::Score: return "score";
    }
    return "score";
}

std::string toString(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Low: return "low";
    case AlertSeverity::Medium: return "medium";
    case AlertSeverity::High: return "high";
    }
    return "medium";
}

int PatientAlertReport::unacknowledged() const
{
    return static_cast<int>(std::count_if(alerts.begin(), alerts.end(),
                                          [](const PatientAlert& a) { return !a.acknowledged; }));
}

namespace {

AlertSeverity severityFrom(const std::string& text)
{
    if (text == "high")
        return AlertSeverity::High;
    if (text == "low")
        return AlertSeverity::Low;
    return AlertSeverity::Medium;
}

std::string formatValue(double value)
{
    std::ostringstream out;
    if (std::floor(value) == value)
        out << static_cast<long long>(value);
    else
        out << value;
    return out.str();
}

Status addDetention(const RuleLibrary& rules, const PatientAlertInput& input, Instant now,
                    const AlertPolicy& policy, PatientAlertReport& report)
{
    const DetentionInput& detention = *input.detention;
    DeadlineRequest request;
    request.power = detention.power;
    request.start = detention.start;
    request.precedingStart = detention.precedingStart;
    request.extended = detention.extended;
    auto computed = computeDeadlines(rules, request);
    if (!computed)
        return computed.error();

    DetentionSummary summary;
    summary.powerCode = computed->powerCode;
    summary.powerName = computed->powerName;
    summary.legalStatusCode = computed->legalStatusCode;
    summary.start = computed->start;
    summary.ruleSetVersion = computed->ruleSetVersion;
    bool anyPeriod = false;
    for (const Deadline& deadline : computed->deadlines) {
        const bool periodEnd = deadline.kind == DeadlineKind::Expiry || deadline.kind == DeadlineKind::Renewal;
        anyPeriod = anyPeriod || periodEnd;
        if (periodEnd && deadline.due > now && !summary.currentPeriodEnd)
            summary.currentPeriodEnd = deadline;
        if (deadline.due <= now || deadline.due - now > policy.mhaWarning)
            continue;
        PatientAlert alert;
        alert.key = "mha:" + detention.id + ":" + deadline.id;
        alert.kind = AlertKind::MentalHealthAct;
        alert.severity = deadline.due - now <= policy.mhaUrgent ? AlertSeverity::High : AlertSeverity::Medium;
        alert.title = computed->powerCode + ": " + deadline.label;
        alert.detail = "Due " + london::formatWallClock(deadline.due) + " (" + deadline.basis + ")";
        alert.due = deadline.due;
        report.alerts.push_back(std::move(alert));
    }
    summary.lapsed = anyPeriod && !summary.currentPeriodEnd;
    if (summary.lapsed) {
        PatientAlert alert;
        alert.key = "mha:" + detention.id + ":lapsed";
        alert.kind = AlertKind::MentalHealthAct;
        alert.severity = AlertSeverity::High;
        alert.title = computed->powerCode + ": every period has ended";
        alert.detail = "The recorded power is no longer in force by the rules: check the legal status with the "
                       "Mental Health Act office today";
        report.alerts.push_back(std::move(alert));
    }
    report.detention = std::move(summary);
    return {};
}

void addReviews(const RuleSet& rules, const PatientAlertInput& input, LocalDate today, PatientAlertReport& report)
{
    for (const ReviewInput& review : input.reviews) {
        auto status = evaluateReview(rules, review.subject, review.setting, review.lastDone, today);
        if (!status || status->state == ReviewStatus::State::NotDue)
            continue;
        PatientAlert alert;
        alert.key = "review:" + status->ruleId + ":" + formatDate(status->dueBy);
        alert.kind = AlertKind::Review;
        const bool overdue = status->state == ReviewStatus::State::Overdue;
        alert.severity = overdue ? AlertSeverity::Medium : AlertSeverity::Low;
        alert.title = status->label + (overdue ? " overdue" : " due soon");
        alert.detail = overdue ? "Due by " + formatDate(status->dueBy) + ", " + std::to_string(status->daysOverdue) +
                                     (status->daysOverdue == 1 ? " day" : " days") + " overdue"
                               : "Due by " + formatDate(status->dueBy);
        alert.due = london::startOfDay(LocalDate{sys_days{status->dueBy} + days{1}});
        report.alerts.push_back(std::move(alert));
    }
}

void addScores(const RuleLibrary& rules, const PatientAlertInput& input, PatientAlertReport& report)
{
    for (const ScoreInput& score : input.scores) {
        auto set = rules.activeOn(london::localDate(score.recordedAt));
        if (!set)
            continue;
        for (const ScoreAlert& raised : evaluateScores(**set, score.instrument, {{score.item, score.value}})) {
            PatientAlert alert;
            alert.key = "score:" + score.id + ":" + raised.ruleId;
            alert.kind = AlertKind::Score;
            alert.severity = severityFrom(raised.severity);
            alert.title = raised.instrument + (raised.item == "total" ? " total " : " item " + raised.item + " ") +
                          "scored " + formatValue(raised.value);
            alert.detail = raised.message + " (recorded " + london::formatWallClock(score.recordedAt) + ")";
            report.alerts.push_back(std::move(alert));
        }
    }
}

} // namespace

Result<PatientAlertReport> evaluatePatientAlerts(const RuleLibrary& rules, const PatientAlertInput& input,
                                                 Instant now, const AlertPolicy& policy)
{
    PatientAlertReport report;
    if (input.detention) {
        if (Status st = addDetention(rules, input, now, policy, report); !st)
            return st.error();
    }
    const LocalDate today = london::localDate(now);
    auto set = rules.activeOn(today);
    if (!set)
        return set.error();
    addReviews(**set, input, today, report);
    addScores(rules, input, report);
    for (PatientAlert& alert : report.alerts)
        alert.acknowledged = input.acknowledged.count(alert.key) > 0;
    std::stable_sort(report.alerts.begin(), report.alerts.end(), [](const PatientAlert& a, const PatientAlert& b) {
        if (a.acknowledged != b.acknowledged)
            return !a.acknowledged;
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.due && b.due)
            return *a.due < *b.due;
        return a.due.has_value() && !b.due.has_value();
    });
    return report;
}

} // namespace avocet::core::alerts

#include "core/alerts/PatientAlerts.h"

#include "core/alerts/ReviewAlerts.h"
#include "core/alerts/ScoreAlerts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace avocet::core::alerts {

using namespace std::chrono;

std::string toString(AlertKind kind)
{
    switch (kind) {
    case AlertKind::MentalHealthAct:
        return "mental-health-act";
    case AlertKind::Review:
        return "review";
    case AlertKind::Score:
        return "score";
    case AlertKind::TransferOfCare:
        return "transfer-of-care";
    }
    return "score";
}

std::string toString(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Low:
        return "low";
    case AlertSeverity::Medium:
        return "medium";
    case AlertSeverity::High:
        return "high";
    }
    return "medium";
}

int PatientAlertReport::unacknowledged() const
{
    return static_cast<int>(
        std::count_if(alerts.begin(), alerts.end(), [](const PatientAlert& a) { return !a.acknowledged; }));
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

bool isPeriodEnd(const Deadline& deadline)
{
    return deadline.period >= 0 &&
           (deadline.kind == DeadlineKind::Expiry || deadline.kind == DeadlineKind::Renewal);
}

// The instant the given period ends: its latest end (the extended end when an extension is
// recorded), or none when the rules list no such period.
const Deadline* endOfPeriodNumber(const std::vector<Deadline>& deadlines, int period)
{
    const Deadline* found = nullptr;
    for (const Deadline& deadline : deadlines)
        if (isPeriodEnd(deadline) && deadline.period == period && (!found || deadline.due > found->due))
            found = &deadline;
    return found;
}

PatientAlert expiredAlert(const DetentionInput& detention, const DeadlineReport& computed,
                          const Deadline* ended, bool furtherPeriodListed)
{
    PatientAlert alert;
    alert.kind = AlertKind::MentalHealthAct;
    alert.severity = AlertSeverity::High;
    alert.title = computed.powerCode + ": expired — no renewal recorded";
    if (!ended) {
        alert.key = "mha:" + detention.id + ":lapsed";
        alert.detail =
            "Every period the rules list has ended, so the power is no longer in force by the rules: "
            "check the legal status with the Mental Health Act office today";
        return alert;
    }
    alert.due = ended->due;
    alert.lastDay = ended->lastDay;
    const std::string when = london::formatWallClock(ended->due) + " (" + ended->basis + ")";
    if (furtherPeriodListed) {
        alert.key = "mha:" + detention.id + ":" + ended->id + ":expired";
        alert.detail =
            ended->label + " at " + when +
            " and no renewal or extension is recorded, so the power is not shown as current. Check for "
            "the responsible clinician's renewal (s.20) or extension (s.20A) report and record it, or "
            "record that the power ended; tell the Mental Health Act office today";
    } else {
        alert.key = "mha:" + detention.id + ":lapsed";
        alert.detail =
            ended->label + " at " + when +
            " and the rules allow no further period: record that the power ended, or record the power "
            "that followed it; tell the Mental Health Act office today";
    }
    return alert;
}

// A duty whose deadline has passed stays a high alert under its own key until acknowledged (the
// acknowledgement, audited, records that it was done or is in hand).
PatientAlert overdueAlert(const DetentionInput& detention, const DeadlineReport& computed, const Deadline& deadline)
{
    PatientAlert alert;
    alert.kind = AlertKind::MentalHealthAct;
    alert.severity = AlertSeverity::High;
    alert.key = "mha:" + detention.id + ":" + deadline.id + ":overdue";
    alert.title = computed.powerCode + ": overdue — " + deadline.label;
    alert.detail = "Was due by " + london::formatWallClock(deadline.due) + " (" + deadline.basis +
                   "). Do it today or check that it was done, tell the Mental Health Act office, and acknowledge "
                   "this alert when it has been done";
    alert.due = deadline.due;
    alert.lastDay = deadline.lastDay;
    return alert;
}

// A repeating duty whose next occurrence has also fallen due: that one is raised instead.
bool overtakenByALaterOccurrence(const std::vector<Deadline>& deadlines, const Deadline& deadline, Instant now)
{
    return std::any_of(deadlines.begin(), deadlines.end(), [&](const Deadline& other) {
        return other.duty && other.rule == deadline.rule && other.due > deadline.due && other.due <= now;
    });
}

// A duty due at once stays an alert until acknowledged: the acknowledgement (audited) records that
// it was done.
PatientAlert immediateAlert(const DetentionInput& detention, const DeadlineReport& computed, const Deadline& deadline)
{
    PatientAlert alert;
    alert.kind = AlertKind::MentalHealthAct;
    alert.severity = AlertSeverity::High;
    alert.key = "mha:" + detention.id + ":" + deadline.id + ":now";
    alert.title = computed.powerCode + ": " + deadline.label;
    alert.detail = "Due at once since " + london::formatWallClock(deadline.due) +
                   ": acknowledge this alert when it has been done";
    alert.due = deadline.due;
    return alert;
}

Result<DetentionSummary> addDetention(const RuleLibrary& rules, const DetentionInput& detention,
                                     const std::optional<LocalDate>& birthDate, Instant now, const AlertPolicy& policy,
                                     PatientAlertReport& report)
{
    if (detention.renewalsRecorded < 0)
        return makeError(ErrorCode::InvalidArgument,
                         "a negative number of renewals recorded for legal status " + detention.id);
    DeadlineRequest request = deadlineRequestFor(detention, birthDate);
    request.through = now; // repeating periods and duties up to the ones running now
    auto computed = computeDeadlines(rules, request);
    if (!computed)
        return makeError(computed.code(), "legal status " + detention.id + ": " + computed.message());

    DetentionSummary summary;
    summary.powerCode = computed->powerCode;
    summary.powerName = computed->powerName;
    summary.legalStatusCode = computed->legalStatusCode;
    summary.start = computed->start;
    summary.ruleSetVersion = computed->ruleSetVersion;
    summary.renewalsRecorded = detention.renewalsRecorded;
    summary.recordId = detention.id;
    summary.notes = computed->notes;

    // The period now running is the one the recorded renewals reach; later periods are what the
    // rules would allow, not facts, and are never shown as current.
    const int current = detention.renewalsRecorded;
    const Deadline* currentEnd = endOfPeriodNumber(computed->deadlines, current);
    // A renewal is made in the examination window of the period it renews, so the recorded renewals
    // reach at most the period after the one running now. More than that cannot have been made
    // yet: the count is not trusted and no period is guessed from it.
    const Deadline* twoBefore = current >= 2 ? endOfPeriodNumber(computed->deadlines, current - 2) : nullptr;
    const bool beyondNow = twoBefore && twoBefore->due > now;
    if (beyondNow)
        currentEnd = nullptr;
    const bool anyPeriod = std::any_of(computed->deadlines.begin(), computed->deadlines.end(), isPeriodEnd);
    if (currentEnd && currentEnd->due > now)
        summary.currentPeriodEnd = *currentEnd;
    summary.lapsed = anyPeriod && !summary.currentPeriodEnd;

    for (const Deadline& deadline : computed->deadlines) {
        // Deadlines of earlier periods were overtaken by a recorded renewal; those of later
        // periods depend on a renewal not yet recorded.
        if (deadline.period >= 0 && deadline.period != current)
            continue;
        if (deadline.immediate) {
            if (deadline.due <= now)
                report.alerts.push_back(immediateAlert(detention, *computed, deadline));
            continue;
        }
        if (deadline.due <= now) {
            // A duty that has passed is overdue, not gone, while the power is in force: until it is
            // acknowledged, or the power ends (its end recorded, or its period ended with no renewal
            // recorded, when the "expired" alert takes over). One that fell due before this power
            // began belongs to the earlier power's record; a repeating one gives way to its next
            // occurrence once that has passed too. A window for the patient's own application
            // to the Tribunal is not a duty on the trust and closes without an alert.
            if (deadline.duty && !summary.lapsed && deadline.due > computed->start &&
                !overtakenByALaterOccurrence(computed->deadlines, deadline, now))
                report.alerts.push_back(overdueAlert(detention, *computed, deadline));
            continue;
        }
        if (deadline.due - now > policy.mhaWarning)
            continue;
        PatientAlert alert;
        alert.kind = AlertKind::MentalHealthAct;
        alert.severity = deadline.due - now <= policy.mhaUrgent ? AlertSeverity::High : AlertSeverity::Medium;
        // A more urgent alert for the same deadline has its own key, so that acknowledging the
        // week's warning does not acknowledge the last three days.
        alert.key = "mha:" + detention.id + ":" + deadline.id +
                    (alert.severity == AlertSeverity::High ? ":high" : "");
        alert.title = computed->powerCode + ": " + deadline.label;
        alert.detail = "Due " + london::formatWallClock(deadline.due) + " (" + deadline.basis + ")";
        alert.due = deadline.due;
        alert.lastDay = deadline.lastDay;
        report.alerts.push_back(std::move(alert));
    }
    for (const auto& omitted : computed->omitted) {
        PatientAlert alert;
        alert.kind = AlertKind::MentalHealthAct;
        alert.severity = AlertSeverity::Medium;
        alert.key = "mha:" + detention.id + ":" + omitted.id + ":unknown";
        alert.title = computed->powerCode + ": date not known — " + omitted.label;
        alert.detail = "It is counted from " + omitted.missing +
                       ", which is not recorded: record it, or check the date with the Mental Health Act office";
        report.alerts.push_back(std::move(alert));
    }
    if (summary.lapsed) {
        const bool furtherPeriodListed = endOfPeriodNumber(computed->deadlines, current + 1) != nullptr;
        if (currentEnd)
            summary.expiredPeriodEnd = *currentEnd;
        PatientAlert alert = expiredAlert(detention, *computed, currentEnd, furtherPeriodListed);
        if (beyondNow)
            alert.detail = std::to_string(current) +
                           " renewals or extensions are recorded, more than could have been made by now, so "
                           "no period is shown as current: check the legal status and the renewals recorded "
                           "with the Mental Health Act office today";
        report.alerts.push_back(std::move(alert));
    }
    return summary;
}

void addReviews(const RuleSet& rules, const PatientAlertInput& input, LocalDate today,
                PatientAlertReport& report)
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
        alert.detail = overdue ? "Due by " + formatDate(status->dueBy) + ", " +
                                     std::to_string(status->daysOverdue) +
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
        const std::optional<double> value = score.declined ? std::nullopt : std::optional<double>(score.value);
        for (const ScoreAlert& raised : evaluateScores(**set, {{score.code, value, score.declined}})) {
            PatientAlert alert;
            alert.key = "score:" + score.id + ":" + raised.ruleId;
            alert.kind = AlertKind::Score;
            alert.severity = severityFrom(raised.severity);
            alert.title = raised.instrument + (raised.item == "total" ? " total " : " item " + raised.item + " ") +
                          (raised.declined ? std::string("declined") : "scored " + formatValue(raised.value));
            alert.detail = raised.message + " (recorded " + london::formatWallClock(score.recordedAt) + ")";
            report.alerts.push_back(std::move(alert));
        }
    }
}

// A discharge summary due from the discharge, overdue after the rule's hours, by the table in force
// on the day of discharge.
void addDocuments(const RuleLibrary& rules, const PatientAlertInput& input, Instant now, PatientAlertReport& report)
{
    for (const DischargeInput& discharge : input.discharges) {
        if (discharge.summary == DischargeInput::Summary::Sent || discharge.dischargedAt > now)
            continue;
        auto set = rules.activeOn(london::localDate(discharge.dischargedAt));
        if (!set)
            continue;
        for (const DocumentRule& rule : (*set)->documents) {
            if (rule.after != "inpatient-discharge")
                continue;
            const Instant deadline = endOfPeriod(discharge.dischargedAt, rule.within);
            if (now >= endOfPeriod(deadline, rule.raisedFor))
                continue;
            const bool overdue = now >= deadline;
            const bool rejected = discharge.summary == DischargeInput::Summary::Rejected;
            const bool failed = discharge.summary == DischargeInput::Summary::Failed;
            PatientAlert alert;
            // A summary that did not arrive has its own key: acknowledging "due" does not hide it.
            alert.key = "document:" + discharge.id + ":" + rule.id + (rejected ? ":rejected" : failed ? ":failed" : "") +
                        (overdue ? ":overdue" : "");
            alert.kind = AlertKind::TransferOfCare;
            alert.severity = overdue || rejected || failed ? AlertSeverity::High : AlertSeverity::Medium;
            alert.title = rule.label + (rejected ? " rejected by the recipient"
                                        : failed ? " not delivered"
                                                 : "") +
                          (overdue ? (rejected || failed ? ", overdue" : " overdue") : rejected || failed ? "" : " due");
            alert.due = deadline;
            const bool queued = discharge.summary == DischargeInput::Summary::Queued;
            alert.detail = std::string(overdue ? "Was due by " : "Due by ") + london::formatWallClock(deadline) +
                           " (" + rule.basis + "; discharged " + london::formatWallClock(discharge.dischargedAt) + "). " +
                           (rejected ? "The recipient rejected the summary sent (their reason is under Documents sent "
                                       "on the patient's screen): correct it or the recipient, sign off the amended "
                                       "version and sync."
                            : failed ? "The trust's server could not deliver the summary sent (see Documents sent on "
                                       "the patient's screen): ask the service desk to resend it, or send it another "
                                       "way today."
                            : queued ? "It is signed off on this computer and is sent at the next sync: connect to send it."
                                     : "Write it from the patient's record, sign it off and sync.");
            report.alerts.push_back(std::move(alert));
        }
    }
}

// s.18(4), (5): an absence without leave beside the leading power is counted against it, with the
// end of the period it is in (or the one that ended, when no renewal is recorded), when the rules
// count the absence against that power and the period had not ended before the absence began.
void takeUnderlyingFromTheLeadingPower(const RuleLibrary& rules, DetentionInput& absence,
                                       const DetentionSummary& leading)
{
    if (absence.underlyingPower || absence.underlyingPeriodEnd)
        return;
    auto set = rules.activeOn(london::localDate(absence.start));
    if (!set)
        return;
    const PowerRule* rule = (*set)->findPower(absence.power);
    const PowerRule* lead = (*set)->findPower(leading.powerCode);
    if (!rule || !lead)
        return;
    const auto counted = std::find_if(rule->deadlines.begin(), rule->deadlines.end(),
                                      [](const FixedDeadlineRule& d) { return d.underlying.has_value(); });
    if (counted == rule->deadlines.end())
        return;
    const auto& powers = counted->underlying->powers;
    if (std::none_of(powers.begin(), powers.end(), [&](const std::string& code) { return (*set)->findPower(code) == lead; }))
        return;
    const std::optional<Deadline>& end = leading.currentPeriodEnd ? leading.currentPeriodEnd : leading.expiredPeriodEnd;
    if (!end || end->due <= absence.start)
        return;
    absence.underlyingPower = lead->code;
    absence.underlyingPeriodEnd = end->due;
}

} // namespace

DeadlineRequest deadlineRequestFor(const DetentionInput& detention, const std::optional<LocalDate>& birthDate)
{
    DeadlineRequest request;
    request.power = detention.power;
    request.start = detention.start;
    request.precedingStart = detention.precedingStart;
    request.extended = detention.extended;
    request.extensionHours = detention.extensionHours;
    request.firstAdmission = detention.firstAdmission;
    request.lastTribunal = detention.lastTribunal;
    request.birthDate = birthDate;
    request.nearestRelativeProceedings = detention.nearestRelativeProceedings;
    request.courtLastDays = detention.courtLastDays;
    request.relatedStart = detention.relatedStart;
    request.underlyingPower = detention.underlyingPower;
    request.underlyingPeriodEnd = detention.underlyingPeriodEnd;
    // The period the recorded renewals reach and the one after it (a renewal may be recorded in
    // the examination window before its period begins), so a renewal is checked against them.
    request.periodsThrough = std::clamp(detention.renewalsRecorded, 0, kMaxListedOccurrences) + 1;
    return request;
}

Status checkDetention(const RuleLibrary& rules, const DetentionInput& detention)
{
    if (detention.renewalsRecorded < 0)
        return makeError(ErrorCode::InvalidArgument, "a negative number of renewals recorded");
    auto computed = computeDeadlines(rules, deadlineRequestFor(detention, std::nullopt));
    if (!computed)
        return computed.error();
    return Status::success();
}

Result<PatientAlertReport> evaluatePatientAlerts(const RuleLibrary& rules, const PatientAlertInput& input,
                                                 Instant now, const AlertPolicy& policy)
{
    PatientAlertReport report;
    std::set<std::string> records;
    const auto add = [&](const DetentionInput& detention) -> Result<DetentionSummary> {
        // Alert keys carry the record id: two powers under one id would share keys and
        // acknowledgements, so that is refused.
        if (!records.insert(detention.id).second)
            return makeError(ErrorCode::InvalidArgument,
                             "two powers given under the same legal-status record " + detention.id);
        return addDetention(rules, detention, input.birthDate, now, policy, report);
    };
    if (input.detention) {
        auto summary = add(*input.detention);
        if (!summary)
            return summary.error();
        report.detention = std::move(summary).value();
    }
    for (const DetentionInput& given : input.concurrentPowers) {
        DetentionInput concurrent = given;
        if (report.detention)
            takeUnderlyingFromTheLeadingPower(rules, concurrent, *report.detention);
        auto summary = add(concurrent);
        if (!summary)
            return summary.error();
        report.concurrentPowers.push_back(std::move(summary).value());
    }
    for (const UnreadableRecord& record : input.unreadable) {
        PatientAlert alert;
        alert.key = "unreadable:" + record.kind + ":" + record.recordId;
        alert.kind = record.kind == "legal-status" ? AlertKind::MentalHealthAct
                     : record.kind == "review"     ? AlertKind::Review
                                                   : AlertKind::Score;
        alert.severity = AlertSeverity::High;
        alert.title = (record.kind == "legal-status" ? std::string("Legal status")
                       : record.kind == "review"     ? std::string("Review")
                                                     : std::string("Score")) +
                      " could not be read";
        alert.detail = record.reason + ": nothing from this record is shown or counted; check it in the EPR" +
                       (record.kind == "legal-status" ? " and with the Mental Health Act office today" : "");
        report.alerts.push_back(std::move(alert));
    }
    const LocalDate today = london::localDate(now);
    auto set = rules.activeOn(today);
    if (!set)
        return set.error();
    addReviews(**set, input, today, report);
    addScores(rules, input, report);
    addDocuments(rules, input, now, report);
    for (PatientAlert& alert : report.alerts)
        alert.acknowledged = input.acknowledged.count(alert.key) > 0;
    std::stable_sort(report.alerts.begin(), report.alerts.end(),
                     [](const PatientAlert& a, const PatientAlert& b) {
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

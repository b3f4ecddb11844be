// A renewal or extension is a recorded fact, never assumed: a period that ends without one has
// ended, and the patient's alerts say so. And an acknowledgement is for one level of urgency.
#include "core/alerts/PatientAlerts.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>

namespace avocet::core::alerts {
namespace {

RuleLibrary rules()
{
    auto library = RuleLibrary::builtin();
    EXPECT_TRUE(library.ok()) << library.message();
    return std::move(*library);
}

Instant at(const char* iso)
{
    auto parsed = parseIsoInstant(iso);
    EXPECT_TRUE(parsed.ok()) << iso;
    return *parsed;
}

DetentionInput detention(const char* id, const char* power, const char* start, int renewals = 0)
{
    DetentionInput d;
    d.id = id;
    d.power = power;
    d.start = at(start);
    d.renewalsRecorded = renewals;
    return d;
}

bool mentions(const std::string& text, const char* part)
{
    return text.find(part) != std::string::npos;
}

TEST(RecordedRenewal, PeriodsOfAPowerAreNumberedInOrderAndFixedDeadlinesAreNot)
{
    DeadlineRequest request{"s3", at("2026-01-05T10:00Z"), {}, false, {}};
    request.through = at("2030-02-01T12:00Z"); // in annual period 4 (5 Jan 2030 to 4 Jan 2031)
    auto report = computeDeadlines(rules(), request);
    ASSERT_TRUE(report.ok()) << report.message();
    const std::map<std::string, int> expected{
        {"expiry", 0},   {"expiry-window", 0}, {"renewal-1", 1}, {"renewal-1-window", 1},
        {"annual-1", 2}, {"annual-2", 3},      {"annual-4", 5},  {"tribunal-referral", -1}};
    for (const auto& [id, period] : expected) {
        auto it = std::find_if(report->deadlines.begin(), report->deadlines.end(),
                               [&](const Deadline& d) { return d.id == id; });
        ASSERT_NE(it, report->deadlines.end()) << id;
        EXPECT_EQ(it->period, period) << id;
    }
}

TEST(RecordedRenewal, SectionThreePastSixMonthsWithNoRenewalRecordedHasExpiredNotRolledOn)
{
    PatientAlertInput input;
    input.detention = detention("l3", "s3", "2026-01-05T10:00Z");
    // 6 months beginning with 5 January 2026: last day 4 July, ends 00:00 BST on 5 July.
    auto report = evaluatePatientAlerts(rules(), input, at("2026-07-10T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_TRUE(report->detention.has_value());
    EXPECT_TRUE(report->detention->lapsed);
    EXPECT_FALSE(report->detention->currentPeriodEnd.has_value()); // never the renewal period's end
    ASSERT_TRUE(report->detention->expiredPeriodEnd.has_value());
    EXPECT_EQ(report->detention->expiredPeriodEnd->id, "expiry");
    EXPECT_EQ(formatUtcIso(report->detention->expiredPeriodEnd->due), "2026-07-04T23:00:00Z");

    ASSERT_FALSE(report->alerts.empty());
    const PatientAlert& first = report->alerts.front();
    EXPECT_EQ(first.key, "mha:l3:expiry:expired");
    EXPECT_EQ(first.severity, AlertSeverity::High);
    EXPECT_EQ(first.title, "s3: expired — no renewal recorded");
    EXPECT_TRUE(mentions(first.detail, "renewal (s.20)")) << first.detail;
    EXPECT_TRUE(mentions(first.detail, "record that the power ended")) << first.detail;
    for (const PatientAlert& alert : report->alerts)
        EXPECT_FALSE(mentions(alert.key, "renewal-1")) << alert.key; // no deadline of an unrecorded renewal
}

TEST(RecordedRenewal, ARecordedRenewalMovesSectionThreeToItsRenewalPeriod)
{
    PatientAlertInput input;
    input.detention = detention("l3", "s3", "2026-01-05T10:00Z", 1);
    auto report = evaluatePatientAlerts(rules(), input, at("2026-07-10T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(report->detention->lapsed);
    EXPECT_EQ(report->detention->renewalsRecorded, 1);
    ASSERT_TRUE(report->detention->currentPeriodEnd.has_value());
    EXPECT_EQ(report->detention->currentPeriodEnd->id, "renewal-1");
    // 6 months beginning with 5 July 2026: last day 4 January 2027, ends 00:00 GMT on 5 January.
    EXPECT_EQ(formatUtcIso(report->detention->currentPeriodEnd->due), "2027-01-05T00:00:00Z");
    ASSERT_TRUE(report->detention->currentPeriodEnd->lastDay.has_value());
    EXPECT_EQ(formatDate(*report->detention->currentPeriodEnd->lastDay), "2027-01-04");
    // Nothing of the first period is raised; only the s.68(2) referral, due by the end of 4 July
    // and not recorded as done, stays overdue (docs/alerts.md).
    ASSERT_EQ(report->alerts.size(), 1u);
    EXPECT_EQ(report->alerts[0].key, "mha:l3:tribunal-referral:overdue");
}

TEST(RecordedRenewal, ARenewalRecordedEarlyStopsTheFirstPeriodsWarnings)
{
    PatientAlertInput input;
    input.detention = detention("l3", "s3", "2026-01-05T10:00Z", 1);
    auto report = evaluatePatientAlerts(rules(), input, at("2026-07-02T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(report->detention->currentPeriodEnd->id, "renewal-1");
    // Only the s.68 referral (counted from the start, not from a period) is still due.
    ASSERT_EQ(report->alerts.size(), 1u);
    EXPECT_EQ(report->alerts[0].key, "mha:l3:tribunal-referral:high");

    input.detention->renewalsRecorded = 0;
    auto unrenewed = evaluatePatientAlerts(rules(), input, at("2026-07-02T12:00Z"));
    ASSERT_TRUE(unrenewed.ok());
    EXPECT_EQ(unrenewed->detention->currentPeriodEnd->id, "expiry");
    // The period's end, the last day to apply to the Tribunal in it, and the s.68 referral.
    ASSERT_EQ(unrenewed->alerts.size(), 3u);
    EXPECT_EQ(unrenewed->alerts[0].key, "mha:l3:expiry:high");
    EXPECT_EQ(unrenewed->alerts[1].key, "mha:l3:expiry-tribunal-application:high");
}

TEST(RecordedRenewal, SectionTwoPastTwentyEightDaysHasEnded)
{
    PatientAlertInput input;
    input.detention = detention("l2", "s2", "2026-11-01T14:00Z");
    auto report = evaluatePatientAlerts(rules(), input, at("2026-11-29T00:00Z")); // the instant it ends
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_TRUE(report->detention->lapsed);
    EXPECT_FALSE(report->detention->currentPeriodEnd.has_value());
    ASSERT_TRUE(report->detention->expiredPeriodEnd.has_value());
    EXPECT_EQ(formatUtcIso(report->detention->expiredPeriodEnd->due), "2026-11-29T00:00:00Z");
    ASSERT_FALSE(report->alerts.empty());
    EXPECT_EQ(report->alerts[0].key, "mha:l2:lapsed"); // s.2 has no further period
    EXPECT_EQ(report->alerts[0].severity, AlertSeverity::High);
    EXPECT_EQ(report->alerts[0].title, "s2: expired — no renewal recorded");
    EXPECT_TRUE(mentions(report->alerts[0].detail, "record that the power ended"))
        << report->alerts[0].detail;

    auto before = evaluatePatientAlerts(rules(), input, at("2026-11-28T23:59Z"));
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE(before->detention->lapsed);
}

TEST(RecordedRenewal, CommunityTreatmentOrderPastItsPeriodWithNoExtensionRecordedHasExpired)
{
    PatientAlertInput input;
    input.detention = detention("c1", "cto", "2026-02-10T10:00Z");
    auto report = evaluatePatientAlerts(rules(), input, at("2026-08-20T09:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_TRUE(report->detention->lapsed);
    EXPECT_FALSE(report->detention->currentPeriodEnd.has_value());
    ASSERT_FALSE(report->alerts.empty());
    EXPECT_EQ(report->alerts[0].key, "mha:c1:expiry:expired");
    EXPECT_TRUE(mentions(report->alerts[0].detail, "extension (s.20A)")) << report->alerts[0].detail;

    input.detention->renewalsRecorded = 1;
    auto extended = evaluatePatientAlerts(rules(), input, at("2026-08-20T09:00Z"));
    ASSERT_TRUE(extended.ok());
    EXPECT_FALSE(extended->detention->lapsed);
    EXPECT_EQ(extended->detention->currentPeriodEnd->id, "extension-1");
}

// Annual renewals are not limited in number (s.20(2)(b)), so a recorded fifth annual renewal is
// honoured; but a period is never guessed: the one the recorded renewals reach still ends when no
// further renewal is recorded, and a count beyond what could have been made by now is not trusted.
TEST(RecordedRenewal, RenewalsBeyondEveryListedPeriodAreNotGuessed)
{
    // s.3 from 5 Jan 2026: first period to 4 Jul 2026, renewal to 4 Jan 2027, annual periods from
    // 5 Jan 2027: the fifth runs 5 Jan 2031 to 4 Jan 2032. Six renewals recorded = renewal-1 and
    // five annual renewals.
    PatientAlertInput input;
    input.detention = detention("l3", "s3", "2026-01-05T10:00Z", 6);
    auto fifth = evaluatePatientAlerts(rules(), input, at("2031-06-10T12:00Z"));
    ASSERT_TRUE(fifth.ok()) << fifth.message();
    EXPECT_FALSE(fifth->detention->lapsed);
    ASSERT_TRUE(fifth->detention->currentPeriodEnd.has_value());
    EXPECT_EQ(fifth->detention->currentPeriodEnd->id, "annual-5");
    EXPECT_EQ(fifth->detention->currentPeriodEnd->period, 6);
    EXPECT_EQ(formatUtcIso(fifth->detention->currentPeriodEnd->due), "2032-01-05T00:00:00Z"); // last day 4 Jan 2032

    // The fifth annual period ends with no sixth renewal recorded: it has ended, nothing rolls on.
    auto ended = evaluatePatientAlerts(rules(), input, at("2032-01-05T00:00Z"));
    ASSERT_TRUE(ended.ok()) << ended.message();
    EXPECT_TRUE(ended->detention->lapsed);
    EXPECT_FALSE(ended->detention->currentPeriodEnd.has_value());
    ASSERT_TRUE(ended->detention->expiredPeriodEnd.has_value());
    EXPECT_EQ(ended->detention->expiredPeriodEnd->id, "annual-5");
    ASSERT_FALSE(ended->alerts.empty());
    EXPECT_EQ(ended->alerts[0].key, "mha:l3:annual-5:expired");

    // Only five renewals recorded at the same moment: the fourth annual period (to 4 Jan 2031)
    // ended with no fifth renewal, so the power is not shown as current.
    input.detention->renewalsRecorded = 5;
    auto unrenewed = evaluatePatientAlerts(rules(), input, at("2031-06-10T12:00Z"));
    ASSERT_TRUE(unrenewed.ok()) << unrenewed.message();
    EXPECT_TRUE(unrenewed->detention->lapsed);
    ASSERT_TRUE(unrenewed->detention->expiredPeriodEnd.has_value());
    EXPECT_EQ(unrenewed->detention->expiredPeriodEnd->id, "annual-4");
    EXPECT_EQ(unrenewed->alerts.at(0).key, "mha:l3:annual-4:expired");

    // Nine renewals recorded six months in: more than could have been made (a renewal is made in
    // the period it renews), so no period is current and the office is asked to check.
    input.detention->renewalsRecorded = 9;
    auto report = evaluatePatientAlerts(rules(), input, at("2026-07-10T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_TRUE(report->detention->lapsed);
    EXPECT_FALSE(report->detention->currentPeriodEnd.has_value());
    EXPECT_FALSE(report->detention->expiredPeriodEnd.has_value());
    ASSERT_FALSE(report->alerts.empty());
    EXPECT_EQ(report->alerts[0].key, "mha:l3:lapsed");
    EXPECT_EQ(report->alerts[0].severity, AlertSeverity::High);
    EXPECT_TRUE(mentions(report->alerts[0].detail, "more than could have been made by now")) << report->alerts[0].detail;

    // A renewal count no power could reach lists no period for it either.
    input.detention->renewalsRecorded = 100000;
    auto absurd = evaluatePatientAlerts(rules(), input, at("2026-07-10T12:00Z"));
    ASSERT_TRUE(absurd.ok()) << absurd.message();
    EXPECT_TRUE(absurd->detention->lapsed);
    EXPECT_EQ(absurd->alerts.at(0).key, "mha:l3:lapsed");

    input.detention->renewalsRecorded = -1;
    EXPECT_FALSE(evaluatePatientAlerts(rules(), input, at("2026-07-10T12:00Z")).ok());
}

TEST(RecordedRenewal, AnAuthorisedPlaceOfSafetyExtensionRunsToItsExtendedEnd)
{
    PatientAlertInput input;
    input.detention = detention("p1", "s136", "2026-11-01T14:00Z");
    input.detention->extended = true;
    auto running = evaluatePatientAlerts(rules(), input, at("2026-11-02T20:00Z")); // 30 hours in
    ASSERT_TRUE(running.ok()) << running.message();
    EXPECT_FALSE(running->detention->lapsed);
    ASSERT_TRUE(running->detention->currentPeriodEnd.has_value());
    EXPECT_EQ(running->detention->currentPeriodEnd->id, "expiry-extended");
    EXPECT_EQ(formatUtcIso(running->detention->currentPeriodEnd->due), "2026-11-03T02:00:00Z");

    auto ended = evaluatePatientAlerts(rules(), input, at("2026-11-03T02:00Z"));
    ASSERT_TRUE(ended.ok());
    EXPECT_TRUE(ended->detention->lapsed);
    EXPECT_EQ(ended->alerts.at(0).key, "mha:p1:lapsed");
}

TEST(RecordedRenewal, AcknowledgingTheWeeksWarningDoesNotSilenceTheLastThreeDaysOrTheExpiry)
{
    PatientAlertInput input;
    input.detention = detention("l1", "s2", "2026-11-01T14:00Z");
    auto week = evaluatePatientAlerts(rules(), input, at("2026-11-23T12:00Z"));
    ASSERT_TRUE(week.ok());
    ASSERT_EQ(week->alerts.size(), 1u);
    EXPECT_EQ(week->alerts[0].severity, AlertSeverity::Medium);
    input.acknowledged.insert(week->alerts[0].key);
    auto acknowledged = evaluatePatientAlerts(rules(), input, at("2026-11-23T12:00Z"));
    ASSERT_TRUE(acknowledged.ok());
    EXPECT_EQ(acknowledged->unacknowledged(), 0);

    auto urgent = evaluatePatientAlerts(rules(), input, at("2026-11-27T12:00Z"));
    ASSERT_TRUE(urgent.ok());
    ASSERT_EQ(urgent->alerts.size(), 1u);
    EXPECT_EQ(urgent->alerts[0].severity, AlertSeverity::High);
    EXPECT_NE(urgent->alerts[0].key, week->alerts[0].key);
    EXPECT_FALSE(urgent->alerts[0].acknowledged);
    input.acknowledged.insert(urgent->alerts[0].key);

    auto expired = evaluatePatientAlerts(rules(), input, at("2026-11-29T06:00Z"));
    ASSERT_TRUE(expired.ok());
    ASSERT_EQ(expired->alerts.size(), 1u);
    EXPECT_NE(expired->alerts[0].key, week->alerts[0].key);
    EXPECT_NE(expired->alerts[0].key, urgent->alerts[0].key);
    EXPECT_FALSE(expired->alerts[0].acknowledged);
    EXPECT_EQ(expired->unacknowledged(), 1);
}

} // namespace
} // namespace avocet::core::alerts

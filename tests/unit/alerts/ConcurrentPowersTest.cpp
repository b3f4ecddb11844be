// Several powers at once for one patient (a s.3 and its s.58 clock, a CTO and a s.17E recall, a s.2
// extended under s.29(4)), each with its own record, summary and alerts.
#include "core/alerts/PatientAlerts.h"
#include "tests/unit/alerts/AlertsTestSupport.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace avocet::core::alerts {
namespace {

using testing::builtinRules;
using testing::instant;

DetentionInput power(const char* id, const char* code, const char* start)
{
    DetentionInput d;
    d.id = id;
    d.power = code;
    d.start = instant(start);
    return d;
}

const PatientAlert* find(const PatientAlertReport& report, const std::string& key)
{
    const auto it = std::find_if(report.alerts.begin(), report.alerts.end(),
                                 [&](const PatientAlert& a) { return a.key == key; });
    return it == report.alerts.end() ? nullptr : &*it;
}

TEST(ConcurrentPowers, SectionThreeAndItsSection58ClockEachRaiseTheirOwnAlerts)
{
    PatientAlertInput input;
    input.detention = power("d3", "s3", "2026-01-05T10:00Z");
    input.concurrentPowers.push_back(power("m58", "s58", "2026-01-10T09:00Z"));
    // s.58: 3 months beginning with 10 Jan end with 9 Apr (00:00 BST 10 Apr = 23:00Z 9 Apr).
    auto report = evaluatePatientAlerts(builtinRules(), input, instant("2026-04-08T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_TRUE(report->detention.has_value());
    EXPECT_EQ(report->detention->powerCode, "s3");
    EXPECT_FALSE(report->detention->lapsed);
    ASSERT_EQ(report->concurrentPowers.size(), 1u);
    EXPECT_EQ(report->concurrentPowers[0].powerCode, "s58");
    EXPECT_EQ(report->concurrentPowers[0].recordId, "m58");
    const PatientAlert* clock = find(*report, "mha:m58:three-months:high");
    ASSERT_NE(clock, nullptr);
    EXPECT_EQ(formatUtcIso(*clock->due), "2026-04-09T23:00:00Z");
    // Nothing of the s.3 is due within the week.
    EXPECT_TRUE(std::none_of(report->alerts.begin(), report->alerts.end(),
                             [](const PatientAlert& a) { return a.key.rfind("mha:d3:", 0) == 0; }));
}

TEST(ConcurrentPowers, RecallEndsWhileTheCtoRunsOn)
{
    PatientAlertInput input;
    input.detention = power("c1", "cto", "2026-01-05T10:00Z");
    input.concurrentPowers.push_back(power("r1", "cto-recall", "2026-03-01T10:00Z"));
    auto during = evaluatePatientAlerts(builtinRules(), input, instant("2026-03-03T10:00Z"));
    ASSERT_TRUE(during.ok()) << during.message();
    EXPECT_NE(find(*during, "mha:r1:expiry:high"), nullptr); // 72 h end at 10:00Z on 4 Mar
    EXPECT_FALSE(during->concurrentPowers[0].lapsed);

    auto after = evaluatePatientAlerts(builtinRules(), input, instant("2026-03-05T10:00Z"));
    ASSERT_TRUE(after.ok()) << after.message();
    EXPECT_TRUE(after->concurrentPowers[0].lapsed);
    EXPECT_NE(find(*after, "mha:r1:lapsed"), nullptr);
    EXPECT_FALSE(after->detention->lapsed); // the CTO itself is in its first period
    ASSERT_TRUE(after->detention->currentPeriodEnd.has_value());
    EXPECT_EQ(after->detention->currentPeriodEnd->id, "expiry");
}

TEST(ConcurrentPowers, SectionTwoDoesNotLapseWhileNearestRelativeProceedingsArePending)
{
    PatientAlertInput input;
    input.detention = power("s2a", "s2", "2026-11-01T14:00Z");
    input.detention->nearestRelativeProceedings =
        DeadlineRequest::NearestRelativeProceedings{instant("2026-11-20T10:00Z"), {}, false};
    // 28 days beginning with 1 Nov ended with 28 Nov; the application keeps it running.
    auto report = evaluatePatientAlerts(builtinRules(), input, instant("2026-12-01T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(report->detention->lapsed);
    EXPECT_EQ(find(*report, "mha:s2a:lapsed"), nullptr);
    EXPECT_TRUE(std::any_of(report->detention->notes.begin(), report->detention->notes.end(),
                            [](const std::string& n) { return n.find("s.29(4)") != std::string::npos; }));

    // Disposed of on 3 Dec with an order: 7 days beginning with 3 Dec, last day 9 Dec.
    input.detention->nearestRelativeProceedings->disposedOf = instant("2026-12-03T12:00Z");
    input.detention->nearestRelativeProceedings->orderMade = true;
    auto disposed = evaluatePatientAlerts(builtinRules(), input, instant("2026-12-08T12:00Z"));
    ASSERT_TRUE(disposed.ok()) << disposed.message();
    ASSERT_TRUE(disposed->detention->currentPeriodEnd.has_value());
    EXPECT_EQ(formatUtcIso(disposed->detention->currentPeriodEnd->due), "2026-12-10T00:00:00Z");
    EXPECT_NE(find(*disposed, "mha:s2a:expiry:high"), nullptr);
}

TEST(ConcurrentPowers, AcknowledgingOnePowersAlertLeavesTheOthersUnacknowledged)
{
    PatientAlertInput input;
    input.detention = power("c1", "cto", "2026-01-05T10:00Z");
    input.concurrentPowers.push_back(power("r1", "cto-recall", "2026-03-01T10:00Z"));
    input.concurrentPowers.push_back(power("m58", "s58", "2025-12-05T10:00Z")); // ends with 4 Mar
    input.acknowledged = {"mha:m58:three-months:high"};
    auto report = evaluatePatientAlerts(builtinRules(), input, instant("2026-03-03T10:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    const PatientAlert* recall = find(*report, "mha:r1:expiry:high");
    const PatientAlert* clock = find(*report, "mha:m58:three-months:high");
    ASSERT_NE(recall, nullptr);
    ASSERT_NE(clock, nullptr);
    EXPECT_TRUE(clock->acknowledged);
    EXPECT_FALSE(recall->acknowledged);
    EXPECT_EQ(report->alerts.front().key, "mha:r1:expiry:high"); // unacknowledged first
}

TEST(ConcurrentPowers, TheBirthDateReachesTheUnderEighteenReferral)
{
    PatientAlertInput input;
    input.detention = power("v1", "cto-revoked", "2026-01-10T10:00Z");
    input.birthDate = LocalDate{std::chrono::year{2010} / 5 / 1};
    // Under 18 throughout: s.68(6) after one year beginning with 10 Jan 2026, last day 9 Jan 2027.
    auto report = evaluatePatientAlerts(builtinRules(), input, instant("2027-01-08T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    const PatientAlert* referral = find(*report, "mha:v1:tribunal-referral-periodic:high");
    ASSERT_NE(referral, nullptr);
    EXPECT_EQ(formatUtcIso(*referral->due), "2027-01-10T00:00:00Z");

    input.birthDate.reset();
    auto adult = evaluatePatientAlerts(builtinRules(), input, instant("2027-01-08T12:00Z"));
    ASSERT_TRUE(adult.ok()) << adult.message();
    EXPECT_EQ(find(*adult, "mha:v1:tribunal-referral-periodic:high"), nullptr);
}

TEST(ConcurrentPowers, TheReferralAfterRevocationStaysDueUntilAcknowledged)
{
    PatientAlertInput input;
    input.detention = power("v2", "cto-revoked", "2026-01-10T10:00Z");
    // s.68(7): as soon as possible after the revocation, still due weeks later.
    auto report = evaluatePatientAlerts(builtinRules(), input, instant("2026-02-20T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    const PatientAlert* referral = find(*report, "mha:v2:tribunal-referral:now");
    ASSERT_NE(referral, nullptr);
    EXPECT_EQ(referral->severity, AlertSeverity::High);
    EXPECT_EQ(formatUtcIso(*referral->due), "2026-01-10T10:00:00Z");
    EXPECT_FALSE(referral->acknowledged);

    input.acknowledged = {"mha:v2:tribunal-referral:now"};
    auto done = evaluatePatientAlerts(builtinRules(), input, instant("2026-02-20T12:00Z"));
    ASSERT_TRUE(done.ok()) << done.message();
    ASSERT_NE(find(*done, "mha:v2:tribunal-referral:now"), nullptr);
    EXPECT_TRUE(find(*done, "mha:v2:tribunal-referral:now")->acknowledged);
}

TEST(ConcurrentPowers, ACtoReferralThatCannotBeCountedIsAnAlertNotASilence)
{
    PatientAlertInput input;
    input.detention = power("c7", "cto", "2026-01-05T10:00Z");
    auto unknown = evaluatePatientAlerts(builtinRules(), input, instant("2026-01-06T12:00Z"));
    ASSERT_TRUE(unknown.ok()) << unknown.message();
    const PatientAlert* alert = find(*unknown, "mha:c7:tribunal-referral:unknown");
    ASSERT_NE(alert, nullptr);
    EXPECT_EQ(alert->severity, AlertSeverity::Medium);
    EXPECT_NE(alert->detail.find("the first admission"), std::string::npos) << alert->detail;

    // With the original s.3 admission (1 Oct 2025) the referral is counted: last day 31 Mar 2026.
    input.detention->firstAdmission = instant("2025-10-01T10:00Z");
    auto known = evaluatePatientAlerts(builtinRules(), input, instant("2026-03-30T12:00Z"));
    ASSERT_TRUE(known.ok()) << known.message();
    EXPECT_EQ(find(*known, "mha:c7:tribunal-referral:unknown"), nullptr);
    const PatientAlert* referral = find(*known, "mha:c7:tribunal-referral:high");
    ASSERT_NE(referral, nullptr);
    EXPECT_EQ(formatUtcIso(*referral->due), "2026-03-31T23:00:00Z");
}

TEST(ConcurrentPowers, RefusesTwoPowersUnderOneRecordAndNamesTheBadOne)
{
    PatientAlertInput input;
    input.detention = power("x1", "s3", "2026-01-05T10:00Z");
    input.concurrentPowers.push_back(power("x1", "s58", "2026-01-10T09:00Z"));
    auto twice = evaluatePatientAlerts(builtinRules(), input, instant("2026-02-01T12:00Z"));
    ASSERT_FALSE(twice.ok());
    EXPECT_NE(twice.message().find("same legal-status record x1"), std::string::npos) << twice.message();

    input.concurrentPowers = {power("y9", "s99", "2026-01-10T09:00Z")};
    auto unknown = evaluatePatientAlerts(builtinRules(), input, instant("2026-02-01T12:00Z"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.message().find("legal status y9"), std::string::npos) << unknown.message();
}

// s.18(4), (5): an absence without leave beside the power the patient is absent from is counted
// against that power's current period, without the EPR having to say so again.
TEST(ConcurrentPowers, AnAbsenceWithoutLeaveIsCountedAgainstThePowerItIsFrom)
{
    // s.3 from 5 Jan 2026, renewal recorded: liable to be detained to the end of 4 Jan 2027. Absent
    // from 20 Jun 2026: 6 months end with 19 Dec 2026, earlier, so the retaking limit is 4 Jan 2027.
    PatientAlertInput input;
    input.detention = power("d3", "s3", "2026-01-05T10:00Z");
    input.detention->renewalsRecorded = 1;
    input.concurrentPowers.push_back(power("a1", "awol", "2026-06-20T14:00Z"));
    auto report = evaluatePatientAlerts(builtinRules(), input, instant("2027-01-02T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    const PatientAlert* limit = find(*report, "mha:a1:retaking-limit:high");
    ASSERT_NE(limit, nullptr);
    ASSERT_TRUE(limit->due.has_value());
    EXPECT_EQ(formatUtcIso(*limit->due), "2027-01-05T00:00:00Z");
    EXPECT_NE(limit->detail.find("the end of the s3 period"), std::string::npos) << limit->detail;

    // s.2 from 1 Nov 2026, absent from 10 Nov: not retaken after the 28 days (end of 28 Nov, s.18(5)).
    PatientAlertInput s2;
    s2.detention = power("d2", "s2", "2026-11-01T14:00Z");
    s2.concurrentPowers.push_back(power("a2", "awol", "2026-11-10T09:00Z"));
    auto short2 = evaluatePatientAlerts(builtinRules(), s2, instant("2026-11-27T12:00Z"));
    ASSERT_TRUE(short2.ok()) << short2.message();
    const PatientAlert* end = find(*short2, "mha:a2:retaking-limit:high");
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(formatUtcIso(*end->due), "2026-11-29T00:00:00Z");

    // An absence recorded alone: the limit cannot be counted, and says so rather than guessing.
    PatientAlertInput alone;
    alone.concurrentPowers.push_back(power("a3", "awol", "2026-11-10T09:00Z"));
    auto unknown = evaluatePatientAlerts(builtinRules(), alone, instant("2026-11-12T12:00Z"));
    ASSERT_TRUE(unknown.ok()) << unknown.message();
    const PatientAlert* missing = find(*unknown, "mha:a3:retaking-limit:unknown");
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->severity, AlertSeverity::Medium);
    EXPECT_NE(missing->detail.find("the power the patient is absent from"), std::string::npos) << missing->detail;
}

} // namespace
} // namespace avocet::core::alerts

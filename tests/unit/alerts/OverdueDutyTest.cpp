// A duty whose deadline has passed (a managers' referral, a s.41(6) report) is not dropped: it stays
// a high "overdue" alert under its own key until acknowledged or the power ends. The patient's own
// window to apply to the Tribunal is not a duty on the trust and closes without an alert.
#include "core/alerts/PatientAlerts.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>

#include "tests/unit/alerts/AlertsTestSupport.h"

namespace avocet::core::alerts {
namespace {

const RuleLibrary& rules() { return testing::builtinRules(); }

Instant at(const char* iso) { return testing::instant(iso); }

DetentionInput power(const char* id, const char* code, const char* start, int renewals = 0)
{
    DetentionInput d;
    d.id = id;
    d.power = code;
    d.start = at(start);
    d.renewalsRecorded = renewals;
    return d;
}

const PatientAlert* find(const PatientAlertReport& report, const std::string& key)
{
    const auto it = std::find_if(report.alerts.begin(), report.alerts.end(),
                                 [&](const PatientAlert& a) { return a.key == key; });
    return it == report.alerts.end() ? nullptr : &*it;
}

bool anyKeyContains(const PatientAlertReport& report, const std::string& part)
{
    return std::any_of(report.alerts.begin(), report.alerts.end(),
                       [&](const PatientAlert& a) { return a.key.find(part) != std::string::npos; });
}

// s.3 from 5 Jan 2026: the s.68(2) referral is due by the end of 4 Jul 2026 (6 months beginning with
// the admission, no s.2 before it); the first renewal is recorded, so the power runs on.
TEST(OverdueDuty, AMissedManagersReferralStaysAsAHighOverdueAlertUntilAcknowledged)
{
    PatientAlertInput input;
    input.detention = power("l3", "s3", "2026-01-05T10:00Z", 1);
    auto urgent = evaluatePatientAlerts(rules(), input, at("2026-07-03T12:00Z"));
    ASSERT_TRUE(urgent.ok()) << urgent.message();
    ASSERT_NE(find(*urgent, "mha:l3:tribunal-referral:high"), nullptr);
    input.acknowledged.insert("mha:l3:tribunal-referral:high"); // the last three days' warning seen

    for (const char* when : {"2026-07-05T09:00Z", "2026-12-01T09:00Z"}) {
        auto report = evaluatePatientAlerts(rules(), input, at(when));
        ASSERT_TRUE(report.ok()) << report.message();
        const PatientAlert* overdue = find(*report, "mha:l3:tribunal-referral:overdue");
        ASSERT_NE(overdue, nullptr) << when;
        EXPECT_EQ(overdue->severity, AlertSeverity::High);
        EXPECT_FALSE(overdue->acknowledged) << "acknowledging the warning must not hide the overdue duty";
        EXPECT_EQ(overdue->title.rfind("s3: overdue — Hospital managers refer", 0), 0u) << overdue->title;
        EXPECT_NE(overdue->detail.find("acknowledge this alert when it has been done"), std::string::npos);
        ASSERT_TRUE(overdue->due.has_value());
        EXPECT_EQ(formatUtcIso(*overdue->due), "2026-07-04T23:00:00Z");
        EXPECT_EQ(report->alerts.front().key, "mha:l3:tribunal-referral:overdue"); // high, unacknowledged first
    }

    input.acknowledged.insert("mha:l3:tribunal-referral:overdue");
    auto done = evaluatePatientAlerts(rules(), input, at("2026-12-01T09:00Z"));
    ASSERT_TRUE(done.ok()) << done.message();
    ASSERT_NE(find(*done, "mha:l3:tribunal-referral:overdue"), nullptr);
    EXPECT_TRUE(find(*done, "mha:l3:tribunal-referral:overdue")->acknowledged);
    EXPECT_EQ(done->unacknowledged(), 0);
}

// s.37/41 from 1 Mar 2024: report 1 due by the end of 28 Feb 2025, report 2 by the end of 28 Feb 2026.
TEST(OverdueDuty, AMissedSection41ReportStaysUntilTheNextReportIsDueTooAndThatOneIsRaised)
{
    PatientAlertInput input;
    input.detention = power("r1", "s37/41", "2024-03-01T10:00Z");
    auto first = evaluatePatientAlerts(rules(), input, at("2025-03-10T09:00Z"));
    ASSERT_TRUE(first.ok()) << first.message();
    ASSERT_NE(find(*first, "mha:r1:rc-report-1:overdue"), nullptr);
    EXPECT_EQ(find(*first, "mha:r1:rc-report-1:overdue")->severity, AlertSeverity::High);
    // The s.70 application period 1 ended on the same day: the patient's right, not a duty.
    EXPECT_FALSE(anyKeyContains(*first, "tribunal-application"));

    auto second = evaluatePatientAlerts(rules(), input, at("2026-03-10T09:00Z"));
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_NE(find(*second, "mha:r1:rc-report-2:overdue"), nullptr);
    EXPECT_EQ(find(*second, "mha:r1:rc-report-1:overdue"), nullptr);

    // Five years on the duty still falls due every year: report 5 by the end of 28 Feb 2029.
    auto fifth = evaluatePatientAlerts(rules(), input, at("2029-03-02T09:00Z"));
    ASSERT_TRUE(fifth.ok()) << fifth.message();
    EXPECT_NE(find(*fifth, "mha:r1:rc-report-5:overdue"), nullptr);
    auto week = evaluatePatientAlerts(rules(), input, at("2029-02-25T09:00Z"));
    ASSERT_TRUE(week.ok()) << week.message();
    EXPECT_NE(find(*week, "mha:r1:rc-report-5"), nullptr); // a week ahead, medium
}

TEST(OverdueDuty, ATribunalApplicationWindowClosesWithoutAnAlert)
{
    PatientAlertInput input;
    input.detention = power("l2", "s2", "2026-11-01T14:00Z");
    auto during = evaluatePatientAlerts(rules(), input, at("2026-11-12T09:00Z"));
    ASSERT_TRUE(during.ok()) << during.message();
    EXPECT_TRUE(anyKeyContains(*during, "tribunal-application")); // 14 days end 14 Nov: a week's warning
    auto after = evaluatePatientAlerts(rules(), input, at("2026-11-16T09:00Z"));
    ASSERT_TRUE(after.ok()) << after.message();
    EXPECT_FALSE(anyKeyContains(*after, "tribunal-application"));
    EXPECT_TRUE(after->alerts.empty());
}

// The power ended by the rules (its period ended with no renewal recorded): the "expired" alert
// says what to do; the referral that fell due with it is no longer raised on its own.
TEST(OverdueDuty, NoOverdueDutyOnceThePowerHasLapsed)
{
    PatientAlertInput input;
    input.detention = power("l3", "s3", "2026-01-05T10:00Z");
    auto report = evaluatePatientAlerts(rules(), input, at("2026-07-10T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_TRUE(report->detention->lapsed);
    EXPECT_NE(find(*report, "mha:l3:expiry:expired"), nullptr);
    EXPECT_FALSE(anyKeyContains(*report, ":overdue"));
}

// A CTO made long after the original admission: the s.68(2) referral fell due under the s.3, whose
// record raised it; the CTO does not raise it again.
TEST(OverdueDuty, ADutyThatFellDueBeforeThePowerBeganBelongsToTheEarlierPower)
{
    PatientAlertInput input;
    input.detention = power("c1", "cto", "2026-03-01T10:00Z");
    input.detention->firstAdmission = at("2025-01-10T10:00Z");
    auto report = evaluatePatientAlerts(rules(), input, at("2026-04-01T10:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(anyKeyContains(*report, ":overdue"));
}

// The tables mark every referral and report as a duty, and no application window or condition.
TEST(OverdueDuty, EveryReferralAndReportInTheTablesIsADutyAndNoApplicationWindowIs)
{
    int duties = 0;
    for (const RuleSet& set : rules().sets()) {
        for (const PowerRule& p : set.powers) {
            for (const FixedDeadlineRule& rule : p.deadlines) {
                const bool referralOrReport = rule.id.find("referral") != std::string::npos ||
                                              rule.id.find("report") != std::string::npos ||
                                              rule.id == "consider-cto";
                if (rule.immediate)
                    continue; // due at once, raised until acknowledged in any case
                EXPECT_EQ(rule.duty, referralOrReport) << set.version << " " << p.code << " " << rule.id;
                duties += rule.duty ? 1 : 0;
            }
        }
    }
    EXPECT_GE(duties, 2 * 14);
}

} // namespace
} // namespace avocet::core::alerts

#include <gtest/gtest.h>

#include "core/alerts/PatientAlerts.h"

namespace avocet::core::alerts {
namespace {

using namespace std::chrono;

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

TEST(PatientAlerts, SectionTwoCountsDownToTheEndOfItsTwentyEighthDay)
{
    PatientAlertInput input;
    input.detention = DetentionInput{"l1", "s2", at("2026-11-01T14:00Z"), {}, false};
    auto report = evaluatePatientAlerts(rules(), input, at("2026-11-20T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_TRUE(report->detention.has_value());
    EXPECT_EQ(report->detention->powerCode, "s2");
    ASSERT_TRUE(report->detention->currentPeriodEnd.has_value());
    // 28 days beginning with 1 November: ends at 00:00 GMT on 29 November.
    EXPECT_EQ(formatUtcIso(report->detention->currentPeriodEnd->due), "2026-11-29T00:00:00Z");
    EXPECT_FALSE(report->detention->lapsed);
    EXPECT_TRUE(report->alerts.empty()); // more than a week away
}

TEST(PatientAlerts, DeadlineWithinAWeekRaisesAnAlertAndWithinThreeDaysAHighOne)
{
    PatientAlertInput input;
    input.detention = DetentionInput{"l1", "s2", at("2026-11-01T14:00Z"), {}, false};
    auto week = evaluatePatientAlerts(rules(), input, at("2026-11-23T12:00Z"));
    ASSERT_TRUE(week.ok());
    ASSERT_EQ(week->alerts.size(), 1u);
    EXPECT_EQ(week->alerts[0].key, "mha:l1:expiry");
    EXPECT_EQ(week->alerts[0].severity, AlertSeverity::Medium);
    auto urgent = evaluatePatientAlerts(rules(), input, at("2026-11-27T12:00Z"));
    ASSERT_TRUE(urgent.ok());
    ASSERT_EQ(urgent->alerts.size(), 1u);
    EXPECT_EQ(urgent->alerts[0].severity, AlertSeverity::High);
}

TEST(PatientAlerts, LapsedPowerIsAHighAlert)
{
    PatientAlertInput input;
    input.detention = DetentionInput{"l9", "s136", at("2026-11-01T14:00Z"), {}, false};
    auto report = evaluatePatientAlerts(rules(), input, at("2026-11-05T12:00Z"));
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->detention->lapsed);
    ASSERT_FALSE(report->alerts.empty());
    EXPECT_EQ(report->alerts[0].key, "mha:l9:lapsed");
    EXPECT_EQ(report->alerts[0].severity, AlertSeverity::High);
}

TEST(PatientAlerts, OverdueRiskReviewAndPhq9ItemNineAreRaisedAndAcknowledgementsKept)
{
    PatientAlertInput input;
    input.reviews.push_back({"risk-assessment", "community", 2026y / April / 1d});
    input.scores.push_back({"sc1", "PHQ-9", "9", 1, at("2026-11-20T10:00Z"), "44260-8", false});
    input.scores.push_back({"sc2", "PHQ-9", "9", 0, at("2026-11-21T10:00Z"), "44260-8", false});
    auto report = evaluatePatientAlerts(rules(), input, at("2026-11-24T09:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_EQ(report->alerts.size(), 2u);
    EXPECT_EQ(report->alerts[0].key, "score:sc1:phq9-item9"); // high first
    EXPECT_EQ(report->alerts[0].severity, AlertSeverity::High);
    EXPECT_EQ(report->alerts[1].kind, AlertKind::Review);
    EXPECT_NE(report->alerts[1].title.find("overdue"), std::string::npos);
    EXPECT_EQ(report->unacknowledged(), 2);

    input.acknowledged.insert("score:sc1:phq9-item9");
    auto after = evaluatePatientAlerts(rules(), input, at("2026-11-24T09:00Z"));
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->unacknowledged(), 1);
    EXPECT_TRUE(after->alerts.back().acknowledged); // acknowledged ones sink to the bottom
}

TEST(PatientAlerts, UnknownPowerIsAnErrorNotAGuess)
{
    PatientAlertInput input;
    input.detention = DetentionInput{"l1", "s99", at("2026-11-01T14:00Z"), {}, false};
    EXPECT_FALSE(evaluatePatientAlerts(rules(), input, at("2026-11-20T12:00Z")).ok());
}

} // namespace
} // namespace avocet::core::alerts

#include <gtest/gtest.h>

#include "core/alerts/RuleLibrary.h"
#include "core/alerts/ReviewAlerts.h"
#include "core/alerts/ScoreAlerts.h"

namespace avocet::core::alerts {
namespace {

using namespace std::chrono;

RuleSet current()
{
    auto library = RuleLibrary::builtin();
    EXPECT_TRUE(library.ok()) << library.message();
    if (!library.ok())
        return {};
    auto set = library->activeOn(2024y / June / 1d);
    EXPECT_TRUE(set.ok());
    return set.ok() ? *set.value() : RuleSet{};
}

TEST(ScoreAlerts, Phq9Item9AboveZeroRaisesAHighAlert)
{
    const auto alerts = evaluateScores(current(), "PHQ-9", {{"9", 1}, {"total", 8}});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].ruleId, "phq9-item9");
    EXPECT_EQ(alerts[0].severity, "high");
    EXPECT_NE(alerts[0].message.find("suicide risk"), std::string::npos);
}

TEST(ScoreAlerts, Phq9Item9OfZeroRaisesNothing)
{
    EXPECT_TRUE(evaluateScores(current(), "PHQ-9", {{"9", 0}, {"total", 19}}).empty());
}

TEST(ScoreAlerts, MatchesTheItemByLoincCodeAndTheInstrumentLoosely)
{
    const auto alerts = evaluateScores(current(), "phq9", {{"44260-8", 3}});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].value, 3);
}

TEST(ScoreAlerts, UnansweredItemRaisesNothing)
{
    EXPECT_TRUE(evaluateScores(current(), "PHQ-9", {}).empty());
}

TEST(ScoreAlerts, SevereTotalsRaiseMediumAlerts)
{
    const auto phq = evaluateScores(current(), "PHQ-9", {{"9", 2}, {"total", 20}});
    ASSERT_EQ(phq.size(), 2u);
    EXPECT_EQ(phq[1].ruleId, "phq9-severe");
    const auto gad = evaluateScores(current(), "GAD-7", {{"total", 14}});
    EXPECT_TRUE(gad.empty());
    EXPECT_EQ(evaluateScores(current(), "GAD-7", {{"total", 15}}).size(), 1u);
}

TEST(ReviewAlerts, CommunityCarePlanIsDueTwelveMonthsAfterTheLastReview)
{
    auto status = evaluateReview(current(), "care-plan", "community", 2024y / February / 29d, 2024y / June / 1d);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(status->state, ReviewStatus::State::NotDue);
    EXPECT_EQ(status->dueBy, 2025y / March / 1d); // no 29 Feb 2025
}

TEST(ReviewAlerts, BecomesDueSoonThenOverdue)
{
    const auto last = 2023y / June / 10d;
    auto soon = evaluateReview(current(), "care-plan", "community", last, 2024y / May / 13d);
    ASSERT_TRUE(soon.ok());
    EXPECT_EQ(soon->state, ReviewStatus::State::DueSoon);
    auto onTheDay = evaluateReview(current(), "care-plan", "community", last, 2024y / June / 10d);
    EXPECT_EQ(onTheDay->state, ReviewStatus::State::DueSoon);
    auto late = evaluateReview(current(), "care-plan", "community", last, 2024y / June / 13d);
    EXPECT_EQ(late->state, ReviewStatus::State::Overdue);
    EXPECT_EQ(late->daysOverdue, 3);
}

TEST(ReviewAlerts, InpatientRiskReviewIsWeekly)
{
    auto status = evaluateReview(current(), "risk-assessment", "inpatient", 2024y / June / 1d, 2024y / June / 9d);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->ruleId, "risk-inpatient");
    EXPECT_EQ(status->dueBy, 2024y / June / 8d);
    EXPECT_EQ(status->state, ReviewStatus::State::Overdue);
    EXPECT_EQ(status->daysOverdue, 1);
}

TEST(ReviewAlerts, UnknownSubjectIsNotFound)
{
    EXPECT_EQ(evaluateReview(current(), "diet", "community", 2024y / June / 1d, 2024y / June / 9d).code(),
              ErrorCode::NotFound);
}

} // namespace
} // namespace avocet::core::alerts

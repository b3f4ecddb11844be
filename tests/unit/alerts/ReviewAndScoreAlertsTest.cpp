#include <gtest/gtest.h>

#include "core/alerts/RuleLibrary.h"
#include "core/alerts/ReviewAlerts.h"
#include "core/alerts/ScoreAlerts.h"
#include "core/alerts/BuiltinRules.h"
#include "core/alerts/RuleParser.h"

#include <nlohmann/json.hpp>

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

// PHQ-9 item 9, PHQ-9 total and GAD-7 total, as their LOINC codes.
constexpr const char* kItem9 = "44260-8";
constexpr const char* kPhqTotal = "44261-6";
constexpr const char* kGadTotal = "70274-6";

TEST(ScoreAlerts, Phq9Item9AboveZeroRaisesAHighAlert)
{
    const auto alerts = evaluateScores(current(), {{kItem9, 1.0, false}, {kPhqTotal, 8.0, false}});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].ruleId, "phq9-item9");
    EXPECT_EQ(alerts[0].severity, "high");
    EXPECT_NE(alerts[0].message.find("suicide risk"), std::string::npos);
}

TEST(ScoreAlerts, Phq9Item9OfZeroRaisesNothing)
{
    EXPECT_TRUE(evaluateScores(current(), {{kItem9, 0.0, false}, {kPhqTotal, 19.0, false}}).empty());
}

TEST(ScoreAlerts, RulesMatchByCodeOnlyNeverByAFormsOwnItemNames)
{
    EXPECT_TRUE(evaluateScores(current(), {{"9", 3.0, false}, {"total", 27.0, false}}).empty());
    const auto alerts = evaluateScores(current(), {{kItem9, 3.0, false}});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].value, 3);
}

TEST(ScoreAlerts, UnansweredItemRaisesNothing)
{
    EXPECT_TRUE(evaluateScores(current(), {}).empty());
    EXPECT_TRUE(evaluateScores(current(), {{kItem9, std::nullopt, false}}).empty());
}

TEST(ScoreAlerts, ADeclinedItem9IsNotZeroAndRaisesItsOwnFollowUp)
{
    const auto alerts = evaluateScores(current(), {{kItem9, std::nullopt, true}});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].ruleId, "phq9-item9-declined");
    EXPECT_TRUE(alerts[0].declined);
    EXPECT_EQ(alerts[0].severity, "high");
    EXPECT_NE(alerts[0].message.find("not a score of 0"), std::string::npos);
    // A declined item is never compared as a value, even one left at 0 by an old record.
    const auto stale = evaluateScores(current(), {{kItem9, 0.0, true}});
    ASSERT_EQ(stale.size(), 1u);
    EXPECT_EQ(stale[0].ruleId, "phq9-item9-declined");
}

TEST(ScoreAlerts, SevereTotalsRaiseMediumAlerts)
{
    const auto phq = evaluateScores(current(), {{kItem9, 2.0, false}, {kPhqTotal, 20.0, false}});
    ASSERT_EQ(phq.size(), 2u);
    EXPECT_EQ(phq[1].ruleId, "phq9-severe");
    EXPECT_TRUE(evaluateScores(current(), {{kGadTotal, 14.0, false}}).empty());
    EXPECT_EQ(evaluateScores(current(), {{kGadTotal, 15.0, false}}).size(), 1u);
}

TEST(ScoreAlerts, ARuleWithoutACodeOrPanelIsRefusedNamingWhere)
{
    const auto first = builtinRuleFiles().front();
    auto json = nlohmann::json::parse(first.text);
    json["scores"][0].erase("code");
    auto parsed = parseRuleSet(json.dump(), "edited.json");
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.message().find("/scores/0: missing required key \"code\""), std::string::npos) << parsed.message();
    json = nlohmann::json::parse(first.text);
    json["scores"][1]["value"] = 1;
    parsed = parseRuleSet(json.dump(), "edited.json");
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.message().find("declined"), std::string::npos) << parsed.message();
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

// Totals over missing items follow the instrument's published rule held in the template: no total
// over too few answers, a prorated one only where the rule allows it, never over a risk item
// (PHQ-9 item 9), and "declined to answer" is never a score of 0.
#include <fstream>
#include <sstream>

#include "core/forms/ObservationExtract.h"
#include "core/forms/ScoreRule.h"
#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core::forms;
using avocet::test::loadInline;
using avocet::test::openSession;
using avocet::test::scoreText;

namespace {

std::string shipped(const std::string& relative)
{
    std::ifstream in(std::string(AVOCET_SOURCE_DIR) + "/resources/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Questionnaire phq9()
{
    auto q = Questionnaire::fromText(shipped("templates/phq9-outcome-1.0.0.json"));
    EXPECT_TRUE(q.ok()) << q.message() << " (resources/templates)";
    return std::move(q).value();
}

// Answers PHQ-9 items 1..9 with these option codes ("" leaves one unanswered).
void answer(FormSession& s, const std::vector<std::string>& codes)
{
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (!codes[i].empty()) {
            ASSERT_TRUE(s.chooseOption("phq9-" + std::to_string(i + 1), codes[i]).ok()) << i + 1;
        }
    }
}

const std::string kNotAtAll = "LA6568-5", kSeveral = "LA6569-3", kHalf = "LA6570-1", kNearly = "LA6571-9";
const std::string kDeclined = "asked-declined";

} // namespace

TEST(ScoreRule, ABlankPhq9ShowsNoTotalNotZero)
{
    FormSession s = openSession(phq9());
    EXPECT_EQ(scoreText(s, "phq9-total"), "");
    const auto status = s.scoreStatus("phq9-total");
    ASSERT_TRUE(status);
    EXPECT_EQ(status->answered, 0u);
    EXPECT_EQ(status->of, 9u);
    EXPECT_FALSE(status->total);
    EXPECT_EQ(status->summary, "0 of 9 answered: no total");
}

TEST(ScoreRule, AllNineAnsweredGiveTheSumWithNothingToSay)
{
    FormSession s = openSession(phq9());
    answer(s, {kNearly, kNearly, kHalf, kHalf, kSeveral, kSeveral, kNotAtAll, kNotAtAll, kSeveral});
    EXPECT_EQ(scoreText(s, "phq9-total"), "13");
    EXPECT_EQ(s.scoreStatus("phq9-total")->summary, "");
    EXPECT_FALSE(s.scoreStatus("phq9-total")->prorated);
}

TEST(ScoreRule, TwoMissingItemsAreProratedFromTheMeanOfTheOthers)
{
    FormSession s = openSession(phq9());
    // Seven answered, summing 10 (item 9 answered 0): 10 x 9 / 7 = 12.86 -> 13.
    answer(s, {kNearly, kNearly, kHalf, kNotAtAll, "", "", kSeveral, kSeveral, kNotAtAll});
    EXPECT_EQ(scoreText(s, "phq9-total"), "13");
    const auto status = s.scoreStatus("phq9-total");
    EXPECT_TRUE(status->prorated);
    EXPECT_EQ(status->answered, 7u);
    EXPECT_EQ(status->missing, (std::vector<std::string>{"phq9-5", "phq9-6"}));
    EXPECT_EQ(status->summary, "7 of 9 answered: total estimated from the answered items, as the published rule allows");
}

TEST(ScoreRule, ThreeMissingItemsGiveNoTotalAndSayWhy)
{
    FormSession s = openSession(phq9());
    answer(s, {kNearly, kNearly, kHalf, "", "", "", kSeveral, kSeveral, kNotAtAll});
    EXPECT_EQ(scoreText(s, "phq9-total"), "");
    EXPECT_EQ(s.scoreStatus("phq9-total")->summary,
              "6 of 9 answered: no total, because at most 2 items may be missing");
}

TEST(ScoreRule, ItemNineIsNeverEstimatedEvenWhenItIsTheOnlyOneMissing)
{
    FormSession s = openSession(phq9());
    answer(s, {kNearly, kNearly, kHalf, kHalf, kSeveral, kSeveral, kNotAtAll, kNotAtAll, ""});
    EXPECT_EQ(scoreText(s, "phq9-total"), "");
    EXPECT_EQ(s.scoreStatus("phq9-total")->summary,
              "8 of 9 answered: no total, because item 9 is never estimated");
}

TEST(ScoreRule, DeclinedItemNineIsNotZeroAndWithholdsTheTotal)
{
    FormSession s = openSession(phq9());
    answer(s, {kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kDeclined});
    EXPECT_EQ(scoreText(s, "phq9-total"), "") << "a declined item 9 must not make a total of 0";
    const auto status = s.scoreStatus("phq9-total");
    EXPECT_EQ(status->declined, (std::vector<std::string>{"phq9-9"}));
    EXPECT_EQ(status->summary, "8 of 9 answered; item 9 declined: no total, because item 9 is never estimated");
    // A declined item 9 still completes the form: the question was asked and the answer recorded.
    EXPECT_TRUE(s.issuesFor("phq9-9").empty());
}

TEST(ScoreRule, ItemNineMustBeAnsweredOrDeclinedBeforeTheFormIsComplete)
{
    FormSession s = openSession(phq9());
    EXPECT_FALSE(s.issuesFor("phq9-9").empty());
    EXPECT_TRUE(s.issuesFor("phq9-5").empty()) << "the other items may be left out, as the rule allows";
}

TEST(ScoreRule, ADeclinedItemNineIsExtractedAsAbsentWithItsReasonNeverAsAValue)
{
    FormSession s = openSession(phq9());
    answer(s, {kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kNotAtAll, kDeclined});
    nlohmann::json response = {{"resourceType", "QuestionnaireResponse"},
                               {"status", "completed"},
                               {"subject", {{"reference", "Patient/p1"}}},
                               {"authored", "2026-11-02T10:00:00Z"},
                               {"item", s.responseItems()}};
    const auto extracted = extractObservations(s.questionnaire(), response, "client-1");
    bool sawItemNine = false;
    for (const auto& observation : extracted) {
        EXPECT_NE(observation.linkId, "phq9-total") << "no total was given, so none is extracted";
        if (observation.linkId != "phq9-9")
            continue;
        sawItemNine = true;
        EXPECT_FALSE(observation.resource.contains("valueInteger"));
        EXPECT_EQ(observation.resource["dataAbsentReason"]["coding"][0]["code"], "asked-declined");
    }
    EXPECT_TRUE(sawItemNine);
}

TEST(ScoreRule, TheGad7TotalNeedsEveryItem)
{
    auto block = nlohmann::json::parse(shipped("library/gad7-block.json"));
    nlohmann::json q = {{"resourceType", "Questionnaire"}, {"status", "active"}, {"item", block["items"]}};
    FormSession s = openSession(loadInline(q.dump()));
    for (int i = 1; i <= 6; ++i)
        ASSERT_TRUE(s.chooseOption("gad7-" + std::to_string(i), "LA6570-1").ok());
    EXPECT_EQ(scoreText(s, "gad7-total"), "");
    EXPECT_EQ(s.scoreStatus("gad7-total")->summary, "6 of 7 answered: no total, because every item must be answered");
    ASSERT_TRUE(s.chooseOption("gad7-7", "LA6570-1").ok());
    EXPECT_EQ(scoreText(s, "gad7-total"), "14");
}

TEST(ScoreRule, AMalformedRuleStopsTheFormOpeningAndNamesTheItem)
{
    auto q = nlohmann::json::parse(shipped("templates/phq9-outcome-1.0.0.json"));
    // Point the rule's neverEstimate at an item that is not scored.
    std::function<void(nlohmann::json&)> edit = [&](nlohmann::json& items) {
        for (auto& item : items) {
            if (item["linkId"] == "phq9-total")
                for (auto& ext : item["extension"])
                    if (ext["url"] == kScoreRuleExtension)
                        for (auto& part : ext["extension"])
                            if (part["url"] == "neverEstimate")
                                part["valueString"] = "assessment-date";
            if (item.contains("item"))
                edit(item["item"]);
        }
    };
    edit(q["item"]);
    auto opened = FormSession::open(loadInline(q.dump()));
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.message().find("item phq9-total, score rule: neverEstimate 'assessment-date'"), std::string::npos)
        << opened.message();
}

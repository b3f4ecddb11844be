// Score alert rules match items by code: a form holding an instrument but not an item the rules
// read for it is an error (the alert could never be raised), never silence.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/usecases/ScoreRuleCoverage.h"

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

json shipped(const std::string& relative)
{
    std::ifstream in(std::string(AVOCET_SOURCE_DIR) + "/resources/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

forms::Questionnaire load(const json& document)
{
    auto q = forms::Questionnaire::fromJson(document);
    EXPECT_TRUE(q.ok()) << q.message();
    return std::move(q).value();
}

// Drops every coding of `code` from the item `linkId`.
void uncode(json& items, const std::string& linkId, const std::string& code)
{
    for (auto& item : items) {
        if (item.value("linkId", "") == linkId && item.contains("code")) {
            json kept = json::array();
            for (const auto& coding : item["code"])
                if (coding.value("code", "") != code)
                    kept.push_back(coding);
            item["code"] = kept;
        }
        if (item.contains("item"))
            uncode(item["item"], linkId, code);
    }
}

TEST(ScoreRuleCoverage, TheShippedTemplatesAndBlocksHoldEveryItemTheRulesRead)
{
    auto gaps = scoreRuleGapsToday(load(shipped("templates/phq9-outcome-1.0.0.json")));
    ASSERT_TRUE(gaps.ok()) << gaps.message();
    EXPECT_TRUE(gaps->empty()) << gaps->front().message;
    for (const char* block : {"library/phq9-block.json", "library/gad7-block.json"}) {
        const json q = {{"resourceType", "Questionnaire"}, {"status", "active"}, {"item", shipped(block)["items"]}};
        auto blockGaps = scoreRuleGapsToday(load(q));
        ASSERT_TRUE(blockGaps.ok());
        EXPECT_TRUE(blockGaps->empty()) << block << ": " << blockGaps->front().message;
    }
}

TEST(ScoreRuleCoverage, APhq9WhoseItem9LostItsCodeIsAnErrorNamingTheRule)
{
    json q = shipped("templates/phq9-outcome-1.0.0.json");
    uncode(q["item"], "phq9-9", "44260-8");
    auto gaps = scoreRuleGapsToday(load(q));
    ASSERT_TRUE(gaps.ok());
    ASSERT_EQ(gaps->size(), 2u) << "item 9 > 0 and item 9 declined both read it";
    EXPECT_EQ((*gaps)[0].ruleId, "phq9-item9");
    EXPECT_EQ((*gaps)[0].linkId, "");
    EXPECT_NE((*gaps)[0].message.find("no item coded 44260-8 (PHQ-9 item 9)"), std::string::npos) << (*gaps)[0].message;
}

TEST(ScoreRuleCoverage, AGad7SectionWithoutItsTotalCodeIsAnErrorNamingTheSection)
{
    json block = shipped("library/gad7-block.json");
    uncode(block["items"], "gad7-total", "70274-6");
    const json q = {{"resourceType", "Questionnaire"}, {"status", "active"}, {"item", block["items"]}};
    auto gaps = scoreRuleGapsToday(load(q));
    ASSERT_TRUE(gaps.ok());
    ASSERT_EQ(gaps->size(), 1u);
    EXPECT_EQ((*gaps)[0].ruleId, "gad7-severe");
    EXPECT_EQ((*gaps)[0].linkId, "gad7");
    EXPECT_NE((*gaps)[0].message.find("Section gad7 holds the GAD-7"), std::string::npos) << (*gaps)[0].message;
}

TEST(ScoreRuleCoverage, AFormWithoutTheInstrumentNeedsNone)
{
    const json q = {{"resourceType", "Questionnaire"},
                    {"status", "active"},
                    {"item", json::array({{{"linkId", "note"}, {"type", "string"}, {"text", "Note"}}})}};
    auto gaps = scoreRuleGapsToday(load(q));
    ASSERT_TRUE(gaps.ok());
    EXPECT_TRUE(gaps->empty());
}

} // namespace
} // namespace avocet::core::usecases

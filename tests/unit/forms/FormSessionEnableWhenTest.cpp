#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core::forms;
using avocet::test::loadFixture;
using avocet::test::openSession;
using nlohmann::json;

namespace {

struct Row
{
    const char* question;
    json answer;
    std::vector<const char*> enabled;
    std::vector<const char*> disabled;
};

class EnableWhenMatrix : public ::testing::TestWithParam<Row>
{
};

} // namespace

TEST_P(EnableWhenMatrix, ShowsExactlyTheItemsWhoseConditionHolds)
{
    const Row& row = GetParam();
    FormSession s = openSession(loadFixture("lforms/enableWhen-test.R4.json"));
    if (!row.answer.is_null()) {
        ASSERT_TRUE(s.setAnswers(row.question, row.answer.get<std::vector<json>>()).ok());
    }
    for (const char* id : row.enabled) {
        EXPECT_TRUE(s.isEnabled(id)) << id << " should be shown";
    }
    for (const char* id : row.disabled) {
        EXPECT_FALSE(s.isEnabled(id)) << id << " should be hidden";
    }
}

INSTANTIATE_TEST_SUITE_P(
    Operators, EnableWhenMatrix,
    ::testing::Values(
        Row{"Q1", nullptr, {"Q1-not-exists", "Q1-not-true"}, {"Q1-exists", "Q1-true", "Q1-false"}},
        Row{"Q1", json::array({{{"valueBoolean", true}}}), {"Q1-exists", "Q1-true"}, {"Q1-not-exists", "Q1-false", "Q1-not-true"}},
        Row{"Q1", json::array({{{"valueBoolean", false}}}), {"Q1-exists", "Q1-false", "Q1-not-true"}, {"Q1-true"}},
        Row{"Q2", json::array({{{"valueDecimal", 5.6}}}), {"Q2-exists", "Q2-equal", "Q2-ge"}, {"Q2-not-exists"}},
        Row{"Q2", json::array({{{"valueDecimal", 4.7}}}), {"Q2-exists"}, {"Q2-equal", "Q2-ge"}},
        Row{"Q2", json::array({{{"valueDecimal", 4.8}}}), {"Q2-ge"}, {"Q2-equal"}},
        Row{"Q3", json::array({{{"valueInteger", 5}}}), {"Q3-equal", "Q3-ge"}, {"Q3-not-exists"}},
        Row{"Q3", json::array({{{"valueInteger", 3}}}), {"Q3-exists"}, {"Q3-equal", "Q3-ge"}},
        Row{"Q4", json::array({{{"valueDate", "2020-05-01"}}}), {"Q4-equal", "Q4-ge"}, {"Q4-not-exists"}},
        Row{"Q4", json::array({{{"valueDate", "2020-04-30"}}}), {"Q4-exists"}, {"Q4-equal", "Q4-ge"}},
        Row{"Q4", json::array({{{"valueDate", "2021-01-01"}}}), {"Q4-ge"}, {"Q4-equal"}},
        Row{"Q5", json::array({{{"valueDateTime", "2020-05-01T10:00:00Z"}}}), {"Q5-exists"}, {"Q5-not-exists"}},
        Row{"Q6", json::array({{{"valueTime", "13:30:00"}}}), {"Q6-exists"}, {"Q6-not-exists"}},
        Row{"Q7", json::array({{{"valueString", "test"}}}),
            {"Q7-equals", "Q7-gt", "Q7-ge", "Q7-ge2", "Q7-le2"}, {"Q7-notequals", "Q7-lt", "Q7-le"}},
        Row{"Q7", json::array({{{"valueString", "tes"}}}), {"Q7-notequals", "Q7-ge2", "Q7-le", "Q7-le2"},
            {"Q7-equals", "Q7-gt", "Q7-ge"}},
        Row{"Q8", json::array({{{"valueCoding", {{"system", "test-coding"}, {"code", "B"}}}}}), {"Q8-eq-B"}, {"Q8-eq-B-and-C"}},
        Row{"Q8",
            json::array({{{"valueCoding", {{"system", "test-coding"}, {"code", "B"}}}},
                         {{"valueCoding", {{"system", "test-coding"}, {"code", "C"}}}}}),
            {"Q8-eq-B", "Q8-eq-B-and-C"}, {"Q8-not-exists"}},
        Row{"Q9", json::array({{{"valueCoding", {{"system", "test-coding"}, {"code", "A"}}}}}), {"Q9-noteq-B"}, {"Q9-eq-B"}},
        Row{"Q9a", json::array({{{"valueString", "B"}}}), {"Q9a-eq-B"}, {"Q9a-noteq-B"}},
        Row{"Q9b", json::array({{{"valueInteger", 34}}}), {"Q9b-eq-B"}, {"Q9b-noteq-B"}}));

TEST(FormSession, ShowsTheEnableWhenExpressionItemOnlyForChicken)
{
    FormSession s = openSession(loadFixture("lforms/enableWhen-test.R4.json"));
    EXPECT_FALSE(s.isEnabled("Q10-ewe"));
    ASSERT_TRUE(s.setAnswer("Q10", {{"valueString", "chi"}}).ok());
    ASSERT_TRUE(s.setAnswer("Q10b", {{"valueString", "cken"}}).ok());
    EXPECT_TRUE(s.isEnabled("Q10-ewe"));
    ASSERT_TRUE(s.setAnswer("Q10b", {{"valueString", "ps"}}).ok());
    EXPECT_FALSE(s.isEnabled("Q10-ewe"));
}

TEST(FormSession, OpensTheReferenceLoopFixtureWithoutHanging)
{
    FormSession s = openSession(loadFixture("lforms/q-enableWhen-with-reference-loop.json"));
    EXPECT_TRUE(s.isEnabled("item1"));
    ASSERT_TRUE(s.setAnswer("item3", {{"valueBoolean", true}}).ok());
    EXPECT_LE(s.lastEvaluationCount(), 3u * FormSession::kMaxPassesPerChange);
}

TEST(FormSession, DisablesDescendantsOfADisabledItemAndDoesNotSubmitTheirAnswers)
{
    FormSession s = openSession(loadFixture("android-fhir/behavior_skip_logic.json"));
    ASSERT_TRUE(s.chooseOption("1.0", "Y").ok());
    EXPECT_TRUE(s.isEnabled("1.1"));
    ASSERT_TRUE(s.setAnswer("1.1", {{"valueDate", "2024-01-10"}}).ok());
    EXPECT_NE(s.responseItems().dump().find("2024-01-10"), std::string::npos);
    ASSERT_TRUE(s.chooseOption("1.0", "N").ok());
    EXPECT_FALSE(s.isEnabled("1.1"));
    EXPECT_EQ(s.responseItems().dump().find("2024-01-10"), std::string::npos);
    // The answer is kept and returns when the question is shown again.
    ASSERT_TRUE(s.chooseOption("1.0", "Y").ok());
    EXPECT_NE(s.responseItems().dump().find("2024-01-10"), std::string::npos);
}

TEST(FormSession, DisablingAGroupDisablesEverythingInsideIt)
{
    auto q = avocet::test::loadInline(R"({"resourceType":"Questionnaire","item":[
      {"linkId":"gate","type":"boolean","text":"Gate"},
      {"linkId":"g","type":"group","text":"G","enableWhen":[{"question":"gate","operator":"=","answerBoolean":true}],
       "item":[{"linkId":"inner","type":"string","text":"Inner","required":true,
                "item":[{"linkId":"deep","type":"string","text":"Deep"}]}]}]})");
    FormSession s = openSession(q);
    EXPECT_FALSE(s.isEnabled("deep"));
    EXPECT_TRUE(s.validate().empty()); // the required question is hidden, so not required
    ASSERT_TRUE(s.setAnswer("gate", {{"valueBoolean", true}}).ok());
    EXPECT_TRUE(s.isEnabled("deep"));
    ASSERT_EQ(s.validate().size(), 1u);
    EXPECT_EQ(s.validate()[0].linkId, "inner");
}

TEST(FormSession, AddsAndRemovesRepeatingGroupInstances)
{
    FormSession s = openSession(loadFixture("android-fhir/component_repeated_group.json"));
    EXPECT_EQ(s.instanceCount("1"), 1u);
    auto added = s.addGroupInstance("1");
    ASSERT_TRUE(added.ok());
    EXPECT_EQ(*added, 1u);
    ASSERT_TRUE(s.chooseOption("1-2", "answer-a", 0).ok());
    ASSERT_TRUE(s.chooseOption("1-2", "answer-c", 1).ok());
    auto items = s.responseItems();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1]["item"][0]["answer"][0]["valueCoding"]["code"], "answer-c");
    ASSERT_TRUE(s.removeGroupInstance("1", 0).ok());
    EXPECT_EQ(s.answers("1-2", 0).at(0)["valueCoding"]["code"], "answer-c");
    EXPECT_FALSE(s.removeGroupInstance("1", 0).ok()); // the last copy stays
}

TEST(FormSession, ReportsValidationProblemsInPlainWords)
{
    auto q = avocet::test::loadInline(R"({"resourceType":"Questionnaire","item":[
      {"linkId":"name","type":"string","text":"Name","maxLength":5},
      {"linkId":"nhs","type":"string","text":"NHS number","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/regex","valueString":"[0-9]{10}"}]},
      {"linkId":"age","type":"integer","text":"Age","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":120}]},
      {"linkId":"mood","type":"choice","text":"Mood","required":true,"answerOption":[{"valueCoding":{"code":"ok"}}]}]})");
    FormSession s = openSession(q);
    ASSERT_TRUE(s.setAnswer("name", {{"valueString", "Abcdefgh"}}).ok());
    ASSERT_TRUE(s.setAnswer("nhs", {{"valueString", "999000001"}}).ok());
    ASSERT_TRUE(s.setAnswer("age", {{"valueInteger", 130}}).ok());
    EXPECT_NE(s.issuesFor("name").at(0).message.find("longer than the 5"), std::string::npos);
    EXPECT_NE(s.issuesFor("nhs").at(0).message.find("expected format"), std::string::npos);
    EXPECT_NE(s.issuesFor("age").at(0).message.find("above the largest"), std::string::npos);
    EXPECT_NE(s.issuesFor("mood").at(0).message.find("must be answered"), std::string::npos);
    ASSERT_TRUE(s.setAnswer("mood", {{"valueCoding", {{"code", "angry"}}}}).ok());
    EXPECT_NE(s.issuesFor("mood").at(0).message.find("not one of the options"), std::string::npos);
    ASSERT_TRUE(s.setAnswer("age", {{"valueString", "old"}}).ok());
    EXPECT_NE(s.issuesFor("age").at(0).message.find("not the right kind"), std::string::npos);
}

TEST(FormSession, AppliesInitialValuesWhenOpened)
{
    FormSession s = openSession(loadFixture("lforms/q-enableWhen-with-reference-loop.json"));
    ASSERT_EQ(s.answers("item1").size(), 1u);
    EXPECT_EQ(s.answers("item1")[0]["valueBoolean"], false);
}

#include <gtest/gtest.h>

#include "core/forms/Questionnaire.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::forms;

namespace {

Questionnaire load(const std::string& fixture)
{
    auto q = Questionnaire::fromText(avocet::test::readFile(avocet::test::fixturePath("questionnaires/" + fixture)));
    EXPECT_TRUE(q.ok()) << fixture << ": " << q.message();
    return std::move(q).value();
}

} // namespace

TEST(QuestionnaireLoad, ReportsLineAndColumnForTheBrokenNegativeFixture)
{
    auto text = avocet::test::readFile(avocet::test::fixturePath("questionnaires/negative/SkipLogicExample-invalid-json.json"));
    auto q = Questionnaire::fromText(text);
    ASSERT_FALSE(q.ok());
    EXPECT_EQ(q.code(), ErrorCode::ParseError);
    EXPECT_NE(q.message().find("line 82, column 7"), std::string::npos) << q.message();
}

TEST(QuestionnaireLoad, RefusesFilesOverTheSizeLimit)
{
    std::string huge = R"({"resourceType":"Questionnaire","title":")" + std::string(9 * 1024 * 1024, 'x') + R"("})";
    auto q = Questionnaire::fromText(huge);
    ASSERT_FALSE(q.ok());
    EXPECT_EQ(q.code(), ErrorCode::ParseError);
    EXPECT_NE(q.message().find("limit"), std::string::npos);
}

TEST(QuestionnaireLoad, RefusesNestingDeeperThanTheLimitWithAPosition)
{
    std::string deep = R"({"resourceType":"Questionnaire","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
    auto q = Questionnaire::fromText(deep);
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.message().find("line 1, column"), std::string::npos) << q.message();
}

TEST(QuestionnaireLoad, RefusesAResourceThatIsNotAQuestionnaire)
{
    auto q = Questionnaire::fromText(R"({"resourceType":"Patient"})");
    ASSERT_FALSE(q.ok());
    EXPECT_EQ(q.code(), ErrorCode::FormInvalid);
    EXPECT_NE(q.message().find("Patient"), std::string::npos);
}

TEST(QuestionnaireLoad, CountsLinesAcrossNewlinesWhenReportingAnError)
{
    auto q = Questionnaire::fromText("{\n  \"resourceType\": \"Questionnaire\",\n  \"item\": [ , ]\n}");
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.message().find("line 3, column 13"), std::string::npos) << q.message();
}

TEST(QuestionnaireLoad, ReadsOrdinalValuesFromLformsPhq9Options)
{
    Questionnaire q = load("lforms/phq9.json");
    const QuestionnaireItem* item = q.findItem("/44250-9");
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->type, ItemType::Choice);
    EXPECT_TRUE(item->required);
    EXPECT_EQ(item->itemControl, "drop-down");
    ASSERT_EQ(item->answerOptions.size(), 4u);
    EXPECT_EQ(item->answerOptions[3].ordinalValue->toString(), "3");
    const QuestionnaireItem* total = q.findItem("/44261-6");
    ASSERT_NE(total, nullptr);
    EXPECT_EQ(total->variables.size(), 11u);
    EXPECT_TRUE(total->isCalculated());
    ASSERT_TRUE(total->unit.has_value());
}

TEST(QuestionnaireLoad, ResolvesContainedValueSetsForAnswerValueSet)
{
    Questionnaire q = load("sdc-example/Questionnaire-sdc-example-PHQ9.json");
    const QuestionnaireItem* item = q.findItem("H1/T1/Q9");
    ASSERT_NE(item, nullptr);
    EXPECT_TRUE(item->answerValueSetResolved);
    ASSERT_EQ(item->answerOptions.size(), 4u);
    EXPECT_EQ(item->answerOptions[1].value["code"], "Several-days");
    EXPECT_EQ(item->answerOptions[1].ordinalValue->toString(), "1");
    EXPECT_EQ(q.canonical(), "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9|2.8.0");
}

TEST(QuestionnaireLoad, ResolvesTheResearchKitValueSets)
{
    for (const char* name : {"researchkit/GAD-7.json", "researchkit/PHQ-9.json"}) {
        Questionnaire q = load(name);
        int choices = 0;
        for (const QuestionnaireItem* item : q.allItems()) {
            if (item->type == ItemType::Choice) {
                ++choices;
                EXPECT_TRUE(item->answerValueSetResolved) << name << " " << item->linkId;
                EXPECT_FALSE(item->answerOptions.empty());
            }
        }
        EXPECT_GE(choices, 7) << name;
    }
}

TEST(QuestionnaireLoad, ReadsEveryItemTypeOfBitOfEverything)
{
    Questionnaire q = load("lforms/bit-of-everything.json");
    for (const QuestionnaireItem* item : q.allItems()) {
        EXPECT_NE(item->type, ItemType::Unknown) << item->linkId << " " << item->typeCode;
    }
    EXPECT_EQ(q.findItem("Item-quantity")->type, ItemType::Quantity);
    EXPECT_EQ(q.findItem("Item12")->type, ItemType::OpenChoice);
    EXPECT_FALSE(q.findItem("Item-rb")->answerValueSetResolved); // external value set
}

TEST(QuestionnaireLoad, RoundTripsEverySharedFixtureUntouched)
{
    for (const char* name :
         {"lforms/phq9.json", "lforms/bit-of-everything.json", "lforms/enableWhen-test.R4.json",
          "lforms/named-expressions.json", "lforms/q-enableWhen-with-reference-loop.json",
          "sdc-example/Questionnaire-sdc-example-PHQ9.json", "researchkit/GAD-7.json", "researchkit/PHQ-9.json",
          "android-fhir/behavior_calculated_expression.json", "android-fhir/behavior_skip_logic.json",
          "android-fhir/component_repeated_group.json"}) {
        std::string text = avocet::test::readFile(avocet::test::fixturePath(std::string("questionnaires/") + name));
        Questionnaire q = load(name);
        EXPECT_EQ(q.toJson(), nlohmann::json::parse(text)) << name;
        auto again = Questionnaire::fromJson(q.toJson());
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(again->allItems().size(), q.allItems().size()) << name;
    }
}

TEST(QuestionnaireLoad, KeepsUnknownElementsAndExtensionsOfItems)
{
    Questionnaire q = load("lforms/bit-of-everything.json");
    const QuestionnaireItem* text = q.findItem("Item-text");
    ASSERT_NE(text, nullptr);
    ASSERT_NE(text->source, nullptr);
    EXPECT_TRUE(text->source->contains("extension"));
    EXPECT_TRUE(q.json().contains("useContext"));
}

TEST(QuestionnaireLoad, ReadsEnableWhenConditionsAndBehaviour)
{
    Questionnaire q = load("lforms/enableWhen-test.R4.json");
    const QuestionnaireItem* item = q.findItem("Q8-eq-B-and-C");
    ASSERT_NE(item, nullptr);
    ASSERT_EQ(item->enableWhen.size(), 2u);
    EXPECT_EQ(item->enableBehavior, "all");
    EXPECT_EQ(item->enableWhen[1].answerKey, "answerCoding");
    EXPECT_EQ(item->enableWhen[1].answer["code"], "C");
    EXPECT_TRUE(q.findItem("Q10-ewe")->enableWhenExpression.has_value());
}

TEST(QuestionnaireLoad, TreatsNamedRootCalculatedExpressionsAsVariables)
{
    Questionnaire q = load("lforms/named-expressions.json");
    ASSERT_EQ(q.rootVariables().size(), 1u);
    EXPECT_EQ(q.rootVariables()[0].name, "varD");
    EXPECT_EQ(q.findItem("idB")->calculatedExpression->name, "varB");
}

TEST(QuestionnaireLoad, RecordsItemsWithoutLinkIdAsLoadIssues)
{
    auto q = Questionnaire::fromText(R"({"resourceType":"Questionnaire","item":[{"type":"string"}, 7]})");
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->loadIssues().size(), 2u);
}

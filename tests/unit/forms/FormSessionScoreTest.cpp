#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core::forms;
using avocet::test::loadFixture;
using avocet::test::loadInline;
using avocet::test::openSession;
using avocet::test::scoreText;

namespace {

const char* const kLformsPhq9Items[] = {"/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7",
                                        "/44258-2", "/44252-5", "/44253-3", "/44260-8"};

// Picks the option whose ordinalValue is `score` for each lforms PHQ-9 item.
void answerLformsPhq9(FormSession& s, int score)
{
    for (const char* linkId : kLformsPhq9Items) {
        const QuestionnaireItem* item = s.questionnaire().findItem(linkId);
        ASSERT_NE(item, nullptr);
        bool answered = false;
        for (const AnswerOption& option : item->answerOptions) {
            if (option.ordinalValue && option.ordinalValue->toInteger() == score) {
                ASSERT_TRUE(s.setAnswer(linkId, {{"valueCoding", option.value}}).ok());
                answered = true;
            }
        }
        ASSERT_TRUE(answered) << linkId;
    }
}

void answerSdcPhq9(FormSession& s, const std::string& code)
{
    for (int i = 1; i <= 9; ++i) {
        ASSERT_TRUE(s.chooseOption("H1/T1/Q" + std::to_string(i), code).ok());
    }
}

} // namespace

TEST(FormSession, GivesTwentySevenWhenEveryPhq9ItemScoresThree)
{
    FormSession s = openSession(loadFixture("lforms/phq9.json"));
    answerLformsPhq9(s, 3);
    EXPECT_EQ(scoreText(s, "/44261-6"), "27");
    EXPECT_TRUE(s.expressionErrors().empty()) << s.expressionErrors().front().message;
}

TEST(FormSession, GivesZeroWhenEveryPhq9ItemScoresZero)
{
    FormSession s = openSession(loadFixture("lforms/phq9.json"));
    answerLformsPhq9(s, 0);
    EXPECT_EQ(scoreText(s, "/44261-6"), "0");
}

TEST(FormSession, LeavesTheLformsPhq9TotalEmptyUntilSomethingIsAnswered)
{
    FormSession s = openSession(loadFixture("lforms/phq9.json"));
    EXPECT_EQ(scoreText(s, "/44261-6"), "");
    ASSERT_TRUE(s.chooseOption("/44250-9", "LA6570-1").ok()); // "More than half the days" = 2
    EXPECT_EQ(scoreText(s, "/44261-6"), "2");
    ASSERT_TRUE(s.clearAnswers("/44250-9").ok());
    EXPECT_EQ(scoreText(s, "/44261-6"), "");
}

TEST(FormSession, ScoresTheSdcPhq9WithAnswersSumOfOrdinals)
{
    FormSession s = openSession(loadFixture("sdc-example/Questionnaire-sdc-example-PHQ9.json"));
    answerSdcPhq9(s, "Nearly every day");
    EXPECT_EQ(scoreText(s, "H1/TS"), "27");
    answerSdcPhq9(s, "Not-at-all");
    EXPECT_EQ(scoreText(s, "H1/TS"), "0");
    ASSERT_TRUE(s.chooseOption("H1/T1/Q4", "More than half the days").ok());
    EXPECT_EQ(scoreText(s, "H1/TS"), "2");
}

TEST(FormSession, RecomputesTheSdcExampleScoreInsteadOfTrustingTheStoredThirteen)
{
    FormSession s = openSession(loadFixture("sdc-example/Questionnaire-sdc-example-PHQ9.json"));
    auto response = nlohmann::json::parse(
        avocet::test::readFile(avocet::test::fixturePath("questionnaires/sdc-example/QuestionnaireResponse-sdc-example-PHQ9.json")));
    auto issues = s.loadResponseItems(response["item"]);
    EXPECT_TRUE(issues.empty());
    // 0+0+0+1+2+1+3+2+1: the published response claims 13.
    EXPECT_EQ(scoreText(s, "H1/TS"), "10");
}

namespace {

const char* const kWeightedForm = R"json({
  "resourceType": "Questionnaire", "url": "urn:avocet:test:weights", "version": "1", "status": "draft",
  "item": [
    {"linkId": "g", "type": "group", "item": [
      {"linkId": "a", "type": "choice", "answerOption": [
        {"valueCoding": {"code": "no"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 0}]},
        {"valueCoding": {"code": "yes"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 2.5}]}]},
      {"linkId": "b", "type": "choice", "answerOption": [
        {"valueCoding": {"code": "no"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 0}]},
        {"valueCoding": {"code": "yes"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 0.1}]}]},
      {"linkId": "total", "type": "decimal", "readOnly": true, "extension": [
        {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression": {"language": "text/fhirpath",
           "expression": "%resource.item.where(linkId='g').item.where(linkId='a' or linkId='b').answer.value.weight().sum()"}}]},
      {"linkId": "band", "type": "string", "readOnly": true, "extension": [
        {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression": {"language": "text/fhirpath",
           "expression": "iif(%total.empty(), {}, iif(%total < 1, 'none', iif(%total < 2.6, 'some', iif(%total >= 2.6, 'high', 'impossible'))))"}}]}
    ], "extension": [
      {"url": "http://hl7.org/fhir/StructureDefinition/variable",
       "valueExpression": {"name": "total", "language": "text/fhirpath",
         "expression": "%resource.item.where(linkId='g').item.where(linkId='total').answer.value"}}]}
  ]})json";

} // namespace

TEST(FormSession, SumsItemWeightsExactlyWithWeightSum)
{
    FormSession s = openSession(loadInline(kWeightedForm));
    ASSERT_TRUE(s.chooseOption("a", "yes").ok());
    ASSERT_TRUE(s.chooseOption("b", "yes").ok());
    EXPECT_EQ(scoreText(s, "total"), "2.6"); // 2.5 + 0.1 with no binary rounding noise
}

TEST(FormSession, BandsAScoreThroughANestedIifChain)
{
    FormSession s = openSession(loadInline(kWeightedForm));
    ASSERT_TRUE(s.chooseOption("a", "no").ok());
    ASSERT_TRUE(s.chooseOption("b", "no").ok());
    EXPECT_EQ(s.answers("band").at(0)["valueString"], "none");
    ASSERT_TRUE(s.chooseOption("a", "yes").ok());
    EXPECT_EQ(s.answers("band").at(0)["valueString"], "some");
    ASSERT_TRUE(s.chooseOption("b", "yes").ok());
    EXPECT_EQ(s.answers("band").at(0)["valueString"], "high");
}

TEST(FormSession, RefusesToLetAUserTypeOverACalculatedScore)
{
    FormSession s = openSession(loadFixture("lforms/phq9.json"));
    auto status = s.setAnswer("/44261-6", {{"valueDecimal", 99}});
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.code(), avocet::core::ErrorCode::InvalidArgument);
}

TEST(FormSession, EvaluatesChainedNamedExpressionsInDependencyOrder)
{
    FormSession s = openSession(loadFixture("lforms/named-expressions.json"));
    ASSERT_TRUE(s.setAnswer("idA", {{"valueInteger", 1}}).ok());
    EXPECT_EQ(scoreText(s, "idB"), "2");   // A + 1
    EXPECT_EQ(scoreText(s, "idB.1"), "3"); // varB + 1
    EXPECT_EQ(scoreText(s, "idC"), "6");   // varE(=varD(=B+2)+1)+1
    ASSERT_TRUE(s.setAnswer("idA", {{"valueInteger", 10}}).ok());
    EXPECT_EQ(scoreText(s, "idC"), "15");
}

TEST(FormSession, CalculatesAgeFromDateOfBirthWithTheInjectedClock)
{
    FormSession s = openSession(loadFixture("android-fhir/behavior_calculated_expression.json"));
    ASSERT_TRUE(s.setAnswer("birthdate", {{"valueDate", "1990-03-16"}}).ok()); // clock: 2024-03-15
    EXPECT_EQ(scoreText(s, "age"), "33");
    ASSERT_TRUE(s.setAnswer("birthdate", {{"valueDate", "1990-03-14"}}).ok()); // the template counts from the day after
    EXPECT_EQ(scoreText(s, "age"), "34");
    EXPECT_TRUE(s.expressionErrors().empty()) << s.expressionErrors().front().message;
}

TEST(FormSession, ReEvaluatesOnlyWhatDependsOnTheChangedAnswer)
{
    FormSession s = openSession(loadFixture("lforms/enableWhen-test.R4.json"));
    ASSERT_TRUE(s.setAnswer("Q3", {{"valueInteger", 5}}).ok());
    // Q3 drives Q3-exists, Q3-not-exists, Q3-equal and Q3-ge; nothing else in the form.
    EXPECT_EQ(s.lastEvaluationCount(), 4u);
}

#include <gtest/gtest.h>

#include "core/forms/FhirPath.h"
#include "tests/unit/forms/FhirPathTestSupport.h"

using avocet::test::evalToString;

TEST(FhirPath, TreatsTheNullTokenAsEmptyWithAWarning)
{
    auto expr = avocet::core::forms::FhirPathExpression::compile("iif(true, null, 1)");
    ASSERT_TRUE(expr.ok());
    ASSERT_EQ(expr->warnings().size(), 1u);
    EXPECT_EQ(evalToString("iif(true, null, 1)"), "[]");
}

TEST(FhirPath, PropagatesEmptyThroughArithmeticAndComparison)
{
    EXPECT_EQ(evalToString("{} + 1"), "[]");
    EXPECT_EQ(evalToString("missing > 3"), "[]");
    EXPECT_EQ(evalToString("(missing > 3).not()"), "[]");
}

TEST(FhirPath, AddsDecimalsExactly)
{
    EXPECT_EQ(evalToString("0.1 + 0.2 = 0.3"), "[true]");
    EXPECT_EQ(evalToString("0.1 + 0.2"), "[0.3]");
}

TEST(FhirPath, ReportsAParseErrorWithThePosition)
{
    EXPECT_NE(evalToString("1 +* 2").find("position 4"), std::string::npos);
    EXPECT_NE(evalToString("'open").find("closing"), std::string::npos);
}

TEST(FhirPath, RefusesExpressionsNestedTooDeeply)
{
    std::string deep(500, '(');
    deep += "1" + std::string(500, ')');
    EXPECT_NE(evalToString(deep).find("too deeply"), std::string::npos);
    std::string chain = "a";
    for (int i = 0; i < 5000; ++i) {
        chain += ".a";
    }
    EXPECT_NE(evalToString(chain).find("too many steps"), std::string::npos);
}

TEST(FhirPath, ReportsAnUnknownVariable)
{
    EXPECT_NE(evalToString("%nothing").find("not defined"), std::string::npos);
}

TEST(FhirPath, ReadsExtensionsByUrl)
{
    auto resource = nlohmann::json::parse(R"({"resourceType":"Questionnaire","extension":[
        {"url":"http://example.org/a","valueInteger":4},{"url":"http://example.org/b","valueInteger":5}]})");
    EXPECT_EQ(evalToString("extension('http://example.org/b').value", resource), "[5]");
    EXPECT_EQ(evalToString("Questionnaire.extension.where(url='http://example.org/a').valueInteger + 1", resource), "[5]");
}

TEST(FhirPath, TakesOrdinalsFromOptionsAndWeightsFromItemWeight)
{
    auto resource = nlohmann::json::parse(R"({"resourceType":"Questionnaire","item":[{"linkId":"q","answerOption":[
        {"valueCoding":{"code":"a"},"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":1.5}]},
        {"valueCoding":{"code":"b"},"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/itemWeight","valueDecimal":2}]}]}]})");
    EXPECT_EQ(evalToString("item.answerOption.ordinal().sum()", resource), "[3.5]");
    EXPECT_EQ(evalToString("item.answerOption.weight()", resource), "[1.5, 2]");
}

TEST(FhirPath, UsesTheInjectedClockForToday)
{
    EXPECT_EQ(evalToString("today() = @2024-03-15"), "[true]");
    EXPECT_EQ(evalToString("today() - 1 year"), "[2023-03-15]");
}

TEST(FhirPath, NavigatesChoiceElementsByTheirShortName)
{
    auto resource = nlohmann::json::parse(R"({"resourceType":"QuestionnaireResponse","item":[
        {"linkId":"d","answer":[{"valueDate":"2020-05-01"}]},{"linkId":"n","answer":[{"valueDecimal":5.6}]}]})");
    EXPECT_EQ(evalToString("item.where(linkId='d').answer.value > @2020-04-30", resource), "[true]");
    EXPECT_EQ(evalToString("item.where(linkId='n').answer.value * 2", resource), "[11.2]");
}

#include <algorithm>

#include "core/forms/QuestionnaireLinter.h"
#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core::forms;
using avocet::test::loadFixture;
using avocet::test::loadInline;

namespace {

std::vector<LintFinding> lint(const Questionnaire& q) { return QuestionnaireLinter(q).run(); }

bool hasFinding(const std::vector<LintFinding>& findings, Severity severity, const std::string& linkId,
                const std::string& fragment)
{
    return std::any_of(findings.begin(), findings.end(), [&](const LintFinding& f) {
        return f.severity == severity && f.linkId == linkId && f.message.find(fragment) != std::string::npos;
    });
}

std::string form(const std::string& items)
{
    return R"({"resourceType":"Questionnaire","url":"urn:avocet:test","version":"1","status":"draft","title":"T","item":)" +
           items + "}";
}

} // namespace

TEST(QuestionnaireLinter, LintsEverySharedFixtureWithoutCrashing)
{
    const std::vector<std::pair<std::string, bool>> fixtures{
        {"lforms/phq9.json", false},
        {"lforms/bit-of-everything.json", false},
        {"lforms/enableWhen-test.R4.json", true}, // Q9c/Q9d compare dates and times with integers
        {"lforms/named-expressions.json", false},
        {"lforms/q-enableWhen-with-reference-loop.json", true},
        {"sdc-example/Questionnaire-sdc-example-PHQ9.json", false},
        {"researchkit/GAD-7.json", false},
        {"researchkit/PHQ-9.json", false},
        {"android-fhir/behavior_calculated_expression.json", false},
        {"android-fhir/behavior_skip_logic.json", false},
        {"android-fhir/component_repeated_group.json", false},
    };
    for (const auto& [name, expectErrors] : fixtures) {
        auto findings = lint(loadFixture(name));
        EXPECT_EQ(QuestionnaireLinter::hasErrors(findings), expectErrors) << name;
        for (const auto& f : findings) {
            EXPECT_FALSE(f.message.empty()) << name;
        }
    }
}

TEST(QuestionnaireLinter, ReportsTheEnableWhenLoopInsteadOfHanging)
{
    auto findings = lint(loadFixture("lforms/q-enableWhen-with-reference-loop.json"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "item1", "loop"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "item1", "'item2'"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "item1", "'item3'"));
}

TEST(QuestionnaireLinter, FlagsADateConditionComparedWithAnInteger)
{
    auto findings = lint(loadFixture("lforms/enableWhen-test.R4.json"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "Q9c-eq-B", "date question"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "Q9d-noteq-B", "time question"));
}

TEST(QuestionnaireLinter, FindsDuplicateLinkIds)
{
    auto findings = lint(loadInline(form(R"j([{"linkId":"a","type":"string","text":"A"},{"linkId":"a","type":"integer","text":"B"}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "a", "share the linkId"));
}

TEST(QuestionnaireLinter, FindsEnableWhenPointingAtAMissingQuestion)
{
    auto findings = lint(loadInline(form(
        R"j([{"linkId":"a","type":"string","text":"A","enableWhen":[{"question":"ghost","operator":"exists","answerBoolean":true}]}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "a", "'ghost', which is not in the form"));
}

TEST(QuestionnaireLinter, FindsOperatorsThatDoNotFitTheAnswerType)
{
    auto findings = lint(loadInline(form(R"j([
      {"linkId":"b","type":"boolean","text":"B"},
      {"linkId":"c","type":"string","text":"C","enableWhen":[{"question":"b","operator":">","answerBoolean":true}]},
      {"linkId":"d","type":"string","text":"D","enableWhen":[{"question":"b","operator":"exists","answerString":"x"}]},
      {"linkId":"e","type":"string","text":"E","enableWhen":[{"question":"b","operator":"~","answerBoolean":true}]}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "c", "operator '>'"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "d", "operator 'exists'"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "e", "not known"));
}

TEST(QuestionnaireLinter, FindsExpressionsThatDoNotParseAndUnknownVariables)
{
    auto findings = lint(loadInline(form(R"j([
      {"linkId":"a","type":"integer","text":"A","readOnly":true,"extension":[
        {"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression":{"language":"text/fhirpath","expression":"1 +* 2"}}]},
      {"linkId":"b","type":"integer","text":"B","readOnly":true,"extension":[
        {"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression":{"language":"text/fhirpath","expression":"%nowhere + 1"}}]},
      {"linkId":"c","type":"integer","text":"C","readOnly":true,"extension":[
        {"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression":{"language":"text/fhirpath","expression":"iif(true, null, 1)"}}]}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "a", "cannot be read"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "b", "%nowhere"));
    EXPECT_TRUE(hasFinding(findings, Severity::Warning, "c", "'null' is not FHIRPath"));
}

TEST(QuestionnaireLinter, FindsOptionsWithoutCodesAndChoicesWithoutOptions)
{
    auto findings = lint(loadInline(form(R"j([
      {"linkId":"a","type":"choice","text":"A","answerOption":[{"valueCoding":{"display":"Yes"}}]},
      {"linkId":"b","type":"choice","text":"B"}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "a", "'Yes' has no code"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "b", "no options"));
}

TEST(QuestionnaireLinter, FindsRequiredQuestionsInsideReadOnlyGroups)
{
    auto findings = lint(loadInline(form(R"j([
      {"linkId":"g","type":"group","text":"G","readOnly":true,"item":[{"linkId":"q","type":"string","text":"Q","required":true}]}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "q", "read-only section 'g'"));
}

TEST(QuestionnaireLinter, FindsAnUnknownItemTypeAndAMissingUrl)
{
    auto q = loadInline(R"({"resourceType":"Questionnaire","item":[{"linkId":"a","type":"spreadsheet","text":"A"}]})");
    auto findings = lint(q);
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "a", "'spreadsheet' is not known"));
    EXPECT_TRUE(hasFinding(findings, Severity::Warning, "", "no url"));
    EXPECT_TRUE(hasFinding(findings, Severity::Warning, "", "no version"));
}

TEST(QuestionnaireLinter, FindsABrokenRegexAndImpossibleLimits)
{
    auto findings = lint(loadInline(form(R"j([
      {"linkId":"a","type":"string","text":"A","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/regex","valueString":"([a-z"}]},
      {"linkId":"b","type":"integer","text":"B","extension":[
        {"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueInteger":10},
        {"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":5}]}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "a", "not a valid regular expression"));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "b", "larger than the largest"));
}

TEST(QuestionnaireLinter, ReportsLoadProblemsSuchAsItemsWithoutLinkId)
{
    auto findings = lint(loadInline(form(R"j([{"type":"string","text":"A"}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Error, "", "no linkId"));
}

TEST(QuestionnaireLinter, ReportsExpressionsThatFailWhenTheFormOpens)
{
    auto findings = lint(loadInline(form(R"j([
      {"linkId":"a","type":"integer","text":"A","readOnly":true,"extension":[
        {"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression":{"language":"text/fhirpath","expression":"1 + 'x'"}}]}])j")));
    EXPECT_TRUE(hasFinding(findings, Severity::Warning, "a", "When the form is opened empty"));
}

TEST(QuestionnaireLinter, CompletesOnALongEnableWhenChain)
{
    std::string items = "[";
    for (int i = 0; i < 3000; ++i) {
        items += (i ? "," : "") + std::string(R"({"linkId":"q)") + std::to_string(i) + R"(","type":"boolean","text":"Q")";
        if (i > 0) {
            items += R"(,"enableWhen":[{"question":"q)" + std::to_string(i - 1) + R"(","operator":"=","answerBoolean":true}])";
        }
        items += "}";
    }
    items += "]";
    auto findings = lint(loadInline(form(items)));
    EXPECT_FALSE(QuestionnaireLinter::hasErrors(findings));
}

// SDC initialExpression (with launch context) and answerExpression, run by FormSession.
#include "core/forms/QuestionnaireLinter.h"
#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core::forms;
using avocet::test::loadInline;
using nlohmann::json;

namespace {

const char* kInitial = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";
const char* kAnswerExpr = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression";

json expression(const char* url, const std::string& text)
{
    return json::array({{{"url", url}, {"valueExpression", {{"language", "text/fhirpath"}, {"expression", text}}}}});
}

Questionnaire referralForm()
{
    json q = {{"resourceType", "Questionnaire"},
              {"url", "https://fhir.avocet.example/Questionnaire/sdc-expr"},
              {"version", "1.0.0"},
              {"status", "active"},
              {"item",
               json::array({
                   {{"linkId", "dob"}, {"type", "date"}, {"text", "Date of birth"},
                    {"extension", expression(kInitial, "%patient.birthDate")}},
                   {{"linkId", "nhs"}, {"type", "string"}, {"text", "NHS number"},
                    {"extension", expression(kInitial, "%patient.identifier.where(system = "
                                                       "'https://fhir.nhs.uk/Id/nhs-number').value")}},
                   {{"linkId", "seen"}, {"type", "date"}, {"text", "Seen on"}, {"extension", expression(kInitial, "today()")}},
                   {{"linkId", "contact"}, {"type", "group"}, {"repeats", true}, {"text", "Contact"},
                    {"item", json::array({{{"linkId", "contact-date"}, {"type", "date"}, {"text", "Date"},
                                           {"extension", expression(kInitial, "%resource.item.where(linkId = "
                                                                              "'seen').answer.value")}}})}},
                   {{"linkId", "team"}, {"type", "choice"}, {"text", "Team"},
                    {"answerOption", json::array({{{"valueCoding", {{"system", "urn:team"}, {"code", "cmht"}}}},
                                                  {{"valueCoding", {{"system", "urn:team"}, {"code", "eip"}}}},
                                                  {{"valueCoding", {{"system", "urn:team"}, {"code", "crisis"}}}}})}},
                   {{"linkId", "lead"}, {"type", "choice"}, {"text", "Lead team (one of those chosen)"},
                    {"extension", expression(kAnswerExpr, "%resource.item.where(linkId = 'team').answer.value")}},
               })}};
    return loadInline(q.dump());
}

SessionOptions withPatient()
{
    SessionOptions options;
    options.clock = avocet::test::fixedClock;
    options.launchContext["patient"] = json::parse(R"({"resourceType":"Patient","birthDate":"1980-02-29",
        "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000018"}]})");
    return options;
}

} // namespace

TEST(FormSessionSdcExpressions, InitialExpressionsFillNewFormsFromTheLaunchContextAndTheForm)
{
    const Questionnaire q = referralForm();
    auto s = FormSession::open(q, withPatient());
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(s->answers("dob").at(0), json({{"valueDate", "1980-02-29"}}));
    EXPECT_EQ(s->answers("nhs").at(0), json({{"valueString", "9990000018"}}));
    ASSERT_EQ(s->answers("seen").size(), 1u);
    const json seen = s->answers("seen").at(0);
    EXPECT_EQ(s->answers("contact-date").at(0), seen); // reads another item's initial answer
    EXPECT_TRUE(s->expressionErrors().empty());

    // A new copy of a repeating group runs its initialExpression; an answer the user cleared stays clear.
    ASSERT_TRUE(s->clearAnswers("dob").ok());
    ASSERT_EQ(*s->addGroupInstance("contact"), 1u);
    EXPECT_EQ(s->answers("contact-date", 1).at(0), seen);
    EXPECT_TRUE(s->answers("dob").empty());
}

TEST(FormSessionSdcExpressions, RestoredDraftsAndMissingLaunchContextDoNotInventAnswers)
{
    const Questionnaire q = referralForm();
    SessionOptions restore = withPatient();
    restore.applyInitialValues = false; // how DraftStore::restore opens a draft
    auto draft = FormSession::open(q, restore);
    ASSERT_TRUE(draft.ok());
    EXPECT_TRUE(draft->answers("dob").empty());
    EXPECT_TRUE(draft->answers("seen").empty());

    SessionOptions noPatient;
    noPatient.clock = avocet::test::fixedClock;
    auto bare = FormSession::open(q, noPatient);
    ASSERT_TRUE(bare.ok());
    EXPECT_TRUE(bare->answers("dob").empty());
    EXPECT_FALSE(bare->answers("seen").empty());
    bool reported = false;
    for (const auto& e : bare->expressionErrors())
        reported = reported || (e.linkId == "dob" && e.message.find("%patient") != std::string::npos);
    EXPECT_TRUE(reported);
}

TEST(FormSessionSdcExpressions, AnswerExpressionOffersWhatItsInputsAllowAndValidatesAgainstIt)
{
    const Questionnaire q = referralForm();
    auto s = FormSession::open(q, withPatient());
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->expressionOptions("lead").empty());
    const json cmht = {{"valueCoding", {{"system", "urn:team"}, {"code", "cmht"}}}};
    const json eip = {{"valueCoding", {{"system", "urn:team"}, {"code", "eip"}}}};
    const json crisis = {{"valueCoding", {{"system", "urn:team"}, {"code", "crisis"}}}};
    ASSERT_TRUE(s->setAnswers("team", {cmht}).ok());
    EXPECT_EQ(s->expressionOptions("lead"), (std::vector<json>{cmht}));
    ASSERT_TRUE(s->setAnswers("lead", {cmht}).ok());
    EXPECT_TRUE(s->issuesFor("lead").empty());

    // The team changes: the options follow, and the old lead answer no longer fits.
    ASSERT_TRUE(s->setAnswers("team", {eip}).ok());
    EXPECT_EQ(s->expressionOptions("lead"), (std::vector<json>{eip}));
    ASSERT_EQ(s->issuesFor("lead").size(), 1u);
    EXPECT_NE(s->issuesFor("lead")[0].message.find("not one of the choices"), std::string::npos);
    ASSERT_TRUE(s->setAnswers("lead", {crisis}).ok());
    EXPECT_EQ(s->issuesFor("lead").size(), 1u);
    ASSERT_TRUE(s->setAnswers("lead", {eip}).ok());
    EXPECT_TRUE(s->issuesFor("lead").empty());
}

TEST(FormSessionSdcExpressions, LintAcceptsAChoiceWhoseOptionsComeFromAnAnswerExpression)
{
    const Questionnaire q = referralForm();
    for (const auto& finding : QuestionnaireLinter(q).run()) {
        EXPECT_NE(finding.severity, Severity::Error) << finding.linkId << ": " << finding.message;
    }
}

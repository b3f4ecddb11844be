#include "core/forms/QuestionnaireResponseCodec.h"
#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core;
using namespace avocet::core::forms;
using avocet::test::loadFixture;
using avocet::test::openSession;
using nlohmann::json;

namespace {

json sdcResponse()
{
    return json::parse(avocet::test::readFile(
        avocet::test::fixturePath("questionnaires/sdc-example/QuestionnaireResponse-sdc-example-PHQ9.json")));
}

} // namespace

TEST(QuestionnaireResponseCodec, WritesUrlPipeVersionStatusAuthorAndNhsNumberSubject)
{
    FormSession s = openSession(loadFixture("sdc-example/Questionnaire-sdc-example-PHQ9.json"));
    ResponseHeader header;
    header.nhsNumber = "9990000018";
    header.authored = "2024-03-15T12:00:00Z";
    header.author = {{"reference", "Practitioner/synthetic-1"}};
    auto r = QuestionnaireResponseCodec::write(s, header);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ((*r)["questionnaire"], "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9|2.8.0");
    EXPECT_EQ((*r)["status"], "in-progress");
    EXPECT_EQ((*r)["subject"]["identifier"]["system"], "https://fhir.nhs.uk/Id/nhs-number");
    EXPECT_EQ((*r)["subject"]["identifier"]["value"], "9990000018");
    EXPECT_EQ((*r)["author"]["reference"], "Practitioner/synthetic-1");
    EXPECT_EQ((*r)["authored"], "2024-03-15T12:00:00Z");
}

TEST(QuestionnaireResponseCodec, RefusesToMarkAnIncompleteFormCompleted)
{
    FormSession s = openSession(loadFixture("researchkit/GAD-7.json"));
    ResponseHeader header;
    header.status = ResponseStatus::Completed;
    auto r = QuestionnaireResponseCodec::write(s, header);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::FormNotValid);
    header.status = ResponseStatus::InProgress;
    EXPECT_TRUE(QuestionnaireResponseCodec::write(s, header).ok()); // drafts may be incomplete
}

TEST(QuestionnaireResponseCodec, ReadsTheSdcExampleAndRecomputesItsScore)
{
    FormSession s = openSession(loadFixture("sdc-example/Questionnaire-sdc-example-PHQ9.json"));
    auto loaded = QuestionnaireResponseCodec::read(s, sdcResponse());
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    EXPECT_EQ(loaded->header.status, ResponseStatus::Completed);
    EXPECT_EQ(loaded->header.authored, "2019-08-21T20:36:57.544Z");
    EXPECT_TRUE(loaded->issues.empty());
    ResponseHeader header = loaded->header;
    auto out = QuestionnaireResponseCodec::write(s, header);
    ASSERT_TRUE(out.ok()) << out.message();
    EXPECT_EQ((*out)["status"], "completed");
    EXPECT_EQ((*out)["item"][0]["item"][9]["answer"][0]["valueQuantity"]["value"], 10);
    EXPECT_EQ((*out)["subject"]["reference"], "http://hl7.org/fhir/Patient/proband");
}

TEST(QuestionnaireResponseCodec, ReportsItemsThatDoNotMatchTheFormVersionOneByOne)
{
    FormSession s = openSession(loadFixture("sdc-example/Questionnaire-sdc-example-PHQ9.json"));
    json response = sdcResponse();
    response["questionnaire"] = "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9|1.0";
    response["item"][0]["item"][0]["linkId"] = "H1/T1/Q1-renamed";
    response["item"].push_back({{"linkId", "retired"}, {"answer", {{{"valueString", "x"}}}}});
    auto loaded = QuestionnaireResponseCodec::read(s, response);
    ASSERT_TRUE(loaded.ok());
    ASSERT_EQ(loaded->issues.size(), 3u);
    EXPECT_NE(loaded->issues[0].message.find("version 1.0"), std::string::npos);
    EXPECT_EQ(loaded->issues[1].linkId, "H1/T1/Q1-renamed");
    EXPECT_EQ(loaded->issues[2].linkId, "retired");
}

TEST(QuestionnaireResponseCodec, RefusesAResponseToADifferentForm)
{
    FormSession s = openSession(loadFixture("sdc-example/Questionnaire-sdc-example-PHQ9.json"));
    json response = sdcResponse();
    response["questionnaire"] = "http://example.org/Questionnaire/other";
    auto loaded = QuestionnaireResponseCodec::read(s, response);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.code(), ErrorCode::FormInvalid);
}

TEST(QuestionnaireResponseCodec, FollowsTheFhirStatusRules)
{
    using S = ResponseStatus;
    EXPECT_TRUE(QuestionnaireResponseCodec::checkTransition(S::InProgress, S::Completed).ok());
    EXPECT_TRUE(QuestionnaireResponseCodec::checkTransition(S::Completed, S::Amended).ok());
    EXPECT_TRUE(QuestionnaireResponseCodec::checkTransition(S::Amended, S::Amended).ok());
    EXPECT_TRUE(QuestionnaireResponseCodec::checkTransition(S::Completed, S::EnteredInError).ok());
    EXPECT_FALSE(QuestionnaireResponseCodec::checkTransition(S::Completed, S::InProgress).ok());
    EXPECT_FALSE(QuestionnaireResponseCodec::checkTransition(S::EnteredInError, S::Amended).ok());
    EXPECT_FALSE(QuestionnaireResponseCodec::checkTransition(S::InProgress, S::Amended).ok());
}

TEST(QuestionnaireResponseCodec, RejectsAnNhsNumberWithAWrongCheckDigit)
{
    EXPECT_TRUE(QuestionnaireResponseCodec::isValidNhsNumber("9990000018"));
    EXPECT_FALSE(QuestionnaireResponseCodec::isValidNhsNumber("9434765918"));
    EXPECT_FALSE(QuestionnaireResponseCodec::isValidNhsNumber("1234567890"));
    EXPECT_FALSE(QuestionnaireResponseCodec::isValidNhsNumber("0000000000"));
    FormSession s = openSession(loadFixture("researchkit/PHQ-9.json"));
    ResponseHeader header;
    header.nhsNumber = "9990000019";
    EXPECT_EQ(QuestionnaireResponseCodec::write(s, header).code(), ErrorCode::IdentityInvalid);
}

TEST(QuestionnaireResponseCodec, EvaluatesAndRoundTripsEverySharedFixture)
{
    for (const char* name :
         {"lforms/phq9.json", "lforms/bit-of-everything.json", "lforms/enableWhen-test.R4.json",
          "lforms/named-expressions.json", "lforms/q-enableWhen-with-reference-loop.json",
          "sdc-example/Questionnaire-sdc-example-PHQ9.json", "researchkit/GAD-7.json", "researchkit/PHQ-9.json",
          "android-fhir/behavior_calculated_expression.json", "android-fhir/behavior_skip_logic.json",
          "android-fhir/component_repeated_group.json"}) {
        FormSession first = openSession(loadFixture(name));
        auto written = QuestionnaireResponseCodec::write(first, {});
        ASSERT_TRUE(written.ok()) << name << ": " << written.message();
        FormSession second = openSession(loadFixture(name));
        auto read = QuestionnaireResponseCodec::read(second, *written);
        ASSERT_TRUE(read.ok()) << name;
        EXPECT_TRUE(read->issues.empty()) << name;
        EXPECT_EQ(second.responseItems(), first.responseItems()) << name;
    }
}

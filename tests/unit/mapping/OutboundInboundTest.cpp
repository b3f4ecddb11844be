// Outbound (response -> native payload) and inbound (native historic record -> response).
#include "core/mapping/InboundMapper.h"
#include "core/mapping/OutboundMapper.h"
#include "tests/unit/mapping/MappingTestSupport.h"

using namespace avocet::test::mapping;
using avocet::core::ErrorCode;

namespace {

const char* kRisk = "resources/templates/risk-assessment-1.0.0.json";
const char* kCpa = "resources/templates/cpa-review-1.0.0.json";
const char* kPhq = "resources/templates/phq9-outcome-1.0.0.json";

json coding(const std::string& system, const std::string& code)
{
    return json::array({{{"valueCoding", {{"system", system}, {"code", code}}}}});
}
json one(const char* key, const json& value) { return json::array({{{key, value}}}); }

const std::string kRiskLevel = "https://fhir.avocet.example/CodeSystem/risk-level";

json riskResponse()
{
    return makeResponse(readJson(kRisk), {{"assessment-date", one("valueDate", "2025-03-14")},
                                          {"self-harm-risk", coding(kRiskLevel, "high")},
                                          {"suicidal-ideation", one("valueBoolean", true)},
                                          {"violence-risk", coding(kRiskLevel, "low")},
                                          {"safeguarding-concern", one("valueBoolean", false)},
                                          {"protective-factors", one("valueString", "Supportive sister; engaged with team")},
                                          {"risk-summary", one("valueString", "Risk increased after discharge.")},
                                          {"next-review-date", one("valueDate", "2025-04-14")}});
}

json phqResponse()
{
    const std::vector<std::string> codes = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
    std::map<std::string, json> answers{{"assessment-date", one("valueDate", "2025-01-07")},
                                        {"phq9-total", one("valueInteger", 12)},
                                        {"difficulty", coding("http://loinc.org", "LA6573-5")}};
    for (int i = 1; i <= 9; ++i)
        answers["phq9-" + std::to_string(i)] = coding("http://loinc.org", codes[static_cast<std::size_t>(i % 4)]);
    return makeResponse(readJson(kPhq), answers);
}

} // namespace

TEST(OutboundMapping, WritesTheParisRiskPayloadFieldByFieldInParisFormatsAndCodes)
{
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), riskResponse());
    ASSERT_TRUE(out.ok()) << out.message();
    expectMatchesGolden(out->payload, "tests/unit/mapping/golden/outbound/risk-assessment-paris.json");
    EXPECT_EQ(out->payload["fields"]["RA_DATE"], "14/03/2025");
    EXPECT_EQ(out->payload["fields"]["RA_SH_LVL"], "H");
    EXPECT_EQ(out->payload["mapping"]["version"], "1.0.0");
    EXPECT_TRUE(out->warnings.empty());
}

TEST(OutboundMapping, AttachesWhatMobiusCannotHoldAndSaysSo)
{
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/mobius.json"), riskResponse());
    ASSERT_TRUE(out.ok()) << out.message();
    expectMatchesGolden(out->payload, "tests/unit/mapping/golden/outbound/risk-assessment-mobius.json");
    EXPECT_EQ(out->payload["fields"]["assessmentDate"], "2025-03-14");
    EXPECT_EQ(out->payload["fields"]["riskToSelf"], "3");
    EXPECT_EQ(out->payload["fields"]["suicidalThoughts"], true);
    ASSERT_EQ(out->warnings.size(), 1u);
    EXPECT_EQ(out->warnings[0].code, "attached");
    EXPECT_EQ(out->warnings[0].linkId, "protective-factors");
    ASSERT_EQ(out->payload["attachments"].size(), 1u);
    EXPECT_NE(out->payload["attachments"][0]["text"].get<std::string>().find("Supportive sister"), std::string::npos);
}

TEST(OutboundMapping, AppendsTheSafeguardingAnswerToTheSystmOneSummaryField)
{
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/systmone.json"), riskResponse());
    ASSERT_TRUE(out.ok()) << out.message();
    expectMatchesGolden(out->payload, "tests/unit/mapping/golden/outbound/risk-assessment-systmone.json");
    EXPECT_EQ(out->payload["fields"]["Summary"], "Risk increased after discharge.\n\n[Safeguarding concern] No");
    EXPECT_EQ(out->payload["fields"]["Date"], "20250314");
    ASSERT_EQ(out->warnings.size(), 1u);
    EXPECT_EQ(out->warnings[0].code, "appended");
}

TEST(OutboundMapping, OmitsTheSupportHoursForSystmOneWithAWarningAndConvertsHoursToMinutesForMobius)
{
    const json response = makeResponse(
        readJson(kCpa), {{"review-date", one("valueDate", "2025-05-01")},
                         {"support-hours", one("valueQuantity", {{"value", 2.5}, {"unit", "h"}, {"code", "h"}})}});
    auto s1 = m::applyOutbound(loadMapping("resources/mappings/cpa-review/1.0.0/systmone.json"), response);
    ASSERT_TRUE(s1.ok()) << s1.message();
    EXPECT_FALSE(s1->payload["fields"].contains("SupportHours"));
    ASSERT_EQ(s1->warnings.size(), 1u);
    EXPECT_EQ(s1->warnings[0].code, "omitted");
    auto mobius = m::applyOutbound(loadMapping("resources/mappings/cpa-review/1.0.0/mobius.json"), response);
    ASSERT_TRUE(mobius.ok()) << mobius.message();
    EXPECT_EQ(mobius->payload["fields"]["supportMinutesPerWeek"], 150);
}

TEST(OutboundMapping, RefusesAWholeNumberFieldWhenTheUnitConversionLeavesAFraction)
{
    const json response =
        makeResponse(readJson(kCpa), {{"support-hours", one("valueQuantity", {{"value", 0.0125}, {"code", "h"}})}});
    auto out = m::applyOutbound(loadMapping("resources/mappings/cpa-review/1.0.0/mobius.json"), response);
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.message().find("0.75 min is not a whole number"), std::string::npos) << out.message();
}

TEST(OutboundMapping, RefusesAnAnswerCodeWithNoMapAndProducesNothing)
{
    json response = riskResponse();
    response["item"][1]["item"][0]["answer"] = coding(kRiskLevel, "catastrophic");
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), response, "r.json");
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.code(), ErrorCode::MappingInvalid);
    EXPECT_NE(out.message().find("nothing was produced"), std::string::npos);
    EXPECT_NE(out.message().find("r.json#/item/1/item/0 (linkId 'self-harm-risk')"), std::string::npos) << out.message();
    EXPECT_NE(out.message().find("catastrophic"), std::string::npos);
}

TEST(OutboundMapping, RefusesAnAnsweredItemTheMappingDoesNotMention)
{
    json response = riskResponse();
    response["item"].push_back({{"linkId", "new-item"}, {"answer", one("valueString", "x")}});
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), response);
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.message().find("'new-item'): answered, but mapping risk-assessment.paris@1.0.0 has no entry"),
              std::string::npos)
        << out.message();
}

TEST(OutboundMapping, RefusesAPartialDateForAFullDateFieldAndATemplateVersionOutsideTheRange)
{
    json response = riskResponse();
    response["item"][0]["item"][0]["answer"] = one("valueDate", "2025-03");
    auto partial = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), response);
    ASSERT_FALSE(partial.ok());
    EXPECT_NE(partial.message().find("not a full date"), std::string::npos);

    response = riskResponse();
    response["questionnaire"] = "https://fhir.avocet.example/Questionnaire/risk-assessment|1.1.0";
    auto version = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), response);
    ASSERT_FALSE(version.ok());
    EXPECT_NE(version.message().find("'1.1.0' is outside"), std::string::npos) << version.message();
}

TEST(OutboundMapping, RefusesTextOverTheMobiusLimitWhenTheMappingSaysReject)
{
    json response = riskResponse();
    response["item"][3]["item"][1]["answer"] = one("valueString", std::string(4001, 'x'));
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/mobius.json"), response);
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.message().find("4001 characters; Mobius field riskNarrative holds 4000"), std::string::npos)
        << out.message();
}

TEST(OutboundMapping, SendsOnlyCompletedOrAmendedResponses)
{
    json response = riskResponse();
    response["status"] = "in-progress";
    auto out = m::applyOutbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), response);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.code(), ErrorCode::InvalidArgument);
}

TEST(OutboundMapping, WritesThePhq9ItemsAsEachEprsOwnCodesAndOmitsDifficultyForMobius)
{
    for (const char* epr : {"paris", "mobius", "systmone"}) {
        SCOPED_TRACE(epr);
        auto out = m::applyOutbound(loadMapping(std::string("resources/mappings/phq9-outcome/1.0.0/") + epr + ".json"),
                                    phqResponse());
        ASSERT_TRUE(out.ok()) << out.message();
        expectMatchesGolden(out->payload, std::string("tests/unit/mapping/golden/outbound/phq9-outcome-") + epr + ".json");
    }
}

TEST(InboundMapping, ReadsAParisHistoricRecordIntoTheHarmonisedFormMarkedWithItsSource)
{
    const json record = {{"format", "avocet-native-payload"},
                         {"epr", "Paris"},
                         {"form", {{"id", "PAR_RISK_SHORT"}, {"version", "7"}}},
                         {"recordId", "PAR-RA-000123"},
                         {"recordedAt", "2019-11-02T09:15:00Z"},
                         {"fields",
                          {{"RA_DATE", "02/11/2019"},
                           {"RA_SH_LVL", "VH"},
                           {"RA_SUI_IDEATION", "Y"},
                           {"RA_VIOL_LVL", "M"},
                           {"RA_NARR", "Historic narrative."},
                           {"RA_ASSESSOR_GRADE", "B6"}}}};
    auto in = m::applyInbound(loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"), record, "rec.json");
    ASSERT_TRUE(in.ok()) << in.message();
    expectMatchesGolden(in->response, "tests/unit/mapping/golden/inbound/risk-assessment-paris.json");
    EXPECT_EQ(in->response["meta"]["tag"][0]["system"], m::kSourceEprTagSystem);
    EXPECT_EQ(in->response["meta"]["tag"][0]["code"], "Paris");
    EXPECT_EQ(in->response["identifier"]["value"], "PAR-RA-000123");
    EXPECT_EQ(in->response["questionnaire"], "https://fhir.avocet.example/Questionnaire/risk-assessment|1.0.0");
    const auto answers = flattenAnswers(in->response);
    EXPECT_EQ(answers.at("details/assessment-date")[0]["valueDate"], "2019-11-02");
    EXPECT_EQ(answers.at("risk-to-self/self-harm-risk")[0]["valueCoding"]["code"], "very-high");
    ASSERT_EQ(in->warnings.size(), 1u);
    EXPECT_EQ(in->warnings[0].code, "unmappedNativeField");
    EXPECT_EQ(in->warnings[0].field, "RA_ASSESSOR_GRADE");
}

TEST(InboundMapping, ShowsAnUnknownEprCodeAsTheEprsOwnCodeInsteadOfGuessing)
{
    const json record = {{"epr", "Mobius"},
                         {"form", {{"id", "MOB-RISK-02"}}},
                         {"fields", {{"assessmentDate", "2018-06-30"}, {"riskToSelf", "9"}}}};
    auto in = m::applyInbound(loadMapping("resources/mappings/risk-assessment/1.0.0/mobius.json"), record);
    ASSERT_TRUE(in.ok()) << in.message();
    const auto answer = flattenAnswers(in->response).at("risk-to-self/self-harm-risk")[0]["valueCoding"];
    EXPECT_EQ(answer["system"], m::eprCodeSystem(avocet::core::identity::Epr::Mobius, "riskToSelf"));
    EXPECT_EQ(answer["code"], "9");
    ASSERT_EQ(in->warnings.size(), 1u);
    EXPECT_EQ(in->warnings[0].code, "unmappedNativeCode");
}

TEST(InboundMapping, StripsAppendedSectionsFromTheFreeTextTheyWereAppendedTo)
{
    const json record = {{"epr", "SystmOne"},
                         {"form", {{"id", "S1-RISK"}}},
                         {"fields", {{"Summary", "Settled.\n\n[Safeguarding concern] Yes"}}}};
    auto in = m::applyInbound(loadMapping("resources/mappings/risk-assessment/1.0.0/systmone.json"), record);
    ASSERT_TRUE(in.ok()) << in.message();
    EXPECT_EQ(flattenAnswers(in->response).at("formulation/risk-summary")[0]["valueString"], "Settled.");
}

TEST(InboundMapping, RefusesARecordFromAnotherEprOrFormOrWithAnImpossibleDate)
{
    const auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json");
    EXPECT_FALSE(m::applyInbound(mapping, {{"epr", "Mobius"}, {"form", {{"id", "PAR_RISK_SHORT"}}}, {"fields", json::object()}}).ok());
    EXPECT_FALSE(m::applyInbound(mapping, {{"epr", "Paris"}, {"form", {{"id", "PAR_CPA_REVIEW"}}}, {"fields", json::object()}}).ok());
    auto bad = m::applyInbound(mapping, {{"epr", "Paris"}, {"form", {{"id", "PAR_RISK_SHORT"}}}, {"fields", {{"RA_DATE", "31/02/2019"}}}},
                               "old.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("old.json#/fields/RA_DATE (linkId 'assessment-date')"), std::string::npos)
        << bad.message();
}

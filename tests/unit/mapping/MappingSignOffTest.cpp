// Mapping entries that lose information (a many-to-one code, an omitted, appended or attached item,
// truncated text) need a recorded clinical sign-off before the mapping is published, and each
// submission that hits one says so in its payload's warnings (which the hub puts on the receipt).
#include "tests/unit/mapping/MappingTestSupport.h"

using namespace avocet::test::mapping;

namespace {

const char* kRiskMapping = "resources/mappings/risk-assessment/1.0.0/systmone.json";
const char* kRiskTemplate = "resources/templates/risk-assessment-1.0.0.json";

json withoutSignOff(json document, const std::string& linkId)
{
    for (auto& entry : document["entries"])
        if (entry.value("linkId", "") == linkId)
            entry.erase("signOff");
    return document;
}

avocet::core::Result<m::EprMapping> parse(const json& document)
{
    const auto catalogue = catalogueFor(document.value("epr", ""));
    return m::parseMapping(document, "edited.json", &catalogue);
}

} // namespace

TEST(MappingSignOff, EveryShippedLossyEntryIsSignedOffSoTheShippedMappingsFitTheirTemplates)
{
    for (const char* form : {"cpa-review", "phq9-outcome", "risk-assessment"})
        for (const char* epr : {"paris", "mobius", "systmone"}) {
            const std::string relative = std::string("resources/mappings/") + form + "/1.0.0/" + epr + ".json";
            const auto mapping = loadMapping(relative);
            const auto problems =
                m::checkAgainstTemplate(mapping, loadOutline(std::string("resources/templates/") + form + "-1.0.0.json"));
            EXPECT_TRUE(problems.empty()) << relative << ": " << problems.front();
            for (const auto& entry : mapping.entries)
                if (!m::lossDescription(entry).empty()) {
                    ASSERT_TRUE(entry.signOff) << relative << " " << entry.linkId;
                    EXPECT_FALSE(entry.signOff->why.empty());
                }
        }
}

TEST(MappingSignOff, ALossyEntryWithoutASignOffCannotBePublishedAndTheProblemNamesItAndWhy)
{
    auto parsed = parse(withoutSignOff(readJson(kRiskMapping), "self-harm-risk"));
    ASSERT_TRUE(parsed.ok()) << "a draft without the sign-off still loads: " << parsed.message();
    const auto problems = m::checkAgainstTemplate(*parsed, loadOutline(kRiskTemplate));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("edited.json#/entries/"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("(linkId 'self-harm-risk'): several answers share one EPR code (many-to-one)"),
              std::string::npos)
        << problems[0];
    EXPECT_NE(problems[0].find("clinical sign-off"), std::string::npos);
}

TEST(MappingSignOff, ASignOffMissingWhoWhenOrWhyIsRefusedNamingThePart)
{
    json document = readJson(kRiskMapping);
    for (auto& entry : document["entries"])
        if (entry.value("linkId", "") == "violence-risk") {
            entry["signOff"]["date"] = "30/11/2026";
            entry["signOff"].erase("why");
        }
    auto parsed = parse(document);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.message().find("/signOff/date: missing or not a date (YYYY-MM-DD)"), std::string::npos)
        << parsed.message();
    EXPECT_NE(parsed.message().find("/signOff/why: missing"), std::string::npos) << parsed.message();
}

TEST(MappingSignOff, ASubmissionThatHitsAManyToOneCodeCarriesAWarningNamingTheItem)
{
    const json q = readJson(kRiskTemplate);
    const auto mapping = loadMapping(kRiskMapping);
    const auto response = makeResponse(
        q, {{"assessment-date", json::array({{{"valueDate", "2026-11-30"}}})},
            {"self-harm-risk",
             json::array({{{"valueCoding", {{"system", "https://fhir.avocet.example/CodeSystem/risk-level"}, {"code", "very-high"}}}}})}});
    auto out = m::applyOutbound(mapping, response);
    ASSERT_TRUE(out.ok()) << out.message();
    bool merged = false;
    for (const auto& warning : out->warnings)
        if (warning.code == "merged" && warning.linkId == "self-harm-risk") {
            merged = true;
            EXPECT_EQ(warning.message.find("very-high"), std::string::npos) << "names no answer: " << warning.message;
        }
    EXPECT_TRUE(merged);
}

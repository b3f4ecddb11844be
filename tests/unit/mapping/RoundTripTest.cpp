// Response -> native -> response is lossless for every mapped item, for every shipped mapping,
// across every answer option of every coded item.
#include <random>

#include "core/mapping/Coverage.h"
#include "core/mapping/InboundMapper.h"
#include "core/mapping/OutboundMapper.h"
#include "core/mapping/ValueTransforms.h"
#include "tests/unit/mapping/MappingTestSupport.h"

using namespace avocet::test::mapping;

namespace {

int variantsNeeded(const m::TemplateOutline& outline)
{
    std::size_t most = 2;
    for (const auto& item : outline.items)
        most = std::max(most, item.answerCodings.size());
    return static_cast<int>(most);
}

} // namespace

TEST(MappingRoundTrip, GivesBackEveryMappedAnswerForEveryShippedMappingAndEveryAnswerOption)
{
    const auto shipped = shippedMappings();
    ASSERT_EQ(shipped.size(), 24u) << "eight templates x three EPRs";
    for (const auto& s : shipped) {
        SCOPED_TRACE(s.mapping);
        const json questionnaire = readJson(s.templ);
        const auto outline = loadOutline(s.templ);
        const auto mapping = loadMapping(s.mapping);
        const auto coverage = m::assessCoverage(outline, mapping);
        ASSERT_TRUE(coverage.isComplete()) << coverage.toText();
        int mappedChecked = 0;
        for (int variant = 0; variant < variantsNeeded(outline); ++variant) {
            const RoundTrip trip = roundTripAllAnswered(questionnaire, outline, mapping, variant);
            ASSERT_TRUE(trip.failure.empty()) << trip.failure;
            const auto before = flattenAnswers(trip.response);
            const auto after = flattenAnswers(trip.back);
            for (const auto& item : coverage.items) {
                if (item.status != "mapped")
                    continue;
                const m::TemplateItem* t = outline.find(item.linkId);
                std::string path;
                for (const auto& g : t->groupPath)
                    path += g + "/";
                path += item.linkId;
                ASSERT_TRUE(after.contains(path)) << path << " did not come back (variant " << variant << ")";
                EXPECT_EQ(after.at(path), before.at(path)) << path << " variant " << variant;
                ++mappedChecked;
            }
        }
        EXPECT_GT(mappedChecked, 0);
    }
}

TEST(MappingRoundTrip, ReadsAManyToOneCodeBackAsTheAnswerTheMappingMarksForReverse)
{
    const json questionnaire = readJson("resources/templates/risk-assessment-1.0.0.json");
    const auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/systmone.json");
    const json veryHigh = {{"valueCoding",
                            {{"system", "https://fhir.avocet.example/CodeSystem/risk-level"}, {"code", "very-high"},
                             {"display", "Very high"}}}};
    const json response = makeResponse(questionnaire, {{"assessment-date", json::array({{{"valueDate", "2025-02-01"}}})},
                                                       {"self-harm-risk", json::array({veryHigh})}});
    auto out = m::applyOutbound(mapping, response);
    ASSERT_TRUE(out.ok()) << out.message();
    EXPECT_EQ(out->payload["fields"]["SelfHarmRisk"], "High");
    auto back = m::applyInbound(mapping, out->payload);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(flattenAnswers(back->response).at("risk-to-self/self-harm-risk")[0]["valueCoding"]["code"], "high");
}

TEST(MappingRoundTrip, KeepsRandomUnicodeTextWithinTheLimitAndCutsLongerTextOnACharacterBoundary)
{
    const json questionnaire = readJson("resources/templates/risk-assessment-1.0.0.json");
    const auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json");
    const std::vector<std::string> alphabet = {"a", "Z", " ", "é", "ß", "—", "漢", "🙂", "\n", "'", "\""};
    std::mt19937 rng(20251124);
    for (int round = 0; round < 200; ++round) {
        const auto length = static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 1400)(rng));
        std::string text;
        for (std::size_t i = 0; i < length; ++i)
            text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
        const json response = makeResponse(questionnaire, {{"risk-summary", json::array({{{"valueString", text}}})}});
        auto out = m::applyOutbound(mapping, response);
        ASSERT_TRUE(out.ok()) << out.message();
        const std::string sent = out->payload["fields"]["RA_NARR"].get<std::string>();
        ASSERT_LE(m::utf8Length(sent), 1000u);
        auto back = m::applyInbound(mapping, out->payload);
        ASSERT_TRUE(back.ok()) << back.message();
        const std::string received =
            flattenAnswers(back->response).at("formulation/risk-summary")[0]["valueString"].get<std::string>();
        if (m::utf8Length(text) <= 1000) {
            EXPECT_EQ(received, text);
            EXPECT_TRUE(out->payload["attachments"].empty());
        } else {
            EXPECT_TRUE(received.ends_with(m::kTruncatedAttachedMarker));
            EXPECT_EQ(received.substr(0, received.size() - m::kTruncatedAttachedMarker.size()),
                      m::utf8Prefix(text, 1000 - m::utf8Length(m::kTruncatedAttachedMarker)));
            ASSERT_EQ(out->payload["attachments"].size(), 1u);
            EXPECT_EQ(out->payload["attachments"][0]["text"], text);
        }
    }
}

#pragma once
// Helpers for the mapping tests: shipped resources by relative name (so goldens hold no absolute
// paths), responses built from a template, golden comparison (AVOCET_UPDATE_GOLDEN=1 rewrites).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/mapping/EprMapping.h"
#include "core/mapping/InboundMapper.h"
#include "core/mapping/OutboundMapper.h"
#include "core/mapping/TemplateOutline.h"
#include "tests/support/TempDir.h"

namespace avocet::test::mapping {

namespace fs = std::filesystem;
using nlohmann::json;
namespace m = avocet::core::mapping;

inline fs::path sourcePath(const std::string& relative) { return fs::path(AVOCET_SOURCE_DIR) / relative; }

inline json readJson(const std::string& relative)
{
    auto parsed = m::readJsonFile(sourcePath(relative));
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? *parsed : json();
}

inline m::NativeCatalogue catalogueFor(const std::string& epr)
{
    std::string lower = epr;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string rel = "resources/epr/" + lower + ".json";
    auto parsed = m::parseCatalogue(readJson(rel), rel);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? *parsed : m::NativeCatalogue{};
}

// Loads a mapping with its relative path as the source name.
inline m::EprMapping loadMapping(const std::string& relative)
{
    const json document = readJson(relative);
    const auto catalogue = catalogueFor(document.value("epr", ""));
    auto parsed = m::parseMapping(document, relative, &catalogue);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? *parsed : m::EprMapping{};
}

inline m::TemplateOutline loadOutline(const std::string& relative)
{
    auto outline = m::readTemplate(readJson(relative), relative);
    EXPECT_TRUE(outline.ok()) << outline.message();
    return outline.ok() ? *outline : m::TemplateOutline{};
}

struct ShippedMapping
{
    std::string mapping;  // resources/mappings/<template>/<version>/<epr>.json
    std::string templ;    // resources/templates/<template>-<version>.json
    std::string name;     // <template>-<version>-<epr>
};

inline std::vector<ShippedMapping> shippedMappings()
{
    std::vector<ShippedMapping> out;
    for (const auto& entry : fs::recursive_directory_iterator(sourcePath("resources/mappings"))) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json")
            continue;
        const fs::path rel = fs::relative(entry.path(), sourcePath(""));
        const std::string version = entry.path().parent_path().filename().string();
        const std::string templ = entry.path().parent_path().parent_path().filename().string();
        out.push_back({rel.string(), "resources/templates/" + templ + "-" + version + ".json",
                       templ + "-" + version + "-" + entry.path().stem().string()});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.mapping < b.mapping; });
    return out;
}

// Builds a completed response nesting answers as the template nests its items.
inline json makeResponse(const json& questionnaire, const std::map<std::string, json>& answers)
{
    std::function<json(const json&)> build = [&](const json& items) {
        json out = json::array();
        for (const auto& item : items) {
            const std::string linkId = item.value("linkId", "");
            json node{{"linkId", linkId}};
            if (const auto it = answers.find(linkId); it != answers.end())
                node["answer"] = it->second;
            if (item.contains("item")) {
                json children = build(item["item"]);
                if (children.empty())
                    continue;
                node["item"] = children;
            } else if (!node.contains("answer")) {
                continue;
            }
            out.push_back(node);
        }
        return out;
    };
    return {{"resourceType", "QuestionnaireResponse"},
            {"id", "qr-test"},
            {"questionnaire", questionnaire.value("url", "") + "|" + questionnaire.value("version", "")},
            {"status", "completed"},
            {"authored", "2025-03-14T10:30:00Z"},
            {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990000018"}}}}},
            {"item", build(questionnaire["item"])}};
}

// A plausible answer for any answerable item; `variant` walks through the answer options.
inline json sampleAnswers(const m::TemplateItem& item, int variant)
{
    const auto coding = [&](std::size_t i) {
        const auto& c = item.answerCodings[i % item.answerCodings.size()];
        return json{{"valueCoding", {{"system", c.system}, {"code", c.code}, {"display", c.display}}}};
    };
    const auto v = static_cast<std::size_t>(variant);
    if (item.type == "choice" && item.repeats && item.answerCodings.size() > 1)
        return json::array({coding(v), coding(v + 1)});
    if (item.type == "choice")
        return json::array({coding(v)});
    if (item.type == "date")
        return json::array({{{"valueDate", "2025-0" + std::to_string(1 + variant % 9) + "-2" + std::to_string(variant % 9)}}});
    if (item.type == "boolean")
        return json::array({{{"valueBoolean", variant % 2 == 0}}});
    if (item.type == "integer")
        return json::array({{{"valueInteger", (variant * 7) % 28}}});
    if (item.type == "decimal")
        return json::array({{{"valueDecimal", 1.5 + variant}}});
    if (item.type == "quantity")
        return json::array({{{"valueQuantity",
                              {{"value", 1.5 + 0.25 * variant}, {"unit", "h"}, {"system", "http://unitsofmeasure.org"},
                               {"code", "h"}}}}});
    return json::array({{{"valueString", "Sample " + std::to_string(variant) + ": naïve café, “quotes”, 5 < 7 & emoji 🙂"}}});
}

// linkId path ("group/child/linkId") -> answers, for comparing responses regardless of item text.
inline std::map<std::string, json> flattenAnswers(const json& response)
{
    std::map<std::string, json> out;
    std::function<void(const json&, const std::string&)> walk = [&](const json& items, const std::string& path) {
        for (const auto& item : items) {
            const std::string here = path + item.value("linkId", "");
            if (item.contains("answer"))
                out[here] = item["answer"];
            if (item.contains("item"))
                walk(item["item"], here + "/");
        }
    };
    walk(response.value("item", json::array()), "");
    return out;
}

// Every answerable item answered with sampleAnswers(variant), sent outbound and read back inbound.
struct RoundTrip
{
    json response;
    json payload;
    json back;
    std::vector<m::MappingWarning> inboundWarnings;
    std::string failure; // empty when both directions succeeded
};

inline RoundTrip roundTripAllAnswered(const json& questionnaire, const m::TemplateOutline& outline,
                                      const m::EprMapping& mapping, int variant)
{
    RoundTrip trip;
    std::map<std::string, json> answers;
    for (const auto& item : outline.items)
        if (item.isAnswerable())
            answers[item.linkId] = sampleAnswers(item, variant);
    trip.response = makeResponse(questionnaire, answers);
    auto out = m::applyOutbound(mapping, trip.response, "generated");
    if (!out) {
        trip.failure = out.message();
        return trip;
    }
    trip.payload = out->payload;
    auto back = m::applyInbound(mapping, trip.payload, "payload");
    if (!back) {
        trip.failure = back.message();
        return trip;
    }
    trip.back = back->response;
    trip.inboundWarnings = back->warnings;
    return trip;
}

inline void expectMatchesGolden(const json& actual, const std::string& goldenRelative)
{
    const fs::path path = sourcePath(goldenRelative);
    if (const char* update = std::getenv("AVOCET_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        fs::create_directories(path.parent_path());
        std::ofstream(path) << actual.dump(2) << "\n";
        return;
    }
    auto expected = m::readJsonFile(path);
    ASSERT_TRUE(expected.ok()) << goldenRelative << " is missing; run with AVOCET_UPDATE_GOLDEN=1 to create it";
    EXPECT_EQ(actual.dump(2), expected->dump(2)) << "differs from " << goldenRelative
                                                 << " (AVOCET_UPDATE_GOLDEN=1 rewrites it after review)";
}

} // namespace avocet::test::mapping

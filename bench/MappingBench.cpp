// EPR mapping: 10,000 QuestionnaireResponses (5,000 PHQ-9, 5,000 risk assessments)
// mapped outbound to Paris, Mobius and SystmOne in turn with the shipped mappings, and the
// resulting native payloads mapped back inbound. Baseline: a plain JSON copy of the same
// documents. Both sides end the way a channel does, by serialising what they produced:
//   outbound: applyOutbound(mapping, response).payload.dump()   vs  json(response).dump()
//   inbound:  applyInbound(mapping, payload).response.dump()    vs  json(payload).dump()
// Target <= 3x.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/Bench.h"
#include "core/mapping/EprMapping.h"
#include "core/mapping/InboundMapper.h"
#include "core/mapping/OutboundMapper.h"
#include "core/mapping/TemplateOutline.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace avocet::core;
namespace bench = avocet::bench;

namespace {

fs::path sourceDir() { return fs::path(AVOCET_BENCH_SOURCE_DIR); }

struct Shipped
{
    json questionnaire;
    mapping::TemplateOutline outline;
    std::vector<mapping::EprMapping> mappings; // Paris, Mobius, SystmOne
};

Shipped loadShipped(const std::string& name)
{
    Shipped out;
    const fs::path templ = sourceDir() / "resources/templates" / (name + "-1.0.0.json");
    auto document = mapping::readJsonFile(templ);
    if (!document) {
        std::fprintf(stderr, "%s\n", document.message().c_str());
        std::exit(1);
    }
    out.questionnaire = *document;
    auto outline = mapping::readTemplate(out.questionnaire, templ.string());
    if (!outline) {
        std::fprintf(stderr, "%s\n", outline.message().c_str());
        std::exit(1);
    }
    out.outline = *outline;
    for (const char* epr : {"paris", "mobius", "systmone"}) {
        auto loaded = mapping::loadMappingFile(sourceDir() / "resources/mappings" / name / "1.0.0" /
                                               (std::string(epr) + ".json"));
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.message().c_str());
            std::exit(1);
        }
        out.mappings.push_back(std::move(*loaded));
    }
    return out;
}

// An answer for any answerable item; `n` varies codes, dates and texts (every 25th text is long
// enough to be truncated by SystmOne's 500-character limit).
json answerFor(const mapping::TemplateItem& item, int n)
{
    const auto u = static_cast<std::size_t>(n);
    if (item.type == "choice" || item.type == "open-choice") {
        json answers = json::array();
        const std::size_t count = item.repeats && item.answerCodings.size() > 1 ? 2 : 1;
        for (std::size_t k = 0; k < count && !item.answerCodings.empty(); ++k) {
            const auto& c = item.answerCodings[(u + k) % item.answerCodings.size()];
            answers.push_back({{"valueCoding", {{"system", c.system}, {"code", c.code}, {"display", c.display}}}});
        }
        return answers;
    }
    if (item.type == "date") {
        char date[16];
        std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + n % 12, 1 + n % 28);
        return json::array({{{"valueDate", date}}});
    }
    if (item.type == "boolean")
        return json::array({{{"valueBoolean", n % 3 == 0}}});
    if (item.type == "integer")
        return json::array({{{"valueInteger", n % 28}}});
    if (item.type == "decimal")
        return json::array({{{"valueDecimal", 0.5 * (n % 20)}}});
    if (item.type == "quantity")
        return json::array({{{"valueQuantity",
                              {{"value", 0.5 * (n % 8)}, {"unit", "h"}, {"system", "http://unitsofmeasure.org"},
                               {"code", "h"}}}}});
    std::string text = "Seen at home with family present; plan agreed (" + std::to_string(n) + "). Café visit é.";
    if (n % 25 == 0)
        while (text.size() < 900)
            text += " Further detail on the conversation and the agreed follow-up.";
    return json::array({{{"valueString", text}}});
}

json buildItems(const json& items, const mapping::TemplateOutline& outline, int n)
{
    json out = json::array();
    for (const auto& item : items) {
        const std::string linkId = item.value("linkId", "");
        json node{{"linkId", linkId}};
        if (const auto* def = outline.find(linkId); def && def->isAnswerable())
            node["answer"] = answerFor(*def, n);
        if (item.contains("item")) {
            json children = buildItems(item["item"], outline, n);
            if (children.empty())
                continue;
            node["item"] = std::move(children);
        } else if (!node.contains("answer")) {
            continue;
        }
        out.push_back(std::move(node));
    }
    return out;
}

json buildResponse(const Shipped& s, int n)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"id", "qr-" + std::to_string(n)},
            {"questionnaire", s.questionnaire.value("url", "") + "|" + s.questionnaire.value("version", "")},
            {"status", "completed"},
            {"authored", "2025-03-14T10:30:00Z"},
            {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990000018"}}}}},
            {"item", buildItems(s.questionnaire["item"], s.outline, n)}};
}

struct Work
{
    const mapping::EprMapping* mapping;
    json response;
    json payload; // the outbound result, input to inbound
};

int mappingScenario()
{
    const Shipped phq9 = loadShipped("phq9-outcome");
    const Shipped risk = loadShipped("risk-assessment");
    std::vector<Work> work;
    work.reserve(10000);
    for (int n = 0; n < 10000; ++n) {
        const Shipped& s = n % 2 == 0 ? phq9 : risk;
        const auto& m = s.mappings[static_cast<std::size_t>(n / 2) % 3];
        Work w{&m, buildResponse(s, n / 2), {}};
        auto out = mapping::applyOutbound(m, w.response);
        if (!out) {
            std::fprintf(stderr, "outbound refused %s: %s\n", m.label().c_str(), out.message().c_str());
            return 1;
        }
        w.payload = std::move(out->payload);
        work.push_back(std::move(w));
    }
    std::size_t sink = 0;
    const auto [outbound, copyResponses] = bench::alternate(
        5,
        [&] {
            for (const auto& w : work) {
                auto out = mapping::applyOutbound(*w.mapping, w.response);
                sink += out ? out->payload.dump().size() : 0;
            }
        },
        [&] {
            for (const auto& w : work) {
                json copy(w.response);
                sink += copy.dump().size();
            }
        });
    const auto [inbound, copyPayloads] = bench::alternate(
        5,
        [&] {
            for (const auto& w : work) {
                auto in = mapping::applyInbound(*w.mapping, w.payload);
                sink += in ? in->response.dump().size() : 0;
            }
        },
        [&] {
            for (const auto& w : work) {
                json copy(w.payload);
                sink += copy.dump().size();
            }
        });
    std::fprintf(stderr,
                 "10,000 responses: outbound %.1f ms vs copy %.1f ms; inbound %.1f ms vs copy %.1f ms (sink %zu)\n",
                 outbound * 1000, copyResponses * 1000, inbound * 1000, copyPayloads * 1000, sink);
    int misses = bench::reportRatio("mapping.outbound_10k_vs_json_copy", outbound / copyResponses, 3.0);
    misses += bench::reportRatio("mapping.inbound_10k_vs_json_copy", inbound / copyPayloads, 3.0);
    return misses;
}

} // namespace

AVOCET_BENCHMARK("mapping", mappingScenario);

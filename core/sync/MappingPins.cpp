#include "core/sync/MappingPins.h"

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/mapping/SemVer.h"
#include "core/mapping/TemplateOutline.h"

namespace avocet::core::sync {

namespace {

using nlohmann::json;

// A string member of an object, or "" (documents come from the network: never trust a type).
std::string text(const json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The pin codes already on a resource, in order.
std::vector<std::string> existingPins(const json& resource)
{
    std::vector<std::string> codes;
    const json meta = resource.is_object() ? resource.value("meta", json::object()) : json::object();
    if (!meta.is_object() || !meta.contains("tag") || !meta["tag"].is_array())
        return codes;
    for (const auto& tag : meta["tag"])
        if (text(tag, "system") == kMappingPinSystem)
            codes.push_back(text(tag, "code"));
    return codes;
}

} // namespace

std::vector<std::string> mappingPinsFor(const std::vector<json>& documents, const std::string& questionnaireCanonical)
{
    const auto [templateUrl, templateVersion] = mapping::splitCanonical(questionnaireCanonical);
    const auto wanted = mapping::SemVer::parse(templateVersion);
    if (templateUrl.empty() || !wanted)
        return {};
    // Per EPR: its active mappings for this template, then the one in force among them.
    std::map<std::string, std::vector<const json*>> byEpr;
    for (const auto& document : documents) {
        if (!document.is_object())
            continue;
        const std::string status = document.contains("status") ? text(document, "status") : "active";
        const std::string epr = text(document, "epr");
        if (status != "active" || epr.empty() || text(document, "id").empty() ||
            text(document.value("template", json::object()), "url") != templateUrl)
            continue;
        byEpr[epr].push_back(&document);
    }
    std::vector<std::string> pins;
    for (const auto& [epr, held] : byEpr) {
        std::vector<mapping::MappingCandidate> candidates;
        for (const json* document : held) {
            const json templ = document->value("template", json::object());
            candidates.push_back({text(*document, "version"), templ.is_object() && templ.contains("fits")
                                                                  ? text(templ, "fits")
                                                                  : text(templ, "version")});
        }
        if (const auto best = mapping::mappingInForce(candidates, *wanted))
            pins.push_back(text(*held[*best], "id") + "|" + candidates[*best].version);
    }
    return pins;
}

Result<int> pinMappings(SyncStore& store, json& response)
{
    if (!response.is_object() || text(response, "resourceType") != "QuestionnaireResponse")
        return 0;
    auto held = store.mappings();
    if (!held)
        return held.error();
    if (held->empty())
        return 0;

    // The EPR of every mapping held here, by pin code, to see which EPRs the response already pins.
    std::map<std::string, std::string> eprOfPin;
    for (const auto& document : *held)
        eprOfPin[text(document, "id") + "|" + text(document, "version")] = text(document, "epr");
    std::set<std::string> pinnedEprs;
    for (const auto& code : existingPins(response)) {
        const auto found = eprOfPin.find(code);
        if (found == eprOfPin.end())
            return 0; // a pin for an EPR this computer cannot name: adding one could contradict it
        pinnedEprs.insert(found->second);
    }

    int added = 0;
    for (const auto& code : mappingPinsFor(*held, text(response, "questionnaire"))) {
        if (pinnedEprs.count(eprOfPin[code]) != 0)
            continue;
        if (!response.contains("meta") || !response["meta"].is_object())
            response["meta"] = json::object();
        json& meta = response["meta"];
        if (!meta.contains("tag") || !meta["tag"].is_array())
            meta["tag"] = json::array();
        meta["tag"].push_back({{"system", kMappingPinSystem}, {"code", code}});
        ++added;
    }
    return added;
}

Status pinQueuedResponse(SyncStore& store, LocalResource& queued)
{
    auto added = pinMappings(store, queued.content);
    if (!added)
        return added.error();
    if (*added == 0)
        return Status::success();
    return store.writeResource(queued);
}

} // namespace avocet::core::sync

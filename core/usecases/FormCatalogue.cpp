#include "core/usecases/FormCatalogue.h"

#include "core/common/JsonFields.h"
#include "core/mapping/SemVer.h"
#include "core/mapping/TemplateOutline.h"
#include "core/store/Cache.h"
#include "core/sync/MappingPins.h"
#include "core/sync/SyncStore.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace avocet::core::usecases {

namespace {

using nlohmann::json;

using jsonfields::text;

struct Held
{
    std::string url;
    std::string version;
    std::string status; // the Questionnaire's status ("active" when a built-in one has none)
    std::string title;
    mapping::SemVer semver;
    const json* content = nullptr;
};

std::optional<Held> readTemplate(const json& questionnaire)
{
    if (!questionnaire.is_object() || text(questionnaire, "resourceType") != "Questionnaire")
        return std::nullopt;
    Held held;
    held.url = text(questionnaire, "url");
    held.version = text(questionnaire, "version");
    auto semver = mapping::SemVer::parse(held.version);
    if (held.url.empty() || !semver)
        return std::nullopt;
    held.semver = *semver;
    held.status = questionnaire.contains("status") ? text(questionnaire, "status") : std::string("active");
    held.title = text(questionnaire, "title");
    if (held.title.empty())
        held.title = text(questionnaire, "name");
    if (held.title.empty())
        held.title = held.url.substr(held.url.find_last_of('/') == std::string::npos ? 0 : held.url.find_last_of('/') + 1);
    held.content = &questionnaire;
    return held;
}

Result<std::vector<sync::LocalResource>> syncedTemplates(store::Cache& cache)
{
    return sync::SyncStore(cache.database()).list("Questionnaire");
}

} // namespace

Result<std::vector<AvailableForm>> availableForms(store::Cache& cache, const std::vector<json>& builtIns)
{
    auto synced = syncedTemplates(cache);
    if (!synced)
        return synced.error();
    // The hub's word per url: which versions it holds, and which of them it offers.
    std::map<std::string, std::map<std::string, Held>> hub; // url -> version -> held
    for (const auto& resource : *synced)
        if (auto held = readTemplate(resource.content))
            hub[held->url][held->version] = *held;

    std::map<std::string, std::pair<Held, std::string>> best; // url -> (template, source)
    const auto offer = [&best](const Held& held, const std::string& source) {
        auto found = best.find(held.url);
        if (found == best.end() || found->second.first.semver < held.semver)
            best[held.url] = {held, source};
    };
    for (const auto& [url, versions] : hub)
        for (const auto& [version, held] : versions)
            if (held.status == "active")
                offer(held, "published");
    for (const auto& questionnaire : builtIns) {
        auto held = readTemplate(questionnaire);
        if (!held || held->status == "retired")
            continue;
        if (const auto known = hub.find(held->url); known != hub.end()) {
            // The hub holds this form: a built-in version is offered only while the hub has not
            // retired the form (some version still active) and does not hold this version otherwise.
            const bool anyActive = std::any_of(known->second.begin(), known->second.end(),
                                               [](const auto& entry) { return entry.second.status == "active"; });
            const auto same = known->second.find(held->version);
            if (!anyActive || (same != known->second.end() && same->second.status != "active"))
                continue;
        }
        offer(*held, "built-in");
    }

    std::vector<AvailableForm> out;
    for (const auto& [url, chosen] : best) {
        const Held& held = chosen.first;
        out.push_back({held.url, held.version, held.url + "|" + held.version, held.title, chosen.second});
    }
    std::stable_sort(out.begin(), out.end(), [](const AvailableForm& a, const AvailableForm& b) {
        return a.title != b.title ? a.title < b.title : a.url < b.url;
    });
    return out;
}

Result<json> formTemplate(store::Cache& cache, const std::string& canonical, const std::vector<json>& builtIns)
{
    const auto [url, version] = mapping::splitCanonical(canonical);
    if (url.empty() || version.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "'" + canonical + "' does not name a form version (expected url|version)");
    auto synced = syncedTemplates(cache);
    if (!synced)
        return synced.error();
    for (const auto& resource : *synced)
        if (text(resource.content, "url") == url && text(resource.content, "version") == version)
            return resource.content;
    for (const auto& questionnaire : builtIns)
        if (text(questionnaire, "url") == url && text(questionnaire, "version") == version)
            return questionnaire;
    return makeError(ErrorCode::NotFound, "version " + version + " of the form " + url + " is not held on this computer");
}

Result<PinnedMappings> mappingsToPin(store::Cache& cache, const std::string& canonical)
{
    sync::SyncStore store(cache.database());
    auto held = store.mappings();
    if (!held)
        return held.error();
    const auto pins = sync::mappingPinsFor(*held, canonical);
    const std::set<std::string> wanted(pins.begin(), pins.end());
    PinnedMappings out;
    out.held = !held->empty();
    for (const auto& document : *held)
        if (wanted.count(text(document, "id") + "|" + text(document, "version")) > 0)
            out.pinned.push_back(document);
    return out;
}

} // namespace avocet::core::usecases

#pragma once
// Use case: the forms a clinician can start, and the exact template and EPR mappings a form is
// completed and previewed with. The desktop's New form list and `avocetctl forms available` both
// call it.
//
// A template comes from one of two places: built into the front end (passed in, as the desktop
// reads them from its resources), or published by a change manager to the hub and synced into the
// cache (a Questionnaire in sync_resources). For each template url the hub holds, the hub is the
// authority: its active versions are offered, a version it has retired is never offered (even when
// the same version is built in), and a url whose versions are all retired leaves the list. Among
// what remains, one entry per url: the highest version (semantic versioning). A draft keeps the
// version it was started on, whatever is offered now (formTemplate finds any version held).
#include "core/common/Result.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

struct AvailableForm
{
    std::string url;
    std::string version;
    std::string canonical; // url|version
    std::string title;     // the template's title, else its name, else the url's last segment
    std::string source;    // "published" (synced from the hub) | "built-in"
};

// The templates a clinician can start, sorted by title. builtIns: the front end's own templates
// (Questionnaire JSON); ones without url and a semantic version are ignored.
Result<std::vector<AvailableForm>> availableForms(store::Cache& cache, const std::vector<nlohmann::json>& builtIns);

// The Questionnaire for "url|version": a synced one first (whatever its status, so a draft or an
// amendment opens on the version it was made with), else a built-in one; NotFound when neither.
Result<nlohmann::json> formTemplate(store::Cache& cache, const std::string& canonical,
                                    const std::vector<nlohmann::json>& builtIns);

// The mapping documents that submitting a response to "url|version" from this computer will pin,
// one per EPR (the same choice as core/sync pinMappings), so a preview uses exactly what delivery
// will. `held` is false when this computer holds no mapping at all (a profile not synced with
// avocet-hub, the demo workspace): the front end then previews with the mappings it ships, and the
// hub chooses at delivery. When mappings are held, an EPR without one in `pinned` has none for
// this form version.
struct PinnedMappings
{
    bool held = false;
    std::vector<nlohmann::json> pinned;
};
Result<PinnedMappings> mappingsToPin(store::Cache& cache, const std::string& canonical);

} // namespace avocet::core::usecases

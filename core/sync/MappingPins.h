#pragma once
// Mapping pins: a completed QuestionnaireResponse names, per EPR, the mapping version that was in
// force on this computer when it was queued (meta.tag system kMappingPinSystem, code
// "<mapping id>|<version>"). avocet-hub renders the submission with exactly that version; without
// a pin it uses whatever mapping is active when the submission arrives, which may be newer than the
// one the clinician worked with off-line (docs/sync.md "Mapping pins", docs/hub.md "EPR delivery").

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/sync/SyncStore.h"

namespace avocet::core::sync {

// The same system avocet-hub reads (server/EprChannel.h kMappingTagSystem).
inline constexpr const char* kMappingPinSystem = "https://fhir.avocet.example/CodeSystem/epr-mapping";

// The pin codes ("id|version", one per EPR, ordered by EPR name) for a response to the template
// `questionnaireCanonical` ("url|version"), chosen from `documents` (mapping documents as the hub
// publishes them, docs/mapping.md) by the rule the hub uses for an unpinned submission: same
// template url, status "active" (the default), `template.fits` (default: `template.version`)
// holding the response's template version, and per EPR the highest mapping version by semantic
// version ("1.10.0" > "1.9.0"). Documents that do not parse that far are ignored.
std::vector<std::string> mappingPinsFor(const std::vector<nlohmann::json>& documents,
                                        const std::string& questionnaireCanonical);

// Adds the pins for the mappings held in `store` (SyncStore::mappings) to a QuestionnaireResponse.
// An EPR the response already pins keeps its pin (an amended response keeps the pins it had); a
// pin naming a mapping that is not held here cannot be told apart by EPR, so the response is then
// left as it is. No mapping held (the demo workspace, any non-hub server) adds nothing and the hub
// chooses. Returns how many pins were added.
Result<int> pinMappings(SyncStore& store, nlohmann::json& response);

// pinMappings on a resource just queued with SyncStore::createLocal (which does not keep `meta`),
// written back when a pin was added. Call it inside the transaction that queued the resource.
Status pinQueuedResponse(SyncStore& store, LocalResource& queued);

} // namespace avocet::core::sync

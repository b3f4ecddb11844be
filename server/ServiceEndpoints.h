#pragma once
// Non-FHIR-type endpoints the client needs besides the resources: the caller's team caseloads
// (GET /Caseload) and the EPR mapping documents (GET/POST /mappings). See docs/hub.md.

#include "server/FhirInteractions.h"
#include "server/HttpTypes.h"
#include "server/MappingRegistry.h"
#include "server/PgConnection.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::hub {

// A searchset Bundle: one List per team (entries = Patient references, date = when added),
// then the Patients themselves (search.mode include). ?team=<name> narrows to one team.
HubResponse serveCaseload(PgConnection& connection, const RequestContext& context, const HubRequest& request);

// GET /mappings[?template=url|version][&epr=Paris], GET /mappings/<id>/<version>,
// GET /mappings/active?template=url|version&epr=Paris, POST /mappings (change managers).
// body is the parsed request body for POST, else null.
HubResponse serveMappings(PgConnection& connection, MappingRegistry* registry, const RequestContext& context,
                          const HubRequest& request, const std::vector<std::string>& segments,
                          const nlohmann::json& body);

} // namespace avocet::hub

#pragma once
// Every error the hub returns carries a FHIR OperationOutcome that says what is wrong.

#include "server/HttpTypes.h"

#include <nlohmann/json.hpp>
#include <string>

namespace avocet::hub {

// issueCode is a FHIR issue-type code: invalid, not-found, conflict, security, login, forbidden,
// processing, not-supported, too-costly, exception, deleted, duplicate, business-rule...
nlohmann::json makeOperationOutcome(const std::string& severity, const std::string& issueCode,
                                    const std::string& diagnostics);

HubResponse errorResponse(int status, const std::string& issueCode, const std::string& diagnostics);

// A JSON resource body with the given status.
HubResponse jsonResponse(int status, const nlohmann::json& body);
// The same for a body that is not a FHIR resource (health, tokens, caseload lists, audit chains):
// Content-Type application/json.
HubResponse plainJsonResponse(int status, const nlohmann::json& body);

} // namespace avocet::hub

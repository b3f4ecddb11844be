#include "server/OperationOutcome.h"

namespace avocet::hub {

nlohmann::json makeOperationOutcome(const std::string& severity, const std::string& issueCode,
                                    const std::string& diagnostics)
{
    return nlohmann::json{
        {"resourceType", "OperationOutcome"},
        {"issue", nlohmann::json::array({nlohmann::json{
                      {"severity", severity}, {"code", issueCode}, {"diagnostics", diagnostics}}})}};
}

HubResponse errorResponse(int status, const std::string& issueCode, const std::string& diagnostics)
{
    return jsonResponse(status, makeOperationOutcome("error", issueCode, diagnostics));
}

HubResponse jsonResponse(int status, const nlohmann::json& body)
{
    HubResponse response;
    response.status = status;
    // Replace invalid UTF-8 rather than throw: a stored string must never crash a response.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

HubResponse plainJsonResponse(int status, const nlohmann::json& body)
{
    auto response = jsonResponse(status, body);
    response.contentType = "application/json";
    return response;
}

} // namespace avocet::hub

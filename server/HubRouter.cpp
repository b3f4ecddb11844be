#include "server/HubRouter.h"

#include "server/Capability.h"
#include "server/OperationOutcome.h"

namespace avocet::hub {

HubRouter::HubRouter(HubOptions options) : m_options(std::move(options)) {}

HubRouter::~HubRouter() = default;

HubResponse HubRouter::dispatch(const HubRequest& request)
{
    if (request.path == "/metadata") {
        if (request.method != "GET" && request.method != "HEAD")
            return errorResponse(405, "not-supported", "only GET is allowed on /metadata");
        return metadata();
    }
    if (request.path == "/health")
        return health();
    return errorResponse(404, "not-found", "no such endpoint: " + request.method + " " + request.path);
}

HubResponse HubRouter::metadata() const
{
    CapabilityFacts facts;
    return jsonResponse(200, makeCapabilityStatement(facts));
}

HubResponse HubRouter::health() const
{
    auto response = jsonResponse(200, {{"status", "ok"}});
    response.contentType = "application/json";
    return response;
}

} // namespace avocet::hub

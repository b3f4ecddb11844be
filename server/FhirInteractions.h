#pragma once
// The FHIR REST interactions on one open transaction, with access control applied. Used for a
// single request by the router and for every entry of a batch or transaction Bundle.

#include "server/AccessControl.h"
#include "server/PgConnection.h"
#include "server/ResourceRepository.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace avocet::hub {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct InteractionResult
{
    int status = 200;
    nlohmann::json body; // resource, Bundle or OperationOutcome; null = no body
    std::string location; // absolute URL of the version written
    std::string etag;
    std::string lastModified; // HTTP-date
    std::string resourceType; // of the resource written or read, for bundles
    std::string resourceId;
    bool isError() const { return status >= 400; }
};

class DeliveryPlanner;

struct RequestContext
{
    DeliveryPlanner* delivery = nullptr; // plans EPR messages for submissions; null = no delivery
    Caller caller;
    std::string baseUrl;
    int defaultPageSize = 50;
    int maxPageSize = 1000;
    bool lenientSearch = false;
};

InteractionResult failure(int status, const std::string& issueCode, const std::string& diagnostics);
std::string httpDateFromInstant(const std::string& instant);
std::string urlEncode(const std::string& text);
QueryParams parseQueryString(const std::string& query);

class FhirInteractions
{
public:
    FhirInteractions(PgConnection& connection, RequestContext& context);

    InteractionResult read(const std::string& type, const std::string& id);
    InteractionResult vread(const std::string& type, const std::string& id, const std::string& versionId);
    InteractionResult create(const std::string& type, nlohmann::json resource, const std::string& ifNoneExist);
    InteractionResult update(const std::string& type, const std::string& id, nlohmann::json resource,
                             const std::string& ifMatch);
    InteractionResult remove(const std::string& type, const std::string& id, const std::string& ifMatch);
    InteractionResult search(const std::string& type, const QueryParams& params);
    InteractionResult history(const std::string& type, const std::optional<std::string>& id, const QueryParams& params);

    // For transactions: assign the id a create will use before the create runs.
    InteractionResult createWithId(const std::string& type, const std::string& id, nlohmann::json resource,
                                   const std::string& ifNoneExist, std::string* matchedId);

private:
    std::optional<InteractionResult> refuse(Operation operation, const std::string& type,
                                            const std::string& compartment);
    std::optional<InteractionResult> lock();
    std::optional<InteractionResult> checkBody(const std::string& type, const nlohmann::json& resource) const;
    InteractionResult withResource(int status, const StoredResource& stored) const;
    InteractionResult storeFailure(const core::Error& error) const;
    std::optional<InteractionResult> planDelivery(const StoredResource& stored);

    PgConnection& m_connection;
    RequestContext& m_context;
    ResourceRepository m_repository;
    AccessControl m_access;
    bool m_locked = false;
};

} // namespace avocet::hub

#pragma once
// Routes a HubRequest to the FHIR interactions. Stateless apart from the shared PostgreSQL store
// (and a short-lived read-ahead of search pages, SearchPrefetch.h, that only saves queries), so
// any number of hub processes can serve the same clients.

#include "server/EprChannel.h"
#include "server/FhirInteractions.h"
#include "server/HubOptions.h"
#include "server/PgConnection.h"
#include "server/RequestDispatcher.h"

#include <memory>

namespace avocet::hub {

class OidcSignOn;
class SearchPrefetch;

class HubRouter : public RequestDispatcher
{
public:
    // pool may be null: then only /metadata and /health are served.
    // delivery may be null: then submissions are stored but not routed to any EPR.
    HubRouter(HubOptions options, std::shared_ptr<ConnectionPool> pool,
              std::shared_ptr<DeliveryPlanner> delivery = nullptr);
    ~HubRouter() override;

    HubResponse dispatch(const HubRequest& request) override;

private:
    HubResponse metadata() const;
    HubResponse health();
    HubResponse login(const HubRequest& request);
    HubResponse refresh(const HubRequest& request);
    LoginPolicy loginPolicy() const;
    SessionPolicy sessionPolicy() const;
    HubResponse logout(const HubRequest& request);
    HubResponse fhir(const HubRequest& request, RequestContext& context);
    HubResponse service(const HubRequest& request, RequestContext& context, const std::vector<std::string>& segments);
    // readOnly: no BEGIN/COMMIT (searches and history only).
    InteractionResult runInTransaction(RequestContext& context,
                                       const std::function<InteractionResult(FhirInteractions&)>& work,
                                       bool readOnly = false);
    HubResponse toResponse(InteractionResult result, const HubRequest& request) const;

    HubOptions m_options;
    std::shared_ptr<ConnectionPool> m_pool;
    std::shared_ptr<DeliveryPlanner> m_delivery;
    std::unique_ptr<SearchPrefetch> m_prefetch; // with a database only
    std::unique_ptr<OidcSignOn> m_oidc;         // with single sign-on configured only
};

} // namespace avocet::hub

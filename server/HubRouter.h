#pragma once
// Routes a HubRequest to the FHIR interactions. Stateless apart from the shared store, so any
// number of hub processes can serve the same clients.

#include "server/HubOptions.h"
#include "server/RequestDispatcher.h"

#include <memory>

namespace avocet::hub {

class HubRouter : public RequestDispatcher
{
public:
    explicit HubRouter(HubOptions options);
    ~HubRouter() override;

    HubResponse dispatch(const HubRequest& request) override;

private:
    HubResponse metadata() const;
    HubResponse health() const;

    HubOptions m_options;
};

} // namespace avocet::hub

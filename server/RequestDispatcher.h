#pragma once

#include "server/HttpTypes.h"

namespace avocet::hub {

// What the HTTP adapter calls for each request. Implementations must be thread-safe and must not
// throw; the adapter still turns a stray exception into a 500 OperationOutcome.
class RequestDispatcher
{
public:
    virtual ~RequestDispatcher() = default;
    virtual HubResponse dispatch(const HubRequest& request) = 0;
};

} // namespace avocet::hub

#pragma once
// Poco HTTPServer around a RequestDispatcher: binding (plain on loopback, TLS otherwise), request
// size limits, gzip both ways, structured access logs and a graceful stop that lets in-flight
// requests finish.

#include "core/common/Result.h"
#include "server/HubOptions.h"
#include "server/RequestDispatcher.h"

#include <cstdint>
#include <memory>

namespace avocet::hub {

class HttpServerAdapter
{
public:
    HttpServerAdapter(HubOptions options, std::shared_ptr<RequestDispatcher> dispatcher);
    ~HttpServerAdapter();
    HttpServerAdapter(const HttpServerAdapter&) = delete;
    HttpServerAdapter& operator=(const HttpServerAdapter&) = delete;

    [[nodiscard]] core::Status start();
    std::uint16_t port() const;
    // Stops accepting, waits up to the grace period for in-flight requests, then closes the rest.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace avocet::hub

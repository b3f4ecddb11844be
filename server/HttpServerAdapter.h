#pragma once
// The hub's HTTP/1.1 front end around a RequestDispatcher: binding (plain on loopback, TLS
// otherwise), request size limits, gzip both ways, structured access logs and a graceful stop that
// lets in-flight requests finish.
//
// Slow and greedy clients (SECURITY-RELIABILITY 26). Plain HTTP is served by a connection gate: one
// thread polls every open connection and reads what arrives without blocking, so a connection
// costs a buffer, not a thread, until its request head (and a small body) is complete; only then
// is it queued for a worker (`threads`). An unfinished head is closed at its deadline
// (`head-timeout-seconds`, counted from the connection or from the first byte of the next request
// on a keep-alive connection, never extended by a trickle); an idle keep-alive connection waits in
// the gate, not in a worker (`keep-alive-seconds`); each client address may hold at most
// `max-connections-per-address` connections (trusted proxies exempt) and the hub at most
// `max-connections`: the oldest connection still waiting for its head makes room; at most
// `max-queued` complete requests wait for a worker, more are answered 503 at once. /auth/login and
// /auth/refresh refuse a Content-Length above `login-max-body-bytes` (413) before reading the body.
// TLS connections are served by Poco's HTTPServer (a thread per connection, the head deadline as
// its receive timeout); put nginx in front for exposure to untrusted networks (docs/hub.md).

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
    // scheme://host:port the hub's links use: the configured public URL, else this listener.
    std::string baseUrl() const;
    // Stops accepting, waits up to the grace period for in-flight requests, then closes the rest.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace avocet::hub

#pragma once
// A fault-injecting HTTP/1.1 proxy on real TCP sockets (Poco), for putting between the sync client
// and a real server (avocet-hub) — SECURITY-RELIABILITY 16 and 17 with nothing faked on either
// side. It listens on 127.0.0.1 (free port), keeps one upstream connection per client connection,
// and reads whole requests and answers (Content-Length or chunked), so it can fault one exchange
// at a chosen point:
//   DropBeforeCommit  closes the client's connection; the server never sees the request
//   DropAfterCommit   forwards, reads the server's answer, closes without sending it
//   ServiceUnavailable / TooManyRequests  answers 503 / 429 + Retry-After itself (not forwarded)
//   Hang              forwards, then holds the answer for `hang` (past the client's timeout) and closes
//   Truncate          forwards, sends the status, headers and half the body, then closes
//   Duplicate         delivers the request to the server twice and answers with the second reply
//   Trickle           forwards, then sends the whole answer `trickleBytes` at a time, one piece every
//                     `trickleGap` (never silent for as long as a receive timeout); the connection
//                     stays open if the client waits for the last byte
// Requests that match no rule pass through untouched.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

namespace avocet::test {

enum class ProxyFault { DropBeforeCommit, DropAfterCommit, ServiceUnavailable, TooManyRequests, Hang, Truncate, Duplicate, Trickle };

const char* proxyFaultName(ProxyFault fault);

struct ProxyRule
{
    std::string method;   // "" = any
    std::string path;     // exact path without the query ("/", "/Patient/123"); "" = any
    ProxyFault fault = ProxyFault::DropAfterCommit;
    int skip = 0;         // let this many matching requests through first
    int times = 1;        // then fault this many (-1 = for ever)
    int retryAfterSeconds = 1;
    std::chrono::milliseconds hang{2500};
    std::size_t trickleBytes = 8;
    std::chrono::milliseconds trickleGap{100};
};

class FaultProxy
{
public:
    explicit FaultProxy(std::uint16_t upstreamPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::uint16_t port() const;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

    void addRule(ProxyRule rule);
    int injected() const { return m_injected.load(); }
    int forwarded() const { return m_forwarded.load(); } // requests delivered to the server (twice for Duplicate)
    int connections() const { return m_connections.load(); }

private:
    void acceptLoop();
    void serve(Poco::Net::StreamSocket client);
    bool matchRule(const std::string& method, const std::string& path, ProxyRule& chosen);

    std::uint16_t m_upstream;
    Poco::Net::ServerSocket m_server;
    std::mutex m_mutex;
    std::vector<ProxyRule> m_rules;
    std::vector<int> m_seen;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_injected{0};
    std::atomic<int> m_forwarded{0};
    std::atomic<int> m_connections{0};
    std::thread m_accept;
    std::vector<std::thread> m_workers;
};

} // namespace avocet::test

#pragma once
// An in-process FHIR R4 server for sync tests (HOUSE-STYLE: Nextcloud's fake server that fails
// chosen requests). Real sockets: Poco HTTPServer on 127.0.0.1 with a free port. In memory it keeps
// every version of every resource and implements exactly the interactions docs/sync.md relies on:
// create, conditional create (If-None-Exist identifier=sys|val), read, update with If-Match (412),
// delete (tombstones, 410 afterwards), search by _lastUpdated ge/gt + identifier with _sort and
// keyset next links, type history with _since, batch/transaction Bundles, optional bearer login
// with rotating refresh and simulated access token expiry.
//
// Faults are chosen per request (method + path prefix, the n-th match, how many times): 5xx, 429
// with Retry-After, hang, truncated body, connection dropped before or after the commit, and
// duplicate delivery (the request is applied twice).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sync/HttpTransport.h"

namespace avocet::test {

enum class Fault {
    Status500,
    Status503,
    TooManyRequests,   // 429 + Retry-After
    Hang,              // waits `hang`, then answers normally (the client has usually given up)
    Truncate,          // commits, then sends half the body and closes
    DropBeforeCommit,  // closes the connection without touching the store
    DropAfterCommit,   // commits, then closes without an answer
    Duplicate,         // applies the request twice (a proxy delivering it again)
    GzipBomb,          // 200 whose gzip body inflates to 80 MiB of zeros (a few hundred KiB sent)
    Oversized,         // 200 with a 70 MiB body
    DeepJson,          // 200 with JSON nested 100,000 levels deep
};

struct FaultRule
{
    std::string method;             // "" = any
    std::string pathPrefix;         // "" = any; matched against the path ("/", "/Patient", ...)
    Fault fault = Fault::Status500;
    int skip = 0;                   // let this many matching requests through first
    int times = 1;                  // then fault this many (-1 = for ever)
    int retryAfterSeconds = 1;
    std::chrono::milliseconds hang{1500};
};

class FakeFhirServer
{
public:
    FakeFhirServer();
    ~FakeFhirServer();
    FakeFhirServer(const FakeFhirServer&) = delete;
    FakeFhirServer& operator=(const FakeFhirServer&) = delete;

    std::uint16_t port() const;
    std::string baseUrl() const; // http://127.0.0.1:<port>

    // Login: when set, every FHIR request needs a bearer token from POST /auth/login. POST
    // /auth/refresh rotates like avocet-hub: a new pair, the used refresh token and its access
    // token refused from then on.
    void requireLogin(const std::string& user, const std::string& password);
    // Access token expiry: every access token issued so far is refused (401) from now on.
    void expireAccessTokens();
    // Whether a refresh token is still accepted (issued and not yet used).
    bool refreshTokenValid(const std::string& refreshToken) const;
    // Every refresh is refused 401 from now on, as avocet-hub refuses an ended sign-on: `reason` in
    // X-Avocet-Refusal (none when "") and `text` in the OperationOutcome's diagnostics; an empty
    // text takes refreshes again.
    void refuseRefreshes(const std::string& reason, const std::string& text);
    // Server clock offset (the server's clock, independent of any device clock).
    void setClockOffset(std::chrono::seconds offset);
    // Turn batch support off (POST / answers 404) to exercise individual requests.
    void setBatchSupported(bool supported);
    // Answer every gzipped request body with `status` (415, or 400 as some servers do), without
    // acting on it; 0 takes them again. Counted: refused gzipped bodies, plain bodies over 1 KiB.
    void refuseGzipBodies(int status);
    int gzipBodiesRefused() const;
    int plainBodies() const;
    // Resource types this server does not hold: every request for them answers 404 (a FHIR server
    // that is not avocet-hub, without the clinical record's types).
    void setUnknownTypes(std::vector<std::string> types);
    void setMaxBundleEntries(std::size_t entries);

    void addFault(FaultRule rule);
    // Faults at random on writes (POST/PUT/DELETE) with the given probability, reproducibly.
    void setChaos(double probability, std::uint64_t seed, std::vector<Fault> faults);
    void clearFaults();

    // Direct access, as if another client had written (bypasses faults).
    nlohmann::json put(const nlohmann::json& resource); // create or update; returns the stored version
    bool remove(const std::string& type, const std::string& id);
    std::optional<nlohmann::json> current(const std::string& type, const std::string& id) const;
    std::vector<nlohmann::json> live(const std::string& type) const;
    // Live resources carrying identifier system|value.
    std::size_t countByIdentifier(const std::string& type, const std::string& system, const std::string& value) const;
    std::size_t versionsOf(const std::string& type, const std::string& id) const;

    int requests() const;
    int requests(const std::string& method, const std::string& pathPrefix) const;
    int faultsInjected() const;
    int connections() const;
    std::vector<std::string> requestLog() const; // "METHOD target"

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Wraps a real transport and injects faults on the client side of a real connection (for tests
// against avocet-hub): fail before sending, or send (the server commits) and then lose the answer.
class FaultInjectingTransport : public core::sync::HttpTransport
{
public:
    enum class Mode { FailBeforeSend, LoseResponse, ServerError };
    explicit FaultInjectingTransport(std::unique_ptr<core::sync::HttpTransport> inner) : m_inner(std::move(inner)) {}

    // Every n-th request (by count) fails with `mode`; 0 turns it off.
    void failEvery(int n, Mode mode) { m_every = n; m_mode = mode; }
    // Chooses the mode in turn for each injected fault.
    void cycleModes(bool cycle) { m_cycle = cycle; }

    core::Result<core::sync::HttpResponse> send(const core::sync::HttpRequest& request) override;
    void reset() override { m_inner->reset(); }
    int connectionsOpened() const override { return m_inner->connectionsOpened(); }
    void setCompressRequests(bool on) override { m_inner->setCompressRequests(on); }
    int injected() const { return m_injected; }

private:
    std::unique_ptr<core::sync::HttpTransport> m_inner;
    int m_every = 0;
    int m_count = 0;
    int m_injected = 0;
    bool m_cycle = false;
    Mode m_mode = Mode::LoseResponse;
};

} // namespace avocet::test

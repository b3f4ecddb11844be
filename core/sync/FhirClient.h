#pragma once
// FHIR R4 REST over one HttpTransport: JSON bodies, bearer token (with hub-style refresh), and
// retries with exponential backoff and jitter for failures that are safe to retry (network, 408,
// 429, 5xx, unreadable bodies). Everything the engine sends is idempotent (conditional create,
// If-Match update, reads), so a retry never doubles a write.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/sync/Backoff.h"
#include "core/sync/HttpTransport.h"
#include "core/sync/SyncTypes.h"

namespace avocet::core::sync {

struct FhirResponse
{
    int status = 0;
    nlohmann::json body;                         // null when the body is empty
    std::map<std::string, std::string> headers;  // lower-case names

    bool success() const { return status >= 200 && status < 300; }
    std::string header(const std::string& lowerName) const
    {
        const auto found = headers.find(lowerName);
        return found == headers.end() ? std::string() : found->second;
    }
    // The OperationOutcome's first diagnostics (or the status), for failure reasons.
    std::string reason() const;
};

struct ClientStats
{
    int requests = 0;       // HTTP exchanges attempted
    int retries = 0;
    std::vector<Millis> delays; // every backoff wait, in order
};

struct LoginResult
{
    std::string accessToken;
    std::string refreshToken;
    std::string username;
    std::string role;
    long expiresIn = 0;
};

class FhirClient
{
public:
    FhirClient(std::unique_ptr<HttpTransport> transport, std::string basePath, RetryPolicy policy,
               std::shared_ptr<Clock> clock, std::shared_ptr<RandomSource> random);

    // Opens a Poco transport for a base URL.
    static Result<std::unique_ptr<FhirClient>> connect(const std::string& baseUrl, const SyncConfig& config,
                                                       std::shared_ptr<Clock> clock,
                                                       std::shared_ptr<RandomSource> random);

    void setTokens(std::string accessToken, std::string refreshToken);
    bool hasTokens() const { return !m_accessToken.empty() || !m_refreshToken.empty(); }
    // Called after a refresh rotated the tokens, so they can be stored.
    void onTokensRefreshed(std::function<void(const std::string&, const std::string&)> listener)
    {
        m_tokenListener = std::move(listener);
    }
    void setStopFlag(const std::atomic<bool>* stop) { m_stop = stop; }

    // `relative` is relative to the base ("Patient?_count=10", "" for the base itself) or an
    // absolute link from the server (a Bundle's next link); absolute links are reduced to their
    // path and query and always sent to the configured server, never elsewhere.
    Result<FhirResponse> send(const std::string& method, const std::string& relative,
                              const nlohmann::json* body = nullptr,
                              const std::vector<std::pair<std::string, std::string>>& headers = {});
    Result<FhirResponse> get(const std::string& relative) { return send("GET", relative); }
    // One attempt, no retry: for requests that are not idempotent on their own (the caller
    // reconciles before trying again).
    Result<FhirResponse> sendOnce(const std::string& method, const std::string& relative, const nlohmann::json* body,
                                  const std::vector<std::pair<std::string, std::string>>& headers = {});

    // POST /auth/login (avocet-hub); other servers need no login.
    Result<LoginResult> login(const std::string& username, const std::string& password);

    const ClientStats& stats() const { return m_stats; }
    // The Date header of the latest answer: the server's clock, never the device's.
    const std::string& lastServerDate() const { return m_lastServerDate; }
    HttpTransport& transport() { return *m_transport; }
    // The server refused a gzipped request body during this client's life (the transport now sends
    // plain bodies; see TransportOptions::compressRequests).
    bool gzipBodyRefused() const { return m_gzipBodyRefused.load(); }
    // Body bytes sent and received so far, as on the wire (HttpResponse::bytesSent/bytesReceived);
    // safe to read while a helper thread sends.
    std::int64_t bytesSent() const { return m_bytesSent.load(); }
    std::int64_t bytesReceived() const { return m_bytesReceived.load(); }
    // Set when the server ended the sign-on instead of refreshing it (the trust's identity provider
    // no longer vouches for it, ended its session, or the user has no role any more): the server's
    // words and its reason code (X-Avocet-Refusal); "" otherwise.
    const std::string& signOnEnded() const { return m_signOnEnded; }
    const std::string& signOnEndedReason() const { return m_signOnEndedReason; }

private:
    std::string targetFor(const std::string& relative) const;
    bool refresh();

    std::unique_ptr<HttpTransport> m_transport;
    std::string m_basePath;
    RetryPolicy m_policy;
    int m_attemptLimit = 0; // 0: the policy's
    std::shared_ptr<Clock> m_clock;
    Backoff m_backoff;
    std::string m_accessToken;
    std::string m_refreshToken;
    std::string m_signOnEnded;
    std::string m_signOnEndedReason;
    std::function<void(const std::string&, const std::string&)> m_tokenListener;
    const std::atomic<bool>* m_stop = nullptr;
    ClientStats m_stats;
    std::string m_lastServerDate;
    std::atomic<bool> m_gzipBodyRefused{false};
    std::atomic<std::int64_t> m_bytesSent{0};
    std::atomic<std::int64_t> m_bytesReceived{0};
};

// Quotes a version id as a weak ETag: 3 -> W/"3".
std::string weakEtag(const std::string& versionId);
// The version id from an ETag (W/"3" -> 3).
std::string versionFromEtag(const std::string& etag);

} // namespace avocet::core::sync

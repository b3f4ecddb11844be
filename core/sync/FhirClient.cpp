#include "core/sync/FhirClient.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace avocet::core::sync {

namespace {

// FHIR resources nest a few levels deep (a Bundle of QuestionnaireResponses with nested groups is
// well under 64); anything deeper from a server is refused unread rather than parsed.
constexpr int kMaxJsonDepth = 128;

// The answer's JSON, or discarded when it is not JSON or nests deeper than kMaxJsonDepth.
nlohmann::json parseAnswer(const std::string& text)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if ((c == '{' || c == '[') && ++depth > kMaxJsonDepth)
            return nlohmann::json(nlohmann::json::value_t::discarded);
        else if (c == '}' || c == ']')
            --depth;
    }
    return nlohmann::json::parse(text, nullptr, false);
}

} // namespace

std::string FhirResponse::reason() const
{
    if (body.is_object() && body.value("resourceType", "") == "OperationOutcome" && body.contains("issue") &&
        body["issue"].is_array() && !body["issue"].empty()) {
        const auto& issue = body["issue"][0];
        if (issue.contains("diagnostics") && issue["diagnostics"].is_string())
            return "HTTP " + std::to_string(status) + ": " + issue["diagnostics"].get<std::string>();
    }
    return "HTTP " + std::to_string(status);
}

std::string weakEtag(const std::string& versionId) { return "W/\"" + versionId + "\""; }

std::string versionFromEtag(const std::string& etag)
{
    std::string value = etag;
    if (value.rfind("W/", 0) == 0)
        value = value.substr(2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    return value;
}

FhirClient::FhirClient(std::unique_ptr<HttpTransport> transport, std::string basePath, RetryPolicy policy,
                       std::shared_ptr<Clock> clock, std::shared_ptr<RandomSource> random)
    : m_transport(std::move(transport)), m_basePath(std::move(basePath)), m_policy(policy), m_clock(std::move(clock)),
      m_backoff(policy, std::move(random))
{
}

Result<std::unique_ptr<FhirClient>> FhirClient::connect(const std::string& baseUrl, const SyncConfig& config,
                                                        std::shared_ptr<Clock> clock,
                                                        std::shared_ptr<RandomSource> random)
{
    auto url = parseBaseUrl(baseUrl);
    if (!url)
        return url.error();
    auto transport = makePocoTransport(baseUrl, config.transport);
    if (!transport)
        return transport.error();
    return std::make_unique<FhirClient>(std::move(*transport), url->basePath, config.retry, std::move(clock),
                                        std::move(random));
}

void FhirClient::setTokens(std::string accessToken, std::string refreshToken)
{
    m_accessToken = std::move(accessToken);
    m_refreshToken = std::move(refreshToken);
}

std::string FhirClient::targetFor(const std::string& relative) const
{
    if (relative.rfind("http://", 0) == 0 || relative.rfind("https://", 0) == 0) {
        try {
            return Poco::URI(relative).getPathEtc();
        } catch (const Poco::Exception&) {
            return m_basePath + "/";
        }
    }
    if (!relative.empty() && relative.front() == '/')
        return m_basePath + relative;
    return m_basePath + "/" + relative;
}

bool FhirClient::refresh()
{
    if (m_refreshToken.empty())
        return false;
    HttpRequest request{"POST", m_basePath + "/auth/refresh", {{"Content-Type", "application/json"},
                                                                {"Accept", "application/json"}},
                        nlohmann::json{{"refresh_token", m_refreshToken}}.dump()};
    ++m_stats.requests;
    auto response = m_transport->send(request);
    if (response && response->status == 401) {
        // avocet-hub says why it ended a sign-on instead of refreshing it (docs/hub.md, "Single
        // sign-on"): the provider no longer vouches for it (revoked-at-provider), ended its session
        // (ended-at-provider, back-channel logout), the directory gives no role any more (no-role),
        // it cannot be re-checked (not-recheckable), or the provider's refreshed identity was
        // refused. Every one of them ends the sign-on; a 401 without a reason is an ordinary
        // expired or unknown token.
        const std::string reason = response->header("x-avocet-refusal");
        if (!reason.empty()) {
            const auto refusal = parseAnswer(response->body);
            std::string message = "The trust's sign-in no longer vouches for this session; sign in again.";
            if (refusal.is_object() && refusal.contains("issue") && refusal["issue"].is_array() &&
                !refusal["issue"].empty() && refusal["issue"][0].is_object())
                message = refusal["issue"][0].value("diagnostics", message);
            m_signOnEnded = message;
            m_signOnEndedReason = reason;
        }
    }
    if (!response || response->status != 200)
        return false;
    const auto body = parseAnswer(response->body);
    if (!body.is_object() || !body.contains("access_token"))
        return false;
    m_signOnEnded.clear();
    m_signOnEndedReason.clear();
    m_accessToken = body.value("access_token", "");
    m_refreshToken = body.value("refresh_token", m_refreshToken);
    if (m_tokenListener)
        m_tokenListener(m_accessToken, m_refreshToken);
    return true;
}

Result<FhirResponse> FhirClient::send(const std::string& method, const std::string& relative,
                                      const nlohmann::json* body,
                                      const std::vector<std::pair<std::string, std::string>>& headers)
{
    HttpRequest request;
    request.method = method;
    request.target = targetFor(relative);
    request.idempotent = m_attemptLimit != 1;
    request.headers.emplace_back("Accept", "application/fhir+json");
    if (body != nullptr) {
        request.body = body->dump();
        request.headers.emplace_back("Content-Type", "application/fhir+json");
    }
    for (const auto& header : headers)
        request.headers.push_back(header);

    bool refreshed = false;
    std::string lastProblem;
    for (int attempt = 1;; ++attempt) {
        if (m_stop != nullptr && m_stop->load())
            return makeError(ErrorCode::SyncFailed, "sync stopped");
        HttpRequest sending = request;
        if (!m_accessToken.empty())
            sending.headers.emplace_back("Authorization", "Bearer " + m_accessToken);
        ++m_stats.requests;
        auto response = m_transport->send(sending);
        std::optional<Millis> retryAfter;
        if (!response) {
            if (response.code() == ErrorCode::CryptoFailure)
                return response.error();
            lastProblem = response.message();
        } else {
            if (auto date = response->header("date"); !date.empty())
                m_lastServerDate = date;
            if (response->gzipBodyRefused)
                m_gzipBodyRefused = true;
            m_bytesSent += response->bytesSent;
            m_bytesReceived += response->bytesReceived;
            FhirResponse parsed;
            parsed.status = response->status;
            parsed.headers = response->headers;
            bool readable = true;
            if (!response->body.empty()) {
                parsed.body = parseAnswer(response->body);
                if (parsed.body.is_discarded()) {
                    parsed.body = nullptr;
                    readable = false;
                }
            }
            const int status = parsed.status;
            if (status == 401 && !refreshed && refresh()) {
                refreshed = true;
                --attempt;
                continue;
            }
            const bool transient = status == 408 || status == 429 || status == 500 || status == 502 ||
                                   status == 503 || status == 504 || (!readable && status < 300);
            if (!transient)
                return parsed;
            lastProblem = readable ? parsed.reason() : "HTTP " + std::to_string(status) + " with an unreadable body";
            if (status == 429 || status == 503) {
                retryAfter = parseRetryAfter(response->header("retry-after"), response->header("date"));
                if (retryAfter && *retryAfter > m_policy.maxRetryAfter)
                    return makeError(ErrorCode::SyncFailed,
                                     "the server asked to wait " + std::to_string(retryAfter->count() / 1000) +
                                         " s before trying again");
            }
        }
        if (attempt >= (m_attemptLimit > 0 ? m_attemptLimit : m_policy.maxAttempts))
            return makeError(ErrorCode::SyncFailed, "the server could not be reached after " +
                                                        std::to_string(attempt) + " attempts: " + lastProblem);
        const Millis wait = m_backoff.delay(attempt, retryAfter);
        ++m_stats.retries;
        m_stats.delays.push_back(wait);
        m_clock->sleepFor(wait);
    }
}

Result<FhirResponse> FhirClient::sendOnce(const std::string& method, const std::string& relative,
                                          const nlohmann::json* body,
                                          const std::vector<std::pair<std::string, std::string>>& headers)
{
    m_attemptLimit = 1;
    auto result = send(method, relative, body, headers);
    m_attemptLimit = 0;
    return result;
}

Result<LoginResult> FhirClient::login(const std::string& username, const std::string& password)
{
    HttpRequest request{"POST", m_basePath + "/auth/login",
                        {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                        nlohmann::json{{"username", username}, {"password", password}}.dump()};
    ++m_stats.requests;
    auto response = m_transport->send(request);
    if (!response)
        return response.error();
    const auto body = parseAnswer(response->body);
    if (response->status == 401 || response->status == 403)
        return makeError(ErrorCode::WrongPassphrase, "The server refused the user name or password.");
    if (response->status == 404)
        return makeError(ErrorCode::Unsupported, "This server has no /auth/login; it may need no login.");
    if (response->status != 200 || !body.is_object() || !body.contains("access_token"))
        return makeError(ErrorCode::SyncFailed, "Login failed (HTTP " + std::to_string(response->status) + ").");
    LoginResult result;
    result.accessToken = body.value("access_token", "");
    result.refreshToken = body.value("refresh_token", "");
    result.username = body.value("username", username);
    result.role = body.value("role", "");
    if (body.contains("expires_in") && body["expires_in"].is_number())
        result.expiresIn = body["expires_in"].get<long>();
    m_accessToken = result.accessToken;
    m_refreshToken = result.refreshToken;
    return result;
}

} // namespace avocet::core::sync

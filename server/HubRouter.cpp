#include "server/HubRouter.h"

#include "server/AuditChains.h"
#include "server/BundleProcessor.h"
#include "server/Capability.h"
#include "server/FhirTypes.h"
#include "server/Log.h"
#include "server/OidcSignOn.h"
#include "server/OperationOutcome.h"
#include "server/ResourceRepository.h"
#include "server/SearchPrefetch.h"
#include "server/MetricReports.h"
#include "server/ServiceEndpoints.h"

#include <sys/prctl.h>

namespace avocet::hub {

namespace {

constexpr std::size_t kMaxJsonDepth = 64;

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start < path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos)
            slash = path.size();
        if (slash > start)
            segments.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return segments;
}

// Rejects nesting bombs before the parser sees them.
bool tooDeep(const std::string& body)
{
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth)
                return true;
        } else if (c == '}' || c == ']') {
            if (depth > 0)
                --depth;
        }
    }
    return false;
}

std::optional<InteractionResult> parseBody(const HubRequest& request, nlohmann::json& out)
{
    const std::string contentType = request.header("content-type");
    if (!contentType.empty() && contentType.find("json") == std::string::npos)
        return failure(415, "not-supported", "send application/fhir+json (got " + contentType + ")");
    if (request.body.empty())
        return failure(400, "invalid", "the request has no body");
    if (tooDeep(request.body))
        return failure(400, "invalid", "JSON nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    try {
        out = nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::parse_error& error) {
        return failure(400, "invalid",
                       "malformed JSON at byte " + std::to_string(error.byte) + ": " + std::string(error.what()));
    }
    return std::nullopt;
}

std::string bearerToken(const HubRequest& request)
{
    const std::string header = request.header("authorization");
    if (header.size() > 7 && (header.rfind("Bearer ", 0) == 0 || header.rfind("bearer ", 0) == 0))
        return header.substr(7);
    return {};
}

HubResponse unauthorized(const std::string& message)
{
    auto response = errorResponse(401, "login", message);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"avocet-hub\"");
    return response;
}

// The answer to a login or a refresh: the new pair, never cached.
HubResponse tokenResponse(const TokenPair& tokens)
{
    auto response = plainJsonResponse(200, {{"access_token", tokens.accessToken},
                                            {"token_type", "Bearer"},
                                            {"expires_in", tokens.accessSeconds},
                                            {"refresh_token", tokens.refreshToken},
                                            {"username", tokens.username},
                                            {"role", roleName(tokens.role)}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

} // namespace

HubRouter::HubRouter(HubOptions options, std::shared_ptr<ConnectionPool> pool,
                     std::shared_ptr<DeliveryPlanner> delivery)
    : m_options(std::move(options)), m_pool(std::move(pool)), m_delivery(std::move(delivery))
{
    if (m_pool)
        m_prefetch = std::make_unique<SearchPrefetch>(m_pool);
    if (m_pool && m_options.usesOidc())
        m_oidc = std::make_unique<OidcSignOn>(m_options);
}

HubRouter::~HubRouter() = default;

HubResponse HubRouter::dispatch(const HubRequest& request)
{
    if (request.path == "/metadata") {
        if (request.method != "GET" && request.method != "HEAD")
            return errorResponse(405, "not-supported", "only GET is allowed on /metadata");
        return metadata();
    }
    if (request.path == "/health")
        return health();
    if (!m_pool)
        return errorResponse(404, "not-found", "no such endpoint: " + request.path + " (no database configured)");
    if (request.path == "/auth/login" && request.method == "POST")
        return login(request);
    if (request.path == "/auth/refresh" && request.method == "POST")
        return refresh(request);
    if (request.path == "/auth/oidc" || request.path == "/auth/oidc/config" ||
        request.path == "/auth/oidc/backchannel-logout") {
        if (!m_oidc)
            return errorResponse(404, "not-found", "this hub has no single sign-on configured (--oidc-issuer)");
        if (request.path == "/auth/oidc/config" && (request.method == "GET" || request.method == "HEAD"))
            return m_oidc->configuration();
        if (request.path == "/auth/oidc" && request.method == "POST") {
            if (request.body.size() > 64 * 1024)
                return errorResponse(413, "too-costly", "a sign-on request is at most 64 KiB");
            auto connection = m_pool->acquire();
            if (!connection)
                return errorResponse(503, "transient", connection.message());
            return m_oidc->signOn(request, **connection, sessionPolicy(), loginPolicy());
        }
        if (request.path == "/auth/oidc/backchannel-logout" && request.method == "POST") {
            // The identity provider calls this (no bearer token: the logout token is its proof).
            if (request.body.size() > 64 * 1024)
                return errorResponse(413, "too-costly", "a logout token request is at most 64 KiB");
            auto connection = m_pool->acquire();
            if (!connection)
                return errorResponse(503, "transient", connection.message());
            return m_oidc->backchannelLogout(request, **connection);
        }
        return errorResponse(405, "not-supported", request.method + " is not allowed on " + request.path);
    }

    const std::string token = bearerToken(request);
    if (token.empty())
        return unauthorized("this endpoint needs a bearer token from POST /auth/login");
    RequestContext context;
    {
        auto connection = m_pool->acquire();
        if (!connection)
            return errorResponse(503, "transient", connection.message());
        auto caller = AccessControl(**connection).authenticate(token);
        if (!caller) {
            if (caller.code() == core::ErrorCode::StoreQueryFailed)
                return errorResponse(500, "exception", "cannot check the token; try again");
            return unauthorized(caller.message());
        }
        context.caller = caller.value();
    }
    if (request.path == "/auth/logout" && request.method == "POST")
        return logout(request);

    context.caller.breakGlassReason = request.header("x-avocet-break-glass");
    if (context.caller.breakGlassReason.size() > 1000)
        return errorResponse(400, "invalid", "break-glass reason is longer than 1000 characters");
    if (request.hasHeader("x-avocet-break-glass") &&
        context.caller.breakGlassReason.find_first_not_of(" \t\r\n\v\f") == std::string::npos)
        return errorResponse(400, "invalid", "break-glass needs a reason: say in X-Avocet-Break-Glass why you need "
                                             "this patient's records");
    const auto segments = splitPath(request.path);
    context.method = request.method;
    context.route = segments.empty() ? "/" : "/" + segments[0];
    context.baseUrl = request.baseUrl;
    context.clientAddress = request.clientAddress;
    context.defaultPageSize = m_options.defaultPageSize;
    context.maxPageSize = m_options.maxPageSize;
    context.lenientSearch = request.header("prefer").find("handling=lenient") != std::string::npos;
    context.delivery = m_delivery.get();
    // A break-glass answer comes from the read its record is written with, never from a page
    // read ahead without one.
    context.prefetch = context.caller.breakGlassReason.empty() ? m_prefetch.get() : nullptr;
    auto response = fhir(request, context);
    // Pages read ahead before a write through this hub are not served after it.
    if (request.method != "GET" && request.method != "HEAD")
        m_prefetch->invalidate();
    if (context.breakGlassRecorded)
        response.setHeader("X-Avocet-Break-Glass", "recorded");
    else if (response.status >= 400 && !context.caller.breakGlassReason.empty() &&
             isCaseloadRestricted(context.caller) && !context.breakGlassUnrecordable) {
        // A break-glass attempt that ended in an error is recorded too: the attempt is what the
        // review looks at.
        auto connection = m_pool->acquire();
        if (!connection)
            return errorResponse(503, "transient", connection.message());
        PgTransaction transaction(**connection);
        FhirInteractions interactions(**connection, context);
        auto unrecorded = transaction.begin() ? interactions.recordBreakGlassAttempt(response.status)
                                              : std::optional<InteractionResult>(failure(503, "transient", "try again"));
        if (!unrecorded && !transaction.commit())
            unrecorded = failure(500, "exception", "this break-glass attempt could not be recorded; try again");
        if (unrecorded)
            return toResponse(std::move(*unrecorded), request);
    }
    return response;
}

HubResponse HubRouter::metadata() const
{
    CapabilityFacts facts;
    facts.hasStore = m_pool != nullptr;
    facts.requiresAuthentication = m_pool != nullptr;
    return jsonResponse(200, makeCapabilityStatement(facts));
}

HubResponse HubRouter::health()
{
    nlohmann::json body = {{"status", "ok"}};
    int status = 200;
    if (m_pool) {
        auto connection = m_pool->acquire();
        const bool reachable = connection && (*connection)->execute("SELECT 1").ok();
        body["database"] = reachable ? "ok" : "unreachable";
        if (!reachable) {
            body["status"] = "degraded";
            status = 503;
        }
    }
    if (m_prefetch) {
        const auto counters = m_prefetch->counters();
        body["searchReadAhead"] = {
            {"started", counters.started}, {"served", counters.served}, {"discarded", counters.discarded}};
    }
    if (m_options.testMetrics) {
        // For tests only (--test-metrics): never on a production hub, where the split between
        // real and dummy verifications would tell locked and unknown accounts apart.
        const auto verifications = passwordVerificationCounts();
        body["test"] = {{"passwordVerifications",
                         {{"total", verifications.account + verifications.dummy},
                          {"account", verifications.account},
                          {"dummy", verifications.dummy}}},
                        {"dumpable", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1}};
    }
    return plainJsonResponse(status, body);
}

HubResponse HubRouter::login(const HubRequest& request)
{
    nlohmann::json body;
    if (auto bad = parseBody(request, body); bad)
        return toResponse(*bad, request);
    if (!body.is_object() || !body.contains("username") || !body["username"].is_string() ||
        !body.contains("password") || !body["password"].is_string())
        return errorResponse(400, "invalid", "send {\"username\": \"...\", \"password\": \"...\"}");
    if (!m_options.localAccounts) {
        logEvent("warn", "login_refused", {{"reason", "local accounts switched off"}});
        return errorResponse(403, "forbidden", "this hub signs in through the trust's identity provider only; "
                                               "password sign-in is switched off");
    }
    auto connection = m_pool->acquire();
    if (!connection)
        return errorResponse(503, "transient", connection.message());
    std::string refusal;
    auto tokens = AccessControl(**connection).login(body["username"].get<std::string>(),
                                                    body["password"].get<std::string>(), request.clientAddress,
                                                    loginPolicy(), sessionPolicy(), &refusal);
    if (!tokens) {
        if (tokens.code() != core::ErrorCode::WrongPassphrase) {
            logEvent("error", "login_failed", {{"message", loggableError(tokens.error())}});
            return errorResponse(500, "exception", "cannot log in right now; try again");
        }
        // One answer for every refusal (unknown name, wrong password, throttled); the log says which.
        logEvent("warn", "login_refused", {{"reason", refusal}});
        return unauthorized(tokens.message());
    }
    logEvent("info", "login", {{"role", roleName(tokens->role)}});
    return tokenResponse(*tokens);
}

LoginPolicy HubRouter::loginPolicy() const
{
    LoginPolicy policy;
    policy.accountSourceFailures = m_options.loginAccountSourceFailures;
    policy.sourceFailures = m_options.loginSourceFailures;
    policy.accountFailures = m_options.loginAccountFailures;
    policy.windowSeconds = m_options.loginWindowSeconds;
    policy.lockSeconds = m_options.loginLockSeconds;
    return policy;
}

SessionPolicy HubRouter::sessionPolicy() const
{
    SessionPolicy policy;
    policy.accessSeconds = m_options.accessTokenSeconds;
    policy.refreshSeconds = m_options.refreshTokenSeconds;
    policy.maxSeconds = m_options.sessionMaxSeconds;
    return policy;
}

HubResponse HubRouter::refresh(const HubRequest& request)
{
    nlohmann::json body;
    if (auto bad = parseBody(request, body); bad)
        return toResponse(*bad, request);
    if (!body.is_object() || !body.contains("refresh_token") || !body["refresh_token"].is_string())
        return errorResponse(400, "invalid", "send {\"refresh_token\": \"...\"}");
    auto connection = m_pool->acquire();
    if (!connection)
        return errorResponse(503, "transient", connection.message());
    const std::string refreshToken = body["refresh_token"].get<std::string>();
    if (m_oidc) {
        // A sign-on is refreshed only while the identity provider still vouches for it; the check
        // and the rotation share one transaction (the login's sign-on row stays locked).
        PgTransaction transaction(**connection);
        if (auto begun = transaction.begin(); !begun)
            return errorResponse(503, "transient", "the database is not available; try again");
        if (auto refusal = m_oidc->recheck(**connection, refreshToken, request.clientAddress); refusal) {
            if (auto committed = transaction.commit(); !committed)
                return errorResponse(500, "exception", "cannot refresh right now; try again");
            return *refusal;
        }
        auto tokens = AccessControl(**connection).refresh(refreshToken, sessionPolicy());
        if (auto committed = transaction.commit(); !committed)
            return errorResponse(500, "exception", "cannot refresh right now; try again");
        if (!tokens) {
            if (tokens.code() == core::ErrorCode::StoreQueryFailed)
                return errorResponse(500, "exception", "cannot refresh right now; try again");
            return unauthorized(tokens.message());
        }
        return tokenResponse(*tokens);
    }
    auto tokens = AccessControl(**connection).refresh(refreshToken, sessionPolicy());
    if (!tokens) {
        if (tokens.code() == core::ErrorCode::StoreQueryFailed)
            return errorResponse(500, "exception", "cannot refresh right now; try again");
        return unauthorized(tokens.message());
    }
    return tokenResponse(*tokens);
}

HubResponse HubRouter::logout(const HubRequest& request)
{
    auto connection = m_pool->acquire();
    if (!connection)
        return errorResponse(503, "transient", connection.message());
    std::string endSessionUrl;
    if (m_oidc) {
        // The provider side ends too: its refresh token is revoked, and the client is told where
        // to end the browser's session at the provider.
        const nlohmann::json body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
        const std::string redirect = body.is_object() && body.contains("post_logout_redirect_uri") &&
                                             body["post_logout_redirect_uri"].is_string()
                                         ? body["post_logout_redirect_uri"].get<std::string>()
                                         : std::string();
        endSessionUrl = m_oidc->endSession(**connection, bearerToken(request), redirect);
    }
    if (auto done = AccessControl(**connection).logout(bearerToken(request)); !done)
        return errorResponse(500, "exception", "cannot log out right now; try again");
    if (!endSessionUrl.empty()) {
        auto response = plainJsonResponse(200, {{"end_session_url", endSessionUrl}});
        response.setHeader("Cache-Control", "no-store");
        return response;
    }
    HubResponse response;
    response.status = 204;
    return response;
}

InteractionResult HubRouter::runInTransaction(RequestContext& context,
                                              const std::function<InteractionResult(FhirInteractions&)>& work,
                                              bool readOnly)
{
    auto connection = m_pool->acquire();
    if (!connection)
        return failure(503, "transient", connection.message());
    context.caller.brokenGlassFor.clear(); // recorded, or rolled back, by an earlier transaction
    // Break-glass: the record is written in the same transaction as the answer, so even a search
    // runs in one (no record, no data).
    const bool mayBreakGlass = !context.caller.breakGlassReason.empty() && isCaseloadRestricted(context.caller);
    if (readOnly && !mayBreakGlass) {
        // Searches and history: each statement on its own (the count and the page need not share a
        // snapshot; paging is by keyset cursor), saving BEGIN and COMMIT on every page.
        FhirInteractions interactions(**connection, context);
        return work(interactions);
    }
    PgTransaction transaction(**connection);
    if (auto begun = transaction.begin(); !begun)
        return failure(503, "transient", "the database is not available; try again");
    FhirInteractions interactions(**connection, context);
    InteractionResult result = work(interactions);
    if (result.isError())
        return result; // rolled back by the guard
    if (auto unrecorded = interactions.recordBreakGlass(); unrecorded)
        return *unrecorded; // rolled back: the answer and any change go with the record
    if (auto committed = transaction.commit(); !committed) {
        logEvent("error", "commit_failed", {{"message", loggableError(committed.error())}});
        if (!context.caller.brokenGlassFor.empty()) {
            context.breakGlassUnrecordable = true;
            return failure(500, "exception",
                           "this break-glass access could not be recorded, so nothing is returned and nothing was "
                           "changed; try again");
        }
        return failure(500, "exception", "the change could not be committed; nothing was stored. Try again.");
    }
    if (!context.caller.brokenGlassFor.empty()) {
        context.breakGlassRecorded = true;
        context.breakGlassRecordedFor.insert(context.caller.brokenGlassFor.begin(), context.caller.brokenGlassFor.end());
    }
    return result;
}

HubResponse HubRouter::fhir(const HubRequest& request, RequestContext& context)
{
    const auto segments = splitPath(request.path);
    const std::string& method = request.method;
    auto run = [&](const std::function<InteractionResult(FhirInteractions&)>& work) {
        return toResponse(runInTransaction(context, work), request);
    };
    auto read = [&](const std::function<InteractionResult(FhirInteractions&)>& work) {
        return toResponse(runInTransaction(context, work, true), request);
    };

    if (segments.empty()) {
        if (method != "POST")
            return errorResponse(405, "not-supported", "the base URL accepts only POST of a batch or transaction Bundle");
        nlohmann::json bundle;
        if (auto bad = parseBody(request, bundle); bad)
            return toResponse(*bad, request);
        auto result = processBundle(std::move(bundle), [&](const std::function<InteractionResult(FhirInteractions&)>& work) {
            return runInTransaction(context, work);
        });
        return toResponse(std::move(result), request);
    }
    const std::string& type = segments[0];
    if (type == "Caseload" || type == "mappings" || type == "audit-chains" || type == "reports") {
        if (context.caller.role == Role::EprFeed)
            return errorResponse(403, "forbidden", "EPR feed accounts write their EPR's records; they read nothing");
        return service(request, context, segments);
    }
    if (!isSupportedResourceType(type))
        return errorResponse(404, "not-supported", "resource type '" + type + "' is not supported by this hub");

    if (segments.size() == 1) {
        if (method == "GET" || method == "HEAD")
            return read([&](FhirInteractions& fhir) { return fhir.search(type, request.query); });
        if (method == "POST") {
            nlohmann::json resource;
            if (auto bad = parseBody(request, resource); bad)
                return toResponse(*bad, request);
            const std::string ifNoneExist = request.header("if-none-exist");
            return run([&](FhirInteractions& fhir) { return fhir.create(type, resource, ifNoneExist); });
        }
        if ((method == "PUT" || method == "DELETE") && !request.query.empty()) {
            // Conditional update and delete by identifier: how EPR feeds write (docs/hub.md).
            std::string query;
            for (const auto& [name, value] : request.query)
                query += (query.empty() ? "" : "&") + urlEncode(name) + "=" + urlEncode(value);
            if (method == "DELETE")
                return run([&](FhirInteractions& fhir) { return fhir.conditionalRemove(type, query); });
            nlohmann::json resource;
            if (auto bad = parseBody(request, resource); bad)
                return toResponse(*bad, request);
            return run([&](FhirInteractions& fhir) { return fhir.conditionalUpdate(type, query, resource); });
        }
        return errorResponse(405, "not-supported", method + " is not allowed on /" + type);
    }
    if (segments.size() == 2 && type == "Patient" && segments[1] == "$trust-search") {
        if (method != "GET")
            return errorResponse(405, "not-supported", "$trust-search is a GET");
        return run([&](FhirInteractions& fhir) { return fhir.trustSearch(request.query); });
    }
    if (segments.size() == 2 && segments[1] == "_history") {
        if (method != "GET")
            return errorResponse(405, "not-supported", "history is read-only");
        return read([&](FhirInteractions& fhir) { return fhir.history(type, std::nullopt, request.query); });
    }
    if (segments.size() == 2 && segments[1] == "_search" && method == "POST")
        return errorResponse(405, "not-supported", "use GET for search");
    const std::string& id = segments[1];
    if (segments.size() == 2) {
        if (method == "GET" || method == "HEAD")
            return run([&](FhirInteractions& fhir) { return fhir.read(type, id); });
        if (method == "PUT") {
            nlohmann::json resource;
            if (auto bad = parseBody(request, resource); bad)
                return toResponse(*bad, request);
            const std::string ifMatch = request.header("if-match");
            return run([&](FhirInteractions& fhir) { return fhir.update(type, id, resource, ifMatch); });
        }
        if (method == "DELETE") {
            const std::string ifMatch = request.header("if-match");
            return run([&](FhirInteractions& fhir) { return fhir.remove(type, id, ifMatch); });
        }
        return errorResponse(405, "not-supported", method + " is not allowed on /" + type + "/<id>");
    }
    if (segments[2] == "_history" && method == "GET") {
        if (segments.size() == 3)
            return read([&](FhirInteractions& fhir) { return fhir.history(type, id, request.query); });
        if (segments.size() == 4)
            return run([&](FhirInteractions& fhir) { return fhir.vread(type, id, segments[3]); });
    }
    return errorResponse(404, "not-found", "no such endpoint: " + method + " " + request.path);
}

HubResponse HubRouter::service(const HubRequest& request, RequestContext& context,
                               const std::vector<std::string>& segments)
{
    nlohmann::json body;
    if (request.method == "POST" || request.method == "PUT") {
        if (auto bad = parseBody(request, body); bad)
            return toResponse(*bad, request);
    }
    auto connection = m_pool->acquire();
    if (!connection)
        return errorResponse(503, "transient", connection.message());
    if (segments[0] == "Caseload") {
        if (segments.size() != 1)
            return errorResponse(404, "not-found", "no such endpoint: " + request.path);
        return serveCaseload(**connection, context, request);
    }
    if (segments[0] == "audit-chains")
        return serveAuditChains(**connection, context, request, segments);
    if (segments[0] == "reports")
        return serveReports(**connection, context.caller, request, segments);
    return serveMappings(**connection, m_delivery ? &m_delivery->registry() : nullptr, context, request, segments, body);
}

HubResponse HubRouter::toResponse(InteractionResult result, const HubRequest& request) const
{
    HubResponse response;
    response.status = result.status;
    const bool minimal = request.header("prefer").find("return=minimal") != std::string::npos;
    const bool dropBody = minimal && !result.isError() && request.method != "GET"; // Prefer: return=minimal
    if (!dropBody && !result.bodyText.empty())
        response.body = std::move(result.bodyText);
    else if (!dropBody && !result.body.is_null())
        response.body = result.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (!result.etag.empty())
        response.setHeader("ETag", result.etag);
    if (!result.feedOutcome.empty())
        response.setHeader("X-Avocet-Feed", result.feedOutcome);
    if (!result.lastModified.empty())
        response.setHeader("Last-Modified", result.lastModified);
    if (!result.location.empty() && (result.status == 201 || (request.method == "POST" && result.status == 200)))
        response.setHeader("Location", result.location);
    return response;
}

} // namespace avocet::hub

#include "tests/support/FakeFhirServer.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <random>
#include <sstream>
#include <thread>

#include <Poco/DeflatingStream.h>
#include <Poco/InflatingStream.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "core/sync/FhirClient.h"
#include "core/sync/SyncStore.h"

namespace avocet::test {

using nlohmann::json;

namespace {

struct Version
{
    int versionId = 0;
    std::int64_t lastUpdated = 0; // micros
    std::int64_t seq = 0;
    json content;
    bool deleted = false;
    std::string method;
};

struct Reply
{
    int status = 200;
    json body;
    std::map<std::string, std::string> headers;
};

json outcome(const std::string& code, const std::string& text)
{
    return {{"resourceType", "OperationOutcome"},
            {"issue", json::array({{{"severity", "error"}, {"code", code}, {"diagnostics", text}}})}};
}

Reply error(int status, const std::string& code, const std::string& text) { return {status, outcome(code, text), {}}; }

std::string statusLine(int status)
{
    switch (status) {
    case 200: return "200 OK";
    case 201: return "201 Created";
    case 204: return "204 No Content";
    case 400: return "400 Bad Request";
    case 404: return "404 Not Found";
    case 410: return "410 Gone";
    case 412: return "412 Precondition Failed";
    default: return std::to_string(status);
    }
}

std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::stringstream in(query);
    std::string part;
    while (std::getline(in, part, '&')) {
        if (part.empty())
            continue;
        const auto eq = part.find('=');
        std::string name = part.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
        std::string dn, dv;
        Poco::URI::decode(name, dn);
        Poco::URI::decode(value, dv);
        out.emplace_back(dn, dv);
    }
    return out;
}

bool hasIdentifier(const json& resource, const std::string& system, const std::string& value)
{
    if (!resource.contains("identifier"))
        return false;
    auto check = [&](const json& id) {
        return id.is_object() && id.value("value", "") == value && (system.empty() || id.value("system", "") == system);
    };
    const auto& field = resource["identifier"];
    if (field.is_array())
        return std::any_of(field.begin(), field.end(), check);
    return check(field);
}

} // namespace

struct FakeFhirServer::Impl
{
    mutable std::mutex mutex;
    std::map<std::string, std::map<std::string, std::vector<Version>>> store;
    std::int64_t seq = 0;
    std::int64_t lastInstant = 0;
    std::int64_t nextId = 1000;
    std::chrono::seconds offset{0};
    bool batchSupported = true;
    int gzipBodyRefusal = 0; // answered to a gzipped request body, untouched (0: inflated and served)
    int gzipBodiesRefused = 0;
    int plainBodies = 0;     // requests with a body over 1 KiB sent without Content-Encoding
    std::vector<std::string> unknownTypes; // answered 404, as a server without them
    std::size_t maxEntries = 100000;
    std::string user, password;
    std::string refreshRefusal, refreshRefusalText; // refuseRefreshes: reason ("" = none) and words
    std::map<std::string, bool> tokens;               // access token -> still valid (false: expired)
    std::map<std::string, std::string> refreshTokens; // unused refresh token -> its access token
    std::vector<FaultRule> rules;
    std::vector<int> ruleSeen;
    double chaos = 0;
    std::mt19937_64 chaosRandom{1};
    std::vector<Fault> chaosFaults;
    int requestCount = 0;
    int injected = 0;
    std::vector<std::string> log;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::uint16_t port = 0;

    std::int64_t now()
    {
        const auto wall = std::chrono::duration_cast<std::chrono::microseconds>(
                              (std::chrono::system_clock::now() + offset).time_since_epoch())
                              .count();
        lastInstant = std::max(lastInstant + 1, wall);
        return lastInstant;
    }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port); }

    // A new token pair, as avocet-hub answers login and refresh.
    Reply issueTokens()
    {
        const std::string access = "tok-" + std::to_string(++nextId);
        const std::string refresh = "ref-" + std::to_string(++nextId);
        tokens[access] = true;
        refreshTokens[refresh] = access;
        return {200, {{"access_token", access}, {"token_type", "Bearer"}, {"expires_in", 900},
                      {"refresh_token", refresh}, {"username", user}, {"role", "clinician"}}, {}};
    }

    // Rotation as on avocet-hub: the used refresh token and its access token are revoked.
    Reply refresh(const json& body)
    {
        const auto found = body.is_object() && body.contains("refresh_token") && body["refresh_token"].is_string()
                               ? refreshTokens.find(body["refresh_token"].get<std::string>())
                               : refreshTokens.end();
        if (found == refreshTokens.end())
            return error(401, "login", "refresh token is unknown or already used");
        if (!refreshRefusalText.empty()) {
            Reply refused = error(401, "login", refreshRefusalText);
            if (!refreshRefusal.empty())
                refused.headers["X-Avocet-Refusal"] = refreshRefusal;
            refused.headers["WWW-Authenticate"] = "Bearer";
            return refused;
        }
        tokens.erase(found->second);
        refreshTokens.erase(found);
        return issueTokens();
    }

    json render(const std::string& type, const std::string& id, const Version& v) const
    {
        json r = v.content;
        r["resourceType"] = type;
        r["id"] = id;
        json meta = r.contains("meta") && r["meta"].is_object() ? r["meta"] : json::object();
        meta["versionId"] = std::to_string(v.versionId);
        meta["lastUpdated"] = core::sync::formatInstant(v.lastUpdated);
        r["meta"] = meta;
        return r;
    }

    Reply written(const std::string& type, const std::string& id, const Version& v, int status)
    {
        Reply reply{status, render(type, id, v), {}};
        reply.headers["ETag"] = "W/\"" + std::to_string(v.versionId) + "\"";
        reply.headers["Location"] = base() + "/" + type + "/" + id + "/_history/" + std::to_string(v.versionId);
        reply.headers["Last-Modified"] = core::sync::formatInstant(v.lastUpdated);
        return reply;
    }

    Version& append(const std::string& type, const std::string& id, json content, bool deleted, const std::string& method)
    {
        auto& versions = store[type][id];
        Version v;
        v.versionId = versions.empty() ? 1 : versions.back().versionId + 1;
        v.lastUpdated = now();
        v.seq = ++seq;
        if (content.is_object() && content.contains("meta") && content["meta"].is_object()) {
            // keep tags (the change tag) but drop the fields the server owns
            content["meta"].erase("versionId");
            content["meta"].erase("lastUpdated");
        }
        v.content = content;
        v.deleted = deleted;
        v.method = method;
        versions.push_back(std::move(v));
        return versions.back();
    }

    std::vector<std::string> matching(const std::string& type, const std::string& system, const std::string& value)
    {
        std::vector<std::string> ids;
        for (const auto& [id, versions] : store[type])
            if (!versions.back().deleted && hasIdentifier(versions.back().content, system, value))
                ids.push_back(id);
        return ids;
    }

    Reply create(const std::string& type, const json& resource, const std::string& ifNoneExist)
    {
        if (!resource.is_object() || resource.value("resourceType", "") != type)
            return error(400, "invalid", "wrong resourceType");
        if (!ifNoneExist.empty()) {
            std::string system, value;
            for (const auto& [name, v] : parseQuery(ifNoneExist)) {
                if (name != "identifier")
                    return error(400, "invalid", "unsupported condition");
                const auto bar = v.find('|');
                system = bar == std::string::npos ? "" : v.substr(0, bar);
                value = bar == std::string::npos ? v : v.substr(bar + 1);
            }
            const auto ids = matching(type, system, value);
            if (ids.size() > 1)
                return error(412, "duplicate", "several matches");
            if (ids.size() == 1)
                return written(type, ids[0], store[type][ids[0]].back(), 200);
        }
        const std::string id = "f" + std::to_string(++nextId);
        json content = resource;
        content["id"] = id;
        return written(type, id, append(type, id, content, false, "POST"), 201);
    }

    Reply update(const std::string& type, const std::string& id, const json& resource, const std::string& ifMatch)
    {
        auto typeIt = store.find(type);
        if (typeIt == store.end() || !typeIt->second.count(id))
            return error(404, "not-found", type + "/" + id);
        auto& versions = typeIt->second[id];
        if (versions.back().deleted)
            return error(410, "deleted", "deleted");
        if (!ifMatch.empty() && core::sync::versionFromEtag(ifMatch) != std::to_string(versions.back().versionId))
            return error(412, "conflict", "version conflict: current is " + std::to_string(versions.back().versionId));
        json content = resource;
        content["id"] = id;
        return written(type, id, append(type, id, content, false, "PUT"), 200);
    }

    Reply del(const std::string& type, const std::string& id, const std::string& ifMatch)
    {
        auto typeIt = store.find(type);
        if (typeIt == store.end() || !typeIt->second.count(id))
            return {204, nullptr, {}};
        auto& versions = typeIt->second[id];
        if (versions.back().deleted)
            return {204, nullptr, {}};
        if (!ifMatch.empty() && core::sync::versionFromEtag(ifMatch) != std::to_string(versions.back().versionId))
            return error(412, "conflict", "version conflict");
        append(type, id, json::object(), true, "DELETE");
        return {204, nullptr, {}};
    }

    Reply read(const std::string& type, const std::string& id)
    {
        auto typeIt = store.find(type);
        if (typeIt == store.end() || !typeIt->second.count(id))
            return error(404, "not-found", type + "/" + id);
        const auto& v = typeIt->second[id].back();
        if (v.deleted)
            return error(410, "deleted", "deleted");
        auto reply = written(type, id, v, 200);
        reply.headers.erase("Location");
        return reply;
    }

    Reply search(const std::string& type, const std::string& query)
    {
        std::vector<std::pair<std::string, std::int64_t>> lower; // op, instant
        std::string idSystem, idValue;
        bool byIdentifier = false;
        std::size_t count = 50;
        std::int64_t cursor = 0;
        for (const auto& [name, value] : parseQuery(query)) {
            if (name == "_lastUpdated") {
                const std::string op = value.substr(0, 2);
                const auto instant = core::sync::parseInstant(value.substr(2));
                if (!instant || (op != "ge" && op != "gt"))
                    return error(400, "invalid", "bad _lastUpdated '" + value + "'");
                lower.emplace_back(op, *instant);
            } else if (name == "_count") {
                count = static_cast<std::size_t>(std::max(1, std::stoi(value)));
            } else if (name == "_cursor") {
                cursor = std::stoll(value);
            } else if (name == "identifier") {
                byIdentifier = true;
                const auto bar = value.find('|');
                idSystem = bar == std::string::npos ? "" : value.substr(0, bar);
                idValue = bar == std::string::npos ? value : value.substr(bar + 1);
            } else if (name == "_sort") {
                if (value != "_lastUpdated")
                    return error(400, "invalid", "only _sort=_lastUpdated");
            } else {
                return error(400, "invalid", "unknown parameter " + name);
            }
        }
        std::vector<std::pair<std::string, const Version*>> found;
        for (const auto& [id, versions] : store[type]) {
            const auto& v = versions.back();
            if (v.deleted || v.seq <= cursor)
                continue;
            bool ok = true;
            for (const auto& [op, instant] : lower)
                ok = ok && (op == "ge" ? v.lastUpdated >= instant : v.lastUpdated > instant);
            if (byIdentifier)
                ok = ok && hasIdentifier(v.content, idSystem, idValue);
            if (ok)
                found.emplace_back(id, &v);
        }
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.second->seq < b.second->seq; });
        json bundle = {{"resourceType", "Bundle"}, {"type", "searchset"}};
        auto links = json::array({{{"relation", "self"}, {"url", base() + "/" + type + "?" + query}}});
        if (found.size() > count) {
            found.resize(count);
            std::string next;
            for (const auto& [name, value] : parseQuery(query)) {
                if (name == "_cursor")
                    continue;
                std::string enc;
                Poco::URI::encode(value, "+&=#|", enc);
                next += name + "=" + enc + "&";
            }
            next += "_cursor=" + std::to_string(found.back().second->seq);
            links.push_back({{"relation", "next"}, {"url", base() + "/" + type + "?" + next}});
        }
        bundle["link"] = links;
        auto entries = json::array();
        for (const auto& [id, v] : found)
            entries.push_back({{"fullUrl", base() + "/" + type + "/" + id},
                               {"resource", render(type, id, *v)},
                               {"search", {{"mode", "match"}}}});
        bundle["entry"] = entries;
        return {200, bundle, {}};
    }

    Reply history(const std::string& type, const std::string& query)
    {
        std::int64_t since = 0;
        std::size_t count = 50;
        std::int64_t cursor = 0;
        for (const auto& [name, value] : parseQuery(query)) {
            if (name == "_since") {
                const auto instant = core::sync::parseInstant(value);
                if (!instant)
                    return error(400, "invalid", "bad _since");
                since = *instant;
            } else if (name == "_count") {
                count = static_cast<std::size_t>(std::max(1, std::stoi(value)));
            } else if (name == "_cursor") {
                cursor = std::stoll(value);
            }
        }
        std::vector<std::pair<std::string, const Version*>> found;
        for (const auto& [id, versions] : store[type])
            for (const auto& v : versions)
                if (v.lastUpdated >= since && (cursor == 0 || v.seq < cursor))
                    found.emplace_back(id, &v);
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.second->seq > b.second->seq; });
        json bundle = {{"resourceType", "Bundle"}, {"type", "history"}};
        auto links = json::array();
        if (found.size() > count) {
            found.resize(count);
            std::string sinceText;
            Poco::URI::encode(core::sync::formatInstant(since), "+&=#|", sinceText);
            links.push_back({{"relation", "next"},
                             {"url", base() + "/" + type + "/_history?_since=" + sinceText + "&_count=" +
                                         std::to_string(count) + "&_cursor=" + std::to_string(found.back().second->seq)}});
        }
        bundle["link"] = links;
        auto entries = json::array();
        for (const auto& [id, v] : found) {
            json e = {{"fullUrl", base() + "/" + type + "/" + id}};
            if (!v->deleted)
                e["resource"] = render(type, id, *v);
            e["request"] = {{"method", v->method}, {"url", v->method == "POST" ? type : type + "/" + id}};
            e["response"] = {{"status", v->deleted ? "204" : "200"},
                             {"lastModified", core::sync::formatInstant(v->lastUpdated)}};
            entries.push_back(e);
        }
        bundle["entry"] = entries;
        return {200, bundle, {}};
    }

    // One interaction (no faults, caller holds the mutex).
    Reply handle(const std::string& method, const std::string& path, const std::string& query,
                 const std::map<std::string, std::string>& headers, const json& body)
    {
        auto header = [&](const std::string& name) {
            const auto it = headers.find(name);
            return it == headers.end() ? std::string() : it->second;
        };
        std::vector<std::string> segments;
        {
            std::stringstream in(path);
            std::string s;
            while (std::getline(in, s, '/'))
                if (!s.empty())
                    segments.push_back(s);
        }
        if (segments.empty()) {
            if (method != "POST")
                return error(405, "not-supported", "method");
            if (!batchSupported)
                return error(404, "not-found", "no batch here");
            return bundle(body);
        }
        const std::string type = segments[0];
        if (std::find(unknownTypes.begin(), unknownTypes.end(), type) != unknownTypes.end())
            return error(404, "not-supported", "no resource type " + type + " here");
        if (segments.size() == 1) {
            if (method == "POST")
                return create(type, body, header("if-none-exist"));
            if (method == "GET")
                return search(type, query);
        } else if (segments.size() == 2 && segments[1] == "_history" && method == "GET") {
            return history(type, query);
        } else if (segments.size() == 2) {
            if (method == "GET")
                return read(type, segments[1]);
            if (method == "PUT")
                return update(type, segments[1], body, header("if-match"));
            if (method == "DELETE")
                return del(type, segments[1], header("if-match"));
        }
        return error(400, "not-supported", "unsupported interaction");
    }

    Reply bundle(const json& request)
    {
        if (!request.is_object() || request.value("resourceType", "") != "Bundle")
            return error(400, "invalid", "needs a Bundle");
        const auto& entries = request.value("entry", json::array());
        if (entries.size() > maxEntries)
            return error(413, "too-costly", "too many entries");
        json response = {{"resourceType", "Bundle"}, {"type", request.value("type", "batch") + "-response"}};
        auto out = json::array();
        for (const auto& entry : entries) {
            const auto r = entry.value("request", json::object());
            std::map<std::string, std::string> headers;
            if (r.contains("ifNoneExist"))
                headers["if-none-exist"] = r["ifNoneExist"];
            if (r.contains("ifMatch"))
                headers["if-match"] = r["ifMatch"];
            std::string url = r.value("url", "");
            std::string query;
            if (const auto q = url.find('?'); q != std::string::npos) {
                query = url.substr(q + 1);
                url = url.substr(0, q);
            }
            const Reply reply = handle(r.value("method", "GET"), "/" + url, query, headers,
                                       entry.value("resource", json()));
            json e;
            json resp = {{"status", statusLine(reply.status)}};
            if (reply.headers.count("Location"))
                resp["location"] = reply.headers.at("Location");
            if (reply.headers.count("ETag"))
                resp["etag"] = reply.headers.at("ETag");
            if (reply.status >= 400)
                resp["outcome"] = reply.body;
            else if (!reply.body.is_null())
                e["resource"] = reply.body;
            e["response"] = resp;
            out.push_back(e);
        }
        response["entry"] = out;
        return {200, response, {}};
    }

    std::optional<FaultRule> pickFault(const std::string& method, const std::string& path)
    {
        for (std::size_t i = 0; i < rules.size(); ++i) {
            auto& rule = rules[i];
            if (!rule.method.empty() && rule.method != method)
                continue;
            if (!rule.pathPrefix.empty() && path.rfind(rule.pathPrefix, 0) != 0)
                continue;
            const int seen = ruleSeen[i]++;
            if (seen < rule.skip)
                continue;
            if (rule.times >= 0 && seen >= rule.skip + rule.times)
                continue;
            return rule;
        }
        if (chaos > 0 && (method == "POST" || method == "PUT" || method == "DELETE") && !chaosFaults.empty() &&
            path.rfind("/auth", 0) != 0) {
            std::uniform_real_distribution<double> coin(0, 1);
            if (coin(chaosRandom) < chaos) {
                FaultRule rule;
                rule.fault = chaosFaults[chaosRandom() % chaosFaults.size()];
                rule.hang = std::chrono::milliseconds(600);
                rule.retryAfterSeconds = 1;
                return rule;
            }
        }
        return std::nullopt;
    }
};

namespace {

void dropConnection(Poco::Net::HTTPServerRequest& request)
{
    try {
        auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
        socket.shutdown();
    } catch (const Poco::Exception&) {
    }
}

class Handler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit Handler(FakeFhirServer::Impl& impl) : m_impl(impl) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        std::string raw;
        Poco::StreamCopier::copyToString(request.stream(), raw);
        const bool gzipped = request.get("Content-Encoding", "") == "gzip";
        {
            std::lock_guard lock(m_impl.mutex);
            if (gzipped && m_impl.gzipBodyRefusal != 0) {
                ++m_impl.requestCount;
                ++m_impl.gzipBodiesRefused;
                send(request, response, error(m_impl.gzipBodyRefusal, "not-supported", "gzip bodies not taken"), false);
                return;
            }
            if (!gzipped && raw.size() > 1024)
                ++m_impl.plainBodies;
        }
        if (gzipped) {
            std::istringstream compressed(raw);
            Poco::InflatingInputStream inflate(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
            std::string plain;
            Poco::StreamCopier::copyToString(inflate, plain);
            raw = plain;
        }
        const std::string target = request.getURI();
        const auto q = target.find('?');
        const std::string path = target.substr(0, q);
        const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
        const std::string method = request.getMethod();
        std::map<std::string, std::string> headers;
        for (const auto& [name, value] : request) {
            std::string lower = name;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            headers[lower] = value;
        }
        const json body = raw.empty() ? json() : json::parse(raw, nullptr, false);

        std::optional<FaultRule> fault;
        Reply reply;
        {
            std::lock_guard lock(m_impl.mutex);
            ++m_impl.requestCount;
            m_impl.log.push_back(method + " " + target);
            fault = m_impl.pickFault(method, path);
            if (fault)
                ++m_impl.injected;
        }
        if (fault && fault->fault == Fault::Hang)
            std::this_thread::sleep_for(fault->hang);
        if (fault && fault->fault == Fault::DropBeforeCommit) {
            dropConnection(request);
            return;
        }
        if (fault && (fault->fault == Fault::Status500 || fault->fault == Fault::Status503 ||
                      fault->fault == Fault::TooManyRequests)) {
            const int status = fault->fault == Fault::Status500 ? 500
                               : fault->fault == Fault::Status503 ? 503
                                                                  : 429;
            reply = error(status, "transient", "injected failure");
            if (status != 500)
                reply.headers["Retry-After"] = std::to_string(fault->retryAfterSeconds);
            send(request, response, reply, false);
            return;
        }
        if (fault && (fault->fault == Fault::GzipBomb || fault->fault == Fault::Oversized ||
                      fault->fault == Fault::DeepJson)) {
            sendHostile(response, fault->fault);
            return;
        }
        {
            std::lock_guard lock(m_impl.mutex);
            if (path == "/metadata") {
                reply = {200,
                         {{"resourceType", "CapabilityStatement"},
                          {"fhirVersion", "4.0.1"},
                          {"software", {{"name", "FakeFhirServer"}}}},
                         {}};
            } else if (path == "/auth/login") {
                if (m_impl.user.empty())
                    reply = error(404, "not-found", "no login");
                else if (body.is_object() && body.value("username", "") == m_impl.user &&
                         body.value("password", "") == m_impl.password)
                    reply = m_impl.issueTokens();
                else
                    reply = error(401, "login", "bad credentials");
            } else if (path == "/auth/refresh" && method == "POST") {
                reply = m_impl.user.empty() ? error(404, "not-found", "no login") : m_impl.refresh(body);
            } else {
                bool allowed = m_impl.user.empty();
                const auto auth = headers.find("authorization");
                if (!allowed && auth != headers.end() && auth->second.rfind("Bearer ", 0) == 0) {
                    const auto token = m_impl.tokens.find(auth->second.substr(7));
                    allowed = token != m_impl.tokens.end() && token->second; // false: expired
                }
                if (!allowed) {
                    reply = error(401, "login", "bearer token needed");
                    reply.headers["WWW-Authenticate"] = "Bearer";
                } else {
                    reply = m_impl.handle(method, path, query, headers, body);
                    if (fault && fault->fault == Fault::Duplicate)
                        reply = m_impl.handle(method, path, query, headers, body);
                }
            }
        }
        if (fault && fault->fault == Fault::DropAfterCommit) {
            dropConnection(request);
            return;
        }
        send(request, response, reply, fault && fault->fault == Fault::Truncate);
    }

private:
    // Answers no client should read whole: they test the client's bounds on size, inflation, depth.
    static void sendHostile(Poco::Net::HTTPServerResponse& response, Fault fault)
    {
        std::string text;
        if (fault == Fault::GzipBomb) {
            std::ostringstream compressed;
            {
                Poco::DeflatingOutputStream deflate(compressed, Poco::DeflatingStreamBuf::STREAM_GZIP);
                const std::string zeros(1 << 20, '0');
                for (int i = 0; i < 80; ++i)
                    deflate << zeros;
                deflate.close();
            }
            text = compressed.str();
            response.set("Content-Encoding", "gzip");
        } else if (fault == Fault::Oversized) {
            text = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"padding\":\"" +
                   std::string(70u << 20, 'x') + "\"}";
        } else {
            text = std::string(100000, '[') + std::string(100000, ']');
        }
        response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        response.setContentType("application/fhir+json");
        response.setContentLength(static_cast<std::streamsize>(text.size()));
        response.send().write(text.data(), static_cast<std::streamsize>(text.size()));
    }

    void send(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const Reply& reply,
              bool truncate)
    {
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
        for (const auto& [name, value] : reply.headers)
            response.set(name, value);
        std::string text = reply.body.is_null() ? std::string() : reply.body.dump();
        if (!text.empty())
            response.setContentType("application/fhir+json");
        if (text.size() > 1024 && request.get("Accept-Encoding", "").find("gzip") != std::string::npos && !truncate) {
            std::ostringstream compressed;
            {
                Poco::DeflatingOutputStream deflate(compressed, Poco::DeflatingStreamBuf::STREAM_GZIP);
                deflate << text;
                deflate.close();
            }
            text = compressed.str();
            response.set("Content-Encoding", "gzip");
        }
        response.setContentLength(static_cast<std::streamsize>(text.size()));
        std::ostream& out = response.send();
        if (truncate) {
            out.write(text.data(), static_cast<std::streamsize>(text.size() / 2));
            out.flush();
            dropConnection(request);
            return;
        }
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }

    FakeFhirServer::Impl& m_impl;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit Factory(FakeFhirServer::Impl& impl) : m_impl(impl) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(m_impl);
    }

private:
    FakeFhirServer::Impl& m_impl;
};

} // namespace

FakeFhirServer::FakeFhirServer() : m_impl(std::make_unique<Impl>())
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    m_impl->port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setMaxThreads(8);
    params->setMaxQueued(64);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    m_impl->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*m_impl), socket, params);
    m_impl->server->start();
}

FakeFhirServer::~FakeFhirServer() { m_impl->server->stopAll(true); }

std::uint16_t FakeFhirServer::port() const { return m_impl->port; }
std::string FakeFhirServer::baseUrl() const { return m_impl->base(); }

void FakeFhirServer::requireLogin(const std::string& user, const std::string& password)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->user = user;
    m_impl->password = password;
}

void FakeFhirServer::expireAccessTokens()
{
    std::lock_guard lock(m_impl->mutex);
    for (auto& [token, valid] : m_impl->tokens)
        valid = false;
}

void FakeFhirServer::refuseRefreshes(const std::string& reason, const std::string& text)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->refreshRefusal = reason;
    m_impl->refreshRefusalText = text;
}

bool FakeFhirServer::refreshTokenValid(const std::string& refreshToken) const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->refreshTokens.count(refreshToken) > 0;
}

void FakeFhirServer::setClockOffset(std::chrono::seconds offset)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->offset = offset;
}

void FakeFhirServer::setBatchSupported(bool supported)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->batchSupported = supported;
}

void FakeFhirServer::refuseGzipBodies(int status)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->gzipBodyRefusal = status;
}

int FakeFhirServer::gzipBodiesRefused() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->gzipBodiesRefused;
}

int FakeFhirServer::plainBodies() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->plainBodies;
}

void FakeFhirServer::setUnknownTypes(std::vector<std::string> types)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->unknownTypes = std::move(types);
}

void FakeFhirServer::setMaxBundleEntries(std::size_t entries)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->maxEntries = entries;
}

void FakeFhirServer::addFault(FaultRule rule)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->rules.push_back(std::move(rule));
    m_impl->ruleSeen.push_back(0);
}

void FakeFhirServer::setChaos(double probability, std::uint64_t seed, std::vector<Fault> faults)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->chaos = probability;
    m_impl->chaosRandom.seed(seed);
    m_impl->chaosFaults = std::move(faults);
}

void FakeFhirServer::clearFaults()
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->rules.clear();
    m_impl->ruleSeen.clear();
    m_impl->chaos = 0;
}

json FakeFhirServer::put(const json& resource)
{
    std::lock_guard lock(m_impl->mutex);
    const std::string type = resource.value("resourceType", "");
    std::string id = resource.value("id", "");
    if (id.empty())
        id = "f" + std::to_string(++m_impl->nextId);
    json content = resource;
    content["id"] = id;
    const auto& v = m_impl->append(type, id, content, false, m_impl->store[type].count(id) ? "PUT" : "POST");
    return m_impl->render(type, id, v);
}

bool FakeFhirServer::remove(const std::string& type, const std::string& id)
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->del(type, id, "").status == 204;
}

std::optional<json> FakeFhirServer::current(const std::string& type, const std::string& id) const
{
    std::lock_guard lock(m_impl->mutex);
    const auto t = m_impl->store.find(type);
    if (t == m_impl->store.end() || !t->second.count(id) || t->second.at(id).back().deleted)
        return std::nullopt;
    return m_impl->render(type, id, t->second.at(id).back());
}

std::vector<json> FakeFhirServer::live(const std::string& type) const
{
    std::lock_guard lock(m_impl->mutex);
    std::vector<json> out;
    const auto t = m_impl->store.find(type);
    if (t == m_impl->store.end())
        return out;
    for (const auto& [id, versions] : t->second)
        if (!versions.back().deleted)
            out.push_back(m_impl->render(type, id, versions.back()));
    return out;
}

std::size_t FakeFhirServer::countByIdentifier(const std::string& type, const std::string& system,
                                              const std::string& value) const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->matching(type, system, value).size();
}

std::size_t FakeFhirServer::versionsOf(const std::string& type, const std::string& id) const
{
    std::lock_guard lock(m_impl->mutex);
    const auto t = m_impl->store.find(type);
    if (t == m_impl->store.end() || !t->second.count(id))
        return 0;
    return t->second.at(id).size();
}

int FakeFhirServer::requests() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requestCount;
}

int FakeFhirServer::requests(const std::string& method, const std::string& pathPrefix) const
{
    std::lock_guard lock(m_impl->mutex);
    return static_cast<int>(std::count_if(m_impl->log.begin(), m_impl->log.end(), [&](const std::string& line) {
        return line.rfind(method + " " + pathPrefix, 0) == 0;
    }));
}

int FakeFhirServer::faultsInjected() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->injected;
}

int FakeFhirServer::connections() const { return m_impl->server->totalConnections(); }

std::vector<std::string> FakeFhirServer::requestLog() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->log;
}

core::Result<core::sync::HttpResponse> FaultInjectingTransport::send(const core::sync::HttpRequest& request)
{
    ++m_count;
    if (m_every > 0 && m_count % m_every == 0) {
        ++m_injected;
        Mode mode = m_mode;
        if (m_cycle)
            mode = static_cast<Mode>(m_injected % 3);
        if (mode == Mode::FailBeforeSend)
            return core::makeError(core::ErrorCode::SyncFailed, "injected: connection refused");
        auto real = m_inner->send(request);
        if (mode == Mode::LoseResponse) {
            m_inner->reset();
            return core::makeError(core::ErrorCode::SyncFailed, "injected: connection dropped after sending");
        }
        core::sync::HttpResponse failed;
        failed.status = 503;
        failed.headers["retry-after"] = "0";
        failed.body = R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient"}]})";
        return failed;
    }
    return m_inner->send(request);
}

} // namespace avocet::test

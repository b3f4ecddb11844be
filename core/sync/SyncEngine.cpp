#include <cstdlib>
#include "core/sync/SyncEngine.h"

#include "core/sync/LoopbackRedirect.h"

#include <algorithm>
#include <future>
#include <map>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "core/audit/AuditLog.h"
#include "core/common/Time.h"

namespace avocet::core::sync {

namespace {

// Whether a helper thread's exchange has finished (its result can be taken without blocking).
template <typename T>
bool isReady(const std::future<T>& future)
{
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

int statusCodeOf(const std::string& line)
{
    int code = 0;
    for (char c : line) {
        if (c < '0' || c > '9')
            break;
        code = code * 10 + (c - '0');
    }
    return code;
}

std::string encodeQueryValue(const std::string& value)
{
    std::string out;
    Poco::URI::encode(value, "+&=#|", out);
    return out;
}

// "Type/id/_history/v" (relative or absolute) -> id and version.
void parseLocation(const std::string& location, const std::string& type, std::string& id, std::string& version)
{
    const auto at = location.find(type + "/");
    if (at == std::string::npos)
        return;
    std::string rest = location.substr(at + type.size() + 1);
    const auto history = rest.find("/_history/");
    if (history != std::string::npos) {
        version = rest.substr(history + 10);
        rest = rest.substr(0, history);
    }
    if (const auto q = rest.find_first_of("?/"); q != std::string::npos)
        rest = rest.substr(0, q);
    id = rest;
}

std::string laterInstant(const std::string& a, const std::string& b)
{
    if (a.empty())
        return b;
    if (b.empty())
        return a;
    const auto pa = parseInstant(a);
    const auto pb = parseInstant(b);
    if (!pa)
        return b;
    if (!pb)
        return a;
    return *pb > *pa ? b : a;
}

std::string metaField(const nlohmann::json& resource, const char* field)
{
    if (resource.is_object() && resource.contains("meta") && resource["meta"].is_object() &&
        resource["meta"].contains(field) && resource["meta"][field].is_string())
        return resource["meta"][field].get<std::string>();
    return {};
}

bool carriesChangeTag(const nlohmann::json& resource, const std::string& changeId)
{
    if (!resource.is_object() || !resource.contains("meta") || !resource["meta"].contains("tag") ||
        !resource["meta"]["tag"].is_array())
        return false;
    for (const auto& tag : resource["meta"]["tag"])
        if (tag.is_object() && tag.value("system", "") == kChangeTagSystem && tag.value("code", "") == changeId)
            return true;
    return false;
}

constexpr const char* kRevisionTagSystem = "urn:avocet:revision";

std::string revisionTagOf(const nlohmann::json& resource)
{
    if (!resource.is_object() || !resource.contains("meta") || !resource["meta"].contains("tag") ||
        !resource["meta"]["tag"].is_array())
        return {};
    for (const auto& tag : resource["meta"]["tag"])
        if (tag.is_object() && tag.value("system", "") == kRevisionTagSystem)
            return tag.value("code", "");
    return {};
}

void setChangeTag(nlohmann::json& resource, const std::string& changeId, std::int64_t revision)
{
    nlohmann::json meta = resource.contains("meta") && resource["meta"].is_object() ? resource["meta"]
                                                                                     : nlohmann::json::object();
    meta.erase("versionId");
    meta.erase("lastUpdated");
    auto tags = nlohmann::json::array();
    if (meta.contains("tag") && meta["tag"].is_array())
        for (const auto& tag : meta["tag"])
            if (!(tag.is_object() && (tag.value("system", "") == kChangeTagSystem ||
                                      tag.value("system", "") == kRevisionTagSystem)))
                tags.push_back(tag);
    tags.push_back({{"system", kChangeTagSystem}, {"code", changeId}});
    tags.push_back({{"system", kRevisionTagSystem}, {"code", std::to_string(revision)}});
    meta["tag"] = tags;
    resource["meta"] = meta;
}

std::string auditActionCode(const std::string& action)
{
    if (action == audit::action::View || action == audit::action::Export)
        return "R";
    if (action == audit::action::Edit)
        return "U";
    if (action == audit::action::Import)
        return "C";
    return "E";
}

std::optional<std::int64_t> httpDateMicros(const std::string& date)
{
    if (date.empty())
        return std::nullopt;
    try {
        int tz = 0;
        const auto parsed = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, date, tz);
        return parsed.timestamp().epochMicroseconds() - static_cast<std::int64_t>(tz) * 1'000'000;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

} // namespace

SyncEngine::SyncEngine(store::Database& db, SyncConfig config, std::unique_ptr<FhirClient> client,
                       std::shared_ptr<Clock> clock, std::shared_ptr<RandomSource> random)
    : m_db(db), m_config(std::move(config)), m_client(std::move(client)), m_clock(std::move(clock)),
      m_random(std::move(random)), m_store(db, m_random, m_clock), m_batchSize(std::max(1, m_config.initialBatchSize))
{
    while (!m_config.baseUrl.empty() && m_config.baseUrl.back() == '/')
        m_config.baseUrl.pop_back();
    if (m_client) {
        m_client->setStopFlag(&m_stop);
        // The one wiring of refresh to the cache: whichever way the client got its first pair
        // (login(), loadStoredToken(), setTokens()), a pair a refresh rotates in is stored, since
        // avocet-hub revokes the refresh token it replaced. A refresh can happen inside a request
        // sent from a helper thread (a bundle in flight, a page fetched ahead) while this thread
        // uses the same database connection, so the pair is only held here and written by the
        // engine's own thread at the next safe point (flushRefreshedTokens). A failed write
        // cannot be reported from there; the next run then asks for a sign-in.
        m_client->onTokensRefreshed([this](const std::string& access, const std::string& refresh) {
            std::lock_guard lock(m_tokenMutex);
            m_refreshedTokens = std::make_pair(access, refresh);
        });
        if (auto linked = m_store.state(linkedPagingKey()); linked && *linked)
            m_linkedPaging = true;
        if (auto noTotal = m_store.state(noTotalKey()); noTotal && *noTotal)
            m_totalNone = false;
        // A server that refused a gzipped request body once gets plain bodies from the start.
        if (auto plain = m_store.state(plainBodiesKey()); plain && *plain) {
            m_client->transport().setCompressRequests(false);
            m_plainBodiesStored = true;
        }
    }
}

void SyncEngine::rememberPlainBodies()
{
    if (m_client && !m_plainBodiesStored && m_client->gzipBodyRefused())
        m_plainBodiesStored = m_store.setState(plainBodiesKey(), "1").ok();
}

Result<std::unique_ptr<SyncEngine>> SyncEngine::create(store::Database& db, SyncConfig config,
                                                       std::shared_ptr<Clock> clock,
                                                       std::shared_ptr<RandomSource> random)
{
    auto client = FhirClient::connect(config.baseUrl, config, clock, random);
    if (!client)
        return client.error();
    return std::make_unique<SyncEngine>(db, std::move(config), std::move(*client), std::move(clock),
                                        std::move(random));
}

Status SyncEngine::loadStoredToken()
{
    auto stored = m_store.state("token:" + serverKey());
    if (!stored)
        return stored.error();
    if (!*stored || !m_client)
        return Status::success();
    const auto tokens = nlohmann::json::parse(**stored, nullptr, false);
    if (!tokens.is_object())
        return Status::success();
    m_tokenUser = tokens.value("user", "");
    m_tokenRole = tokens.value("role", "");
    m_client->setTokens(tokens.value("access", ""), tokens.value("refresh", ""));
    return Status::success();
}

Status SyncEngine::login(const std::string& username, const std::string& password)
{
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    auto result = m_client->login(username, password); // the client now holds the pair
    if (!result)
        return result.error();
    m_tokenUser = result->username;
    m_tokenRole = result->role;
    return storeTokens(result->accessToken, result->refreshToken);
}

Status SyncEngine::signOn(const std::function<void(const std::string&)>& openBrowser, std::chrono::milliseconds timeout)
{
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    auto url = parseBaseUrl(m_config.baseUrl);
    if (!url)
        return url.error();
    auto result = signOnThroughBrowser(m_client->transport(), openBrowser, timeout, url->basePath);
    if (!result)
        return result.error();
    return adoptTokens(*result);
}

Status SyncEngine::adoptTokens(const LoginResult& signedOn)
{
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    m_client->setTokens(signedOn.accessToken, signedOn.refreshToken);
    m_tokenUser = signedOn.username;
    m_tokenRole = signedOn.role;
    return storeTokens(signedOn.accessToken, signedOn.refreshToken);
}

Result<std::string> SyncEngine::signOut(const std::string& postLogoutRedirectUri)
{
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    auto url = parseBaseUrl(m_config.baseUrl);
    if (!url)
        return url.error();
    auto stored = m_store.state("token:" + serverKey());
    if (!stored)
        return stored.error();
    std::string access;
    std::string refresh;
    if (*stored) {
        const auto record = nlohmann::json::parse(**stored, nullptr, false);
        if (record.is_object()) {
            access = record.value("access", "");
            refresh = record.value("refresh", "");
        }
    }
    std::string endSession;
    std::optional<Error> notEnded;
    if (!access.empty()) {
        auto ended = sync::signOut(m_client->transport(), access, postLogoutRedirectUri, url->basePath, refresh);
        if (ended)
            endSession = *ended;
        else
            notEnded = ended.error();
    }
    // The token is forgotten here even when the hub could not be told: signing out of a shared
    // computer must leave no way back in behind it. The hub's login then ends at its expiry.
    m_client->setTokens({}, {});
    m_tokenUser.clear();
    m_tokenRole.clear();
    if (auto cleared = storeTokens({}, {}); !cleared)
        return cleared.error();
    if (notEnded)
        return makeError(notEnded->code, "Signed out on this computer (the sign-in kept here is gone), but the "
                                         "server could not be told: " + notEnded->message);
    return endSession;
}

void SyncEngine::flushRefreshedTokens()
{
    std::optional<std::pair<std::string, std::string>> pair;
    {
        std::lock_guard lock(m_tokenMutex);
        pair.swap(m_refreshedTokens);
    }
    if (pair)
        (void)storeTokens(pair->first, pair->second);
    // The server ended the sign-on: its tokens open nothing any more, so they are forgotten, and the
    // next run (after the passphrase unlocks again) works off-line instead of ending it once more.
    if (m_client && !m_client->signOnEnded().empty() && m_client->hasTokens()) {
        m_client->setTokens({}, {});
        (void)storeTokens({}, {});
    }
}

Status SyncEngine::storeTokens(const std::string& access, const std::string& refresh)
{
    return m_store.setState("token:" + serverKey(), nlohmann::json{{"access", access},
                                                                   {"refresh", refresh},
                                                                   {"user", m_tokenUser},
                                                                   {"role", m_tokenRole}}
                                                        .dump());
}

void SyncEngine::publish(std::function<void(SyncStatus&)> change)
{
    SyncStatus copy;
    {
        std::lock_guard lock(m_statusMutex);
        change(m_status);
        copy = m_status;
    }
    if (m_progress)
        m_progress(copy);
}

SyncStatus SyncEngine::status()
{
    SyncStatus snapshot;
    {
        std::lock_guard lock(m_statusMutex);
        snapshot = m_status;
    }
    if (auto pending = m_store.pendingChangeCount())
        snapshot.pending = *pending;
    if (auto failures = m_store.failures())
        snapshot.failures = std::move(*failures);
    if (auto conflicts = m_store.conflicts(true))
        snapshot.conflicts = std::move(*conflicts);
    if (auto last = m_store.state("last_sync:" + serverKey()); last && *last)
        snapshot.upToDateAt = **last;
    return snapshot;
}

bool SyncEngine::probe()
{
    if (!m_client)
        return false;
    HttpRequest request{"GET", "", {{"Accept", "application/fhir+json"}}, {}};
    auto url = parseBaseUrl(m_config.baseUrl);
    if (!url)
        return false;
    request.target = url->basePath + "/metadata";
    auto response = m_client->transport().send(request);
    return response.ok() && response->status < 500;
}

// ---------------------------------------------------------------------------------------------
// Push

nlohmann::json SyncEngine::bodyFor(const OutboxRow& row, const LocalResource& local, bool& deferred)
{
    deferred = false;
    nlohmann::json content = local.content;
    // References to records created on this device: use the server's id once it is known, and
    // wait (defer) while the referenced record has not reached the server yet.
    std::function<void(nlohmann::json&)> rewrite = [&](nlohmann::json& node) {
        if (node.is_object()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (it.key() == "reference" && it.value().is_string()) {
                    const std::string ref = it.value();
                    const auto slash = ref.find('/');
                    if (slash == std::string::npos || ref.find(':') != std::string::npos)
                        continue;
                    const std::string type = ref.substr(0, slash);
                    const std::string id = ref.substr(slash + 1);
                    auto target = m_store.get(type, id);
                    if (target && *target && (*target)->origin == "local") {
                        if (!(*target)->serverId)
                            deferred = true;
                        else
                            it.value() = type + "/" + *(*target)->serverId;
                    }
                } else {
                    rewrite(it.value());
                }
            }
        } else if (node.is_array()) {
            for (auto& item : node)
                rewrite(item);
        }
    };
    rewrite(content);

    nlohmann::json entry;
    if (row.op == "create") {
        content.erase("id");
        setChangeTag(content, row.changeId, row.revision);
        entry = {{"fullUrl", "urn:uuid:" + row.clientId},
                 {"resource", content},
                 {"request",
                  {{"method", "POST"},
                   {"url", row.type},
                   {"ifNoneExist", std::string("identifier=") + kClientIdSystem + "|" + row.clientId}}}};
    } else if (row.op == "update") {
        content["id"] = local.serverId.value_or("");
        setChangeTag(content, row.changeId, row.revision);
        nlohmann::json request = {{"method", "PUT"}, {"url", row.type + "/" + local.serverId.value_or("")}};
        if (row.baseVersion)
            request["ifMatch"] = weakEtag(*row.baseVersion);
        entry = {{"fullUrl", m_config.baseUrl + "/" + row.type + "/" + local.serverId.value_or("")},
                 {"resource", content},
                 {"request", request}};
    } else {
        nlohmann::json request = {{"method", "DELETE"}, {"url", row.type + "/" + local.serverId.value_or("")}};
        if (row.baseVersion)
            request["ifMatch"] = weakEtag(*row.baseVersion);
        entry = {{"request", request}};
    }
    return entry;
}

SyncEngine::EntryOutcome SyncEngine::sendSingle(const OutboxRow&, const nlohmann::json& entry, bool& networkDown,
                                                std::string& error)
{
    EntryOutcome outcome;
    const auto& request = entry["request"];
    std::vector<std::pair<std::string, std::string>> headers = {{"Prefer", "return=representation"}};
    if (request.contains("ifNoneExist"))
        headers.emplace_back("If-None-Exist", request["ifNoneExist"].get<std::string>());
    if (request.contains("ifMatch"))
        headers.emplace_back("If-Match", request["ifMatch"].get<std::string>());
    const std::string method = request["method"];
    const nlohmann::json* body = entry.contains("resource") ? &entry["resource"] : nullptr;
    auto response = m_client->send(method, request["url"].get<std::string>(), body, headers);
    if (!response) {
        networkDown = true;
        error = response.message();
        outcome.transient = true;
        return outcome;
    }
    outcome.status = response->status;
    if (response->success())
        outcome.resource = response->body;
    outcome.location = response->header("location");
    if (outcome.location.empty())
        outcome.location = response->header("content-location");
    outcome.etag = response->header("etag");
    outcome.lastModified = response->header("last-modified");
    outcome.reason = response->reason();
    return outcome;
}

Status SyncEngine::storeSuccess(const OutboxRow& row, const nlohmann::json& serverResource,
                                const std::string& serverId, const std::string& versionId,
                                const std::string& lastUpdated, bool followUp)
{
    auto tx = store::ScopedWrite::begin(m_db); // joins pushRound's per-bundle transaction
    if (!tx)
        return tx.error();
    auto current = m_store.outboxFor(row.type, row.localId);
    if (!current)
        return current.error();
    if (!*current || (*current)->seq != row.seq)
        return tx->commit(); // already handled
    const bool unchanged = (*current)->revision == row.revision && !followUp;
    auto local = m_store.get(row.type, row.localId);
    if (!local)
        return local.error();

    if (row.op == "delete") {
        auto del = m_db.prepare("DELETE FROM sync_resources WHERE type = ? AND local_id = ?");
        if (!del)
            return del.error();
        del->bindAll(row.type, row.localId);
        if (Status st = del->run(); !st)
            return st;
        if (!serverId.empty()) {
            auto tomb = m_db.prepare("INSERT OR IGNORE INTO sync_tombstones (type, server_id, deleted_at) VALUES (?, ?, ?)");
            if (!tomb)
                return tomb.error();
            tomb->bindAll(row.type, serverId, lastUpdated);
            if (Status st = tomb->run(); !st)
                return st;
        }
    } else if (*local) {
        // A copy pulled while the response was lost would now be a duplicate: drop it.
        auto dup = m_db.prepare("DELETE FROM sync_resources WHERE type = ? AND server_id = ? AND local_id <> ?");
        if (!dup)
            return dup.error();
        dup->bindAll(row.type, serverId, row.localId);
        if (Status st = dup->run(); !st)
            return st;
        LocalResource r = **local;
        r.serverId = serverId;
        if (!versionId.empty())
            r.versionId = versionId;
        if (!lastUpdated.empty())
            r.lastUpdated = lastUpdated;
        if (unchanged && serverResource.is_object() && serverResource.contains("resourceType"))
            r.content = serverResource;
        else
            r.content["id"] = serverId;
        r.patientRef = patientReferenceOf(r.content);
        if (Status st = m_store.writeResource(r); !st)
            return st;
    }
    if (unchanged || row.op == "delete") {
        auto del = m_db.prepare("DELETE FROM sync_outbox WHERE seq = ?");
        if (!del)
            return del.error();
        del->bindAll(row.seq);
        if (Status st = del->run(); !st)
            return st;
    } else {
        // Edited again while this change travelled: what is left is an update on top of it.
        auto next = m_db.prepare("UPDATE sync_outbox SET op = 'update', base_version = ?, change_id = ?, "
                                 "attempts = 0 WHERE seq = ?");
        if (!next)
            return next.error();
        next->bindAll(versionId, m_random->uuid(), row.seq);
        if (Status st = next->run(); !st)
            return st;
    }
    return tx->commit();
}

Status SyncEngine::storeConflict(const OutboxRow& row, const std::string& reason, const nlohmann::json& serverResource)
{
    auto tx = store::ScopedWrite::begin(m_db); // joins pushRound's per-bundle transaction
    if (!tx)
        return tx.error();
    auto current = m_store.outboxFor(row.type, row.localId);
    if (!current)
        return current.error();
    if (!*current || (*current)->seq != row.seq)
        return tx->commit();
    auto local = m_store.get(row.type, row.localId);
    if (!local)
        return local.error();
    const std::string localContent = *local ? (*local)->content.dump() : "{}";
    const std::string serverId = *local && (*local)->serverId ? *(*local)->serverId : "";
    const bool deleted = !serverResource.is_object();
    auto ins = m_db.prepare("INSERT INTO sync_conflicts (type, local_id, server_id, client_id, base_version, "
                            "server_version, local_content, server_content, reason, detected_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins)
        return ins.error();
    ins->bindAll(row.type, row.localId, serverId, row.clientId, row.baseVersion,
                 deleted ? std::string() : metaField(serverResource, "versionId"), localContent,
                 deleted ? std::optional<std::string>() : std::optional<std::string>(serverResource.dump()), reason,
                 toIsoUtc(m_clock->now()));
    if (Status st = ins->run(); !st)
        return st;
    auto del = m_db.prepare("DELETE FROM sync_outbox WHERE seq = ?");
    if (!del)
        return del.error();
    del->bindAll(row.seq);
    if (Status st = del->run(); !st)
        return st;
    if (deleted && !serverId.empty()) {
        auto tomb = m_db.prepare("INSERT OR IGNORE INTO sync_tombstones (type, server_id) VALUES (?, ?)");
        if (!tomb)
            return tomb.error();
        tomb->bindAll(row.type, serverId);
        if (Status st = tomb->run(); !st)
            return st;
        auto gone = m_db.prepare("DELETE FROM sync_resources WHERE type = ? AND local_id = ?");
        if (!gone)
            return gone.error();
        gone->bindAll(row.type, row.localId);
        if (Status st = gone->run(); !st)
            return st;
    }
    return tx->commit();
}

Status SyncEngine::markFailed(const OutboxRow& row, const std::string& reason)
{
    auto st = m_db.prepare("UPDATE sync_outbox SET state = 'failed', last_error = ?, attempts = attempts + 1 "
                           "WHERE seq = ? AND revision = ?");
    if (!st)
        return st.error();
    st->bindAll(reason, row.seq, row.revision);
    return st->run();
}

Status SyncEngine::applyOutcome(const OutboxRow& row, const EntryOutcome& outcome, SyncSummary& summary,
                                bool& retryLater)
{
    retryLater = false;
    const int status = outcome.status;
    if (outcome.transient || status == 0 || status == 408 || status == 429 || status >= 500) {
        retryLater = true;
        return Status::success();
    }
    auto local = m_store.get(row.type, row.localId);
    if (!local)
        return local.error();
    const std::string knownServerId = *local && (*local)->serverId ? *(*local)->serverId : "";

    // The server holds an earlier revision of this change (the answer to it was lost and the user
    // edited again since): what is left is an update on top of the server's version.
    auto olderRevision = [&](const nlohmann::json& resource) {
        return resource.is_object() && (!carriesChangeTag(resource, row.changeId) ||
                                        revisionTagOf(resource) != std::to_string(row.revision));
    };
    auto succeed = [&](const nlohmann::json& resource, bool followUp = false) -> Status {
        std::string serverId, versionId;
        parseLocation(outcome.location, row.type, serverId, versionId);
        if (resource.is_object()) {
            if (resource.contains("id") && resource["id"].is_string())
                serverId = resource["id"];
            if (auto v = metaField(resource, "versionId"); !v.empty())
                versionId = v;
        }
        if (versionId.empty() && !outcome.etag.empty())
            versionId = versionFromEtag(outcome.etag);
        if (serverId.empty())
            serverId = knownServerId;
        if (serverId.empty() && row.op != "delete")
            return markFailed(row, "the server accepted the record but did not say where it stored it");
        std::string lastUpdated = metaField(resource, "lastUpdated");
        if (Status st = storeSuccess(row, resource, serverId, versionId, lastUpdated, followUp); !st)
            return st;
        ++summary.pushed;
        return Status::success();
    };

    if (row.op == "delete") {
        if ((status >= 200 && status < 300) || status == 404 || status == 410)
            return succeed(nullptr);
    } else if (status >= 200 && status < 300) {
        // 200 to a conditional create: the record was already there (an earlier attempt committed).
        const bool earlier = row.op == "create" && status == 200 && olderRevision(outcome.resource);
        return succeed(outcome.resource, earlier);
    }
    if ((status == 412 || status == 409) && row.op != "create") {
        // Either someone else changed the record (a conflict) or our own change committed and only
        // its answer was lost (the current version carries our change tag).
        auto current = m_client->get(row.type + "/" + knownServerId);
        if (!current) {
            retryLater = true;
            return Status::success();
        }
        if (current->status == 200 && carriesChangeTag(current->body, row.changeId)) {
            return succeed(current->body, olderRevision(current->body));
        }
        if (current->status == 410 || current->status == 404) {
            if (row.op == "delete")
                return succeed(nullptr);
            ++summary.conflicts;
            return storeConflict(row, "deleted", nullptr);
        }
        if (current->status != 200) {
            retryLater = true;
            return Status::success();
        }
        ++summary.conflicts;
        return storeConflict(row, "version", current->body);
    }
    if (status == 410 && row.op == "update") {
        ++summary.conflicts;
        return storeConflict(row, "deleted", nullptr);
    }
    if (status == 401) {
        retryLater = true;
        return Status::success();
    }
    ++summary.failures;
    return markFailed(row, outcome.reason.empty() ? "HTTP " + std::to_string(status) : outcome.reason);
}

Result<int> SyncEngine::pushRound(SyncSummary& summary, std::set<std::int64_t>& skip, bool& networkDown)
{
    std::int64_t cursor = 0;
    int progressed = 0;
    bool deferredAny = false;
    int passes = 0;

    // The next pending outbox rows after `from`: a bundle's worth plus the ones being skipped.
    auto pendingAfter = [&](std::int64_t from) -> Result<std::vector<OutboxRow>> {
        auto st = m_db.prepare("SELECT seq, type, local_id, op, client_id, change_id, base_version, revision, "
                               "attempts, state, last_error FROM sync_outbox WHERE state = 'pending' AND seq > ? "
                               "ORDER BY seq LIMIT ?");
        if (!st)
            return st.error();
        st->bindAll(from, static_cast<std::int64_t>(m_batchSize + static_cast<int>(skip.size())));
        std::vector<OutboxRow> rows;
        for (;;) {
            auto step = st->step();
            if (!step)
                return step.error();
            if (!*step)
                break;
            rows.push_back(SyncStore::readOutbox(*st));
        }
        return rows;
    };

    struct Ahead
    {
        std::vector<OutboxRow> rows;
        std::vector<nlohmann::json> entries;
        std::int64_t cursor = 0;
        int batchSize = 0;
    };
    // The next bundle, built while the current one is on the wire (batch mode only): the local
    // reads and JSON work then overlap the server's time instead of adding to it (bench:
    // sync.upload_*_wall_vs_bare_poco). It is only a guess made before the current bundle's
    // outcomes are stored, so it is dropped whenever those outcomes could change it: a record of
    // the current bundle again, a reference still waiting for a server id (possibly one the
    // current bundle is creating), an outbox row to tidy, or any answer other than a full success
    // at an unchanged batch size. Building it writes nothing.
    auto buildAhead = [&](std::int64_t from, const std::vector<OutboxRow>& inFlight) -> std::optional<Ahead> {
        auto rows = pendingAfter(from);
        if (!rows)
            return std::nullopt;
        std::set<std::pair<std::string, std::string>> busy;
        for (const auto& row : inFlight)
            busy.emplace(row.type, row.localId);
        Ahead ahead;
        ahead.batchSize = m_batchSize;
        ahead.cursor = from;
        for (const auto& row : *rows) {
            ahead.cursor = row.seq;
            if (skip.count(row.seq))
                continue;
            if (busy.count({row.type, row.localId}))
                return std::nullopt;
            auto local = m_store.get(row.type, row.localId);
            if (!local || !*local)
                return std::nullopt;
            bool deferred = false;
            auto entry = bodyFor(row, **local, deferred);
            if (deferred)
                return std::nullopt;
            ahead.rows.push_back(row);
            ahead.entries.push_back(std::move(entry));
            if (static_cast<int>(ahead.entries.size()) >= m_batchSize)
                break;
        }
        if (ahead.entries.empty())
            return std::nullopt;
        return ahead;
    };
    std::optional<Ahead> ahead;
    // Set while the bundle built ahead is already on the wire (its outcomes are the next ones read).
    std::future<Result<FhirResponse>> aheadSend;
    auto sendBundle = [this](const std::vector<nlohmann::json>& entries) {
        auto bundle = std::make_shared<const nlohmann::json>(
            nlohmann::json{{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", entries}});
        return std::async(std::launch::async, [this, bundle] {
            return m_client->send("POST", "", bundle.get(), {{"Prefer", "return=representation"}});
        });
    };

    for (;;) {
        if (m_stop.load())
            break;
        std::vector<OutboxRow> batchRows;
        std::vector<nlohmann::json> entries;
        if (ahead && ahead->batchSize == m_batchSize) {
            batchRows = std::move(ahead->rows);
            entries = std::move(ahead->entries);
            cursor = ahead->cursor;
            ahead.reset();
        } else {
            ahead.reset();
            auto pending = pendingAfter(cursor);
            if (!pending)
                return pending.error();
            const std::vector<OutboxRow>& rows = *pending;
            if (rows.empty()) {
                // Another pass for changes that waited on others (deferred) or that became an update
                // on top of what the server already had (follow-ups).
                auto left = m_db.queryInt("SELECT count(*) FROM sync_outbox WHERE state = 'pending'");
                if (!left)
                    return left.error();
                const bool more = deferredAny || *left > static_cast<std::int64_t>(skip.size());
                if (more && progressed > 0 && ++passes < 4) {
                    cursor = 0;
                    deferredAny = false;
                    progressed = 0;
                    continue;
                }
                break;
            }
            for (const auto& row : rows) {
                cursor = row.seq;
                if (skip.count(row.seq))
                    continue;
                auto local = m_store.get(row.type, row.localId);
                if (!local)
                    return local.error();
                if (!*local) {
                    // Nothing left to send (a record created and deleted before it ever synced).
                    auto del = m_db.prepare("DELETE FROM sync_outbox WHERE seq = ?");
                    if (!del)
                        return del.error();
                    del->bindAll(row.seq);
                    if (Status d = del->run(); !d)
                        return d.error();
                    continue;
                }
                bool deferred = false;
                auto entry = bodyFor(row, **local, deferred);
                if (deferred) {
                    deferredAny = true;
                    continue;
                }
                batchRows.push_back(row);
                entries.push_back(std::move(entry));
                if (static_cast<int>(entries.size()) >= m_batchSize)
                    break;
            }
            if (entries.empty())
                continue;
        }

        std::vector<EntryOutcome> outcomes(entries.size());
        if (m_config.useBatch && m_batchSupported) {
            const int sentAtSize = m_batchSize;
            // The client (serialising, the exchange, parsing the answer) runs on its own thread; this
            // one builds the next bundle meanwhile. Only that thread touches m_client until get().
            std::future<Result<FhirResponse>> inFlight =
                aheadSend.valid() ? std::move(aheadSend) : sendBundle(entries);
            ahead = buildAhead(cursor, batchRows);
            m_clock->awaitReady([&inFlight] { return isReady(inFlight); });
            auto response = inFlight.get();
            flushRefreshedTokens();
            const bool fullSuccess = response && response->status == 200 && response->body.is_object() &&
                                     response->body.contains("entry") && response->body["entry"].is_array() &&
                                     response->body["entry"].size() == entries.size();
            if (!fullSuccess)
                ahead.reset();
            if (!response) {
                networkDown = true;
                summary.error = response.message();
                if (m_batchSize > 1 && response.message().find("in time") != std::string::npos)
                    m_batchSize = std::max(1, m_batchSize / 2);
                return progressed;
            }
            if (response->status == 413) {
                if (m_batchSize == 1) {
                    for (const auto& row : batchRows) {
                        ++summary.failures;
                        if (Status f = markFailed(row, "the server refused the record as too large"); !f)
                            return f.error();
                    }
                    continue;
                }
                m_batchSize = std::max(1, m_batchSize / 2);
                m_batchCeiling = m_batchSize;
                cursor = batchRows.front().seq - 1;
                continue;
            }
            if (response->status == 404 || response->status == 405 || response->status == 501 ||
                (response->status == 400 && !response->body.is_object())) {
                m_batchSupported = false; // the server has no batch: send each change on its own
                cursor = batchRows.front().seq - 1;
                continue;
            }
            const auto& body = response->body;
            if (response->status == 401) {
                networkDown = true;
                summary.error = "the server needs a login (avocetctl login --server URL)";
                return progressed;
            }
            if (response->status != 200 || !body.is_object() || !body.contains("entry") || !body["entry"].is_array() ||
                body["entry"].size() != entries.size()) {
                // The whole Bundle refused (e.g. 403): each change keeps the reason.
                FhirResponse copy = *response;
                for (auto& outcome : outcomes) {
                    outcome.status = response->status >= 200 && response->status < 300 ? 502 : response->status;
                    outcome.reason = copy.reason();
                }
            } else {
                for (std::size_t i = 0; i < entries.size(); ++i) {
                    const auto& e = body["entry"][i];
                    const auto& r = e.contains("response") ? e["response"] : nlohmann::json::object();
                    outcomes[i].status = statusCodeOf(r.value("status", "0"));
                    if (e.contains("resource"))
                        outcomes[i].resource = e["resource"];
                    outcomes[i].location = r.value("location", "");
                    outcomes[i].etag = r.value("etag", "");
                    outcomes[i].lastModified = r.value("lastModified", "");
                    if (r.contains("outcome")) {
                        FhirResponse reasonOf;
                        reasonOf.status = outcomes[i].status;
                        reasonOf.body = r["outcome"];
                        outcomes[i].reason = reasonOf.reason();
                    } else {
                        outcomes[i].reason = "HTTP " + std::to_string(outcomes[i].status);
                    }
                }
                if (static_cast<int>(entries.size()) == m_batchSize)
                    m_batchSize = std::min({m_config.maxBatchSize, m_batchCeiling, m_batchSize * 2});
                if (m_batchSize != sentAtSize)
                    ahead.reset(); // built for the old size: rebuild at the new one
                readBackVersions(batchRows, outcomes);
                // Send the next bundle now, so storing this one's outcomes overlaps its round trip.
                if (ahead && ahead->batchSize == m_batchSize && !m_stop.load())
                    aheadSend = sendBundle(ahead->entries);
                else
                    ahead.reset();
            }
        } else {
            for (std::size_t i = 0; i < entries.size(); ++i) {
                std::string error;
                outcomes[i] = sendSingle(batchRows[i], entries[i], networkDown, error);
                if (networkDown) {
                    summary.error = error;
                    outcomes.resize(i);
                    break;
                }
            }
        }
        // One transaction per bundle for storing its outcomes: one fsync instead of one per entry.
        // A crash before it commits leaves the rows queued, and the conditional creates make the
        // resend idempotent.
        auto applied = store::Transaction::begin(m_db);
        if (!applied)
            return applied.error();
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            bool retryLater = false;
            const int before = summary.pushed;
            if (Status a = applyOutcome(batchRows[i], outcomes[i], summary, retryLater); !a)
                return a.error();
            if (retryLater)
                skip.insert(batchRows[i].seq);
            if (summary.pushed > before)
                ++progressed;
        }
        if (Status committed = applied->commit(); !committed)
            return committed.error();
        publish([&](SyncStatus& s) {
            s.done = summary.pushed;
            s.bytesSent = m_client->bytesSent();
            s.bytesReceived = m_client->bytesReceived();
            // Time left at the pace so far: the items still queued at the seconds per item stored.
            const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(m_clock->now() - m_pushStarted);
            if (s.done > 0 && s.total >= s.done)
                s.secondsLeft = elapsed.count() * (s.total - s.done) / s.done;
        });
        if (networkDown)
            return progressed;
    }
    return progressed;
}

void SyncEngine::readBackVersions(const std::vector<OutboxRow>& rows, std::vector<EntryOutcome>& outcomes)
{
    // FHIR asks batch-response entries for `etag` and a versioned `location` but does not require
    // them, and `Prefer: return=representation` need not apply inside a batch (Medplum sends only
    // `status` and `location: T/id`). Without the version the next edit could not carry If-Match,
    // so read those records back in one batch of GETs. A copy is used only when it carries this
    // change's tag; otherwise the version stays unknown until the next pull.
    nlohmann::json reads = nlohmann::json::array();
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& outcome = outcomes[i];
        if (rows[i].op == "delete" || outcome.status < 200 || outcome.status >= 300 || outcome.resource.is_object() ||
            !outcome.etag.empty() || outcome.location.find("/_history/") != std::string::npos)
            continue;
        std::string id, version;
        parseLocation(outcome.location, rows[i].type, id, version);
        if (id.empty())
            continue;
        reads.push_back({{"request", {{"method", "GET"}, {"url", rows[i].type + "/" + id}}}});
        which.push_back(i);
    }
    if (which.empty())
        return;
    const nlohmann::json bundle = {{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", reads}};
    auto response = m_client->send("POST", "", &bundle);
    if (!response || response->status != 200 || !response->body.is_object() ||
        !response->body.contains("entry") || response->body["entry"].size() != which.size())
        return;
    for (std::size_t k = 0; k < which.size(); ++k) {
        const auto& entry = response->body["entry"][k];
        if (entry.contains("resource") && carriesChangeTag(entry["resource"], rows[which[k]].changeId))
            outcomes[which[k]].resource = entry["resource"];
    }
}

Result<SyncSummary> SyncEngine::push()
{
    const TokenFlush flushTokens(*this);
    SyncSummary summary;
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    auto pending = m_store.pendingCount();
    if (!pending)
        return pending.error();
    publish([&](SyncStatus& s) {
        s.phase = SyncPhase::Syncing;
        s.done = 0;
        s.total = *pending;
        s.secondsLeft.reset();
    });
    m_pushStarted = m_clock->now();
    // Start at the batch size this server last took, so a fresh engine does not re-learn it by
    // doubling from initialBatchSize on every run (bench: sync.upload_*_requests_vs_minimum).
    const std::string batchKey = "push.batchSize " + m_config.baseUrl;
    if (auto learnt = m_store.state(batchKey); learnt && *learnt) {
        const int remembered = std::atoi((*learnt)->c_str());
        if (remembered > 0)
            m_batchSize = std::min(remembered, m_config.maxBatchSize);
    }
    std::set<std::int64_t> skip;
    bool networkDown = false;
    auto progressed = pushRound(summary, skip, networkDown);
    if (!progressed)
        return progressed.error();
    if (m_batchSupported)
        (void)m_store.setState(batchKey, std::to_string(m_batchSize));
    if (!skip.empty() && summary.error.empty())
        summary.error = std::to_string(skip.size()) + " change(s) will be retried: the server was busy";
    summary.requests = m_client->stats().requests;
    summary.retries = m_client->stats().retries;
    if (auto left = m_store.pendingCount())
        summary.pending = *left;
    summary.complete = summary.error.empty() && summary.pending == 0;
    return summary;
}

// ---------------------------------------------------------------------------------------------
// Audit chain

Result<int> SyncEngine::pushAudit()
{
    const TokenFlush flushTokens(*this);
    if (m_audit == nullptr || !m_client)
        return 0;
    auto chain = m_store.state("audit.chain");
    if (!chain)
        return chain.error();
    std::string chainId = chain->value_or("");
    if (chainId.empty()) {
        chainId = m_random->uuid();
        if (Status st = m_store.setState("audit.chain", chainId); !st)
            return st.error();
    }
    const std::string pushedKey = "audit.pushed:" + serverKey();
    const std::string ambiguousKey = "audit.ambiguous:" + serverKey();
    auto pushedText = m_store.state(pushedKey);
    if (!pushedText)
        return pushedText.error();
    std::int64_t pushed = *pushedText ? std::stoll(**pushedText) : 0;

    // A push whose answer was lost (this run or one that was killed): find what the server holds.
    std::set<std::int64_t> present;
    auto reconcile = [&]() -> Status {
        auto ambiguous = m_store.state(ambiguousKey);
        if (!ambiguous)
            return ambiguous.error();
        if (!*ambiguous)
            return Status::success();
        std::string url = "AuditEvent?_lastUpdated=ge" + encodeQueryValue(**ambiguous) + "&_count=500";
        while (!url.empty()) {
            auto page = m_client->get(url);
            if (!page)
                return makeError(ErrorCode::SyncFailed, page.message());
            if (page->status != 200)
                break;
            url.clear();
            for (const auto& e : page->body.value("entry", nlohmann::json::array())) {
                const auto& r = e.value("resource", nlohmann::json::object());
                for (const auto& entity : r.value("entity", nlohmann::json::array()))
                    for (const auto& d : entity.value("detail", nlohmann::json::array()))
                        if (d.value("type", "") == kAuditChainDetail) {
                            const std::string v = d.value("valueString", "");
                            if (v.rfind(chainId + ":", 0) == 0) {
                                const auto rest = v.substr(chainId.size() + 1);
                                present.insert(std::stoll(rest.substr(0, rest.find(':'))));
                            }
                        }
            }
            for (const auto& link : page->body.value("link", nlohmann::json::array()))
                if (link.value("relation", "") == "next")
                    url = link.value("url", "");
        }
        return Status::success();
    };
    if (Status st = reconcile(); !st)
        return st.error();
    int failedAttempts = 0;

    int sent = 0;
    for (;;) {
        auto events = m_audit->events(pushed, std::min(m_batchSize, 500));
        if (!events)
            return events.error();
        if (events->empty())
            break;
        auto entries = nlohmann::json::array();
        std::vector<std::int64_t> seqs;
        for (const auto& event : *events) {
            if (present.count(event.seq))
                continue;
            nlohmann::json resource = {
                {"resourceType", "AuditEvent"},
                {"type",
                 {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"},
                  {"code", "rest"},
                  {"display", "RESTful Operation"}}},
                {"subtype", nlohmann::json::array({{{"system", "urn:avocet:audit-action"}, {"code", event.action}}})},
                {"action", auditActionCode(event.action)},
                {"recorded", event.at},
                {"outcome", event.outcome == "success" ? "0" : "4"},
                {"agent", nlohmann::json::array({{{"who", {{"display", event.user}}},
                                                  {"requestor", true},
                                                  {"role", nlohmann::json::array({{{"text", event.role}}})}}})},
                {"source", {{"observer", {{"display", event.device}}}}}};
            nlohmann::json chainEntity = {
                {"detail", nlohmann::json::array({{{"type", kAuditChainDetail},
                                                   {"valueString", chainId + ":" + std::to_string(event.seq) + ":" +
                                                                       event.hash}},
                                                  {{"type", "prev-hash"}, {"valueString", event.prevHash}}})}};
            if (!event.detail.empty())
                chainEntity["description"] = event.detail;
            auto entities = nlohmann::json::array({chainEntity});
            if (event.patientId) {
                nlohmann::json what;
                auto mapped = m_store.get("Patient", *event.patientId);
                if (mapped && *mapped && (*mapped)->serverId)
                    what = {{"reference", "Patient/" + *(*mapped)->serverId}};
                else
                    what = {{"identifier", {{"system", "urn:avocet:local-patient"}, {"value", *event.patientId}}}};
                entities.push_back({{"what", what}});
            }
            resource["entity"] = entities;
            entries.push_back({{"fullUrl", "urn:uuid:" + m_random->uuid()},
                               {"resource", resource},
                               {"request", {{"method", "POST"}, {"url", "AuditEvent"}}}});
            seqs.push_back(event.seq);
        }
        const std::int64_t lastSeq = events->back().seq;
        if (entries.empty()) {
            pushed = lastSeq;
            if (Status st = m_store.setState(pushedKey, std::to_string(pushed)); !st)
                return st.error();
            continue;
        }
        // Before sending, remember from when to look if the answer gets lost (server time).
        if (m_client->lastServerDate().empty())
            (void)m_client->get("metadata");
        std::string since;
        if (auto date = httpDateMicros(m_client->lastServerDate()))
            since = formatInstant(*date - 120'000'000);
        if (!since.empty())
            if (Status st = m_store.setState(ambiguousKey, since); !st)
                return st.error();
        const nlohmann::json bundle = {{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", entries}};
        auto response = m_client->sendOnce("POST", "", &bundle, {{"Prefer", "return=minimal"}});
        const bool answered = response && response->status == 200 && response->body.is_object() &&
                              response->body.contains("entry");
        if (!answered) {
            // AuditEvent has no conditional create on every server: find what arrived, then resend
            // only the rest.
            if (response && response->status >= 400 && response->status < 500 && response->status != 408 &&
                response->status != 429)
                return makeError(ErrorCode::SyncFailed, "the server refused the audit events: " + response->reason());
            if (++failedAttempts >= m_config.retry.maxAttempts)
                return makeError(ErrorCode::SyncFailed,
                                 response ? response->reason() : std::string(response.message()));
            std::optional<Millis> retryAfter;
            if (response)
                retryAfter = parseRetryAfter(response->header("retry-after"), response->header("date"));
            m_clock->sleepFor(Backoff(m_config.retry, m_random).delay(failedAttempts, retryAfter));
            if (Status st = reconcile(); !st)
                return st.error();
            continue;
        }
        std::int64_t upTo = pushed;
        bool allOk = true;
        const auto& results = response->body["entry"];
        for (std::size_t i = 0; i < seqs.size() && i < results.size(); ++i) {
            const int code = statusCodeOf(results[i].value("response", nlohmann::json::object()).value("status", "0"));
            if (code < 200 || code >= 300) {
                allOk = false;
                break;
            }
            upTo = seqs[i];
            ++sent;
        }
        if (allOk)
            upTo = lastSeq;
        auto tx = store::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        if (Status st = m_store.setState(pushedKey, std::to_string(upTo)); !st)
            return st.error();
        if (Status st = m_store.clearState(ambiguousKey); !st)
            return st.error();
        if (Status st = tx->commit(); !st)
            return st.error();
        if (!allOk)
            return makeError(ErrorCode::SyncFailed, "the server refused an audit event");
        pushed = upTo;
    }
    return sent;
}

Result<std::optional<AuditAnchor>> SyncEngine::checkAuditAnchor()
{
    const TokenFlush flushTokens(*this);
    if (m_audit == nullptr || !m_client)
        return std::optional<AuditAnchor>();
    auto chain = m_store.state("audit.chain");
    if (!chain)
        return chain.error();
    if (!*chain || (*chain)->empty())
        return std::optional<AuditAnchor>();
    auto answer = m_client->get("audit-chains/" + **chain);
    if (!answer)
        return makeError(ErrorCode::SyncFailed, answer.message());
    // Servers that do not anchor chains (any FHIR server but avocet-hub) answer 404 or similar.
    const auto& body = answer->body;
    if (answer->status != 200 || !body.is_object() || !body.contains("headSeq") || !body["headSeq"].is_number_integer() ||
        !body.contains("headHash") || !body["headHash"].is_string())
        return std::optional<AuditAnchor>();
    AuditAnchor anchor;
    anchor.seq = body["headSeq"].get<std::int64_t>();
    anchor.hash = body["headHash"].get<std::string>();
    anchor.anchoredAt = body.value("anchoredAt", "");
    anchor.breaks = body.value("breaks", 0);
    auto local = m_audit->events(anchor.seq - 1, 1);
    if (!local)
        return local.error();
    if (local->empty() || local->front().seq != anchor.seq || local->front().hash != anchor.hash)
        return makeError(ErrorCode::SyncFailed,
                         "the server anchored event " + std::to_string(anchor.seq) +
                             " of this device's audit log with a different hash from the one the log holds now: the "
                             "local audit log was changed after it was sent. Tell your administrator.");
    if (Status st = m_store.setState("audit.anchor:" + serverKey(),
                                     std::to_string(anchor.seq) + ":" + anchor.hash + ":" + anchor.anchoredAt);
        !st)
        return st.error();
    return std::optional<AuditAnchor>(std::move(anchor));
}

// ---------------------------------------------------------------------------------------------
// Pull

Result<std::optional<std::string>> SyncEngine::watermark(const std::string& type, const std::string& kind)
{
    auto st = m_db.prepare("SELECT instant FROM sync_watermarks WHERE server = ? AND type = ? AND kind = ?");
    if (!st)
        return st.error();
    st->bindAll(serverKey(), type, kind);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Status SyncEngine::setWatermark(const std::string& type, const std::string& kind, const std::string& instant)
{
    auto st = m_db.prepare("INSERT OR REPLACE INTO sync_watermarks (server, type, kind, instant) VALUES (?, ?, ?, ?)");
    if (!st)
        return st.error();
    st->bindAll(serverKey(), type, kind, instant);
    return st->run();
}

Status SyncEngine::applyResource(const nlohmann::json& resource, bool briefcase, SyncSummary& summary)
{
    const std::string type = resource.value("resourceType", "");
    const std::string id = resource.contains("id") && resource["id"].is_string() ? resource["id"].get<std::string>() : "";
    if (type.empty() || id.empty())
        return Status::success();
    if (m_store.isTombstoned(type, id))
        return Status::success(); // a deleted record never comes back
    const std::string versionId = metaField(resource, "versionId");
    const std::string lastUpdated = metaField(resource, "lastUpdated");
    auto existing = m_store.getByServerId(type, id);
    if (!existing)
        return existing.error();
    if (!*existing) {
        if (auto clientId = clientIdentifierOf(resource)) {
            auto mine = m_store.getByClientId(type, *clientId);
            if (!mine)
                return mine.error();
            if (*mine && !(*mine)->serverId)
                existing = std::move(mine);
        }
    }
    if (*existing) {
        LocalResource r = **existing;
        auto pending = m_store.outboxFor(type, r.localId);
        if (!pending)
            return pending.error();
        if (*pending)
            return Status::success(); // local edits win locally until pushed; a 412 shows any conflict
        if (r.versionId && *r.versionId == versionId)
            return Status::success(); // seen already (ge overlap)
        if (r.lastUpdated && !lastUpdated.empty()) {
            const auto have = parseInstant(*r.lastUpdated);
            const auto incoming = parseInstant(lastUpdated);
            if (have && incoming && *incoming < *have)
                return Status::success();
        }
        r.serverId = id;
        r.versionId = versionId;
        r.lastUpdated = lastUpdated;
        r.content = resource;
        r.patientRef = patientReferenceOf(resource);
        r.briefcase = r.briefcase || briefcase;
        if (Status st = m_store.writeResource(r); !st)
            return st;
        ++summary.pulled;
        return Status::success();
    }
    LocalResource r;
    r.type = type;
    r.localId = id;
    r.serverId = id;
    r.versionId = versionId;
    r.lastUpdated = lastUpdated;
    r.clientId = clientIdentifierOf(resource);
    r.patientRef = patientReferenceOf(resource);
    r.content = resource;
    r.origin = "server";
    r.briefcase = briefcase;
    if (Status st = m_store.writeResource(r); !st)
        return st;
    ++summary.pulled;
    return Status::success();
}

Status SyncEngine::applyTombstone(const std::string& type, const std::string& serverId, const std::string& when,
                                  SyncSummary& summary)
{
    auto tomb = m_db.prepare("INSERT OR IGNORE INTO sync_tombstones (type, server_id, deleted_at) VALUES (?, ?, ?)");
    if (!tomb)
        return tomb.error();
    tomb->bindAll(type, serverId, when);
    if (Status st = tomb->run(); !st)
        return st;
    auto existing = m_store.getByServerId(type, serverId);
    if (!existing)
        return existing.error();
    if (!*existing)
        return Status::success();
    auto pending = m_store.outboxFor(type, (*existing)->localId);
    if (!pending)
        return pending.error();
    if (*pending)
        return Status::success(); // the push will meet 410 and keep the local version as a conflict
    auto del = m_db.prepare("DELETE FROM sync_resources WHERE type = ? AND local_id = ?");
    if (!del)
        return del.error();
    del->bindAll(type, (*existing)->localId);
    if (Status st = del->run(); !st)
        return st;
    ++summary.deleted;
    return Status::success();
}

std::string SyncEngine::searchSince(const std::string& watermark, bool fromScratch) const
{
    if (watermark.empty() || fromScratch)
        return {};
    if (m_config.pullOverlap.count() > 0)
        if (auto micros = parseInstant(watermark))
            return formatInstant(*micros - m_config.pullOverlap.count() * 1000);
    return watermark;
}

int SyncEngine::firstPageCount() const
{
    return m_linkedPaging ? std::max(m_config.pageSize, m_config.linkedPageSize) : m_config.pageSize;
}

std::string SyncEngine::searchUrlFor(const std::string& type, int count, const std::string& extraQuery,
                                     const std::string& since) const
{
    std::string url = type + "?_sort=_lastUpdated&_count=" + std::to_string(count) + extraQuery;
    if (m_totalNone)
        url += "&_total=none"; // no count(*) over every match on the first page
    if (!since.empty())
        url += "&_lastUpdated=ge" + encodeQueryValue(since);
    return url;
}

std::string SyncEngine::historyUrlFor(const std::string& type, const std::string& since) const
{
    return type + "/_history?_since=" + encodeQueryValue(since) + "&_count=" + std::to_string(m_config.pageSize);
}

void SyncEngine::prefetchFirstPages(const std::vector<std::string>& urls)
{
    m_prefetched.clear();
    if (!m_config.useBatch || !m_batchSupported || !m_config.batchSearches || urls.size() < 2)
        return;
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& url : urls)
        entries.push_back({{"request", {{"method", "GET"}, {"url", url}}}});
    const nlohmann::json bundle = {{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", entries}};
    auto response = m_client->send("POST", "", &bundle);
    if (!response || response->status != 200 || !response->body.is_object() || !response->body.contains("entry") ||
        !response->body["entry"].is_array() || response->body["entry"].size() != urls.size())
        return; // each search is then sent on its own, as without batches
    auto& answers = response->body["entry"];
    for (std::size_t i = 0; i < urls.size(); ++i) {
        auto& answer = answers[i];
        const auto status = statusCodeOf(answer.value("response", nlohmann::json::object()).value("status", "0"));
        // Only a page taken as it is: any other answer (a 400 for _total, a 404 for a type the
        // server lacks) is asked again on its own, where those answers are handled.
        if (status != 200 || !answer.contains("resource") || !answer["resource"].is_object() ||
            answer["resource"].value("resourceType", "") != "Bundle")
            continue;
        FhirResponse page;
        page.status = 200;
        page.headers = response->headers; // the batch's Date: the server's time of these searches
        page.body = std::move(answer["resource"]);
        m_prefetched.emplace(urls[i], std::move(page));
    }
    ++m_searchBatches;
}

Result<FhirResponse> SyncEngine::prefetchedOrGet(const std::string& url)
{
    auto found = m_prefetched.find(url);
    if (found == m_prefetched.end())
        return m_client->get(url);
    FhirResponse page = std::move(found->second);
    m_prefetched.erase(found);
    return page;
}

Status SyncEngine::pullType(const std::string& type, SyncSummary& summary, bool briefcase,
                            const std::string& extraQuery, std::set<std::string>* seenIds)
{
    auto mark = watermark(type, "search");
    if (!mark)
        return mark.error();
    std::string current = mark->value_or("");
    // The lower bound of the request in flight: the watermark (minus any overlap) at first, then
    // the newest lastUpdated seen when the server pages without `next` links (see below).
    std::string since = searchSince(current, seenIds != nullptr);
    int count = firstPageCount();
    auto searchUrl = [&] { return searchUrlFor(type, count, extraQuery, since); };
    bool first = true;
    auto page = prefetchedOrGet(searchUrl());
    for (;;) {
        if (m_stop.load())
            return makeError(ErrorCode::SyncFailed, "sync stopped");
        if (!page)
            return makeError(ErrorCode::SyncFailed, page.message());
        if (first && page->status == 400 && m_totalNone) {
            m_totalNone = false; // a server that refuses _total: ask again without it
            (void)m_store.setState(noTotalKey(), "1");
            page = m_client->get(searchUrl());
            continue;
        }
        if (first && (page->status == 404 || page->status == 400) &&
            std::find(m_config.optionalTypes.begin(), m_config.optionalTypes.end(), type) !=
                m_config.optionalTypes.end()) {
            // A FHIR server that does not hold this type (any server but avocet-hub may lack the
            // clinical record's types): nothing to pull, and nothing wrong with the run.
            summary.typesNotOnServer.push_back(type);
            return Status::success();
        }
        if (page->status != 200)
            return makeError(ErrorCode::SyncFailed, type + ": " + page->reason());
        if (first) {
            m_lastServerDate = page->header("date");
            first = false;
        }
        const nlohmann::json bundle = std::move(page->body);
        if (!bundle.is_object() || bundle.value("resourceType", "") != "Bundle")
            return makeError(ErrorCode::SyncFailed, type + ": the server's answer is not a Bundle");
        static const nlohmann::json kNone = nlohmann::json::array();
        const auto entriesAt = bundle.find("entry");
        const nlohmann::json& entries = entriesAt != bundle.end() && entriesAt->is_array() ? *entriesAt : kNone;
        std::vector<const nlohmann::json*> matches;
        matches.reserve(entries.size());
        std::string pageNewest;
        for (const auto& entry : entries) {
            if (entry.contains("search") && entry["search"].value("mode", "match") != "match")
                continue;
            if (!entry.contains("resource") || entry["resource"].value("resourceType", "") != type)
                continue;
            matches.push_back(&entry["resource"]);
            pageNewest = laterInstant(pageNewest, metaField(entry["resource"], "lastUpdated"));
        }

        // The next request is decided before this page is written, so it travels while we write.
        std::string next;
        for (const auto& link : bundle.value("link", nlohmann::json::array()))
            if (link.value("relation", "") == "next")
                next = link.value("url", "");
        if (!next.empty() && !m_linkedPaging) {
            m_linkedPaging = true;
            (void)m_store.setState(linkedPagingKey(), "1"); // the next engine asks for the larger page at once
        }
        if (next.empty() && static_cast<int>(matches.size()) >= count && !pageNewest.empty()) {
            // A full page and no `next` link (Medplum's in-memory repository, for one): go on from
            // the newest lastUpdated with `ge` (the boundary records are de-duplicated). If the whole
            // page shares one instant, ask again for more at once instead of looping.
            if (pageNewest == since) {
                if (count >= m_config.pageSize * 16)
                    return makeError(ErrorCode::SyncFailed,
                                     type + ": the server gives no next link and more than " + std::to_string(count) +
                                         " records share lastUpdated " + since);
                count *= 2;
            } else {
                count = m_config.pageSize;
                since = pageNewest;
            }
            next = searchUrl();
        }
        std::future<Result<FhirResponse>> ahead;
        if (!next.empty())
            ahead = std::async(std::launch::async, [this, next] { return m_client->get(next); });

        auto tx = store::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        for (const nlohmann::json* resource : matches) {
            if (Status st = applyResource(*resource, briefcase, summary); !st)
                return st;
            if (seenIds != nullptr && resource->contains("id") && (*resource)["id"].is_string())
                seenIds->insert((*resource)["id"].get<std::string>());
        }
        const std::string newest = laterInstant(current, pageNewest);
        if (newest != current) {
            if (Status st = setWatermark(type, "search", newest); !st)
                return st;
            current = newest;
        }
        if (Status st = tx->commit(); !st)
            return st;
        publish([&](SyncStatus& s) {
            s.bytesSent = m_client->bytesSent();
            s.bytesReceived = m_client->bytesReceived();
        });
        if (next.empty())
            return Status::success();
        m_clock->awaitReady([&ahead] { return isReady(ahead); });
        page = ahead.get();
        flushRefreshedTokens();
    }
}

// The hub's EPR mapping documents: the list, then each id+version not yet cached (published
// versions never change, so a cached one is never fetched again).
Status SyncEngine::pullMappings(SyncSummary& summary)
{
    auto listed = m_client->get("mappings");
    if (!listed)
        return makeError(ErrorCode::SyncFailed, "mappings: " + listed.message());
    if (listed->status == 404 || listed->status == 400)
        return Status::success(); // not avocet-hub: a FHIR server holds no EPR mappings
    if (!listed->success())
        return makeError(ErrorCode::SyncFailed, "mappings: HTTP " + std::to_string(listed->status));
    for (const auto& entry : listed->body.value("mappings", nlohmann::json::array())) {
        const std::string id = entry.value("id", std::string());
        const std::string version = entry.value("version", std::string());
        if (id.empty() || version.empty() || m_store.hasMapping(id, version))
            continue;
        auto document = m_client->get("mappings/" + id + "/" + version);
        if (!document)
            return makeError(ErrorCode::SyncFailed, "mappings: " + document.message());
        if (!document->success())
            return makeError(ErrorCode::SyncFailed, "mappings/" + id + "/" + version + ": HTTP " +
                                                        std::to_string(document->status));
        if (Status st = m_store.putMapping(document->body); !st)
            return st;
        ++summary.pulled;
    }
    return Status::success();
}

Status SyncEngine::pullTombstones(const std::string& type, const std::string& initialSince, SyncSummary& summary)
{
    auto mark = watermark(type, "history");
    if (!mark)
        return mark.error();
    std::string since = mark->value_or(initialSince);
    if (since.empty())
        return Status::success();
    std::string url = historyUrlFor(type, since);
    std::string newest = since;
    bool first = true;
    while (!url.empty()) {
        auto page = first ? prefetchedOrGet(url) : m_client->get(url);
        first = false;
        if (!page)
            return makeError(ErrorCode::SyncFailed, page.message());
        if (page->status == 400 || page->status == 404 || page->status == 405 || page->status == 501)
            return Status::success(); // no type history on this server: deletions cannot be seen
        if (page->status != 200)
            return makeError(ErrorCode::SyncFailed, type + " history: " + page->reason());
        const auto& bundle = page->body;
        std::string next;
        for (const auto& link : bundle.value("link", nlohmann::json::array()))
            if (link.value("relation", "") == "next")
                next = link.value("url", "");
        auto tx = store::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        for (const auto& entry : bundle.value("entry", nlohmann::json::array())) {
            const auto request = entry.value("request", nlohmann::json::object());
            const auto response = entry.value("response", nlohmann::json::object());
            std::string when = response.value("lastModified", "");
            if (when.empty() && entry.contains("resource"))
                when = metaField(entry["resource"], "lastUpdated");
            newest = laterInstant(newest, when);
            if (request.value("method", "") != "DELETE")
                continue;
            std::string id, version;
            parseLocation(request.value("url", ""), type, id, version);
            if (id.empty())
                parseLocation(entry.value("fullUrl", ""), type, id, version);
            if (!id.empty())
                if (Status st = applyTombstone(type, id, when, summary); !st)
                    return st;
        }
        // History pages run newest first, so the watermark moves only after the last page. The
        // first time it is set even when nothing happened since the initial instant, so the next
        // pull can ask for this history in its batch of first pages.
        if (next.empty() && (newest != since || !mark->has_value()))
            if (Status st = setWatermark(type, "history", newest); !st)
                return st;
        if (Status st = tx->commit(); !st)
            return st;
        url = next;
    }
    return Status::success();
}

Result<SyncSummary> SyncEngine::pull()
{
    const TokenFlush flushTokens(*this);
    SyncSummary summary;
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    // Every type's first search page, and its first history page when the history has a
    // watermark, in one batch: one round trip instead of two per type.
    std::vector<std::string> firstPages;
    for (const auto& type : m_config.pullTypes) {
        auto search = watermark(type, "search");
        if (!search)
            return search.error();
        firstPages.push_back(searchUrlFor(type, firstPageCount(), "", searchSince(search->value_or(""), false)));
        auto history = watermark(type, "history");
        if (!history)
            return history.error();
        if (*history)
            firstPages.push_back(historyUrlFor(type, **history));
    }
    prefetchFirstPages(firstPages);
    const PrefetchScope dropLeftovers(m_prefetched);
    for (const auto& type : m_config.pullTypes) {
        auto before = watermark(type, "search");
        if (!before)
            return before.error();
        if (Status st = pullType(type, summary, false, "", nullptr); !st) {
            if (st.code() != ErrorCode::SyncFailed)
                return st.error();
            if (summary.error.empty())
                summary.error = st.message();
            if (st.message().find(type + ": HTTP 4") == 0)
                continue; // this type is not for this user (403) or this server (404): others still pull
            break;
        }
        if (!summary.typesNotOnServer.empty() && summary.typesNotOnServer.back() == type)
            continue; // not on this server: no deletions to look for either
        // First pull: deletions are looked for from the server's time when the pull began.
        std::string initial = before->value_or("");
        if (initial.empty())
            if (auto date = httpDateMicros(m_lastServerDate.empty() ? m_client->lastServerDate() : m_lastServerDate))
                initial = formatInstant(*date - 5'000'000);
        if (Status st = pullTombstones(type, initial, summary); !st) {
            if (st.code() != ErrorCode::SyncFailed)
                return st.error();
            if (summary.error.empty())
                summary.error = st.message();
            break;
        }
    }
    if (m_config.pullMappings && summary.error.empty())
        if (Status st = pullMappings(summary); !st) {
            if (st.code() != ErrorCode::SyncFailed)
                return st.error();
            summary.error = st.message();
        }
    summary.requests = m_client->stats().requests;
    summary.retries = m_client->stats().retries;
    summary.complete = summary.error.empty();
    return summary;
}

Result<SyncSummary> SyncEngine::syncNow()
{
    const TokenFlush flushTokens(*this);
    m_stop.store(false);
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    auto pushed = push();
    if (!pushed)
        return pushed.error();
    SyncSummary summary = *pushed;
    const bool networkDown = !summary.error.empty() && summary.pushed == 0 && summary.failures == 0 &&
                             summary.conflicts == 0 && summary.pending > 0;
    if (!networkDown) {
        if (m_config.pushAudit && m_audit != nullptr) {
            auto audited = pushAudit();
            Status anchored = Status::success();
            if (audited) {
                summary.auditPushed = *audited;
                if (auto anchor = checkAuditAnchor(); !anchor) {
                    anchored = anchor.error();
                } else if (*anchor) {
                    summary.auditAnchoredSeq = (*anchor)->seq;
                    summary.auditChainBreaks = (*anchor)->breaks;
                }
            } else {
                anchored = audited.error();
            }
            if (!anchored) {
                if (anchored.code() != ErrorCode::SyncFailed)
                    return anchored.error();
                if (summary.error.empty())
                    summary.error = "audit: " + anchored.message();
            }
        }
        auto pulled = pull();
        if (!pulled)
            return pulled.error();
        summary.pulled = pulled->pulled;
        summary.deleted = pulled->deleted;
        summary.typesNotOnServer = pulled->typesNotOnServer; // was dropped here: never reported
        if (summary.error.empty())
            summary.error = pulled->error;
    }
    summary.requests = m_client->stats().requests;
    summary.retries = m_client->stats().retries;
    summary.signOnEnded = m_client->signOnEnded();
    summary.signOnEndedReason = m_client->signOnEndedReason();
    if (!summary.signOnEnded.empty() && summary.error.empty())
        summary.error = summary.signOnEnded;
    if (auto left = m_store.pendingCount())
        summary.pending = *left;
    summary.complete = summary.error.empty() && summary.pending == 0;
    if (summary.complete)
        (void)m_store.setState("last_sync:" + serverKey(), toIsoUtc(m_clock->now()));
    publish([&](SyncStatus& s) {
        s.phase = summary.complete ? SyncPhase::UpToDate : (networkDown ? SyncPhase::Offline : SyncPhase::Failed);
        s.lastError = summary.error;
        s.done = s.total;
    });
    return summary;
}

// ---------------------------------------------------------------------------------------------
// Briefcase

Result<BriefcaseSummary> SyncEngine::prepareBriefcase(const BriefcaseOptions& options)
{
    const TokenFlush flushTokens(*this);
    if (!m_client)
        return makeError(ErrorCode::SyncFailed, "No server configured.");
    BriefcaseSummary result;
    auto pushed = push();
    if (!pushed)
        return pushed.error();
    SyncSummary summary;
    std::set<std::string> patients;
    const auto recentSince = std::chrono::duration_cast<std::chrono::microseconds>(
                                 (m_clock->now() - options.recentForms).time_since_epoch())
                                 .count();
    const std::string recentForms = "&_lastUpdated=ge" + encodeQueryValue(formatInstant(recentSince));
    auto extraQueryFor = [&](const std::string& type) {
        return type == "QuestionnaireResponse" ? recentForms : std::string();
    };
    // Every type's first page in one batch (the Patient list always from scratch).
    std::vector<std::string> firstPages;
    for (const auto& type : options.types) {
        auto search = watermark(type, "search");
        if (!search)
            return search.error();
        firstPages.push_back(searchUrlFor(type, firstPageCount(), extraQueryFor(type),
                                          searchSince(search->value_or(""), type == "Patient")));
    }
    prefetchFirstPages(firstPages);
    const PrefetchScope dropLeftovers(m_prefetched);
    for (const auto& type : options.types) {
        if (Status st = pullType(type, summary, true, extraQueryFor(type), type == "Patient" ? &patients : nullptr); !st)
            return st.error();
    }
    // The EPR mappings in force, so forms completed off-line preview and pin them (MappingPins.h);
    // a server without /mappings is skipped.
    if (Status st = pullMappings(summary); !st)
        return st.error();
    auto tx = store::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    // Patients no longer on the caseload, and everything that belongs to them, go now.
    auto held = m_store.list("Patient");
    if (!held)
        return held.error();
    for (const auto& patient : *held) {
        if (!patient.serverId || patients.count(*patient.serverId) || patient.origin == "local")
            continue;
        auto del = m_db.prepare("DELETE FROM sync_resources WHERE (patient_ref = ? OR (type = 'Patient' AND "
                                "server_id = ?)) AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.type = "
                                "sync_resources.type AND o.local_id = sync_resources.local_id)");
        if (!del)
            return del.error();
        del->bindAll("Patient/" + *patient.serverId, *patient.serverId);
        if (Status st = del->run(); !st)
            return st.error();
        ++result.revoked;
    }
    if (Status st = m_db.exec("UPDATE sync_resources SET briefcase = 1 WHERE origin = 'server'"); !st)
        return st.error();
    const auto now = m_clock->now();
    const auto expiresMicros =
        std::chrono::duration_cast<std::chrono::microseconds>((now + options.lifetime).time_since_epoch()).count();
    result.expiresAt = formatInstant(expiresMicros);
    const auto nowMicros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    if (Status st = m_store.setState("briefcase.expires", result.expiresAt); !st)
        return st.error();
    if (Status st = m_store.setState("briefcase.prepared", formatInstant(nowMicros)); !st)
        return st.error();
    if (Status st = m_store.setState("briefcase.last_seen", formatInstant(nowMicros)); !st)
        return st.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    result.patients = static_cast<int>(patients.size());
    auto total = m_db.queryInt("SELECT count(*) FROM sync_resources WHERE briefcase = 1");
    result.resources = total ? static_cast<int>(*total) : 0;
    return result;
}

Result<int> wipeExpiredBriefcase(store::Database& db, SystemTime now)
{
    SyncStore store(db);
    auto expires = store.state("briefcase.expires");
    if (!expires)
        return expires.error();
    if (!*expires)
        return 0;
    auto lastSeen = store.state("briefcase.last_seen");
    if (!lastSeen)
        return lastSeen.error();
    const auto nowMicros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    const auto expiry = parseInstant(**expires);
    const auto seen = *lastSeen ? parseInstant(**lastSeen) : std::nullopt;
    const bool expired = !expiry || nowMicros > *expiry;
    const bool clockMovedBack = seen && nowMicros + 3'600'000'000LL < *seen;
    auto revoked = store.state("briefcase.revoked");
    if (!revoked)
        return revoked.error();
    if (!expired && !clockMovedBack && !*revoked) {
        if (!seen || nowMicros > *seen)
            if (Status st = store.setState("briefcase.last_seen", formatInstant(nowMicros)); !st)
                return st.error();
        return 0;
    }
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    if (Status st = db.exec("DELETE FROM sync_resources WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE "
                            "o.type = sync_resources.type AND o.local_id = sync_resources.local_id)");
        !st)
        return st.error();
    const int wiped = db.changes();
    if (Status st = db.exec("DELETE FROM sync_watermarks; DELETE FROM sync_state WHERE key LIKE 'briefcase.%'"); !st)
        return st.error();
    if (Status st = store.setState("briefcase.wiped_at", formatInstant(nowMicros)); !st)
        return st.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    return wiped;
}

} // namespace avocet::core::sync

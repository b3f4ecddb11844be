#include "core/sync/SyncStore.h"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "core/common/Time.h"

namespace avocet::core::sync {

namespace {

constexpr const char* kResourceColumns =
    "type, local_id, server_id, version_id, last_updated, client_id, patient_ref, content, origin, briefcase";
constexpr const char* kOutboxColumns =
    "seq, type, local_id, op, client_id, change_id, base_version, revision, attempts, state, last_error";

bool singleIdentifier(const std::string& type) { return type == "QuestionnaireResponse" || type == "Bundle"; }

// Steps a prepared statement to its end, turning each row into a T with `read`.
template <typename T, typename Read>
Result<std::vector<T>> collectRows(store::Statement& st, Read read)
{
    std::vector<T> rows;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        rows.push_back(read(st));
    }
    return rows;
}

std::int64_t daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? static_cast<unsigned>(-3) : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

std::optional<std::int64_t> parseInstant(const std::string& text)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 19 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
        return std::nullopt;
    std::size_t pos = 19;
    std::int64_t micros = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            if (digits < 6) {
                micros = micros * 10 + (text[pos] - '0');
                ++digits;
            }
            ++pos;
        }
        for (; digits < 6; ++digits)
            micros *= 10;
    }
    std::int64_t offsetSeconds = 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int oh = 0, om = 0;
        if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2)
            return std::nullopt;
        offsetSeconds = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    } else if (pos >= text.size() || text[pos] != 'Z') {
        return std::nullopt;
    }
    const std::int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + s - offsetSeconds;
    return seconds * 1'000'000 + micros;
}

std::string formatInstant(std::int64_t micros)
{
    std::int64_t seconds = micros / 1'000'000;
    std::int64_t fraction = micros % 1'000'000;
    if (fraction < 0) {
        fraction += 1'000'000;
        --seconds;
    }
    const auto when = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<long long>(fraction));
    return text;
}

std::optional<std::string> clientIdentifierOf(const nlohmann::json& resource)
{
    if (!resource.is_object() || !resource.contains("identifier"))
        return std::nullopt;
    auto check = [](const nlohmann::json& id) -> std::optional<std::string> {
        if (id.is_object() && id.value("system", "") == kClientIdSystem && id.contains("value") &&
            id["value"].is_string())
            return id["value"].get<std::string>();
        return std::nullopt;
    };
    const auto& field = resource["identifier"];
    if (field.is_array()) {
        for (const auto& id : field)
            if (auto value = check(id))
                return value;
        return std::nullopt;
    }
    return check(field);
}

std::optional<std::string> patientReferenceOf(const nlohmann::json& resource)
{
    if (!resource.is_object())
        return std::nullopt;
    if (resource.value("resourceType", "") == "Patient" && resource.contains("id") && resource["id"].is_string())
        return "Patient/" + resource["id"].get<std::string>();
    auto fromHolder = [](const nlohmann::json& holder) -> std::optional<std::string> {
        if (holder.is_object() && holder.contains("reference") && holder["reference"].is_string()) {
            const std::string ref = holder["reference"];
            const auto at = ref.find("Patient/");
            if (at != std::string::npos) {
                std::string tail = ref.substr(at);
                if (const auto history = tail.find("/_history/"); history != std::string::npos)
                    tail = tail.substr(0, history);
                return tail;
            }
        }
        return std::nullopt;
    };
    for (const char* field : {"subject", "patient", "for"})
        if (resource.contains(field))
            if (auto ref = fromHolder(resource[field]))
                return ref;
    if (resource.contains("entity") && resource["entity"].is_array())
        for (const auto& entity : resource["entity"])
            if (entity.is_object() && entity.contains("what"))
                if (auto ref = fromHolder(entity["what"]))
                    return ref;
    // Appointment: the patient is one of the participants' actors.
    if (resource.contains("participant") && resource["participant"].is_array())
        for (const auto& participant : resource["participant"])
            if (participant.is_object() && participant.contains("actor"))
                if (auto ref = fromHolder(participant["actor"]))
                    return ref;
    return std::nullopt;
}

SyncStore::SyncStore(store::Database& db, std::shared_ptr<RandomSource> random, std::shared_ptr<Clock> clock)
    : m_db(db), m_random(std::move(random)), m_clock(std::move(clock))
{
}

template <typename F>
Status SyncStore::inTransaction(F&& body)
{
    if (m_db.inTransaction())
        return body();
    auto tx = store::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    if (Status st = body(); !st)
        return st;
    return tx->commit();
}

LocalResource SyncStore::readResource(store::Statement& st)
{
    LocalResource r;
    r.type = st.text(0);
    r.localId = st.text(1);
    r.serverId = st.optionalText(2);
    r.versionId = st.optionalText(3);
    r.lastUpdated = st.optionalText(4);
    r.clientId = st.optionalText(5);
    r.patientRef = st.optionalText(6);
    r.content = nlohmann::json::parse(st.text(7), nullptr, false);
    r.origin = st.text(8);
    r.briefcase = st.int64(9) != 0;
    return r;
}

OutboxRow SyncStore::readOutbox(store::Statement& st)
{
    OutboxRow row;
    row.seq = st.int64(0);
    row.type = st.text(1);
    row.localId = st.text(2);
    row.op = st.text(3);
    row.clientId = st.text(4);
    row.changeId = st.text(5);
    row.baseVersion = st.optionalText(6);
    row.revision = st.int64(7);
    row.attempts = static_cast<int>(st.int64(8));
    row.state = st.text(9);
    row.lastError = st.optionalText(10).value_or("");
    return row;
}

Status SyncStore::writeResource(const LocalResource& r)
{
    auto st = m_db.prepare(std::string("INSERT OR REPLACE INTO sync_resources (") + kResourceColumns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return st.error();
    st->bindAll(r.type, r.localId, r.serverId, r.versionId, r.lastUpdated, r.clientId, r.patientRef,
                r.content.dump(), r.origin, static_cast<std::int64_t>(r.briefcase ? 1 : 0));
    return st->run();
}

Status SyncStore::enqueue(const std::string& type, const std::string& localId, const std::string& op,
                          const std::string& clientId, const std::optional<std::string>& baseVersion)
{
    auto existing = outboxFor(type, localId);
    if (!existing)
        return existing.error();
    if (*existing) {
        // Coalesce: a waiting create stays a create (with the new content); an edit after an edit
        // keeps the version the user started from; a delete replaces whatever was waiting.
        const OutboxRow& row = **existing;
        std::string newOp = row.op;
        if (op == "delete")
            newOp = row.op == "create" ? "drop" : "delete";
        if (newOp == "drop") {
            auto del = m_db.prepare("DELETE FROM sync_outbox WHERE seq = ?");
            if (!del)
                return del.error();
            del->bindAll(row.seq);
            return del->run();
        }
        auto st = m_db.prepare("UPDATE sync_outbox SET op = ?, revision = revision + 1, state = 'pending', "
                               "last_error = NULL WHERE seq = ?");
        if (!st)
            return st.error();
        st->bindAll(newOp, row.seq);
        return st->run();
    }
    auto st = m_db.prepare("INSERT INTO sync_outbox (type, local_id, op, client_id, change_id, base_version, "
                           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return st.error();
    st->bindAll(type, localId, op, clientId, m_random->uuid(), baseVersion, toIsoUtc(m_clock->now()));
    return st->run();
}

Result<LocalResource> SyncStore::createLocal(nlohmann::json resource)
{
    if (!resource.is_object() || !resource.contains("resourceType") || !resource["resourceType"].is_string())
        return makeError(ErrorCode::InvalidArgument, "A resource needs a resourceType.");
    LocalResource local;
    local.type = resource["resourceType"];
    local.origin = "local";
    auto clientId = clientIdentifierOf(resource);
    if (!clientId) {
        clientId = m_random->uuid();
        const nlohmann::json identifier = {{"system", kClientIdSystem}, {"value", *clientId}};
        if (singleIdentifier(local.type)) {
            if (!resource.contains("identifier"))
                resource["identifier"] = identifier;
        } else {
            if (!resource.contains("identifier") || !resource["identifier"].is_array())
                resource["identifier"] = nlohmann::json::array();
            resource["identifier"].push_back(identifier);
        }
        if (!clientIdentifierOf(resource))
            return makeError(ErrorCode::InvalidArgument, "The resource already has an identifier of another system.");
    }
    resource.erase("id");
    resource.erase("meta");
    local.localId = *clientId;
    local.clientId = clientId;
    local.patientRef = patientReferenceOf(resource);
    local.content = std::move(resource);
    Status st = inTransaction([&]() -> Status {
        if (auto existing = get(local.type, local.localId); !existing || *existing)
            return existing ? Status(makeError(ErrorCode::AlreadyExists, "This change was already saved."))
                            : Status(existing.error());
        if (Status w = writeResource(local); !w)
            return w;
        return enqueue(local.type, local.localId, "create", *clientId, std::nullopt);
    });
    if (!st)
        return st.error();
    return local;
}

Status SyncStore::updateLocal(const std::string& type, const std::string& localId, nlohmann::json resource)
{
    return inTransaction([&]() -> Status {
        auto existing = get(type, localId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return makeError(ErrorCode::NotFound, "No such record in the cache.");
        LocalResource local = **existing;
        if (local.serverId)
            resource["id"] = *local.serverId;
        else
            resource.erase("id");
        if (local.content.contains("meta"))
            resource["meta"] = local.content["meta"];
        local.patientRef = patientReferenceOf(resource);
        local.content = std::move(resource);
        if (Status w = writeResource(local); !w)
            return w;
        return enqueue(type, localId, local.serverId ? "update" : "create",
                       local.clientId.value_or(m_random->uuid()), local.versionId);
    });
}

Status SyncStore::deleteLocal(const std::string& type, const std::string& localId)
{
    return inTransaction([&]() -> Status {
        auto existing = get(type, localId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return makeError(ErrorCode::NotFound, "No such record in the cache.");
        const LocalResource& local = **existing;
        if (Status q = enqueue(type, localId, "delete", local.clientId.value_or(m_random->uuid()), local.versionId);
            !q)
            return q;
        if (!local.serverId) {
            auto del = m_db.prepare("DELETE FROM sync_resources WHERE type = ? AND local_id = ?");
            if (!del)
                return del.error();
            del->bindAll(type, localId);
            return del->run();
        }
        return Status::success();
    });
}

Result<std::optional<LocalResource>> SyncStore::getWhere(const char* keyColumn, const std::string& type,
                                                         const std::string& key)
{
    auto st = m_db.prepare(std::string("SELECT ") + kResourceColumns + " FROM sync_resources WHERE type = ? AND " +
                           keyColumn + " = ?");
    if (!st)
        return st.error();
    st->bindAll(type, key);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<LocalResource>();
    return std::optional<LocalResource>(readResource(*st));
}

Result<std::optional<LocalResource>> SyncStore::get(const std::string& type, const std::string& localId)
{
    return getWhere("local_id", type, localId);
}

Result<std::optional<LocalResource>> SyncStore::getByServerId(const std::string& type, const std::string& serverId)
{
    return getWhere("server_id", type, serverId);
}

Result<std::optional<LocalResource>> SyncStore::getByClientId(const std::string& type, const std::string& clientId)
{
    return getWhere("client_id", type, clientId);
}

Result<std::vector<LocalResource>> SyncStore::list(const std::string& type)
{
    auto st = m_db.prepare(std::string("SELECT ") + kResourceColumns +
                           " FROM sync_resources WHERE type = ? ORDER BY local_id");
    if (!st)
        return st.error();
    st->bindAll(type);
    return collectRows<LocalResource>(*st, readResource);
}

Result<std::int64_t> SyncStore::count(const std::string& type)
{
    auto st = m_db.prepare("SELECT count(*) FROM sync_resources WHERE type = ?");
    if (!st)
        return st.error();
    st->bindAll(type);
    auto row = st->step();
    if (!row)
        return row.error();
    return st->int64(0);
}

Result<std::vector<OutboxRow>> SyncStore::outbox(bool includeFailed, int limit)
{
    auto st = m_db.prepare(std::string("SELECT ") + kOutboxColumns + " FROM sync_outbox" +
                           (includeFailed ? "" : " WHERE state = 'pending'") + " ORDER BY seq LIMIT ?");
    if (!st)
        return st.error();
    st->bindAll(static_cast<std::int64_t>(limit));
    return collectRows<OutboxRow>(*st, readOutbox);
}

Result<std::optional<OutboxRow>> SyncStore::outboxFor(const std::string& type, const std::string& localId)
{
    auto st = m_db.prepare(std::string("SELECT ") + kOutboxColumns +
                           " FROM sync_outbox WHERE type = ? AND local_id = ?");
    if (!st)
        return st.error();
    st->bindAll(type, localId);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<OutboxRow>();
    return std::optional<OutboxRow>(readOutbox(*st));
}

Result<int> SyncStore::pendingCount()
{
    auto count = m_db.queryInt("SELECT count(*) FROM sync_outbox WHERE state = 'pending'");
    if (!count)
        return count.error();
    return static_cast<int>(*count);
}

Result<int> SyncStore::pendingChangeCount()
{
    auto count = m_db.queryInt(
        "SELECT count(*) FROM sync_outbox o WHERE o.state = 'pending' AND NOT (o.type = 'Observation' AND "
        "EXISTS (SELECT 1 FROM sync_resources r WHERE r.type = o.type AND r.local_id = o.local_id AND "
        "instr(r.content, 'https://fhir.avocet.example/Id/derived-observation') > 0))");
    if (!count)
        return count.error();
    return static_cast<int>(*count);
}

Result<std::vector<FailureInfo>> SyncStore::failures()
{
    auto st = m_db.prepare("SELECT type, local_id, coalesce(last_error, ''), attempts FROM sync_outbox "
                           "WHERE state = 'failed' ORDER BY seq");
    if (!st)
        return st.error();
    return collectRows<FailureInfo>(*st, [](store::Statement& row) {
        return FailureInfo{row.text(0), row.text(1), row.text(2), static_cast<int>(row.int64(3))};
    });
}

Status SyncStore::retryFailed()
{
    return m_db.exec("UPDATE sync_outbox SET state = 'pending', last_error = NULL WHERE state = 'failed'");
}

Result<std::vector<ConflictInfo>> SyncStore::conflicts(bool unresolvedOnly)
{
    auto st = m_db.prepare(std::string("SELECT id, type, local_id, coalesce(server_id, ''), reason, local_content, "
                                       "coalesce(server_content, ''), coalesce(server_version, ''), detected_at "
                                       "FROM sync_conflicts") +
                           (unresolvedOnly ? " WHERE resolved = 0" : "") + " ORDER BY id");
    if (!st)
        return st.error();
    return collectRows<ConflictInfo>(*st, [](store::Statement& row) {
        ConflictInfo c;
        c.id = row.int64(0);
        c.type = row.text(1);
        c.localId = row.text(2);
        c.serverId = row.text(3);
        c.reason = row.text(4);
        c.localContent = row.text(5);
        c.serverContent = row.text(6);
        c.serverVersion = row.text(7);
        c.detectedAt = row.text(8);
        return c;
    });
}

Status SyncStore::resolveConflict(std::int64_t id, Resolution resolution, const nlohmann::json& merged)
{
    return inTransaction([&]() -> Status {
        auto all = conflicts(true);
        if (!all)
            return all.error();
        const ConflictInfo* found = nullptr;
        for (const auto& c : *all)
            if (c.id == id)
                found = &c;
        if (found == nullptr)
            return makeError(ErrorCode::NotFound, "No such open conflict.");
        const auto serverContent = nlohmann::json::parse(found->serverContent, nullptr, false);
        const bool serverDeleted = found->serverContent.empty() || serverContent.is_discarded();
        auto local = get(found->type, found->localId);
        if (!local)
            return local.error();
        if (resolution == Resolution::KeepServer) {
            if (serverDeleted) {
                auto del = m_db.prepare("DELETE FROM sync_resources WHERE type = ? AND local_id = ?");
                if (!del)
                    return del.error();
                del->bindAll(found->type, found->localId);
                if (Status d = del->run(); !d)
                    return d;
            } else if (*local) {
                LocalResource r = **local;
                r.content = serverContent;
                r.versionId = found->serverVersion;
                r.patientRef = patientReferenceOf(r.content);
                if (Status w = writeResource(r); !w)
                    return w;
            }
        } else {
            if (serverDeleted)
                return makeError(ErrorCode::SyncConflict,
                                 "The record was deleted on the server and cannot come back; keep the "
                                 "server's decision or save the content as a new record.");
            if (!*local)
                return makeError(ErrorCode::NotFound, "The local copy is missing.");
            LocalResource r = **local;
            const auto localContent = nlohmann::json::parse(found->localContent, nullptr, false);
            r.content = resolution == Resolution::Merged ? merged : localContent;
            r.content["id"] = found->serverId;
            r.versionId = found->serverVersion;
            r.patientRef = patientReferenceOf(r.content);
            if (Status w = writeResource(r); !w)
                return w;
            if (Status q = enqueue(r.type, r.localId, "update", r.clientId.value_or(m_random->uuid()),
                                   found->serverVersion);
                !q)
                return q;
            auto base = m_db.prepare("UPDATE sync_outbox SET base_version = ? WHERE type = ? AND local_id = ?");
            if (!base)
                return base.error();
            base->bindAll(found->serverVersion, r.type, r.localId);
            if (Status b = base->run(); !b)
                return b;
        }
        auto done = m_db.prepare("UPDATE sync_conflicts SET resolved = 1 WHERE id = ?");
        if (!done)
            return done.error();
        done->bindAll(id);
        return done->run();
    });
}

bool SyncStore::isTombstoned(const std::string& type, const std::string& serverId)
{
    auto st = m_db.prepare("SELECT 1 FROM sync_tombstones WHERE type = ? AND server_id = ?");
    if (!st)
        return false;
    st->bindAll(type, serverId);
    auto row = st->step();
    return row && *row;
}

Result<std::optional<std::string>> SyncStore::state(const std::string& key)
{
    auto st = m_db.prepare("SELECT value FROM sync_state WHERE key = ?");
    if (!st)
        return st.error();
    st->bindAll(key);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Status SyncStore::setState(const std::string& key, const std::string& value)
{
    auto st = m_db.prepare("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)");
    if (!st)
        return st.error();
    st->bindAll(key, value);
    return st->run();
}

namespace {
std::string mappingKey(const std::string& id, const std::string& version) { return "mapping:" + id + "@" + version; }
} // namespace

Status SyncStore::putMapping(const nlohmann::json& document)
{
    const std::string id = document.is_object() ? document.value("id", std::string()) : std::string();
    const std::string version = document.is_object() ? document.value("version", std::string()) : std::string();
    if (id.empty() || version.empty())
        return makeError(ErrorCode::InvalidArgument, "a mapping document needs an id and a version");
    return setState(mappingKey(id, version), document.dump());
}

bool SyncStore::hasMapping(const std::string& id, const std::string& version)
{
    auto found = state(mappingKey(id, version));
    return found && found->has_value();
}

Result<std::vector<nlohmann::json>> SyncStore::mappings()
{
    auto st = m_db.prepare("SELECT value FROM sync_state WHERE key LIKE 'mapping:%' ORDER BY key");
    if (!st)
        return st.error();
    std::vector<nlohmann::json> out;
    while (true) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(nlohmann::json::parse(st->text(0), nullptr, false));
    }
    return out;
}

Status SyncStore::clearState(const std::string& key)
{
    auto st = m_db.prepare("DELETE FROM sync_state WHERE key = ?");
    if (!st)
        return st.error();
    st->bindAll(key);
    return st->run();
}

} // namespace avocet::core::sync

#pragma once
// The sync tables of the encrypted cache (migration 2): local FHIR resources, the transactional
// outbox, watermarks, conflicts, tombstones and key/value state. Every local change writes the
// resource and its outbox row in one transaction, so a change is never saved without being queued
// or queued without being saved.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/store/Database.h"
#include "core/sync/SyncTypes.h"

namespace avocet::core::sync {

struct LocalResource
{
    std::string type;
    std::string localId;
    std::optional<std::string> serverId;
    std::optional<std::string> versionId;
    std::optional<std::string> lastUpdated;
    std::optional<std::string> clientId;
    std::optional<std::string> patientRef; // "Patient/<server id>" the resource belongs to
    nlohmann::json content;
    std::string origin = "server";         // server | local
    bool briefcase = false;
};

struct OutboxRow
{
    std::int64_t seq = 0;
    std::string type;
    std::string localId;
    std::string op; // create | update | delete
    std::string clientId;
    std::string changeId;
    std::optional<std::string> baseVersion;
    std::int64_t revision = 1;
    int attempts = 0;
    std::string state = "pending"; // pending | failed
    std::string lastError;
};

enum class Resolution { KeepLocal, KeepServer, Merged };

class SyncStore
{
public:
    explicit SyncStore(store::Database& db, std::shared_ptr<RandomSource> random = systemRandom(),
                       std::shared_ptr<Clock> clock = systemClock());

    store::Database& database() { return m_db; }

    // Saves a new resource locally and queues its creation. Adds the client-generated identifier
    // (system urn:avocet:client-id) unless one is already there. Runs inside the caller's
    // transaction when one is open (so a form save and its queueing commit together).
    Result<LocalResource> createLocal(nlohmann::json resource);
    // Saves an edit and queues it (coalesced with a change still waiting for the same resource).
    Status updateLocal(const std::string& type, const std::string& localId, nlohmann::json resource);
    Status deleteLocal(const std::string& type, const std::string& localId);

    Result<std::optional<LocalResource>> get(const std::string& type, const std::string& localId);
    Result<std::optional<LocalResource>> getByServerId(const std::string& type, const std::string& serverId);
    Result<std::optional<LocalResource>> getByClientId(const std::string& type, const std::string& clientId);
    Result<std::vector<LocalResource>> list(const std::string& type);
    Result<std::int64_t> count(const std::string& type);

    Result<std::vector<OutboxRow>> outbox(bool includeFailed = true, int limit = -1);
    Result<std::optional<OutboxRow>> outboxFor(const std::string& type, const std::string& localId);
    Result<int> pendingCount();
    // What a person has waiting: pendingCount without the Observations derived from a form's
    // answers (identifier https://fhir.avocet.example/Id/derived-observation), which travel with
    // the form and would make one PHQ-9 read as a dozen changes.
    Result<int> pendingChangeCount();
    Result<std::vector<FailureInfo>> failures();
    // Puts refused changes back in the queue (after the user fixed the cause).
    Status retryFailed();

    Result<std::vector<ConflictInfo>> conflicts(bool unresolvedOnly = true);
    // Keep the local version (re-queued as an update on top of the server's), the server's, or a
    // merge; the resolution itself syncs.
    Status resolveConflict(std::int64_t id, Resolution resolution, const nlohmann::json& merged = nullptr);

    bool isTombstoned(const std::string& type, const std::string& serverId);

    Result<std::optional<std::string>> state(const std::string& key);
    Status setState(const std::string& key, const std::string& value);
    Status clearState(const std::string& key);

    // EPR mapping documents pulled from the hub, one per id+version (immutable there), kept in
    // sync_state under "mapping:<id>@<version>".
    Status putMapping(const nlohmann::json& document);
    bool hasMapping(const std::string& id, const std::string& version);
    Result<std::vector<nlohmann::json>> mappings();

    std::string newUuid() { return m_random->uuid(); }
    SystemTime now() { return m_clock->now(); }

    // Helpers shared with the engine (no transaction of their own).
    Status writeResource(const LocalResource& resource);
    Status enqueue(const std::string& type, const std::string& localId, const std::string& op,
                   const std::string& clientId, const std::optional<std::string>& baseVersion);
    static LocalResource readResource(store::Statement& st);
    static OutboxRow readOutbox(store::Statement& st);

private:
    // One row by (type, keyColumn); keyColumn is one of the literal column names above, never input.
    Result<std::optional<LocalResource>> getWhere(const char* keyColumn, const std::string& type,
                                                  const std::string& key);
    template <typename F>
    Status inTransaction(F&& body);

    store::Database& m_db;
    std::shared_ptr<RandomSource> m_random;
    std::shared_ptr<Clock> m_clock;
};

// The client identifier value in a resource (system urn:avocet:client-id), if any.
std::optional<std::string> clientIdentifierOf(const nlohmann::json& resource);
// "Patient/<id>" from subject, patient, for, (AuditEvent) entity.what or (Appointment)
// participant.actor, if any.
std::optional<std::string> patientReferenceOf(const nlohmann::json& resource);

// FHIR instants: microseconds since the epoch (any offset, any precision), and back to UTC text.
std::optional<std::int64_t> parseInstant(const std::string& text);
std::string formatInstant(std::int64_t micros);

} // namespace avocet::core::sync

#pragma once
// SQL for resources, versions, history and search on a connection whose transaction the caller
// owns. No access decisions here (see AccessPolicy); no HTTP here (see FhirInteractions).

#include "core/common/Result.h"
#include "server/PgConnection.h"
#include "server/SearchQuery.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::hub {

struct StoredResource
{
    std::string type;
    std::string id;
    int versionId = 0;
    std::string lastUpdated; // FHIR instant, UTC, microseconds: the server's clock
    bool isDeleted = false;
    std::string method; // POST, PUT, DELETE
    long long seq = 0;
    std::string compartment; // "Patient/<id>" or ""
    nlohmann::json content;  // null for a tombstone; not filled by search()/history() (see contentText)
    std::string contentText; // search()/history() only: the stored JSON text, unparsed ("" for a tombstone)
};

struct SearchPage
{
    std::vector<StoredResource> matches;
    std::optional<long long> nextCursor;
    std::optional<long long> total;
};

class ResourceRepository
{
public:
    explicit ResourceRepository(PgConnection& connection) : m_connection(connection) {}

    // Serialises writers across all hub processes for the rest of the transaction, so seq and
    // lastUpdated grow in commit order and a _lastUpdated watermark never skips a write.
    core::Status lockForWrite();

    core::Result<std::optional<StoredResource>> current(const std::string& type, const std::string& id);

    // Conditional create: for each (system, value), how many live resources of `type` carry it
    // and one of their ids. Keys without a match are absent from the answer. One statement.
    struct IdentifierMatches
    {
        int count = 0;
        std::string id;
    };
    using IdentifierKey = std::pair<std::string, std::string>; // system, value
    core::Result<std::map<IdentifierKey, IdentifierMatches>> findByIdentifiers(const std::string& type,
                                                                               const std::vector<IdentifierKey>& keys);
    // The same for one key, counting only what `username` may see (their caseload, records of no
    // patient, and their own AuditEvents): a caseload-restricted caller's conditional write is
    // decided on what they can see, so it cannot tell whether another team holds the identifier.
    core::Result<IdentifierMatches> findVisibleByIdentifier(const std::string& type, const IdentifierKey& key,
                                                            const std::string& username);
    core::Result<std::optional<StoredResource>> version(const std::string& type, const std::string& id, int versionId);

    // Writes a new version (content null = tombstone) and returns it as stored; fills
    // content.id, content.meta.versionId and content.meta.lastUpdated from the server. One
    // prepared statement: clock, version row, current row and identifier rows (sql::writeResource).
    core::Result<StoredResource> write(const std::string& type, const std::string& id, int versionId,
                                       const std::string& method, nlohmann::json content,
                                       const std::string& compartment);

    // Matches carry contentText, not content: callers splice the stored text into their answer.
    core::Result<SearchPage> search(const SearchQuery& query);
    core::Result<SearchPage> history(const HistoryQuery& query); // contentText too


    static std::string compartmentOf(const std::string& type, const std::string& id, const nlohmann::json& content);

private:
    PgConnection& m_connection;
};

std::string newResourceId(); // random UUID v4

} // namespace avocet::hub

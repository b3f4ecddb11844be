#pragma once
// The hub's anchor for each device's local audit chain (core/audit AuditLog: every event's hash
// covers its content and the previous event's hash). The sync client pushes the chain as
// AuditEvents whose first entity carries `detail` "avocet-audit-chain" = "<chain>:<seq>:<hash>" and
// "prev-hash" (docs/sync.md, Audit chain). For each chain the hub keeps which event it holds at
// each position and the head it has seen, in the same transaction as the AuditEvent:
// - the same event pushed again (a resend after a lost answer) is answered with the stored one,
//   200, and nothing is stored twice; so pushes are exactly-once on avocet-hub for every caller,
//   including clinicians who may not search AuditEvents;
// - another event at a position already held is refused (409): a device cannot rewrite the
//   history the hub has anchored;
// - an event that does not continue the head (seq not head + 1, or prev-hash not the head's hash)
//   is stored but counted as a break and logged, for an administrator to look at;
// - a chain belongs to the user who first pushed to it: another user's event for it is refused
//   (403), so one device's chain cannot be continued or answered to anyone else;
// - GET /audit-chains/<chain> tells the device what is anchored (head seq and hash, breaks), so it
//   can check its own chain against it; GET /audit-chains lists every chain (administrators).
// Chain ids, positions and hashes are not patient data.

#include "server/FhirInteractions.h"
#include "server/HttpTypes.h"
#include "server/PgConnection.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace avocet::hub {

struct ChainLink
{
    std::string chainId;
    long long seq = 0;
    std::string hash;
    std::string prevHash;
};

// The chain detail of an AuditEvent: nullopt when it has none; an error (what is wrong) when it
// has one that is malformed.
core::Result<std::optional<ChainLink>> chainLinkOf(const nlohmann::json& auditEvent);

class AuditChains
{
public:
    explicit AuditChains(PgConnection& connection) : m_connection(connection) {}

    struct Held
    {
        std::string hash;
        std::string resourceId;
    };
    // The event already anchored at the link's position. Call under the hub's write lock.
    core::Result<std::optional<Held>> held(const ChainLink& link);
    // The user whose device pushes this chain (the first to push to it; "" for a chain anchored
    // before owners were kept); nullopt when the chain is new. Call under the hub's write lock.
    core::Result<std::optional<std::string>> owner(const std::string& chainId);
    // Anchors the stored AuditEvent `resourceId` at its position; moves the head, counts a break
    // when it does not continue the head; a new chain (or one without an owner) gets `owner`.
    // Returns whether it continued the chain.
    core::Result<bool> anchor(const ChainLink& link, const std::string& resourceId, const std::string& owner);
    // {chain, headSeq, headHash, firstSeq, events, breaks, firstBreakSeq, anchoredAt}; nullopt if unknown.
    core::Result<std::optional<nlohmann::json>> describe(const std::string& chainId);
    core::Result<nlohmann::json> list(); // every chain, those with breaks first

private:
    PgConnection& m_connection;
};

// GET /audit-chains/<chain> (any signed-in caller; the chain id is the device's secret-free
// random id) and GET /audit-chains (administrators).
HubResponse serveAuditChains(PgConnection& connection, const RequestContext& context, const HubRequest& request,
                             const std::vector<std::string>& segments);

} // namespace avocet::hub

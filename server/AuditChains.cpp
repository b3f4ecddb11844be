#include "server/AuditChains.h"

#include "server/HubSql.h"
#include "server/Log.h"
#include "server/OperationOutcome.h"

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

constexpr const char* kChainDetail = "avocet-audit-chain"; // core/sync kAuditChainDetail
constexpr std::size_t kMaxChainPart = 128;

bool isChainToken(const std::string& text)
{
    return !text.empty() && text.size() <= kMaxChainPart &&
           text.find_first_not_of("0123456789abcdefABCDEF-") == std::string::npos;
}

std::string chainColumns()
{
    return "chain_id, head_seq, head_hash, first_seq, events, breaks, first_break_seq, " +
           sql::instant("anchored_at");
}

json chainRow(const PgResult& rows, int row)
{
    return {{"chain", rows.text(row, 0)},
            {"headSeq", rows.integer(row, 1)},
            {"headHash", rows.text(row, 2)},
            {"firstSeq", rows.integer(row, 3)},
            {"events", rows.integer(row, 4)},
            {"breaks", rows.integer(row, 5)},
            {"firstBreakSeq", rows.isNull(row, 6) ? json() : json(rows.integer(row, 6))},
            {"anchoredAt", rows.text(row, 7)}};
}

} // namespace

core::Result<std::optional<ChainLink>> chainLinkOf(const json& auditEvent)
{
    if (!auditEvent.contains("entity") || !auditEvent["entity"].is_array())
        return std::optional<ChainLink>();
    std::optional<ChainLink> link;
    std::optional<std::string> prevHash;
    for (const auto& entity : auditEvent["entity"]) {
        if (!entity.is_object() || !entity.contains("detail") || !entity["detail"].is_array())
            continue;
        for (const auto& detail : entity["detail"]) {
            if (!detail.is_object() || !detail.contains("type") || !detail["type"].is_string())
                continue;
            const std::string type = detail["type"];
            const auto value = detail.contains("valueString") && detail["valueString"].is_string()
                                   ? std::optional<std::string>(detail["valueString"].get<std::string>())
                                   : std::nullopt;
            if (type == "prev-hash" && value) {
                prevHash = value;
                continue;
            }
            if (type != kChainDetail)
                continue;
            const std::string bad = "AuditEvent.entity.detail '" + std::string(kChainDetail) +
                                    "' must be a valueString '<chain id>:<seq>:<hash>' (hex and '-', seq from 1)";
            if (link || !value)
                return makeError(ErrorCode::InvalidArgument, bad + "; it is missing or given twice");
            const auto first = value->find(':');
            const auto second = first == std::string::npos ? first : value->find(':', first + 1);
            if (second == std::string::npos)
                return makeError(ErrorCode::InvalidArgument, bad);
            ChainLink parsed;
            parsed.chainId = value->substr(0, first);
            const std::string seqText = value->substr(first + 1, second - first - 1);
            parsed.hash = value->substr(second + 1);
            if (!isChainToken(parsed.chainId) || !isChainToken(parsed.hash) || seqText.empty() ||
                seqText.size() > 18 || seqText.find_first_not_of("0123456789") != std::string::npos ||
                std::stoll(seqText) < 1)
                return makeError(ErrorCode::InvalidArgument, bad);
            parsed.seq = std::stoll(seqText);
            link = std::move(parsed);
        }
    }
    if (link)
        link->prevHash = prevHash.value_or("");
    return link;
}

core::Result<std::optional<AuditChains::Held>> AuditChains::held(const ChainLink& link)
{
    auto rows = m_connection.queryPrepared(
        "SELECT hash, resource_id FROM audit_chain_events WHERE chain_id = $1 AND seq = $2::bigint",
        {link.chainId, std::to_string(link.seq)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return std::optional<Held>();
    return std::optional<Held>(Held{rows->text(0, 0), rows->text(0, 1)});
}

core::Result<std::optional<std::string>> AuditChains::owner(const std::string& chainId)
{
    auto rows = m_connection.queryPrepared("SELECT coalesce(owner, '') FROM audit_chains WHERE chain_id = $1", {chainId});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return std::optional<std::string>();
    return std::optional<std::string>(rows->text(0, 0));
}

core::Result<bool> AuditChains::anchor(const ChainLink& link, const std::string& resourceId, const std::string& owner)
{
    // One statement: insert the chain on its first event, otherwise check continuity against the
    // head and move it; then the position row. Runs under the write lock, so heads never race.
    auto rows = m_connection.queryPrepared(
        "WITH previous AS (SELECT head_seq, head_hash FROM audit_chains WHERE chain_id = $1),"
        " verdict AS (SELECT NOT EXISTS (SELECT 1 FROM previous) OR EXISTS (SELECT 1 FROM previous"
        "   WHERE head_seq + 1 = $2::bigint AND head_hash = $4) AS continues),"
        " chain AS (INSERT INTO audit_chains AS a (chain_id, head_seq, head_hash, first_seq, events, breaks,"
        "   first_break_seq, anchored_at, owner)"
        "   VALUES ($1, $2::bigint, $3, $2::bigint, 1, 0, NULL, clock_timestamp(), $6)"
        "   ON CONFLICT (chain_id) DO UPDATE SET"
        "     owner = coalesce(a.owner, EXCLUDED.owner),"
        "     head_seq = greatest(a.head_seq, EXCLUDED.head_seq),"
        "     head_hash = CASE WHEN EXCLUDED.head_seq > a.head_seq THEN EXCLUDED.head_hash ELSE a.head_hash END,"
        "     first_seq = least(a.first_seq, EXCLUDED.first_seq),"
        "     events = a.events + 1,"
        "     breaks = a.breaks + CASE WHEN (SELECT continues FROM verdict) THEN 0 ELSE 1 END,"
        "     first_break_seq = CASE WHEN (SELECT continues FROM verdict) THEN a.first_break_seq"
        "       ELSE coalesce(a.first_break_seq, EXCLUDED.head_seq) END,"
        "     anchored_at = clock_timestamp()"
        "   RETURNING 1),"
        " position AS (INSERT INTO audit_chain_events (chain_id, seq, hash, resource_id)"
        "   VALUES ($1, $2::bigint, $3, $5) RETURNING 1)"
        " SELECT (SELECT continues FROM verdict), (SELECT count(*) FROM chain), (SELECT count(*) FROM position)",
        {link.chainId, std::to_string(link.seq), link.hash, link.prevHash, resourceId, owner});
    if (!rows)
        return rows.error();
    const bool continues = rows->boolean(0, 0);
    if (!continues)
        logEvent("warn", "audit_chain_break", {{"chain", link.chainId}, {"seq", link.seq}});
    return continues;
}

core::Result<std::optional<json>> AuditChains::describe(const std::string& chainId)
{
    auto rows = m_connection.query("SELECT " + chainColumns() + " FROM audit_chains WHERE chain_id = $1", {chainId});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return std::optional<json>();
    return std::optional<json>(chainRow(rows.value(), 0));
}

core::Result<json> AuditChains::list()
{
    auto rows = m_connection.query("SELECT " + chainColumns() +
                                   " FROM audit_chains ORDER BY breaks > 0 DESC, anchored_at DESC");
    if (!rows)
        return rows.error();
    auto chains = json::array();
    for (int row = 0; row < rows->rows(); ++row)
        chains.push_back(chainRow(rows.value(), row));
    return chains;
}

HubResponse serveAuditChains(PgConnection& connection, const RequestContext& context, const HubRequest& request,
                             const std::vector<std::string>& segments)
{
    if (request.method != "GET")
        return errorResponse(405, "not-supported",
                             "/audit-chains is read-only; devices add to their chain by pushing AuditEvents");
    if (!request.query.empty())
        return errorResponse(400, "invalid", "/audit-chains takes no parameters");
    AuditChains chains(connection);
    if (segments.size() == 1) {
        if (context.caller.role != Role::Administrator)
            return errorResponse(403, "forbidden", "only administrators list every device's audit chain");
        auto listed = chains.list();
        if (!listed)
            return errorResponse(500, "exception", "the store failed; try again");
        return plainJsonResponse(200, {{"chains", listed.value()}});
    }
    if (segments.size() != 2 || !isChainToken(segments[1]))
        return errorResponse(404, "not-found", "no such endpoint: " + request.path + " (GET /audit-chains/<chain id>)");
    auto described = chains.describe(segments[1]);
    if (!described)
        return errorResponse(500, "exception", "the store failed; try again");
    if (!described.value())
        return errorResponse(404, "not-found", "no AuditEvent of audit chain " + segments[1] + " has reached this hub");
    return plainJsonResponse(200, **described);
}

} // namespace avocet::hub

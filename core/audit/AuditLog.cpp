#include "core/audit/AuditLog.h"

#include <sodium.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/common/Time.h"
#include "core/crypto/SecureBuffer.h"

namespace avocet::core::audit {

namespace {

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

AuditEvent readEvent(const store::Statement& s)
{
    AuditEvent e;
    e.seq = s.int64(0);
    e.at = s.text(1);
    e.user = s.text(2);
    e.role = s.text(3);
    e.action = s.text(4);
    e.patientId = s.optionalText(5);
    e.device = s.text(6);
    e.outcome = s.text(7);
    e.detail = s.text(8);
    e.prevHash = s.text(9);
    e.hash = s.text(10);
    return e;
}

} // namespace

std::string AuditLog::computeHash(const AuditEvent& e)
{
    // nlohmann::json objects keep keys sorted, so the dump is canonical.
    const nlohmann::json canonical = {
        {"seq", e.seq},       {"at", e.at},         {"user", e.user},     {"role", e.role},
        {"action", e.action}, {"patient", e.patientId ? nlohmann::json(*e.patientId) : nlohmann::json()},
        {"device", e.device}, {"outcome", e.outcome}, {"detail", e.detail}, {"prev", e.prevHash},
    };
    const std::string text = canonical.dump();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return crypto::toHex(digest, sizeof digest);
}

std::string AuditLog::deviceName()
{
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0)
        return "unknown-device";
    return host;
}

Result<AuditEvent> AuditLog::append(AuditEvent event)
{
    std::optional<store::Transaction> own;
    if (!m_db.inTransaction()) {
        auto tx = store::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        own.emplace(std::move(*tx));
    }
    auto head = m_db.queryText("SELECT value FROM meta WHERE key = 'audit_head'");
    if (!head)
        return head.error();
    std::int64_t lastSeq = 0;
    std::string prevHash = kGenesis;
    if (*head) {
        const auto parsed = nlohmann::json::parse(**head, nullptr, false);
        if (parsed.is_discarded() || !parsed.contains("seq") || !parsed.contains("hash"))
            return makeError(ErrorCode::AuditChainBroken, "The audit log head is damaged; run 'avocetctl audit verify'.");
        lastSeq = parsed["seq"].get<std::int64_t>();
        prevHash = parsed["hash"].get<std::string>();
    }
    event.seq = lastSeq + 1;
    if (event.at.empty())
        event.at = utcNowIso();
    if (event.device.empty())
        event.device = deviceName();
    event.prevHash = prevHash;
    event.hash = computeHash(event);

    auto insert = m_db.prepare("INSERT INTO audit_log(seq, at, user, role, action, patient_id, device, outcome,"
                               " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert)
        return insert.error();
    insert->bindAll(event.seq, event.at, event.user, event.role, event.action, event.patientId, event.device,
                    event.outcome, event.detail, event.prevHash, event.hash);
    if (Status st = insert->run(); !st)
        return st.error();
    auto setHead = m_db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_head', ?)");
    if (!setHead)
        return setHead.error();
    setHead->bind(1, nlohmann::json{{"seq", event.seq}, {"hash", event.hash}}.dump());
    if (Status st = setHead->run(); !st)
        return st.error();
    if (own) {
        if (Status st = own->commit(); !st)
            return st.error();
    }
    return event;
}

Result<std::vector<AuditEvent>> AuditLog::events(std::int64_t afterSeq, int limit)
{
    auto stmt = m_db.prepare("SELECT seq, at, user, role, action, patient_id, device, outcome, detail, prev_hash,"
                             " hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(afterSeq, static_cast<std::int64_t>(limit));
    std::vector<AuditEvent> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(readEvent(*stmt));
    }
    return out;
}

Result<AuditVerification> AuditLog::verify()
{
    AuditVerification result;
    auto fail = [&result](std::int64_t seq, std::string problem) {
        result.intact = false;
        result.firstBadSeq = seq;
        result.problem = std::move(problem);
        return result;
    };
    auto stmt = m_db.prepare("SELECT seq, at, user, role, action, patient_id, device, outcome, detail, prev_hash,"
                             " hash FROM audit_log ORDER BY seq");
    if (!stmt)
        return stmt.error();
    std::string prev = kGenesis;
    std::int64_t expectedSeq = 1;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const AuditEvent e = readEvent(*stmt);
        ++result.events;
        if (e.seq != expectedSeq)
            return fail(expectedSeq, "event " + std::to_string(expectedSeq) + " is missing");
        if (e.prevHash != prev)
            return fail(e.seq, "event " + std::to_string(e.seq) + " does not follow the event before it");
        if (computeHash(e) != e.hash)
            return fail(e.seq, "event " + std::to_string(e.seq) + " was altered after it was written");
        prev = e.hash;
        ++expectedSeq;
    }
    auto head = m_db.queryText("SELECT value FROM meta WHERE key = 'audit_head'");
    if (!head)
        return head.error();
    const std::int64_t lastSeq = expectedSeq - 1;
    if (!*head) {
        if (lastSeq != 0)
            return fail(1, "the audit head record is missing");
        return result;
    }
    const auto parsed = nlohmann::json::parse(**head, nullptr, false);
    if (parsed.is_discarded() || parsed.value("seq", std::int64_t{-1}) != lastSeq ||
        parsed.value("hash", std::string()) != prev)
        return fail(lastSeq + 1, "events after " + std::to_string(lastSeq) + " were removed");
    return result;
}

} // namespace avocet::core::audit

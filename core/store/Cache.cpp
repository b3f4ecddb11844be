#include "core/store/Cache.h"

namespace avocet::core::store {

Cache::Cache(std::string user, std::filesystem::path directory, Database db, FileLock lock, crypto::SecureBuffer key)
    : m_user(std::move(user)), m_directory(std::move(directory)), m_db(std::move(db)), m_lock(std::move(lock)),
      m_key(std::move(key)), m_audit(m_db), m_patients(m_db)
{
}

Cache::~Cache() { lock(); }

Status Cache::record(const std::string& action, const std::optional<std::string>& patientId,
                     const std::string& detail, const std::string& outcome)
{
    audit::AuditEvent event;
    event.user = m_user;
    event.role = m_role;
    event.action = action;
    event.patientId = patientId;
    event.detail = detail;
    event.outcome = outcome;
    auto appended = m_audit.append(std::move(event));
    if (!appended)
        return appended.error();
    return {};
}

void Cache::lock()
{
    if (!m_db.isOpen())
        return;
    (void)record(audit::action::Lock);
    (void)m_db.checkpoint();
    (void)m_db.close();
    m_key.wipe();
    m_lock.release();
}

Result<std::string> Cache::verifyIntegrity()
{
    // cipher_integrity_check verifies every page's HMAC; integrity_check the b-trees.
    auto stmt = m_db.prepare("PRAGMA cipher_integrity_check");
    if (!stmt)
        return stmt.error();
    int problems = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        ++problems;
    }
    if (problems > 0)
        return makeError(ErrorCode::StoreCorrupt, std::to_string(problems) +
                                                      " page(s) of the cache failed authentication; the cache "
                                                      "is damaged and has been kept for investigation.");
    auto check = m_db.queryText("PRAGMA integrity_check");
    if (!check)
        return check.error();
    if (!*check || **check != "ok")
        return makeError(ErrorCode::StoreCorrupt, "The cache structure is damaged: " + check->value_or("unknown"));
    auto pages = m_db.queryInt("PRAGMA page_count");
    if (!pages)
        return pages.error();
    return "ok: " + std::to_string(*pages) + " pages authenticated";
}

} // namespace avocet::core::store

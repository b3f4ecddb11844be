#pragma once
// An unlocked user cache: the open encrypted database, the profile lock and the audit log.
// Locking (or destroying) it closes the database and wipes the data key from memory.

#include <filesystem>
#include <memory>
#include <string>

#include "core/audit/AuditLog.h"
#include "core/common/Files.h"
#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/store/PatientStore.h"

namespace avocet::core::store {

class Cache
{
public:
    Cache(std::string user, std::filesystem::path directory, Database db, FileLock lock, crypto::SecureBuffer key);
    ~Cache();
    Cache(const Cache&) = delete;
    Cache& operator=(const Cache&) = delete;

    const std::string& user() const { return m_user; }
    const std::filesystem::path& directory() const { return m_directory; }
    bool isLocked() const { return !m_db.isOpen(); }

    Database& database() { return m_db; }
    audit::AuditLog& audit() { return m_audit; }
    PatientStore& patients() { return m_patients; }

    // Records an audit event for this user (role from the session, device from the host name).
    Status record(const std::string& action, const std::optional<std::string>& patientId = std::nullopt,
                  const std::string& detail = {}, const std::string& outcome = "success");

    // Audits the lock, folds the WAL into the database, closes it, wipes the key, drops the lock.
    void lock();

    // Checks every page decrypts and authenticates and the schema is sound.
    Result<std::string> verifyIntegrity();

    void setRole(std::string role) { m_role = std::move(role); }

private:
    std::string m_user;
    std::string m_role = "clinician";
    std::filesystem::path m_directory;
    Database m_db;
    FileLock m_lock;
    crypto::SecureBuffer m_key;
    audit::AuditLog m_audit;
    PatientStore m_patients;
};

} // namespace avocet::core::store

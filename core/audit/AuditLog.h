#pragma once
// Hash-chained local audit log (FHIR AuditEvent shaped). Each row's hash covers its content and
// the previous row's hash; the head (last seq and hash) is kept in the meta table in the same
// transaction, so editing, deleting or truncating rows is detected by verify().

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/store/Database.h"

namespace avocet::core::audit {

// The actions the local chain records. Strings are stable: they are hashed and synced.
namespace action {
inline constexpr const char* Login = "login";
inline constexpr const char* Logout = "logout";
inline constexpr const char* Unlock = "unlock";
inline constexpr const char* Lock = "lock";
inline constexpr const char* View = "view";
inline constexpr const char* Edit = "edit";
inline constexpr const char* Export = "export";
inline constexpr const char* BreakGlass = "break-glass";
inline constexpr const char* Import = "import";
inline constexpr const char* Rekey = "rekey";
inline constexpr const char* PassphraseChange = "passphrase-change";
} // namespace action

struct AuditEvent
{
    std::int64_t seq = 0;                 // assigned on append
    std::string at;                       // ISO 8601 UTC, assigned on append when empty
    std::string user;
    std::string role = "clinician";
    std::string action;
    std::optional<std::string> patientId; // local patient id, never a name or NHS number
    std::string device;
    std::string outcome = "success";      // success | failure
    std::string detail;                   // no patient data
    std::string prevHash;
    std::string hash;
};

struct AuditVerification
{
    std::int64_t events = 0;
    bool intact = true;
    std::optional<std::int64_t> firstBadSeq;
    std::string problem; // empty when intact
};

class AuditLog
{
public:
    explicit AuditLog(store::Database& db) : m_db(db) {}

    // Appends inside the caller's transaction when one is open, otherwise in its own.
    Result<AuditEvent> append(AuditEvent event);
    Result<std::vector<AuditEvent>> events(std::int64_t afterSeq = 0, int limit = 1000);
    Result<AuditVerification> verify();

    static std::string computeHash(const AuditEvent& event);
    static std::string deviceName();

private:
    store::Database& m_db;
};

} // namespace avocet::core::audit

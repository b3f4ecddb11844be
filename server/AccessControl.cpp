#include "server/AccessControl.h"

#include <sodium.h>

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;

namespace {

constexpr int kMaxFailedLogins = 5;
constexpr int kLockoutSeconds = 60;

std::string randomToken()
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

// Tokens are stored only as hashes, so a database dump does not hand out sessions.
std::string tokenHash(const std::string& token)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

core::Status notFoundIfNone(const core::Result<PgResult>& result, const std::string& what)
{
    if (!result)
        return result.error();
    if (result->affectedRows() == 0)
        return makeError(ErrorCode::NotFound, what + " not found");
    return core::Status::success();
}

} // namespace

std::optional<Role> parseRole(const std::string& text)
{
    if (text == "clinician")
        return Role::Clinician;
    if (text == "ward_staff" || text == "ward-staff")
        return Role::WardStaff;
    if (text == "change_manager" || text == "change-manager")
        return Role::ChangeManager;
    if (text == "administrator" || text == "admin")
        return Role::Administrator;
    return std::nullopt;
}

std::string roleName(Role role)
{
    switch (role) {
    case Role::Clinician:
        return "clinician";
    case Role::WardStaff:
        return "ward_staff";
    case Role::ChangeManager:
        return "change_manager";
    case Role::Administrator:
        return "administrator";
    }
    return "unknown";
}

std::string roleRefusal(const Caller& caller, Operation operation, const std::string& type)
{
    switch (caller.role) {
    case Role::Administrator:
        return {};
    case Role::ChangeManager:
        if (type == "Questionnaire")
            return {};
        return "change managers publish templates and mappings; they have no access to " + type + " records";
    case Role::Clinician:
    case Role::WardStaff:
        if (type == "Questionnaire" && operation == Operation::Write)
            return "only change managers publish templates (Questionnaire)";
        return {};
    }
    return "unknown role";
}

bool isCaseloadRestricted(const Caller& caller)
{
    return caller.role == Role::Clinician || caller.role == Role::WardStaff;
}

std::string hashPassword(const std::string& password)
{
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return hash;
}

bool verifyPassword(const std::string& hash, const std::string& password)
{
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

core::Result<TokenPair> AccessControl::login(const std::string& username, const std::string& password,
                                             int accessSeconds, int refreshSeconds)
{
    auto rows = m_connection.query("SELECT password_hash, role, is_active, coalesce(locked_until > now(), false)"
                                   " FROM users WHERE username = $1",
                                   {username});
    if (!rows)
        return rows.error();
    const auto refused = makeError(ErrorCode::WrongPassphrase, "user name or password is wrong");
    if (rows->rows() == 0) {
        // Spend the same effort as a real check so response time does not reveal user names.
        static const std::string dummy = hashPassword("avocet-timing-equaliser");
        (void)verifyPassword(dummy, password);
        return refused;
    }
    if (rows->boolean(0, 3))
        return makeError(ErrorCode::Throttled, "too many failed logins; try again in a minute");
    if (!rows->boolean(0, 2))
        return refused;
    if (!verifyPassword(rows->text(0, 0), password)) {
        (void)m_connection.execute(
            "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= $2::integer"
            " THEN now() + make_interval(secs => $3::integer) ELSE locked_until END WHERE username = $1",
            {username, std::to_string(kMaxFailedLogins), std::to_string(kLockoutSeconds)});
        return refused;
    }
    (void)m_connection.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1", {username});
    const auto role = parseRole(rows->text(0, 1)).value_or(Role::Clinician);
    return issueTokens(username, role, accessSeconds, refreshSeconds);
}

core::Result<TokenPair> AccessControl::issueTokens(const std::string& username, Role role, int accessSeconds,
                                                   int refreshSeconds)
{
    TokenPair pair;
    pair.accessToken = randomToken();
    pair.refreshToken = randomToken();
    pair.accessSeconds = accessSeconds;
    pair.username = username;
    pair.role = role;
    auto stored = m_connection.execute(
        "INSERT INTO sessions (access_hash, refresh_hash, username, access_expires_at, refresh_expires_at)"
        " VALUES ($1, $2, $3, now() + make_interval(secs => $4::integer), now() + make_interval(secs => $5::integer))",
        {tokenHash(pair.accessToken), tokenHash(pair.refreshToken), username, std::to_string(accessSeconds),
         std::to_string(refreshSeconds)});
    if (!stored)
        return stored.error();
    return pair;
}

core::Result<TokenPair> AccessControl::refresh(const std::string& refreshToken, int accessSeconds, int refreshSeconds)
{
    // Rotation: the old pair is revoked, so a stolen refresh token works at most once.
    auto rows = m_connection.query(
        "UPDATE sessions s SET revoked = true FROM users u WHERE s.refresh_hash = $1 AND NOT s.revoked"
        " AND s.refresh_expires_at > now() AND u.username = s.username AND u.is_active RETURNING u.username, u.role",
        {tokenHash(refreshToken)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return makeError(ErrorCode::NotFound, "refresh token is unknown, expired or already used; log in again");
    return issueTokens(rows->text(0, 0), parseRole(rows->text(0, 1)).value_or(Role::Clinician), accessSeconds,
                       refreshSeconds);
}

core::Status AccessControl::logout(const std::string& accessToken)
{
    return m_connection.execute("UPDATE sessions SET revoked = true WHERE access_hash = $1", {tokenHash(accessToken)});
}

core::Result<Caller> AccessControl::authenticate(const std::string& accessToken)
{
    auto rows = m_connection.queryPrepared(
        "SELECT u.username, u.role FROM sessions s JOIN users u ON u.username = s.username"
        " WHERE s.access_hash = $1 AND NOT s.revoked AND s.access_expires_at > now() AND u.is_active",
        {tokenHash(accessToken)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return makeError(ErrorCode::NotFound, "bearer token is unknown, expired or revoked; log in again");
    Caller caller;
    caller.username = rows->text(0, 0);
    caller.role = parseRole(rows->text(0, 1)).value_or(Role::Clinician);
    return caller;
}

core::Result<bool> AccessControl::isOnCaseload(const std::string& username, const std::string& patientRef)
{
    auto rows = m_connection.query("SELECT 1 FROM caseload_members c JOIN team_members t ON t.team_id = c.team_id"
                                   " WHERE t.username = $1 AND c.patient_ref = $2 LIMIT 1",
                                   {username, patientRef});
    if (!rows)
        return rows.error();
    return rows->rows() > 0;
}

core::Status AccessControl::addToCallersCaseloads(const std::string& username, const std::string& patientRef)
{
    return m_connection.execute("INSERT INTO caseload_members (team_id, patient_ref)"
                                " SELECT team_id, $2 FROM team_members WHERE username = $1 ON CONFLICT DO NOTHING",
                                {username, patientRef});
}

core::Status AccessControl::recordBreakGlass(const Caller& caller, const std::string& patientRef,
                                             const std::string& method, const std::string& route)
{
    return m_connection.execute(
        "INSERT INTO break_glass_events (username, role, patient_ref, reason, method, route) VALUES ($1, $2, $3, $4, $5, $6)",
        {caller.username, roleName(caller.role), patientRef.empty() ? SqlParam() : SqlParam(patientRef),
         caller.breakGlassReason, method, route});
}

core::Status AccessControl::createTeam(const std::string& name)
{
    auto status = m_connection.execute("INSERT INTO teams (name) VALUES ($1)", {name});
    if (!status && isUniqueViolation(status.error()))
        return makeError(ErrorCode::AlreadyExists, "team '" + name + "' already exists");
    return status;
}

core::Status AccessControl::createUser(const std::string& username, Role role, const std::string& password,
                                       const std::string& displayName)
{
    if (username.empty() || username.size() > 64)
        return makeError(ErrorCode::InvalidArgument, "user name must be 1 to 64 characters");
    if (password.size() < 10)
        return makeError(ErrorCode::WeakPassphrase, "password must be at least 10 characters");
    const std::string hash = hashPassword(password);
    if (hash.empty())
        return makeError(ErrorCode::CryptoFailure, "cannot hash the password (out of memory?)");
    auto status = m_connection.execute(
        "INSERT INTO users (username, role, password_hash, display_name) VALUES ($1, $2, $3, $4)",
        {username, roleName(role), hash, displayName});
    if (!status && isUniqueViolation(status.error()))
        return makeError(ErrorCode::AlreadyExists, "user '" + username + "' already exists");
    return status;
}

core::Status AccessControl::setPassword(const std::string& username, const std::string& password)
{
    if (password.size() < 10)
        return makeError(ErrorCode::WeakPassphrase, "password must be at least 10 characters");
    const std::string hash = hashPassword(password);
    if (hash.empty())
        return makeError(ErrorCode::CryptoFailure, "cannot hash the password (out of memory?)");
    auto result = m_connection.query(
        "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE username = $1",
        {username, hash});
    if (auto status = notFoundIfNone(result, "user '" + username + "'"); !status)
        return status;
    return m_connection.execute("UPDATE sessions SET revoked = true WHERE username = $1", {username});
}

core::Status AccessControl::addUserToTeam(const std::string& username, const std::string& team)
{
    auto result = m_connection.query("INSERT INTO team_members (team_id, username) SELECT t.team_id, u.username"
                                     " FROM teams t, users u WHERE t.name = $1 AND u.username = $2"
                                     " ON CONFLICT DO NOTHING",
                                     {team, username});
    if (!result)
        return result.error();
    auto check = m_connection.query("SELECT 1 FROM team_members m JOIN teams t ON t.team_id = m.team_id"
                                    " WHERE t.name = $1 AND m.username = $2",
                                    {team, username});
    if (!check)
        return check.error();
    if (check->rows() == 0)
        return makeError(ErrorCode::NotFound, "team '" + team + "' or user '" + username + "' not found");
    return core::Status::success();
}

core::Status AccessControl::assignCaseload(const std::string& team, const std::string& patientRef)
{
    auto result = m_connection.query("INSERT INTO caseload_members (team_id, patient_ref) SELECT team_id, $2"
                                     " FROM teams WHERE name = $1 ON CONFLICT DO NOTHING RETURNING team_id",
                                     {team, patientRef});
    if (!result)
        return result.error();
    auto team_exists = m_connection.query("SELECT 1 FROM teams WHERE name = $1", {team});
    if (!team_exists)
        return team_exists.error();
    if (team_exists->rows() == 0)
        return makeError(ErrorCode::NotFound, "team '" + team + "' not found");
    return core::Status::success();
}

core::Status AccessControl::removeFromCaseload(const std::string& team, const std::string& patientRef)
{
    auto result = m_connection.query("DELETE FROM caseload_members c USING teams t WHERE t.team_id = c.team_id"
                                     " AND t.name = $1 AND c.patient_ref = $2",
                                     {team, patientRef});
    return notFoundIfNone(result, patientRef + " on the caseload of team '" + team + "'");
}

core::Result<nlohmann::json> AccessControl::listUsers()
{
    auto rows = m_connection.query(
        "SELECT u.username, u.role, u.is_active, coalesce(string_agg(t.name, ',' ORDER BY t.name), '')"
        " FROM users u LEFT JOIN team_members m ON m.username = u.username LEFT JOIN teams t ON t.team_id = m.team_id"
        " GROUP BY u.username, u.role, u.is_active ORDER BY u.username");
    if (!rows)
        return rows.error();
    auto users = nlohmann::json::array();
    for (int row = 0; row < rows->rows(); ++row) {
        users.push_back({{"username", rows->text(row, 0)},
                         {"role", rows->text(row, 1)},
                         {"active", rows->boolean(row, 2)},
                         {"teams", rows->text(row, 3)}});
    }
    return users;
}

core::Result<nlohmann::json> AccessControl::breakGlassReport()
{
    auto rows = m_connection.query(
        "SELECT event_id, username, role, coalesce(patient_ref, ''), reason, method, route,"
        " to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), reviewed"
        " FROM break_glass_events ORDER BY event_id");
    if (!rows)
        return rows.error();
    auto events = nlohmann::json::array();
    for (int row = 0; row < rows->rows(); ++row) {
        events.push_back({{"id", rows->integer(row, 0)},
                          {"username", rows->text(row, 1)},
                          {"role", rows->text(row, 2)},
                          {"patient", rows->text(row, 3)},
                          {"reason", rows->text(row, 4)},
                          {"method", rows->text(row, 5)},
                          {"route", rows->text(row, 6)},
                          {"at", rows->text(row, 7)},
                          {"reviewed", rows->boolean(row, 8)}});
    }
    return events;
}

} // namespace avocet::hub

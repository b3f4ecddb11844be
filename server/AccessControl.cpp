#include "server/AccessControl.h"

#include "server/HubSql.h"
#include "server/Log.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;

namespace {

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
    if (text == "epr_feed" || text == "epr-feed")
        return Role::EprFeed;
    if (text == "team_manager" || text == "team-manager")
        return Role::TeamManager;
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
    case Role::EprFeed:
        return "epr_feed";
    case Role::TeamManager:
        return "team_manager";
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
        if (isEprOnlyType(type) && operation == Operation::Write)
            return type + " records come from the EPRs and the GP record through the EPR feeds; clients read them and do not "
                          "write them";
        return {};
    case Role::EprFeed:
        if (operation == Operation::Read)
            return "EPR feed accounts write their EPR's records; they read nothing (a write answers with what it "
                   "stored)";
        if (type != "Patient" && !isFedClinicalType(type))
            return "EPR feed accounts write Patient and the clinical record (Encounter, EpisodeOfCare, "
                   "Appointment, CarePlan, Observation, Condition, AllergyIntolerance, MedicationStatement, Flag, and "
                   "historic forms as QuestionnaireResponse), not " +
                   type;
        return {};
    case Role::TeamManager:
        return "team managers read their teams' performance reports (GET /reports/...); they have no access to "
               "individual " + type + " records";
    }
    return "unknown role";
}

bool isFedClinicalType(const std::string& type)
{
    return type == "Encounter" || type == "EpisodeOfCare" || type == "Appointment" || type == "CarePlan" ||
           type == "Observation" || type == "AllergyIntolerance" || type == "MedicationStatement" || type == "Flag" ||
           type == "Condition" ||            // diagnoses, SNOMED CT coded
           type == "QuestionnaireResponse"; // the EPR's historic forms, in harmonised form
}

bool isEprOnlyType(const std::string& type)
{
    return type == "AllergyIntolerance" || type == "MedicationStatement" || type == "Condition";
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

namespace {

std::atomic<long long> g_accountVerifications{0};
std::atomic<long long> g_dummyVerifications{0};

// The hash unknown, inactive and throttled accounts are checked against: same algorithm and
// parameters as real ones, so the work and the time are the same.
const std::string& dummyHash()
{
    static const std::string hash = hashPassword("avocet-timing-equaliser");
    return hash;
}

struct ThrottleKey
{
    std::string key;
    int limit = 0;
};

// The log-in throttle's keys for an attempt: per account and source, per source, per account
// (docs/security.md). Without a user name (a sign-on refused before the provider named anyone), the
// source's only. Sorted, so concurrent attempts lock the rows in one order.
std::vector<ThrottleKey> throttleKeys(const std::string& username, const std::string& sourceAddress,
                                      const LoginPolicy& policy)
{
    std::vector<ThrottleKey> keys = {{"source:" + sourceAddress, policy.sourceFailures}};
    if (!username.empty()) {
        keys.push_back({"account-source:" + username + "|" + sourceAddress, policy.accountSourceFailures});
        keys.push_back({"account:" + username, policy.accountFailures});
    }
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return keys;
}

struct ThrottleArrays
{
    std::string keys;
    std::string limits;
};

ThrottleArrays throttleArrays(const std::vector<ThrottleKey>& keys)
{
    std::vector<std::string> names;
    std::vector<std::string> limits;
    for (const auto& key : keys) {
        names.push_back(key.key);
        limits.push_back(std::to_string(key.limit));
    }
    return {sql::textArray(names), sql::textArray(limits)};
}

// Counts one failure against every key, under row locks, unless one of them is locked already;
// true when throttled (nothing counted then).
core::Result<bool> countAttempt(PgConnection& connection, const std::vector<ThrottleKey>& keys,
                                const LoginPolicy& policy)
{
    const auto [keyArray, limitArray] = throttleArrays(keys);
    const std::string window = std::to_string(policy.windowSeconds);
    if (auto created = connection.execute("INSERT INTO login_throttle (key) SELECT unnest($1::text[])"
                                            " ON CONFLICT (key) DO NOTHING",
                                            {keyArray});
        !created)
        return created.error();
    bool throttled = false;
    {
        PgTransaction transaction(connection);
        if (auto begun = transaction.begin(); !begun)
            return begun.error();
        auto locked = connection.query("SELECT bool_or(coalesce(locked_until > now(), false)) FROM"
                                         " (SELECT locked_until FROM login_throttle WHERE key = ANY($1::text[])"
                                         " ORDER BY key FOR UPDATE) k",
                                         {keyArray});
        if (!locked)
            return locked.error();
        throttled = locked->boolean(0, 0);
        if (!throttled) {
            auto counted = connection.execute(
                "UPDATE login_throttle t SET"
                " failures = CASE WHEN t.window_started <= now() - make_interval(secs => $3::integer) THEN 1"
                " ELSE t.failures + 1 END,"
                " window_started = CASE WHEN t.window_started <= now() - make_interval(secs => $3::integer) THEN now()"
                " ELSE t.window_started END,"
                " locked_until = CASE WHEN (CASE WHEN t.window_started <= now() - make_interval(secs => $3::integer)"
                " THEN 1 ELSE t.failures + 1 END) >= k.lim THEN now() + make_interval(secs => $4::integer)"
                " ELSE t.locked_until END"
                " FROM unnest($1::text[], $2::integer[]) AS k(key, lim) WHERE t.key = k.key",
                {keyArray, limitArray, window, std::to_string(policy.lockSeconds)});
            if (!counted)
                return counted.error();
        }
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
    }

    return throttled;
}

} // namespace

PasswordVerificationCounts passwordVerificationCounts()
{
    return {g_accountVerifications.load(), g_dummyVerifications.load()};
}

core::Result<TokenPair> AccessControl::login(const std::string& username, const std::string& password,
                                             const std::string& sourceAddress, const LoginPolicy& policy,
                                             const SessionPolicy& session, std::string* refusal)
{
    const auto refused = makeError(ErrorCode::WrongPassphrase,
                                   "user name or password is wrong (after repeated failures, wait a minute before "
                                   "trying again)");
    const std::vector<ThrottleKey> keys = throttleKeys(username, sourceAddress, policy);
    const auto [keyArray, limitArray] = throttleArrays(keys);
    const std::string window = std::to_string(policy.windowSeconds);
    // Every attempt counts as a failure before the password is checked (a success takes its count
    // back), under row locks, so concurrent attempts cannot all slip under the limit: exactly
    // `limit` of them are checked against the account.
    auto counted = countAttempt(m_connection, keys, policy);
    if (!counted)
        return counted.error();
    const bool throttled = *counted;

    auto rows = m_connection.query("SELECT password_hash, role, is_active FROM users WHERE username = $1", {username});
    if (!rows)
        return rows.error();
    const bool checkable = !throttled && rows->rows() == 1 && rows->boolean(0, 2);
    bool verified = false;
    if (checkable) {
        ++g_accountVerifications;
        verified = verifyPassword(rows->text(0, 0), password);
    } else {
        ++g_dummyVerifications;
        (void)verifyPassword(dummyHash(), password);
    }
    // Now and then, forget windows that have passed (names that never existed included).
    if (randombytes_uniform(50) == 0)
        (void)m_connection.execute("DELETE FROM login_throttle WHERE window_started < now() - make_interval(secs =>"
                                   " $1::integer) AND (locked_until IS NULL OR locked_until < now())",
                                   {window});
    if (!verified) {
        if (refusal != nullptr)
            *refusal = throttled ? "throttled" : (rows->rows() == 0 ? "unknown user" : (checkable ? "wrong password" : "inactive"));
        return refused;
    }
    // The right password: this source is cleared for the account; the source's and the account's
    // counts take back this attempt only (failures by others stay counted).
    const std::string accountSource = "account-source:" + username + "|" + sourceAddress;
    if (auto cleared = m_connection.execute(
            "UPDATE login_throttle t SET"
            " failures = CASE WHEN t.key = $3 THEN 0 ELSE greatest(t.failures - 1, 0) END,"
            " locked_until = CASE WHEN t.key = $3 OR greatest(t.failures - 1, 0) < k.lim THEN NULL ELSE t.locked_until END"
            " FROM unnest($1::text[], $2::integer[]) AS k(key, lim) WHERE t.key = k.key",
            {keyArray, limitArray, accountSource});
        !cleared)
        return cleared.error();
    const auto role = parseRole(rows->text(0, 1)).value_or(Role::Clinician);
    return issueTokens(username, role, session);
}

core::Result<TokenPair> AccessControl::issueTokens(const std::string& username, Role role,
                                                   const SessionPolicy& session)
{
    TokenPair pair;
    pair.accessToken = randomToken();
    pair.refreshToken = randomToken();
    pair.username = username;
    pair.role = role;
    pair.familyId = randomToken();
    auto stored = m_connection.query(
        "INSERT INTO sessions (access_hash, refresh_hash, username, access_expires_at, refresh_expires_at, family_id,"
        " family_started_at) SELECT $1, $2, $3,"
        " least(now() + make_interval(secs => $4::integer), now() + make_interval(secs => $6::integer)),"
        " least(now() + make_interval(secs => $5::integer), now() + make_interval(secs => $6::integer)), $7, now()"
        " RETURNING ceil(extract(epoch FROM access_expires_at - now()))::integer",
        {tokenHash(pair.accessToken), tokenHash(pair.refreshToken), username, std::to_string(session.accessSeconds),
         std::to_string(session.refreshSeconds), std::to_string(session.maxSeconds), pair.familyId});
    if (!stored)
        return stored.error();
    pair.accessSeconds = static_cast<int>(stored->integer(0, 0));
    return pair;
}

core::Result<TokenPair> AccessControl::refresh(const std::string& refreshToken, const SessionPolicy& session)
{
    TokenPair pair;
    pair.accessToken = randomToken();
    pair.refreshToken = randomToken();
    // Rotation in one statement: the old pair is revoked (marked rotated) and the new one joins
    // its family, capped at the family's absolute end.
    auto rows = m_connection.query(
        "WITH old AS (UPDATE sessions s SET revoked = true, rotated = true FROM users u"
        "  WHERE s.refresh_hash = $1 AND NOT s.revoked AND s.refresh_expires_at > now() AND u.username = s.username"
        "  AND u.is_active AND s.family_started_at + make_interval(secs => $5::integer) > now()"
        "  RETURNING s.username, u.role, s.family_id, s.family_started_at),"
        " fresh AS (INSERT INTO sessions (access_hash, refresh_hash, username, access_expires_at, refresh_expires_at,"
        "  family_id, family_started_at) SELECT $2, $3, old.username,"
        "  least(now() + make_interval(secs => $4::integer), old.family_started_at + make_interval(secs => $5::integer)),"
        "  least(now() + make_interval(secs => $6::integer), old.family_started_at + make_interval(secs => $5::integer)),"
        "  old.family_id, old.family_started_at FROM old RETURNING access_expires_at)"
        " SELECT old.username, old.role, ceil(extract(epoch FROM fresh.access_expires_at - now()))::integer"
        " FROM old, fresh",
        {tokenHash(refreshToken), tokenHash(pair.accessToken), tokenHash(pair.refreshToken),
         std::to_string(session.accessSeconds), std::to_string(session.maxSeconds),
         std::to_string(session.refreshSeconds)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 1) {
        pair.username = rows->text(0, 0);
        pair.role = parseRole(rows->text(0, 1)).value_or(Role::Clinician);
        pair.accessSeconds = static_cast<int>(rows->integer(0, 2));
        return pair;
    }
    // A known token that cannot be used: rotated away (someone else holds a copy), logged out,
    // expired or past the session's end. Its whole login is ended.
    auto revoked = m_connection.query(
        "WITH presented AS (SELECT family_id, rotated FROM sessions WHERE refresh_hash = $1),"
        " ended AS (UPDATE sessions s SET revoked = true FROM presented p WHERE s.family_id = p.family_id"
        "  AND NOT s.revoked RETURNING 1)"
        " SELECT coalesce(bool_or(rotated), false), (SELECT count(*) FROM ended) FROM presented",
        {tokenHash(refreshToken)});
    if (!revoked)
        return revoked.error();
    if (revoked->rows() == 1 && revoked->boolean(0, 0))
        logEvent("warn", "refresh_token_reuse", {{"revoked", revoked->integer(0, 1)}});
    return makeError(ErrorCode::NotFound, "refresh token is unknown, expired or already used; log in again");
}

core::Result<std::string> AccessControl::usableRefreshFamily(const std::string& refreshToken)
{
    auto rows = m_connection.query("SELECT family_id FROM sessions WHERE refresh_hash = $1 AND NOT revoked"
                                   " AND refresh_expires_at > now()",
                                   {tokenHash(refreshToken)});
    if (!rows)
        return rows.error();
    return rows->rows() == 1 ? rows->text(0, 0) : std::string();
}

core::Result<std::string> AccessControl::refreshFamily(const std::string& refreshToken)
{
    auto rows = m_connection.query("SELECT family_id FROM sessions WHERE refresh_hash = $1", {tokenHash(refreshToken)});
    if (!rows)
        return rows.error();
    return rows->rows() == 1 ? rows->text(0, 0) : std::string();
}

core::Result<std::string> AccessControl::accessFamily(const std::string& accessToken)
{
    auto rows = m_connection.query("SELECT family_id FROM sessions WHERE access_hash = $1", {tokenHash(accessToken)});
    if (!rows)
        return rows.error();
    return rows->rows() == 1 ? rows->text(0, 0) : std::string();
}

core::Status AccessControl::revokeFamily(const std::string& familyId)
{
    return m_connection.execute("UPDATE sessions SET revoked = true WHERE family_id = $1 AND NOT revoked", {familyId});
}

core::Result<bool> AccessControl::isThrottled(const std::string& username, const std::string& sourceAddress,
                                              const LoginPolicy& policy)
{
    const auto arrays = throttleArrays(throttleKeys(username, sourceAddress, policy));
    auto locked = m_connection.query("SELECT coalesce(bool_or(locked_until > now()), false) FROM login_throttle"
                                     " WHERE key = ANY($1::text[])",
                                     {arrays.keys});
    if (!locked)
        return locked.error();
    return locked->boolean(0, 0);
}

core::Status AccessControl::countRefusal(const std::string& username, const std::string& sourceAddress,
                                         const LoginPolicy& policy)
{
    auto counted = countAttempt(m_connection, throttleKeys(username, sourceAddress, policy), policy);
    if (!counted)
        return counted.error();
    return core::Status::success();
}

core::Status AccessControl::logout(const std::string& accessToken)
{
    return m_connection.execute("UPDATE sessions SET revoked = true WHERE family_id ="
                                " (SELECT family_id FROM sessions WHERE access_hash = $1)",
                                {tokenHash(accessToken)});
}

core::Result<Caller> AccessControl::authenticate(const std::string& accessToken)
{
    auto rows = m_connection.queryPrepared(
        "SELECT u.username, u.role, coalesce(u.epr, '') FROM sessions s JOIN users u ON u.username = s.username"
        " WHERE s.access_hash = $1 AND NOT s.revoked AND s.access_expires_at > now() AND u.is_active",
        {tokenHash(accessToken)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return makeError(ErrorCode::NotFound, "bearer token is unknown, expired or revoked; log in again");
    Caller caller;
    caller.username = rows->text(0, 0);
    caller.role = parseRole(rows->text(0, 1)).value_or(Role::Clinician);
    caller.epr = rows->text(0, 2);
    if (caller.role == Role::EprFeed && caller.epr.empty())
        return makeError(ErrorCode::NotFound, "this feed account is bound to no EPR; recreate it with --epr");
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
                                             const std::string& method, const std::string& route, int outcome)
{
    return m_connection.execute(
        "INSERT INTO break_glass_events (username, role, patient_ref, reason, method, route, outcome)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7::integer)",
        {caller.username, roleName(caller.role), patientRef.empty() ? SqlParam() : SqlParam(patientRef),
         caller.breakGlassReason, method, route, outcome == 0 ? SqlParam() : SqlParam(std::to_string(outcome))});
}

core::Status AccessControl::createTeam(const std::string& name)
{
    auto status = m_connection.execute("INSERT INTO teams (name) VALUES ($1)", {name});
    if (!status && isUniqueViolation(status.error()))
        return makeError(ErrorCode::AlreadyExists, "team '" + name + "' already exists");
    return status;
}

core::Status AccessControl::createUser(const std::string& username, Role role, const std::string& password,
                                       const std::string& displayName, const std::string& epr)
{
    if ((role == Role::EprFeed) != !epr.empty())
        return makeError(ErrorCode::InvalidArgument, role == Role::EprFeed
                                                         ? "an epr_feed account needs the EPR it feeds (--epr)"
                                                         : "only epr_feed accounts are bound to an EPR (--epr)");
    if (username.empty() || username.size() > 64)
        return makeError(ErrorCode::InvalidArgument, "user name must be 1 to 64 characters");
    if (password.size() < 10)
        return makeError(ErrorCode::WeakPassphrase, "password must be at least 10 characters");
    const std::string hash = hashPassword(password);
    if (hash.empty())
        return makeError(ErrorCode::CryptoFailure, "cannot hash the password (out of memory?)");
    auto status = m_connection.execute(
        "INSERT INTO users (username, role, password_hash, display_name, epr) VALUES ($1, $2, $3, $4, $5)",
        {username, roleName(role), hash, displayName, epr.empty() ? SqlParam() : SqlParam(epr)});
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
        "UPDATE users SET password_hash = $2 WHERE username = $1",
        {username, hash});
    if (auto status = notFoundIfNone(result, "user '" + username + "'"); !status)
        return status;
    if (auto cleared = m_connection.execute("DELETE FROM login_throttle WHERE key = 'account:' || $1"
                                            " OR starts_with(key, 'account-source:' || $1 || '|')",
                                            {username});
        !cleared)
        return cleared;
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
        "SELECT u.username, u.role, u.is_active, coalesce(string_agg(t.name, ',' ORDER BY t.name), ''),"
        " coalesce(u.epr, '') FROM users u LEFT JOIN team_members m ON m.username = u.username"
        " LEFT JOIN teams t ON t.team_id = m.team_id"
        " GROUP BY u.username, u.role, u.is_active, u.epr ORDER BY u.username");
    if (!rows)
        return rows.error();
    auto users = nlohmann::json::array();
    for (int row = 0; row < rows->rows(); ++row) {
        nlohmann::json user = {{"username", rows->text(row, 0)},
                               {"role", rows->text(row, 1)},
                               {"active", rows->boolean(row, 2)},
                               {"teams", rows->text(row, 3)}};
        if (!rows->text(row, 4).empty())
            user["epr"] = rows->text(row, 4);
        users.push_back(std::move(user));
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

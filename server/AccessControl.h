#pragma once
// Who is calling and what they may do: users, roles, teams, caseloads, Argon2id passwords,
// expiring bearer tokens with refresh, break-glass records.

#include "core/common/Result.h"
#include "server/PgConnection.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::hub {

// TeamManager: reads the performance reports of the teams they belong to (docs/metrics.md) and no
// individual record.
enum class Role { Clinician, WardStaff, ChangeManager, Administrator, EprFeed, TeamManager };

std::optional<Role> parseRole(const std::string& text);
std::string roleName(Role role);

struct Caller
{
    std::string username;
    Role role = Role::Clinician;
    // epr_feed accounts: the EPR they feed ("Paris", "Mobius", "SystmOne"); empty otherwise.
    std::string epr;
    std::string breakGlassReason; // from X-Avocet-Break-Glass; empty = none
    // Patients reached through break-glass in the current transaction: recorded in it, before it
    // commits and before any answer is given (FhirInteractions::recordBreakGlass).
    std::vector<std::string> brokenGlassFor;
};

enum class Operation { Read, Write };

// Role-level rule for a resource type; caseload rules are checked separately.
// Returns an empty string when allowed, else the reason for a 403.
std::string roleRefusal(const Caller& caller, Operation operation, const std::string& type);
bool isCaseloadRestricted(const Caller& caller);
// The clinical record the EPR feeds write (docs/clinical-record.md), Flag included; Patient not.
bool isFedClinicalType(const std::string& type);
// What only the EPRs write: clients read these and never write them.
bool isEprOnlyType(const std::string& type);

// Log-in throttling (SECURITY-RELIABILITY 25). Failures are counted per key in a window; a key
// that reaches its limit refuses attempts until its lock passes (then each further failure locks
// it again until the window ends). Keys: the account from one source address (so strangers who
// fail cannot lock the clinician out of their own computer), the source address over every
// account (unknown names included), and the account over every source (a ceiling on guessing
// from many addresses).
struct LoginPolicy
{
    int accountSourceFailures = 5;
    int sourceFailures = 30;
    int accountFailures = 50;
    int windowSeconds = 900;
    int lockSeconds = 60;
};

struct SessionPolicy
{
    int accessSeconds = 900;
    int refreshSeconds = 12 * 60 * 60;
    int maxSeconds = 12 * 60 * 60; // absolute lifetime of a login: refreshes never go past it
};

// Argon2id verifications since start: against an account's hash, and against the dummy hash that
// unknown, inactive and locked accounts are checked against (the same work, the same time).
struct PasswordVerificationCounts
{
    long long account = 0;
    long long dummy = 0;
};
PasswordVerificationCounts passwordVerificationCounts();

struct TokenPair
{
    std::string accessToken;
    std::string refreshToken;
    int accessSeconds = 0;
    std::string username;
    Role role = Role::Clinician;
    std::string familyId; // the login the pair belongs to (kept by every refresh)
};

std::string hashPassword(const std::string& password); // "" if out of memory
bool verifyPassword(const std::string& hash, const std::string& password);

class AccessControl
{
public:
    explicit AccessControl(PgConnection& connection) : m_connection(connection) {}

    // Errors: WrongPassphrase for every refusal (wrong password, unknown or inactive user,
    // throttled): one answer, one Argon2id verification each. `refusal` (may be null) says which,
    // for the log only.
    core::Result<TokenPair> login(const std::string& username, const std::string& password,
                                  const std::string& sourceAddress, const LoginPolicy& policy,
                                  const SessionPolicy& session, std::string* refusal = nullptr);
    // Rotation: the pair is replaced. A refresh token that was already rotated (or is otherwise
    // revoked) revokes every token of its login (reuse means a copy exists); a login older than
    // session.maxSeconds is not refreshed. Errors: NotFound.
    core::Result<TokenPair> refresh(const std::string& refreshToken, const SessionPolicy& session);
    // Ends the whole login (every token of its family).
    core::Status logout(const std::string& accessToken);
    // Refused sign-ons count in the same throttle as wrong passwords (server/OidcSignOn.h): whether
    // the source (and, with a user name, the account and the account from this source) is locked
    // out now, and one more refusal for each of those keys. username may be "" (no one named yet).
    core::Result<bool> isThrottled(const std::string& username, const std::string& sourceAddress,
                                   const LoginPolicy& policy);
    core::Status countRefusal(const std::string& username, const std::string& sourceAddress,
                              const LoginPolicy& policy);
    // A new login for a user the identity provider vouched for (server/OidcSignOn.h).
    core::Result<TokenPair> signOn(const std::string& username, Role role, const SessionPolicy& session)
    {
        return issueTokens(username, role, session);
    }
    // The login of a refresh token that can still be used ("" when none), and of an access token.
    core::Result<std::string> usableRefreshFamily(const std::string& refreshToken);
    // The login of a known refresh token in any state (used up, revoked, expired); "" when unknown.
    core::Result<std::string> refreshFamily(const std::string& refreshToken);
    core::Result<std::string> accessFamily(const std::string& accessToken);
    core::Status revokeFamily(const std::string& familyId);
    // Errors: NotFound when the token is unknown, expired or revoked.
    core::Result<Caller> authenticate(const std::string& accessToken);

    core::Result<bool> isOnCaseload(const std::string& username, const std::string& patientRef);
    core::Status addToCallersCaseloads(const std::string& username, const std::string& patientRef);
    // outcome: the HTTP status of an attempt that ended in an error; 0 for a granted access.
    core::Status recordBreakGlass(const Caller& caller, const std::string& patientRef, const std::string& method,
                                  const std::string& route, int outcome = 0);

    // Administration (avocet-hub admin ...).
    core::Status createTeam(const std::string& name);
    // epr: for Role::EprFeed the EPR it feeds (Paris, Mobius, SystmOne), required; empty otherwise.
    core::Status createUser(const std::string& username, Role role, const std::string& password,
                            const std::string& displayName, const std::string& epr = {});
    core::Status setPassword(const std::string& username, const std::string& password);
    core::Status addUserToTeam(const std::string& username, const std::string& team);
    core::Status assignCaseload(const std::string& team, const std::string& patientRef);
    core::Status removeFromCaseload(const std::string& team, const std::string& patientRef);
    core::Result<nlohmann::json> listUsers();
    core::Result<nlohmann::json> breakGlassReport();

private:
    core::Result<TokenPair> issueTokens(const std::string& username, Role role, const SessionPolicy& session);
    PgConnection& m_connection;
};

} // namespace avocet::hub

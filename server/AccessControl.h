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

enum class Role { Clinician, WardStaff, ChangeManager, Administrator };

std::optional<Role> parseRole(const std::string& text);
std::string roleName(Role role);

struct Caller
{
    std::string username;
    Role role = Role::Clinician;
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

struct TokenPair
{
    std::string accessToken;
    std::string refreshToken;
    int accessSeconds = 0;
    std::string username;
    Role role = Role::Clinician;
};

std::string hashPassword(const std::string& password); // "" if out of memory
bool verifyPassword(const std::string& hash, const std::string& password);

class AccessControl
{
public:
    explicit AccessControl(PgConnection& connection) : m_connection(connection) {}

    // Errors: WrongPassphrase (bad credentials), Throttled (locked after repeated failures).
    core::Result<TokenPair> login(const std::string& username, const std::string& password, int accessSeconds,
                                  int refreshSeconds);
    core::Result<TokenPair> refresh(const std::string& refreshToken, int accessSeconds, int refreshSeconds);
    core::Status logout(const std::string& accessToken);
    // Errors: NotFound when the token is unknown, expired or revoked.
    core::Result<Caller> authenticate(const std::string& accessToken);

    core::Result<bool> isOnCaseload(const std::string& username, const std::string& patientRef);
    core::Status addToCallersCaseloads(const std::string& username, const std::string& patientRef);
    core::Status recordBreakGlass(const Caller& caller, const std::string& patientRef, const std::string& method,
                                  const std::string& route);

    // Administration (avocet-hub admin ...).
    core::Status createTeam(const std::string& name);
    core::Status createUser(const std::string& username, Role role, const std::string& password,
                            const std::string& displayName);
    core::Status setPassword(const std::string& username, const std::string& password);
    core::Status addUserToTeam(const std::string& username, const std::string& team);
    core::Status assignCaseload(const std::string& team, const std::string& patientRef);
    core::Status removeFromCaseload(const std::string& team, const std::string& patientRef);
    core::Result<nlohmann::json> listUsers();
    core::Result<nlohmann::json> breakGlassReport();

private:
    core::Result<TokenPair> issueTokens(const std::string& username, Role role, int accessSeconds, int refreshSeconds);
    PgConnection& m_connection;
};

} // namespace avocet::hub

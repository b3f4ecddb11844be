#pragma once
// The administration a trust runs on accounts and break-glass reviews (`avocet-hub admin
// deactivate-user`, `set-role`, `remove-from-team`, `break-glass review` ...; docs/hub.md,
// Administration). Every action is one transaction under the hub's write lock that makes the
// change and writes an AuditEvent naming the acting administrator and the target, so there is no
// change without its record; after the commit one JSON line goes to the log (stderr) with the
// command, the administrator and the target, never patient data. Input that names nothing here
// (an unknown user, team or event) changes nothing and is reported as bad input.

#include "core/common/Result.h"
#include "server/AccessControl.h"
#include "server/PgConnection.h"

#include <nlohmann/json.hpp>
#include <string>

namespace avocet::hub {

// Who runs the command: the administrator named with --by, else the OS user; both are recorded.
struct AdminActor
{
    std::string name;   // --by NAME, or the OS user
    std::string osUser; // SUDO_USER, else USER, else "unknown"
    bool named = false; // name came from --by
};

AdminActor adminActorFrom(const std::string& by);

struct AdminOutcome
{
    enum class Kind
    {
        Done,
        BadInput,
        Failed
    };
    Kind kind = Kind::Done;
    std::string message;   // one line: what was done, or what is wrong
    nlohmann::json output; // a command's JSON answer (break-glass list), else null
    std::string auditEventId;

    static AdminOutcome done(std::string message) { return {Kind::Done, std::move(message), nullptr, {}}; }
    static AdminOutcome badInput(std::string message)
    {
        return {Kind::BadInput, std::move(message), nullptr, {}};
    }
    static AdminOutcome failed(std::string message)
    {
        return {Kind::Failed, std::move(message), nullptr, {}};
    }
};

class AccountAdmin
{
public:
    AccountAdmin(PgConnection& connection, AdminActor actor)
        : m_connection(connection), m_actor(std::move(actor))
    {
    }

    // The account can no longer log in (answered like a wrong password) and every token of the
    // user is revoked at once. activateUser lets it log in again (no old token comes back).
    AdminOutcome deactivateUser(const std::string& username);
    AdminOutcome activateUser(const std::string& username);
    // The new role from the next request; every token of the user is revoked. epr: for epr_feed,
    // the EPR it feeds (required), empty for every other role.
    AdminOutcome setRole(const std::string& username, Role role, const std::string& epr);
    // Team membership (the caseload a user sees is their teams' caseloads, read on every request).
    AdminOutcome addToTeam(const std::string& username, const std::string& team);
    AdminOutcome removeFromTeam(const std::string& username, const std::string& team);
    AdminOutcome revokeSessions(const std::string& username);
    // Every break-glass event (or the unreviewed only) with its review, as JSON in output.
    AdminOutcome listBreakGlass(bool unreviewedOnly);
    // Marks one event reviewed by the actor, now, with the note; a reviewed event is refused.
    AdminOutcome reviewBreakGlass(long long eventId, const std::string& note);

private:
    PgConnection& m_connection;
    AdminActor m_actor;
};

} // namespace avocet::hub

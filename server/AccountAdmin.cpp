#include "server/AccountAdmin.h"

#include "server/HubSql.h"
#include "server/Log.h"
#include "server/ResourceRepository.h"

#include <cstdlib>
#include <functional>

namespace avocet::hub {

using nlohmann::json;

namespace {

constexpr const char* kUserSystem = "urn:avocet:user";
constexpr const char* kOsUserSystem = "urn:avocet:os-user";
constexpr const char* kBreakGlassEventSystem = "urn:avocet:break-glass-event";

// What one action records besides the change itself.
struct AuditFacts
{
    std::string command;      // "deactivate-user": the AuditEvent's subtype is admin-<command>
    std::string action = "U"; // C R U D E
    bool rolesChanged =
        false; // DICOM 110136 Security Roles Changed, else 110137 User Security Attributes Changed
    json entities = json::array();
    std::string compartment;   // who reads it besides administrators: "User/<name>"
    json log = json::object(); // extra log fields: never patient data
};

json detail(const std::string& type, const std::string& value)
{
    return {{"type", type}, {"valueString", value}};
}

json userEntity(const std::string& username, json details = json::array())
{
    json entity = {
        {"what", {{"identifier", {{"system", kUserSystem}, {"value", username}}}, {"display", username}}},
        {"type",
         {{"system", "http://terminology.hl7.org/CodeSystem/audit-entity-type"},
          {"code", "2"},
          {"display", "System Object"}}},
        {"role",
         {{"system", "http://terminology.hl7.org/CodeSystem/object-role"},
          {"code", "11"},
          {"display", "Security User Entity"}}},
    };
    if (!details.empty())
        entity["detail"] = std::move(details);
    return entity;
}

json auditEvent(const AdminActor& actor, const AuditFacts& facts, const std::string& recorded)
{
    json agents = json::array();
    agents.push_back(
        {{"who",
          {{"identifier", {{"system", actor.named ? kUserSystem : kOsUserSystem}, {"value", actor.name}}},
           {"display", actor.name}}},
         {"requestor", true},
         {"role", json::array({{{"text", "administrator (avocet-hub admin)"}}})}});
    if (actor.named)
        agents.push_back(
            {{"who",
              {{"identifier", {{"system", kOsUserSystem}, {"value", actor.osUser}}},
               {"display", actor.osUser}}},
             {"requestor", false},
             {"role", json::array({{{"text", "operating-system account that ran the command"}}})}});
    return {
        {"resourceType", "AuditEvent"},
        {"type",
         {{"system", "http://dicom.nema.org/resources/ontology/DCM"},
          {"code", facts.rolesChanged ? "110136" : "110137"},
          {"display", facts.rolesChanged ? "Security Roles Changed" : "User Security Attributes Changed"}}},
        {"subtype", json::array({{{"system", "urn:avocet:audit"}, {"code", "admin-" + facts.command}}})},
        {"action", facts.action},
        {"recorded", recorded},
        {"outcome", "0"},
        {"agent", agents},
        {"source",
         {{"site", "avocet-hub"}, {"observer", {{"display", "avocet-hub admin " + facts.command}}}}},
        {"entity", facts.entities}};
}

// One audited action: the write lock, the change (which fills the facts or answers bad input),
// the AuditEvent, the commit; then the log line. Nothing is kept unless all of it commits.
AdminOutcome runAudited(PgConnection& connection, const AdminActor& actor,
                        const std::function<AdminOutcome(AuditFacts&)>& change)
{
    auto storeFailed = [](const core::Error& error) {
        logEvent("error", "admin_failed", {{"message", loggableError(error)}});
        return AdminOutcome::failed("the database refused: " + error.message + "; nothing was changed");
    };
    PgTransaction transaction(connection);
    if (auto begun = transaction.begin(); !begun)
        return storeFailed(begun.error());
    ResourceRepository repository(connection);
    // First, like every write on the hub, so the AuditEvent's seq and lastUpdated grow in commit
    // order (a client's _lastUpdated pull never skips it).
    if (auto locked = repository.lockForWrite(); !locked)
        return storeFailed(locked.error());
    AuditFacts facts;
    AdminOutcome outcome = change(facts);
    if (outcome.kind != AdminOutcome::Kind::Done)
        return outcome; // rolled back: nothing changed
    auto now = connection.query("SELECT " + sql::instant("clock_timestamp()"));
    if (!now)
        return storeFailed(now.error());
    const std::string id = newResourceId();
    auto written = repository.write("AuditEvent", id, 1, "POST", auditEvent(actor, facts, now->text(0, 0)),
                                    facts.compartment);
    if (!written)
        return storeFailed(written.error());
    if (auto committed = transaction.commit(); !committed)
        return storeFailed(committed.error());
    json fields = facts.log;
    fields["command"] = facts.command;
    fields["by"] = actor.name;
    fields["osUser"] = actor.osUser;
    fields["auditEvent"] = id;
    logEvent("info", "admin_action", std::move(fields));
    outcome.auditEventId = id;
    return outcome;
}

// The user's row, locked for the rest of the transaction; nullopt (with `missing` set) when unknown.
struct UserRow
{
    std::string role;
    bool active = true;
    std::string epr;
};

std::optional<UserRow> lockUser(PgConnection& connection, const std::string& username, AdminOutcome& missing)
{
    auto rows = connection.query(
        "SELECT role, is_active, coalesce(epr, '') FROM users WHERE username = $1 FOR UPDATE", {username});
    if (!rows) {
        missing =
            AdminOutcome::failed("the database refused: " + rows.error().message + "; nothing was changed");
        return std::nullopt;
    }
    if (rows->rows() == 0) {
        missing =
            AdminOutcome::badInput("unknown user '" + username + "' (see list-users); nothing was changed");
        return std::nullopt;
    }
    return UserRow{rows->text(0, 0), rows->boolean(0, 1), rows->text(0, 2)};
}

// Revokes every live token of the user; the number revoked, or -1 when the store failed.
long long revokeAll(PgConnection& connection, const std::string& username, AdminOutcome& failure)
{
    auto revoked = connection.query("UPDATE sessions SET revoked = true WHERE username = $1 AND NOT revoked",
                                    {username});
    if (!revoked) {
        failure = AdminOutcome::failed("the database refused: " + revoked.error().message +
                                       "; nothing was changed");
        return -1;
    }
    return revoked->affectedRows();
}

std::optional<long long> teamId(PgConnection& connection, const std::string& team, AdminOutcome& missing)
{
    auto rows = connection.query("SELECT team_id FROM teams WHERE name = $1", {team});
    if (!rows) {
        missing =
            AdminOutcome::failed("the database refused: " + rows.error().message + "; nothing was changed");
        return std::nullopt;
    }
    if (rows->rows() == 0) {
        missing = AdminOutcome::badInput("unknown team '" + team + "'; nothing was changed");
        return std::nullopt;
    }
    return rows->integer(0, 0);
}

} // namespace

AdminActor adminActorFrom(const std::string& by)
{
    AdminActor actor;
    const char* sudo = std::getenv("SUDO_USER");
    const char* user = sudo != nullptr && *sudo != '\0' ? sudo : std::getenv("USER");
    actor.osUser = user != nullptr && *user != '\0' ? user : "unknown";
    actor.named = !by.empty();
    actor.name = actor.named ? by : actor.osUser;
    return actor;
}

AdminOutcome AccountAdmin::deactivateUser(const std::string& username)
{
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        AdminOutcome problem;
        const auto user = lockUser(m_connection, username, problem);
        if (!user)
            return problem;
        if (auto updated =
                m_connection.execute("UPDATE users SET is_active = false WHERE username = $1", {username});
            !updated)
            return AdminOutcome::failed("the database refused: " + updated.message());
        const long long revoked = revokeAll(m_connection, username, problem);
        if (revoked < 0)
            return problem;
        facts.command = "deactivate-user";
        facts.entities.push_back(userEntity(
            username,
            json::array({detail("active", "false"), detail("was-active", user->active ? "true" : "false"),
                         detail("sessions-revoked", std::to_string(revoked))})));
        facts.compartment = "User/" + username;
        facts.log = {{"target", username}, {"sessionsRevoked", revoked}};
        return AdminOutcome::done("user '" + username + "' deactivated; " + std::to_string(revoked) +
                                  " token(s) revoked");
    });
}

AdminOutcome AccountAdmin::activateUser(const std::string& username)
{
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        AdminOutcome problem;
        const auto user = lockUser(m_connection, username, problem);
        if (!user)
            return problem;
        if (auto updated =
                m_connection.execute("UPDATE users SET is_active = true WHERE username = $1", {username});
            !updated)
            return AdminOutcome::failed("the database refused: " + updated.message());
        facts.command = "activate-user";
        facts.entities.push_back(userEntity(
            username,
            json::array({detail("active", "true"), detail("was-active", user->active ? "true" : "false")})));
        facts.compartment = "User/" + username;
        facts.log = {{"target", username}};
        return AdminOutcome::done("user '" + username + "' activated");
    });
}

AdminOutcome AccountAdmin::setRole(const std::string& username, Role role, const std::string& epr)
{
    if ((role == Role::EprFeed) != !epr.empty())
        return AdminOutcome::badInput(role == Role::EprFeed
                                          ? "an epr_feed account needs --epr Paris|Mobius|SystmOne"
                                          : "--epr is only for --role epr_feed");
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        AdminOutcome problem;
        const auto user = lockUser(m_connection, username, problem);
        if (!user)
            return problem;
        if (role == Role::EprFeed) {
            auto teams =
                m_connection.query("SELECT count(*) FROM team_members WHERE username = $1", {username});
            if (!teams)
                return AdminOutcome::failed("the database refused: " + teams.error().message);
            if (teams->integer(0, 0) > 0)
                return AdminOutcome::badInput("user '" + username +
                                              "' is in a team and an epr_feed account belongs to none: "
                                              "remove-from-team first; nothing was changed");
        }
        if (auto updated =
                m_connection.execute("UPDATE users SET role = $2, epr = $3 WHERE username = $1",
                                     {username, roleName(role), epr.empty() ? SqlParam() : SqlParam(epr)});
            !updated)
            return AdminOutcome::failed("the database refused: " + updated.message());
        const long long revoked = revokeAll(m_connection, username, problem);
        if (revoked < 0)
            return problem;
        facts.command = "set-role";
        facts.rolesChanged = true;
        json details = json::array({detail("role", roleName(role)), detail("previous-role", user->role),
                                    detail("sessions-revoked", std::to_string(revoked))});
        if (!epr.empty())
            details.push_back(detail("epr", epr));
        if (!user->epr.empty() && user->epr != epr)
            details.push_back(detail("previous-epr", user->epr));
        facts.entities.push_back(userEntity(username, std::move(details)));
        facts.compartment = "User/" + username;
        facts.log = {{"target", username},
                     {"role", roleName(role)},
                     {"previousRole", user->role},
                     {"sessionsRevoked", revoked}};
        return AdminOutcome::done("user '" + username + "' is now " + roleName(role) + " (was " + user->role +
                                  "); " + std::to_string(revoked) + " token(s) revoked");
    });
}

AdminOutcome AccountAdmin::addToTeam(const std::string& username, const std::string& team)
{
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        AdminOutcome problem;
        const auto user = lockUser(m_connection, username, problem);
        if (!user)
            return problem;
        const auto id = teamId(m_connection, team, problem);
        if (!id)
            return problem;
        if (user->role == "epr_feed")
            return AdminOutcome::badInput(
                "user '" + username +
                "' is an epr_feed account, which belongs to no team; nothing was changed");
        auto added = m_connection.query("INSERT INTO team_members (team_id, username) VALUES ($1::bigint, $2)"
                                        " ON CONFLICT DO NOTHING",
                                        {std::to_string(*id), username});
        if (!added)
            return AdminOutcome::failed("the database refused: " + added.error().message);
        if (added->affectedRows() == 0)
            return AdminOutcome::badInput("user '" + username + "' is already in team '" + team +
                                          "'; nothing was changed");
        facts.command = "add-to-team";
        facts.rolesChanged = true;
        facts.entities.push_back(userEntity(username, json::array({detail("team-added", team)})));
        facts.compartment = "User/" + username;
        facts.log = {{"target", username}, {"team", team}};
        return AdminOutcome::done("user '" + username + "' added to team '" + team + "'");
    });
}

AdminOutcome AccountAdmin::removeFromTeam(const std::string& username, const std::string& team)
{
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        AdminOutcome problem;
        if (!lockUser(m_connection, username, problem))
            return problem;
        const auto id = teamId(m_connection, team, problem);
        if (!id)
            return problem;
        auto removed =
            m_connection.query("DELETE FROM team_members WHERE team_id = $1::bigint AND username = $2",
                               {std::to_string(*id), username});
        if (!removed)
            return AdminOutcome::failed("the database refused: " + removed.error().message);
        if (removed->affectedRows() == 0)
            return AdminOutcome::badInput("user '" + username + "' is not in team '" + team +
                                          "'; nothing was changed");
        facts.command = "remove-from-team";
        facts.rolesChanged = true;
        facts.entities.push_back(userEntity(username, json::array({detail("team-removed", team)})));
        facts.compartment = "User/" + username;
        facts.log = {{"target", username}, {"team", team}};
        return AdminOutcome::done("user '" + username + "' removed from team '" + team +
                                  "'; that team's caseload is closed to them from their next request");
    });
}

AdminOutcome AccountAdmin::revokeSessions(const std::string& username)
{
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        AdminOutcome problem;
        if (!lockUser(m_connection, username, problem))
            return problem;
        const long long revoked = revokeAll(m_connection, username, problem);
        if (revoked < 0)
            return problem;
        facts.command = "revoke-sessions";
        facts.entities.push_back(
            userEntity(username, json::array({detail("sessions-revoked", std::to_string(revoked))})));
        facts.compartment = "User/" + username;
        facts.log = {{"target", username}, {"sessionsRevoked", revoked}};
        return AdminOutcome::done("user '" + username + "': " + std::to_string(revoked) +
                                  " token(s) revoked");
    });
}

AdminOutcome AccountAdmin::listBreakGlass(bool unreviewedOnly)
{
    // A read of which patients were opened by whom: recorded like the other actions.
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        auto rows = m_connection.query(
            "SELECT event_id, username, role, coalesce(patient_ref, ''), reason, method, route, " +
            sql::instant("occurred_at") + ", reviewed, coalesce(outcome, 0), coalesce(reviewed_by, ''), " +
            sql::channelInstant("reviewed_at") + ", coalesce(review_note, '') FROM break_glass_events" +
            (unreviewedOnly ? " WHERE NOT reviewed" : "") + " ORDER BY event_id");
        if (!rows)
            return AdminOutcome::failed("the database refused: " + rows.error().message);
        json events = json::array();
        for (int row = 0; row < rows->rows(); ++row) {
            json event = {{"id", rows->integer(row, 0)},      {"username", rows->text(row, 1)},
                          {"role", rows->text(row, 2)},       {"patient", rows->text(row, 3)},
                          {"reason", rows->text(row, 4)},     {"method", rows->text(row, 5)},
                          {"route", rows->text(row, 6)},      {"at", rows->text(row, 7)},
                          {"reviewed", rows->boolean(row, 8)}};
            if (rows->integer(row, 9) != 0)
                event["outcome"] = rows->integer(row, 9);
            if (rows->boolean(row, 8)) {
                event["reviewedBy"] = rows->text(row, 10);
                event["reviewedAt"] = rows->text(row, 11);
                event["note"] = rows->text(row, 12);
            }
            events.push_back(std::move(event));
        }
        facts.command = "break-glass-list";
        facts.action = "R";
        facts.entities.push_back(
            {{"what",
              {{"identifier",
                {{"system", kBreakGlassEventSystem}, {"value", unreviewedOnly ? "unreviewed" : "all"}}},
               {"display", "break-glass events" + std::string(unreviewedOnly ? " not yet reviewed" : "")}}},
             {"detail", json::array({detail("events-listed", std::to_string(events.size()))})}});
        facts.compartment = "User/" + m_actor.name;
        facts.log = {{"unreviewedOnly", unreviewedOnly}, {"events", events.size()}};
        AdminOutcome outcome = AdminOutcome::done(std::to_string(events.size()) + " break-glass event(s)");
        outcome.output = {{"events", std::move(events)}};
        return outcome;
    });
}

AdminOutcome AccountAdmin::reviewBreakGlass(long long eventId, const std::string& note)
{
    const std::string id = std::to_string(eventId);
    return runAudited(m_connection, m_actor, [&](AuditFacts& facts) {
        auto rows = m_connection.query(
            "SELECT reviewed, coalesce(reviewed_by, ''), " + sql::channelInstant("reviewed_at") +
                ", username FROM break_glass_events WHERE event_id = $1::bigint FOR UPDATE",
            {id});
        if (!rows)
            return AdminOutcome::failed("the database refused: " + rows.error().message);
        if (rows->rows() == 0)
            return AdminOutcome::badInput("no break-glass event " + id +
                                          " (see break-glass list); nothing was changed");
        if (rows->boolean(0, 0))
            return AdminOutcome::badInput(
                "break-glass event " + id + " was already reviewed" +
                (rows->text(0, 1).empty() ? std::string() : " by " + rows->text(0, 1)) +
                (rows->text(0, 2).empty() ? std::string() : " at " + rows->text(0, 2)) +
                "; a review is not changed; nothing was changed");
        if (auto updated = m_connection.execute("UPDATE break_glass_events SET reviewed = true, reviewed_by "
                                                "= $2, reviewed_at = clock_timestamp(),"
                                                " review_note = $3 WHERE event_id = $1::bigint",
                                                {id, m_actor.name, note});
            !updated)
            return AdminOutcome::failed("the database refused: " + updated.message());
        facts.command = "break-glass-review";
        facts.entities.push_back(
            {{"what",
              {{"identifier", {{"system", kBreakGlassEventSystem}, {"value", id}}},
               {"display", "break-glass event " + id + " by " + rows->text(0, 3)}}},
             {"detail", json::array({detail("reviewed", "true"), detail("review-note", note)})}});
        // The note is the reviewer's: administrators read it (the compartment is the reviewer's own).
        facts.compartment = "User/" + m_actor.name;
        facts.log = {{"breakGlassEvent", eventId}};
        return AdminOutcome::done("break-glass event " + id + " reviewed");
    });
}

} // namespace avocet::hub

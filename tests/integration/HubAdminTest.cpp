// Account administration on avocet-hub (SECURITY-RELIABILITY 12, 13, 14): deactivating a user,
// changing a role or a team, revoking sessions and reviewing break-glass events through
// `avocet-hub admin`, each seen from a live hub over HTTP on the next request, each recorded by an
// AuditEvent written in the same transaction as the change (no record, no change) and a log line
// without patient data; bad input names what is wrong, exits 2 and changes nothing. And the
// initial load of an EPR feed (`admin import`), killed and resumed to the uninterrupted state.

#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"
#include "tests/integration/support/TempPostgres.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using avocet::test::kTestPassword;
using nlohmann::json;

namespace {

std::string sql(const std::string& statement)
{
    return avocet::test::sqlValue(HubEnvironment::shared().conninfo(), statement);
}

struct Run
{
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// `avocet-hub admin --database <database> args...` with stdout and stderr kept apart. USER and
// SUDO_USER are replaced by `osUser`, so the acting administrator a test expects is known.
Run runAdmin(const std::string& database, const std::vector<std::string>& args, const std::string& osUser,
             const std::vector<std::string>& extraEnvironment = {})
{
    static int calls = 0;
    const std::string base = std::string(AVOCET_BINARY_DIR) + "/test-tmp/hub-admin-" +
                             std::to_string(getpid()) + "-" + std::to_string(++calls);
    const std::string outPath = base + ".out";
    const std::string errPath = base + ".err";
    std::vector<std::string> argv = {avocet::test::hubBinaryPath(), "admin", "--database", database};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        if (text.rfind("USER=", 0) != 0 && text.rfind("SUDO_USER=", 0) != 0)
            environment.push_back(text);
    }
    environment.push_back("USER=" + osUser);
    environment.insert(environment.end(), extraEnvironment.begin(), extraEnvironment.end());
    std::cout.flush(); // the child must not write out what the parent still buffers
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(outPath.c_str(), "w", stdout) || !freopen(errPath.c_str(), "w", stderr) ||
            !freopen("/dev/null", "r", stdin))
            _exit(126);
        std::vector<char*> rawArgs;
        for (auto& arg : argv)
            rawArgs.push_back(arg.data());
        rawArgs.push_back(nullptr);
        std::vector<char*> rawEnvironment;
        for (auto& entry : environment)
            rawEnvironment.push_back(entry.data());
        rawEnvironment.push_back(nullptr);
        execve(rawArgs[0], rawArgs.data(), rawEnvironment.data());
        _exit(127);
    }
    Run run;
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid)
        run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.out = slurp(outPath);
    run.err = slurp(errPath);
    std::remove(outPath.c_str());
    std::remove(errPath.c_str());
    return run;
}

Run admin(const std::vector<std::string>& args, const std::string& osUser = "ops.test")
{
    return runAdmin(HubEnvironment::shared().conninfo(), args, osUser);
}

void createUser(const std::string& name, const std::string& role, const std::string& team = {})
{
    std::vector<std::string> args = {"create-user", name, "--role", role};
    if (!team.empty()) {
        args.push_back("--team");
        args.push_back(team);
    }
    ASSERT_EQ(HubEnvironment::shared().admin(args), 0) << name;
}

HttpResult login(const std::string& user, const std::string& password = kTestPassword)
{
    return HttpClient(HubEnvironment::shared().port())
        .request("POST", "/auth/login", json{{"username", user}, {"password", password}}.dump(),
                 {{"Content-Type", "application/json"}});
}

HttpClient clientWith(const std::string& token)
{
    HttpClient client(HubEnvironment::shared().port());
    client.setBearerToken(token);
    return client;
}

std::string tokenOf(const HttpResult& loggedIn)
{
    EXPECT_EQ(loggedIn.status, 200) << loggedIn.body;
    return loggedIn.json().value("access_token", "");
}

// The admin AuditEvents of one command about one target (a user name or a break-glass event id).
std::string auditEventsFor(const std::string& command, const std::string& target)
{
    return sql("SELECT count(*) FROM resources WHERE resource_type = 'AuditEvent'"
               " AND content->'subtype'->0->>'code' = 'admin-" +
               command + "' AND content->'entity'->0->'what'->'identifier'->>'value' = '" + target + "'");
}

json latestAuditEvent(const std::string& command, const std::string& target)
{
    return json::parse(sql("SELECT content::text FROM resources WHERE resource_type = 'AuditEvent'"
                           " AND content->'subtype'->0->>'code' = 'admin-" +
                           command + "' AND content->'entity'->0->'what'->'identifier'->>'value' = '" +
                           target + "' ORDER BY seq DESC LIMIT 1"));
}

std::string detailOf(const json& event, const std::string& type)
{
    for (const auto& detail : event["entity"][0].value("detail", json::array()))
        if (detail.value("type", "") == type)
            return detail.value("valueString", "");
    return "<absent>";
}

// The JSON log line of the action on stderr (there is exactly one).
json logLine(const std::string& err)
{
    json found;
    int lines = 0;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
        const auto parsed = json::parse(line, nullptr, false);
        if (parsed.is_object() && parsed.value("event", "") == "admin_action") {
            found = parsed;
            ++lines;
        }
    }
    EXPECT_EQ(lines, 1) << err;
    return found;
}

std::string patientOnCaseload(const std::string& team, const std::string& family)
{
    auto administrator = HubEnvironment::shared().clientFor("admin1");
    const auto created = administrator.post(
        "/Patient", {{"resourceType", "Patient"}, {"name", json::array({{{"family", family}}})}});
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.json().value("id", "");
    EXPECT_EQ(HubEnvironment::shared().admin({"assign-caseload", team, "Patient/" + id}), 0);
    return id;
}

} // namespace

TEST(HubAdmin, ADeactivatedUserIsRefusedLikeAWrongPasswordAndTheirTokensDieAtOnce)
{
    createUser("adm.leaver", "clinician", "north-community");
    const std::string token = tokenOf(login("adm.leaver"));
    const std::string second = tokenOf(login("adm.leaver"));
    auto client = clientWith(token);
    ASSERT_EQ(client.get("/Patient?_count=1").status, 200);
    const auto wrongPassword = login("adm.leaver", "not-the-password-at-all");
    ASSERT_EQ(wrongPassword.status, 401);

    const auto run = admin({"deactivate-user", "adm.leaver", "--by", "ig.officer"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("deactivated"), std::string::npos) << run.out;

    // Existing tokens end with the command, not at their expiry; the refresh token too.
    EXPECT_EQ(client.get("/Patient?_count=1").status, 401);
    EXPECT_EQ(clientWith(second).get("/Patient?_count=1").status, 401);
    // The right password is answered exactly like a wrong one.
    const auto refused = login("adm.leaver");
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.body, wrongPassword.body);
    EXPECT_EQ(sql("SELECT is_active FROM users WHERE username = 'adm.leaver'"), "f");
    EXPECT_EQ(sql("SELECT count(*) FROM sessions WHERE username = 'adm.leaver' AND NOT revoked"), "0");

    // Recorded: who, whom, what; readable by administrators over FHIR.
    ASSERT_EQ(auditEventsFor("deactivate-user", "adm.leaver"), "1");
    const json event = latestAuditEvent("deactivate-user", "adm.leaver");
    EXPECT_EQ(event["agent"][0]["who"]["identifier"]["value"], "ig.officer");
    EXPECT_EQ(event["agent"][1]["who"]["identifier"]["value"], "ops.test"); // the OS account that ran it
    EXPECT_EQ(event["type"]["code"], "110137");
    EXPECT_EQ(detailOf(event, "sessions-revoked"), "2");
    EXPECT_EQ(clientWith(HubEnvironment::shared().login("admin1"))
                  .get("/AuditEvent/" + event["id"].get<std::string>())
                  .status,
              200);
    const json logged = logLine(run.err);
    EXPECT_EQ(logged.value("command", ""), "deactivate-user");
    EXPECT_EQ(logged.value("by", ""), "ig.officer");
    EXPECT_EQ(logged.value("target", ""), "adm.leaver");
    EXPECT_EQ(logged.value("auditEvent", ""), event["id"]);

    // Activated again: a new login works; the old tokens stay dead.
    const auto back = admin({"activate-user", "adm.leaver", "--by", "ig.officer"});
    ASSERT_EQ(back.status, 0) << back.err;
    EXPECT_EQ(auditEventsFor("activate-user", "adm.leaver"), "1");
    const std::string fresh = tokenOf(login("adm.leaver"));
    EXPECT_EQ(clientWith(fresh).get("/Patient?_count=1").status, 200);
    EXPECT_EQ(client.get("/Patient?_count=1").status, 401);
}

TEST(HubAdmin, ARoleChangeRevokesTheUsersTokensAndTakesEffectOnTheNextLogin)
{
    createUser("adm.promoted", "clinician", "north-community");
    const std::string token = tokenOf(login("adm.promoted"));
    ASSERT_EQ(clientWith(token).get("/Patient?_count=1").status, 200);

    const auto run = admin({"set-role", "adm.promoted", "--role", "change_manager", "--by", "ig.officer"});
    ASSERT_EQ(run.status, 0) << run.err;
    // The clinician's token cannot be used with the old role (nor with the new one).
    EXPECT_EQ(clientWith(token).get("/Patient?_count=1").status, 401);
    const auto again = login("adm.promoted");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.json().value("role", ""), "change_manager");
    EXPECT_EQ(clientWith(tokenOf(again)).get("/Patient?_count=1").status,
              403); // change managers see no patients

    ASSERT_EQ(auditEventsFor("set-role", "adm.promoted"), "1");
    const json event = latestAuditEvent("set-role", "adm.promoted");
    EXPECT_EQ(event["type"]["code"], "110136");
    EXPECT_EQ(detailOf(event, "role"), "change_manager");
    EXPECT_EQ(detailOf(event, "previous-role"), "clinician");
    EXPECT_EQ(detailOf(event, "sessions-revoked"), "1");

    // An epr_feed account needs its EPR and belongs to no team: refused, nothing changed.
    const auto noEpr = admin({"set-role", "adm.promoted", "--role", "epr_feed"});
    EXPECT_EQ(noEpr.status, 2);
    EXPECT_NE(noEpr.err.find("--epr"), std::string::npos) << noEpr.err;
    const auto inTeam = admin({"set-role", "adm.promoted", "--role", "epr_feed", "--epr", "Paris"});
    EXPECT_EQ(inTeam.status, 2);
    EXPECT_NE(inTeam.err.find("remove-from-team"), std::string::npos) << inTeam.err;
    EXPECT_EQ(sql("SELECT role || coalesce(epr, '-') FROM users WHERE username = 'adm.promoted'"),
              "change_manager-");
    EXPECT_EQ(auditEventsFor("set-role", "adm.promoted"), "1");
}

TEST(HubAdmin, RemovingAUserFromATeamTakesItsPatientsOffTheirCaseloadOnTheNextRequest)
{
    createUser("adm.mover", "clinician", "north-community");
    const std::string patientId = patientOnCaseload("north-community", "ZZCANARY-admin-caseload");
    auto client = clientWith(tokenOf(login("adm.mover")));
    ASSERT_EQ(client.get("/Patient/" + patientId).status, 200);

    const auto removed =
        admin({"remove-from-team", "adm.mover", "--team", "north-community", "--by", "ward.manager"});
    ASSERT_EQ(removed.status, 0) << removed.err;
    // The same token, the next request: the patient is no longer theirs.
    EXPECT_EQ(client.get("/Patient/" + patientId).status, 403);
    const auto search = client.get("/Patient?_count=1000");
    ASSERT_EQ(search.status, 200);
    EXPECT_EQ(search.body.find(patientId), std::string::npos);
    ASSERT_EQ(auditEventsFor("remove-from-team", "adm.mover"), "1");
    EXPECT_EQ(detailOf(latestAuditEvent("remove-from-team", "adm.mover"), "team-removed"), "north-community");
    EXPECT_EQ(logLine(removed.err).value("team", ""), "north-community");
    EXPECT_EQ(removed.err.find(patientId), std::string::npos);
    EXPECT_EQ(removed.err.find("ZZCANARY"), std::string::npos);

    // Removing again is refused (not a member); adding back opens the caseload again.
    const auto twice = admin({"remove-from-team", "adm.mover", "--team", "north-community"});
    EXPECT_EQ(twice.status, 2);
    EXPECT_NE(twice.err.find("is not in team 'north-community'"), std::string::npos) << twice.err;
    const auto added =
        admin({"add-to-team", "adm.mover", "--team", "north-community", "--by", "ward.manager"});
    ASSERT_EQ(added.status, 0) << added.err;
    EXPECT_EQ(client.get("/Patient/" + patientId).status, 200);
    EXPECT_EQ(auditEventsFor("add-to-team", "adm.mover"), "1");
    // The older spelling, add-to-team USER TEAM, is audited too.
    ASSERT_EQ(admin({"add-to-team", "adm.mover", "south-ward"}).status, 0);
    EXPECT_EQ(auditEventsFor("add-to-team", "adm.mover"), "2");
}

TEST(HubAdmin, RevokeSessionsEndsEveryTokenOfThatUserAndNoOneElses)
{
    createUser("adm.lostlaptop", "clinician", "north-community");
    const auto first = login("adm.lostlaptop");
    const auto second = login("adm.lostlaptop");
    const std::string bystander = HubEnvironment::shared().login("nurse.north");
    ASSERT_FALSE(bystander.empty());

    const auto run = admin({"revoke-sessions", "adm.lostlaptop"}, "ops.night"); // no --by: the OS user acts
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(clientWith(tokenOf(first)).get("/Patient?_count=1").status, 401);
    EXPECT_EQ(clientWith(tokenOf(second)).get("/Patient?_count=1").status, 401);
    const auto refreshed =
        HttpClient(HubEnvironment::shared().port())
            .request("POST", "/auth/refresh",
                     json{{"refresh_token", first.json().value("refresh_token", "")}}.dump(),
                     {{"Content-Type", "application/json"}});
    EXPECT_EQ(refreshed.status, 401);
    EXPECT_EQ(clientWith(bystander).get("/Patient?_count=1").status, 200);
    EXPECT_EQ(clientWith(tokenOf(login("adm.lostlaptop"))).get("/Patient?_count=1").status,
              200); // may log in again

    ASSERT_EQ(auditEventsFor("revoke-sessions", "adm.lostlaptop"), "1");
    const json event = latestAuditEvent("revoke-sessions", "adm.lostlaptop");
    EXPECT_EQ(event["agent"][0]["who"]["identifier"]["system"], "urn:avocet:os-user");
    EXPECT_EQ(event["agent"][0]["who"]["identifier"]["value"], "ops.night");
    EXPECT_EQ(event["agent"].size(), 1u);
    EXPECT_EQ(detailOf(event, "sessions-revoked"), "2");
    EXPECT_EQ(logLine(run.err).value("by", ""), "ops.night");
}

TEST(HubAdmin, ABreakGlassEventIsReviewedOnceWithWhoWhenAndTheNote)
{
    const std::string patientId = patientOnCaseload("north-community", "ZZCANARY-admin-bg");
    auto south = clientWith(HubEnvironment::shared().login("nurse.south"));
    south.setHeader("X-Avocet-Break-Glass", "CANARY admin review: crisis call overnight");
    ASSERT_EQ(south.get("/Patient/" + patientId).status, 200);
    const std::string eventId =
        sql("SELECT max(event_id) FROM break_glass_events WHERE patient_ref = 'Patient/" + patientId + "'");
    ASSERT_FALSE(eventId.empty());

    auto listed = [](const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"break-glass", "list", "--by", "ig.officer"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto run = admin(args);
        EXPECT_EQ(run.status, 0) << run.err;
        json byId = json::object();
        for (const auto& event : json::parse(run.out, nullptr, false).value("events", json::array()))
            byId[std::to_string(event.value("id", 0LL))] = event;
        return byId;
    };
    auto unreviewed = listed({"--unreviewed"});
    ASSERT_TRUE(unreviewed.contains(eventId)) << unreviewed.dump();
    EXPECT_EQ(unreviewed[eventId].value("username", ""), "nurse.south");
    EXPECT_EQ(unreviewed[eventId].value("patient", ""), "Patient/" + patientId);
    EXPECT_FALSE(unreviewed[eventId].value("reviewed", true));

    const auto review = admin({"break-glass", "review", eventId, "--note",
                               "Justified: out-of-hours crisis call", "--by", "ig.officer"});
    ASSERT_EQ(review.status, 0) << review.err;
    EXPECT_EQ(sql("SELECT reviewed::text || '|' || reviewed_by || '|' || review_note || '|' ||"
                  " (reviewed_at > occurred_at)::text FROM break_glass_events WHERE event_id = " +
                  eventId),
              "true|ig.officer|Justified: out-of-hours crisis call|true");
    EXPECT_FALSE(listed({"--unreviewed"}).contains(eventId));
    const auto all = listed({});
    ASSERT_TRUE(all.contains(eventId));
    EXPECT_EQ(all[eventId].value("reviewedBy", ""), "ig.officer");
    EXPECT_EQ(all[eventId].value("note", ""), "Justified: out-of-hours crisis call");
    EXPECT_FALSE(all[eventId].value("reviewedAt", "").empty());

    ASSERT_EQ(auditEventsFor("break-glass-review", eventId), "1");
    const json event = latestAuditEvent("break-glass-review", eventId);
    EXPECT_EQ(event["agent"][0]["who"]["identifier"]["value"], "ig.officer");
    EXPECT_EQ(detailOf(event, "review-note"), "Justified: out-of-hours crisis call");
    // The log says which event and who, never the patient or the note.
    const json logged = logLine(review.err);
    EXPECT_EQ(logged.value("breakGlassEvent", 0LL), std::stoll(eventId));
    EXPECT_EQ(review.err.find(patientId), std::string::npos) << review.err;
    EXPECT_EQ(review.err.find("Justified"), std::string::npos) << review.err;
    EXPECT_GE(std::stoi(auditEventsFor("break-glass-list", "unreviewed")), 2);

    // A second review of the same event is refused, saying by whom it was reviewed; nothing changes.
    const auto second =
        admin({"break-glass", "review", eventId, "--note", "second opinion", "--by", "someone.else"});
    EXPECT_EQ(second.status, 2);
    EXPECT_NE(second.err.find("already reviewed by ig.officer"), std::string::npos) << second.err;
    EXPECT_EQ(
        sql("SELECT reviewed_by || '|' || review_note FROM break_glass_events WHERE event_id = " + eventId),
        "ig.officer|Justified: out-of-hours crisis call");
    EXPECT_EQ(auditEventsFor("break-glass-review", eventId), "1");
}

TEST(HubAdmin, BadInputNamesWhatIsWrongExitsTwoAndChangesNothing)
{
    createUser("adm.steady", "clinician", "north-community");
    const std::string token = tokenOf(login("adm.steady"));
    auto state = [] {
        return sql(
            "SELECT (SELECT string_agg(username || role || is_active::text || coalesce(epr, ''), ',' ORDER BY"
            " username) FROM users) || (SELECT string_agg(username || team_id, ',' ORDER BY username, "
            "team_id)"
            " FROM team_members) || (SELECT count(*) FROM sessions WHERE revoked) || '|' ||"
            " (SELECT count(*) FROM break_glass_events WHERE reviewed) || '|' ||"
            " (SELECT count(*) FROM resources WHERE resource_type = 'AuditEvent')");
    };
    const std::string before = state();
    struct Case
    {
        std::vector<std::string> args;
        std::string named; // what the message must name
    };
    const std::vector<Case> cases = {
        {{"deactivate-user", "adm.nobody"}, "unknown user 'adm.nobody'"},
        {{"activate-user", "adm.nobody"}, "unknown user 'adm.nobody'"},
        {{"revoke-sessions", "adm.nobody"}, "unknown user 'adm.nobody'"},
        {{"set-role", "adm.nobody", "--role", "administrator"}, "unknown user 'adm.nobody'"},
        {{"set-role", "adm.steady", "--role", "superuser"}, "unknown role 'superuser'"},
        {{"set-role", "adm.steady"}, "missing --role"},
        {{"set-role", "adm.steady", "--role", "clinician", "--epr", "Paris"},
         "--epr is only for --role epr_feed"},
        {{"set-role", "adm.steady", "--role", "epr_feed", "--epr", "Rio"}, "unknown EPR 'Rio'"},
        {{"remove-from-team", "adm.steady", "--team", "west-nowhere"}, "unknown team 'west-nowhere'"},
        {{"remove-from-team", "adm.steady"}, "missing --team"},
        {{"remove-from-team", "adm.nobody", "--team", "north-community"}, "unknown user 'adm.nobody'"},
        {{"add-to-team", "adm.steady", "--team", "west-nowhere"}, "unknown team 'west-nowhere'"},
        {{"add-to-team", "adm.steady", "--team", "north-community"}, "already in team 'north-community'"},
        {{"deactivate-user"}, "expected the user name"},
        {{"deactivate-user", "adm.steady", "--force", "yes"}, "unknown option --force"},
        {{"deactivate-user", "adm.steady", "--by", " "}, "--by needs the name"},
        {{"break-glass", "review", "999999999", "--note", "n/a"}, "no break-glass event 999999999"},
        {{"break-glass", "review", "12x", "--note", "n/a"}, "'12x' is not a break-glass event number"},
        {{"break-glass", "review", "1"}, "missing --note"},
        {{"break-glass", "review", "1", "--note", "  "}, "missing --note"},
        {{"break-glass", "forget"}, "expected 'break-glass list"},
        {{"break-glass", "list", "--note", "x"}, "unknown option --note"},
    };
    for (const auto& test : cases) {
        const auto run = admin(test.args);
        std::string shown;
        for (const auto& arg : test.args)
            shown += arg + " ";
        EXPECT_EQ(run.status, 2) << shown << run.err;
        EXPECT_NE(run.err.find(test.named), std::string::npos) << shown << ": " << run.err;
        EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << shown << "one line: " << run.err;
        EXPECT_TRUE(run.out.empty()) << shown << run.out;
    }
    EXPECT_EQ(state(), before);
    EXPECT_EQ(clientWith(token).get("/Patient?_count=1").status, 200);
}

// The AuditEvent is written in the transaction of the change: when it cannot be written, the
// change is not made. A trigger in the throwaway database refuses admin AuditEvents about one user.
TEST(HubAdmin, WhenTheAuditEventCannotBeWrittenNothingIsChanged)
{
    createUser("adm.unaudited", "clinician", "north-community");
    const std::string token = tokenOf(login("adm.unaudited"));
    sql("CREATE FUNCTION test_refuse_admin_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.resource_type = 'AuditEvent' AND NEW.content::text LIKE '%adm.unaudited%' THEN"
        " RAISE EXCEPTION 'test: admin AuditEvent refused'; END IF; RETURN NEW; END $$");
    sql("CREATE TRIGGER test_refuse_admin_audit BEFORE INSERT ON resource_versions FOR EACH ROW"
        " EXECUTE FUNCTION test_refuse_admin_audit()");
    const std::vector<std::vector<std::string>> commands = {
        {"deactivate-user", "adm.unaudited"},
        {"set-role", "adm.unaudited", "--role", "ward_staff"},
        {"remove-from-team", "adm.unaudited", "--team", "north-community"},
        {"revoke-sessions", "adm.unaudited"},
    };
    for (const auto& command : commands) {
        const auto run = admin(command);
        EXPECT_EQ(run.status, 1) << command[0] << ": " << run.err;
        EXPECT_NE(run.err.find("nothing was changed"), std::string::npos) << run.err;
    }
    sql("DROP TRIGGER test_refuse_admin_audit ON resource_versions");
    sql("DROP FUNCTION test_refuse_admin_audit()");
    EXPECT_EQ(sql("SELECT role || is_active::text FROM users WHERE username = 'adm.unaudited'"),
              "cliniciantrue");
    EXPECT_EQ(sql("SELECT count(*) FROM team_members WHERE username = 'adm.unaudited'"), "1");
    EXPECT_EQ(clientWith(token).get("/Patient?_count=1").status, 200);
}

// ---- initial load of an EPR feed from Bulk Data NDJSON (admin import) --------------------------

namespace {

const std::string kParis = "https://fhir.avocet.example/Id/paris-record-id";
const std::string kMobius = "https://fhir.avocet.example/Id/mobius-record-id";
const std::string kChangedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";

std::string freshDatabase(const std::string& name)
{
    std::string error;
    const std::string conninfo =
        avocet::test::sharedPostgres().createDatabase(name + "_" + std::to_string(getpid()), error);
    EXPECT_FALSE(conninfo.empty()) << error;
    return conninfo;
}

json changedAt(const std::string& at)
{
    return json::array({{{"url", kChangedAt}, {"valueInstant", at}}});
}

std::string record(int number, char prefix)
{
    char text[16];
    std::snprintf(text, sizeof text, "%c%04d", prefix, number);
    return text;
}

json fedPatient(int number, const std::string& at)
{
    return {{"resourceType", "Patient"},
            {"identifier", json::array({{{"system", kParis}, {"value", record(number, 'P')}}})},
            {"extension", changedAt(at)},
            {"name", json::array({{{"family", "ZZIMPORT-" + std::to_string(number)}}})},
            {"birthDate", "1970-01-01"}};
}

json fedEncounter(int number, int patient, const std::string& at)
{
    return {{"resourceType", "Encounter"},
            {"identifier", json::array({{{"system", kParis}, {"value", record(number, 'E')}}})},
            {"extension", changedAt(at)},
            {"status", "finished"},
            {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "AMB"}}},
            {"subject", {{"identifier", {{"system", kParis}, {"value", record(patient, 'P')}}}}},
            {"period", {{"start", "2024-06-01T09:00:00Z"}, {"end", "2024-06-01T10:00:00Z"}}}};
}

struct ImportFiles
{
    std::string patients;
    std::string encounters;
    std::vector<std::string> badLines; // "file:line" the import must report
};

// 124 Patient lines (120 patients, a resend, an older change, a line that is not JSON, one without
// epr-changed-at) and 304 Encounter lines (300 encounters, 20 of them about patients the load
// does not hold (parked), a Mobius record, an Observation, a resend), ending with a blank line.
ImportFiles writeImportFiles()
{
    ImportFiles files;
    const std::string base =
        std::string(AVOCET_BINARY_DIR) + "/test-tmp/hub-import-" + std::to_string(getpid());
    files.patients = base + "-Patient.ndjson";
    files.encounters = base + "-Encounter.ndjson";
    {
        std::ofstream out(files.patients);
        int line = 0;
        for (int i = 1; i <= 120; ++i) {
            out << fedPatient(i, "2025-01-01T10:00:00Z").dump() << "\n";
            ++line;
            if (i == 10) {
                out << fedPatient(5, "2025-01-01T10:00:00Z").dump() << "\n";  // resent: unchanged
                out << fedPatient(6, "2024-01-01T10:00:00Z").dump() << "\n";  // older: stale
                out << "{\"resourceType\": \"Patient\", \"identifier\": [\n"; // not JSON
                files.badLines.push_back(files.patients + ":" + std::to_string(line + 3));
                json undated = fedPatient(121, "x");
                undated.erase("extension");
                out << undated.dump() << "\n";
                files.badLines.push_back(files.patients + ":" + std::to_string(line + 4));
                line += 4;
            }
        }
        out << "\n";
    }
    {
        std::ofstream out(files.encounters);
        int line = 0;
        for (int i = 1; i <= 300; ++i) {
            // Every 15th encounter is about a patient the load does not hold: parked.
            const int patient = i % 15 == 0 ? 200 + i : 1 + i % 120;
            out << fedEncounter(i, patient, "2025-02-01T10:00:00Z").dump() << "\n";
            ++line;
            if (i == 150) {
                json mobius = fedEncounter(999, 1, "2025-02-01T10:00:00Z");
                mobius["identifier"][0]["system"] = kMobius;
                out << mobius.dump() << "\n";
                files.badLines.push_back(files.encounters + ":" + std::to_string(line + 1));
                out << json{{"resourceType", "Observation"},
                            {"identifier", json::array({{{"system", kParis}, {"value", "O1"}}})}}
                           .dump()
                    << "\n";
                files.badLines.push_back(files.encounters + ":" + std::to_string(line + 2));
                out << fedEncounter(150, patient, "2025-02-01T10:00:00Z").dump() << "\n";       // resent
                out << fedEncounter(149, 1 + 149 % 120, "2025-03-01T10:00:00Z").dump() << "\n"; // newer
                line += 4;
            }
        }
        out << "\n";
    }
    return files;
}

// What a load leaves, independent of the hub's random ids: every current resource with its
// version, its patient's Paris record and its content; every version row; the feed's keys, parked
// records and counters.
std::string loadedState(const std::string& database)
{
    auto value = [&](const std::string& statement) { return avocet::test::sqlValue(database, statement); };
    return value(
               "SELECT string_agg(r.resource_type || '|' || (r.content->'identifier'->0->>'value') || '|' ||"
               " r.version_id || '|' || coalesce(p.content->'identifier'->0->>'value', '-') || '|' ||"
               " md5((r.content - 'id' - 'meta')::text), ',' ORDER BY r.resource_type,"
               " r.content->'identifier'->0->>'value') FROM resources r LEFT JOIN resources p"
               " ON p.resource_type = 'Patient' AND r.compartment = 'Patient/' || p.resource_id") +
           "\nversions " + value("SELECT count(*) FROM resource_versions") + "\nkeys " +
           value("SELECT string_agg(resource_type || value || changed_at::text || is_deleted::text, ','"
                 " ORDER BY resource_type, value) FROM feed_records") +
           "\nparked " +
           value("SELECT string_agg(resource_type || value || patient_value || changed_at::text, ','"
                 " ORDER BY resource_type, value) FROM feed_parked") +
           "\nstats " +
           value(
               "SELECT string_agg(epr || resource_type || outcome || count, ',' ORDER BY epr, resource_type,"
               " outcome) FROM feed_stats");
}

} // namespace

TEST(HubImport, AKilledLoadResumesToTheSameStateAsAnUninterruptedOneWithNothingDoubled)
{
    const ImportFiles files = writeImportFiles();
    const std::vector<std::string> load = {"import", "--epr",        "Paris",         "--batch",
                                           "40",     files.patients, files.encounters};

    const std::string straight = freshDatabase("import_straight");
    const auto uninterrupted = runAdmin(straight, load, "ops.test");
    ASSERT_EQ(uninterrupted.status, 0) << uninterrupted.err;
    const json summary = json::parse(uninterrupted.out, nullptr, false);
    ASSERT_TRUE(summary.is_object()) << uninterrupted.out;
    const json expectedPatients = {{"created", 120}, {"updated", 0}, {"unchanged", 1},
                                   {"stale", 1},     {"parked", 0},  {"rejected", 2}};
    const json expectedEncounters = {{"created", 280}, {"updated", 1}, {"unchanged", 1},
                                     {"stale", 0},     {"parked", 20}, {"rejected", 2}};
    EXPECT_EQ(summary["types"]["Patient"], expectedPatients) << summary.dump(2);
    EXPECT_EQ(summary["types"]["Encounter"], expectedEncounters) << summary.dump(2);
    // Each bad line reported with file:line and the rule; the rest went on.
    for (const auto& where : files.badLines)
        EXPECT_NE(uninterrupted.err.find(where + ": "), std::string::npos) << where << "\n"
                                                                           << uninterrupted.err;
    {
        std::istringstream lines(uninterrupted.err);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("avocet-hub admin import: ", 0) == 0 &&
                line.find("lines done") == std::string::npos)
                std::cout << line << "\n"; // the reported lines, for the reader
    }
    EXPECT_NE(uninterrupted.err.find("epr-changed-at"), std::string::npos);
    EXPECT_NE(uninterrupted.err.find("one resource type per file"), std::string::npos);
    EXPECT_NE(uninterrupted.err.find("lines done (created"), std::string::npos) << "progress on stderr";
    EXPECT_EQ(uninterrupted.err.find("ZZIMPORT"), std::string::npos) << "no patient data in the log";
    const std::string expected = loadedState(straight);
    EXPECT_EQ(
        avocet::test::sqlValue(straight, "SELECT count(*) FROM resources WHERE resource_type = 'Encounter'"),
        "280");

    // The same load killed with SIGKILL twice (mid-batch in the Patients, then mid-batch in the
    // Encounters), then run to the end.
    const std::string resumed = freshDatabase("import_resumed");
    const auto first = runAdmin(resumed, load, "ops.test", {"AVOCET_HUB_TEST_IMPORT_KILL_AT_LINE=100"});
    ASSERT_EQ(first.status, 128 + SIGKILL) << first.err;
    EXPECT_EQ(avocet::test::sqlValue(resumed, "SELECT lines_done FROM feed_imports"), "80");
    const auto second = runAdmin(resumed, load, "ops.test", {"AVOCET_HUB_TEST_IMPORT_KILL_AT_LINE=150"});
    ASSERT_EQ(second.status, 128 + SIGKILL) << second.err;
    EXPECT_EQ(avocet::test::sqlValue(resumed, "SELECT string_agg(resource_type || ':' || lines_done || ':' ||"
                                              " complete, ',' ORDER BY resource_type) FROM feed_imports"),
              "Encounter:80:false,Patient:125:true");
    const auto last = runAdmin(resumed, load, "ops.test");
    ASSERT_EQ(last.status, 0) << last.err;
    const json resumedSummary = json::parse(last.out, nullptr, false);
    EXPECT_EQ(resumedSummary["types"], summary["types"]) << resumedSummary.dump(2);
    EXPECT_EQ(resumedSummary["files"][1].value("resumedAt", -1), 80);
    EXPECT_EQ(loadedState(resumed), expected);
    EXPECT_EQ(
        avocet::test::sqlValue(resumed, "SELECT count(*) FROM resource_versions WHERE version_id > 1"),
        avocet::test::sqlValue(straight, "SELECT count(*) FROM resource_versions WHERE version_id > 1"));

    // Run again: everything is done; nothing is applied twice.
    const auto again = runAdmin(resumed, load, "ops.test");
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(loadedState(resumed), expected);

    // The parked encounters are applied when their patients arrive through the live feed rules.
    std::ofstream(files.patients + ".late") << fedPatient(215, "2025-01-02T10:00:00Z").dump() << "\n";
    ASSERT_EQ(runAdmin(resumed, {"import", "--epr", "Paris", files.patients + ".late"}, "ops.test").status,
              0);
    EXPECT_EQ(avocet::test::sqlValue(resumed, "SELECT count(*) FROM feed_parked"), "19");

    // Bad invocations: exit 2, nothing read.
    const auto noEpr = runAdmin(resumed, {"import", files.patients}, "ops.test");
    EXPECT_EQ(noEpr.status, 2);
    EXPECT_NE(noEpr.err.find("missing --epr"), std::string::npos) << noEpr.err;
    const auto missing =
        runAdmin(resumed, {"import", "--epr", "Paris", files.patients + ".absent"}, "ops.test");
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
    for (const auto& path : {files.patients, files.encounters, files.patients + ".late"})
        std::remove(path.c_str());
}

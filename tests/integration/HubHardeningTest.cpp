// avocet-hub among hostile clients (SECURITY-RELIABILITY 12, 13, 24, 25, 28): what a signed-in
// client may claim and what the hub decides itself; refresh-token families; conditional writes;
// links that never come from the request's Host; no core dumps.

#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using avocet::test::kTestPassword;
using nlohmann::json;

namespace {

const char* kNhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
const char* kTaskType = "https://fhir.avocet.example/CodeSystem/task-type";
const char* kDeliverySystem = "https://fhir.avocet.example/Id/epr-delivery";

std::string sql(const std::string& statement)
{
    return avocet::test::sqlValue(HubEnvironment::shared().conninfo(), statement);
}

json patient(const std::string& nhsNumber, const std::string& family)
{
    return {{"resourceType", "Patient"},
            {"name", json::array({{{"family", family}}})},
            {"identifier", json::array({{{"system", kNhsSystem}, {"value", nhsNumber}}})}};
}

std::string createdId(const HttpResult& result)
{
    EXPECT_EQ(result.status, 201) << result.body;
    return result.json().value("id", "");
}

std::string onCaseload(const HttpClient& admin, const json& resource, const std::string& team)
{
    const std::string id = createdId(admin.post("/Patient", resource));
    EXPECT_EQ(HubEnvironment::shared().admin({"assign-caseload", team, "Patient/" + id}), 0);
    return id;
}

// The answer without what legitimately differs between two resources (id, times, version).
json shape(const HttpResult& result)
{
    json body = result.json();
    if (body.is_object()) {
        body.erase("id");
        body.erase("meta");
        body.erase("identifier");
    }
    return {{"status", result.status}, {"body", body}};
}

// An AuditEvent as the desktop pushes it from its local audit chain.
json chainEvent(const std::string& chain, int seq, const std::string& action, const std::string& claimedUser,
                const std::string& claimedDevice, const std::string& patientRef = {})
{
    const std::string hash = std::string(64 - std::to_string(seq).size(), 'a') + std::to_string(seq);
    const std::string prev = seq == 1 ? std::string(64, '0') : std::string(64 - std::to_string(seq - 1).size(), 'a') +
                                                                    std::to_string(seq - 1);
    json entities = json::array({{{"detail", json::array({{{"type", "avocet-audit-chain"},
                                                           {"valueString", chain + ":" + std::to_string(seq) + ":" + hash}},
                                                          {{"type", "prev-hash"}, {"valueString", prev}}})}}});
    if (!patientRef.empty())
        entities.push_back({{"what", {{"reference", patientRef}}}});
    return {{"resourceType", "AuditEvent"},
            {"type", {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"}, {"code", "rest"}}},
            {"subtype", json::array({{{"system", "urn:avocet:audit-action"}, {"code", action}}})},
            {"action", "E"},
            {"recorded", "2026-01-05T09:00:00Z"},
            {"outcome", "0"},
            {"agent", json::array({{{"who", {{"display", claimedUser}}},
                                    {"requestor", true},
                                    {"role", json::array({{{"text", "administrator"}}})}}})},
            {"source", {{"observer", {{"display", claimedDevice}}}}},
            {"entity", entities}};
}

std::string randomChain()
{
    static std::atomic<int> counter{0};
    std::ostringstream text;
    text << std::hex << ::getpid() << "-" << std::hex << (0xc0de0000 + counter++) << "-"
         << std::hex << std::chrono::steady_clock::now().time_since_epoch().count();
    return text.str();
}

std::vector<std::string> entryIds(const HttpResult& bundle)
{
    std::vector<std::string> ids;
    for (const auto& entry : bundle.json().value("entry", json::array()))
        ids.push_back(entry["resource"].value("id", ""));
    return ids;
}

bool contains(const std::vector<std::string>& ids, const std::string& id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

json healthTest(std::uint16_t port)
{
    const auto health = HttpClient(port).get("/health");
    EXPECT_EQ(health.status, 200) << health.body;
    return health.json().value("test", json::object());
}

} // namespace

// ---- Point 25: no NHS-number oracle through a conditional create ---------------------------------

TEST(HubOracles, AConditionalPatientCreateAnswersAnUnknownNumberAndAnotherTeamsPatientAlike)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    auto north = environment.clientFor("nurse.north");
    auto south = environment.clientFor("nurse.south");
    const std::string southPatient = onCaseload(admin, patient("9990030011", "Southcase"), "south-ward");

    const auto unknown = north.post("/Patient", patient("9990030029", "Newcomer"),
                                    {{"If-None-Exist", std::string("identifier=") + kNhsSystem + "|9990030029"}});
    const auto otherTeams = north.post("/Patient", patient("9990030011", "Newcomer"),
                                       {{"If-None-Exist", std::string("identifier=") + kNhsSystem + "|9990030011"}});
    EXPECT_EQ(unknown.status, 201) << unknown.body;
    EXPECT_EQ(shape(unknown), shape(otherTeams)) << unknown.body << "\n" << otherTeams.body;
    EXPECT_NE(otherTeams.json().value("id", ""), southPatient) << "another team's Patient is never handed out";

    // The same request again is answered with the caller's own Patient (exactly once).
    const auto again = north.post("/Patient", patient("9990030011", "Newcomer"),
                                  {{"If-None-Exist", std::string("identifier=") + kNhsSystem + "|9990030011"}});
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().value("id", ""), otherTeams.json().value("id", ""));

    // Each team still names its own patient by NHS number.
    const json form = {{"resourceType", "QuestionnaireResponse"},
                       {"status", "in-progress"},
                       {"questionnaire", "urn:test:oracle|1"},
                       {"subject", {{"identifier", {{"system", kNhsSystem}, {"value", "9990030011"}}}}}};
    const auto southForm = south.post("/QuestionnaireResponse", form);
    ASSERT_EQ(southForm.status, 201) << southForm.body;
    const auto northForm = north.post("/QuestionnaireResponse", form);
    ASSERT_EQ(northForm.status, 201) << northForm.body;
    // The record is filed under the Patient each team can see (the resource keeps its identifier):
    // each team reads its own form by its patient, and not the other team's.
    const std::string southFormId = southForm.json().value("id", "");
    const std::string northFormId = northForm.json().value("id", "");
    const auto southSearch = south.get("/QuestionnaireResponse?subject=Patient/" + southPatient);
    ASSERT_EQ(southSearch.status, 200) << southSearch.body;
    ASSERT_EQ(southSearch.json().value("total", -1), 1) << southSearch.body;
    EXPECT_EQ(southSearch.json()["entry"][0]["resource"].value("id", ""), southFormId);
    const auto northSearch =
        north.get("/QuestionnaireResponse?subject=Patient/" + otherTeams.json().value("id", ""));
    ASSERT_EQ(northSearch.status, 200) << northSearch.body;
    ASSERT_EQ(northSearch.json().value("total", -1), 1) << northSearch.body;
    EXPECT_EQ(northSearch.json()["entry"][0]["resource"].value("id", ""), northFormId);
    EXPECT_EQ(north.get("/QuestionnaireResponse/" + southFormId).status, 403);
    EXPECT_EQ(south.get("/QuestionnaireResponse/" + northFormId).status, 403);
}

// ---- Point 24: break-glass attempts that end in an error are recorded -----------------------------

TEST(HubBreakGlassAttempts, AnAttemptThatEndsInAnErrorIsRecordedToo)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    auto north = environment.clientFor("nurse.north");
    const std::string southPatient = onCaseload(admin, patient("9990030037", "Glassdoor"), "south-ward");
    const std::string deleted = onCaseload(admin, patient("9990030045", "Gonebefore"), "south-ward");
    ASSERT_EQ(admin.request("DELETE", "/Patient/" + deleted).status, 204);

    const std::string reason = "crisis call, attempts " + std::to_string(::getpid());
    north.setHeader("X-Avocet-Break-Glass", reason);
    auto recorded = [&](const std::string& status) {
        return std::stoi(sql("SELECT count(*) FROM break_glass_events WHERE reason = '" + reason +
                             "' AND outcome = " + status));
    };
    EXPECT_EQ(north.get("/Patient/no-such-patient-here").status, 404);
    EXPECT_EQ(recorded("404"), 1);
    EXPECT_EQ(north.get("/Patient/" + deleted).status, 410);
    EXPECT_EQ(recorded("410"), 1);
    EXPECT_EQ(sql("SELECT patient_ref FROM break_glass_events WHERE reason = '" + reason + "' AND outcome = 410"),
              "Patient/" + deleted);
    json changed = patient("9990030037", "Glassdoor");
    changed["id"] = southPatient;
    EXPECT_EQ(north.put("/Patient/" + southPatient, changed, {{"If-Match", "W/\"7\""}}).status, 412);
    EXPECT_EQ(recorded("412"), 1);
    EXPECT_EQ(north.get("/Patient?_count=10").status, 403);
    EXPECT_EQ(recorded("403"), 1);
    // Each attempt also leaves an AuditEvent (outcome: failure) for review.
    EXPECT_EQ(sql("SELECT count(*) FROM resources WHERE resource_type = 'AuditEvent' AND content->'purposeOfEvent'->0->>'text' = '" +
                  reason + "' AND content->>'outcome' <> '0'"),
              "4");
}

TEST(HubBreakGlassAttempts, AReasonMadeOnlyOfWhitespaceIsRefused)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    auto north = environment.clientFor("nurse.north");
    const std::string southPatient = onCaseload(admin, patient("9990030053", "Blankreason"), "south-ward");
    const std::string before = sql("SELECT count(*) FROM break_glass_events");
    for (const std::string blank : {" ", "   \t  ", "\t"}) {
        north.setHeader("X-Avocet-Break-Glass", blank);
        const auto refused = north.get("/Patient/" + southPatient);
        EXPECT_EQ(refused.status, 400) << "'" << blank << "': " << refused.body;
        EXPECT_EQ(refused.body.find("Blankreason"), std::string::npos);
    }
    EXPECT_EQ(sql("SELECT count(*) FROM break_glass_events"), before);
}

// ---- Links come from the configured base URL, never from the Host header --------------------------

TEST(HubLinks, TheHostHeaderIsNeverReflectedIntoLinks)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::vector<std::pair<std::string, std::string>> evil = {{"Host", "evil.example:666"}};
    const auto created = admin.post("/Patient", patient("9990030061", "Hostile"), evil);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string base = "http://127.0.0.1:" + std::to_string(environment.port());
    EXPECT_EQ(created.header("location").rfind(base + "/Patient/", 0), 0u) << created.header("location");
    const auto searched = admin.request("GET", "/Patient?identifier=" + std::string(kNhsSystem) + "|9990030061", {}, evil);
    ASSERT_EQ(searched.status, 200);
    EXPECT_EQ(searched.body.find("evil.example"), std::string::npos) << searched.body;

    // A configured public URL is what links use.
    auto hub = environment.startHub({"--public-url", "https://hub.trust.example/fhir"});
    HttpClient other(hub->port());
    other.setBearerToken(environment.login("admin1", hub->port()));
    const auto viaProxy = other.post("/Patient", patient("9990030078", "Proxied"), evil);
    ASSERT_EQ(viaProxy.status, 201) << viaProxy.body;
    EXPECT_EQ(viaProxy.header("location").rfind("https://hub.trust.example/fhir/Patient/", 0), 0u)
        << viaProxy.header("location");
}

// ---- Publishing one mapping version twice at once: one wins ----------------------------------------

TEST(HubMappings, ConcurrentPublishesOfOneVersionGiveOne201AndOne409)
{
    auto& environment = HubEnvironment::shared();
    auto designer = environment.clientFor("designer");
    const auto document = designer.get("/mappings/risk-assessment.paris/1.0.0");
    ASSERT_EQ(document.status, 200) << document.body;
    for (int round = 0; round < 6; ++round) {
        json first = document.json();
        first["version"] = "7." + std::to_string(::getpid() % 1000) + "." + std::to_string(round);
        json second = first;
        second["title"] = "a different title, round " + std::to_string(round);
        std::atomic<int> ready{0};
        int statuses[2] = {0, 0};
        auto publish = [&](int slot, const json& body) {
            ++ready;
            while (ready.load() < 2) {
            }
            statuses[slot] = designer.post("/mappings", body).status;
        };
        std::thread a(publish, 0, first);
        std::thread b(publish, 1, second);
        a.join();
        b.join();
        std::vector<int> got = {statuses[0], statuses[1]};
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, (std::vector<int>{201, 409})) << "round " << round;
    }
}

// ---- If-Match as RFC 7232 has it ----------------------------------------------------------------

TEST(HubConditionalUpdate, IfMatchStarMatchesAnyCurrentVersionAndAListMatchesWhenOneTagDoes)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string id = createdId(admin.post("/Patient", patient("9990030086", "Etag")));
    json body = patient("9990030086", "Etag");
    body["id"] = id;

    const auto star = admin.put("/Patient/" + id, body, {{"If-Match", "*"}});
    EXPECT_EQ(star.status, 200) << star.body;
    EXPECT_EQ(star.header("etag"), "W/\"2\"");
    const auto listed = admin.put("/Patient/" + id, body, {{"If-Match", "W/\"1\", W/\"2\""}});
    EXPECT_EQ(listed.status, 200) << listed.body;
    const auto stale = admin.put("/Patient/" + id, body, {{"If-Match", "W/\"1\", \"2\""}});
    EXPECT_EQ(stale.status, 412) << stale.body;
    EXPECT_EQ(admin.put("/Patient/" + id, body, {{"If-Match", "W/\"1\", nonsense"}}).status, 400);
    // '*' on something that does not exist fails the precondition; it is never a create.
    json absent = body;
    absent["id"] = "never-created-here";
    const auto missing = admin.put("/Patient/never-created-here", absent, {{"If-Match", "*"}});
    EXPECT_TRUE(missing.status == 404 || missing.status == 412) << missing.status;
    EXPECT_EQ(admin.request("DELETE", "/Patient/" + id, {}, {{"If-Match", "*"}}).status, 204);
}

// ---- Core dumps are off ----------------------------------------------------------------------------

TEST(HubProcessHardening, CoreDumpsAreOffUnlessAllowedForDebugging)
{
    auto& environment = HubEnvironment::shared();
    auto coreLimitOf = [](pid_t pid) {
        std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
        std::string line;
        while (std::getline(limits, line)) {
            if (line.rfind("Max core file size", 0) == 0) {
                std::istringstream fields(line.substr(std::string("Max core file size").size()));
                std::string soft;
                std::string hard;
                fields >> soft >> hard;
                return soft + " " + hard;
            }
        }
        return std::string("?");
    };
    auto hub = environment.startHub({"--test-metrics"});
    EXPECT_EQ(coreLimitOf(hub->pid()), "0 0");
    EXPECT_EQ(healthTest(hub->port()).value("dumpable", true), false);

    auto debugging = environment.startHub({"--test-metrics", "--allow-core-dumps"});
    EXPECT_EQ(healthTest(debugging->port()).value("dumpable", false), true);
}

// ---- Point 13 and 28: session events are the user's own; the hub stamps who and which device ------

TEST(HubAuditScope, EventsWithoutAPatientAreReadByTheirUserAndAdministratorsOnly)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    auto north = environment.clientFor("nurse.north");
    auto south = environment.clientFor("nurse.south");
    const std::string chain = randomChain();
    const auto login = north.post("/AuditEvent", chainEvent(chain, 1, "login", "nurse.north", "ward-pc-1"));
    ASSERT_EQ(login.status, 201) << login.body;
    const std::string id = login.json().value("id", "");

    EXPECT_EQ(north.get("/AuditEvent/" + id).status, 200);
    EXPECT_EQ(admin.get("/AuditEvent/" + id).status, 200);
    const auto read = south.get("/AuditEvent/" + id);
    EXPECT_EQ(read.status, 403) << read.body;
    EXPECT_FALSE(contains(entryIds(south.get("/AuditEvent?_count=2000")), id));
    EXPECT_FALSE(contains(entryIds(south.get("/AuditEvent/_history?_count=2000")), id));
    EXPECT_TRUE(contains(entryIds(north.get("/AuditEvent?_count=2000")), id));
    EXPECT_TRUE(contains(entryIds(admin.get("/AuditEvent?_count=2000")), id));
    // Break-glass opens patients, not another user's sessions.
    south.setHeader("X-Avocet-Break-Glass", "curious about a colleague");
    EXPECT_EQ(south.get("/AuditEvent/" + id).status, 403);
}

TEST(HubAuditStamp, TheHubStampsTheAuthenticatedCallerAndDeviceOverWhatTheClientClaims)
{
    auto& environment = HubEnvironment::shared();
    auto north = environment.clientFor("nurse.north");
    const std::string chain = randomChain();
    const auto pushed = north.post("/AuditEvent", chainEvent(chain, 1, "lock", "admin1", "the-server-room"));
    ASSERT_EQ(pushed.status, 201) << pushed.body;
    const json event = pushed.json();
    ASSERT_EQ(event["agent"].size(), 1u) << event.dump();
    EXPECT_EQ(event["agent"][0]["who"]["identifier"].value("system", ""), "urn:avocet:user");
    EXPECT_EQ(event["agent"][0]["who"]["identifier"].value("value", ""), "nurse.north");
    EXPECT_EQ(event["agent"][0]["role"][0].value("text", ""), "clinician");
    EXPECT_EQ(event.dump().find("admin1"), std::string::npos) << event.dump();
    EXPECT_EQ(event.dump().find("the-server-room"), std::string::npos) << event.dump();
    EXPECT_EQ(event["source"]["observer"]["identifier"].value("system", ""), "urn:avocet:audit-chain");
    EXPECT_EQ(event["source"]["observer"]["identifier"].value("value", ""), chain);

    // The same in a batch (how the desktop pushes).
    const json batch = {{"resourceType", "Bundle"},
                        {"type", "batch"},
                        {"entry", json::array({{{"resource", chainEvent(chain, 2, "unlock", "admin1", "elsewhere")},
                                                {"request", {{"method", "POST"}, {"url", "AuditEvent"}}}}})}};
    const auto answered = north.post("/", batch);
    ASSERT_EQ(answered.status, 200) << answered.body;
    const std::string id = answered.json()["entry"][0]["resource"].value("id", "");
    const auto stored = north.get("/AuditEvent/" + id);
    ASSERT_EQ(stored.status, 200) << stored.body;
    EXPECT_EQ(stored.json()["agent"][0]["who"]["identifier"].value("value", ""), "nurse.north");
}

TEST(HubAuditStamp, AnotherUserCannotContinueOrRewriteADevicesChain)
{
    auto& environment = HubEnvironment::shared();
    auto north = environment.clientFor("nurse.north");
    auto south = environment.clientFor("nurse.south");
    auto admin = environment.clientFor("admin1");
    const std::string chain = randomChain();
    ASSERT_EQ(north.post("/AuditEvent", chainEvent(chain, 1, "login", "nurse.north", "pc")).status, 201);
    const auto takeover = south.post("/AuditEvent", chainEvent(chain, 2, "login", "nurse.north", "pc"));
    EXPECT_EQ(takeover.status, 403) << takeover.body;
    EXPECT_EQ(admin.post("/AuditEvent", chainEvent(chain, 2, "login", "nurse.north", "pc")).status, 403);
    EXPECT_EQ(south.post("/AuditEvent", chainEvent(chain, 1, "login", "nurse.north", "pc")).status, 403);
    const auto anchored = north.get("/audit-chains/" + chain);
    ASSERT_EQ(anchored.status, 200) << anchored.body;
    EXPECT_EQ(anchored.json().value("headSeq", 0), 1);
    EXPECT_EQ(north.post("/AuditEvent", chainEvent(chain, 2, "logout", "nurse.north", "pc")).status, 201);
}

TEST(HubReceipts, OnlyTheHubWritesDeliveryReceipts)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    auto north = environment.clientFor("nurse.north");
    const std::string patientId = onCaseload(admin, patient("9990030094", "Receiptless"), "north-community");
    const json forged = {{"resourceType", "Task"},
                         {"status", "completed"},
                         {"intent", "order"},
                         {"code", {{"coding", json::array({{{"system", kTaskType}, {"code", "epr-delivery"}}})}}},
                         {"identifier", json::array({{{"system", kDeliverySystem}, {"value", "forged-key"}}})},
                         {"for", {{"reference", "Patient/" + patientId}}},
                         {"businessStatus", {{"text", "Paris: delivered"}}}};
    EXPECT_EQ(north.post("/Task", forged).status, 403);
    EXPECT_EQ(admin.post("/Task", forged).status, 403);
    json codeOnly = forged;
    codeOnly.erase("identifier");
    EXPECT_EQ(north.post("/Task", codeOnly).status, 403);
    const json batch = {{"resourceType", "Bundle"},
                        {"type", "transaction"},
                        {"entry", json::array({{{"resource", forged}, {"request", {{"method", "POST"}, {"url", "Task"}}}}})}};
    EXPECT_EQ(north.post("/", batch).status, 403);

    // A receipt the hub wrote cannot be rewritten or deleted by a client.
    const json form = {{"resourceType", "QuestionnaireResponse"},
                       {"status", "completed"},
                       {"questionnaire", "urn:test:receipt|1"},
                       {"subject", {{"reference", "Patient/" + patientId}}}};
    const std::string formId = createdId(north.post("/QuestionnaireResponse", form));
    const auto receipts = north.get("/Task?identifier=https://fhir.avocet.example/Id/epr-delivery-response|" + formId);
    ASSERT_EQ(receipts.status, 200) << receipts.body;
    ASSERT_GE(receipts.json().value("entry", json::array()).size(), 1u) << receipts.body;
    json receipt = receipts.json()["entry"][0]["resource"];
    const std::string receiptId = receipt.value("id", "");
    receipt.erase("code");
    receipt["businessStatus"] = {{"text", "Paris: delivered"}};
    EXPECT_EQ(north.put("/Task/" + receiptId, receipt).status, 403);
    EXPECT_EQ(admin.put("/Task/" + receiptId, receipt).status, 403);
    EXPECT_EQ(admin.request("DELETE", "/Task/" + receiptId).status, 403);

    // An ordinary Task is still a client's to write.
    const json ordinary = {{"resourceType", "Task"}, {"status", "requested"}, {"intent", "order"},
                           {"for", {{"reference", "Patient/" + patientId}}}};
    EXPECT_EQ(north.post("/Task", ordinary).status, 201);
}

// ---- Refresh tokens: reuse revokes the family; sessions end ---------------------------------------

namespace {

HttpResult login(std::uint16_t port, const std::string& user)
{
    return HttpClient(port).request("POST", "/auth/login", json{{"username", user}, {"password", kTestPassword}}.dump(),
                                    {{"Content-Type", "application/json"}});
}

HttpResult refresh(std::uint16_t port, const std::string& token)
{
    return HttpClient(port).request("POST", "/auth/refresh", json{{"refresh_token", token}}.dump(),
                                    {{"Content-Type", "application/json"}});
}

int statusWithToken(std::uint16_t port, const std::string& accessToken)
{
    HttpClient client(port);
    client.setBearerToken(accessToken);
    return client.get("/Questionnaire?_count=1").status;
}

} // namespace

TEST(HubSessions, AReusedRefreshTokenRevokesTheWholeFamily)
{
    auto& environment = HubEnvironment::shared();
    const auto port = environment.port();
    const auto first = login(port, "nurse.north");
    ASSERT_EQ(first.status, 200);
    const std::string r1 = first.json()["refresh_token"];
    const auto second = refresh(port, r1);
    ASSERT_EQ(second.status, 200) << second.body;
    const std::string a2 = second.json()["access_token"];
    const std::string r2 = second.json()["refresh_token"];
    const auto third = refresh(port, r2);
    ASSERT_EQ(third.status, 200);
    const std::string a3 = third.json()["access_token"];
    const std::string r3 = third.json()["refresh_token"];
    EXPECT_EQ(statusWithToken(port, a3), 200);

    // r1 was rotated away: someone holds a copy. Every token of this login stops working.
    EXPECT_EQ(refresh(port, r1).status, 401);
    EXPECT_EQ(statusWithToken(port, a3), 401);
    EXPECT_EQ(statusWithToken(port, a2), 401);
    EXPECT_EQ(refresh(port, r3).status, 401);
    // Another login of the same user is another family, untouched.
    const auto other = login(port, "nurse.north");
    ASSERT_EQ(other.status, 200);
    EXPECT_EQ(statusWithToken(port, other.json()["access_token"]), 200);
}

TEST(HubSessions, RefreshIsRefusedAfterTheAbsoluteSessionLifetime)
{
    auto& environment = HubEnvironment::shared();
    auto hub = environment.startHub({"--session-max-seconds", "3"});
    const auto first = login(hub->port(), "nurse.north");
    ASSERT_EQ(first.status, 200);
    const auto second = refresh(hub->port(), first.json()["refresh_token"]);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_LE(second.json().value("expires_in", 1000), 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));
    const auto late = refresh(hub->port(), second.json()["refresh_token"]);
    EXPECT_EQ(late.status, 401) << late.body;
    EXPECT_EQ(statusWithToken(hub->port(), second.json()["access_token"]), 401);
}

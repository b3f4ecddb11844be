// Access control of avocet-hub: tokens, roles, caseloads and break-glass (SECURITY-RELIABILITY 12, 14).

#include "tests/integration/support/HubEnvironment.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <thread>

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using nlohmann::json;

namespace {
json patient(const std::string& nhsNumber)
{
    return {{"resourceType", "Patient"},
            {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhsNumber}}})}};
}
} // namespace

TEST(HubAccess, LoginRefusesAWrongPasswordAndRefreshRotatesTokens)
{
    HttpClient client(HubEnvironment::shared().port());
    const auto refused = client.request("POST", "/auth/login",
                                        json{{"username", "nurse.north"}, {"password", "wrong-password"}}.dump());
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.json()["resourceType"], "OperationOutcome");

    const auto login = client.request("POST", "/auth/login",
                                      json{{"username", "nurse.north"}, {"password", avocet::test::kTestPassword}}.dump());
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(login.json()["role"], "clinician");
    const std::string refreshToken = login.json()["refresh_token"];
    const auto refreshed = client.request("POST", "/auth/refresh", json{{"refresh_token", refreshToken}}.dump());
    ASSERT_EQ(refreshed.status, 200);
    HttpClient renewed(HubEnvironment::shared().port());
    renewed.setBearerToken(refreshed.json()["access_token"]);
    EXPECT_EQ(renewed.get("/Questionnaire").status, 200);
    // The old access token and the used refresh token are revoked.
    HttpClient old(HubEnvironment::shared().port());
    old.setBearerToken(login.json()["access_token"]);
    EXPECT_EQ(old.get("/Questionnaire").status, 401);
    EXPECT_EQ(client.request("POST", "/auth/refresh", json{{"refresh_token", refreshToken}}.dump()).status, 401);
}

TEST(HubAccess, AccessTokensExpire)
{
    auto& environment = HubEnvironment::shared();
    auto shortLived = environment.startHub({"--token-seconds", "1"});
    HttpClient client(shortLived->port());
    client.setBearerToken(environment.login("admin1", shortLived->port()));
    EXPECT_EQ(client.get("/Patient?_count=1").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    EXPECT_EQ(client.get("/Patient?_count=1").status, 401);
}

TEST(HubAccess, ClinicianReachesOnlyPatientsOnTheTeamCaseload)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string northId = admin.post("/Patient", patient("9990001016")).json()["id"];
    const std::string southId = admin.post("/Patient", patient("9990001024")).json()["id"];
    ASSERT_EQ(environment.admin({"assign-caseload", "north-community", northId}), 0);
    ASSERT_EQ(environment.admin({"assign-caseload", "south-ward", southId}), 0);

    auto north = environment.clientFor("nurse.north");
    EXPECT_EQ(north.get("/Patient/" + northId).status, 200);
    const auto refused = north.get("/Patient/" + southId);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.json()["resourceType"], "OperationOutcome");

    // Search shows only the caseload.
    const auto listed = north.get("/Patient?_count=1000").json();
    for (const auto& entry : listed["entry"])
        EXPECT_NE(entry["resource"]["id"], southId);

    // Writing about a patient elsewhere is refused too.
    json flag = {{"resourceType", "Flag"}, {"status", "active"}, {"code", {{"text", "x"}}},
                 {"subject", {{"reference", "Patient/" + southId}}}};
    EXPECT_EQ(north.post("/Flag", flag).status, 403);
    flag["subject"]["reference"] = "Patient/" + northId;
    EXPECT_EQ(north.post("/Flag", flag).status, 201);

    // A patient the clinician registers joins their team's caseload.
    const auto registered = north.post("/Patient", patient("9990001032"));
    ASSERT_EQ(registered.status, 201);
    EXPECT_EQ(north.get("/Patient/" + registered.json()["id"].get<std::string>()).status, 200);
}

// The desktop and avocetctl name a form's patient by NHS number (subject.identifier), not by
// reference: the hub resolves it to its Patient, so the caseload rule holds all the same.
TEST(HubAccess, ARecordNamingItsPatientByNhsNumberIsGuardedLikeOneNamingItByReference)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string northId = admin.post("/Patient", patient("9990012008")).json()["id"];
    const std::string southId = admin.post("/Patient", patient("9990012016")).json()["id"];
    ASSERT_EQ(environment.admin({"assign-caseload", "north-community", northId}), 0);
    ASSERT_EQ(environment.admin({"assign-caseload", "south-ward", southId}), 0);
    auto byNhsNumber = [](const std::string& nhs) {
        return json{{"resourceType", "Flag"},
                    {"status", "active"},
                    {"code", {{"text", "CANARY risk"}}},
                    {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}}}}};
    };
    auto north = environment.clientFor("nurse.north");
    auto south = environment.clientFor("nurse.south");
    EXPECT_EQ(north.post("/Flag", byNhsNumber("9990012016")).status, 403) << "the south ward's patient";
    const auto created = north.post("/Flag", byNhsNumber("9990012008"));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string flagId = created.json()["id"];
    EXPECT_EQ(north.get("/Flag/" + flagId).status, 200);
    EXPECT_EQ(south.get("/Flag/" + flagId).status, 403) << "not on the south ward's caseload";
    for (const auto& entry : south.get("/Flag?_count=1000").json().value("entry", json::array()))
        EXPECT_NE(entry["resource"]["id"], flagId);
    EXPECT_EQ(south.get("/Flag?subject=Patient/" + northId).status, 403);
    const auto bySubject = north.get("/Flag?subject=Patient/" + northId).json();
    ASSERT_EQ(bySubject.value("total", 0), 1) << "found under the resolved patient";

    // An NHS number no Patient here has, or an identifier without a value: refused, nothing stored.
    // (A clinician gets the answer another team's patient gets, see below; an administrator, who
    // may see every patient anyway, is told what is wrong.)
    const auto before = admin.get("/Flag?_count=0").json()["total"].get<int>();
    const auto unknown = admin.post("/Flag", byNhsNumber("9990012024"));
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(unknown.json()["resourceType"], "OperationOutcome");
    EXPECT_NE(unknown.body.find("subject.identifier"), std::string::npos) << unknown.body;
    EXPECT_EQ(unknown.body.find("9990012024"), std::string::npos) << "the number is not echoed";
    auto noValue = byNhsNumber("x");
    noValue["subject"]["identifier"].erase("value");
    EXPECT_EQ(north.post("/Flag", noValue).status, 400);
    EXPECT_EQ(admin.get("/Flag?_count=0").json()["total"].get<int>(), before);
}

// A clinician cannot use a write that names its patient by NHS number to learn whether a number
// belongs to a patient of the trust: an unknown number, another team's patient and a patient on no
// caseload get the same status and the same body, on create and on update (SECURITY-RELIABILITY 25).
TEST(HubAccess, AnUnknownNhsNumberAnotherTeamsPatientAndAPatientOnNoCaseloadGetTheSameAnswer)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string northId = admin.post("/Patient", patient("9990020124")).json()["id"];
    const std::string southId = admin.post("/Patient", patient("9990020132")).json()["id"];
    admin.post("/Patient", patient("9990020140")); // on no caseload
    ASSERT_EQ(environment.admin({"assign-caseload", "north-community", northId}), 0);
    ASSERT_EQ(environment.admin({"assign-caseload", "south-ward", southId}), 0);
    auto byNhsNumber = [](const std::string& nhs) {
        return json{{"resourceType", "QuestionnaireResponse"},
                    {"status", "completed"},
                    {"questionnaire", "https://example.nhs.uk/Questionnaire/oracle|1.0.0"},
                    {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}}}}};
    };
    auto north = environment.clientFor("nurse.north");
    const auto before = admin.get("/QuestionnaireResponse?_count=0").json()["total"].get<int>();
    const auto otherTeam = north.post("/QuestionnaireResponse", byNhsNumber("9990020132"));
    const auto noCaseload = north.post("/QuestionnaireResponse", byNhsNumber("9990020140"));
    const auto unknown = north.post("/QuestionnaireResponse", byNhsNumber("9990020167"));
    EXPECT_EQ(otherTeam.status, 403) << otherTeam.body;
    EXPECT_EQ(otherTeam.json()["resourceType"], "OperationOutcome");
    EXPECT_EQ(noCaseload.status, otherTeam.status);
    EXPECT_EQ(noCaseload.body, otherTeam.body);
    EXPECT_EQ(unknown.status, otherTeam.status) << unknown.body;
    EXPECT_EQ(unknown.body, otherTeam.body);
    EXPECT_EQ(unknown.body.find("9990020167"), std::string::npos);
    EXPECT_EQ(admin.get("/QuestionnaireResponse?_count=0").json()["total"].get<int>(), before);

    // Moving one of the nurse's own records to such a number: the same answer again.
    const auto own = north.post("/QuestionnaireResponse", byNhsNumber("9990020124"));
    ASSERT_EQ(own.status, 201) << own.body;
    const std::string ownId = own.json()["id"];
    auto moved = [&](const std::string& nhs) {
        auto resource = byNhsNumber(nhs);
        resource["id"] = ownId;
        return north.put("/QuestionnaireResponse/" + ownId, resource);
    };
    const auto movedToOtherTeam = moved("9990020132");
    const auto movedToUnknown = moved("9990020167");
    EXPECT_EQ(movedToOtherTeam.status, 403);
    EXPECT_EQ(movedToUnknown.status, movedToOtherTeam.status);
    EXPECT_EQ(movedToUnknown.body, movedToOtherTeam.body);
    EXPECT_EQ(movedToUnknown.body, otherTeam.body);
}

TEST(HubAccess, WardStaffReachTheirWardsCaseloadPasswordsAreArgon2idAndRepeatedFailuresLockTheAccount)
{
    auto& environment = HubEnvironment::shared();
    ASSERT_EQ(environment.admin({"create-user", "ward.clerk", "--role", "ward_staff", "--team", "south-ward"}), 0);
    ASSERT_EQ(environment.admin({"create-user", "locum.doctor", "--role", "clinician", "--team", "north-community"}), 0);
    auto admin = environment.clientFor("admin1");
    const std::string northId = admin.post("/Patient", patient("9990012067")).json()["id"];
    const std::string southId = admin.post("/Patient", patient("9990012075")).json()["id"];
    ASSERT_EQ(environment.admin({"assign-caseload", "north-community", northId}), 0);
    ASSERT_EQ(environment.admin({"assign-caseload", "south-ward", southId}), 0);

    auto ward = environment.clientFor("ward.clerk");
    EXPECT_EQ(ward.get("/Patient/" + southId).status, 200);
    EXPECT_EQ(ward.get("/Patient/" + northId).status, 403);
    const json questionnaire = {{"resourceType", "Questionnaire"}, {"status", "draft"}, {"url", "urn:test:ward"}};
    EXPECT_EQ(ward.post("/Questionnaire", questionnaire).status, 403) << "only change managers publish templates";

    // Passwords are stored as libsodium Argon2id hashes, never in clear.
    PGconn* connection = PQconnectdb(environment.conninfo().c_str());
    ASSERT_EQ(PQstatus(connection), CONNECTION_OK);
    PGresult* rows = PQexec(connection, "SELECT password_hash FROM users WHERE username = 'ward.clerk'");
    ASSERT_EQ(PQntuples(rows), 1);
    const std::string hash = PQgetvalue(rows, 0, 0);
    PQclear(rows);
    PQfinish(connection);
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << "stored hash format";
    EXPECT_EQ(hash.find(avocet::test::kTestPassword), std::string::npos);

    // Five wrong passwords lock the account: the right one is refused for the lock-out minute.
    HttpClient anonymous(environment.port());
    auto attempt = [&](const std::string& password) {
        return anonymous.request("POST", "/auth/login", json{{"username", "locum.doctor"}, {"password", password}}.dump());
    };
    HttpResult wrong;
    for (int i = 0; i < 5; ++i) {
        wrong = attempt("not-the-password-" + std::to_string(i));
        EXPECT_EQ(wrong.status, 401);
    }
    // The locked account answers exactly like a wrong password (no oracle; LoginThrottleTest).
    const auto locked = attempt(avocet::test::kTestPassword);
    EXPECT_EQ(locked.status, 401);
    EXPECT_EQ(locked.body, wrong.body);
}

TEST(HubAccess, BreakGlassWithAReasonIsAllowedAuditedAndFlaggedForReview)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string southId = admin.post("/Patient", patient("9990001040")).json()["id"];
    ASSERT_EQ(environment.admin({"assign-caseload", "south-ward", southId}), 0);

    auto north = environment.clientFor("nurse.north");
    EXPECT_EQ(north.get("/Patient/" + southId).status, 403);
    const auto urgent = north.request("GET", "/Patient/" + southId, "",
                                      {{"X-Avocet-Break-Glass", "CANARY reason: unconscious in A&E"}});
    EXPECT_EQ(urgent.status, 200);
    EXPECT_EQ(urgent.header("x-avocet-break-glass"), "recorded");

    const auto audit = admin.get("/AuditEvent?patient=" + southId).json();
    ASSERT_EQ(audit["total"], 1);
    EXPECT_EQ(audit["entry"][0]["resource"]["purposeOfEvent"][0]["text"], "CANARY reason: unconscious in A&E");
    EXPECT_EQ(audit["entry"][0]["resource"]["agent"][0]["who"]["identifier"]["value"], "nurse.north");

    std::string report;
    ASSERT_EQ(environment.admin({"break-glass-report"}, &report), 0);
    EXPECT_NE(report.find("Patient/" + southId), std::string::npos);
    EXPECT_NE(report.find("\"reviewed\": false"), std::string::npos);
}

TEST(HubAccess, OnlyChangeManagersPublishTemplatesAndTheyCannotReadPatients)
{
    auto& environment = HubEnvironment::shared();
    const json questionnaire = {{"resourceType", "Questionnaire"},
                                {"url", "https://example.nhs.uk/Questionnaire/canary"},
                                {"version", "1.0.0"},
                                {"status", "active"},
                                {"item", json::array({{{"linkId", "q1"}, {"type", "string"}, {"text", "How are you?"}}})}};
    auto nurse = environment.clientFor("nurse.north");
    EXPECT_EQ(nurse.post("/Questionnaire", questionnaire).status, 403);
    auto designer = environment.clientFor("designer");
    const auto published = designer.post("/Questionnaire", questionnaire);
    EXPECT_EQ(published.status, 201);
    EXPECT_EQ(nurse.get("/Questionnaire/" + published.json()["id"].get<std::string>()).status, 200);
    const auto byCanonical = nurse.get("/Questionnaire?url=https://example.nhs.uk/Questionnaire/canary|1.0.0").json();
    EXPECT_EQ(byCanonical["total"], 1);
    EXPECT_EQ(nurse.get("/Questionnaire?url=https://example.nhs.uk/Questionnaire/canary|2.0.0").json()["total"], 0);
    EXPECT_EQ(designer.get("/Patient").status, 403);
}

TEST(HubAccess, AuditEventsAreAppendOnly)
{
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const json event = {{"resourceType", "AuditEvent"},
                        {"type", {{"code", "rest"}}},
                        {"recorded", "2025-01-01T00:00:00Z"},
                        {"agent", json::array({{{"requestor", true}}})},
                        {"source", {{"observer", {{"display", "test"}}}}}};
    const auto created = admin.post("/AuditEvent", event);
    ASSERT_EQ(created.status, 201);
    const std::string id = created.json()["id"];
    EXPECT_EQ(admin.put("/AuditEvent/" + id, created.json()).status, 405);
    EXPECT_EQ(admin.request("DELETE", "/AuditEvent/" + id).status, 405);
}

TEST(HubAccess, AdminCommandsRejectBadInputWithAOneLineReason)
{
    auto& environment = HubEnvironment::shared();
    std::string output;
    EXPECT_EQ(environment.admin({"create-user", "someone", "--role", "wizard"}, &output), 2);
    EXPECT_EQ(environment.admin({"create-team", "north-community"}), 1);
    EXPECT_EQ(environment.admin({"assign-caseload", "no-such-team", "abc"}), 1);
    EXPECT_EQ(environment.admin({"list-users"}, &output), 0);
    EXPECT_NE(output.find("nurse.north"), std::string::npos);
    EXPECT_EQ(output.find("argon2"), std::string::npos);
}

// Break-glass on avocet-hub (SECURITY-RELIABILITY 12, 13, 24): it opens exactly one patient, every
// patient it returns is recorded (break_glass_events row and AuditEvent) before the answer leaves,
// and when that record cannot be written nothing is returned.

#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using nlohmann::json;

namespace {

const char* kNhsSystem = "https://fhir.nhs.uk/Id/nhs-number";

json patient(const std::string& nhsNumber, const std::string& family)
{
    return {{"resourceType", "Patient"},
            {"name", json::array({{{"family", family}}})},
            {"identifier", json::array({{{"system", kNhsSystem}, {"value", nhsNumber}}})}};
}

json questionnaireResponse(const std::string& patientId, const std::string& text)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"questionnaire", "https://example.nhs.uk/Questionnaire/break-glass-test|1.0.0"},
            {"subject", {{"reference", "Patient/" + patientId}}},
            {"item", json::array({{{"linkId", "q1"}, {"answer", json::array({{{"valueString", text}}})}}})}};
}

std::string sql(const std::string& statement)
{
    return avocet::test::sqlValue(HubEnvironment::shared().conninfo(), statement);
}

int breakGlassRows(const std::string& patientRef)
{
    return std::stoi(
        sql("SELECT count(*) FROM break_glass_events WHERE patient_ref = 'Patient/" + patientRef + "'"));
}

int auditEventsAbout(const HttpClient& admin, const std::string& patientId)
{
    const auto found = admin.get("/AuditEvent?_count=0&patient=" + patientId);
    EXPECT_EQ(found.status, 200) << found.body;
    return found.json().value("total", -1);
}

std::string assigned(const HttpClient& admin, const json& resource, const std::string& team = {})
{
    const auto created = admin.post("/" + resource["resourceType"].get<std::string>(), resource);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.json().value("id", "");
    if (!team.empty()) {
        EXPECT_EQ(HubEnvironment::shared().admin({"assign-caseload", team, "Patient/" + id}), 0);
    }
    return id;
}

std::vector<std::string> entryIds(const HttpResult& bundle)
{
    std::vector<std::string> ids;
    for (const auto& entry : bundle.json().value("entry", json::array()))
        ids.push_back(entry["resource"]["id"].get<std::string>());
    return ids;
}

} // namespace

TEST(HubBreakGlass, SearchesAndHistoryThatNameNoSinglePatientAreRefusedAndRecordedAsAttemptsOnNoPatient)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string southId = assigned(admin, patient("9990020019", "ZZCANARY-bg-south"), "south-ward");
    const std::string loneId = assigned(admin, patient("9990020027", "ZZCANARY-bg-lone")); // on no caseload
    assigned(admin, questionnaireResponse(southId, "ZZCANARY-bg-south-answer"));
    assigned(admin, questionnaireResponse(loneId, "ZZCANARY-bg-lone-answer"));
    const std::string eventsBefore = sql("SELECT count(*) FROM break_glass_events");
    const int auditBefore = admin.get("/AuditEvent?_count=0").json().value("total", -1);

    auto north = environment.clientFor("nurse.north");
    north.setHeader("X-Avocet-Break-Glass", "CANARY reason: show me everyone");
    const std::vector<std::string> everyone = {
        "/Patient?_count=100",
        "/Patient",
        "/QuestionnaireResponse?_count=100",
        "/Flag?_count=100",
        "/AuditEvent?_count=100",
        "/Patient/_history",
        "/QuestionnaireResponse/_history",
        "/Patient?_lastUpdated=ge2000-01-01",
        "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C", // any value: every patient
        "/Patient?identifier=9990020019,9990020027",                // two patients
        "/QuestionnaireResponse?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990020019", // not a patient
                                                                                            // search
    };
    for (const auto& target : everyone) {
        const auto refused = north.get(target);
        EXPECT_EQ(refused.status, 403) << target << ": " << refused.body.substr(0, 300);
        EXPECT_EQ(refused.json().value("resourceType", ""), "OperationOutcome") << target;
        EXPECT_NE(refused.body.find("break-glass"), std::string::npos)
            << target << ": says why: " << refused.body;
        EXPECT_EQ(refused.body.find("ZZCANARY"), std::string::npos) << target;
        EXPECT_EQ(refused.body.find(southId), std::string::npos) << target;
        EXPECT_EQ(refused.body.find(loneId), std::string::npos) << target;
        EXPECT_NE(refused.header("x-avocet-break-glass"), "recorded") << target;
    }
    // Each refused attempt is recorded for review, naming no patient: no patient's record was opened.
    const int attempts = static_cast<int>(everyone.size());
    EXPECT_EQ(std::stoi(sql("SELECT count(*) FROM break_glass_events")), std::stoi(eventsBefore) + attempts);
    EXPECT_EQ(sql("SELECT count(*) FROM break_glass_events WHERE reason = 'CANARY reason: show me everyone'"
                  " AND patient_ref IS NULL AND outcome = 403"),
              std::to_string(attempts));
    EXPECT_EQ(admin.get("/AuditEvent?_count=0").json().value("total", -1), auditBefore + attempts);
    EXPECT_EQ(admin.get("/AuditEvent?_count=0&patient=" + southId).json().value("total", -1), 0);
    EXPECT_EQ(admin.get("/AuditEvent?_count=0&patient=" + loneId).json().value("total", -1), 0);

    // Without the header the same searches answer the caseload only, as before.
    north.clearHeader("X-Avocet-Break-Glass");
    const auto caseload = north.get("/Patient?_count=1000");
    ASSERT_EQ(caseload.status, 200);
    for (const auto& id : entryIds(caseload)) {
        EXPECT_NE(id, southId);
        EXPECT_NE(id, loneId);
    }
    const auto history = north.get("/QuestionnaireResponse/_history?_count=1000");
    ASSERT_EQ(history.status, 200);
    EXPECT_EQ(history.body.find("ZZCANARY-bg-"), std::string::npos);
}

TEST(HubBreakGlass, OneNamedPatientIsAnsweredAndRecordedBeforeTheAnswerLeaves)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string southId = assigned(admin, patient("9990020035", "ZZCANARY-bg-one-south"), "south-ward");
    const std::string loneId = assigned(admin, patient("9990020043", "ZZCANARY-bg-one-lone"));
    const std::string southAnswer = assigned(admin, questionnaireResponse(southId, "south"));
    const std::string loneAnswer = assigned(admin, questionnaireResponse(loneId, "lone"));

    auto north = environment.clientFor("nurse.north");
    // Without the header the NHS-number lookup finds nobody off the caseload.
    EXPECT_EQ(north.get(std::string("/Patient?identifier=") + kNhsSystem + "%7C9990020035")
                  .json()
                  .value("total", -1),
              0);
    EXPECT_EQ(breakGlassRows(southId), 0);

    north.setHeader("X-Avocet-Break-Glass", "CANARY reason: collapsed in clinic");
    const auto byNhsNumber = north.get(std::string("/Patient?identifier=") + kNhsSystem + "%7C9990020035");
    ASSERT_EQ(byNhsNumber.status, 200) << byNhsNumber.body;
    EXPECT_EQ(entryIds(byNhsNumber), std::vector<std::string>{southId});
    EXPECT_EQ(byNhsNumber.header("x-avocet-break-glass"), "recorded");
    // Recorded by the time the answer arrived: the event row and the AuditEvent clients sync.
    EXPECT_EQ(breakGlassRows(southId), 1);
    ASSERT_EQ(auditEventsAbout(admin, southId), 1);
    const auto audit = admin.get("/AuditEvent?patient=" + southId).json()["entry"][0]["resource"];
    EXPECT_EQ(audit["purposeOfEvent"][0]["text"], "CANARY reason: collapsed in clinic");
    EXPECT_EQ(audit["agent"][0]["who"]["identifier"]["value"], "nurse.north");
    EXPECT_EQ(audit["subtype"][0]["code"], "break-glass");
    EXPECT_EQ(sql("SELECT route FROM break_glass_events WHERE patient_ref = 'Patient/" + southId + "'"),
              "/Patient");

    // A bare NHS number (no system) naming one patient, here one on no caseload.
    const auto bare = north.get("/Patient?identifier=9990020043");
    ASSERT_EQ(bare.status, 200) << bare.body;
    EXPECT_EQ(entryIds(bare), std::vector<std::string>{loneId});
    EXPECT_EQ(bare.header("x-avocet-break-glass"), "recorded");
    EXPECT_EQ(breakGlassRows(loneId), 1);
    EXPECT_EQ(auditEventsAbout(admin, loneId), 1);

    // A search naming the patient: that patient's records only, recorded.
    const auto byPatient = north.get("/QuestionnaireResponse?patient=" + loneId);
    ASSERT_EQ(byPatient.status, 200) << byPatient.body;
    EXPECT_EQ(entryIds(byPatient), std::vector<std::string>{loneAnswer});
    EXPECT_EQ(byPatient.header("x-avocet-break-glass"), "recorded");
    EXPECT_EQ(breakGlassRows(loneId), 2);
    EXPECT_EQ(auditEventsAbout(admin, loneId), 2);
    const auto bySubject = north.get("/QuestionnaireResponse?subject=Patient/" + southId);
    ASSERT_EQ(bySubject.status, 200) << bySubject.body;
    EXPECT_EQ(entryIds(bySubject), std::vector<std::string>{southAnswer});
    EXPECT_EQ(breakGlassRows(southId), 2);

    // The history of one record and a read by id name their patient too.
    EXPECT_EQ(north.get("/QuestionnaireResponse/" + southAnswer + "/_history").status, 200);
    EXPECT_EQ(north.get("/Patient/" + southId).status, 200);
    EXPECT_EQ(breakGlassRows(southId), 4);
    EXPECT_EQ(auditEventsAbout(admin, southId), 4);

    // A number no patient has: nothing found, so nothing to record.
    const auto nobody = north.get(std::string("/Patient?identifier=") + kNhsSystem + "%7C9990020051");
    ASSERT_EQ(nobody.status, 200) << nobody.body;
    EXPECT_EQ(nobody.json().value("total", -1), 0);
    EXPECT_NE(nobody.header("x-avocet-break-glass"), "recorded");

    // A patient on the nurse's own caseload needs no glass: answered, not recorded.
    const std::string northId =
        assigned(admin, patient("9990020159", "ZZCANARY-bg-one-north"), "north-community");
    const auto own = north.get(std::string("/Patient?identifier=") + kNhsSystem + "%7C9990020159");
    ASSERT_EQ(own.status, 200);
    EXPECT_EQ(entryIds(own), std::vector<std::string>{northId});
    EXPECT_NE(own.header("x-avocet-break-glass"), "recorded");
    EXPECT_EQ(breakGlassRows(northId), 0);

    std::string report;
    ASSERT_EQ(environment.admin({"break-glass-report"}, &report), 0);
    EXPECT_NE(report.find("Patient/" + loneId), std::string::npos);
}

// The record is written in the transaction of the answer, so a failure to write it is a failure
// of the request: the data is not returned and a write is not kept. Triggers in the throwaway
// database make the real inserts fail for requests with these reasons only.
TEST(HubBreakGlass, WhenTheRecordCannotBeWrittenNothingIsReturnedOrKept)
{
    auto& environment = HubEnvironment::shared();
    auto admin = environment.clientFor("admin1");
    const std::string southId =
        assigned(admin, patient("9990020086", "ZZCANARY-bg-fail-south"), "south-ward");
    const std::string southAnswer =
        assigned(admin, questionnaireResponse(southId, "ZZCANARY-bg-fail-answer"));

    sql("CREATE FUNCTION test_refuse_break_glass_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.reason LIKE 'CANARY unrecordable%' THEN RAISE EXCEPTION 'test: break-glass row refused'; "
        "END IF;"
        " RETURN NEW; END $$");
    sql("CREATE TRIGGER test_refuse_break_glass_row BEFORE INSERT ON break_glass_events FOR EACH ROW"
        " EXECUTE FUNCTION test_refuse_break_glass_row()");
    sql("CREATE FUNCTION test_refuse_break_glass_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.resource_type = 'AuditEvent' AND NEW.content::text LIKE '%CANARY unauditable%' THEN"
        " RAISE EXCEPTION 'test: break-glass AuditEvent refused'; END IF; RETURN NEW; END $$");
    sql("CREATE TRIGGER test_refuse_break_glass_audit BEFORE INSERT ON resource_versions FOR EACH ROW"
        " EXECUTE FUNCTION test_refuse_break_glass_audit()");

    const json flag = {{"resourceType", "Flag"},
                       {"status", "active"},
                       {"code", {{"text", "ZZCANARY-bg-fail-flag"}}},
                       {"subject", {{"reference", "Patient/" + southId}}}};
    auto north = environment.clientFor("nurse.north");
    for (const std::string reason :
         {"CANARY unrecordable: the event row fails", "CANARY unauditable: the AuditEvent fails"}) {
        north.setHeader("X-Avocet-Break-Glass", reason);
        std::vector<HttpResult> answers = {
            north.get("/Patient/" + southId),
            north.get("/Patient/" + southId + "/_history/1"),
            north.get(std::string("/Patient?identifier=") + kNhsSystem + "%7C9990020086"),
            north.get("/QuestionnaireResponse?patient=" + southId),
            north.get("/QuestionnaireResponse/" + southAnswer),
            north.post("/Flag", flag),
        };
        for (const auto& answer : answers) {
            EXPECT_EQ(answer.status, 500) << reason << ": " << answer.body.substr(0, 300);
            EXPECT_EQ(answer.json().value("resourceType", ""), "OperationOutcome") << reason;
            EXPECT_NE(answer.body.find("break-glass"), std::string::npos) << answer.body;
            EXPECT_EQ(answer.body.find("ZZCANARY"), std::string::npos) << reason << ": no patient data";
            EXPECT_EQ(answer.body.find("9990020086"), std::string::npos) << reason;
            EXPECT_NE(answer.header("x-avocet-break-glass"), "recorded") << reason;
        }
        // Neither half of the record is kept without the other, and the Flag was not stored.
        EXPECT_EQ(breakGlassRows(southId), 0) << reason;
        EXPECT_EQ(auditEventsAbout(admin, southId), 0) << reason;
        EXPECT_EQ(admin.get("/Flag?_count=0&patient=" + southId).json().value("total", -1), 0) << reason;
    }

    // The same requests with a reason the triggers let through: answered and recorded.
    north.setHeader("X-Avocet-Break-Glass", "CANARY reason: recorded this time");
    const auto read = north.get("/Patient/" + southId);
    EXPECT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.header("x-avocet-break-glass"), "recorded");
    EXPECT_EQ(north.post("/Flag", flag).status, 201);
    EXPECT_EQ(breakGlassRows(southId), 2);
    EXPECT_EQ(auditEventsAbout(admin, southId), 2);

    sql("DROP TRIGGER test_refuse_break_glass_row ON break_glass_events");
    sql("DROP TRIGGER test_refuse_break_glass_audit ON resource_versions");
    sql("DROP FUNCTION test_refuse_break_glass_row()");
    sql("DROP FUNCTION test_refuse_break_glass_audit()");
}

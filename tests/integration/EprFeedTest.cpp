// EPR feeds into avocet-hub (docs/hub.md, "EPR feeds"; docs/clinical-record.md): a feeder plays
// realistic Paris streams against the real hub and a throwaway PostgreSQL, and the hub's state is
// checked after each stream and after the whole stream is replayed twice.

#include "tests/integration/support/HubEnvironment.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using nlohmann::json;

namespace {

const std::string kNhs = "https://fhir.nhs.uk/Id/nhs-number";
const std::string kParis = "https://fhir.avocet.example/Id/paris-record-id";
const std::string kMobius = "https://fhir.avocet.example/Id/mobius-record-id";
const std::string kChangedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";
const std::string kLegalStatus = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";

HubEnvironment& environment()
{
    static HubEnvironment& shared = []() -> HubEnvironment& {
        auto& env = HubEnvironment::shared();
        for (const auto& step : std::vector<std::vector<std::string>>{
                 {"create-user", "feed.paris", "--role", "epr_feed", "--epr", "Paris"},
                 {"create-user", "feed.mobius", "--role", "epr_feed", "--epr", "Mobius"},
                 {"create-user", "nurse.feedwatch", "--role", "clinician", "--team", "north-community"}}) {
            if (env.admin(step) != 0)
                throw std::runtime_error("cannot create " + step[1]);
        }
        return env;
    }();
    return shared;
}

json changed(const std::string& at)
{
    return json::array({{{"url", kChangedAt}, {"valueInstant", at}}});
}

json recordId(const std::string& system, const std::string& value)
{
    return json::array({{{"system", system}, {"value", value}}});
}

json byRecord(const std::string& patientRecord)
{
    return {{"identifier", {{"system", kParis}, {"value", patientRecord}}}};
}

json patient(const std::string& record, const std::string& nhs, const std::string& family,
             const std::string& given, const std::string& birthDate, const std::string& at)
{
    return {
        {"resourceType", "Patient"},
        {"identifier",
         json::array({{{"system", kParis}, {"value", record}}, {{"system", kNhs}, {"value", nhs}}})},
        {"extension", changed(at)},
        {"name", json::array({{{"use", "official"}, {"family", family}, {"given", json::array({given})}}})},
        {"gender", "female"},
        {"birthDate", birthDate}};
}

// An MHA power as an Encounter (docs/clinical-record.md).
json power(const std::string& id, const std::string& patientRecord, const std::string& code,
           const std::string& start, const std::string& end, const std::string& at)
{
    auto coded = [](const std::string& system, const std::string& value) {
        json coding = {{"system", system}, {"code", value}};
        json concept_ = {{"coding", json::array({coding})}};
        return concept_;
    };
    json context = {{"url", "legalStatusContext"},
                    {"valueCodeableConcept",
                     coded("https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext", "admission")}};
    json classification = {
        {"url", "legalStatusClassification"},
        {"valueCodeableConcept",
         coded("https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland", code)}};
    json legal = {{"url", kLegalStatus}, {"extension", json::array({context, classification})}};
    json encounter = {
        {"resourceType", "Encounter"},
        {"identifier", recordId(kParis, id)},
        {"status", end.empty() ? "in-progress" : "finished"},
        {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
        {"subject", byRecord(patientRecord)},
        {"period", {{"start", start}}},
        {"extension", json::array({changed(at)[0], legal})}};
    if (!end.empty())
        encounter["period"]["end"] = end;
    return encounter;
}

json appointment(const std::string& id, const std::string& nhs, const std::string& status,
                 const std::string& start, const std::string& at)
{
    return {
        {"resourceType", "Appointment"},
        {"identifier", recordId(kParis, id)},
        {"extension", changed(at)},
        {"status", status},
        {"appointmentType", {{"text", "Home visit"}}},
        {"start", start},
        {"minutesDuration", 45},
        {"participant",
         json::array({{{"actor", {{"display", "Care coordinator"}}}, {"status", "accepted"}},
                      {{"actor", {{"type", "Patient"}, {"identifier", {{"system", kNhs}, {"value", nhs}}}}},
                       {"status", "accepted"}}})}};
}

json entry(const std::string& method, const std::string& url, const json& resource = nullptr)
{
    json result = {{"request", {{"method", method}, {"url", url}}}};
    if (!resource.is_null())
        result["resource"] = resource;
    return result;
}

json post(const json& resource)
{
    return entry("POST", resource["resourceType"].get<std::string>(), resource);
}

json bundle(const std::string& type, const json& entries)
{
    return {{"resourceType", "Bundle"}, {"type", type}, {"entry", entries}};
}

std::string hubPatientId(const HttpClient& admin, const std::string& record)
{
    const auto found = admin.get("/Patient?identifier=" + kParis + "|" + record).json();
    if (found.value("total", 0) != 1)
        return {};
    return found["entry"][0]["resource"]["id"];
}

// Every fed type's current records about one patient, as an administrator sees them.
json snapshot(const HttpClient& admin, const std::string& patientId)
{
    json state = json::object();
    for (const char* type : {"Encounter", "EpisodeOfCare", "Appointment", "CarePlan", "Observation",
                             "AllergyIntolerance", "MedicationStatement", "Flag"}) {
        auto found =
            admin.get(std::string("/") + type + "?patient=Patient/" + patientId + "&_count=1000").json();
        json resources = json::array();
        for (const auto& item : found.value("entry", json::array()))
            resources.push_back(item["resource"]);
        state[type] = resources;
    }
    return state;
}

json byIdentifier(const json& resources, const std::string& value)
{
    for (const auto& resource : resources) {
        for (const auto& identifier : resource.value("identifier", json::array()))
            if (identifier.value("value", "") == value)
                return resource;
    }
    return nullptr;
}

long long feedCount(const std::string& epr, const std::string& type, const std::string& outcome)
{
    std::string output;
    if (environment().admin({"feed-stats"}, &output) != 0)
        return -1;
    const auto start = output.find('{');
    if (start == std::string::npos)
        return -1;
    const auto stats = json::parse(output.substr(start), nullptr, false);
    const json path = stats["feeds"];
    if (!path.contains(epr) || !path[epr].contains(type) || !path[epr][type].contains(outcome))
        return 0;
    return path[epr][type][outcome].get<long long>();
}

// The streams the feeder plays, each a list of batch Bundles sent in order.
struct Feeder
{
    HttpClient client;
    std::vector<std::pair<std::string, json>> sent; // (name, bundle) in order, for the replay

    HttpResult send(const std::string& name, const json& request)
    {
        sent.emplace_back(name, request);
        return client.post("/", request);
    }
};

void expectStatuses(const HttpResult& response, const std::vector<std::string>& statuses)
{
    ASSERT_EQ(response.status, 200) << response.body;
    const auto entries = response.json()["entry"];
    ASSERT_EQ(entries.size(), statuses.size()) << response.body;
    for (std::size_t i = 0; i < statuses.size(); ++i)
        EXPECT_EQ(entries[i]["response"]["status"].get<std::string>().substr(0, 3), statuses[i])
            << "entry " << i << ": " << entries[i].dump();
}

} // namespace

TEST(EprFeeds, ParisStreamsBuildTheRecordAndReplayingThemChangesNothing)
{
    auto& env = environment();
    auto admin = env.clientFor("admin1");
    Feeder feeder{env.clientFor("feed.paris"), {}};

    // The patient first (a transaction), then the caseload.
    const std::string nhs = "9990000018";
    auto created = feeder.send(
        "patient", bundle("transaction", json::array({post(patient("P100", nhs, "Okafor", "Adaeze",
                                                                   "1984-07-02", "2025-03-01T08:00:00Z"))})));
    ASSERT_EQ(created.status, 200) << created.body;
    const std::string patientId = hubPatientId(admin, "P100");
    ASSERT_FALSE(patientId.empty());
    ASSERT_EQ(env.admin({"assign-caseload", "north-community", patientId}), 0);

    // Mental Health Act: s2 admission, converted to s3 (the s2 Encounter ends when the s3 begins),
    // a s136 with its extension, then discharge from the s3.
    expectStatuses(
        feeder.send("s2",
                    bundle("batch", json::array({post(power("ENC-S2", "P100", "02", "2025-03-02T14:10:00Z",
                                                            "", "2025-03-02T14:15:00Z"))}))),
        {"201"});
    expectStatuses(
        feeder.send(
            "s2-to-s3",
            bundle("transaction", json::array({entry("PUT", "Encounter?identifier=" + kParis + "|ENC-S2",
                                                     power("ENC-S2", "P100", "02", "2025-03-02T14:10:00Z",
                                                           "2025-03-20T11:00:00Z", "2025-03-20T11:05:00Z")),
                                               post(power("ENC-S3", "P100", "03", "2025-03-20T11:00:00Z", "",
                                                          "2025-03-20T11:05:00Z"))}))),
        {"200", "201"});
    json s136 = power("ENC-S136", "P100", "20", "2025-01-10T22:30:00Z", "2025-01-12T09:00:00Z",
                      "2025-01-12T09:10:00Z");
    s136["extension"].push_back(
        {{"url", "https://fhir.avocet.example/StructureDefinition/mha-extension-authorised"},
         {"valueBoolean", true}});
    expectStatuses(feeder.send("s136", bundle("batch", json::array({post(s136)}))), {"201"});
    expectStatuses(
        feeder.send(
            "discharge",
            bundle("batch", json::array({post(power("ENC-S3", "P100", "03", "2025-03-20T11:00:00Z",
                                                    "2025-04-15T16:00:00Z", "2025-04-15T16:20:00Z"))}))),
        {"200"});
    {
        const auto state = snapshot(admin, patientId);
        ASSERT_EQ(state["Encounter"].size(), 3u) << state.dump();
        EXPECT_EQ(byIdentifier(state["Encounter"], "ENC-S2")["period"]["end"], "2025-03-20T11:00:00Z");
        EXPECT_EQ(byIdentifier(state["Encounter"], "ENC-S3")["period"]["end"], "2025-04-15T16:00:00Z");
        EXPECT_EQ(byIdentifier(state["Encounter"], "ENC-S3")["meta"]["versionId"], "2");
        EXPECT_EQ(byIdentifier(state["Encounter"], "ENC-S136")["extension"].size(), 3u);
        // The Encounter names its patient by Paris record id and belongs to that Patient.
        const auto started =
            admin.get("/Encounter?patient=Patient/" + patientId + "&date=ge2025-03-01&date=lt2025-04-01")
                .json();
        EXPECT_EQ(started.value("total", -1), 2) << started.dump();
    }

    // Appointments: booked, moved, cancelled; another booked then deleted.
    expectStatuses(
        feeder.send(
            "book",
            bundle("batch", json::array({post(appointment("APT-1", nhs, "booked", "2025-05-06T10:00:00Z",
                                                          "2025-04-20T09:00:00Z")),
                                         post(appointment("APT-2", nhs, "booked", "2025-05-13T10:00:00Z",
                                                          "2025-04-20T09:01:00Z"))}))),
        {"201", "201"});
    expectStatuses(feeder.send("move", bundle("batch", json::array({post(appointment(
                                                           "APT-1", nhs, "booked", "2025-05-07T14:30:00Z",
                                                           "2025-04-22T12:00:00Z"))}))),
                   {"200"});
    expectStatuses(
        feeder.send("cancel", bundle("batch", json::array({post(appointment("APT-1", nhs, "cancelled",
                                                                            "2025-05-07T14:30:00Z",
                                                                            "2025-05-01T08:00:00Z"))}))),
        {"200"});
    expectStatuses(
        feeder.send("delete",
                    bundle("batch",
                           json::array({entry("DELETE", "Appointment?identifier=" + kParis +
                                                            "|APT-2&epr-changed-at=2025-05-02T08:00:00Z")}))),
        {"204"});

    // The rest of the record: a care plan with its review date, PHQ-9 item 9, a safeguarding flag,
    // the episode of care, and the GP-held allergy and medicine.
    const json carePlan = {
        {"resourceType", "CarePlan"},
        {"identifier", recordId(kParis, "CP-7")},
        {"extension", json::array({changed("2025-02-28T12:00:00Z")[0],
                                   {{"url", "https://fhir.avocet.example/StructureDefinition/care-setting"},
                                    {"valueCode", "community"}}})},
        {"status", "active"},
        {"intent", "plan"},
        {"category",
         json::array(
             {{{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/review-subject"},
                                        {"code", "care-plan"}}})}}})},
        {"subject", {{"identifier", {{"system", kNhs}, {"value", nhs}}}}},
        {"period", {{"start", "2025-02-28"}}}};
    const json phq9 = {
        {"resourceType", "Observation"},
        {"identifier", recordId(kParis, "OBS-91")},
        {"extension", changed("2025-03-03T10:30:00Z")},
        {"status", "final"},
        {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "44260-8"}}})}}},
        {"subject", byRecord("P100")},
        {"effectiveDateTime", "2025-03-03T10:20:00Z"},
        {"valueInteger", 2}};
    const json flag = {
        {"resourceType", "Flag"},
        {"identifier", recordId(kParis, "FLG-3")},
        {"extension", changed("2025-01-05T09:00:00Z")},
        {"status", "active"},
        {"category",
         json::array(
             {{{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/flag-category"},
                                        {"code", "safety"}}})},
               {"text", "Safeguarding"}}})},
        {"code", {{"text", "Safeguarding adults concern: financial exploitation"}}},
        {"subject", byRecord("P100")},
        {"period", {{"start", "2025-01-05"}}}};
    const json episode = {{"resourceType", "EpisodeOfCare"},
                          {"identifier", recordId(kParis, "EOC-1")},
                          {"extension", changed("2024-11-01T09:00:00Z")},
                          {"status", "active"},
                          {"patient", byRecord("P100")},
                          {"managingOrganization", {{"display", "North Community Mental Health Team"}}},
                          {"period", {{"start", "2024-11-01"}}}};
    const json allergy = {{"resourceType", "AllergyIntolerance"},
                          {"identifier", recordId(kParis, "ALG-1")},
                          {"extension", changed("2024-06-01T09:00:00Z")},
                          {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                          {"code", {{"text", "Penicillin"}}},
                          {"patient", byRecord("P100")}};
    const json medicine = {{"resourceType", "MedicationStatement"},
                           {"identifier", recordId(kParis, "MED-1")},
                           {"extension", changed("2025-02-01T09:00:00Z")},
                           {"status", "active"},
                           {"medicationCodeableConcept", {{"text", "Sertraline 100mg tablets"}}},
                           {"subject", byRecord("P100")}};
    expectStatuses(feeder.send("record", bundle("transaction",
                                                json::array({post(carePlan), post(phq9), post(flag),
                                                             post(episode), post(allergy), post(medicine)}))),
                   {"201", "201", "201", "201", "201", "201"});

    // Duplicates: the same change again changes nothing.
    const auto resent = feeder.client.post("/Observation", phq9);
    EXPECT_EQ(resent.status, 200) << resent.body;
    EXPECT_EQ(resent.header("x-avocet-feed"), "unchanged");
    EXPECT_EQ(resent.json()["meta"]["versionId"], "1");

    // Late and out-of-order arrivals: the booking before the cancellation, an update of the deleted
    // appointment; both ignored and counted.
    const long long staleBefore = feedCount("Paris", "Appointment", "stale");
    const auto late = feeder.client.post(
        "/Appointment", appointment("APT-1", nhs, "booked", "2025-05-07T14:30:00Z", "2025-04-22T12:00:00Z"));
    EXPECT_EQ(late.status, 200) << late.body;
    EXPECT_EQ(late.header("x-avocet-feed"), "stale");
    EXPECT_EQ(late.json()["status"], "cancelled");
    const auto lateForDeleted = feeder.send(
        "late-deleted",
        bundle("batch", json::array({post(appointment("APT-2", nhs, "booked", "2025-05-14T10:00:00Z",
                                                      "2025-04-25T09:00:00Z"))})));
    expectStatuses(lateForDeleted, {"200"});
    EXPECT_EQ(lateForDeleted.json()["entry"][0]["response"]["outcome"]["issue"][0]["severity"], "warning");
    EXPECT_EQ(feedCount("Paris", "Appointment", "stale"), staleBefore + 2);

    json first = snapshot(admin, patientId);
    ASSERT_EQ(first["Appointment"].size(), 1u) << first.dump();
    EXPECT_EQ(first["Appointment"][0]["status"], "cancelled");
    EXPECT_EQ(first["Appointment"][0]["start"], "2025-05-07T14:30:00Z");
    EXPECT_EQ(first["Appointment"][0]["meta"]["versionId"], "3");
    EXPECT_EQ(first["CarePlan"].size(), 1u);
    EXPECT_EQ(first["Observation"].size(), 1u);
    EXPECT_EQ(first["Flag"].size(), 1u);
    EXPECT_EQ(first["EpisodeOfCare"].size(), 1u);
    EXPECT_EQ(first["AllergyIntolerance"].size(), 1u);
    EXPECT_EQ(first["MedicationStatement"].size(), 1u);
    // Search parameters a client needs.
    EXPECT_EQ(admin.get("/Observation?patient=Patient/" + patientId + "&code=http://loinc.org|44260-8")
                  .json()["total"],
              1);
    EXPECT_EQ(admin.get("/Observation?patient=Patient/" + patientId + "&code=44261-6").json()["total"], 0);
    EXPECT_EQ(admin.get("/CarePlan?subject=Patient/" + patientId + "&category=care-plan&status=active")
                  .json()["total"],
              1);
    EXPECT_EQ(admin.get("/Flag?patient=Patient/" + patientId + "&category=safety").json()["total"], 1);
    EXPECT_EQ(admin.get("/Appointment?patient=Patient/" + patientId + "&date=2025-05-07").json()["total"], 1);
    EXPECT_EQ(admin.get("/Appointment?patient=Patient/" + patientId + "&date=gt2025-05-08").json()["total"],
              0);
    EXPECT_EQ(admin.get("/Patient?family=okaf&given=ada&birthdate=1984-07-02&gender=female").json()["total"],
              1);
    EXPECT_EQ(admin.get("/Patient?name=ADAEZE").json()["total"], 1);
    EXPECT_EQ(admin.get("/Appointment?start=2025-05-07").status, 400);

    // Replaying the whole stream twice leaves the hub exactly as it was.
    const auto history = admin.get("/Appointment/_history?_count=1").json();
    const auto streams = feeder.sent;
    for (int round = 0; round < 2; ++round) {
        for (const auto& [name, request] : streams) {
            const auto replayed = feeder.client.post("/", request);
            ASSERT_EQ(replayed.status, 200) << name << ": " << replayed.body;
            for (const auto& item : replayed.json()["entry"]) {
                const std::string status = item["response"]["status"];
                EXPECT_TRUE(status.rfind("200", 0) == 0 || status.rfind("204", 0) == 0)
                    << name << ": " << item.dump();
            }
        }
        EXPECT_EQ(snapshot(admin, patientId), first) << "round " << round;
    }
    EXPECT_EQ(admin.get("/Appointment/_history?_count=1").json()["total"], history["total"]);
    EXPECT_EQ(admin.get("/Patient?identifier=" + kNhs + "|" + nhs).json()["total"], 1);
}

TEST(EprFeeds, RecordsArrivingBeforeTheirPatientAreParkedAndAttachedToTheRightPerson)
{
    auto& env = environment();
    auto admin = env.clientFor("admin1");
    auto feed = env.clientFor("feed.paris");

    // Someone else, with another Paris record: must never receive the parked records.
    ASSERT_EQ(feed.post("/Patient", patient("P301", "9990000026", "Whitfield", "Graham", "1961-02-14",
                                            "2025-01-01T09:00:00Z"))
                  .status,
              201);

    const auto parkedS2 = feed.post(
        "/Encounter", power("ENC-P2-S2", "P300", "02", "2025-06-01T10:00:00Z", "", "2025-06-01T10:05:00Z"));
    EXPECT_EQ(parkedS2.status, 202) << parkedS2.body;
    EXPECT_EQ(parkedS2.header("x-avocet-feed"), "parked");
    EXPECT_EQ(parkedS2.json()["resourceType"], "OperationOutcome");
    // A newer change of the same record while parked replaces the parked one; an older one is ignored.
    EXPECT_EQ(feed.post("/Encounter", power("ENC-P2-S2", "P300", "02", "2025-06-01T10:00:00Z",
                                            "2025-06-20T12:00:00Z", "2025-06-20T12:05:00Z"))
                  .status,
              202);
    const auto olderParked = feed.post(
        "/Encounter", power("ENC-P2-S2", "P300", "02", "2025-06-01T10:00:00Z", "", "2025-06-02T10:05:00Z"));
    EXPECT_EQ(olderParked.status, 202);
    EXPECT_EQ(olderParked.header("x-avocet-feed"), "stale");
    const auto parkedS3 = feed.post(
        "/", bundle("batch", json::array({post(power("ENC-P2-S3", "P300", "03", "2025-06-20T12:00:00Z", "",
                                                     "2025-06-20T12:05:00Z"))})));
    expectStatuses(parkedS3, {"202"});
    EXPECT_EQ(parkedS3.json()["entry"][0]["response"]["outcome"]["resourceType"], "OperationOutcome");
    // Attached to no one meanwhile.
    EXPECT_EQ(admin.get("/Encounter?identifier=" + kParis + "|ENC-P2-S2").json()["total"], 0);
    EXPECT_GE(feedCount("Paris", "Encounter", "parked"), 3);

    // The patient arrives: the parked records are applied in the same transaction, in order.
    const auto arrived = feed.post(
        "/Patient", patient("P300", "9990000034", "Haddad", "Samir", "1990-11-23", "2025-06-21T08:00:00Z"));
    ASSERT_EQ(arrived.status, 201) << arrived.body;
    const std::string patientId = arrived.json()["id"];
    const auto state = snapshot(admin, patientId);
    ASSERT_EQ(state["Encounter"].size(), 2u) << state.dump();
    EXPECT_EQ(byIdentifier(state["Encounter"], "ENC-P2-S2")["period"]["end"], "2025-06-20T12:00:00Z");
    EXPECT_FALSE(byIdentifier(state["Encounter"], "ENC-P2-S3").is_null());
    const std::string otherId = hubPatientId(admin, "P301");
    EXPECT_EQ(snapshot(admin, otherId)["Encounter"].size(), 0u);
    EXPECT_GE(feedCount("Paris", "Encounter", "applied"), 2);

    // Once applied, a resend answers unchanged and a delete ends the record.
    const auto again = feed.post(
        "/Encounter", power("ENC-P2-S3", "P300", "03", "2025-06-20T12:00:00Z", "", "2025-06-20T12:05:00Z"));
    EXPECT_EQ(again.header("x-avocet-feed"), "unchanged");
    EXPECT_EQ(feed.request("DELETE", "/Encounter?identifier=" + kParis + "|ENC-P2-S3").status, 204);
    EXPECT_EQ(snapshot(admin, patientId)["Encounter"].size(), 1u);
    const auto afterDelete = feed.post(
        "/Encounter", power("ENC-P2-S3", "P300", "03", "2025-06-20T12:00:00Z", "", "2025-06-20T12:05:00Z"));
    EXPECT_EQ(afterDelete.header("x-avocet-feed"), "stale");
    EXPECT_EQ(snapshot(admin, patientId)["Encounter"].size(), 1u);
}

TEST(EprFeeds, AFeedAccountWritesOnlyItsOwnEprsRecordsAndReadsNothing)
{
    auto& env = environment();
    auto admin = env.clientFor("admin1");
    auto feed = env.clientFor("feed.paris");
    const auto created = feed.post(
        "/Patient", patient("P400", "9990000042", "Lindqvist", "Maja", "1975-04-09", "2025-01-01T09:00:00Z"));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string patientId = created.json()["id"];
    ASSERT_EQ(feed.post("/Flag", {{"resourceType", "Flag"},
                                  {"identifier", recordId(kParis, "FLG-400")},
                                  {"extension", changed("2025-01-02T09:00:00Z")},
                                  {"status", "active"},
                                  {"code", {{"text", "Risk to others"}}},
                                  {"subject", {{"reference", "Patient/" + patientId}}}})
                  .status,
              201);

    for (const std::string& path : std::vector<std::string>{
             "/Patient/" + patientId, "/Patient?identifier=" + kParis + "|P400", "/Flag", "/Flag/_history",
             "/Encounter?patient=Patient/" + patientId, "/Caseload", "/Patient/" + patientId + "/_history"})
        EXPECT_EQ(feed.get(path).status, 403) << path;
    const auto searchInBatch =
        feed.post("/", bundle("batch", json::array({entry("GET", "Flag?patient=Patient/" + patientId)})));
    ASSERT_EQ(searchInBatch.status, 200);
    EXPECT_EQ(searchInBatch.json()["entry"][0]["response"]["status"].get<std::string>().substr(0, 3), "403");

    // Another EPR's record, and types a feed does not write.
    json mobiusEncounter = power("M-ENC-1", "P400", "02", "2025-02-01T10:00:00Z", "", "2025-02-01T10:05:00Z");
    mobiusEncounter["identifier"] = recordId(kMobius, "M-ENC-1");
    EXPECT_EQ(feed.post("/Encounter", mobiusEncounter).status, 403);
    EXPECT_EQ(feed.request("DELETE", "/Encounter?identifier=" + kMobius + "|M-ENC-1").status, 403);
    EXPECT_EQ(feed.post("/Task", {{"resourceType", "Task"}, {"status", "requested"}, {"intent", "order"}}).status, 403);
    // A historic form is a fed record like the others: it needs the EPR's own record identifier.
    EXPECT_EQ(feed.post("/QuestionnaireResponse",
                        {{"resourceType", "QuestionnaireResponse"}, {"status", "completed"}})
                  .status,
              422);
    // By the hub's id: refused, feeds write by record identifier.
    EXPECT_EQ(feed.put("/Patient/" + patientId, patient("P400", "9990000042", "Lindqvist", "Maja",
                                                        "1975-04-09", "2025-01-03T09:00:00Z"))
                  .status,
              405);
    // The Mobius feed cannot touch the Paris records either.
    auto mobius = env.clientFor("feed.mobius");
    EXPECT_EQ(mobius.request("DELETE", "/Flag?identifier=" + kParis + "|FLG-400").status, 403);
    EXPECT_EQ(admin.get("/Flag?identifier=" + kParis + "|FLG-400").json()["total"], 1);
}

TEST(EprFeeds, CliniciansReadTheFedRecordOnTheirCaseloadOnlyAndNeverWriteGpHeldRecords)
{
    auto& env = environment();
    auto admin = env.clientFor("admin1");
    auto feed = env.clientFor("feed.paris");
    const auto north = feed.post("/Patient", patient("P500", "9990000050", "Brennan", "Siobhan", "1988-08-30",
                                                     "2025-01-01T09:00:00Z"));
    const auto south = feed.post(
        "/Patient", patient("P501", "9990000069", "Adeyemi", "Tunde", "1979-12-01", "2025-01-01T09:00:00Z"));
    ASSERT_EQ(north.status, 201);
    ASSERT_EQ(south.status, 201);
    const std::string northId = north.json()["id"];
    const std::string southId = south.json()["id"];
    ASSERT_EQ(env.admin({"assign-caseload", "north-community", northId}), 0);
    ASSERT_EQ(env.admin({"assign-caseload", "south-ward", southId}), 0);
    const auto pullFrom = admin.get("/Patient/" + northId).json()["meta"]["lastUpdated"].get<std::string>();
    const auto fed = feed.post(
        "/",
        bundle("transaction",
               json::array(
                   {post(power("ENC-500", "P500", "03", "2025-02-01T10:00:00Z", "", "2025-02-01T10:05:00Z")),
                    post(power("ENC-501", "P501", "02", "2025-02-02T10:00:00Z", "", "2025-02-02T10:05:00Z")),
                    post({{"resourceType", "AllergyIntolerance"},
                          {"identifier", recordId(kParis, "ALG-500")},
                          {"extension", changed("2025-01-03T09:00:00Z")},
                          {"code", {{"text", "Latex"}}},
                          {"patient", byRecord("P500")}})})));
    ASSERT_EQ(fed.status, 200) << fed.body;

    auto nurse = env.clientFor("nurse.feedwatch");
    // The sync pull: _lastUpdated over every fed type, scoped to the caseload.
    const auto pulled = nurse.get("/Encounter?_lastUpdated=ge" + pullFrom + "&_count=100").json();
    std::vector<std::string> seen;
    for (const auto& item : pulled.value("entry", json::array()))
        seen.push_back(item["resource"]["identifier"][0]["value"]);
    EXPECT_NE(std::find(seen.begin(), seen.end(), "ENC-500"), seen.end()) << pulled.dump();
    EXPECT_EQ(std::find(seen.begin(), seen.end(), "ENC-501"), seen.end()) << pulled.dump();
    const std::string southEncounter =
        admin.get("/Encounter?identifier=" + kParis + "|ENC-501").json()["entry"][0]["resource"]["id"];
    EXPECT_EQ(nurse.get("/Encounter/" + southEncounter).status, 403);
    EXPECT_EQ(nurse.get("/Encounter?patient=Patient/" + southId).status, 403);
    EXPECT_EQ(nurse.get("/AllergyIntolerance?patient=Patient/" + northId).json()["total"], 1);
    EXPECT_EQ(nurse.get("/Encounter/_history?_count=100").status, 200);

    // GP-held records are read-only for clients.
    const auto written =
        nurse.post("/AllergyIntolerance", {{"resourceType", "AllergyIntolerance"},
                                           {"code", {{"text", "Peanut"}}},
                                           {"patient", {{"reference", "Patient/" + northId}}}});
    EXPECT_EQ(written.status, 403) << written.body;
    EXPECT_EQ(nurse
                  .post("/MedicationStatement", {{"resourceType", "MedicationStatement"},
                                                 {"status", "active"},
                                                 {"subject", {{"reference", "Patient/" + northId}}}})
                  .status,
              403);
    // Change managers see no patient data.
    EXPECT_EQ(env.clientFor("designer").get("/Encounter").status, 403);
}

TEST(EprFeeds, AFeedMissingTheIdentifierOrTheChangeTimeIsRefusedNamingTheEntryAndNothingIsWritten)
{
    auto& env = environment();
    auto admin = env.clientFor("admin1");
    auto feed = env.clientFor("feed.paris");
    ASSERT_EQ(feed.post("/Patient",
                        patient("P600", "9990000077", "Novak", "Petra", "1969-05-17", "2025-01-01T09:00:00Z"))
                  .status,
              201);
    json noChangeTime = power("ENC-600B", "P600", "02", "2025-03-01T10:00:00Z", "", "2025-03-01T10:05:00Z");
    noChangeTime["extension"].erase(0);
    json noIdentifier = power("ENC-600C", "P600", "02", "2025-03-01T10:00:00Z", "", "2025-03-01T10:05:00Z");
    noIdentifier.erase("identifier");
    const json good = power("ENC-600A", "P600", "02", "2025-03-01T10:00:00Z", "", "2025-03-01T10:05:00Z");

    const auto refused = feed.post("/", bundle("transaction", json::array({post(good), post(noChangeTime)})));
    EXPECT_EQ(refused.status, 422) << refused.body;
    const std::string diagnostics = refused.json()["issue"][0]["diagnostics"];
    EXPECT_NE(diagnostics.find("Bundle.entry[1]"), std::string::npos) << diagnostics;
    EXPECT_NE(diagnostics.find("epr-changed-at"), std::string::npos) << diagnostics;
    EXPECT_EQ(admin.get("/Encounter?identifier=" + kParis + "|ENC-600A").json()["total"], 0);

    const auto batch = feed.post("/", bundle("batch", json::array({post(noIdentifier), post(good)})));
    ASSERT_EQ(batch.status, 200) << batch.body;
    const auto first = batch.json()["entry"][0]["response"];
    EXPECT_EQ(first["status"].get<std::string>().substr(0, 3), "422");
    const std::string why = first["outcome"]["issue"][0]["diagnostics"];
    EXPECT_NE(why.find("Bundle.entry[0]"), std::string::npos) << why;
    EXPECT_NE(why.find("Encounter.identifier"), std::string::npos) << why;
    EXPECT_EQ(batch.json()["entry"][1]["response"]["status"].get<std::string>().substr(0, 3), "201");
    EXPECT_EQ(admin.get("/Encounter?identifier=" + kParis + "|ENC-600C").json()["total"], 0);

    const auto single = feed.post("/Encounter", noChangeTime);
    EXPECT_EQ(single.status, 422);
    // A bad search parameter keeps its clear 400.
    EXPECT_EQ(admin.get("/Encounter?colour=blue").status, 400);
    EXPECT_EQ(admin.get("/Encounter?date=yesterday").status, 400);
    // The CapabilityStatement lists the new types and their searches.
    const auto capability = admin.get("/metadata").json();
    bool found = false;
    for (const auto& resource : capability["rest"][0]["resource"]) {
        if (resource["type"] == "Appointment") {
            found = true;
            EXPECT_EQ(resource["conditionalDelete"], "single");
            EXPECT_NE(resource["searchParam"].dump().find("\"date\""), std::string::npos);
        }
    }
    EXPECT_TRUE(found);
}

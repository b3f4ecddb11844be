// FHIR R4 surface of avocet-hub against a throwaway PostgreSQL, through the real binary.

#include "tests/integration/support/HubEnvironment.h"

#include <gtest/gtest.h>

#include <Poco/DeflatingStream.h>

#include <atomic>
#include <regex>
#include <sstream>
#include <set>
#include <thread>

using avocet::test::HttpClient;
using avocet::test::HubEnvironment;
using nlohmann::json;

namespace {

std::string uniqueValue(const std::string& prefix)
{
    static std::atomic<int> counter{0};
    return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

json patient(const std::string& nhsNumber)
{
    return {{"resourceType", "Patient"},
            {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhsNumber}}})},
            {"name", json::array({{{"family", "CANARY-Testperson"}, {"given", json::array({"Alex"})}}})}};
}

json response(const std::string& patientId, const std::string& clientId)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"identifier", {{"system", "urn:avocet:client-id"}, {"value", clientId}}},
            {"status", "completed"},
            {"questionnaire", "https://example.nhs.uk/Questionnaire/phq9|1.0.0"},
            {"subject", {{"reference", "Patient/" + patientId}}}};
}

// POSTs `resource` twice with If-None-Exist on its client identifier: 201, then 200 with the same id.
void expectIdempotentCreate(HttpClient& client, const std::string& path, const json& resource,
                            const std::string& clientId)
{
    const std::vector<std::pair<std::string, std::string>> header = {
        {"If-None-Exist", "identifier=urn:avocet:client-id|" + clientId}};
    const auto first = client.post(path, resource, header);
    ASSERT_EQ(first.status, 201) << first.body;
    const auto retry = client.post(path, resource, header);
    EXPECT_EQ(retry.status, 200) << retry.body;
    EXPECT_EQ(retry.json()["id"], first.json()["id"]);
}

bool isOutcome(const avocet::test::HttpResult& result)
{
    return result.json().is_object() && result.json().value("resourceType", "") == "OperationOutcome";
}

} // namespace

TEST(FhirSurface, CapabilityStatementListsEverySupportedResourceWithItsInteractions)
{
    const auto result = HttpClient(HubEnvironment::shared().port()).get("/metadata");
    ASSERT_EQ(result.status, 200);
    const auto resources = result.json()["rest"][0]["resource"];
    std::set<std::string> types;
    for (const auto& resource : resources)
        types.insert(resource["type"].get<std::string>());
    EXPECT_EQ(types, (std::set<std::string>{"Patient", "Questionnaire", "QuestionnaireResponse", "AuditEvent", "Flag",
                                            "Task", "Encounter", "EpisodeOfCare", "Appointment", "CarePlan",
                                            "Observation", "AllergyIntolerance", "MedicationStatement", "Condition", "DocumentReference"}));
    EXPECT_TRUE(resources[0]["conditionalCreate"].get<bool>());
}

TEST(FhirSurface, RequestWithoutTokenGets401WithOperationOutcome)
{
    HttpClient anonymous(HubEnvironment::shared().port());
    const auto result = anonymous.get("/Patient");
    EXPECT_EQ(result.status, 401);
    EXPECT_TRUE(isOutcome(result));
    EXPECT_FALSE(result.header("www-authenticate").empty());
    anonymous.setBearerToken("not-a-real-token");
    EXPECT_EQ(anonymous.get("/Patient").status, 401);
}

TEST(FhirSurface, CreateThenReadAndVreadCarryEtagLocationAndLastModifiedFromServerClock)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    json body = patient("9990000011");
    body["meta"] = {{"lastUpdated", "1999-01-01T00:00:00Z"}, {"versionId", "77"}};
    const auto created = client.post("/Patient", body);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.header("etag"), "W/\"1\"");
    EXPECT_FALSE(created.header("last-modified").empty());
    const std::string location = created.header("location");
    ASSERT_NE(location.find("/Patient/"), std::string::npos);
    EXPECT_NE(location.find("/_history/1"), std::string::npos);
    const auto stored = created.json();
    const std::string id = stored["id"];
    EXPECT_EQ(stored["meta"]["versionId"], "1");
    EXPECT_NE(stored["meta"]["lastUpdated"], "1999-01-01T00:00:00Z"); // the client's clock is ignored
    EXPECT_EQ(stored["name"][0]["family"], "CANARY-Testperson");

    const auto read = client.get("/Patient/" + id);
    EXPECT_EQ(read.status, 200);
    EXPECT_EQ(read.json()["identifier"][0]["value"], "9990000011");
    EXPECT_EQ(client.get("/Patient/" + id + "/_history/1").status, 200);
    EXPECT_EQ(client.get("/Patient/" + id + "/_history/2").status, 404);
    const auto missing = client.get("/Patient/no-such-id");
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(isOutcome(missing));
}

TEST(FhirSurface, ConditionalCreateReturnsTheExistingResourceOnRetry)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const std::string patientId = client.post("/Patient", patient("9990000028")).json()["id"];
    const std::string clientId = uniqueValue("qr");
    expectIdempotentCreate(client, "/QuestionnaireResponse", response(patientId, clientId), clientId);
    const auto found = client.get("/QuestionnaireResponse?identifier=urn:avocet:client-id|" + clientId);
    EXPECT_EQ(found.json()["total"], 1);
}

TEST(FhirSurface, ConcurrentConditionalCreatesProduceExactlyOneResource)
{
    auto& environment = HubEnvironment::shared();
    const std::string token = environment.login("admin1");
    HttpClient setup(environment.port());
    setup.setBearerToken(token);
    const std::string patientId = setup.post("/Patient", patient("9990000036")).json()["id"];
    const std::string clientId = uniqueValue("race");
    std::vector<std::thread> threads;
    std::atomic<int> created{0};
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&] {
            HttpClient client(environment.port());
            client.setBearerToken(token);
            const auto result = client.post("/QuestionnaireResponse", response(patientId, clientId),
                                            {{"If-None-Exist", "identifier=urn:avocet:client-id|" + clientId}});
            if (result.status == 201)
                ++created;
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(setup.get("/QuestionnaireResponse?identifier=urn:avocet:client-id|" + clientId).json()["total"], 1);
}

TEST(FhirSurface, UpdateWithStaleIfMatchGets412AndKeepsTheCurrentVersion)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    auto stored = client.post("/Patient", patient("9990000044")).json();
    const std::string id = stored["id"];
    stored["gender"] = "female";
    const auto updated = client.put("/Patient/" + id, stored, {{"If-Match", "W/\"1\""}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.header("etag"), "W/\"2\"");

    stored["gender"] = "male";
    const auto stale = client.put("/Patient/" + id, stored, {{"If-Match", "W/\"1\""}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_TRUE(isOutcome(stale));
    EXPECT_EQ(client.get("/Patient/" + id).json()["gender"], "female");

    stored.erase("id");
    EXPECT_EQ(client.put("/Patient/" + id, stored).status, 400);
}

TEST(FhirSurface, DeleteLeavesATombstoneThatReads410AndAppearsInHistory)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    auto stored = client.post("/Patient", patient("9990000052")).json();
    const std::string id = stored["id"];
    const auto removed = client.request("DELETE", "/Patient/" + id);
    EXPECT_EQ(removed.status, 204);
    EXPECT_EQ(removed.header("etag"), "W/\"2\"");
    const auto gone = client.get("/Patient/" + id);
    EXPECT_EQ(gone.status, 410);
    EXPECT_TRUE(isOutcome(gone));
    // A deleted record never comes back through an update.
    EXPECT_EQ(client.put("/Patient/" + id, stored).status, 410);

    const auto history = client.get("/Patient/" + id + "/_history").json();
    ASSERT_EQ(history["type"], "history");
    ASSERT_EQ(history["entry"].size(), 2u);
    EXPECT_EQ(history["entry"][0]["request"]["method"], "DELETE");
    EXPECT_FALSE(history["entry"][0].contains("resource"));
    EXPECT_EQ(history["entry"][1]["request"]["method"], "POST");

    const auto typeHistory = client.get("/Patient/_history?_since=" + stored["meta"]["lastUpdated"].get<std::string>());
    EXPECT_EQ(typeHistory.status, 200);
    bool sawDelete = false;
    const auto typeHistoryBundle = typeHistory.json();
    for (const auto& entry : typeHistoryBundle["entry"])
        sawDelete = sawDelete || (entry["request"]["method"] == "DELETE" && entry["fullUrl"].get<std::string>().find(id) != std::string::npos);
    EXPECT_TRUE(sawDelete);
    EXPECT_EQ(client.get("/Patient?_id=" + id).json()["total"], 0);
}

TEST(FhirSurface, LastUpdatedSearchPagesStablyWithNextLinks)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const std::string tag = uniqueValue("flagset");
    const auto first = client.post("/Patient", patient("9990000060")).json();
    const std::string watermark = first["meta"]["lastUpdated"];
    const std::string subject = "Patient/" + first["id"].get<std::string>();
    std::set<std::string> createdIds;
    for (int i = 0; i < 7; ++i) {
        json flag = {{"resourceType", "Flag"},
                     {"status", "active"},
                     {"identifier", json::array({{{"system", "urn:test"}, {"value", tag}}})},
                     {"code", {{"text", "risk " + std::to_string(i)}}},
                     {"subject", {{"reference", subject}}}};
        createdIds.insert(client.post("/Flag", flag).json()["id"].get<std::string>());
    }
    std::set<std::string> seen;
    std::string next = "/Flag?_lastUpdated=ge" + watermark + "&identifier=urn:test|" + tag + "&_count=3";
    int pages = 0;
    std::string previousLastUpdated;
    while (!next.empty() && pages < 10) {
        const auto page = client.get(next);
        ASSERT_EQ(page.status, 200) << page.body;
        const auto bundle = page.json();
        for (const auto& entry : bundle["entry"]) {
            EXPECT_TRUE(seen.insert(entry["resource"]["id"].get<std::string>()).second) << "duplicate across pages";
            const std::string lastUpdated = entry["resource"]["meta"]["lastUpdated"];
            EXPECT_GE(lastUpdated, previousLastUpdated);
            previousLastUpdated = lastUpdated;
        }
        next.clear();
        for (const auto& link : bundle["link"]) {
            if (link["relation"] == "next") {
                const std::string url = link["url"];
                next = url.substr(url.find("/Flag"));
            }
        }
        ++pages;
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen, createdIds);

    const auto bySubject = client.get("/Flag?subject=" + subject + "&_count=100");
    EXPECT_EQ(bySubject.json()["total"], 7);
    const auto after = client.get("/Flag?identifier=urn:test|" + tag + "&_lastUpdated=gt" + previousLastUpdated);
    EXPECT_EQ(after.json()["total"], 0);
}

TEST(FhirSurface, SearchReadAheadServesTheNextPageButNeverOneReadBeforeAWrite)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const std::string tag = uniqueValue("readahead");
    const std::string subject = "Patient/" + client.post("/Patient", patient("9990000077")).json()["id"].get<std::string>();
    auto flag = [&](int i) {
        return json{{"resourceType", "Flag"},
                    {"status", "active"},
                    {"identifier", json::array({{{"system", "urn:test"}, {"value", tag}}})},
                    {"code", {{"text", "risk " + std::to_string(i)}}},
                    {"subject", {{"reference", subject}}}};
    };
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(client.post("/Flag", flag(i)).status, 201);
    auto served = [&] { return client.get("/health").json()["searchReadAhead"]["served"].get<long long>(); };
    auto nextOf = [](const json& bundle) {
        for (const auto& link : bundle["link"])
            if (link["relation"] == "next")
                return link["url"].get<std::string>().substr(link["url"].get<std::string>().find("/Flag"));
        return std::string();
    };
    const auto page1 = client.get("/Flag?identifier=urn:test|" + tag + "&_count=2&_total=none").json();
    ASSERT_EQ(page1["entry"].size(), 2u);
    const long long servedBefore = served();
    const auto page2 = client.get(nextOf(page1)).json();
    ASSERT_EQ(page2["entry"].size(), 2u);
    EXPECT_EQ(served(), servedBefore + 1) << "the second page comes from the read-ahead";

    // The third page is being read ahead now (one Flag left). A write through this hub lands
    // before the client follows the link: the page read before it must not be served.
    const std::string late = client.post("/Flag", flag(5)).json()["id"];
    const auto page3 = client.get(nextOf(page2)).json();
    std::set<std::string> ids;
    for (const auto& entry : page3["entry"])
        ids.insert(entry["resource"]["id"].get<std::string>());
    EXPECT_EQ(ids.size(), 2u);
    EXPECT_TRUE(ids.count(late)) << "the Flag written between the pages is on the last page";
    EXPECT_EQ(served(), servedBefore + 1);
}

TEST(FhirSurface, GzippedRequestsLastModifiedOnReadAndOutcomesOnEveryRefusalAGenericClientMeets)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    // A gzipped request body (Content-Encoding: gzip) is accepted.
    std::ostringstream packed;
    {
        Poco::DeflatingOutputStream gzip(packed, Poco::DeflatingStreamBuf::STREAM_GZIP);
        gzip << patient("9990012059").dump();
        gzip.close();
    }
    const auto created = client.request("POST", "/Patient", packed.str(), {{"Content-Encoding", "gzip"}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json()["identifier"][0]["value"], "9990012059");
    const std::string id = created.json()["id"];

    // Last-Modified on a read is the HTTP date of meta.lastUpdated.
    const auto read = client.get("/Patient/" + id);
    ASSERT_EQ(read.status, 200);
    EXPECT_TRUE(std::regex_match(read.header("last-modified"),
                                 std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)")))
        << read.header("last-modified");

    // Refusals a generic client meets all carry an OperationOutcome.
    const auto patch = client.request("PATCH", "/Patient/" + id, "{}");
    EXPECT_EQ(patch.status, 405);
    EXPECT_TRUE(isOutcome(patch)) << patch.body;
    const auto xml = client.request("POST", "/Patient", "<Patient/>", {{"Content-Type", "application/fhir+xml"}});
    EXPECT_EQ(xml.status, 415);
    EXPECT_TRUE(isOutcome(xml)) << xml.body;
    const auto unknown = client.get("/Practitioner?_count=1");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_TRUE(isOutcome(unknown)) << unknown.body;
    const auto corrupt = client.request("POST", "/Patient", "not gzip at all", {{"Content-Encoding", "gzip"}});
    EXPECT_EQ(corrupt.status, 400);
    EXPECT_TRUE(isOutcome(corrupt)) << corrupt.body;

    // If-None-Exist matching several resources: 412, and nothing is created.
    const std::string tag = uniqueValue("twice");
    json flag = {{"resourceType", "Flag"},
                 {"status", "active"},
                 {"code", {{"text", "x"}}},
                 {"identifier", json::array({{{"system", "urn:test"}, {"value", tag}}})}};
    ASSERT_EQ(client.post("/Flag", flag).status, 201);
    ASSERT_EQ(client.post("/Flag", flag).status, 201);
    const auto ambiguous = client.post("/Flag", flag, {{"If-None-Exist", "identifier=urn:test|" + tag}});
    EXPECT_EQ(ambiguous.status, 412);
    EXPECT_TRUE(isOutcome(ambiguous)) << ambiguous.body;
    EXPECT_EQ(client.get("/Flag?identifier=urn:test|" + tag).json()["total"], 2);
}

TEST(FhirSurface, BadInputGetsA4xxOperationOutcomeAndStoresNothing)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const auto malformed = client.request("POST", "/Patient", "{\"resourceType\": \"Patient\",");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_TRUE(isOutcome(malformed));
    const auto wrongType = client.post("/Patient", json{{"resourceType", "Flag"}});
    EXPECT_EQ(wrongType.status, 400);
    EXPECT_TRUE(isOutcome(wrongType));
    const auto unknownParameter = client.get("/Patient?favouriteColour=blue");
    EXPECT_EQ(unknownParameter.status, 400);
    EXPECT_NE(unknownParameter.json()["issue"][0]["diagnostics"].get<std::string>().find("favouriteColour"),
              std::string::npos);
    EXPECT_EQ(client.get("/Patient?favouriteColour=blue").status, 400);
    EXPECT_EQ(client.request("GET", "/Patient?favouriteColour=blue", "", {{"Prefer", "handling=lenient"}}).status, 200);
    EXPECT_EQ(client.get("/Patient?_lastUpdated=yesterday").status, 400);
    EXPECT_EQ(client.get("/Observation/1").status, 404);
    const std::string deep(200, '[');
    EXPECT_EQ(client.request("POST", "/Patient", deep).status, 400);
    const std::string huge(17 * 1024 * 1024, ' ');
    const auto oversized = client.request("POST", "/Patient", huge);
    EXPECT_EQ(oversized.status, 413);
    EXPECT_TRUE(isOutcome(oversized));
    EXPECT_EQ(client.request("PATCH", "/Patient/x").status, 405);
}

TEST(FhirSurface, LargeResponsesAreGzippedWhenTheClientAcceptsIt)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    for (int i = 0; i < 5; ++i)
        (void)client.post("/Patient", patient("99900001" + std::to_string(10 + i)));
    const auto plain = client.get("/Patient?_count=20");
    EXPECT_FALSE(plain.wasGzipped);
    const auto compressed = client.request("GET", "/Patient?_count=20", "", {{"Accept-Encoding", "gzip"}});
    EXPECT_TRUE(compressed.wasGzipped);
    EXPECT_EQ(compressed.json()["resourceType"], "Bundle");
}

TEST(FhirSurface, TwoHubProcessesOverOneDatabaseServeTheSameData)
{
    auto& environment = HubEnvironment::shared();
    auto second = environment.startHub();
    HttpClient first(environment.port());
    first.setBearerToken(environment.login("admin1"));
    HttpClient other(second->port());
    other.setBearerToken(environment.login("admin1", second->port()));

    const auto created = first.post("/Patient", patient("9990000077"));
    ASSERT_EQ(created.status, 201);
    const std::string id = created.json()["id"];
    auto seen = other.get("/Patient/" + id);
    ASSERT_EQ(seen.status, 200);
    auto body = seen.json();
    body["gender"] = "unknown";
    EXPECT_EQ(other.put("/Patient/" + id, body, {{"If-Match", "W/\"1\""}}).status, 200);
    EXPECT_EQ(first.put("/Patient/" + id, body, {{"If-Match", "W/\"1\""}}).status, 412);
    second->sendSignal(SIGTERM);
    EXPECT_EQ(second->waitForExit(std::chrono::seconds(10)), 0);
}

TEST(FhirSurface, SigtermLetsAnInFlightTransactionFinishBeforeExitingZero)
{
    auto& environment = HubEnvironment::shared();
    auto hub = environment.startHub();
    HttpClient client(hub->port());
    client.setBearerToken(environment.login("admin1", hub->port()));
    const std::string tag = uniqueValue("inflight");
    json bundle = {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array()}};
    for (int i = 0; i < 1500; ++i) {
        bundle["entry"].push_back({{"resource",
                                    {{"resourceType", "Task"},
                                     {"status", "requested"},
                                     {"intent", "order"},
                                     {"identifier", json::array({{{"system", "urn:test"}, {"value", tag}}})}}},
                                   {"request", {{"method", "POST"}, {"url", "Task"}}}});
    }
    avocet::test::HttpResult result;
    std::thread sender([&] { result = client.post("/", bundle); });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    hub->sendSignal(SIGTERM);
    sender.join();
    EXPECT_EQ(hub->waitForExit(std::chrono::seconds(20)), 0);
    EXPECT_EQ(result.status, 200);
    auto reader = environment.clientFor("admin1");
    EXPECT_EQ(reader.get("/Task?identifier=urn:test|" + tag + "&_count=0").json()["total"], 1500);
}

namespace {

json auditEvent(const std::string& patientId, const std::string& clientId)
{
    return {{"resourceType", "AuditEvent"},
            {"identifier", {{"system", "urn:avocet:client-id"}, {"value", clientId}}},
            {"type", {{"system", "http://dicom.nema.org/resources/ontology/DCM"}, {"code", "110110"}}},
            {"recorded", "2025-03-14T10:42:07Z"},
            {"agent", json::array({{{"who", {{"display", "nurse.a"}}}, {"requestor", true}}})},
            {"source", {{"observer", {{"display", "avocet desktop"}}}}},
            {"entity", json::array({{{"what", {{"reference", "Patient/" + patientId}}}}})}};
}

json conditionalEntry(const json& resource, const std::string& clientId)
{
    return {{"resource", resource},
            {"request",
             {{"method", "POST"},
              {"url", resource["resourceType"]},
              {"ifNoneExist", "identifier=urn:avocet:client-id|" + clientId}}}};
}

} // namespace

// A device's audit chain event as the sync client pushes it (core/sync SyncEngine::pushAudit).
json chainEvent(const std::string& chain, int seq, const std::string& hash, const std::string& prevHash)
{
    return {{"resourceType", "AuditEvent"},
            {"type", {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"}, {"code", "rest"}}},
            {"recorded", "2026-11-25T10:42:07Z"},
            {"agent", json::array({{{"who", {{"display", "nurse.north"}}}, {"requestor", true}}})},
            {"source", {{"observer", {{"display", "touchdown-07"}}}}},
            {"entity", json::array({{{"detail", json::array({{{"type", "avocet-audit-chain"},
                                                              {"valueString", chain + ":" + std::to_string(seq) + ":" + hash}},
                                                             {{"type", "prev-hash"}, {"valueString", prevHash}}})}}})}};
}

TEST(FhirSurface, AuditChainEventsAreAnchoredOnceTheirHistoryCannotBeRewrittenAndBreaksAreCounted)
{
    // A clinician may not search AuditEvents, so a resend after a lost answer must be idempotent
    // on the hub by itself.
    auto nurse = HubEnvironment::shared().clientFor("nurse.north");
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const std::string chain = "c0ffee00-" + std::to_string(::getpid());
    const auto first = nurse.post("/AuditEvent", chainEvent(chain, 1, "aa01", ""));
    ASSERT_EQ(first.status, 201) << first.body;
    const auto again = nurse.post("/AuditEvent", chainEvent(chain, 1, "aa01", ""));
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json()["id"], first.json()["id"]);
    const auto rewritten = nurse.post("/AuditEvent", chainEvent(chain, 1, "bb01", ""));
    EXPECT_EQ(rewritten.status, 409) << rewritten.body;
    EXPECT_TRUE(isOutcome(rewritten));
    ASSERT_EQ(nurse.post("/AuditEvent", chainEvent(chain, 2, "aa02", "aa01")).status, 201);

    auto anchor = nurse.get("/audit-chains/" + chain);
    ASSERT_EQ(anchor.status, 200) << anchor.body;
    EXPECT_EQ(anchor.json()["headSeq"], 2);
    EXPECT_EQ(anchor.json()["headHash"], "aa02");
    EXPECT_EQ(anchor.json()["events"], 2);
    EXPECT_EQ(anchor.json()["breaks"], 0);

    // In a batch, as the client sends them: a resend of 2 and a gap (4 after 2) counted as a break.
    json batch = {{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", json::array()}};
    for (const auto& event : {chainEvent(chain, 2, "aa02", "aa01"), chainEvent(chain, 4, "aa04", "aa03")})
        batch["entry"].push_back({{"resource", event}, {"request", {{"method", "POST"}, {"url", "AuditEvent"}}}});
    const auto answered = nurse.post("/", batch);
    ASSERT_EQ(answered.status, 200) << answered.body;
    EXPECT_EQ(answered.json()["entry"][0]["response"]["status"].get<std::string>().substr(0, 3), "200");
    EXPECT_EQ(answered.json()["entry"][1]["response"]["status"].get<std::string>().substr(0, 3), "201");
    anchor = nurse.get("/audit-chains/" + chain);
    EXPECT_EQ(anchor.json()["headSeq"], 4);
    EXPECT_EQ(anchor.json()["events"], 3);
    EXPECT_EQ(anchor.json()["breaks"], 1);
    EXPECT_EQ(anchor.json()["firstBreakSeq"], 4);

    // Stored once each: 3 AuditEvents carry this chain.
    int stored = 0;
    const auto events = admin.get("/AuditEvent?_count=1000&_lastUpdated=ge" +
                                  first.json()["meta"]["lastUpdated"].get<std::string>()).json();
    for (const auto& entry : events["entry"])
        if (entry["resource"].dump().find(chain + ":") != std::string::npos)
            ++stored;
    EXPECT_EQ(stored, 3);

    // Bad input and access.
    auto malformed = chainEvent(chain, 5, "aa05", "aa04");
    malformed["entity"][0]["detail"][0]["valueString"] = chain + ":five:aa05";
    const auto refused = nurse.post("/AuditEvent", malformed);
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("avocet-audit-chain"), std::string::npos) << refused.body;
    EXPECT_EQ(nurse.get("/audit-chains/" + chain).json()["events"], 3);
    EXPECT_EQ(nurse.get("/audit-chains/0000-unknown").status, 404);
    EXPECT_EQ(nurse.get("/audit-chains").status, 403);
    const auto listed = admin.get("/audit-chains");
    ASSERT_EQ(listed.status, 200);
    EXPECT_NE(listed.body.find(chain), std::string::npos);
}

TEST(FhirSurface, AuditEventPushesAreIdempotentThroughIfNoneExistOnIdentifier)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const std::string patientId = client.post("/Patient", patient("9990000087")).json()["id"];
    const std::string clientId = uniqueValue("audit");
    expectIdempotentCreate(client, "/AuditEvent", auditEvent(patientId, clientId), clientId);

    // The sync client pushes audit events in transaction bundles: a retried bundle creates nothing.
    const std::string batchId = uniqueValue("audit");
    const json bundle = {{"resourceType", "Bundle"},
                         {"type", "transaction"},
                         {"entry", json::array({conditionalEntry(auditEvent(patientId, batchId), batchId)})}};
    const auto pushed = client.post("/", bundle);
    ASSERT_EQ(pushed.status, 200) << pushed.body;
    EXPECT_EQ(pushed.json()["entry"][0]["response"]["status"], "201 Created");
    const auto repushed = client.post("/", bundle);
    ASSERT_EQ(repushed.status, 200) << repushed.body;
    EXPECT_EQ(repushed.json()["entry"][0]["response"]["status"], "200 OK");
    EXPECT_EQ(repushed.json()["entry"][0]["resource"]["id"], pushed.json()["entry"][0]["resource"]["id"]);

    for (const auto& id : {clientId, batchId}) {
        const auto found = client.get("/AuditEvent?identifier=urn:avocet:client-id|" + id);
        ASSERT_EQ(found.status, 200) << found.body;
        EXPECT_EQ(found.json()["total"], 1);
    }
}

TEST(FhirSurface, OneTransactionWithTheSameConditionalCreateTwiceCreatesOnce)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const std::string patientId = client.post("/Patient", patient("9990000095")).json()["id"];
    const std::string clientId = uniqueValue("twice");
    const json entry = conditionalEntry(response(patientId, clientId), clientId);
    const auto result =
        client.post("/", json{{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array({entry, entry})}});
    ASSERT_EQ(result.status, 200) << result.body;
    const auto entries = result.json()["entry"];
    EXPECT_EQ(entries[0]["response"]["status"], "201 Created");
    EXPECT_EQ(entries[1]["response"]["status"], "200 OK");
    EXPECT_EQ(entries[0]["resource"]["id"], entries[1]["resource"]["id"]);
    EXPECT_EQ(client.get("/QuestionnaireResponse?identifier=urn:avocet:client-id|" + clientId).json()["total"], 1);
}

TEST(FhirSurface, TwoHubsRacingTheSameConditionalTransactionsCreateEachResourceOnce)
{
    auto& environment = HubEnvironment::shared();
    auto second = environment.startHub();
    const std::string token = environment.login("admin1");
    HttpClient setup(environment.port());
    setup.setBearerToken(token);
    const std::string patientId = setup.post("/Patient", patient("9990000109")).json()["id"];
    const std::string prefix = uniqueValue("tworace");
    json entries = json::array();
    for (int i = 0; i < 20; ++i)
        entries.push_back(conditionalEntry(response(patientId, prefix + "-" + std::to_string(i)),
                                           prefix + "-" + std::to_string(i)));
    const json bundle = {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", entries}};
    std::atomic<int> created{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            HttpClient client(t % 2 == 0 ? environment.port() : second->port());
            client.setBearerToken(token);
            const auto result = client.post("/", bundle);
            if (result.status != 200) {
                ++failed;
                return;
            }
            const json answer = result.json();
            for (const auto& entry : answer["entry"])
                if (entry["response"]["status"] == "201 Created")
                    ++created;
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(created.load(), 20);
    for (int i = 0; i < 20; i += 7)
        EXPECT_EQ(setup.get("/QuestionnaireResponse?identifier=urn:avocet:client-id|" + prefix + "-" +
                            std::to_string(i))
                      .json()["total"],
                  1);
}

TEST(FhirSurface, SearchBundleSplicesStoredResourcesAndHonoursTotal)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const auto stored = client.post("/Patient", patient("9990000117")).json();
    const std::string id = stored["id"];
    const auto found = client.get("/Patient?_id=" + id);
    ASSERT_EQ(found.status, 200) << found.body;
    const auto bundle = found.json(); // valid JSON, or this throws
    EXPECT_EQ(bundle["resourceType"], "Bundle");
    EXPECT_EQ(bundle["type"], "searchset");
    EXPECT_EQ(bundle["total"], 1);
    ASSERT_EQ(bundle["entry"].size(), 1U);
    EXPECT_EQ(bundle["entry"][0]["resource"], stored);
    EXPECT_EQ(bundle["entry"][0]["search"]["mode"], "match");
    const std::string fullUrl = bundle["entry"][0]["fullUrl"];
    EXPECT_EQ(fullUrl.substr(fullUrl.size() - id.size() - 9), "/Patient/" + id);

    const auto withoutTotal = client.get("/Patient?_id=" + id + "&_total=none");
    ASSERT_EQ(withoutTotal.status, 200) << withoutTotal.body;
    EXPECT_FALSE(withoutTotal.json().contains("total"));
    EXPECT_EQ(withoutTotal.json()["entry"].size(), 1U);
    EXPECT_EQ(client.get("/Patient?_id=" + id + "&_total=accurate").json()["total"], 1);
    EXPECT_EQ(client.get("/Patient?_id=" + id + "&_total=estimate").json()["total"], 1);
    const auto bad = client.get("/Patient?_id=" + id + "&_total=sometimes");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(isOutcome(bad));

    const auto empty = client.get("/Patient?_id=no-such-patient-" + id);
    ASSERT_EQ(empty.status, 200);
    EXPECT_EQ(empty.json()["total"], 0);
    EXPECT_TRUE(empty.json()["entry"].empty());

    // Inside a batch the search bundle is nested as a resource.
    const auto batch = client.post(
        "/", json{{"resourceType", "Bundle"},
                  {"type", "batch"},
                  {"entry", json::array({{{"request", {{"method", "GET"}, {"url", "Patient?_id=" + id}}}}})}});
    ASSERT_EQ(batch.status, 200) << batch.body;
    EXPECT_EQ(batch.json()["entry"][0]["resource"]["entry"][0]["resource"]["id"], id);
}

TEST(FhirSurface, UpdateReplacesTheIdentifiersSearchFindsAndDeleteRemovesThem)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const std::string before = uniqueValue("ident-before");
    const std::string after = uniqueValue("ident-after");
    json flag = {{"resourceType", "Flag"},
                 {"status", "active"},
                 {"identifier", json::array({{{"system", "urn:test"}, {"value", before}}})},
                 {"code", {{"text", "identifier swap"}}}};
    auto stored = client.post("/Flag", flag).json();
    const std::string id = stored["id"];
    auto count = [&](const std::string& value) {
        return client.get("/Flag?identifier=urn:test|" + value).json()["total"].get<int>();
    };
    EXPECT_EQ(count(before), 1);
    stored["identifier"] = json::array({{{"system", "urn:test"}, {"value", after}}, {{"value", before + "-nosystem"}}});
    ASSERT_EQ(client.put("/Flag/" + id, stored).status, 200);
    EXPECT_EQ(count(before), 0);
    EXPECT_EQ(count(after), 1);
    EXPECT_EQ(client.get("/Flag?identifier=" + before + "-nosystem").json()["total"], 1);
    EXPECT_EQ(client.get("/Flag?identifier=|" + before + "-nosystem").json()["total"], 1);
    ASSERT_EQ(client.request("DELETE", "/Flag/" + id).status, 204);
    EXPECT_EQ(count(after), 0);
    // The version written by the update carries the server's lastUpdated inside the resource too.
    const auto version = client.get("/Flag/" + id + "/_history/2").json();
    EXPECT_EQ(version["meta"]["versionId"], "2");
    EXPECT_FALSE(version["meta"]["lastUpdated"].get<std::string>().empty());
}

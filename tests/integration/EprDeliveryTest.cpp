// EPR delivery through the real avocet-hub binary, a throwaway PostgreSQL and fake Paris and
// Mobius endpoints on loopback: routing by the patient's EPR records, the mapping's outbound
// rendering, retries with one idempotency key, receipts, permanent failures, two hubs, and the
// caseload and mapping endpoints.

#include "core/mapping/EprMapping.h"
#include "core/mapping/OutboundMapper.h"
#include "core/crypto/SecureBuffer.h"
#include "core/identity/PatientIndex.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "server/PgConnection.h"
#include "tests/integration/support/FakeEpr.h"
#include "tests/integration/support/HttpClient.h"
#include "tests/integration/support/HubProcess.h"
#include "tests/integration/support/TempPostgres.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <cstdio>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using avocet::test::EprFault;
using avocet::test::FakeEpr;
using avocet::test::HttpClient;
using avocet::test::HubProcess;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "canary-Passw0rd-not-real";
constexpr const char* kRiskUrl = "https://fhir.avocet.example/Questionnaire/risk-assessment";
constexpr const char* kRiskLevel = "https://fhir.avocet.example/CodeSystem/risk-level";
constexpr const char* kParisSystem = "https://fhir.avocet.example/Id/paris-record-id";
constexpr const char* kMobiusSystem = "https://fhir.avocet.example/Id/mobius-record-id";
constexpr const char* kResponseSystem = "https://fhir.avocet.example/Id/epr-delivery-response";

// ---- the PMI fed and maintained by avocet-hub admin pmi-* ------------------------------------

namespace identity = avocet::core::identity;

constexpr const char* kNhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
constexpr const char* kBirthDate = "1980-02-29";

std::string shellQuoted(const std::string& text)
{
    std::string quoted = "'";
    for (const char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// `avocet-hub admin ...` with stdout and stderr together (the error messages are on stderr).
int admin(const std::vector<std::string>& args, std::string& output)
{
    std::string command = shellQuoted(AVOCET_HUB_BINARY) + " admin";
    for (const auto& arg : args)
        command += " " + shellQuoted(arg);
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr)
        return -1;
    output.clear();
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, got);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

json jsonIn(const std::string& output)
{
    const auto start = output.find('{');
    return start == std::string::npos ? json() : json::parse(output.substr(start), nullptr, false);
}

// A directory with a key file; the PMI file itself does not exist until pmi-update creates it.
struct PmiFiles
{
    PmiFiles()
    {
        char pattern[] = "/tmp/avocet-pmi-XXXXXX";
        directory = ::mkdtemp(pattern) != nullptr ? pattern : "";
        path = directory + "/pmi.db";
        keyFile = directory + "/pmi.key";
        std::ofstream(keyFile) << avocet::core::crypto::toHex(key.data(), key.size()) << "\n";
    }
    ~PmiFiles()
    {
        std::error_code ignored;
        if (!directory.empty())
            std::filesystem::remove_all(directory, ignored);
    }

    std::vector<std::string> options() const { return {"--pmi", path, "--pmi-key-file", keyFile}; }

    // The index as the test sees it, opened with the key (the commands must have closed it).
    avocet::core::store::Database open() const
    {
        auto db = avocet::core::store::Database::open(path, key);
        EXPECT_TRUE(db.ok()) << db.message();
        return db.ok() ? std::move(db.value()) : avocet::core::store::Database();
    }
    std::string personOf(identity::Epr epr, const std::string& eprId) const
    {
        auto db = open();
        identity::PatientIndex index(db);
        auto person = index.personOf({epr, eprId});
        return person.ok() && person->has_value() ? **person : std::string("(none)");
    }
    std::int64_t count(const std::string& table) const
    {
        auto db = open();
        auto n = db.queryInt("SELECT count(*) FROM " + table);
        return n.ok() ? n.value() : -1;
    }

    avocet::core::crypto::SecureBuffer key = avocet::core::crypto::SecureBuffer::random(32);
    std::string directory;
    std::string path;
    std::string keyFile;
};

json nhsIdentifier(const std::string& nhs, bool verified)
{
    json identifier = {{"system", kNhsSystem}, {"value", nhs}};
    if (verified)
        identifier["extension"] = json::array(
            {{{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"},
              {"valueCodeableConcept",
               {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/"
                                                    "UKCore-NHSNumberVerificationStatusEngland"},
                                         {"code", "01"},
                                         {"display", "Number present and verified"}}})}}}}});
    return identifier;
}

class Delivery : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        std::string error;
        s_conninfo = avocet::test::sharedPostgres().createDatabase("delivery_" + std::to_string(getpid()), error);
        ASSERT_FALSE(s_conninfo.empty()) << error;
        for (const std::vector<std::string>& step : std::vector<std::vector<std::string>>{
                 {"create-team", "north-community"},
                 {"create-user", "admin1", "--role", "administrator"},
                 {"create-user", "nurse.north", "--role", "clinician", "--team", "north-community"},
                 {"create-user", "designer", "--role", "change_manager"}}) {
            std::vector<std::string> args = {"admin", "--database", s_conninfo};
            args.insert(args.end(), step.begin(), step.end());
            std::string output;
            ASSERT_EQ(avocet::test::runHubCommand(args, output, {std::string("AVOCET_HUB_PASSWORD=") + kPassword}), 0)
                << step[0];
        }
        s_paris = std::make_unique<FakeEpr>("paris");
        s_mobius = std::make_unique<FakeEpr>("mobius");
        s_hub = startHub();
        ASSERT_NE(s_hub, nullptr);
    }

    static void TearDownTestSuite()
    {
        s_hub.reset();
        s_paris.reset();
        s_mobius.reset();
    }

    static std::unique_ptr<HubProcess> startHub(const std::vector<std::string>& extraArgs = {})
    {
        std::string error;
        std::vector<std::string> args = {"--database", s_conninfo, "--threads", "4", "--delivery-workers", "2",
                                         "--delivery-timeout-ms", "500", "--delivery-backoff-ms", "50",
                                         "--delivery-backoff-max-ms", "400", "--delivery-poll-ms", "40",
                                         "--delivery-lease-seconds", "5", "--epr-endpoint", "Paris=" + s_paris->url(),
                                         "--epr-endpoint", "Mobius=" + s_mobius->url()};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        auto hub = HubProcess::start(args, error);
        EXPECT_NE(hub, nullptr) << error;
        return hub;
    }

    static HttpClient client(const std::string& user, std::uint16_t port = 0)
    {
        // Tokens are shared by both hubs (one database); log in once per user (Argon2id is slow).
        static std::map<std::string, std::string> tokens;
        HttpClient http(port == 0 ? s_hub->port() : port);
        if (tokens[user].empty()) {
            const auto login = http.request("POST", "/auth/login",
                                            json{{"username", user}, {"password", kPassword}}.dump(),
                                            {{"Content-Type", "application/json"}});
            tokens[user] = login.json().value("access_token", "");
        }
        http.setBearerToken(tokens[user]);
        return http;
    }

    static std::string unique(const std::string& prefix)
    {
        static std::atomic<int> counter{0};
        return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    }

    // A Patient on the nurse's caseload, with records in the given EPRs.
    static std::string registerPatient(const std::vector<std::pair<std::string, std::string>>& eprRecords)
    {
        json identifiers = json::array();
        for (const auto& [system, value] : eprRecords)
            identifiers.push_back({{"system", system}, {"value", value}});
        json patient = {{"resourceType", "Patient"},
                        {"identifier", identifiers},
                        {"name", json::array({{{"family", "CANARY-Testperson"}, {"given", json::array({"Sam"})}}})}};
        const auto created = client("nurse.north").post("/Patient", patient);
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json().value("id", "");
    }

    static json riskResponse(const std::string& patientId, const std::vector<std::string>& mappingPins = {})
    {
        auto answer = [](const std::string& linkId, const json& value) {
            return json{{"linkId", linkId}, {"answer", json::array({value})}};
        };
        auto level = [](const std::string& code) {
            return json{{"valueCoding", {{"system", kRiskLevel}, {"code", code}}}};
        };
        json response = {
            {"resourceType", "QuestionnaireResponse"},
            {"identifier", {{"system", "urn:avocet:client-id"}, {"value", unique("qr")}}},
            {"status", "completed"},
            {"questionnaire", std::string(kRiskUrl) + "|1.0.0"},
            {"subject", {{"reference", "Patient/" + patientId}}},
            {"authored", "2025-03-14T10:30:00Z"},
            {"item", json::array({
                         {{"linkId", "details"}, {"item", json::array({answer("assessment-date", {{"valueDate", "2025-03-14"}})})}},
                         {{"linkId", "risk-to-self"},
                          {"item", json::array({answer("self-harm-risk", level("high")),
                                                answer("suicidal-ideation", {{"valueBoolean", true}})})}},
                         {{"linkId", "risk-to-others"},
                          {"item", json::array({answer("violence-risk", level("low")),
                                                answer("safeguarding-concern", {{"valueBoolean", false}})})}},
                         {{"linkId", "formulation"},
                          {"item", json::array({answer("risk-summary", {{"valueString", "CANARY synthetic summary."}})})}},
                     })},
        };
        for (const auto& pin : mappingPins)
            response["meta"]["tag"].push_back({{"system", "https://fhir.avocet.example/CodeSystem/epr-mapping"}, {"code", pin}});
        return response;
    }

    // Submits as the nurse; returns the stored response.
    static json submit(const json& response)
    {
        const auto created = client("nurse.north").post("/QuestionnaireResponse", response);
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json();
    }

    static std::string keyFor(const json& stored, const std::string& epr)
    {
        return "avocet-" + stored["id"].get<std::string>() + "-v1-" + epr;
    }

    static json receipts(const std::string& responseId)
    {
        const auto found = client("nurse.north").get("/Task?identifier=" + std::string(kResponseSystem) + "|" + responseId);
        EXPECT_EQ(found.status, 200) << found.body;
        json tasks = json::array();
        const json bundle = found.json();
    for (const auto& entry : bundle.value("entry", json::array()))
            tasks.push_back(entry["resource"]);
        return tasks;
    }

    static bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(15))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (condition())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
        return condition();
    }

    // A patient with one record in `epr`, and a submission the EPR rejects once with 400.
    static json submitRejectedOnce(FakeEpr& epr, const std::string& system, const std::string& recordId,
                                   std::string& patient)
    {
        patient = registerPatient({{system, recordId}});
        epr.scriptSubject(recordId, {EprFault::BadRequest});
        return submit(riskResponse(patient));
    }

    static bool waitForFailedReceipt(const std::string& responseId)
    {
        return waitFor([&] {
            const auto tasks = receipts(responseId);
            return tasks.size() == 1 && tasks[0]["status"] == "failed";
        });
    }

    static bool allDelivered(const std::string& responseId, std::size_t expected)
    {
        const auto tasks = receipts(responseId);
        if (tasks.size() != expected)
            return false;
        for (const auto& task : tasks)
            if (task.value("status", "") != "completed")
                return false;
        return true;
    }

    static avocet::core::mapping::EprMapping shippedMapping(const std::string& epr)
    {
        auto mapping = avocet::core::mapping::loadMappingFile(std::string(AVOCET_SOURCE_DIR) +
                                                              "/resources/mappings/risk-assessment/1.0.0/" + epr + ".json");
        EXPECT_TRUE(mapping.ok()) << mapping.message();
        return mapping.ok() ? mapping.value() : avocet::core::mapping::EprMapping{};
    }

    // ---- the patient master index through avocet-hub admin pmi-* (PmiFiles above) ----

    // A Patient with EPR record identifiers, an NHS number (verified or not) and a birth date.
    static std::string registerPerson(const std::vector<std::pair<std::string, std::string>>& eprRecords,
                                      const std::string& nhs, bool verified, const std::string& birthDate = kBirthDate)
    {
        json patient = {{"resourceType", "Patient"},
                        {"identifier", json::array({nhsIdentifier(nhs, verified)})},
                        {"name", json::array({{{"use", "official"},
                                               {"family", "CANARY-Pmiperson"},
                                               {"given", json::array({"Robin"})}}})},
                        {"birthDate", birthDate}};
        for (const auto& [system, value] : eprRecords)
            patient["identifier"].push_back({{"system", system}, {"value", value}});
        // Only an EPR feed or an administrator may assert a verified NHS number: the administrator
        // registers the person and puts them on the north team's caseload.
        const auto created = client(verified ? "admin1" : "nurse.north").post("/Patient", patient);
        EXPECT_EQ(created.status, 201) << created.body;
        const std::string id = created.json().value("id", "");
        if (verified && !id.empty()) {
            std::string output;
            EXPECT_EQ(avocet::test::runHubCommand({"admin", "--database", s_conninfo, "assign-caseload", "north-community",
                                                   "Patient/" + id},
                                                  output, {std::string("AVOCET_HUB_PASSWORD=") + kPassword}),
                      0)
                << output;
        }
        return id;
    }

    static json pmiUpdate(const PmiFiles& pmi, const std::vector<std::string>& extra = {})
    {
        std::vector<std::string> args = {"pmi-update", "--database", s_conninfo};
        for (const auto& option : pmi.options())
            args.push_back(option);
        args.insert(args.end(), extra.begin(), extra.end());
        std::string output;
        EXPECT_EQ(admin(args, output), 0) << output;
        return jsonIn(output);
    }

    static int pmiCommand(const PmiFiles& pmi, std::vector<std::string> args, std::string& output)
    {
        for (const auto& option : pmi.options())
            args.push_back(option);
        return admin(args, output);
    }

    // The open review between two records (either way round), or 0.
    static long long reviewBetween(const PmiFiles& pmi, const std::string& a, const std::string& b)
    {
        std::string output;
        EXPECT_EQ(pmiCommand(pmi, {"pmi-reviews"}, output), 0) << output;
        for (const auto& review : jsonIn(output).value("reviews", json::array()))
            if ((review["a"] == a && review["b"] == b) || (review["a"] == b && review["b"] == a))
                return review["id"].get<long long>();
        return 0;
    }

    static std::string failureReason(const json& stored)
    {
        const auto tasks = receipts(stored["id"]);
        if (tasks.size() != 1 || tasks[0]["status"] != "failed")
            return "(not one failed receipt: " + tasks.dump() + ")";
        return tasks[0]["statusReason"]["text"].get<std::string>();
    }

    static inline std::string s_conninfo;
    static inline std::unique_ptr<FakeEpr> s_paris;
    static inline std::unique_ptr<FakeEpr> s_mobius;
    static inline std::unique_ptr<HubProcess> s_hub;
};

TEST_F(Delivery, RoutesEachSubmissionToTheEprHoldingThePatientsRecordWithTheMappingsOutboundRendering)
{
    const std::string parisPatient = registerPatient({{kParisSystem, "PAR-CANARY-1001"}});
    const std::string mobiusPatient = registerPatient({{kMobiusSystem, "MOB-CANARY-2002"}});
    const json toParis = submit(riskResponse(parisPatient));
    const json toMobius = submit(riskResponse(mobiusPatient));

    ASSERT_TRUE(waitFor([&] { return allDelivered(toParis["id"], 1) && allDelivered(toMobius["id"], 1); }));
    EXPECT_EQ(s_paris->timesStored(keyFor(toParis, "paris")), 1);
    EXPECT_EQ(s_mobius->timesStored(keyFor(toMobius, "mobius")), 1);
    EXPECT_TRUE(s_mobius->requestsFor(keyFor(toParis, "mobius")).empty()); // no Mobius record, nothing sent there
    EXPECT_TRUE(s_paris->requestsFor(keyFor(toMobius, "paris")).empty());

    for (const auto& [stored, epr, fake, system, recordId] :
         {std::tuple{toParis, std::string("paris"), s_paris.get(), kParisSystem, "PAR-CANARY-1001"},
          std::tuple{toMobius, std::string("mobius"), s_mobius.get(), kMobiusSystem, "MOB-CANARY-2002"}}) {
        auto expected = avocet::core::mapping::applyOutbound(shippedMapping(epr), stored);
        ASSERT_TRUE(expected.ok()) << expected.message();
        json payload = expected->payload;
        payload["subject"] = {{"identifier", {{"system", system}, {"value", recordId}}}};
        payload["source"]["questionnaireResponseVersion"] = "1";
        EXPECT_EQ(fake->stored().at(keyFor(stored, epr)), payload);
        EXPECT_EQ(fake->requestsFor(keyFor(stored, epr)).front().eprHeader, epr == "paris" ? "Paris" : "Mobius");
    }

    const json receipt = receipts(toParis["id"])[0];
    EXPECT_EQ(receipt["owner"]["display"], "Paris");
    EXPECT_EQ(receipt["for"]["reference"], "Patient/" + parisPatient);
    EXPECT_EQ(receipt["focus"]["reference"], "QuestionnaireResponse/" + toParis["id"].get<std::string>() + "/_history/1");
    EXPECT_EQ(receipt["businessStatus"]["coding"][0]["code"], "delivered");
    EXPECT_FALSE(receipt["executionPeriod"]["end"].get<std::string>().empty());
    EXPECT_EQ(receipt["input"][0]["valueString"], "risk-assessment.paris@1.0.0");
    // The receipts arrive through the ordinary incremental pull.
    const auto pulled = client("nurse.north").get("/Task?_lastUpdated=ge" + toParis["meta"]["lastUpdated"].get<std::string>() +
                                                  "&_count=1000");
    std::set<std::string> ids;
    const json pulledBundle = pulled.json();
    for (const auto& entry : pulledBundle["entry"])
        ids.insert(entry["resource"]["id"].get<std::string>());
    EXPECT_EQ(ids.count(receipt["id"]), 1u);
}

// The desktop and avocetctl name the form's patient by NHS number only (QuestionnaireResponseCodec).
TEST_F(Delivery, ASubmissionNamingThePatientByNhsNumberReachesTheEprHoldingThatPatientsRecord)
{
    const std::string nhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
    const std::string patientId = registerPatient({{kParisSystem, "PAR-CANARY-1077"}, {nhsSystem, "9990012032"}});
    json response = riskResponse(patientId);
    response["subject"] = {{"identifier", {{"system", nhsSystem}, {"value", "9990012032"}}}};
    const json stored = submit(response);
    ASSERT_TRUE(waitFor([&] { return allDelivered(stored["id"], 1); }));
    EXPECT_EQ(s_paris->timesStored(keyFor(stored, "paris")), 1);
    EXPECT_EQ(receipts(stored["id"])[0]["for"]["reference"], "Patient/" + patientId);
}

TEST_F(Delivery, RetriesThroughServerErrorsAndRetryAfterWithOneStableIdempotencyKey)
{
    const std::string patient = registerPatient({{kParisSystem, "PAR-CANARY-1003"}});
    s_paris->scriptSubject("PAR-CANARY-1003", {EprFault::ServerError, EprFault::TooManyRequests, EprFault::ServerError});
    const json stored = submit(riskResponse(patient));
    const std::string key = keyFor(stored, "paris");
    ASSERT_TRUE(waitFor([&] { return allDelivered(stored["id"], 1); }));

    const auto attempts = s_paris->requestsFor(key);
    ASSERT_EQ(attempts.size(), 4u);
    EXPECT_EQ(s_paris->timesStored(key), 1);
    for (std::size_t i = 1; i < attempts.size(); ++i) {
        EXPECT_EQ(attempts[i].body, attempts[0].body); // the same message every time
        if (attempts[i - 1].answeredStatus == 429) { // Retry-After: 1 honoured
            EXPECT_GE(attempts[i].at - attempts[i - 1].at, std::chrono::milliseconds(950));
        }
    }
    // The receipt went failing -> delivered, and its history keeps the failures visible.
    const std::string receiptId = receipts(stored["id"])[0]["id"];
    const auto history = client("nurse.north").get("/Task/" + receiptId + "/_history");
    std::vector<std::string> states;
    std::string reason;
    const json historyBundle = history.json();
    for (const auto& entry : historyBundle["entry"]) {
        states.push_back(entry["resource"]["businessStatus"]["coding"][0]["code"]);
        if (states.back() == "failing" && reason.empty())
            reason = entry["resource"]["statusReason"]["text"];
    }
    EXPECT_EQ(states.front(), "delivered"); // newest first
    EXPECT_NE(std::find(states.begin(), states.end(), "failing"), states.end());
    EXPECT_NE(reason.find("HTTP 500"), std::string::npos) << reason;
    EXPECT_EQ(states.back(), "pending");
}

TEST_F(Delivery, HungRequestIsRetriedAndTheEprKeepsOneRecord)
{
    const std::string patient = registerPatient({{kMobiusSystem, "MOB-CANARY-2004"}});
    s_mobius->scriptSubject("MOB-CANARY-2004", {EprFault::Hang});
    const auto created = client("nurse.north").post("/QuestionnaireResponse", riskResponse(patient));
    ASSERT_EQ(created.status, 201);
    const std::string key = keyFor(created.json(), "mobius");
    ASSERT_TRUE(waitFor([&] { return allDelivered(created.json()["id"], 1); }));
    EXPECT_EQ(s_mobius->timesStored(key), 1);
    EXPECT_GE(s_mobius->requestsFor(key).size(), 2u); // the hang timed out and was retried
}

// An EPR that trickles its answer (4 bytes every 50 ms: never silent for the 500 ms timeout, about
// 8 s for the whole) is cut off at the timeout like one that hangs, and the retry lands once.
TEST_F(Delivery, TricklingAnswerIsCutAtTheTimeoutRetriedAndTheEprKeepsOneRecord)
{
    const std::string patient = registerPatient({{kMobiusSystem, "MOB-CANARY-2006"}});
    s_mobius->scriptSubject("MOB-CANARY-2006", {EprFault::Trickle});
    const auto created = client("nurse.north").post("/QuestionnaireResponse", riskResponse(patient));
    ASSERT_EQ(created.status, 201);
    const std::string key = keyFor(created.json(), "mobius");
    ASSERT_TRUE(waitFor([&] { return allDelivered(created.json()["id"], 1); }));
    EXPECT_EQ(s_mobius->timesStored(key), 1);
    // Without the deadline the first request would have ended in a 201 after its slow answer.
    EXPECT_GE(s_mobius->requestsFor(key).size(), 2u) << "the trickling answer was cut off and the message sent again";
}

TEST_F(Delivery, PermanentRejectionStaysVisibleAsFailedWithTheEprsReason)
{
    const std::string patient = registerPatient({{kParisSystem, "PAR-CANARY-1005"}});
    s_paris->scriptSubject("PAR-CANARY-1005", {EprFault::BadRequest, EprFault::BadRequest});
    const auto created = client("nurse.north").post("/QuestionnaireResponse", riskResponse(patient));
    ASSERT_EQ(created.status, 201);
    const std::string key = keyFor(created.json(), "paris");
    ASSERT_TRUE(waitFor([&] {
        const auto tasks = receipts(created.json()["id"]);
        return tasks.size() == 1 && tasks[0]["status"] == "failed";
    }));
    const json receipt = receipts(created.json()["id"])[0];
    const std::string reason = receipt["statusReason"]["text"];
    EXPECT_NE(reason.find("HTTP 400"), std::string::npos) << reason;
    EXPECT_NE(reason.find("RA_DATE rejected"), std::string::npos) << reason;
    EXPECT_NE(receipt["businessStatus"]["text"].get<std::string>().find("Paris: failed"), std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    EXPECT_EQ(s_paris->requestsFor(key).size(), 1u); // not retried
    EXPECT_EQ(s_paris->timesStored(key), 0);
}

TEST_F(Delivery, UnroutableSubmissionIsStoredWithAFailedReceiptSayingWhy)
{
    const std::string patient = registerPatient({});
    const json stored = submit(riskResponse(patient));
    const auto tasks = receipts(stored["id"]);
    ASSERT_EQ(tasks.size(), 1u);
    EXPECT_EQ(tasks[0]["status"], "failed");
    EXPECT_NE(tasks[0]["statusReason"]["text"].get<std::string>().find("no record in any EPR"), std::string::npos);
}

namespace {

std::string messageIdFor(const std::string& conninfo, const std::string& key)
{
    auto connection = avocet::hub::PgConnection::open(conninfo);
    if (!connection)
        return {};
    auto rows = (*connection)->query("SELECT message_id FROM epr_messages WHERE idempotency_key = $1", {key});
    return rows && rows->rows() == 1 ? rows->text(0, 0) : std::string();
}

} // namespace

TEST_F(Delivery, AdminResendSendsAFailedMessageAgainWithItsKeyAuditedAndStoredOnce)
{
    std::string patient;
    const json stored = submitRejectedOnce(*s_paris, kParisSystem, "PAR-CANARY-1077", patient);
    const std::string responseId = stored.value("id", "");
    const std::string key = keyFor(stored, "paris");
    ASSERT_TRUE(waitForFailedReceipt(responseId));
    EXPECT_EQ(s_paris->timesStored(key), 0);
    const std::string messageId = messageIdFor(s_conninfo, key);
    ASSERT_FALSE(messageId.empty());

    std::string output;
    ASSERT_EQ(avocet::test::runHubCommand({"admin", "--database", s_conninfo, "resend", "--message", messageId,
                                           "--reason", "Paris fixed its RA_DATE check"},
                                          output),
              0)
        << output;
    EXPECT_NE(output.find("\"resent\""), std::string::npos) << output;
    ASSERT_TRUE(waitFor([&] { return allDelivered(responseId, 1); })) << receipts(responseId).dump();
    const auto requests = s_paris->requestsFor(key);
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].key, requests[1].key);
    EXPECT_EQ(requests[0].body, requests[1].body); // the same message, not a re-rendering
    EXPECT_EQ(s_paris->timesStored(key), 1);

    // The receipt's history shows the way: failed, back to pending by the resend, delivered.
    const std::string receiptId = receipts(responseId)[0]["id"];
    const auto history = client("admin1").get("/Task/" + receiptId + "/_history?_count=20");
    ASSERT_EQ(history.status, 200) << history.body;
    std::vector<std::string> states; // newest first
    const json versions = history.json();
    for (const auto& entry : versions["entry"])
        states.push_back(entry["resource"]["businessStatus"]["coding"][0]["code"]);
    ASSERT_GE(states.size(), 3u);
    EXPECT_EQ(states[0], "delivered");
    EXPECT_EQ(states[1], "pending");
    EXPECT_EQ(states[2], "failed");

    // Audited: an AuditEvent on the patient's record naming the operator's reason.
    const auto audits = client("admin1").get("/AuditEvent?patient=" + patient + "&_count=50");
    ASSERT_EQ(audits.status, 200) << audits.body;
    int resendEvents = 0;
    const json events = audits.json();
    for (const auto& entry : events.value("entry", json::array())) {
        const auto& event = entry["resource"];
        if (event["subtype"][0]["code"] == "epr-resend") {
            ++resendEvents;
            EXPECT_EQ(event["purposeOfEvent"][0]["text"], "Paris fixed its RA_DATE check");
        }
    }
    EXPECT_EQ(resendEvents, 1);

    // A delivered message is not resent: nothing more reaches the EPR.
    EXPECT_NE(avocet::test::runHubCommand({"admin", "--database", s_conninfo, "resend", "--message", messageId},
                                          output),
              0);
    EXPECT_NE(output.find("state is delivered"), std::string::npos) << output;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(s_paris->requestsFor(key).size(), 2u);
}

TEST_F(Delivery, AdminResendOfAnEprResendsEveryFailedMessageOfThatEprOnly)
{
    std::string patient;
    const json stored = submitRejectedOnce(*s_mobius, kMobiusSystem, "MOB-CANARY-2077", patient);
    const std::string responseId = stored.value("id", "");
    const std::string key = keyFor(stored, "mobius");
    ASSERT_TRUE(waitForFailedReceipt(responseId));
    std::string output;
    EXPECT_EQ(avocet::test::runHubCommand({"admin", "--database", s_conninfo, "resend", "--epr", "Mobius"}, output), 2)
        << output; // --failed is required: a whole channel is never resent by accident
    ASSERT_EQ(avocet::test::runHubCommand({"admin", "--database", s_conninfo, "resend", "--epr", "Mobius", "--failed"},
                                          output),
              0)
        << output;
    const json summary = json::parse(output.substr(output.find('{')), nullptr, false);
    ASSERT_TRUE(summary.is_object()) << output;
    const std::string messageId = messageIdFor(s_conninfo, key);
    bool listed = false;
    for (const auto& id : summary["resent"])
        listed = listed || std::to_string(id.get<long long>()) == messageId;
    EXPECT_TRUE(listed) << output;
    ASSERT_TRUE(waitFor([&] { return allDelivered(responseId, 1); })) << receipts(responseId).dump();
    EXPECT_EQ(s_mobius->timesStored(key), 1);
    EXPECT_EQ(s_mobius->requestsFor(key).size(), 2u);
}

namespace {

identity::Patient pmiRecord(identity::Epr epr, const std::string& eprId, const std::string& nhsNumber)
{
    identity::Patient record;
    record.epr = epr;
    record.eprId = eprId;
    record.nhsNumber = nhsNumber;
    record.nhsVerified = true;
    record.givenName = "Sam";
    record.familyName = "CANARY-Testperson";
    record.birthDate = "1970-01-01";
    return record;
}

} // namespace

TEST_F(Delivery, RoutingConsultsThePatientMasterIndexForThePersonsRecordsInOtherEprs)
{
    // The trust's PMI (core/identity PatientIndex in its encrypted store): a Paris record and a
    // Mobius record of one person, linked automatically (same verified NHS number and birth date),
    // and a Paris record of someone else with no other record.
    PmiFiles pmi;
    {
        auto db = avocet::core::store::Database::open(pmi.path, pmi.key, avocet::core::store::Database::Mode::CreateIfMissing);
        ASSERT_TRUE(db.ok()) << db.message();
        ASSERT_TRUE(avocet::core::store::applyMigrations(*db, avocet::core::store::cacheMigrations()).ok());
        identity::PatientIndex index(*db);
        const std::string nhs = identity::syntheticNhsNumber(3077);
        ASSERT_TRUE(index.addRecord(pmiRecord(identity::Epr::Paris, "PAR-CANARY-3077", nhs)).ok());
        const auto mobius = index.addRecord(pmiRecord(identity::Epr::Mobius, "MOB-CANARY-3077", nhs));
        ASSERT_TRUE(mobius.ok()) << mobius.message();
        ASSERT_TRUE(mobius->autoLinked);
        ASSERT_TRUE(index.addRecord(pmiRecord(identity::Epr::Paris, "PAR-CANARY-3078", identity::syntheticNhsNumber(3078))).ok());
    }
    auto hub = startHub(pmi.options());
    ASSERT_NE(hub, nullptr);

    // The hub's Patient names only the Paris record; the PMI adds Mobius.
    const std::string linked = registerPatient({{kParisSystem, "PAR-CANARY-3077"}});
    const auto created = client("nurse.north", hub->port()).post("/QuestionnaireResponse", riskResponse(linked));
    ASSERT_EQ(created.status, 201) << created.body;
    const json stored = created.json();
    ASSERT_TRUE(waitFor([&] { return allDelivered(stored["id"], 2); })) << receipts(stored["id"]).dump();
    ASSERT_EQ(s_paris->timesStored(keyFor(stored, "paris")), 1);
    ASSERT_EQ(s_mobius->timesStored(keyFor(stored, "mobius")), 1);
    EXPECT_EQ(s_mobius->stored().at(keyFor(stored, "mobius"))["subject"]["identifier"]["value"], "MOB-CANARY-3077");
    EXPECT_EQ(s_paris->stored().at(keyFor(stored, "paris"))["subject"]["identifier"]["value"], "PAR-CANARY-3077");

    // A person the PMI holds in Paris only still goes to Paris only.
    const std::string single = registerPatient({{kParisSystem, "PAR-CANARY-3078"}});
    const auto other = client("nurse.north", hub->port()).post("/QuestionnaireResponse", riskResponse(single));
    ASSERT_EQ(other.status, 201) << other.body;
    ASSERT_TRUE(waitFor([&] { return allDelivered(other.json()["id"], 1); }));
    EXPECT_EQ(s_mobius->timesStored(keyFor(other.json(), "mobius")), 0);

    // The hub without the PMI routes the first person by the Patient's own identifiers: Paris only.
    const json plain = submit(riskResponse(linked));
    ASSERT_TRUE(waitFor([&] { return allDelivered(plain["id"], 1); }));
    EXPECT_EQ(receipts(plain["id"])[0]["owner"]["display"], "Paris");
}

TEST_F(Delivery, PmiUpdateFeedsTheHubsPatientsIntoANewPmiAndTheLinkedRecordsReceiveTheSubmission)
{
    PmiFiles pmi;
    // The first run creates the file and takes in whatever the hub holds already.
    ASSERT_FALSE(std::filesystem::exists(pmi.path));
    std::string output;
    ASSERT_EQ(pmiCommand(pmi, {"pmi-update", "--database", s_conninfo}, output), 0) << output;
    ASSERT_TRUE(std::filesystem::exists(pmi.path));

    const std::string nhs = identity::syntheticNhsNumber(4077);
    const std::string parisId = unique("PAR-CANARY");
    const std::string mobiusId = unique("MOB-CANARY");
    const std::string paris = registerPerson({{kParisSystem, parisId}}, nhs, true);
    registerPerson({{kMobiusSystem, mobiusId}}, nhs, true);
    const std::string noBirthDate = registerPatient({{kParisSystem, unique("PAR-CANARY")}});
    ASSERT_EQ(pmiCommand(pmi, {"pmi-update", "--database", s_conninfo}, output), 0) << output;
    const json summary = jsonIn(output);
    ASSERT_TRUE(summary.is_object()) << output;
    EXPECT_EQ(summary["patientsRead"], 3);
    EXPECT_EQ(summary["recordsAdded"], 2);
    EXPECT_EQ(summary["autoLinked"], 1);
    EXPECT_EQ(summary["reviewsQueued"], 0);
    // A record the index cannot take is reported by Patient id and EPR, without patient data.
    ASSERT_EQ(summary["recordsSkipped"], 1) << output;
    EXPECT_EQ(summary["skipped"][0]["patient"], "Patient/" + noBirthDate);
    EXPECT_EQ(summary["skipped"][0]["epr"], "Paris");
    EXPECT_NE(summary["skipped"][0]["reason"].get<std::string>().find("date of birth"), std::string::npos) << output;
    EXPECT_EQ(output.find(nhs), std::string::npos) << "no NHS number in the output";
    EXPECT_EQ(output.find(nhs.substr(0, 3) + " " + nhs.substr(3, 3)), std::string::npos);
    EXPECT_EQ(output.find("CANARY-Pmiperson"), std::string::npos) << "no names in the output";
    EXPECT_EQ(output.find("Robin"), std::string::npos);

    // The new file is private to its owner and links the two records as one person.
    struct stat info {};
    ASSERT_EQ(::stat(pmi.path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 077, 0u);
    const std::string person = pmi.personOf(identity::Epr::Paris, parisId);
    EXPECT_NE(person, "(none)");
    EXPECT_EQ(pmi.personOf(identity::Epr::Mobius, mobiusId), person);

    // A submission for the Paris Patient reaches Mobius too, under Mobius's own record id.
    auto hub = startHub(pmi.options());
    ASSERT_NE(hub, nullptr);
    const auto created = client("nurse.north", hub->port()).post("/QuestionnaireResponse", riskResponse(paris));
    ASSERT_EQ(created.status, 201) << created.body;
    const json stored = created.json();
    ASSERT_TRUE(waitFor([&] { return allDelivered(stored["id"], 2); })) << receipts(stored["id"]).dump();
    EXPECT_EQ(s_paris->stored().at(keyFor(stored, "paris"))["subject"]["identifier"]["value"], parisId);
    EXPECT_EQ(s_mobius->stored().at(keyFor(stored, "mobius"))["subject"]["identifier"]["value"], mobiusId);
}

TEST_F(Delivery, PmiUpdateRunAgainChangesNothingAndThenFeedsOnlyTheChangedPatient)
{
    PmiFiles pmi;
    const std::string nhs = identity::syntheticNhsNumber(4078);
    const std::string parisId = unique("PAR-CANARY");
    const std::string paris = registerPerson({{kParisSystem, parisId}}, nhs, true);
    registerPerson({{kMobiusSystem, unique("MOB-CANARY")}}, nhs, true);
    const json first = pmiUpdate(pmi);
    ASSERT_TRUE(first.is_object());
    const auto events = pmi.count("pmi_events");
    const auto people = pmi.count("pmi_persons");
    ASSERT_GT(events, 0);

    // Again: the watermark says nothing is new.
    const json again = pmiUpdate(pmi);
    EXPECT_EQ(again["fromSeq"], first["toSeq"]);
    EXPECT_EQ(again["toSeq"], first["toSeq"]);
    EXPECT_EQ(again["patientsRead"], 0);
    EXPECT_EQ(again["recordsAdded"], 0);
    EXPECT_EQ(again["recordsUpdated"], 0);
    // --full reads every Patient again and still changes nothing.
    const json full = pmiUpdate(pmi, {"--full"});
    EXPECT_GE(full["patientsRead"].get<int>(), first["patientsRead"].get<int>());
    EXPECT_GE(full["recordsUnchanged"].get<int>(), 2);
    EXPECT_EQ(full["recordsAdded"], 0);
    EXPECT_EQ(full["recordsUpdated"], 0);
    EXPECT_EQ(full["autoLinked"], 0);
    EXPECT_EQ(full["reviewsQueued"], 0);
    EXPECT_EQ(pmi.count("pmi_events"), events);
    EXPECT_EQ(pmi.count("pmi_persons"), people);

    // The Paris Patient moves house: the next run reads that Patient only and updates its record.
    auto nurse = client("nurse.north");
    json patient = nurse.get("/Patient/" + paris).json();
    patient["address"] = json::array({{{"postalCode", "SS0 7AA"}}});
    const auto updated = nurse.put("/Patient/" + paris, patient);
    ASSERT_EQ(updated.status, 200) << updated.body;
    const json next = pmiUpdate(pmi);
    EXPECT_EQ(next["patientsRead"], 1);
    EXPECT_EQ(next["recordsUpdated"], 1);
    EXPECT_EQ(next["recordsAdded"], 0);
    EXPECT_GT(next["toSeq"].get<long long>(), first["toSeq"].get<long long>());
    EXPECT_EQ(pmi.count("pmi_events"), events + 1);
    auto db = pmi.open();
    identity::PatientIndex index(db);
    const auto held = index.recordOf({identity::Epr::Paris, parisId});
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->record.postcode.value_or(""), "SS0 7AA");
}

TEST_F(Delivery, PmiPatientWithOnlyAVerifiedNhsNumberIsRoutedToThePersonsRecordsInThePmi)
{
    PmiFiles pmi;
    const std::string nhs = identity::syntheticNhsNumber(4080);
    const std::string parisId = unique("PAR-CANARY");
    const std::string mobiusId = unique("MOB-CANARY");
    registerPerson({{kParisSystem, parisId}}, nhs, true);
    registerPerson({{kMobiusSystem, mobiusId}}, nhs, true);
    pmiUpdate(pmi);
    auto hub = startHub(pmi.options());
    ASSERT_NE(hub, nullptr);
    auto submitThroughPmi = [&](const std::string& patient) {
        const auto created = client("nurse.north", hub->port()).post("/QuestionnaireResponse", riskResponse(patient));
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json();
    };

    // Registered through Avocet with a verified NHS number and no EPR record identifier.
    const std::string nhsOnly = registerPerson({}, nhs, true);
    const json routed = submitThroughPmi(nhsOnly);
    ASSERT_TRUE(waitFor([&] { return allDelivered(routed["id"], 2); })) << receipts(routed["id"]).dump();
    EXPECT_EQ(s_paris->stored().at(keyFor(routed, "paris"))["subject"]["identifier"]["value"], parisId);
    EXPECT_EQ(s_mobius->stored().at(keyFor(routed, "mobius"))["subject"]["identifier"]["value"], mobiusId);

    // Only on the PMI's own rule: an unverified number, or another birth date, finds nobody.
    const json unverified = submitThroughPmi(registerPerson({}, nhs, false));
    EXPECT_NE(failureReason(unverified).find("NHS number is not verified"), std::string::npos)
        << failureReason(unverified);
    const json otherBirthDate = submitThroughPmi(registerPerson({}, nhs, true, "1980-03-01"));
    EXPECT_NE(failureReason(otherBirthDate).find("no record with the Patient's verified NHS number and date of birth"),
              std::string::npos)
        << failureReason(otherBirthDate);
    EXPECT_EQ(failureReason(otherBirthDate).find(nhs), std::string::npos) << "no NHS number in receipts";

    // Without a PMI nothing changes: the Patient names no EPR record, so it is unroutable.
    const json plain = submit(riskResponse(nhsOnly));
    const std::string reason = failureReason(plain);
    EXPECT_NE(reason.find("no record in any EPR"), std::string::npos) << reason;
    EXPECT_EQ(reason.find("patient master index"), std::string::npos) << reason;
}

TEST_F(Delivery, PmiReviewsAreListedAndResolvedByAPersonAndRecordsLinkedOrUnlinkedByHand)
{
    PmiFiles pmi;
    // Same NHS number, verified in Paris only: a person must decide (docs/pmi.md, rule 3). Twice.
    const std::string nhsA = identity::syntheticNhsNumber(4083);
    const std::string nhsB = identity::syntheticNhsNumber(4084);
    const std::string parisA = unique("PAR-CANARY"), mobiusA = unique("MOB-CANARY");
    const std::string parisB = unique("PAR-CANARY"), mobiusB = unique("MOB-CANARY");
    registerPerson({{kParisSystem, parisA}}, nhsA, true);
    registerPerson({{kMobiusSystem, mobiusA}}, nhsA, false);
    registerPerson({{kParisSystem, parisB}}, nhsB, true);
    registerPerson({{kMobiusSystem, mobiusB}}, nhsB, false);
    const json summary = pmiUpdate(pmi);
    EXPECT_GE(summary["reviewsQueued"].get<int>(), 2);

    std::string output;
    ASSERT_EQ(pmiCommand(pmi, {"pmi-reviews"}, output), 0) << output;
    EXPECT_EQ(output.find(nhsA), std::string::npos) << "no NHS number in the review list";
    const long long linkCase = reviewBetween(pmi, "Mobius:" + mobiusA, "Paris:" + parisA);
    const long long distinctCase = reviewBetween(pmi, "Mobius:" + mobiusB, "Paris:" + parisB);
    ASSERT_GT(linkCase, 0) << output;
    ASSERT_GT(distinctCase, 0) << output;
    EXPECT_NE(pmi.personOf(identity::Epr::Paris, parisA), pmi.personOf(identity::Epr::Mobius, mobiusA));

    ASSERT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", std::to_string(linkCase), "--link", "--by", "pmi.officer"},
                         output),
              0)
        << output;
    EXPECT_EQ(pmi.personOf(identity::Epr::Paris, parisA), pmi.personOf(identity::Epr::Mobius, mobiusA));
    ASSERT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", std::to_string(distinctCase), "--distinct", "--by",
                               "pmi.officer"},
                         output),
              0)
        << output;
    EXPECT_NE(pmi.personOf(identity::Epr::Paris, parisB), pmi.personOf(identity::Epr::Mobius, mobiusB));
    EXPECT_EQ(reviewBetween(pmi, "Mobius:" + mobiusA, "Paris:" + parisA), 0);
    EXPECT_EQ(reviewBetween(pmi, "Mobius:" + mobiusB, "Paris:" + parisB), 0);

    // A decided case cannot be decided again; the next feed does not ask again either.
    EXPECT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", std::to_string(linkCase), "--distinct", "--by", "x"}, output),
              1);
    EXPECT_NE(output.find("review " + std::to_string(linkCase) + " is not open"), std::string::npos) << output;
    EXPECT_EQ(pmiUpdate(pmi, {"--full"})["reviewsQueued"], 0);

    // By hand: unlink blocks automatic linking for the record; link joins two people.
    ASSERT_EQ(pmiCommand(pmi, {"pmi-unlink", "Mobius:" + mobiusA, "--by", "pmi.officer", "--reason", "test"}, output), 0)
        << output;
    EXPECT_NE(pmi.personOf(identity::Epr::Paris, parisA), pmi.personOf(identity::Epr::Mobius, mobiusA));
    ASSERT_EQ(pmiCommand(pmi, {"pmi-link", "Paris:" + parisB, "Mobius:" + mobiusB, "--by", "pmi.officer", "--reason",
                               "confirmed with the patient"},
                         output),
              0)
        << output;
    EXPECT_EQ(pmi.personOf(identity::Epr::Paris, parisB), pmi.personOf(identity::Epr::Mobius, mobiusB));
}

TEST_F(Delivery, PmiBadInputIsRefusedWithAMessageNamingWhatAndWhereAndChangesNothing)
{
    PmiFiles pmi;
    registerPerson({{kParisSystem, unique("PAR-CANARY")}}, identity::syntheticNhsNumber(4086), true);
    registerPerson({{kMobiusSystem, unique("MOB-CANARY")}}, identity::syntheticNhsNumber(4086), false);
    pmiUpdate(pmi);
    const auto events = pmi.count("pmi_events");
    const auto reviews = pmi.count("pmi_review WHERE status = 'open'");
    ASSERT_GT(reviews, 0);
    std::string output;

    // Missing options: usage errors (exit 2) saying what is missing.
    EXPECT_EQ(admin({"pmi-update", "--database", s_conninfo}, output), 2);
    EXPECT_NE(output.find("--pmi FILE"), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", "1", "--link"}, output), 2);
    EXPECT_NE(output.find("--by USER is required"), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", "1", "--link", "--distinct", "--by", "x"}, output), 2);
    EXPECT_NE(output.find("exactly one of --link and --distinct"), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", "one", "--link", "--by", "x"}, output), 2);
    EXPECT_NE(output.find("--review needs a review number"), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(pmi, {"pmi-link", "Paris:P1", "Cerner:C1", "--by", "x", "--reason", "y"}, output), 2);
    EXPECT_NE(output.find("'Cerner:C1' is not a record as EPR:ID"), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(pmi, {"pmi-reviews", "--revue", "1"}, output), 2);
    EXPECT_NE(output.find("unknown option --revue"), std::string::npos) << output;

    // An unknown review, and records the PMI does not hold: exit 1, naming the file.
    EXPECT_EQ(pmiCommand(pmi, {"pmi-resolve", "--review", "999999", "--link", "--by", "x"}, output), 1);
    EXPECT_NE(output.find("review 999999 is not open"), std::string::npos) << output;
    EXPECT_NE(output.find(pmi.path), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(pmi, {"pmi-unlink", "Paris:NOT-THERE", "--by", "x", "--reason", "y"}, output), 1);
    EXPECT_NE(output.find("not in the patient index"), std::string::npos) << output;

    // The wrong key: refused before anything is read or written, naming the file and the key file.
    PmiFiles other; // another key
    for (const std::string command : {"pmi-reviews", "pmi-update"}) {
        std::vector<std::string> args = {command, "--database", s_conninfo, "--pmi", pmi.path, "--pmi-key-file", other.keyFile};
        if (command == "pmi-reviews")
            args.erase(args.begin() + 1, args.begin() + 3);
        EXPECT_EQ(admin(args, output), 1) << command;
        EXPECT_NE(output.find("wrong key"), std::string::npos) << output;
        EXPECT_NE(output.find(pmi.path), std::string::npos) << output;
        EXPECT_NE(output.find(other.keyFile), std::string::npos) << output;
    }
    // A missing key file or PMI file is named; nothing is created.
    EXPECT_EQ(admin({"pmi-reviews", "--pmi", pmi.path, "--pmi-key-file", pmi.directory + "/no.key"}, output), 1);
    EXPECT_NE(output.find("cannot read the PMI key file " + pmi.directory + "/no.key"), std::string::npos) << output;
    EXPECT_EQ(pmiCommand(other, {"pmi-reviews"}, output), 1);
    EXPECT_NE(output.find("there is no patient master index at " + other.path), std::string::npos) << output;
    EXPECT_FALSE(std::filesystem::exists(other.path));
    // pmi-update with a hub database that does not open leaves no new PMI file behind.
    EXPECT_EQ(pmiCommand(other, {"pmi-update", "--database", "host=/nonexistent dbname=none"}, output), 1);
    EXPECT_NE(output.find("the hub database"), std::string::npos) << output;
    EXPECT_FALSE(std::filesystem::exists(other.path));

    EXPECT_EQ(pmi.count("pmi_events"), events);
    EXPECT_EQ(pmi.count("pmi_review WHERE status = 'open'"), reviews);
}

TEST_F(Delivery, TwoHubsDeliverEverySubmissionExactlyOnceThroughRandomFailures)
{
    auto second = startHub();
    ASSERT_NE(second, nullptr);
    s_paris->setRandomFailureRate(0.3);
    s_mobius->setRandomFailureRate(0.3);
    const std::string parisPatient = registerPatient({{kParisSystem, "PAR-CANARY-1006"}});
    const std::string bothPatient = registerPatient({{kParisSystem, "PAR-CANARY-1007"}, {kMobiusSystem, "MOB-CANARY-2007"}});
    std::vector<json> submissions;
    for (int i = 0; i < 30; ++i) {
        HttpClient via = client("nurse.north", i % 2 == 0 ? s_hub->port() : second->port());
        const auto created = via.post("/QuestionnaireResponse", riskResponse(i % 3 == 0 ? bothPatient : parisPatient));
        ASSERT_EQ(created.status, 201) << created.body;
        submissions.push_back(created.json());
    }
    ASSERT_TRUE(waitFor(
        [&] {
            for (std::size_t i = 0; i < submissions.size(); ++i)
                if (!allDelivered(submissions[i]["id"], i % 3 == 0 ? 2 : 1))
                    return false;
            return true;
        },
        std::chrono::seconds(40)));
    s_paris->setRandomFailureRate(0.0);
    s_mobius->setRandomFailureRate(0.0);
    int messages = 0;
    for (std::size_t i = 0; i < submissions.size(); ++i) {
        for (const auto* fake : {s_paris.get(), s_mobius.get()}) {
            const std::string key = keyFor(submissions[i], fake->name());
            const bool expected = fake == s_paris.get() || i % 3 == 0;
            EXPECT_EQ(fake->timesStored(key), expected ? 1 : 0) << key;
            int successes = 0;
            for (const auto& request : fake->requestsFor(key))
                successes += request.answeredStatus / 100 == 2 ? 1 : 0;
            EXPECT_EQ(successes, expected ? 1 : 0) << key; // never posted again once delivered
            messages += expected ? 1 : 0;
        }
    }
    EXPECT_EQ(messages, 40);
}

TEST_F(Delivery, CaseloadListsTheTeamsPatientsAndIsRefusedToChangeManagers)
{
    const std::string patient = registerPatient({{kParisSystem, "PAR-CANARY-1008"}});
    const auto caseload = client("nurse.north").get("/Caseload");
    ASSERT_EQ(caseload.status, 200) << caseload.body;
    const json bundle = caseload.json();
    EXPECT_EQ(bundle["total"], 1);
    const json list = bundle["entry"][0]["resource"];
    EXPECT_EQ(list["resourceType"], "List");
    EXPECT_EQ(list["title"], "Caseload: north-community");
    bool listed = false;
    for (const auto& entry : list["entry"])
        listed = listed || entry["item"]["reference"] == "Patient/" + patient;
    EXPECT_TRUE(listed);
    bool included = false;
    for (const auto& entry : bundle["entry"])
        included = included || (entry["resource"]["resourceType"] == "Patient" && entry["resource"]["id"] == patient);
    EXPECT_TRUE(included);
    EXPECT_EQ(client("designer").get("/Caseload").status, 403);
    EXPECT_EQ(client("nurse.north").get("/Caseload?team=south-ward").status, 404);
}

// Last: publishes a newer mapping that later submissions would pick up.
TEST_F(Delivery, ChangeManagersPublishMappingsAndASubmissionUsesThePinnedVersion)
{
    auto nurse = client("nurse.north");
    const auto listed = nurse.get("/mappings?template=" + std::string(kRiskUrl) + "|1.0.0");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.json()["mappings"].size(), 3u);
    EXPECT_EQ(nurse.get("/mappings").json()["mappings"].size(), 24u);
    const auto document = nurse.get("/mappings/risk-assessment.paris/1.0.0");
    ASSERT_EQ(document.status, 200);
    json newer = document.json();
    EXPECT_EQ(nurse.post("/mappings", newer).status, 403);

    newer["version"] = "1.1.0";
    auto designer = client("designer");
    const auto published = designer.post("/mappings", newer);
    EXPECT_EQ(published.status, 201) << published.body;
    EXPECT_EQ(designer.post("/mappings", newer).status, 200); // same document again: no change
    json changed = newer;
    changed["title"] = "something else";
    EXPECT_EQ(designer.post("/mappings", changed).status, 409);
    json broken = newer;
    broken["version"] = "1.2.0";
    broken["entries"][0]["field"] = "NO_SUCH_FIELD";
    const auto refused = designer.post("/mappings", broken);
    EXPECT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("NO_SUCH_FIELD"), std::string::npos);
    EXPECT_EQ(nurse.get("/mappings/active?template=" + std::string(kRiskUrl) + "|1.0.0&epr=Paris").json()["version"], "1.1.0");

    const std::string patient = registerPatient({{kParisSystem, "PAR-CANARY-1009"}});
    const json latest = submit(riskResponse(patient));
    const json pinned = submit(riskResponse(patient, {"risk-assessment.paris|1.0.0"}));
    ASSERT_TRUE(waitFor([&] { return allDelivered(latest["id"], 1) && allDelivered(pinned["id"], 1); }));
    EXPECT_EQ(s_paris->stored().at(keyFor(latest, "paris"))["mapping"]["version"], "1.1.0");
    EXPECT_EQ(s_paris->stored().at(keyFor(pinned, "paris"))["mapping"]["version"], "1.0.0");
}

// What the EPR's copy loses is on the receipt the author sees: Mobius holds no field for protective
// factors (signed off as an attachment), so the receipt carries a note naming the item.
TEST_F(Delivery, AReceiptSaysWhatTheEprsCopyLosesAndLossyMappingsNeedASignOffToBePublished)
{
    const std::string patient = registerPatient({{kMobiusSystem, "MOB-CANARY-2077"}});
    json response = riskResponse(patient);
    for (auto& section : response["item"])
        if (section.value("linkId", "") == "formulation")
            section["item"].push_back({{"linkId", "protective-factors"},
                                       {"answer", json::array({{{"valueString", "CANARY supportive sister"}}})}});
    const json stored = submit(response);
    ASSERT_TRUE(waitFor([&] { return allDelivered(stored["id"], 1); }));
    const json receipt = receipts(stored["id"])[0];
    ASSERT_TRUE(receipt.contains("note")) << receipt.dump();
    bool attached = false;
    for (const auto& note : receipt["note"]) {
        EXPECT_EQ(note.value("text", "").rfind("Mobius: ", 0), 0u) << note.dump();
        EXPECT_EQ(note.dump().find("CANARY"), std::string::npos) << "a note names items, never answers";
        for (const auto& extension : note.value("extension", json::array()))
            attached = attached || (extension.value("valueCode", "") == "attached");
    }
    EXPECT_TRUE(attached) << receipt.dump();

    // Publishing: a lossy entry without its sign-off, and a mapping whose template the hub lacks.
    auto designer = client("designer");
    json unsigned_ = client("nurse.north").get("/mappings/risk-assessment.mobius/1.0.0").json();
    unsigned_["version"] = "1.0.1";
    for (auto& entry : unsigned_["entries"])
        entry.erase("signOff");
    const auto refused = designer.post("/mappings", unsigned_);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("clinical sign-off"), std::string::npos) << refused.body;
    json elsewhere = client("nurse.north").get("/mappings/risk-assessment.mobius/1.0.0").json();
    elsewhere["version"] = "1.0.2";
    elsewhere["template"]["version"] = "9.0.0";
    elsewhere["template"]["fits"] = "^9.0.0";
    const auto noTemplate = designer.post("/mappings", elsewhere);
    EXPECT_EQ(noTemplate.status, 422) << noTemplate.body;
    EXPECT_NE(noTemplate.body.find("is not on this hub; publish the template first"), std::string::npos)
        << noTemplate.body;
}

// A verified NHS number steers automatic linking and routing: only an EPR feed or an
// administrator may assert one, never a clinician's client.
TEST_F(Delivery, OnlyAFeedOrAnAdministratorMayRecordAnNhsNumberAsVerified)
{
    const json patient = {{"resourceType", "Patient"},
                          {"identifier", json::array({nhsIdentifier("9990004315", true)})},
                          {"name", json::array({{{"family", "CANARY-Verified"}, {"given", json::array({"Ivy"})}}})},
                          {"birthDate", "1979-05-05"}};
    const auto byNurse = client("nurse.north").post("/Patient", patient);
    EXPECT_EQ(byNurse.status, 403) << byNurse.body;
    EXPECT_NE(byNurse.body.find("only an EPR feed or an administrator can record an NHS number as verified"),
              std::string::npos)
        << byNurse.body;
    json unverified = patient;
    unverified["identifier"] = json::array({nhsIdentifier("9990004315", false)});
    const auto unverifiedByNurse = client("nurse.north").post("/Patient", unverified);
    EXPECT_EQ(unverifiedByNurse.status, 201) << unverifiedByNurse.body;
    json another = patient;
    another["identifier"] = json::array({nhsIdentifier("9990004323", true)});
    const auto byAdministrator = client("admin1").post("/Patient", another);
    EXPECT_EQ(byAdministrator.status, 201) << byAdministrator.body;
}

TEST_F(Delivery, CapabilityStatementDescribesDeliveryCaseloadAndMappingEndpoints)
{
    const auto metadata = HttpClient(s_hub->port()).get("/metadata").json();
    const std::string documentation = metadata["rest"][0].value("documentation", "");
    EXPECT_NE(documentation.find("/Caseload"), std::string::npos);
    EXPECT_NE(documentation.find("/mappings"), std::string::npos);
    EXPECT_NE(documentation.find("epr-delivery"), std::string::npos);
}

} // namespace

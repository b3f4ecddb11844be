// Transfer of care end to end on the real hub: the Paris feed sends a patient's inpatient stay,
// diagnosis and medicine; a clinician's avocetctl syncs them, composes the discharge summary
// pre-filled from them, signs it off with no network in the loop, and syncs through a
// fault-injecting proxy that loses the hub's answer; the hub delivers the document exactly once to
// the fake GP practice (tests/integration/support/FakeGpPractice) as a FHIR message with the document
// Bundle and its PDF, files the EPR copy in Paris through the shipped mapping, and the practice's
// acknowledgement comes back to the author as a receipt. A practice that rejects is shown with its
// reason; one that times out is retried and files the document once; a practice the hub has no
// channel for fails at once with what to do. A Care Act notice reaches a social care team's channel
// by the team's ODS code and its acknowledgement comes back, with neither the hub's log nor
// avocetctl's output naming the (canary) patient or their NHS number; a malformed transfer document
// is refused with 422 saying what and where, and nothing is stored; the discharge-summary-24h figure
// counts a late summary and a rejected one as not met.

#include "core/documents/TransferEnvelope.h"
#include "tests/integration/support/FakeEpr.h"
#include "tests/integration/support/FakeGpPractice.h"
#include "tests/integration/support/HttpClient.h"
#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubProcess.h"
#include "tests/integration/support/HubSql.h"
#include "tests/support/FaultProxy.h"
#include "tests/support/ShellCommand.h"
#include "tests/support/TempDir.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

namespace {

using avocet::test::FakeEpr;
using avocet::test::FakeGpPractice;
using avocet::test::GpAnswer;
using avocet::test::HttpClient;
using avocet::test::HubEnvironment;
using avocet::test::shellQuoted;
using nlohmann::json;

constexpr const char* kParis = "https://fhir.avocet.example/Id/paris-record-id";
constexpr const char* kNhs = "https://fhir.nhs.uk/Id/nhs-number";
constexpr const char* kChangedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";
constexpr const char* kPassphrase = "canary transfer of care passphrase";

// An instant `hoursFromNow` away, as UTC text with whole seconds.
std::string utcAt(int hoursFromNow)
{
    const std::time_t at = std::time(nullptr) + static_cast<std::time_t>(hoursFromNow) * 3600;
    std::tm utc{};
    gmtime_r(&at, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(20))
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    return condition();
}

class TransferOfCare : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        auto& env = HubEnvironment::shared();
        ASSERT_EQ(env.admin({"create-user", "feed.paris", "--role", "epr_feed", "--epr", "Paris"}), 0);
        ASSERT_EQ(env.admin({"create-user", "dr.ward", "--role", "clinician", "--team", "north-community"}), 0);
        s_practice = std::make_unique<FakeGpPractice>("Y90001");
        s_rejecting = std::make_unique<FakeGpPractice>("Y90002");
        s_slow = std::make_unique<FakeGpPractice>("Y90003");
        s_paris = std::make_unique<FakeEpr>("paris");
        s_hub = env.startHub({"--delivery-workers", "2", "--delivery-timeout-ms", "500", "--delivery-backoff-ms", "50",
                              "--delivery-backoff-max-ms", "400", "--delivery-poll-ms", "40",
                              "--delivery-lease-seconds", "5", "--epr-endpoint", "Paris=" + s_paris->url(),
                              "--recipient-endpoint", "Y90001=" + s_practice->url(), "--recipient-endpoint",
                              "Y90002=" + s_rejecting->url(), "--recipient-endpoint", "Y90003=" + s_slow->url()});
        ASSERT_NE(s_hub, nullptr);
    }

    static void TearDownTestSuite()
    {
        s_hub.reset();
        s_practice.reset();
        s_rejecting.reset();
        s_slow.reset();
        s_paris.reset();
    }

    static HttpClient as(const std::string& user)
    {
        HttpClient client(s_hub->port());
        client.setBearerToken(HubEnvironment::shared().login(user, s_hub->port()));
        return client;
    }

    // The Paris feed: a patient registered with a GP practice, discharged after a stay, with a SNOMED
    // CT diagnosis, a medicine and a home visit booked; on north-community's caseload.
    static std::string feedPatient(const std::string& record, const std::string& nhs, const std::string& practice,
                                   const std::string& dischargedAt = "2025-03-14T10:30:00Z",
                                   const std::string& visitAt = "2025-03-16T11:00:00Z")
    {
        const std::string at = "2025-03-14T12:00:00Z";
        auto feed = as("feed.paris");
        auto changed = json::array({{{"url", kChangedAt}, {"valueInstant", at}}});
        auto ids = [&](const std::string& value) { return json::array({{{"system", kParis}, {"value", value}}}); };
        const json subject = {{"identifier", {{"system", kParis}, {"value", record}}}};
        const json patient = {{"resourceType", "Patient"},
                              {"identifier", json::array({{{"system", kParis}, {"value", record}}, {{"system", kNhs}, {"value", nhs}}})},
                              {"extension", changed},
                              {"name", json::array({{{"family", "Canary-Transfer"}, {"given", json::array({"Robin"})}}})},
                              {"birthDate", "1979-05-17"},
                              {"generalPractitioner",
                               json::array({{{"identifier", {{"system", "https://fhir.nhs.uk/Id/ods-organization-code"},
                                                             {"value", practice}}},
                                             {"display", "Practice " + practice + " (illustrative)"}}})}};
        const json stay = {{"resourceType", "Encounter"}, {"identifier", ids(record + "-stay")}, {"extension", changed},
                           {"status", "finished"},
                           {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
                           {"subject", subject},
                           {"period", {{"start", "2025-02-03T16:20:00Z"}, {"end", dischargedAt}}}};
        const json condition = {{"resourceType", "Condition"}, {"identifier", ids(record + "-dx")}, {"extension", changed},
                                {"subject", subject},
                                {"code", {{"coding", json::array({{{"system", "http://snomed.info/sct"},
                                                                   {"code", "13746004"},
                                                                   {"display", "Bipolar disorder"}}})}}}};
        const json medicine = {{"resourceType", "MedicationStatement"}, {"identifier", ids(record + "-med")},
                               {"extension", changed}, {"status", "active"}, {"subject", subject},
                               {"medicationCodeableConcept", {{"text", "Lithium carbonate 400 mg tablets"}}},
                               {"dosage", json::array({{{"text", "one at night"}}})}};
        // The 72-hour follow-up, booked before discharge.
        const json visit = {{"resourceType", "Appointment"}, {"identifier", ids(record + "-visit")}, {"extension", changed},
                            {"status", "booked"}, {"appointmentType", {{"text", "Home visit"}}},
                            {"start", visitAt},
                            {"participant", json::array({{{"actor", subject}, {"status", "accepted"}}})}};
        json bundle = {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array()}};
        for (const auto& resource : {patient, stay, condition, medicine, visit})
            bundle["entry"].push_back({{"resource", resource},
                                       {"request", {{"method", "POST"}, {"url", resource["resourceType"]}}}});
        const auto posted = feed.post("/", bundle, {{"Content-Type", "application/fhir+json"}});
        EXPECT_EQ(posted.status, 200) << posted.body;
        auto admin = as("admin1");
        const auto found = admin.get("/Patient?identifier=" + std::string(kNhs) + "|" + nhs).json();
        const std::string id = found.value(json::json_pointer("/entry/0/resource/id"), "");
        EXPECT_FALSE(id.empty());
        EXPECT_EQ(HubEnvironment::shared().admin({"assign-caseload", "north-community", id}), 0);
        return id;
    }

    // `avocetctl --json --profile DIR --user dr.ward ARGS` with the hub's password at hand.
    std::pair<int, json> ctl(const std::vector<std::string>& args)
    {
        std::string command = "AVOCET_PASSPHRASE=" + shellQuoted(kPassphrase) +
                              " AVOCET_PASSWORD=" + shellQuoted(avocet::test::kTestPassword) + " " +
                              shellQuoted(AVOCET_CTL_BINARY) + " --json --profile " + shellQuoted(m_profile.path().string()) +
                              " --user dr.ward";
        for (const auto& arg : args)
            command += " " + shellQuoted(arg);
        const auto [status, text] = avocet::test::runShell(command + " 2>&1");
        const auto start = text.find('{');
        json parsed = start == std::string::npos ? json(text) : json::parse(text.substr(start), nullptr, false);
        if (parsed.is_discarded())
            parsed = text;
        return {status, parsed};
    }

    void write(const std::filesystem::path& path, const json& content)
    {
        std::ofstream out(path);
        out << content.dump(2);
    }

    // A new profile signed in to the hub and synced, as a clinician starting the day.
    void signInAndSync()
    {
        ASSERT_EQ(ctl({"profile", "init", "--kdf", "minimal"}).first, 0);
        ASSERT_EQ(ctl({"login", "--server", "http://127.0.0.1:" + std::to_string(s_hub->port())}).first, 0);
        ASSERT_EQ(ctl({"sync"}).first, 0);
    }

    // Each patient's discharge summary composed from the record and signed off by Dr Wren Ward,
    // then one sync sends them.
    void signDischargeSummariesAndSync(const std::vector<std::string>& nhsNumbers)
    {
        for (const auto& nhs : nhsNumbers) {
            const auto file = m_profile.path() / (nhs + ".json");
            write(file, composeDischargeSummary(nhs));
            const auto [status, out] = ctl({"document", "sign", "--patient", nhs, "--questionnaire", templatePath(),
                                            "--response", file.string(), "--name", "Dr Wren Ward"});
            ASSERT_EQ(status, 0) << out.dump();
        }
        ASSERT_EQ(ctl({"sync"}).first, 0);
    }

    // Pre-filled from the record, then the answers only the clinician can give.
    json composeDischargeSummary(const std::string& nhs)
    {
        const auto [status, prefilled] =
            ctl({"document", "prefill", "--patient", nhs, "--questionnaire", templatePath(), "--name", "Dr Wren Ward"});
        EXPECT_EQ(status, 0) << prefilled.dump();
        json response = prefilled;
        for (auto& heading : response["item"]) {
            if (heading["linkId"] == "clinical-summary")
                heading["item"].push_back({{"linkId", "clinical-summary-text"},
                                           {"answer", json::array({{{"valueString", "Settled on lithium; discharged home."}}})}});
            if (heading["linkId"] == "allergies")
                heading["item"].push_back({{"linkId", "allergies-checked"}, {"answer", json::array({{{"valueBoolean", true}}})}});
        }
        bool hasAllergies = false;
        for (const auto& heading : response["item"])
            hasAllergies = hasAllergies || heading["linkId"] == "allergies";
        if (!hasAllergies)
            response["item"].push_back({{"linkId", "allergies"},
                                        {"item", json::array({{{"linkId", "allergies-checked"},
                                                               {"answer", json::array({{{"valueBoolean", true}}})}}})}});
        bool hasSummary = false;
        for (const auto& heading : response["item"])
            hasSummary = hasSummary || heading["linkId"] == "clinical-summary";
        if (!hasSummary)
            response["item"].push_back({{"linkId", "clinical-summary"},
                                        {"item", json::array({{{"linkId", "clinical-summary-text"},
                                                               {"answer", json::array({{{"valueString", "Settled on lithium; discharged home."}}})}}})}});
        response["status"] = "completed";
        return response;
    }

    static std::string templatePath()
    {
        return std::string(AVOCET_SOURCE_DIR) + "/resources/templates/discharge-summary-1.0.0.json";
    }

    static json firstAnswer(const json& items, const std::string& linkId)
    {
        for (const auto& item : items) {
            if (item.value("linkId", "") == linkId && item.contains("answer"))
                return item["answer"][0];
            if (item.contains("item"))
                if (json found = firstAnswer(item["item"], linkId); !found.is_null())
                    return found;
        }
        return nullptr;
    }

    avocet::test::TempDir m_profile{"transfer-of-care"};
    static inline std::unique_ptr<FakeGpPractice> s_practice;
    static inline std::unique_ptr<FakeGpPractice> s_rejecting;
    static inline std::unique_ptr<FakeGpPractice> s_slow;
    static inline std::unique_ptr<FakeEpr> s_paris;
    static inline std::unique_ptr<avocet::test::HubProcess> s_hub;
};

TEST_F(TransferOfCare, ADischargeSummarySignedOffOfflineReachesTheGpOnceThroughAFaultyNetworkAndItsAcknowledgementComesBack)
{
    const std::string nhs = "9990002010";
    const std::string discharged = utcAt(-2);
    const std::string visit = utcAt(40);
    feedPatient("PAR-TOC-1", nhs, "Y90001", discharged, visit);
    avocet::test::FaultProxy proxy(s_hub->port());
    ASSERT_EQ(ctl({"profile", "init", "--kdf", "minimal"}).first, 0);
    const auto [loggedIn, login] = ctl({"login", "--server", proxy.url()});
    ASSERT_EQ(loggedIn, 0) << login.dump();
    const auto [synced, sync] = ctl({"sync"});
    ASSERT_EQ(synced, 0) << sync.dump();

    // Composed from the record that came EPR feed -> hub -> sync -> this computer.
    json response = composeDischargeSummary(nhs);
    EXPECT_EQ(firstAnswer(response["item"], "discharge-date").value("valueDateTime", ""), discharged);
    // Discharged two hours ago with no summary: the 24-hour alert is on the patient.
    const auto [alertStatus, alertsBefore] = ctl({"alerts", "patient", "--patient", nhs});
    ASSERT_EQ(alertStatus, 0) << alertsBefore.dump();
    EXPECT_NE(alertsBefore.dump().find("Discharge summary to the GP due"), std::string::npos) << alertsBefore.dump();
    EXPECT_EQ(firstAnswer(response["item"], "diagnosis")["valueCoding"].value("code", ""), "13746004");
    EXPECT_EQ(firstAnswer(response["item"], "medication").value("valueString", ""),
              "Lithium carbonate 400 mg tablets: one at night");
    EXPECT_EQ(firstAnswer(response["item"], "gp-practice-ods").value("valueString", ""), "Y90001");
    EXPECT_EQ(firstAnswer(response["item"], "follow-up-72h").value("valueDateTime", ""), visit);
    const auto responseFile = m_profile.path() / "discharge.json";
    write(responseFile, response);

    // Signed off and queued with no network: nothing reaches the hub until the next sync.
    const auto [signedStatus, signedOff] =
        ctl({"document", "sign", "--patient", nhs, "--questionnaire", templatePath(), "--response",
             responseFile.string(), "--name", "Dr Wren Ward", "--role", "Consultant psychiatrist"});
    ASSERT_EQ(signedStatus, 0) << signedOff.dump();
    EXPECT_EQ(signedOff.value("recipient", ""), "Y90001");
    EXPECT_TRUE(s_practice->deliveries().empty());
    auto [listedStatus, listed] = ctl({"document", "list", "--patient", nhs});
    ASSERT_EQ(listedStatus, 0);
    EXPECT_FALSE(listed["documents"][0].value("sent", true));

    // The push's answer is lost once; the retry must not make a second document or message.
    avocet::test::ProxyRule lose;
    lose.method = "POST";
    lose.path = "/";
    lose.fault = avocet::test::ProxyFault::DropAfterCommit;
    proxy.addRule(lose);
    for (int attempt = 0; attempt < 4 && ctl({"sync"}).first != 0; ++attempt) {
    }
    EXPECT_EQ(proxy.injected(), 1);
    ASSERT_TRUE(waitFor([&] { return s_practice->filed().size() == 1; })) << "the practice never received it";

    const auto filed = s_practice->filed();
    const std::string key = filed.begin()->first;
    EXPECT_EQ(s_practice->timesFiled(key), 1);
    EXPECT_EQ(s_practice->deliveries().size(), 1u) << "delivered once, no retry needed";
    const json& message = filed.begin()->second;
    const json& document = message["entry"][1]["resource"];
    EXPECT_EQ(document["type"], "document");
    EXPECT_EQ(document["entry"][0]["resource"]["section"].size(), 23u) << "every PRSB heading";
    const auto pdf = avocet::core::documents::fromBase64(message["entry"][2]["resource"].value("data", ""));
    ASSERT_TRUE(pdf.ok());
    EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);

    // The EPR copy went to Paris through the shipped mapping (correspondence).
    ASSERT_TRUE(waitFor([&] {
        for (const auto& [k, payload] : s_paris->stored())
            if (payload.value("form", json::object()).value("id", "") == "PAR_CORRESPONDENCE")
                return true;
        return false;
    })) << "no EPR copy in Paris";

    // The acknowledgement comes back to the author as a receipt.
    ASSERT_TRUE(waitFor([&] {
        ctl({"sync"});
        listed = ctl({"document", "list", "--patient", nhs}).second;
        const auto& receipts = listed["documents"][0]["receipts"];
        return !receipts.empty() && receipts[0].value("state", "") == "accepted";
    })) << listed.dump();
    EXPECT_TRUE(listed["documents"][0].value("sent", false));

    // Sent: the alert is gone, and the KPI counts the discharge as met (reached the GP within 24 hours).
    const auto [afterStatus, alertsAfter] = ctl({"alerts", "patient", "--patient", nhs});
    ASSERT_EQ(afterStatus, 0);
    EXPECT_EQ(alertsAfter.dump().find("Discharge summary"), std::string::npos) << alertsAfter.dump();
    std::string report;
    ASSERT_EQ(HubEnvironment::shared().admin({"report", "--metric", "discharge-summary-24h", "--from",
                                              utcAt(-48).substr(0, 10), "--to",
                                              utcAt(24).substr(0, 10), "--json"},
                                             &report),
              0)
        << report;
    const json figures = json::parse(report.substr(report.find('{')), nullptr, false);
    EXPECT_EQ(figures.value(json::json_pointer("/total/numerator"), -1), 1) << report;
    EXPECT_EQ(figures.value(json::json_pointer("/total/denominator"), -1), 1) << report;
}

TEST_F(TransferOfCare, ARejectionComesBackWithThePracticesReasonAndATimeOutIsRetriedAndFiledOnce)
{
    const std::string rejectedNhs = "9990002029";
    const std::string slowNhs = "9990002037";
    feedPatient("PAR-TOC-2", rejectedNhs, "Y90002", utcAt(-2), utcAt(40));
    feedPatient("PAR-TOC-3", slowNhs, "Y90003");
    s_rejecting->setFallback(GpAnswer::Reject);
    s_rejecting->setRejectionReason("Patient deducted from this practice's list on 1 March 2025");
    s_slow->script({GpAnswer::TimeOut});
    ASSERT_NO_FATAL_FAILURE(signInAndSync());
    ASSERT_NO_FATAL_FAILURE(signDischargeSummariesAndSync({rejectedNhs, slowNhs}));

    json listed;
    ASSERT_TRUE(waitFor([&] {
        ctl({"sync"});
        listed = ctl({"document", "list", "--patient", rejectedNhs}).second;
        const auto& receipts = listed["documents"][0]["receipts"];
        return !receipts.empty() && receipts[0].value("state", "") == "rejected";
    })) << listed.dump();
    EXPECT_EQ(listed["documents"][0]["receipts"][0].value("reason", ""),
              "Patient deducted from this practice's list on 1 March 2025");
    EXPECT_TRUE(s_rejecting->filed().empty());
    EXPECT_EQ(s_rejecting->deliveries().size(), 1u) << "a rejection is final: not retried";
    // The practice did not take it, so the summary has not reached the GP: the 24-hour alert stays,
    // now saying so, instead of clearing because the hub had it.
    const auto [alertStatus, alerts] = ctl({"alerts", "patient", "--patient", rejectedNhs});
    ASSERT_EQ(alertStatus, 0) << alerts.dump();
    EXPECT_NE(alerts.dump().find("Discharge summary to the GP rejected by the recipient"), std::string::npos)
        << alerts.dump();

    ASSERT_TRUE(waitFor([&] {
        ctl({"sync"});
        listed = ctl({"document", "list", "--patient", slowNhs}).second;
        const auto& receipts = listed["documents"][0]["receipts"];
        return !receipts.empty() && receipts[0].value("state", "") == "accepted";
    })) << listed.dump();
    const auto deliveries = s_slow->deliveries();
    ASSERT_GE(deliveries.size(), 2u) << "timed out, then retried";
    EXPECT_EQ(deliveries[0].answered, "timed-out");
    EXPECT_EQ(deliveries[1].answered, "duplicate");
    EXPECT_EQ(deliveries[0].key, deliveries[1].key) << "the retry carries the same idempotency key";
    EXPECT_EQ(s_slow->timesFiled(deliveries[0].key), 1);
}

TEST_F(TransferOfCare, ADocumentForAPracticeWithoutAChannelFailsAtOnceSayingWhatToDo)
{
    const std::string nhs = "9990002045";
    feedPatient("PAR-TOC-4", nhs, "Y99999");
    ASSERT_NO_FATAL_FAILURE(signInAndSync());
    const auto file = m_profile.path() / "nowhere.json";
    write(file, composeDischargeSummary(nhs));
    ASSERT_EQ(ctl({"document", "sign", "--patient", nhs, "--questionnaire", templatePath(), "--response", file.string(),
                   "--name", "Dr Wren Ward"})
                  .first,
              0);
    ASSERT_EQ(ctl({"sync"}).first, 0);
    ASSERT_EQ(ctl({"sync"}).first, 0);
    const auto listed = ctl({"document", "list", "--patient", nhs}).second;
    ASSERT_FALSE(listed["documents"][0]["receipts"].empty()) << listed.dump();
    EXPECT_EQ(listed["documents"][0]["receipts"][0].value("state", ""), "failed");
    EXPECT_NE(listed["documents"][0]["receipts"][0].value("reason", "").find("recipient-endpoint"), std::string::npos);
}

// The answers of a pre-filled response set (or replaced) under their group, groups in the template's
// order as the form has them.
void answer(json& response, const json& questionnaire, const std::string& group, const std::string& linkId,
            const json& value)
{
    json& items = response["item"];
    if (!items.is_array())
        items = json::array();
    json* found = nullptr;
    for (auto& item : items)
        if (item.value("linkId", "") == group)
            found = &item;
    if (!found) {
        items.push_back({{"linkId", group}, {"item", json::array()}});
        json ordered = json::array();
        for (const auto& heading : questionnaire["item"])
            for (const auto& item : items)
                if (item.value("linkId", "") == heading.value("linkId", ""))
                    ordered.push_back(item);
        items = ordered;
        for (auto& item : items)
            if (item.value("linkId", "") == group)
                found = &item;
    }
    json& children = (*found)["item"];
    if (!children.is_array())
        children = json::array();
    json entry = {{"linkId", linkId}, {"answer", json::array({value})}};
    for (auto& child : children)
        if (child.value("linkId", "") == linkId) {
            child = entry;
            return;
        }
    // In the template's order within the group.
    json ordered = json::array();
    for (const auto& heading : questionnaire["item"])
        if (heading.value("linkId", "") == group)
            for (const auto& item : heading.value("item", json::array())) {
                if (item.value("linkId", "") == linkId)
                    ordered.push_back(entry);
                for (const auto& child : children)
                    if (child.value("linkId", "") == item.value("linkId", ""))
                        ordered.push_back(child);
            }
    children = ordered;
}

std::string readText(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A Care Act notice goes to the social care team the clinician chose, by the team's ODS code, on a hub
// whose log this test reads: delivered, acknowledged, the acknowledgement back with the author; the
// canary patient's name and NHS number appear in neither the hub's log nor avocetctl's output.
TEST_F(TransferOfCare, ACareActNoticeReachesTheSocialCareTeamByItsOdsCodeAndNoLogOrOutputNamesThePatient)
{
    const std::string nhs = "9990002053";
    const std::string spaced = "999 000 2053";
    const std::string family = "Canary-Carenotice";
    const std::string given = "Linnet";
    FakeGpPractice team("Y90101"); // Mid Essex adult social care hospital team (illustrative)
    const auto log = m_profile.path() / "hub.log";
    auto hub = HubEnvironment::shared().startHub(
        {"--delivery-workers", "1", "--delivery-timeout-ms", "500", "--delivery-backoff-ms", "50",
         "--delivery-backoff-max-ms", "400", "--delivery-poll-ms", "40", "--delivery-lease-seconds", "5",
         "--epr-endpoint", "Paris=" + s_paris->url(), "--recipient-endpoint", "Y90101=" + team.url()},
        log.string());
    ASSERT_NE(hub, nullptr);

    // The Paris feed, to this hub: an inpatient still on the ward, registered with a practice.
    {
        HttpClient feed(hub->port());
        feed.setBearerToken(HubEnvironment::shared().login("feed.paris", hub->port()));
        const std::string at = "2025-03-14T12:00:00Z";
        const json changed = json::array({{{"url", kChangedAt}, {"valueInstant", at}}});
        const json subject = {{"identifier", {{"system", kParis}, {"value", "PAR-TOC-6"}}}};
        const json patient = {{"resourceType", "Patient"},
                              {"identifier", json::array({{{"system", kParis}, {"value", "PAR-TOC-6"}}, {{"system", kNhs}, {"value", nhs}}})},
                              {"extension", changed},
                              {"name", json::array({{{"family", family}, {"given", json::array({given})}}})},
                              {"birthDate", "1958-02-09"},
                              {"generalPractitioner",
                               json::array({{{"identifier", {{"system", "https://fhir.nhs.uk/Id/ods-organization-code"},
                                                             {"value", "Y90001"}}},
                                             {"display", "Practice Y90001 (illustrative)"}}})}};
        const json stay = {{"resourceType", "Encounter"},
                           {"identifier", json::array({{{"system", kParis}, {"value", "PAR-TOC-6-stay"}}})},
                           {"extension", changed}, {"status", "in-progress"},
                           {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
                           {"subject", subject}, {"period", {{"start", "2025-03-01T09:00:00Z"}}}};
        json bundle = {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array()}};
        for (const auto& resource : {patient, stay})
            bundle["entry"].push_back({{"resource", resource},
                                       {"request", {{"method", "POST"}, {"url", resource["resourceType"]}}}});
        const auto posted = feed.post("/", bundle, {{"Content-Type", "application/fhir+json"}});
        ASSERT_EQ(posted.status, 200) << posted.body;
        auto admin = as("admin1");
        const auto found = admin.get("/Patient?identifier=" + std::string(kNhs) + "|" + nhs).json();
        const std::string id = found.value(json::json_pointer("/entry/0/resource/id"), "");
        ASSERT_FALSE(id.empty());
        ASSERT_EQ(HubEnvironment::shared().admin({"assign-caseload", "north-community", id}), 0);
    }

    // avocetctl, everything it prints kept (stderr too) to be read for the patient afterwards.
    std::string printed;
    auto run = [&](const std::vector<std::string>& args, bool keep = true) {
        std::string command = "AVOCET_PASSPHRASE=" + shellQuoted(kPassphrase) +
                              " AVOCET_PASSWORD=" + shellQuoted(avocet::test::kTestPassword) + " " +
                              shellQuoted(AVOCET_CTL_BINARY) + " --json --profile " +
                              shellQuoted(m_profile.path().string()) + " --user dr.ward";
        for (const auto& arg : args)
            command += " " + shellQuoted(arg);
        auto [status, text] = avocet::test::runShell(command + " 2>&1");
        if (keep)
            printed += text;
        const auto start = text.find('{');
        json parsed = start == std::string::npos ? json(text) : json::parse(text.substr(start), nullptr, false);
        return std::pair<int, json>{status, parsed.is_discarded() ? json(text) : parsed};
    };
    ASSERT_EQ(run({"profile", "init", "--kdf", "minimal"}).first, 0);
    ASSERT_EQ(run({"login", "--server", "http://127.0.0.1:" + std::to_string(hub->port())}).first, 0);
    ASSERT_EQ(run({"sync"}).first, 0);

    const std::string notice = std::string(AVOCET_SOURCE_DIR) + "/resources/templates/care-act-assessment-notice-1.0.0.json";
    const json questionnaire = json::parse(readText(notice));
    // The pre-filled notice is the document itself (it holds the patient by design): not kept.
    auto [prefilledStatus, response] =
        run({"document", "prefill", "--patient", nhs, "--questionnaire", notice, "--name", "Dr Wren Ward"}, false);
    ASSERT_EQ(prefilledStatus, 0) << response.dump();
    answer(response, questionnaire, "social-care-team", "social-care-team-code",
           {{"valueCoding", {{"system", "https://fhir.nhs.uk/Id/ods-organization-code"}, {"code", "Y90101"},
                             {"display", "Mid Essex adult social care hospital team (illustrative)"}}}});
    answer(response, questionnaire, "hospital-stay", "admission-date", {{"valueDateTime", "2025-03-01T09:00:00Z"}});
    answer(response, questionnaire, "assessment", "expected-discharge-date", {{"valueDate", "2025-03-20"}});
    answer(response, questionnaire, "assessment", "assessment-reason",
           {{"valueString", "Lives alone; needs help with meals and medication after discharge."}});
    answer(response, questionnaire, "consultation", "patient-consulted", {{"valueBoolean", true}});
    answer(response, questionnaire, "consultation", "chc-considered", {{"valueBoolean", true}});
    answer(response, questionnaire, "person-completing-record", "completed-by", {{"valueString", "Dr Wren Ward"}});
    response["status"] = "completed";
    const auto file = m_profile.path() / "notice.json";
    write(file, response);
    const auto [signedStatus, signedOff] = run({"document", "sign", "--patient", nhs, "--questionnaire", notice,
                                                "--response", file.string(), "--name", "Dr Wren Ward", "--role",
                                                "Consultant psychiatrist"});
    ASSERT_EQ(signedStatus, 0) << signedOff.dump();
    EXPECT_EQ(signedOff.value("recipient", ""), "Y90101");
    EXPECT_EQ(signedOff.value("kind", ""), "care-act-assessment");
    ASSERT_EQ(run({"sync"}).first, 0);

    // The team's system files it once, addressed to the team by its ODS code.
    ASSERT_TRUE(waitFor([&] { return team.filed().size() == 1; })) << "the social care team never received it";
    const auto deliveries = team.deliveries();
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].recipientHeader, "Y90101");
    const json& header = deliveries[0].message["entry"][0]["resource"];
    EXPECT_EQ(header.value("resourceType", ""), "MessageHeader");
    EXPECT_NE(header.dump().find("Y90101"), std::string::npos) << header.dump();
    EXPECT_NE(header.dump().find("care-act-assessment"), std::string::npos) << header.dump();
    const json& document = deliveries[0].message["entry"][1]["resource"];
    EXPECT_EQ(document["entry"][0]["resource"]["section"].size(), questionnaire["item"].size());

    // The team's acknowledgement comes back to the author.
    json listed;
    ASSERT_TRUE(waitFor([&] {
        run({"sync"});
        listed = run({"document", "list", "--patient", nhs}).second;
        const auto& receipts = listed["documents"][0]["receipts"];
        return !receipts.empty() && receipts[0].value("state", "") == "accepted";
    })) << listed.dump();
    EXPECT_EQ(listed["documents"][0].value("recipient", ""), "Y90101");
    EXPECT_EQ(listed["documents"][0].value("signedBy", ""), "Dr Wren Ward");

    // Nothing about the patient in the hub's log or in what avocetctl printed.
    hub.reset(); // stopped: its log is complete
    const std::string hubLog = readText(log);
    ASSERT_NE(hubLog.find("transfer_planned"), std::string::npos) << "the hub's log was not captured";
    ASSERT_FALSE(printed.empty());
    for (const std::string& canary : {family, given, nhs, spaced}) {
        EXPECT_EQ(hubLog.find(canary), std::string::npos) << "the hub's log names the patient: " << canary;
        EXPECT_EQ(printed.find(canary), std::string::npos) << "avocetctl printed the patient: " << canary;
    }
}

// A transfer-of-care document the hub could not deliver (no recipient ODS code, content that cannot
// be read) is refused with 422 and an OperationOutcome naming what is wrong and where; nothing is
// stored and no receipt or message is made. A well-formed one is stored.
TEST_F(TransferOfCare, AMalformedTransferDocumentIsRefusedWith422SayingWhatAndWhereAndNothingIsStored)
{
    const std::string nhs = "9990002061";
    const std::string patient = feedPatient("PAR-TOC-7", nhs, "Y90001");
    ASSERT_FALSE(patient.empty());
    auto clinician = as("dr.ward");
    avocet::core::documents::TransferEnvelope envelope;
    envelope.kind = "discharge-summary";
    envelope.title = "Mental health inpatient discharge summary";
    envelope.documentType = {{"system", "http://snomed.info/sct"}, {"code", "823701000000103"}, {"display", "Discharge letter"}};
    envelope.recipientCode = "Y99999";
    envelope.recipientName = "A practice this hub has no channel for (illustrative)";
    envelope.setId = "urn:uuid:0f7c2a9e-4b1d-4e8a-9c3f-5d6e7f8a9b01";
    envelope.bundleIdentifier = "urn:uuid:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    envelope.signedBy = "Dr Wren Ward";
    envelope.signedAt = "2025-03-14T12:05:00Z";
    envelope.nhsNumber = nhs;
    envelope.bundle = {{"resourceType", "Bundle"}, {"type", "document"}, {"entry", json::array()}};
    envelope.pdf = "%PDF-1.4\n%test\n";
    envelope.sender = "Avocet demo NHS Foundation Trust";
    envelope.senderCode = "Y90000";
    const json good = avocet::core::documents::documentReferenceFor(envelope);
    const std::string stored = "SELECT count(*) FROM resources WHERE resource_type = 'DocumentReference' AND "
                               "compartment = 'Patient/" + patient + "'";
    const std::string messages = "SELECT count(*) FROM epr_messages WHERE focus_type = 'DocumentReference' AND "
                                 "patient_ref = 'Patient/" + patient + "'";
    const std::string conninfo = HubEnvironment::shared().conninfo();

    struct Case
    {
        const char* what;
        json resource;
        std::string expression;
        std::string says;
    };
    std::vector<Case> cases;
    json noRecipient = good;
    noRecipient.erase("extension");
    cases.push_back({"no recipient", noRecipient, "DocumentReference.extension", "names no recipient (ODS code)"});
    json unreadable = good;
    unreadable["content"][1]["attachment"]["data"] = "*** not base64 ***";
    cases.push_back({"unreadable PDF", unreadable, "DocumentReference.content", "not valid base64"});
    json notJson = good;
    notJson["content"][0]["attachment"]["data"] = avocet::core::documents::toBase64("{ not json");
    cases.push_back({"unreadable document", notJson, "DocumentReference.content", "is not a FHIR Bundle"});
    json notPdf = good;
    notPdf["content"][1]["attachment"]["data"] = avocet::core::documents::toBase64("a letter, not a PDF");
    cases.push_back({"not a PDF", notPdf, "DocumentReference.content", "is not a PDF"});
    for (const auto& refused : cases) {
        const auto reply = clinician.post("/DocumentReference", refused.resource, {{"Content-Type", "application/fhir+json"}});
        EXPECT_EQ(reply.status, 422) << refused.what << ": " << reply.body;
        const json outcome = reply.json();
        EXPECT_EQ(outcome.value("resourceType", ""), "OperationOutcome") << refused.what;
        EXPECT_EQ(outcome.value(json::json_pointer("/issue/0/expression/0"), ""), refused.expression)
            << refused.what << ": " << reply.body;
        EXPECT_NE(outcome.value(json::json_pointer("/issue/0/diagnostics"), "").find(refused.says), std::string::npos)
            << refused.what << ": " << reply.body;
        EXPECT_EQ(reply.body.find(nhs), std::string::npos) << "the refusal quotes the patient";
    }
    EXPECT_EQ(avocet::test::sqlValue(conninfo, stored), "0") << "a refused document was stored";
    EXPECT_EQ(avocet::test::sqlValue(conninfo, messages), "0") << "a refused document was planned for delivery";

    const auto accepted = clinician.post("/DocumentReference", good, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(accepted.status, 201) << accepted.body;
    EXPECT_EQ(avocet::test::sqlValue(conninfo, stored), "1");
    EXPECT_EQ(avocet::test::sqlValue(conninfo, messages), "1");
    const std::string id = accepted.json().value("id", "");
    ASSERT_FALSE(id.empty());
    // Updating a stored document into a malformed one is refused the same way.
    json broken = noRecipient;
    broken["id"] = id;
    const auto update = clinician.request("PUT", "/DocumentReference/" + id, broken.dump(),
                                          {{"Content-Type", "application/fhir+json"}});
    EXPECT_EQ(update.status, 422) << update.body;
    EXPECT_EQ(update.json().value(json::json_pointer("/issue/0/expression/0"), ""), "DocumentReference.extension");
    EXPECT_EQ(avocet::test::sqlValue(conninfo, messages), "1") << "a refused update planned another message";
}

// The discharge-summary-24h figure counts a summary that reached the practice after its 24 hours, a
// summary the practice rejected, and a discharge with no summary at all, as discharges not met.
TEST_F(TransferOfCare, TheDischargeSummaryFigureCountsALateSummaryAndARejectedOneAsNotMet)
{
    const std::string lateNhs = "9990002088";
    const std::string rejectedNhs = "9990002096";
    const std::string noneNhs = "9990002118";
    // Discharged in April 2026 (the first month of the metric library that counts it): every summary
    // sent now is long past its 24 hours.
    feedPatient("PAR-TOC-8", lateNhs, "Y90001", "2026-04-07T10:00:00Z", "2026-04-09T11:00:00Z");
    feedPatient("PAR-TOC-9", rejectedNhs, "Y90002", "2026-04-08T10:00:00Z", "2026-04-10T11:00:00Z");
    feedPatient("PAR-TOC-10", noneNhs, "Y90001", "2026-04-09T10:00:00Z", "2026-04-11T11:00:00Z");
    s_rejecting->setFallback(GpAnswer::Reject);
    s_rejecting->setRejectionReason("Patient not registered at this practice");
    ASSERT_NO_FATAL_FAILURE(signInAndSync());
    ASSERT_NO_FATAL_FAILURE(signDischargeSummariesAndSync({lateNhs, rejectedNhs}));
    const auto stateOf = [&](const std::string& nhs) {
        const json listed = ctl({"document", "list", "--patient", nhs}).second;
        const auto& receipts = listed["documents"][0]["receipts"];
        return receipts.empty() ? std::string() : receipts[0].value("state", "");
    };
    ASSERT_TRUE(waitFor([&] {
        ctl({"sync"});
        return stateOf(lateNhs) == "accepted" && stateOf(rejectedNhs) == "rejected";
    })) << stateOf(lateNhs) << " / " << stateOf(rejectedNhs);

    std::string report;
    ASSERT_EQ(HubEnvironment::shared().admin({"report", "--metric", "discharge-summary-24h", "--from", "2026-04-01",
                                              "--to", "2026-04-30", "--json"},
                                             &report),
              0)
        << report;
    const json figures = json::parse(report.substr(report.find('{')), nullptr, false);
    ASSERT_FALSE(figures.is_discarded()) << report;
    EXPECT_EQ(figures.value(json::json_pointer("/total/denominator"), -1), 3) << "every April discharge counted: " << report;
    EXPECT_EQ(figures.value(json::json_pointer("/total/numerator"), -1), 0) << "late, rejected and none are not met: " << report;
    EXPECT_FALSE(figures.value(json::json_pointer("/total/meetsTarget"), true)) << report;
}

} // namespace

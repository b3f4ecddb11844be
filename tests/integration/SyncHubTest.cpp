// The real sync engine against the real avocet-hub and PostgreSQL on loopback (
// SECURITY-RELIABILITY 15, 16, 18): exactly once with injected failures, two clients → a stored
// conflict, and `avocetctl sync` killed with SIGKILL again and again while 1,000 submissions drain.

#include "tests/support/ShellCommand.h"
#include "tests/integration/support/HubEnvironment.h"
#include "tests/support/FakeFhirServer.h"
#include "tests/support/FaultProxy.h"
#include "tests/support/LinkSimulator.h"
#include "tests/support/SyncChecks.h"
#include "tests/support/TempDir.h"

#include "core/audit/AuditLog.h"
#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "core/store/ProfileStore.h"
#include "core/mapping/NativePayload.h"
#include "core/store/CaseloadStore.h"
#include "core/store/PatientStore.h"
#include "core/sync/DesktopProjection.h"
#include "core/sync/SyncEngine.h"
#include "core/usecases/SyncedRecords.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace avocet::core;
using namespace avocet::core::sync;
using avocet::test::HubEnvironment;
using avocet::test::TempDir;
using nlohmann::json;

namespace {

struct Cache : avocet::test::SyncCache
{
    Cache() : SyncCache("sync-hub") {}
};

std::string hubUrl() { return "http://127.0.0.1:" + std::to_string(HubEnvironment::shared().port()); }

SyncConfig hubConfig(const std::string& url = hubUrl())
{
    SyncConfig config;
    config.baseUrl = url;
    config.pullTypes = {"Patient", "QuestionnaireResponse"};
    config.retry.baseDelay = std::chrono::milliseconds(10);
    config.retry.maxDelay = std::chrono::milliseconds(200);
    config.retry.maxAttempts = 4;
    config.initialBatchSize = 5;
    config.maxBatchSize = 10;
    return config;
}

std::unique_ptr<SyncEngine> engineWith(store::Database& db, const std::string& user, const SyncConfig& config,
                                       int failEvery = 0, avocet::test::FaultInjectingTransport** faults = nullptr)
{
    auto transport = makePocoTransport(config.baseUrl, config.transport);
    EXPECT_TRUE(transport.ok());
    auto injecting = std::make_unique<avocet::test::FaultInjectingTransport>(std::move(*transport));
    if (failEvery > 0) {
        injecting->failEvery(failEvery, avocet::test::FaultInjectingTransport::Mode::LoseResponse);
        injecting->cycleModes(true);
    }
    if (faults != nullptr)
        *faults = injecting.get();
    auto client = std::make_unique<FhirClient>(std::move(injecting), "", config.retry, systemClock(), systemRandom());
    auto engine = std::make_unique<SyncEngine>(db, config, std::move(client));
    EXPECT_TRUE(engine->login(user, avocet::test::kTestPassword).ok());
    return engine;
}

std::unique_ptr<SyncEngine> engineFor(store::Database& db, const std::string& user, int failEvery = 0,
                                      avocet::test::FaultInjectingTransport** faults = nullptr,
                                      const std::string& url = hubUrl(),
                                      std::chrono::milliseconds receiveTimeout = std::chrono::milliseconds(10000))
{
    auto config = hubConfig(url);
    config.transport.receiveTimeout = receiveTimeout;
    config.transport.answerDeadline = 3 * receiveTimeout;
    return engineWith(db, user, config, failEvery, faults);
}

// Every client identifier on the hub's QuestionnaireResponses, with how often it occurs.
std::map<std::string, int> clientIdsOnHub()
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    std::map<std::string, int> seen;
    std::string url = std::string("/QuestionnaireResponse?identifier=") + kClientIdSystem + "|&_count=1000";
    const std::string base = hubUrl();
    while (!url.empty()) {
        const auto page = client.get(url).json();
        url.clear();
        for (const auto& entry : page.value("entry", json::array()))
            if (auto id = clientIdentifierOf(entry["resource"]))
                ++seen[*id];
        for (const auto& link : page.value("link", json::array()))
            if (link.value("relation", "") == "next") {
                url = link.value("url", "");
                if (url.rfind(base, 0) == 0)
                    url = url.substr(base.size());
            }
    }
    return seen;
}

// Each of these client identifiers is on the hub exactly once.
void expectEachOnceOnHub(const std::vector<std::string>& ids)
{
    const auto onHub = clientIdsOnHub();
    for (const auto& id : ids) {
        const auto found = onHub.find(id);
        ASSERT_NE(found, onHub.end()) << "missing " << id;
        EXPECT_EQ(found->second, 1) << "duplicated " << id;
    }
}

std::string hubPatient(const std::string& nhs)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const json patient = {{"resourceType", "Patient"},
                          {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
                          {"name", json::array({{{"family", "Canary-Sync"}, {"given", json::array({"Test"})}}})}};
    const auto created = client.post("/Patient", patient, {{"Content-Type", "application/fhir+json"}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json().value("id", "");
}

json submission(const std::string& patientId, int n)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"subject", {{"reference", "Patient/" + patientId}}},
            {"item", json::array({{{"linkId", "n"}, {"answer", json::array({{{"valueInteger", n}}})}}})}};
}

} // namespace

TEST(SyncWithHub, PushWithInjectedFailuresLeavesExactlyNOnTheServerByClientIdentifier)
{
    Cache cache;
    const std::string patientId = hubPatient("9990001019");
    avocet::test::FaultInjectingTransport* faults = nullptr;
    auto engine = engineFor(cache.db, "admin1", 3, &faults);
    const auto ids = avocet::test::queueRecords(cache.db, 60, [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 60u);
    EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 20));
    EXPECT_GE(faults->injected(), 4);
    expectEachOnceOnHub(ids);
    EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM sync_outbox"), 0);
    EXPECT_EQ(faults->connectionsOpened() <= faults->injected() + 2, true) << "keep-alive between failures";
}

TEST(SyncWithHub, TwoClientsEditingOneRecordGiveTheSecondAStoredConflictAndNoOverwrite)
{
    const std::string patientId = hubPatient("9990001027");
    Cache first, second;
    auto a = engineFor(first.db, "admin1");
    auto b = engineFor(second.db, "admin1");
    ASSERT_TRUE(a->syncNow().ok());
    ASSERT_TRUE(b->syncNow().ok());
    avocet::test::expectSecondEditBecomesStoredConflict(*a, *b, patientId, [&] {
        return HubEnvironment::shared().clientFor("admin1").get("/Patient/" + patientId).json();
    });
}

TEST(SyncWithHub, DeletionsReachOtherClientsAsTombstonesAndTheAuditChainIsPushedOnce)
{
    const std::string patientId = hubPatient("9990001035");
    Cache cache;
    audit::AuditLog log(cache.db);
    for (int i = 0; i < 5; ++i) {
        audit::AuditEvent event;
        event.user = "admin1";
        event.action = audit::action::View;
        event.device = "sync-test";
        ASSERT_TRUE(log.append(event).ok());
    }
    avocet::test::FaultInjectingTransport* faults = nullptr;
    auto engine = engineFor(cache.db, "admin1", 0, &faults);
    engine->setAuditLog(&log);
    ASSERT_TRUE(engine->syncNow()->complete);
    ASSERT_TRUE(engine->store().getByServerId("Patient", patientId)->has_value());

    auto hub = HubEnvironment::shared().clientFor("admin1");
    EXPECT_EQ(hub.request("DELETE", "/Patient/" + patientId).status, 204);
    auto after = engine->syncNow();
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->complete) << after->error;
    EXPECT_GE(after->deleted, 1);
    EXPECT_FALSE(engine->store().getByServerId("Patient", patientId)->has_value());

    // The audit chain: 5 events, each once, found by its chain key.
    const auto chain = *engine->store().state("audit.chain");
    ASSERT_TRUE(chain.has_value());
    const auto events = hub.get("/AuditEvent?_count=1000").json();
    int ours = 0;
    for (const auto& entry : events.value("entry", json::array()))
        for (const auto& entity : entry["resource"].value("entity", json::array()))
            for (const auto& detail : entity.value("detail", json::array()))
                if (detail.value("valueString", "").rfind(*chain + ":", 0) == 0)
                    ++ours;
    EXPECT_EQ(ours, 5);
}

// A clinician may not search AuditEvents, so after a lost answer the engine cannot see what
// arrived; the hub's chain anchor makes the resend land once all the same, and the engine checks
// its local log against what the hub anchored.
TEST(SyncWithHub, ClinicianAuditChainLandsOnceThroughALostAnswerAndIsCheckedAgainstTheHubsAnchor)
{
    avocet::test::FaultProxy proxy(HubEnvironment::shared().port());
    avocet::test::ProxyRule rule;
    rule.method = "POST";
    rule.path = "/";
    rule.fault = avocet::test::ProxyFault::DropAfterCommit;
    proxy.addRule(rule);
    Cache cache;
    audit::AuditLog log(cache.db);
    for (const char* action : {audit::action::Login, audit::action::Unlock, audit::action::Lock,
                               audit::action::Unlock, audit::action::Lock, audit::action::Unlock, audit::action::Logout}) {
        audit::AuditEvent event;
        event.user = "nurse.north";
        event.action = action;
        event.device = "touchdown-07";
        ASSERT_TRUE(log.append(event).ok());
    }
    auto engine = engineFor(cache.db, "nurse.north", 0, nullptr, proxy.url(), std::chrono::milliseconds(3000));
    engine->setAuditLog(&log);
    EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 4));
    EXPECT_EQ(proxy.injected(), 1) << "the audit batch's answer was lost once";

    const auto again = engine->syncNow();
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->complete) << again->error;
    EXPECT_EQ(again->auditPushed, 0);
    EXPECT_EQ(again->auditAnchoredSeq, 7);
    EXPECT_EQ(again->auditChainBreaks, 0);

    const auto chain = *engine->store().state("audit.chain");
    ASSERT_TRUE(chain.has_value());
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const auto anchor = admin.get("/audit-chains/" + *chain).json();
    EXPECT_EQ(anchor["events"], 7) << "each event stored once";
    EXPECT_EQ(anchor["headSeq"], 7);

    // Someone edits the local log after it reached the hub: the next sync says so.
    ASSERT_TRUE(cache.db.exec("UPDATE audit_log SET hash = 'feedface' WHERE seq = 7").ok());
    const auto tampered = engine->syncNow();
    ASSERT_TRUE(tampered.ok());
    EXPECT_FALSE(tampered->complete);
    EXPECT_NE(tampered->error.find("audit log was changed"), std::string::npos) << tampered->error;
}

// SECURITY-RELIABILITY 16 and 17 on real sockets: a fault-injecting TCP proxy between the real
// engine and the real hub breaks the first two push requests (batch Bundles) in one way each;
// 20 submissions still end exactly once on the hub and the outbox drains.
class SyncThroughFaultProxy : public ::testing::TestWithParam<std::pair<avocet::test::ProxyFault, const char*>>
{
};

TEST_P(SyncThroughFaultProxy, TwentySubmissionsLandExactlyOnce)
{
    using avocet::test::ProxyFault;
    const auto [fault, nhs] = GetParam();
    const std::string patientId = hubPatient(nhs);
    avocet::test::FaultProxy proxy(HubEnvironment::shared().port());
    avocet::test::ProxyRule rule;
    rule.method = "POST";
    rule.path = "/";
    rule.fault = fault;
    rule.times = 2;
    rule.hang = std::chrono::milliseconds(2500);
    proxy.addRule(rule);

    Cache cache;
    auto engine = engineFor(cache.db, "admin1", 0, nullptr, proxy.url(), std::chrono::milliseconds(1000));
    const auto ids = avocet::test::queueRecords(cache.db, 20, [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 20u);
    EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 10));
    EXPECT_EQ(proxy.injected(), 2) << avocet::test::proxyFaultName(fault);
    if (fault == ProxyFault::Duplicate) {
        EXPECT_GE(proxy.forwarded(), 4) << "each faulted bundle reached the hub twice";
    }
    const auto tally = avocet::test::tallyOnce(ids, clientIdsOnHub());
    EXPECT_EQ(tally.missing, 0) << avocet::test::proxyFaultName(fault);
    EXPECT_EQ(tally.doubled, 0) << avocet::test::proxyFaultName(fault);
    EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM sync_outbox"), 0);
    EXPECT_TRUE(engine->store().conflicts()->empty());
}

INSTANTIATE_TEST_SUITE_P(
    Faults, SyncThroughFaultProxy,
    ::testing::Values(std::make_pair(avocet::test::ProxyFault::DropBeforeCommit, "9990001103"),
                      std::make_pair(avocet::test::ProxyFault::DropAfterCommit, "9990001111"),
                      std::make_pair(avocet::test::ProxyFault::ServiceUnavailable, "9990001138"),
                      std::make_pair(avocet::test::ProxyFault::TooManyRequests, "9990001146"),
                      std::make_pair(avocet::test::ProxyFault::Hang, "9990001154"),
                      std::make_pair(avocet::test::ProxyFault::Truncate, "9990001162"),
                      std::make_pair(avocet::test::ProxyFault::Duplicate, "9990001170"),
                      // 80 bytes a second: never silent for the 1 s receive timeout, past the 3 s deadline.
                      std::make_pair(avocet::test::ProxyFault::Trickle, "9990001200")),
    [](const ::testing::TestParamInfo<SyncThroughFaultProxy::ParamType>& param) {
        std::string name = avocet::test::proxyFaultName(param.param.first);
        for (auto& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return name;
    });

// A slow network that still delivers: the answer trickles in for longer than the receive timeout
// (but never falls silent that long) and within the deadline, so it is taken as it is, first time.
TEST(SyncThroughFaultProxyTrickle, AnAnswerThatTricklesInWithinTheDeadlineIsTakenWithoutARetry)
{
    const std::string patientId = hubPatient("9990001219");
    avocet::test::FaultProxy proxy(HubEnvironment::shared().port());
    avocet::test::ProxyRule rule;
    rule.method = "POST";
    rule.path = "/";
    rule.fault = avocet::test::ProxyFault::Trickle;
    rule.trickleBytes = 256;
    rule.trickleGap = std::chrono::milliseconds(100);
    proxy.addRule(rule);

    Cache cache;
    auto config = hubConfig(proxy.url());
    config.transport.receiveTimeout = std::chrono::milliseconds(1000);
    config.transport.answerDeadline = std::chrono::milliseconds(60000);
    auto engine = engineWith(cache.db, "admin1", config);
    const auto ids = avocet::test::queueRecords(cache.db, 20, [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 20u);
    const auto run = engine->syncNow();
    ASSERT_TRUE(run.ok());
    EXPECT_TRUE(run->complete) << run->error;
    EXPECT_EQ(proxy.injected(), 1);
    EXPECT_EQ(run->pushed, 20);
    EXPECT_EQ(run->retries, 0) << "a slow answer that keeps coming is not a failure";
    const auto tally = avocet::test::tallyOnce(ids, clientIdsOnHub());
    EXPECT_EQ(tally.missing, 0);
    EXPECT_EQ(tally.doubled, 0);
    EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM sync_outbox"), 0);
}

// An update (If-Match) delivered twice by the network: the second delivery meets 412, the client
// finds its own change tag on the hub's copy and counts it as done — no conflict, one new version.
TEST(SyncThroughFaultProxyUpdate, DuplicateDeliveryOfAnUpdateIsNeitherAConflictNorASecondVersion)
{
    const std::string patientId = hubPatient("9990001189");
    avocet::test::FaultProxy proxy(HubEnvironment::shared().port());
    Cache cache;
    auto engine = engineFor(cache.db, "admin1", 0, nullptr, proxy.url());
    ASSERT_TRUE(engine->syncNow()->complete);
    auto copy = *engine->store().getByServerId("Patient", patientId);
    ASSERT_TRUE(copy.has_value());
    const std::string before = copy->versionId.value_or("");
    auto edit = copy->content;
    edit["gender"] = "female";
    ASSERT_TRUE(engine->store().updateLocal("Patient", copy->localId, edit).ok());

    avocet::test::ProxyRule rule;
    rule.method = "POST";
    rule.path = "/";
    rule.fault = avocet::test::ProxyFault::Duplicate;
    proxy.addRule(rule);
    auto pushed = engine->syncNow();
    ASSERT_TRUE(pushed.ok());
    EXPECT_TRUE(pushed->complete) << pushed->error;
    EXPECT_EQ(proxy.injected(), 1);
    EXPECT_EQ(pushed->conflicts, 0);
    EXPECT_TRUE(engine->store().conflicts()->empty());

    auto hub = HubEnvironment::shared().clientFor("admin1");
    const auto onServer = hub.get("/Patient/" + patientId).json();
    EXPECT_EQ(onServer.value("gender", ""), "female");
    const auto history = hub.get("/Patient/" + patientId + "/_history").json();
    EXPECT_EQ(history.value("entry", json::array()).size(), 2u) << "created once, updated once: " << before;
}

// SECURITY-RELIABILITY 15: 1,000 queued submissions, `avocetctl sync` killed with SIGKILL at
// random moments and restarted; the hub ends with exactly 1,000 and the outbox is empty.
TEST(SyncWithHub, ExactlyOnceThroughRepeatedKillMinus9OfAvocetctlSync)
{
    const std::string patientId = hubPatient("9990001043");
    TempDir profiles("sync-kill");
    const std::string user = "admin1";
    const std::string passphrase = "canary correct horse battery staple";
    const auto ids = avocet::test::profileWithQueue(profiles.path(), user, passphrase, 1000,
                                                    [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 1000u);
    auto run = [&](const std::vector<std::string>& args, int killAfterMs) {
        const pid_t pid = fork();
        if (pid == 0) {
            setenv("AVOCET_PASSPHRASE", passphrase.c_str(), 1);
            setenv("AVOCET_PASSWORD", avocet::test::kTestPassword, 1);
            std::vector<std::string> full = {AVOCET_CTL_BINARY, "--profile", profiles.path().string(), "--user", user};
            full.insert(full.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (auto& a : full)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            const int devnull = ::open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            execv(argv[0], argv.data());
            _exit(127);
        }
        if (killAfterMs > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(killAfterMs));
            kill(pid, SIGKILL);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    };
    ASSERT_EQ(run({"login", "--server", hubUrl()}, 0), 0);
    std::mt19937 random(15);
    int killed = 0;
    for (int i = 0; i < 8; ++i) {
        const int status = run({"sync", "--types", "QuestionnaireResponse", "--no-audit", "--batch", "25"},
                               150 + static_cast<int>(random() % 400));
        if (status == 128 + SIGKILL)
            ++killed;
    }
    int final = 1;
    for (int i = 0; i < 5 && final != 0; ++i)
        final = run({"sync", "--types", "QuestionnaireResponse", "--no-audit"}, 0);
    EXPECT_EQ(final, 0);
    EXPECT_GE(killed, 3) << "the kills should land mid-sync";

    const auto tally = avocet::test::tallyOnce(ids, clientIdsOnHub());
    EXPECT_EQ(tally.missing, 0);
    EXPECT_EQ(tally.doubled, 0);

    store::ProfileStore store(profiles.path());
    auto cache = store.unlock(user, passphrase);
    ASSERT_TRUE(cache.ok());
    EXPECT_EQ(*(*cache)->database().queryInt("SELECT count(*) FROM sync_outbox"), 0);
    (*cache)->lock();
    std::printf("[ kill -9 ] %d of 8 runs killed mid-sync; 1000 on the hub, 0 missing, 0 duplicated\n", killed);
}

// TLS refusals: strict verification against the configured CA file, refusal of an
// untrusted certificate, and the optional SPKI pin — with the real hub serving HTTPS.
TEST(SyncWithHub, TlsIsVerifiedStrictlyAndTheKeyPinIsEnforced)
{
    TempDir dir("sync-tls");
    const auto cert = (dir / "hub.crt").string();
    const auto key = (dir / "hub.key").string();
    const auto pinFile = (dir / "pin.txt").string();
    const std::string make = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
                             " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                             key + "' -out '" + cert + "' >/dev/null 2>&1 && openssl x509 -in '" + cert +
                             "' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary"
                             " | openssl base64 -A > '" + pinFile + "'";
    ASSERT_EQ(std::system(make.c_str()), 0);
    const std::string pin = avocet::test::readFile(pinFile);
    std::string error;
    auto hub = avocet::test::HubProcess::start({"--tls-cert", cert, "--tls-key", key}, error);
    ASSERT_TRUE(hub) << error;
    const std::string url = "https://127.0.0.1:" + std::to_string(hub->port());
    auto metadata = [&](TransportOptions options) {
        options.connectTimeout = std::chrono::milliseconds(3000);
        auto transport = makePocoTransport(url, options);
        EXPECT_TRUE(transport.ok()) << transport.message();
        return (*transport)->send({"GET", "/metadata", {{"Accept", "application/fhir+json"}}, {}});
    };

    TransportOptions trusted;
    trusted.tls.caFile = cert;
    auto ok = metadata(trusted);
    ASSERT_TRUE(ok.ok()) << ok.message();
    EXPECT_EQ(ok->status, 200);

    auto untrusted = metadata(TransportOptions{}); // system CAs do not know the hub's certificate
    ASSERT_FALSE(untrusted.ok());
    EXPECT_EQ(untrusted.code(), ErrorCode::CryptoFailure) << untrusted.message();

    TransportOptions pinned = trusted;
    pinned.tls.spkiPin = pin;
    auto pinnedOk = metadata(pinned);
    ASSERT_TRUE(pinnedOk.ok()) << pinnedOk.message();
    pinned.tls.spkiPin = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    auto wrongPin = metadata(pinned);
    ASSERT_FALSE(wrongPin.ok());
    EXPECT_EQ(wrongPin.code(), ErrorCode::CryptoFailure);
    EXPECT_NE(wrongPin.message().find("pin"), std::string::npos);

    hub->sendSignal(SIGTERM);
    EXPECT_EQ(hub->waitForExit(std::chrono::seconds(10)), 0);
}

// The desktop with a real hub: a clinician prepares for off-line, and the desktop's caseload and search
// (the patient index) then hold exactly their team's patients, with the EPR of record; a patient
// taken off the caseload on the hub leaves the desktop at the next briefcase.
TEST(SyncWithHub, BriefcaseFillsTheDesktopCaseloadWithTheTeamsPatientsOnly)
{
    auto admin = HubEnvironment::shared().clientFor("admin1");
    auto createPatient = [&](const std::string& nhs, const std::string& family, identity::Epr epr) {
        const json patient = {
            {"resourceType", "Patient"},
            {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}},
                                        {{"system", mapping::eprRecordSystem(epr)}, {"value", "EPR-" + nhs}}})},
            {"name", json::array({{{"use", "official"}, {"family", family}, {"given", json::array({"Canary"})}}})},
            {"birthDate", "1970-05-01"}};
        const auto created = admin.post("/Patient", patient, {{"Content-Type", "application/fhir+json"}});
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json().value("id", "");
    };
    const std::string mine = createPatient("9990007017", "Projectionfield", identity::Epr::Mobius);
    const std::string alsoMine = createPatient("9990007025", "Projectionbury", identity::Epr::Paris);
    const std::string other = createPatient("9990007033", "Projectionham", identity::Epr::Paris);
    ASSERT_EQ(HubEnvironment::shared().admin({"assign-caseload", "south-ward", mine}), 0);
    ASSERT_EQ(HubEnvironment::shared().admin({"assign-caseload", "south-ward", alsoMine}), 0);
    ASSERT_EQ(HubEnvironment::shared().admin({"assign-caseload", "north-community", other}), 0);

    Cache cache;
    auto engine = engineFor(cache.db, "nurse.south");
    auto briefcase = engine->prepareBriefcase();
    ASSERT_TRUE(briefcase.ok()) << briefcase.message();
    // The briefcase holds the EPR mappings the hub publishes (for preview and pins off-line).
    const auto mappings = engine->store().mappings();
    ASSERT_TRUE(mappings.ok());
    EXPECT_FALSE(mappings->empty()) << "the hub's published mappings are in the briefcase";
    auto caseloadLists = fetchCaseload(*engine->client());
    ASSERT_TRUE(caseloadLists.ok()) << caseloadLists.message();
    ASSERT_TRUE(caseloadLists->has_value()); // avocet-hub answers /Caseload
    auto projected = projectSyncedPatients(cache.db, *caseloadLists);
    ASSERT_TRUE(projected.ok()) << projected.message();

    store::CaseloadStore caseload(cache.db);
    EXPECT_EQ(*caseload.teams(), std::vector<std::string>{"south-ward"});
    store::PatientStore index(cache.db);
    auto found = index.search("Projection", 50, store::SearchScope::Caseload);
    ASSERT_TRUE(found.ok()) << found.message();
    std::vector<std::string> names;
    for (const auto& p : *found)
        names.push_back(p.familyName);
    EXPECT_EQ(names, (std::vector<std::string>{"Projectionbury", "Projectionfield"}));
    EXPECT_EQ(index.get(mine)->epr, identity::Epr::Mobius);
    EXPECT_EQ(index.get(mine)->eprId, "EPR-9990007017");
    EXPECT_FALSE(index.get(other).ok()); // another team's patient never reached this computer

    ASSERT_EQ(HubEnvironment::shared().admin({"remove-from-caseload", "south-ward", alsoMine}), 0);
    ASSERT_TRUE(engine->prepareBriefcase().ok());
    auto again = projectSyncedPatients(cache.db, *fetchCaseload(*engine->client()));
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->removed, 1);
    EXPECT_FALSE(index.get(alsoMine).ok());
    EXPECT_TRUE(*caseload.isOnCaseload(mine));
}

namespace {

// `avocetctl --json --profile dir --user user args...`: its exit status and the JSON it printed.
std::pair<int, json> ctlJson(const std::filesystem::path& profile, const std::string& user,
                             const std::string& passphrase, const std::vector<std::string>& args,
                             const std::string& password = {})
{
    std::string command = "AVOCET_PASSPHRASE=" + avocet::test::shellQuoted(passphrase) + " " +
                          (password.empty() ? std::string() : "AVOCET_PASSWORD=" + avocet::test::shellQuoted(password) + " ") +
                          avocet::test::shellQuoted(AVOCET_CTL_BINARY) +
                          " --json --profile " + avocet::test::shellQuoted(profile.string()) + " --user " + avocet::test::shellQuoted(user);
    for (const auto& arg : args)
        command += " " + avocet::test::shellQuoted(arg);
    const auto [status, text] = avocet::test::runShell(command + " 2>/dev/null");
    return {status, json::parse(text, nullptr, false)};
}

std::vector<std::string> mappingPinsOn(const json& resource)
{
    std::vector<std::string> codes;
    for (const auto& tag : resource.value("meta", json::object()).value("tag", json::array()))
        if (tag.value("system", "") == "https://fhir.avocet.example/CodeSystem/epr-mapping")
            codes.push_back(tag.value("code", ""));
    return codes;
}

} // namespace

// Mapping pins (docs/sync.md): `avocetctl submit` pins, per EPR, the mapping version the profile
// pulled from the hub at its last sync, and the hub stores the pins with the response. Before any
// sync the profile holds no mapping and the response pins nothing (the hub then chooses).
TEST(SyncWithHub, AvocetctlSubmitAfterASyncPinsTheHubsActiveMappingPerEpr)
{
    hubPatient("9990000018"); // the NHS number in the fixture response
    TempDir profiles("sync-pins");
    const std::string user = "admin1";
    const std::string passphrase = "canary pinned mapping passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    const std::vector<std::string> submit = {
        "submit", "--patient", "9990000018", "--questionnaire",
        std::string(AVOCET_SOURCE_DIR) + "/resources/templates/phq9-outcome-1.0.0.json", "--response",
        std::string(AVOCET_SOURCE_DIR) + "/tests/fixtures/responses/phq9-completed.json"};

    const auto [beforeStatus, before] = ctlJson(profiles.path(), user, passphrase, submit);
    ASSERT_EQ(beforeStatus, 0) << before.dump();
    ASSERT_TRUE(before.is_object());
    EXPECT_EQ(before.value("mappingPins", json()), json::array()) << "no mapping held: nothing pinned";

    auto syncProfile = [&] {
        auto cache = profileStore.unlock(user, passphrase);
        ASSERT_TRUE(cache.ok()) << cache.message();
        auto config = hubConfig();
        config.pullTypes = {"Patient"};
        config.pullMappings = true; // as the desktop (ui/sync SyncController)
        auto engine = engineWith((*cache)->database(), user, config);
        EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 5));
        (*cache)->lock();
    };
    syncProfile(); // pushes the first response, pulls the hub's published mappings

    // A second form (another assessment: the same answers an hour later). The very same response
    // again would be a retry of the first, answered with the first's queue entry.
    json later = json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) +
                                                    "/tests/fixtures/responses/phq9-completed.json"));
    later["authored"] = "2024-05-01T11:30:00Z";
    const std::filesystem::path laterFile = profiles.path() / "later.json";
    {
        std::ofstream out(laterFile);
        out << later.dump();
    }
    std::vector<std::string> submitLater = submit;
    submitLater.back() = laterFile.string();
    const auto [afterStatus, after] = ctlJson(profiles.path(), user, passphrase, submitLater);
    ASSERT_EQ(afterStatus, 0) << after.dump();
    ASSERT_TRUE(after.is_object());
    const json expected = {"phq9-outcome.mobius|1.0.0", "phq9-outcome.paris|1.0.0", "phq9-outcome.systmone|1.0.0"};
    EXPECT_EQ(after.value("mappingPins", json()), expected) << after.dump();
    syncProfile();

    auto hub = HubEnvironment::shared().clientFor("admin1");
    auto onHub = [&](const json& submitted) {
        const auto bundle = hub.get(std::string("/QuestionnaireResponse?identifier=") + kClientIdSystem + "|" +
                                    submitted.value("clientId", ""))
                                .json();
        const auto entries = bundle.value("entry", json::array());
        EXPECT_EQ(entries.size(), 1u) << bundle.dump();
        return entries.empty() ? json::object() : entries[0]["resource"];
    };
    EXPECT_TRUE(mappingPinsOn(onHub(before)).empty());
    EXPECT_EQ(json(mappingPinsOn(onHub(after))), expected);
}

// Where a submission is, from the command line as on the desktop's patient screen (the same use
// cases): avocetctl submit queues it, a sync pushes it and pulls the Patient and the hub's delivery
// receipts, the projection puts the patient in the profile's index, and avocetctl delivery shows
// the submission sent with the hub's receipt for the EPR that holds the record.
TEST(SyncWithHub, AvocetctlDeliveryShowsASubmissionWithTheHubsReceipts)
{
    const std::string nhs = "9990001227";
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const json registered = {
        {"resourceType", "Patient"},
        {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}},
                                    {{"system", avocet::core::mapping::eprRecordSystem(avocet::core::identity::Epr::Paris)},
                                     {"value", "P-CANARY-1227"}}})},
        {"name", json::array({{{"family", "Canary-Delivery"}, {"given", json::array({"Test"})}}})}};
    ASSERT_EQ(admin.post("/Patient", registered, {{"Content-Type", "application/fhir+json"}}).status, 201);

    TempDir profiles("sync-delivery");
    const std::string user = "admin1";
    const std::string passphrase = "canary delivery passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());

    // Before any sync the profile does not hold the patient: said plainly, exit 2.
    const auto [unknownStatus, unknown] = ctlJson(profiles.path(), user, passphrase, {"delivery", "--patient", nhs});
    EXPECT_EQ(unknownStatus, 2) << unknown.dump();

    json response = json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) +
                                                       "/tests/fixtures/responses/phq9-completed.json"));
    response["subject"] = {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}}};
    const std::filesystem::path responseFile = profiles.path() / "response.json";
    {
        std::ofstream out(responseFile);
        out << response.dump();
    }
    const auto [submitStatus, submitted] =
        ctlJson(profiles.path(), user, passphrase,
                {"submit", "--patient", nhs, "--questionnaire",
                 std::string(AVOCET_SOURCE_DIR) + "/resources/templates/phq9-outcome-1.0.0.json", "--response",
                 responseFile.string()});
    ASSERT_EQ(submitStatus, 0) << submitted.dump();

    {
        auto cache = profileStore.unlock(user, passphrase);
        ASSERT_TRUE(cache.ok()) << cache.message();
        auto config = hubConfig();
        config.pullTypes = {"Patient", "QuestionnaireResponse", "Task"};
        auto engine = engineWith((*cache)->database(), user, config);
        EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 5)); // pushes the submission
        EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 5)); // pulls the receipt the push made
        auto projected = avocet::core::usecases::projectSyncedRecords(*engine, **cache, true);
        ASSERT_TRUE(projected.ok()) << projected.message();
        (*cache)->lock();
    }

    const auto [status, shown] = ctlJson(profiles.path(), user, passphrase, {"delivery", "--patient", nhs});
    ASSERT_EQ(status, 0) << shown.dump();
    const auto submissions = shown.value("submissions", json::array());
    ASSERT_EQ(submissions.size(), 1u) << shown.dump();
    const json& one = submissions[0];
    EXPECT_EQ(one.value("questionnaire", ""), submitted.value("questionnaire", "-"));
    EXPECT_TRUE(one.value("sent", false)) << shown.dump();
    const auto receipts = one.value("receipts", json::array());
    ASSERT_FALSE(receipts.empty()) << "the hub's receipt reached the profile: " << shown.dump();
    bool paris = false;
    for (const auto& receipt : receipts) {
        const std::string state = receipt.value("state", "");
        EXPECT_TRUE(state == "pending" || state == "failing" || state == "delivered" || state == "failed") << state;
        paris = paris || receipt.value("epr", "") == "Paris";
    }
    EXPECT_TRUE(paris) << "the record is held in Paris: " << shown.dump();
}

// The clinical record on the real path, end to end: Paris's integration engine feeds a patient,
// a section 2 detention, a home visit and a PHQ-9 whose item 9 was answered above 0 to the hub
// (role epr_feed); a clinician's profile signs in and syncs with avocetctl (push, pull, projection
// into the caseload tables); avocetctl alerts patient then shows the Mental Health Act deadline
// and the item-9 alert, exactly as the desktop's patient screen lists them.
TEST(SyncWithHub, AnEprFeedsDetentionAndScoresReachTheClinicianThroughSync)
{
    auto& env = HubEnvironment::shared();
    static const bool feedCreated =
        env.admin({"create-user", "feed.paris.e2e", "--role", "epr_feed", "--epr", "Paris"}) == 0;
    ASSERT_TRUE(feedCreated);
    auto feed = env.clientFor("feed.paris.e2e");
    const std::string nhs = "9990001235";
    const std::string paris = "https://fhir.avocet.example/Id/paris-record-id";
    const std::string changedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto iso = [](std::chrono::system_clock::time_point at) {
        const std::time_t t = std::chrono::system_clock::to_time_t(at);
        std::tm utc{};
        gmtime_r(&t, &utc);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        return std::string(text);
    };
    const std::string detained = iso(now - std::chrono::hours(24 * 26)); // s2 ends in about two days
    const std::string changed = iso(now - std::chrono::minutes(5));
    const json subject = {{"identifier", {{"system", paris}, {"value", "P-E2E-1235"}}}};
    const json changedExt = {{"url", changedAt}, {"valueInstant", changed}};
    const json bundle = {
        {"resourceType", "Bundle"},
        {"type", "transaction"},
        {"entry",
         json::array(
             {{{"request", {{"method", "POST"}, {"url", "Patient"}}},
               {"resource",
                {{"resourceType", "Patient"},
                 {"identifier", json::array({{{"system", paris}, {"value", "P-E2E-1235"}},
                                             {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
                 {"extension", json::array({changedExt})},
                 {"name", json::array({{{"use", "official"}, {"family", "Canary-Feedpath"}, {"given", {"Ada"}}}})},
                 {"birthDate", "1971-03-14"}}}},
              {{"request", {{"method", "POST"}, {"url", "Encounter"}}},
               {"resource",
                {{"resourceType", "Encounter"},
                 {"identifier", json::array({{{"system", paris}, {"value", "ENC-E2E-1"}}})},
                 {"status", "in-progress"},
                 {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
                 {"subject", subject},
                 {"period", {{"start", detained}}},
                 {"extension",
                  json::array(
                      {changedExt,
                       {{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
                        {"extension",
                         json::array({{{"url", "legalStatusContext"},
                                       {"valueCodeableConcept",
                                        {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/"
                                                                            "UKCore-LegalStatusContext"},
                                                                  {"code", "admission"}}})}}}},
                                      {{"url", "legalStatusClassification"},
                                       {"valueCodeableConcept",
                                        {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/"
                                                                            "UKCore-LegalStatusClassificationEngland"},
                                                                  {"code", "02"}}})}}}}})}}})}}}},
              {{"request", {{"method", "POST"}, {"url", "Observation"}}},
               {"resource",
                {{"resourceType", "Observation"},
                 {"identifier", json::array({{{"system", paris}, {"value", "OBS-E2E-1"}}})},
                 {"extension", json::array({changedExt})},
                 {"status", "final"},
                 {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "44260-8"}}})}}},
                 {"subject", subject},
                 {"effectiveDateTime", iso(now - std::chrono::hours(20))},
                 {"valueInteger", 2}}}}})}};
    const auto fed = feed.post("/", bundle, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(fed.status, 200) << fed.body;

    TempDir profiles("sync-feed-e2e");
    const std::string user = "admin1";
    const std::string passphrase = "canary feed path passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    const auto [loginStatus, login] =
        ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword);
    ASSERT_EQ(loginStatus, 0) << login.dump();
    const auto [syncStatus, synced] = ctlJson(profiles.path(), user, passphrase, {"sync"});
    ASSERT_EQ(syncStatus, 0) << synced.dump();
    EXPECT_GE(synced["projected"].value("patients", 0), 1) << synced.dump();

    const auto [status, shown] = ctlJson(profiles.path(), user, passphrase, {"alerts", "patient", "--patient", nhs});
    ASSERT_EQ(status, 0) << shown.dump();
    bool mha = false;
    bool item9 = false;
    for (const auto& alert : shown.value("alerts", json::array())) {
        mha = mha || alert.value("kind", "") == "mental-health-act";
        item9 = item9 || alert.value("key", "").find("phq9-item9") != std::string::npos;
    }
    EXPECT_TRUE(mha) << "the s2 the feed sent shows its deadline: " << shown.dump();
    EXPECT_TRUE(item9) << "the PHQ-9 item 9 the feed sent raises its alert: " << shown.dump();
}

namespace {

constexpr const char* kParisRecordId = "https://fhir.avocet.example/Id/paris-record-id";
constexpr const char* kAvocetDefinitions = "https://fhir.avocet.example/StructureDefinition/";

// An Encounter as Paris's integration engine sends one Mental Health Act power: the UK Core legal
// status (a UK Core code, or the rule tables' own code in the mha-power system), the start, and the
// Avocet extensions given.
json powerEncounter(const std::string& recordId, const std::string& patientRecordId, const std::string& system,
                    const std::string& code, const std::string& start, const std::optional<std::string>& end,
                    json extensions)
{
    extensions.push_back({{"url", "https://fhir.avocet.example/StructureDefinition/epr-changed-at"},
                          {"valueInstant", "2026-01-01T00:00:00Z"}});
    extensions.push_back(
        {{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
         {"extension", json::array({{{"url", "legalStatusClassification"},
                                     {"valueCodeableConcept",
                                      {{"coding", json::array({{{"system", system}, {"code", code}}})}}}}})}});
    json period = {{"start", start}};
    if (end)
        period["end"] = *end;
    return {{"resourceType", "Encounter"},
            {"identifier", json::array({{{"system", kParisRecordId}, {"value", recordId}}})},
            {"status", end ? "finished" : "in-progress"},
            {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
            {"subject", {{"identifier", {{"system", kParisRecordId}, {"value", patientRecordId}}}}},
            {"period", period},
            {"extension", std::move(extensions)}};
}

json feedPatient(const std::string& recordId, const std::string& nhs, const std::string& family)
{
    return {{"resourceType", "Patient"},
            {"identifier", json::array({{{"system", kParisRecordId}, {"value", recordId}},
                                        {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
            {"extension", json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/epr-changed-at"},
                                        {"valueInstant", "2026-01-01T00:00:00Z"}}})},
            {"name", json::array({{{"use", "official"}, {"family", family}, {"given", {"Ada"}}}})},
            {"birthDate", "1979-06-02"}};
}

json feedBundle(const std::vector<json>& resources)
{
    json entries = json::array();
    for (const auto& resource : resources)
        entries.push_back({{"request", {{"method", "POST"}, {"url", resource["resourceType"]}}}, {"resource", resource}});
    return {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", entries}};
}

// Whether `avocetctl alerts patient` listed an alert whose key contains keyPart, due at `due`.
bool listsAlert(const json& shown, const std::string& keyPart, const std::string& due)
{
    for (const auto& alert : shown.value("alerts", json::array()))
        if (alert.value("key", "").find(keyPart) != std::string::npos && alert.value("due", "") == due)
            return true;
    return false;
}

} // namespace

// Several powers at once and the facts their deadlines count from, along the real path: Paris's
// feed sends a s.2 converted to a s.3 (which carries the s.2 admission as its first admission and
// the last Tribunal), the s.58 clock of that s.3, and a s.136 extended by 6 hours; the hub keeps
// them; avocetctl sync pulls and projects them; avocetctl alerts patient shows each power's own
// deadlines counted from the right start.
TEST(SyncWithHub, SeveralPowersAndTheFactsTheirDeadlinesCountFromReachTheClinicianThroughSync)
{
    auto& env = HubEnvironment::shared();
    static const bool feedCreated =
        env.admin({"create-user", "feed.paris.mha", "--role", "epr_feed", "--epr", "Paris"}) == 0;
    ASSERT_TRUE(feedCreated);
    auto feed = env.clientFor("feed.paris.mha");
    const std::string uk = "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland";
    const std::string sd = kAvocetDefinitions;
    const json bundle = feedBundle({
        feedPatient("P-MHA-4019", "9990014019", "Canary-Severalpowers"),
        powerEncounter("ENC-MHA-S2", "P-MHA-4019", uk, "02", "2026-01-31T15:00:00Z", "2026-02-20T10:00:00Z",
                       json::array()),
        powerEncounter("ENC-MHA-S3", "P-MHA-4019", uk, "03", "2026-02-20T10:00:00Z", std::nullopt,
                       json::array({{{"url", sd + "mha-first-admission"}, {"valueDateTime", "2026-01-31T15:00:00Z"}},
                                    {{"url", sd + "mha-last-tribunal"}, {"valueDate", "2026-02-10"}}})),
        powerEncounter("ENC-MHA-S58", "P-MHA-4019", "https://fhir.avocet.example/CodeSystem/mha-power", "s58",
                       "2026-02-25T09:00:00Z", std::nullopt, json::array()),
        feedPatient("P-MHA-4027", "9990014027", "Canary-Extension"),
        powerEncounter("ENC-MHA-S136", "P-MHA-4027", uk, "20", "2026-10-24T22:00:00+01:00", std::nullopt,
                       json::array({{{"url", sd + "mha-extension-hours"}, {"valueInteger", 6}}})),
    });
    const auto fed = feed.post("/", bundle, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(fed.status, 200) << fed.body;

    TempDir profiles("sync-mha-powers");
    const std::string user = "admin1";
    const std::string passphrase = "canary several powers passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword).first, 0);
    const auto [syncStatus, synced] = ctlJson(profiles.path(), user, passphrase, {"sync"});
    ASSERT_EQ(syncStatus, 0) << synced.dump();

    const auto shownAt = [&](const std::string& nhs, const std::string& at) {
        const auto [status, shown] = ctlJson(profiles.path(), user, passphrase, {"alerts", "patient", "--patient", nhs, "--at", at});
        EXPECT_EQ(status, 0) << shown.dump();
        return shown;
    };
    // The s.58 three months beginning with 25 Feb end with 24 May: midnight BST, 2026-05-24T23:00Z.
    const json may = shownAt("9990014019", "2026-05-22T12:00Z");
    EXPECT_TRUE(listsAlert(may, ":three-months", "2026-05-24T23:00:00Z"))
        << "the s.58 clock beside the s.3 raises its own alert: " << may.dump();
    // The s.68 referral counts six months from the s.2 admission (31 Jan): last day 30 Jul, not
    // six months from the s.3 (19 Aug).
    const json july = shownAt("9990014019", "2026-07-28T12:00Z");
    EXPECT_TRUE(listsAlert(july, ":tribunal-referral:", "2026-07-30T23:00:00Z")) << july.dump();
    // 24 hours from 21:00Z on 24 Oct plus the 6 hours authorised, across the autumn change.
    const json october = shownAt("9990014027", "2026-10-25T12:00Z");
    EXPECT_TRUE(listsAlert(october, ":expiry-extended", "2026-10-26T03:00:00Z")) << october.dump();
}

// A renewal entered in Avocet reaches the hub and a colleague: Paris fed a s.3 that began 170 days
// ago (its first period ends within the fortnight, its examination window is open); a clinician
// records the renewal with avocetctl alerts renewal and syncs; the hub holds the renewal
// Observation naming the Encounter, and a colleague's computer, after its own sync, shows the s.3 in
// its renewal period with the renewal counted once.
TEST(SyncWithHub, ARenewalEnteredInAvocetReachesTheHubAndAColleaguesAlertsAndItsWithdrawalToo)
{
    auto& env = HubEnvironment::shared();
    static const bool feedCreated =
        env.admin({"create-user", "feed.paris.renewal", "--role", "epr_feed", "--epr", "Paris"}) == 0;
    ASSERT_TRUE(feedCreated);
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const std::time_t began = std::chrono::system_clock::to_time_t(now - std::chrono::hours(24 * 170));
    std::tm utc{};
    gmtime_r(&began, &utc);
    char start[32];
    std::strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", &utc);
    const std::string nhs = "9990014035";
    const auto fed = env.clientFor("feed.paris.renewal")
                         .post("/",
                               feedBundle({feedPatient("P-MHA-4035", nhs, "Canary-Renewed"),
                                           powerEncounter("ENC-MHA-RENEW", "P-MHA-4035",
                                                          "https://fhir.hl7.org.uk/CodeSystem/"
                                                          "UKCore-LegalStatusClassificationEngland",
                                                          "03", start, std::nullopt, json::array())}),
                               {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(fed.status, 200) << fed.body;

    TempDir profiles("sync-mha-renewal");
    const std::string passphrase = "canary renewal passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    for (const std::string user : {"admin1", "nurse.north"}) {
        ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
        ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword).first, 0);
    }
    ASSERT_EQ(ctlJson(profiles.path(), "admin1", passphrase, {"sync"}).first, 0);
    char today[16];
    const std::time_t nowT = std::chrono::system_clock::to_time_t(now);
    std::tm nowUtc{};
    gmtime_r(&nowT, &nowUtc);
    std::strftime(today, sizeof today, "%Y-%m-%d", &nowUtc);
    const auto [renewStatus, renewed] = ctlJson(profiles.path(), "admin1", passphrase,
                                                {"alerts", "renewal", "--patient", nhs, "--power", "s3", "--reported", today});
    ASSERT_EQ(renewStatus, 0) << renewed.dump();
    EXPECT_EQ(renewed.value("renewal", 0), 1);
    // A second entry on the same day is for the next period, whose window is months away: refused.
    EXPECT_EQ(ctlJson(profiles.path(), "admin1", passphrase,
                      {"alerts", "renewal", "--patient", nhs, "--power", "s3", "--reported", today}).first, 2);
    ASSERT_EQ(ctlJson(profiles.path(), "admin1", passphrase, {"sync"}).first, 0);

    const auto held = env.clientFor("admin1")
                          .get("/Observation?code=https://fhir.avocet.example/CodeSystem/mha-record|renewal-recorded")
                          .json();
    int onHub = 0;
    for (const auto& entry : held.value("entry", json::array())) {
        const json& observation = entry["resource"];
        if (observation.value("valueInteger", 0) == 1 &&
            observation["encounter"]["identifier"].value("value", "") == "ENC-MHA-RENEW")
            ++onHub;
    }
    EXPECT_EQ(onHub, 1) << held.dump();

    // The colleague: nurse.north (a clinician; the patient is put on the team's caseload first).
    const auto patient = env.clientFor("admin1").get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs).json();
    ASSERT_FALSE(patient.value("entry", json::array()).empty()) << patient.dump();
    const std::string patientId = patient["entry"][0]["resource"].value("id", "");
    ASSERT_EQ(env.admin({"assign-caseload", "north-community", "Patient/" + patientId}), 0);
    const auto [syncStatus, synced] = ctlJson(profiles.path(), "nurse.north", passphrase, {"sync"});
    ASSERT_EQ(syncStatus, 0) << synced.dump();
    const auto [shownStatus, shown] = ctlJson(profiles.path(), "nurse.north", passphrase, {"alerts", "patient", "--patient", nhs});
    ASSERT_EQ(shownStatus, 0) << shown.dump();
    ASSERT_EQ(shown.value("powers", json::array()).size(), 1u) << shown.dump();
    const json& power = shown["powers"][0];
    EXPECT_EQ(power.value("power", ""), "s3");
    EXPECT_EQ(power.value("renewalsRecorded", 0), 1) << "counted once, on the colleague's computer too";
    EXPECT_FALSE(power.value("lapsed", true));

    // It was entered in error: withdrawn with the reason, it is entered-in-error on the hub and no
    // longer counts on the colleague's computer after their sync.
    const auto [withdrawStatus, withdrawn] =
        ctlJson(profiles.path(), "admin1", passphrase,
                {"alerts", "renewal-withdraw", "--patient", nhs, "--power", "s3", "--reason", "entered against the wrong patient"});
    ASSERT_EQ(withdrawStatus, 0) << withdrawn.dump();
    EXPECT_EQ(withdrawn.value("renewalsRecorded", -1), 0);
    ASSERT_EQ(ctlJson(profiles.path(), "admin1", passphrase, {"sync"}).first, 0);
    int withdrawnOnHub = 0;
    for (const auto& entry : env.clientFor("admin1")
                                 .get("/Observation?code=https://fhir.avocet.example/CodeSystem/mha-record|renewal-recorded")
                                 .json()
                                 .value("entry", json::array()))
        if (entry["resource"]["encounter"]["identifier"].value("value", "") == "ENC-MHA-RENEW" &&
            entry["resource"].value("status", "") == "entered-in-error")
            ++withdrawnOnHub;
    EXPECT_EQ(withdrawnOnHub, 1);
    ASSERT_EQ(ctlJson(profiles.path(), "nurse.north", passphrase, {"sync"}).first, 0);
    const auto [afterStatus, after] = ctlJson(profiles.path(), "nurse.north", passphrase, {"alerts", "patient", "--patient", nhs});
    ASSERT_EQ(afterStatus, 0) << after.dump();
    ASSERT_EQ(after.value("powers", json::array()).size(), 1u) << after.dump();
    EXPECT_EQ(after["powers"][0].value("renewalsRecorded", -1), 0) << after.dump();
}

// Scores from a completed form never disagree, whoever sent it: the same PHQ-9 submitted by Avocet
// (which derives its Observations on the computer, before any sync) and by a plain FHIR client (the
// hub derives them) gives the same Observations per item, and each derived Observation is held once.
TEST(SyncWithHub, ObservationsDerivedOnTheHubAgreeWithThoseAvocetDerivedAndAreNeverDoubled)
{
    const std::string nhs = "9990004161";
    const std::string patientId = hubPatient(nhs);
    ASSERT_FALSE(patientId.empty());
    json response =
        json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) + "/tests/fixtures/responses/phq9-completed.json"));
    response.erase("id");
    response["subject"]["identifier"]["value"] = nhs;
    const std::filesystem::path dir = std::filesystem::temp_directory_path();

    // Path A: Avocet (avocetctl submit, then sync).
    TempDir profiles("sync-derived-both-paths");
    const std::string user = "admin1";
    const std::string passphrase = "canary derived paths passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword).first, 0);
    const std::filesystem::path responseFile = profiles.path() / "response.json";
    std::ofstream(responseFile) << response.dump();
    const auto [submitStatus, submitted] = ctlJson(
        profiles.path(), user, passphrase,
        {"submit", "--patient", nhs, "--questionnaire",
         std::string(AVOCET_SOURCE_DIR) + "/resources/templates/phq9-outcome-1.0.0.json", "--response", responseFile.string()});
    ASSERT_EQ(submitStatus, 0) << submitted.dump();
    const std::string clientId = submitted.value("clientId", "");
    ASSERT_FALSE(clientId.empty());
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"sync"}).first, 0);

    // Path B: another FHIR client posts the same answers, with no Observations.
    auto other = HubEnvironment::shared().clientFor("admin1");
    json plain = response;
    plain.erase("identifier");
    plain["subject"] = {{"reference", "Patient/" + patientId}};
    const auto posted = other.post("/QuestionnaireResponse", plain, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(posted.status, 201) << posted.body;
    const std::string plainId = posted.json().value("id", "");

    // Per path: linkId -> (LOINC code, value, effective), and how many records each key has.
    using Fact = std::tuple<std::string, std::string, std::string>;
    std::map<std::string, Fact> avocet;
    std::map<std::string, Fact> hubDerived;
    std::map<std::string, int> copies;
    const auto page = other.get("/Observation?patient=Patient/" + patientId + "&_count=200").json();
    for (const auto& entry : page.value("entry", json::array())) {
        const json& obs = entry["resource"];
        std::string key;
        for (const auto& identifier : obs.value("identifier", json::array()))
            if (identifier.value("system", "") == "https://fhir.avocet.example/Id/derived-observation")
                key = identifier.value("value", "");
        if (key.empty())
            continue;
        ++copies[key];
        const auto hash = key.find('#');
        const std::string origin = key.substr(0, hash);
        const std::string linkId = key.substr(hash + 1);
        std::string code;
        for (const auto& coding : obs.value("code", json::object()).value("coding", json::array()))
            if (coding.value("system", "") == "http://loinc.org")
                code = coding.value("code", "");
        const json value = obs.contains("valueInteger") ? obs["valueInteger"]
                           : obs.contains("valueQuantity") ? obs["valueQuantity"].value("value", json())
                           : obs.contains("valueCodeableConcept") ? obs["valueCodeableConcept"]
                                                                  : json();
        const Fact fact{code, value.dump(), obs.value("effectiveDateTime", "")};
        if (origin == clientId)
            avocet[linkId] = fact;
        else if (origin == "QuestionnaireResponse/" + plainId)
            hubDerived[linkId] = fact;
    }
    EXPECT_GE(avocet.size(), 10u) << "nine items and the total: " << page.dump().substr(0, 2000);
    EXPECT_EQ(avocet, hubDerived) << "the hub derives what Avocet derived, item by item";
    for (const auto& [key, n] : copies)
        EXPECT_EQ(n, 1) << key << " is held " << n << " times";

    // The other client amends its response: item 9 now "Nearly every day". The hub's Observations
    // follow: item 9 and the total amended in place (one record each, a new version), the rest as
    // they were.
    json amended = posted.json();
    amended["status"] = "amended";
    amended["item"][1]["item"][8]["answer"] = json::array(
        {{{"valueCoding", {{"system", "http://loinc.org"}, {"code", "LA6571-9"}, {"display", "Nearly every day"}}}}});
    ASSERT_EQ(amended["item"][1]["item"][8]["linkId"], "phq9-9");
    // The sender's total follows its answers (the hub refuses one that does not): 1 -> 3 is +2.
    ASSERT_EQ(amended["item"][2]["linkId"], "phq9-total");
    amended["item"][2]["answer"] = json::array({{{"valueInteger", amended["item"][2]["answer"][0]["valueInteger"].get<int>() + 2}}});
    const auto put = other.put("/QuestionnaireResponse/" + plainId, amended, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(put.status, 200) << put.body;
    std::map<std::string, json> after;
    const auto again = other.get("/Observation?patient=Patient/" + patientId + "&_count=200").json();
    std::map<std::string, int> copiesAfter;
    for (const auto& entry : again.value("entry", json::array())) {
        const json& obs = entry["resource"];
        for (const auto& identifier : obs.value("identifier", json::array()))
            if (identifier.value("system", "") == "https://fhir.avocet.example/Id/derived-observation" &&
                identifier.value("value", "").rfind("QuestionnaireResponse/" + plainId + "#", 0) == 0) {
                const std::string linkId = identifier.value("value", "").substr(identifier.value("value", "").find('#') + 1);
                after[linkId] = obs;
                ++copiesAfter[linkId];
            }
    }
    ASSERT_TRUE(after.count("phq9-9") && after.count("phq9-total")) << again.dump().substr(0, 2000);
    EXPECT_EQ(after["phq9-9"].value("status", ""), "amended");
    EXPECT_EQ(after["phq9-9"]["meta"].value("versionId", ""), "2");
    EXPECT_NE(after["phq9-9"].dump(), json(std::get<1>(hubDerived["phq9-9"])).dump());
    EXPECT_EQ(after["phq9-total"].value("status", ""), "amended");
    const int totalBefore = std::stoi(std::get<1>(hubDerived["phq9-total"]));
    EXPECT_EQ(after["phq9-total"].value("valueInteger", after["phq9-total"].value("valueQuantity", json::object()).value("value", -1)),
              totalBefore + 2)
        << "Several days (1) became Nearly every day (3)";
    EXPECT_EQ(after["phq9-1"].value("status", ""), "final") << "an unchanged answer is left as it was";
    EXPECT_EQ(after["phq9-1"]["meta"].value("versionId", ""), "1");
    for (const auto& [linkId, n] : copiesAfter)
        EXPECT_EQ(n, 1) << linkId << " is held " << n << " times after the amendment";
}

// EPR flags, GP-held records and the EPRs' historic forms reach the clinician through the real path:
// a Mobius feed sends a safeguarding Flag and a historic PHQ-9, the SystmOne feed an allergy and a
// medicine, the clinician syncs, and what the
// banner and patient screen show (avocetctl patients show, the same use case) holds them with the
// system each came from; a flag the feed ends later leaves the banner after the next sync.
TEST(SyncWithHub, EprFlagsAndGpHeldRecordsReachTheClinicianWithTheirSource)
{
    auto& env = HubEnvironment::shared();
    static const bool created =
        env.admin({"create-user", "feed.mobius.e2e", "--role", "epr_feed", "--epr", "Mobius"}) == 0 &&
        env.admin({"create-user", "feed.systmone.e2e", "--role", "epr_feed", "--epr", "SystmOne"}) == 0;
    ASSERT_TRUE(created);
    const std::string nhs = "9990003351";
    const json subject = {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}}};
    const std::string changedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";
    // The patient, as Mobius (the EPR of record) feeds them.
    const json patient = {
        {"resourceType", "Patient"},
        {"identifier", json::array({{{"system", "https://fhir.avocet.example/Id/mobius-record-id"}, {"value", "M-E2E-3351"}},
                                    {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
        {"extension", json::array({{{"url", changedAt}, {"valueInstant", "2026-12-01T08:00:00Z"}}})},
        {"name", json::array({{{"use", "official"}, {"family", "Canary-Flagpath"}, {"given", {"Bea"}}}})},
        {"birthDate", "1980-06-02"}};
    auto flag = [&](const std::string& changed, const std::string& status) {
        return json{{"resourceType", "Flag"},
                    {"identifier",
                     json::array({{{"system", "https://fhir.avocet.example/Id/mobius-record-id"}, {"value", "FLAG-E2E-1"}}})},
                    {"extension", json::array({{{"url", changedAt}, {"valueInstant", changed}}})},
                    {"status", status},
                    {"category", json::array({{{"text", "Safeguarding"}}})},
                    {"code", {{"text", "Canary safeguarding concern"}}},
                    {"period", {{"start", "2026-10-01"}}},
                    {"subject", subject}};
    };
    auto mobius = env.clientFor("feed.mobius.e2e");
    const auto sentPatient = mobius.post("/Patient", patient, {{"Content-Type", "application/fhir+json"}});
    ASSERT_TRUE(sentPatient.status == 201 || sentPatient.status == 200) << sentPatient.body;
    const auto sentFlag = mobius.post("/Flag", flag("2026-12-01T09:00:00Z", "active"), {{"Content-Type", "application/fhir+json"}});
    ASSERT_TRUE(sentFlag.status == 201 || sentFlag.status == 200) << sentFlag.body;
    auto systmone = env.clientFor("feed.systmone.e2e");
    auto systmoneId = [](const std::string& value) {
        return json::array({{{"system", "https://fhir.avocet.example/Id/systmone-record-id"}, {"value", value}}});
    };
    json allergy = {{"resourceType", "AllergyIntolerance"},
                    {"identifier", systmoneId("ALG-E2E-1")},
                    {"extension", json::array({{{"url", changedAt}, {"valueInstant", "2026-12-01T09:00:00Z"}}})},
                    {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                    {"code", {{"text", "Canary penicillin"}}},
                    {"criticality", "high"},
                    {"patient", subject}};
    const auto sentAllergy = systmone.post("/AllergyIntolerance", allergy, {{"Content-Type", "application/fhir+json"}});
    ASSERT_TRUE(sentAllergy.status == 201 || sentAllergy.status == 200) << sentAllergy.body;
    json medicine = {{"resourceType", "MedicationStatement"},
                     {"identifier", systmoneId("MED-E2E-1")},
                     {"extension", json::array({{{"url", changedAt}, {"valueInstant", "2026-12-01T09:00:00Z"}}})},
                     {"status", "active"},
                     {"medicationCodeableConcept", {{"text", "Canary olanzapine 10mg tablets"}}},
                     {"dosage", json::array({{{"text", "One at night"}}})},
                     {"subject", subject}};
    const auto sentMedicine = systmone.post("/MedicationStatement", medicine, {{"Content-Type", "application/fhir+json"}});
    ASSERT_TRUE(sentMedicine.status == 201 || sentMedicine.status == 200) << sentMedicine.body;
    // A historic form Mobius holds, in harmonised form; it claims to be from Paris, and the hub marks
    // it with the EPR of the feed that sent it.
    json historic = json::parse(
        avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) + "/tests/fixtures/responses/phq9-completed.json"));
    historic.erase("id");
    historic["identifier"] = {{"system", "https://fhir.avocet.example/Id/mobius-record-id"}, {"value", "FORM-E2E-1"}};
    historic["subject"] = subject;
    historic["authored"] = "2025-03-14T10:30:00Z";
    historic["meta"] = {{"tag", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/source-epr"},
                                              {"code", "Paris"}}})}};
    historic["extension"] = json::array({{{"url", changedAt}, {"valueInstant", "2026-12-01T09:00:00Z"}}});
    const auto sentForm = mobius.post("/QuestionnaireResponse", historic, {{"Content-Type", "application/fhir+json"}});
    ASSERT_TRUE(sentForm.status == 201 || sentForm.status == 200) << sentForm.body;

    TempDir profiles("sync-flags-e2e");
    const std::string user = "admin1";
    const std::string passphrase = "canary flags path passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword).first, 0);
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"sync"}).first, 0);
    const auto [status, shown] = ctlJson(profiles.path(), user, passphrase, {"patients", "show", "--patient", nhs});
    ASSERT_EQ(status, 0) << shown.dump();
    ASSERT_EQ(shown.value("flags", json::array()).size(), 1u) << shown.dump();
    const json& shownFlag = shown["flags"][0];
    EXPECT_EQ(shownFlag.value("source", ""), "Mobius");
    EXPECT_EQ(shownFlag.value("category", ""), "Safeguarding");
    EXPECT_TRUE(shownFlag.value("current", false));
    ASSERT_EQ(shown.value("allergies", json::array()).size(), 1u) << shown.dump();
    EXPECT_EQ(shown["allergies"][0].value("substance", ""), "Canary penicillin");
    EXPECT_EQ(shown["allergies"][0].value("source", ""), "SystmOne");
    ASSERT_EQ(shown.value("medications", json::array()).size(), 1u) << shown.dump();
    EXPECT_EQ(shown["medications"][0].value("dosage", ""), "One at night");
    ASSERT_EQ(shown.value("eprForms", json::array()).size(), 1u) << shown.dump();
    EXPECT_EQ(shown["eprForms"][0].value("source", ""), "Mobius") << "the feed's EPR, not the tag it sent";
    EXPECT_EQ(shown["eprForms"][0].value("authored", ""), "2025-03-14T10:30:00Z");

    // Mobius ends the flag: after the next sync it is held but no longer current.
    const auto ended = mobius.post("/Flag", flag("2026-12-02T09:00:00Z", "inactive"), {{"Content-Type", "application/fhir+json"}});
    ASSERT_TRUE(ended.status == 201 || ended.status == 200) << ended.body;
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"sync"}).first, 0);
    const auto [after, again] = ctlJson(profiles.path(), user, passphrase, {"patients", "show", "--patient", nhs});
    ASSERT_EQ(after, 0) << again.dump();
    ASSERT_EQ(again.value("flags", json::array()).size(), 1u) << again.dump();
    EXPECT_FALSE(again["flags"][0].value("current", true)) << again.dump();
}

// Published templates reach clinicians (the real path: the change manager publishes to the hub,
// the clinician's sync pulls it, the use case behind the desktop's New form list offers it): a new
// version supersedes the built-in one, a retired form is not offered, and what the EPR preview
// uses (forms show) is exactly what the submission is pinned to and the hub stores.
TEST(SyncWithHub, ATemplatePublishedOnTheHubIsOfferedAfterSyncAndPreviewsWithTheMappingsItIsPinnedTo)
{
    auto designer = HubEnvironment::shared().clientFor("designer"); // a change manager
    const std::string url = "https://fhir.avocet.example/Questionnaire/phq9-outcome";
    json revised =
        json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) + "/resources/templates/phq9-outcome-1.0.0.json"));
    revised["version"] = "1.1.0";
    revised["title"] = "PHQ-9 outcome record (canary revision)";
    revised.erase("id");
    const auto published = designer.post("/Questionnaire", revised, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(published.status, 201) << published.body;
    json mapping = json::parse(
        avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) + "/resources/mappings/phq9-outcome/1.0.0/paris.json"));
    mapping["version"] = "1.1.0";
    mapping["template"] = {{"url", url}, {"version", "1.1.0"}, {"fits", "~1.1.0"}};
    const auto mapped = designer.post("/mappings", mapping, {{"Content-Type", "application/json"}});
    ASSERT_TRUE(mapped.status == 201 || mapped.status == 200) << mapped.body;
    const json withdrawn = {{"resourceType", "Questionnaire"},
                            {"url", "https://fhir.avocet.example/Questionnaire/canary-withdrawn-form"},
                            {"version", "1.0.0"},
                            {"title", "Canary withdrawn form"},
                            {"status", "retired"},
                            {"item", json::array({{{"linkId", "a"}, {"text", "A"}, {"type", "string"}}})}};
    ASSERT_EQ(designer.post("/Questionnaire", withdrawn, {{"Content-Type", "application/fhir+json"}}).status, 201);
    const std::string nhs = "9990002347";
    hubPatient(nhs);

    TempDir profiles("sync-published-forms");
    const std::string user = "admin1";
    const std::string passphrase = "canary published forms passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword).first, 0);
    const auto [syncStatus, synced] = ctlJson(profiles.path(), user, passphrase, {"sync"});
    ASSERT_EQ(syncStatus, 0) << synced.dump();

    const auto [listed, available] = ctlJson(profiles.path(), user, passphrase, {"forms", "available"});
    ASSERT_EQ(listed, 0) << available.dump();
    std::map<std::string, json> byUrl;
    for (const auto& form : available.value("forms", json::array()))
        byUrl[form.value("url", "")] = form;
    ASSERT_TRUE(byUrl.count(url)) << available.dump();
    EXPECT_EQ(byUrl[url].value("version", ""), "1.1.0") << "the published version supersedes the built-in 1.0.0";
    EXPECT_EQ(byUrl[url].value("source", ""), "published");
    EXPECT_EQ(byUrl[url].value("title", ""), "PHQ-9 outcome record (canary revision)");
    EXPECT_FALSE(byUrl.count("https://fhir.avocet.example/Questionnaire/canary-withdrawn-form")) << available.dump();
    EXPECT_TRUE(byUrl.count("https://fhir.avocet.example/Questionnaire/risk-assessment")) << "built-in forms stay";

    const auto [shownStatus, shown] = ctlJson(profiles.path(), user, passphrase, {"forms", "show", "--form", url + "|1.1.0"});
    ASSERT_EQ(shownStatus, 0) << shown.dump();
    EXPECT_TRUE(shown.value("mappingsHeld", false));
    std::vector<std::string> previewed;
    for (const auto& m : shown.value("mappings", json::array()))
        previewed.push_back(m.value("id", "") + "|" + m.value("version", ""));
    EXPECT_NE(std::find(previewed.begin(), previewed.end(), "phq9-outcome.paris|1.1.0"), previewed.end())
        << shown.dump();

    // Completed on the published version: pinned to exactly what the preview showed.
    json response =
        json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) + "/tests/fixtures/responses/phq9-completed.json"));
    response["questionnaire"] = url + "|1.1.0";
    response["subject"]["identifier"]["value"] = nhs;
    const std::filesystem::path responseFile = profiles.path() / "response.json";
    const std::filesystem::path formFile = profiles.path() / "form.json";
    std::ofstream(responseFile) << response.dump();
    std::ofstream(formFile) << shown["questionnaire"].dump();
    const auto [submitStatus, submitted] =
        ctlJson(profiles.path(), user, passphrase,
                {"submit", "--patient", nhs, "--questionnaire", formFile.string(), "--response", responseFile.string()});
    ASSERT_EQ(submitStatus, 0) << submitted.dump();
    std::vector<std::string> pinned = submitted.value("mappingPins", std::vector<std::string>{});
    std::sort(previewed.begin(), previewed.end());
    std::sort(pinned.begin(), pinned.end());
    EXPECT_EQ(pinned, previewed);
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"sync"}).first, 0);
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const auto onHub = admin.get(std::string("/QuestionnaireResponse?identifier=") + kClientIdSystem + "|" +
                                 submitted.value("clientId", ""))
                           .json();
    ASSERT_EQ(onHub.value("entry", json::array()).size(), 1u) << onHub.dump();
    std::vector<std::string> stored = mappingPinsOn(onHub["entry"][0]["resource"]);
    std::sort(stored.begin(), stored.end());
    EXPECT_EQ(stored, previewed) << "the hub delivers with the mappings the clinician was shown";
}

// `avocetctl sync --page N`: a page size chosen on the command line holds for every search, also
// once the server has shown `next` links (without it, linked searches ask for linkedPageSize).
TEST(SyncWithAvocetctl, APageSizeChosenOnTheCommandLineHoldsForEverySearch)
{
    avocet::test::FakeFhirServer server;
    for (int i = 0; i < 12; ++i)
        server.put({{"resourceType", "Patient"},
                    {"name", json::array({{{"family", "Canary-Page-" + std::to_string(i)}}})}});
    TempDir profiles("sync-page");
    const std::string user = "clerk.page";
    const std::string passphrase = "canary page size passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    const auto [status, summary] = ctlJson(profiles.path(), user, passphrase,
                                           {"sync", "--server", server.baseUrl(), "--page", "5", "--no-audit",
                                            "--types", "Patient,QuestionnaireResponse"});
    EXPECT_EQ(status, 0) << summary.dump();
    EXPECT_EQ(summary.value("pulled", -1), 12) << summary.dump();
    // Twelve patients in linked pages of 5, then the QuestionnaireResponse search, still at 5.
    EXPECT_GE(server.requests("GET", "/Patient?_sort=_lastUpdated&_count=5"), 3);
    EXPECT_EQ(server.requests("GET", "/QuestionnaireResponse?_sort=_lastUpdated&_count=5"), 1);
    EXPECT_EQ(server.requests("GET", "/QuestionnaireResponse?_sort=_lastUpdated&_count=2000"), 0);
}

// avocet-hub rotates tokens on refresh (the used refresh token is revoked). With 1-second
// access tokens, a sync after signing in refreshes on the way, and the next run (a new engine on
// the same cache, as after lock/unlock) still signs in with the pair the refresh stored.
TEST(SyncWithHub, RefreshedTokensAreStoredSoTheNextRunStillSignsIn)
{
    auto shortLived = HubEnvironment::shared().startHub({"--token-seconds", "1"});
    const std::string url = "http://127.0.0.1:" + std::to_string(shortLived->port());
    const std::string patientId = hubPatient("9990001043");
    Cache cache;
    auto config = hubConfig(url);
    config.pullTypes = {"Patient"};
    auto stored = [&] {
        auto state = SyncStore(cache.db).state("token:" + url);
        EXPECT_TRUE(state.ok() && state->has_value());
        return state.ok() && state->has_value() ? json::parse(**state, nullptr, false) : json::object();
    };
    auto runOnce = [&](SyncEngine& engine, int n) {
        ASSERT_EQ(avocet::test::queueRecords(cache.db, 1, [&](int) { return submission(patientId, n); }).size(), 1u);
        auto summary = engine.syncNow();
        ASSERT_TRUE(summary.ok()) << summary.message();
        EXPECT_TRUE(summary->complete) << summary->error;
        EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM sync_outbox"), 0);
    };

    auto first = SyncEngine::create(cache.db, config);
    ASSERT_TRUE(first.ok()) << first.message();
    ASSERT_TRUE((*first)->login("admin1", avocet::test::kTestPassword).ok());
    const json signedIn = stored();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    runOnce(**first, 1);
    const json refreshed = stored();
    EXPECT_NE(refreshed.value("refresh", ""), signedIn.value("refresh", "")) << "the refreshed pair was not stored";
    EXPECT_EQ(refreshed.value("user", ""), "admin1") << "the refresh dropped who signed in";
    EXPECT_EQ(refreshed.value("role", ""), signedIn.value("role", "?"));
    first->reset(); // the app locks: this engine is gone

    auto next = SyncEngine::create(cache.db, config);
    ASSERT_TRUE(next.ok()) << next.message();
    ASSERT_TRUE((*next)->loadStoredToken().ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // past the stored access token too
    runOnce(**next, 2);
}

// ---- over a slow link -------------------------------------------------------------------------

namespace {

// Runs the armed hook once, just before the next batch of searches (the pull's first pages) goes
// out: after the push's answers were stored, before anything is pulled.
class BeforeFirstSearchBatch : public HttpTransport
{
public:
    explicit BeforeFirstSearchBatch(std::unique_ptr<HttpTransport> inner) : m_inner(std::move(inner)) {}
    void arm(std::function<void()> hook) { m_hook = std::move(hook); }
    avocet::core::Result<HttpResponse> send(const HttpRequest& request) override
    {
        if (m_hook && request.method == "POST" && request.body.find("\"method\":\"GET\"") != std::string::npos)
            std::exchange(m_hook, nullptr)();
        return m_inner->send(request);
    }
    void reset() override { m_inner->reset(); }
    int connectionsOpened() const override { return m_inner->connectionsOpened(); }
    void setCompressRequests(bool on) override { m_inner->setCompressRequests(on); }

private:
    std::unique_ptr<HttpTransport> m_inner;
    std::function<void()> m_hook;
};

} // namespace

// A client on a slow link (tests/support/LinkSimulator; 8 Mbit/s and 20 ms each way here, so the
// test stays short: the poor-link figures are the benchmark's, `avocet_bench sync.poorlink`) pushes
// 30 submissions while another client, between that push and the pull, creates 3 and edits one of
// the 30: every one of the 30 is on the hub once, the pull brings exactly the other client's 4
// changes (its own versions are not applied again) and no record twice, the request bodies crossed
// the link gzipped, and the pull's first pages went in one batch.
TEST(SyncOverASlowLink, PushIsExactlyOnceAndThePullBringsOnlyWhatAnotherClientWroteInBetween)
{
    const std::string patientId = hubPatient("9990001213");
    avocet::test::LinkSimulator link(HubEnvironment::shared().port(),
                                     avocet::test::LinkProfile::symmetric(8'000'000, std::chrono::milliseconds(20)));
    Cache cache;
    auto config = hubConfig(link.url());
    config.initialBatchSize = 50;
    config.maxBatchSize = 50;
    std::vector<std::string> othersIds;
    std::string editedId;
    auto other = HubEnvironment::shared().clientFor("admin1");
    auto transport = makePocoTransport(config.baseUrl, config.transport);
    ASSERT_TRUE(transport.ok());
    SyncStore* store = nullptr;
    auto inBetween = [&] {
        for (int i = 0; i < 3; ++i) {
            const auto created = other.post("/QuestionnaireResponse", submission(patientId, 1000 + i),
                                            {{"Content-Type", "application/fhir+json"}});
            EXPECT_EQ(created.status, 201) << created.body;
            othersIds.push_back(created.json().value("id", ""));
        }
        // One of this client's submissions, just pushed, edited by the other client.
        auto pushed = store->list("QuestionnaireResponse");
        ASSERT_TRUE(pushed.ok() && !pushed->empty());
        editedId = *pushed->front().serverId;
        json current = other.get("/QuestionnaireResponse/" + editedId).json();
        current["status"] = "amended";
        const auto edited = other.put("/QuestionnaireResponse/" + editedId, current,
                                      {{"Content-Type", "application/fhir+json"}});
        EXPECT_EQ(edited.status, 200) << edited.body;
    };
    auto hooked = std::make_unique<BeforeFirstSearchBatch>(std::move(*transport));
    BeforeFirstSearchBatch* hook = hooked.get();
    auto client = std::make_unique<FhirClient>(std::move(hooked), "", config.retry, systemClock(), systemRandom());
    auto engine = std::make_unique<SyncEngine>(cache.db, config, std::move(client));
    store = &engine->store();
    ASSERT_TRUE(engine->login("admin1", avocet::test::kTestPassword).ok());

    // In step with the hub first (the patient, and the histories' watermarks).
    auto first = engine->syncNow();
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(first->complete) << first->error;
    const auto ids = avocet::test::queueRecords(cache.db, 30, [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 30u);
    std::size_t plainBytes = 0;
    for (int i = 0; i < 30; ++i)
        plainBytes += submission(patientId, i).dump().size();
    link.resetCounters();
    const int batchesBefore = engine->searchBatches();
    hook->arm(inBetween);

    auto summary = engine->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(summary->pushed, 30);
    EXPECT_EQ(summary->pulled, 4) << "the other client's 3 creates and 1 edit, none of this client's own versions";
    EXPECT_EQ(engine->searchBatches() - batchesBefore, 1);
    EXPECT_LT(link.bytesUp(), static_cast<std::int64_t>(plainBytes)) << "the push crossed the link gzipped";

    expectEachOnceOnHub(ids);
    EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM sync_outbox"), 0);
    // Each record once in the cache, the other client's edit included.
    EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM (SELECT server_id FROM sync_resources WHERE type = "
                                 "'QuestionnaireResponse' GROUP BY server_id HAVING count(*) > 1)"),
              0);
    for (const auto& id : othersIds)
        EXPECT_TRUE(engine->store().getByServerId("QuestionnaireResponse", id)->has_value()) << "missed " << id;
    auto edited = engine->store().getByServerId("QuestionnaireResponse", editedId);
    ASSERT_TRUE(edited.ok() && edited->has_value());
    EXPECT_EQ((*edited)->content.value("status", ""), "amended");

    // Nothing left: the next run pushes and pulls nothing.
    auto again = engine->syncNow();
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->complete) << again->error;
    EXPECT_EQ(again->pushed, 0);
    EXPECT_EQ(again->pulled, 0);
}

// The whole trust, on-line: a clinician finds a patient who is not on their caseload through the
// hub's trust-wide index (demographics only, marked not theirs; the search is recorded on the hub
// without its values), opens the record with a break-glass reason (recorded on the hub before it
// answers, and on this computer), sees the legal status and the flags the EPR fed, and when the
// session ends nothing of the record is left in the cache. A search too broad to be a lookup is
// refused with what to add.
TEST(SyncWithHub, AWholeTrustSearchFindsAPatientOffTheCaseloadAndBreakGlassOpensTheRecordForTheSessionOnly)
{
    auto& env = HubEnvironment::shared();
    static const bool feedCreated =
        env.admin({"create-user", "feed.paris.trust", "--role", "epr_feed", "--epr", "Paris"}) == 0;
    ASSERT_TRUE(feedCreated);
    auto feed = env.clientFor("feed.paris.trust");
    const std::string nhs = "9990002312";
    const std::string paris = "https://fhir.avocet.example/Id/paris-record-id";
    const json subject = {{"identifier", {{"system", paris}, {"value", "P-TRUST-2312"}}}};
    const json changed = {{"url", "https://fhir.avocet.example/StructureDefinition/epr-changed-at"},
                          {"valueInstant", "2026-12-01T09:00:00Z"}};
    const json legalStatus = {
        {"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
        {"extension",
         json::array({{{"url", "legalStatusContext"},
                       {"valueCodeableConcept",
                        {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext"},
                                                  {"code", "admission"}}})}}}},
                      {{"url", "legalStatusClassification"},
                       {"valueCodeableConcept",
                        {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/"
                                                             "UKCore-LegalStatusClassificationEngland"},
                                                  {"code", "03"}}})}}}}})}};
    const json bundle = {
        {"resourceType", "Bundle"},
        {"type", "transaction"},
        {"entry",
         json::array(
             {{{"request", {{"method", "POST"}, {"url", "Patient"}}},
               {"resource",
                {{"resourceType", "Patient"},
                 {"identifier", json::array({{{"system", paris}, {"value", "P-TRUST-2312"}},
                                             {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
                 {"name", json::array({{{"use", "official"}, {"family", "Canary-Trustwide"}, {"given", {"Orla"}}}})},
                 {"gender", "female"},
                 {"birthDate", "1984-06-02"},
                 {"extension", json::array({changed})},
                 {"address", json::array({{{"postalCode", "CM1 1ZZ"}, {"line", {"CANARY address line"}}}})}}}},
              {{"request", {{"method", "POST"}, {"url", "Encounter"}}},
               {"resource",
                {{"resourceType", "Encounter"},
                 {"identifier", json::array({{{"system", paris}, {"value", "ENC-TRUST-1"}}})},
                 {"status", "in-progress"},
                 {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
                 {"subject", subject},
                 {"period", {{"start", "2026-11-20T10:00:00Z"}}},
                 {"extension", json::array({changed, legalStatus})}}}},
              {{"request", {{"method", "POST"}, {"url", "Flag"}}},
               {"resource",
                {{"resourceType", "Flag"},
                 {"identifier", json::array({{{"system", paris}, {"value", "FLAG-TRUST-1"}}})},
                 {"status", "active"},
                 {"category", json::array({{{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/epr-flag-category"},
                                                                      {"code", "safeguarding"}}})}}})},
                 {"code", {{"text", "Safeguarding: adult at risk"}}},
                 {"extension", json::array({changed})},
                 {"subject", subject},
                 {"period", {{"start", "2026-10-01"}}}}}}})}};
    const auto fed = feed.post("/", bundle, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(fed.status, 200) << fed.body;

    TempDir profiles("sync-trust-search");
    const std::string user = "nurse.north";
    const std::string passphrase = "canary whole trust passphrase heron";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    const auto [loginStatus, login] =
        ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword);
    ASSERT_EQ(loginStatus, 0) << login.dump();
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"sync"}).first, 0);
    const auto [listStatus, before] =
        ctlJson(profiles.path(), user, passphrase, {"patients", "list", "--search", "Canary-Trustwide"});
    ASSERT_EQ(listStatus, 0) << before.dump();
    EXPECT_EQ(before.value("count", -1), 0) << "not on the caseload, so not synced here: " << before.dump();

    // Too broad: a family name alone is not a lookup.
    const auto [broadStatus, broad] =
        ctlJson(profiles.path(), user, passphrase, {"patients", "find", "--trust", "Canary-Trustwide"});
    EXPECT_EQ(broadStatus, 2) << broad.dump();
    EXPECT_NE(broad.dump().find("date of birth"), std::string::npos) << broad.dump();
    auto nurse = env.clientFor(user);
    const auto refused = nurse.get("/Patient/$trust-search?family=Canary-Trustwide");
    EXPECT_EQ(refused.status, 400) << refused.body;

    // Found by name and date of birth: demographics only, not on the caseload.
    const auto [findStatus, found] = ctlJson(profiles.path(), user, passphrase,
                                             {"patients", "find", "--trust", "Orla Canary-Trustwide 02/06/1984"});
    ASSERT_EQ(findStatus, 0) << found.dump();
    ASSERT_EQ(found.value("count", 0), 1) << found.dump();
    const json match = found["patients"][0];
    EXPECT_EQ(match.value("nhsNumber", ""), nhs);
    EXPECT_FALSE(match.value("onCaseload", true));
    const std::string id = match.value("id", "");
    ASSERT_FALSE(id.empty());
    const auto direct = nurse.get("/Patient/$trust-search?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + nhs);
    ASSERT_EQ(direct.status, 200) << direct.body;
    EXPECT_EQ(direct.body.find("CANARY address line"), std::string::npos) << "no address in the trust index";
    EXPECT_EQ(direct.body.find("P-TRUST-2312"), std::string::npos) << "no EPR record id in the trust index";
    EXPECT_NE(direct.body.find("SUBSETTED"), std::string::npos);
    // Without break-glass the record stays closed.
    EXPECT_EQ(nurse.get("/Patient/" + id).status, 403);

    std::string eventsBefore;
    ASSERT_EQ(env.admin({"break-glass", "list"}, &eventsBefore), 0);
    const auto countFor = [&](const std::string& text) {
        int n = 0;
        for (const auto& event : json::parse(text, nullptr, false).value("events", json::array()))
            n += event.value("username", "") == user && event.value("patient", "") == "Patient/" + id &&
                 event.value("reason", "") == "CANARY crisis call: patient known to south team";
        return n;
    };
    EXPECT_EQ(countFor(eventsBefore), 0);

    // Opened with a reason: the legal status and the flag the EPR fed; then removed again.
    const auto [openStatus, opened] =
        ctlJson(profiles.path(), user, passphrase,
                {"patients", "open", "--trust", id, "--reason", "CANARY crisis call: patient known to south team"});
    ASSERT_EQ(openStatus, 0) << opened.dump();
    EXPECT_EQ(opened.value("patientId", ""), id);
    EXPECT_EQ(opened.value("nhsNumber", ""), nhs);
    EXPECT_GE(opened.value("resources", 0), 3) << opened.dump();
    EXPECT_EQ(opened.value("legalStatus", json()).get<std::string>(), "s3") << opened.dump();
    EXPECT_EQ(opened.value("flags", 0), 1) << opened.dump();
    EXPECT_TRUE(opened.value("removedAfterwards", false));

    std::string eventsAfter;
    ASSERT_EQ(env.admin({"break-glass", "list"}, &eventsAfter), 0);
    EXPECT_EQ(countFor(eventsAfter), 1)
        << "the hub recorded the break-glass with its reason, once for the record however many types it read";

    const auto [afterStatus, after] =
        ctlJson(profiles.path(), user, passphrase, {"patients", "list", "--search", "Canary-Trustwide"});
    ASSERT_EQ(afterStatus, 0);
    EXPECT_EQ(after.value("count", -1), 0) << "nothing of the record is left after the session: " << after.dump();
    const auto [showStatus, shown] = ctlJson(profiles.path(), user, passphrase, {"patients", "show", "--patient", nhs});
    EXPECT_NE(showStatus, 0) << shown.dump();
}

// The hub re-validates a completed form against its template before it is stored or delivered to
// an EPR: a total its answers do not give is refused naming the item, and so is a total over a
// declined item 9 (never estimated). A declined item 9 with no total is accepted, derived as an
// Observation without a value (dataAbsentReason), and reaches the clinician after a sync as its own
// urgent follow-up, never as a score of 0.
TEST(SyncWithHub, TheHubRefusesACompletedResponseItsFormDoesNotAcceptRecomputesTotalsAndADeclinedItem9ReachesTheClinician)
{
    const std::string nhs = "9990004307";
    auto other = HubEnvironment::shared().clientFor("admin1");
    // A patient as the EPR of record knows them (the desktop lists patients with an EPR record).
    const json patient = {
        {"resourceType", "Patient"},
        {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}},
                                    {{"system", "https://fhir.avocet.example/Id/paris-record-id"}, {"value", "P-DECL-4307"}}})},
        {"name", json::array({{{"use", "official"}, {"family", "Canary-Declined"}, {"given", json::array({"Iris"})}}})},
        {"gender", "female"},
        {"birthDate", "1988-02-11"}};
    const auto created = other.post("/Patient", patient, {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string patientId = created.json().value("id", "");
    json response =
        json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) + "/tests/fixtures/responses/phq9-completed.json"));
    response.erase("id");
    response.erase("identifier");
    response["subject"] = {{"reference", "Patient/" + patientId}};
    ASSERT_EQ(response["item"][2]["linkId"], "phq9-total");
    ASSERT_EQ(response["item"][1]["item"][8]["linkId"], "phq9-9");
    const std::vector<std::pair<std::string, std::string>> fhir = {{"Content-Type", "application/fhir+json"}};
    const auto countResponses = [&] {
        return other.get("/QuestionnaireResponse?patient=Patient/" + patientId).json().value("total", -1);
    };
    const int before = countResponses();

    // A total of 5 where the answers add up to 11.
    json wrong = response;
    wrong["item"][2]["answer"] = json::array({{{"valueInteger", 5}}});
    const auto refused = other.post("/QuestionnaireResponse", wrong, fhir);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("item phq9-total gives 5 but its answers give 11"), std::string::npos) << refused.body;
    EXPECT_EQ(countResponses(), before) << "a refused response stores nothing";

    // Marked completed with item 9 (required: answered or declined) left out.
    json withoutItem9 = response;
    withoutItem9["item"][1]["item"][8].erase("answer");
    withoutItem9["item"].erase(2);
    const auto refusedIncomplete = other.post("/QuestionnaireResponse", withoutItem9, fhir);
    EXPECT_EQ(refusedIncomplete.status, 422) << refusedIncomplete.body;
    EXPECT_NE(refusedIncomplete.body.find("cannot be marked completed"), std::string::npos) << refusedIncomplete.body;
    EXPECT_NE(refusedIncomplete.body.find("phq9-9"), std::string::npos) << refusedIncomplete.body;

    // An answer that is not one of the item's options.
    json notAnOption = response;
    notAnOption["item"][1]["item"][0]["answer"] =
        json::array({{{"valueCoding", {{"system", "http://loinc.org"}, {"code", "LA-CANARY-NOT-AN-OPTION"}}}}});
    const auto refusedUnfitting = other.post("/QuestionnaireResponse", notAnOption, fhir);
    EXPECT_EQ(refusedUnfitting.status, 422) << refusedUnfitting.body;
    EXPECT_NE(refusedUnfitting.body.find("phq9-1: This answer is not one of the options offered"), std::string::npos)
        << refusedUnfitting.body;
    EXPECT_EQ(countResponses(), before) << "a refused response stores nothing";

    // Item 9 declined, and a total of the other eight given anyway.
    json declined = response;
    declined["item"][1]["item"][8]["answer"] = json::array(
        {{{"valueCoding",
           {{"system", "http://terminology.hl7.org/CodeSystem/data-absent-reason"}, {"code", "asked-declined"},
            {"display", "Declined to answer"}}}}});
    json totalOverDeclined = declined;
    const auto refusedTotal = other.post("/QuestionnaireResponse", totalOverDeclined, fhir);
    EXPECT_EQ(refusedTotal.status, 422) << refusedTotal.body;
    EXPECT_NE(refusedTotal.body.find("item 9 is never estimated"), std::string::npos) << refusedTotal.body;

    // The same with no total: accepted.
    declined["item"].erase(2);
    const auto accepted = other.post("/QuestionnaireResponse", declined, fhir);
    ASSERT_EQ(accepted.status, 201) << accepted.body;
    const std::string responseId = accepted.json().value("id", "");
    json item9;
    bool total = false;
    for (const auto& entry : other.get("/Observation?patient=Patient/" + patientId + "&_count=200").json().value("entry", json::array())) {
        for (const auto& identifier : entry["resource"].value("identifier", json::array())) {
            const std::string key = identifier.value("value", "");
            if (key == "QuestionnaireResponse/" + responseId + "#phq9-9")
                item9 = entry["resource"];
            total = total || key == "QuestionnaireResponse/" + responseId + "#phq9-total";
        }
    }
    ASSERT_TRUE(item9.is_object()) << "the hub derives item 9";
    EXPECT_FALSE(item9.contains("valueInteger")) << item9.dump();
    EXPECT_EQ(item9["dataAbsentReason"]["coding"][0].value("code", ""), "asked-declined") << item9.dump();
    EXPECT_FALSE(total) << "no total was given, so none is derived";

    // The clinician's view after a sync: the declined item raises its own follow-up.
    ASSERT_EQ(HubEnvironment::shared().admin({"assign-caseload", "north-community", "Patient/" + patientId}), 0);
    TempDir profiles("sync-declined-item9");
    const std::string user = "nurse.north";
    const std::string passphrase = "canary declined item passphrase staple";
    store::ProfileStore profileStore(profiles.path());
    ASSERT_TRUE(profileStore.create(user, passphrase, crypto::KdfParams::minimal()).ok());
    ASSERT_EQ(ctlJson(profiles.path(), user, passphrase, {"login", "--server", hubUrl()}, avocet::test::kTestPassword).first, 0);
    const auto [syncStatus, synced] = ctlJson(profiles.path(), user, passphrase, {"sync"});
    ASSERT_EQ(syncStatus, 0) << synced.dump();
    const auto [status, shown] = ctlJson(profiles.path(), user, passphrase, {"alerts", "patient", "--patient", nhs});
    ASSERT_EQ(status, 0) << shown.dump();
    json followUp;
    for (const auto& alert : shown.value("alerts", json::array())) {
        EXPECT_EQ(alert.value("key", "").find(":phq9-item9:"), std::string::npos) << "declined is not a score: " << alert.dump();
        if (alert.value("key", "").find("phq9-item9-declined") != std::string::npos)
            followUp = alert;
    }
    ASSERT_TRUE(followUp.is_object()) << shown.dump();
    EXPECT_EQ(followUp.value("severity", ""), "high");
    EXPECT_EQ(followUp.value("title", ""), "PHQ-9 item 9 declined");
}

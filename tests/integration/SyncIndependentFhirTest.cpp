// The sync engine and `avocetctl sync --server` against an independent FHIR R4 implementation:
// Medplum's FhirRouter and in-memory repository (npm @medplum/fhir-router, pinned in
// tests/independent-fhir/package-lock.json) behind our own small Node HTTP front,
// tests/independent-fhir/server.js. No login, no avocet-hub code. Checks the three things the sync
// names: conditional create lands exactly once (also when answers are lost and the batch is sent
// again), pull with _lastUpdated watermarks brings down what another client created, and a stale
// If-Match update becomes a stored conflict. Skips, saying why, when node or the npm packages are
// missing (scripts/setup.sh installs them).

#include "tests/support/FakeFhirServer.h"
#include "tests/support/SyncChecks.h"
#include "tests/support/TempDir.h"

#include "core/identity/SyntheticPatients.h"
#include "core/sync/SyncEngine.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace avocet::core;
using namespace avocet::core::sync;
using avocet::test::TempDir;
using nlohmann::json;

namespace {

const std::filesystem::path kHarness = std::filesystem::path(AVOCET_SOURCE_DIR) / "tests" / "independent-fhir";

std::string findOnPath(const std::string& program)
{
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate.string();
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return {};
}

// tests/independent-fhir/server.js in a child process on a free port of 127.0.0.1.
class MedplumServer
{
public:
    // nullptr and `why` set when it did not start; `skip` when it cannot run on this machine
    // (no node, node too old, npm packages not installed) rather than failing.
    static std::unique_ptr<MedplumServer> start(std::string& why, bool& skip)
    {
        skip = true;
        const std::string node = findOnPath("node");
        if (node.empty()) {
            why = "node is not installed (scripts/setup.sh installs nodejs)";
            return nullptr;
        }
        if (!std::filesystem::exists(kHarness / "node_modules" / "@medplum" / "fhir-router" / "package.json")) {
            why = "tests/independent-fhir/node_modules is missing: run scripts/setup.sh (npm ci in tests/independent-fhir)";
            return nullptr;
        }
        int out[2];
        if (::pipe(out) != 0) {
            why = "pipe failed";
            return nullptr;
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::dup2(out[1], 1);
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, 2);
            ::close(out[0]);
            if (::chdir(kHarness.c_str()) != 0)
                _exit(126);
            const std::string log = std::string(AVOCET_BINARY_DIR) + "/medplum-requests.log";
            ::execl(node.c_str(), "node", "server.js", "--port", "0", "--base", "/fhir", "--log", log.c_str(),
                    static_cast<char*>(nullptr));
            _exit(127);
        }
        ::close(out[1]);
        auto server = std::unique_ptr<MedplumServer>(new MedplumServer(pid));
        std::string line;
        char c = 0;
        while (true) {
            pollfd fd{out[0], POLLIN, 0};
            if (::poll(&fd, 1, 60000) <= 0 || ::read(out[0], &c, 1) != 1)
                break;
            if (c == '\n') {
                if (line.rfind("LISTENING ", 0) == 0)
                    server->m_port = std::atoi(line.c_str() + 10);
                else if (line.rfind("UNSUPPORTED ", 0) == 0)
                    why = line;
                break;
            }
            line += c;
        }
        ::close(out[0]);
        if (server->m_port <= 0) {
            skip = !why.empty();
            if (why.empty())
                why = "server.js did not start (run `node server.js` in tests/independent-fhir to see why)";
            return nullptr;
        }
        return server;
    }

    ~MedplumServer()
    {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }

    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/fhir"; }

    // A plain request, as another client (or a test's check) would make it.
    HttpResponse call(const std::string& method, const std::string& relative, const json& body = nullptr,
                      std::vector<std::pair<std::string, std::string>> headers = {})
    {
        if (!m_transport)
            m_transport = std::move(*makePocoTransport(baseUrl(), TransportOptions{}));
        headers.emplace_back("Accept", "application/fhir+json");
        if (!body.is_null())
            headers.emplace_back("Content-Type", "application/fhir+json");
        auto answer = m_transport->send({method, "/fhir/" + relative, headers, body.is_null() ? "" : body.dump()});
        EXPECT_TRUE(answer.ok()) << answer.message();
        return answer.ok() ? *answer : HttpResponse{};
    }

    json getJson(const std::string& relative) { return json::parse(call("GET", relative).body, nullptr, false); }

    // Every client identifier on the server's QuestionnaireResponses, with how often it occurs.
    std::map<std::string, int> clientIds(int& total)
    {
        const auto bundle = getJson("QuestionnaireResponse?_count=10000");
        std::map<std::string, int> seen;
        total = 0;
        for (const auto& entry : bundle.value("entry", json::array())) {
            ++total;
            if (auto id = clientIdentifierOf(entry["resource"]))
                ++seen[*id];
        }
        return seen;
    }

    std::string createPatient(const std::string& nhs)
    {
        const json patient = {
            {"resourceType", "Patient"},
            {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
            {"name", json::array({{{"family", "Canary-Independent"}, {"given", json::array({"Test"})}}})}};
        const auto created = call("POST", "Patient", patient);
        EXPECT_EQ(created.status, 201) << created.body;
        return json::parse(created.body, nullptr, false).value("id", "");
    }

private:
    explicit MedplumServer(pid_t pid) : m_pid(pid) {}
    pid_t m_pid;
    int m_port = 0;
    std::unique_ptr<HttpTransport> m_transport;
};

#define START_MEDPLUM(server)                                                                                       \
    std::string why;                                                                                                \
    bool skip = false;                                                                                              \
    auto server = MedplumServer::start(why, skip);                                                                  \
    if (!server && skip)                                                                                            \
        GTEST_SKIP() << "independent FHIR server unavailable: " << why;                                            \
    ASSERT_TRUE(server) << why;

struct Cache : avocet::test::SyncCache
{
    Cache() : SyncCache("sync-medplum") {}
};

std::unique_ptr<SyncEngine> engineFor(store::Database& db, const std::string& baseUrl, int pageSize = 200,
                                      int loseEvery = 0, avocet::test::FaultInjectingTransport** faults = nullptr)
{
    SyncConfig config;
    config.baseUrl = baseUrl;
    config.pullTypes = {"Patient", "QuestionnaireResponse"};
    config.pageSize = pageSize;
    config.initialBatchSize = 8;
    config.maxBatchSize = 8;
    config.retry.baseDelay = std::chrono::milliseconds(10);
    config.retry.maxDelay = std::chrono::milliseconds(100);
    config.retry.maxAttempts = 4;
    auto transport = makePocoTransport(config.baseUrl, config.transport);
    EXPECT_TRUE(transport.ok());
    auto injecting = std::make_unique<avocet::test::FaultInjectingTransport>(std::move(*transport));
    if (loseEvery > 0)
        injecting->failEvery(loseEvery, avocet::test::FaultInjectingTransport::Mode::LoseResponse);
    if (faults != nullptr)
        *faults = injecting.get();
    auto client = std::make_unique<FhirClient>(std::move(injecting), parseBaseUrl(baseUrl)->basePath, config.retry,
                                               systemClock(), systemRandom());
    return std::make_unique<SyncEngine>(db, config, std::move(client));
}

json submission(const std::string& patientId, int n)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"subject", {{"reference", "Patient/" + patientId}}},
            {"item", json::array({{{"linkId", "n"}, {"answer", json::array({{{"valueInteger", n}}})}}})}};
}

int runCtl(const std::vector<std::string>& args, const std::string& passphrase, std::string* output = nullptr)
{
    int out[2];
    if (::pipe(out) != 0)
        return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("AVOCET_PASSPHRASE", passphrase.c_str(), 1);
        std::vector<std::string> full = {AVOCET_CTL_BINARY};
        full.insert(full.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : full)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::dup2(out[1], 1);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2);
        ::close(out[0]);
        ::execv(argv[0], argv.data());
        _exit(127);
    }
    ::close(out[1]);
    std::string text;
    char buffer[4096];
    for (;;) {
        const auto n = ::read(out[0], buffer, sizeof buffer);
        if (n > 0)
            text.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR)
            break;
    }
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output != nullptr)
        *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

// `avocetctl sync --server <Medplum>/fhir` with no login: 30 queued submissions land once each
// (conditional create on the client identifier); a second run pushes nothing and doubles nothing.
TEST(SyncWithIndependentFhir, AvocetctlSyncPushesQueuedSubmissionsExactlyOnce)
{
    START_MEDPLUM(server);
    const std::string patientId = server->createPatient("9990001103");
    TempDir profiles("sync-medplum-cli");
    const std::string user = "nurse.independent";
    const std::string passphrase = "canary correct horse battery staple";
    const auto ids = avocet::test::profileWithQueue(profiles.path(), user, passphrase, 30,
                                                    [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 30u);
    const std::vector<std::string> sync = {"--profile", profiles.path().string(), "--user", user, "--json",
                                           "sync", "--server", server->baseUrl(), "--batch", "8"};
    std::string output;
    ASSERT_EQ(runCtl(sync, passphrase, &output), 0) << output;
    const auto first = json::parse(output, nullptr, false);
    EXPECT_EQ(first.value("pushed", -1), 30) << output;
    EXPECT_EQ(first.value("failures", -1), 0) << output;

    ASSERT_EQ(runCtl(sync, passphrase, &output), 0) << output;
    EXPECT_EQ(json::parse(output, nullptr, false).value("pushed", -1), 0) << output;

    int total = 0;
    const auto tally = avocet::test::tallyOnce(ids, server->clientIds(total));
    EXPECT_EQ(total, 30);
    EXPECT_EQ(tally.missing, 0);
    EXPECT_EQ(tally.doubled, 0);
}

// Answers lost after Medplum committed: the batch is sent again and Medplum's If-None-Exist
// answers 200 with the existing record, so nothing is doubled.
TEST(SyncWithIndependentFhir, LostAnswersAreResentAsConditionalCreatesWithoutDuplicates)
{
    START_MEDPLUM(server);
    const std::string patientId = server->createPatient("9990001111");
    Cache cache;
    avocet::test::FaultInjectingTransport* faults = nullptr;
    auto engine = engineFor(cache.db, server->baseUrl(), 200, 2, &faults);
    const auto ids = avocet::test::queueRecords(cache.db, 40, [&](int i) { return submission(patientId, i); });
    ASSERT_EQ(ids.size(), 40u);
    EXPECT_TRUE(avocet::test::syncUntilComplete(*engine, 20));
    EXPECT_GE(faults->injected(), 3) << "answers must have been lost for this test to mean anything";
    int total = 0;
    const auto tally = avocet::test::tallyOnce(ids, server->clientIds(total));
    EXPECT_EQ(total, 40);
    EXPECT_EQ(tally.missing, 0);
    EXPECT_EQ(tally.doubled, 0);
    EXPECT_EQ(*cache.db.queryInt("SELECT count(*) FROM sync_outbox"), 0);
    // Medplum's batch answers carry no version: the client read them back, so the next edit can
    // send If-Match with the server's own versionId.
    const auto local = *engine->store().list("QuestionnaireResponse");
    ASSERT_EQ(local.size(), 40u);
    for (const auto& record : local) {
        ASSERT_TRUE(record.serverId && record.versionId) << record.localId;
        const auto onServer = server->getJson("QuestionnaireResponse/" + *record.serverId);
        EXPECT_EQ(onServer["meta"].value("versionId", ""), *record.versionId);
    }

    // The interaction itself, as docs/sync.md states it: a repeated conditional create is a 200.
    const std::string ifNoneExist = std::string("identifier=") + kClientIdSystem + "|" + ids[0];
    const auto again = server->call("POST", "QuestionnaireResponse", submission(patientId, 0),
                                    {{"If-None-Exist", ifNoneExist}});
    EXPECT_EQ(again.status, 200) << again.body;
}

// Another client creates 250 patients on the server; a pull in pages of 40 brings down all of
// them (Medplum's in-memory search gives no `next` links: the client continues from the newest
// lastUpdated itself). Three more later: the next pull starts at the watermark.
TEST(SyncWithIndependentFhir, PullWithLastUpdatedWatermarksBringsDownWhatAnotherClientCreated)
{
    START_MEDPLUM(server);
    json batch = {{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", json::array()}};
    for (int i = 0; i < 250; ++i)
        batch["entry"].push_back(
            {{"resource",
              {{"resourceType", "Patient"},
               {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"},
                                            {"value", identity::syntheticNhsNumber(30000 + i)}}})}}},
             {"request", {{"method", "POST"}, {"url", "Patient"}}}});
    ASSERT_EQ(server->call("POST", "", batch).status, 200);

    Cache cache;
    auto engine = engineFor(cache.db, server->baseUrl(), 40);
    auto pulled = engine->pull();
    ASSERT_TRUE(pulled.ok()) << pulled.message();
    EXPECT_TRUE(pulled->error.empty()) << pulled->error;
    EXPECT_EQ(pulled->pulled, 250);
    EXPECT_EQ(*engine->store().count("Patient"), 250);

    std::vector<std::string> later;
    for (int i = 0; i < 3; ++i)
        later.push_back(server->createPatient(identity::syntheticNhsNumber(31000 + i)));
    const int before = engine->client()->stats().requests;
    auto again = engine->pull();
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->pulled, 3);
    EXPECT_EQ(*engine->store().count("Patient"), 253);
    for (const auto& id : later)
        EXPECT_TRUE(engine->store().getByServerId("Patient", id)->has_value()) << id;
    // From the watermark: one Patient search (a second with a doubled _count when more than 40 of
    // the batch-created patients share the watermark's millisecond), one QuestionnaireResponse
    // search and two type-history probes (Medplum: 404). Re-reading from scratch would take 10:
    // 7 pages of patients, the QuestionnaireResponse search and the two probes.
    EXPECT_LT(engine->client()->stats().requests - before, 10);
}

// Two clients edit one record off-line; the second one's If-Match is stale: Medplum answers 412,
// the client stores a conflict with both versions and the server keeps the first edit.
TEST(SyncWithIndependentFhir, StaleIfMatchUpdateBecomesAStoredConflict)
{
    START_MEDPLUM(server);
    const std::string patientId = server->createPatient("9990001138");
    Cache first, second;
    auto a = engineFor(first.db, server->baseUrl());
    auto b = engineFor(second.db, server->baseUrl());
    ASSERT_TRUE(a->pull().ok());
    ASSERT_TRUE(b->pull().ok());
    avocet::test::expectSecondEditBecomesStoredConflict(*a, *b, patientId,
                                                        [&] { return server->getJson("Patient/" + patientId); });
}

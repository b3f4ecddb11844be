// The sync engine against the real avocet-hub: upload 1,000 and 10,000 queued
// submissions and download a caseload of 10,000 patients with 100,000 resources, on loopback and
// with 50 ms and 150 ms of added round-trip latency.
//
//  (a) requests the engine used / the minimum for its batch size (ceil(n / maxBatchSize)), <= 1.05
//  (b) engine wall time / a bare Poco client posting the same bundles (same sizes, same entries
//      with fresh client identifiers, same connection), <= 1.3: the median of the per-pair ratios
//      of several engine/bare pairs (below)
//  (c) 5,000 resources/s / measured download throughput (prepare-for-off-line briefcase), <= 1.0
//
// Latency: netem is not available in this kernel ("Specified qdisc kind is unknown" for
// `tc qdisc add dev lo root netem` even in a fresh network namespace as root), so a small
// TCP proxy (tests/support/LinkSimulator, no bandwidth cap here) delays every chunk by half the
// added latency in each direction.
//
// Scenarios: `avocet_bench sync.upload` and `avocet_bench sync.download` (each starts its own hub
// and seeds its own caseload). Sizes: `--quick` (or AVOCET_BENCH_QUICK=1) uploads 1,000 and 2,000
// and downloads 2,000 patients with 20,000 resources. AVOCET_BENCH_LATENCIES="0" (a comma list)
// measures only the added latencies named.
//
// Set-up (not timed): the caseload is seeded by INSERT ... SELECT generate_series straight into the
// hub's schema (resources, resource_versions, resource_identifiers, caseload_members); queued
// submissions are written with SyncStore::createLocal into a fresh encrypted cache per run.
//
// Upload pairs (bench::pairedRatios): 5 engine/bare pairs per latency for 1,000 and 2 for 10,000
// (2 of 2,000 with --quick), the engine first in even pairs and the bare client first in odd
// ones. Before each pair, untimed, both sides are set up: the last pair's cache is closed, a fresh
// cache gets the queued submissions (new client identifiers), and the bare client's bodies are the
// bundles of the latest engine push with fresh identifiers (pair 0, engine first, replays its own
// push, refreshed right after it). The wall figure is the median of the per-pair engine/bare
// ratios; stderr shows their min/max, each pair's ratio and each side's median time. The requests
// figure is the most requests any engine push used (deterministic: all pushes send the same
// bundles; stderr flags differing counts or bundle sizes).
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>


#include <Poco/DeflatingStream.h>

#include "bench/Bench.h"
#include "bench/HubFixture.h"
#include "core/crypto/KeyWrap.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "core/forms/ObservationExtract.h"
#include "core/forms/Questionnaire.h"
#include "core/sync/DerivedObservations.h"
#include "core/sync/FhirClient.h"
#include "core/sync/SyncEngine.h"
#include "core/sync/SyncStore.h"
#include "tests/support/LinkSimulator.h"

namespace fs = std::filesystem;
namespace bench = avocet::bench;
namespace hb = avocet::bench::hub;
namespace csync = avocet::core::sync;
namespace store = avocet::core::store;
using nlohmann::json;

namespace {

constexpr int kMaxBatch = 500;       // SyncConfig::maxBatchSize (default)
constexpr int kResourcesPerPatient = 10; // the Patient and 9 QuestionnaireResponses

bool quickMode()
{
    if (const char* quick = std::getenv("AVOCET_BENCH_QUICK"); quick != nullptr && *quick == '1')
        return true;
    // Bench.cpp's main reads only the filter; --quick is picked up from the command line here.
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string arg;
    while (std::getline(in, arg, '\0'))
        if (arg == "--quick")
            return true;
    return false;
}

// AVOCET_BENCH_TRACE=1: one stderr line per upload request (who, when, how long) and at the start
// and end of each engine push, so gaps between requests and slow phases of the machine show.
bool tracing()
{
    static const bool on = std::getenv("AVOCET_BENCH_TRACE") != nullptr;
    return on;
}

double secondsOf(std::chrono::steady_clock::time_point at)
{
    return std::chrono::duration<double>(at.time_since_epoch()).count();
}

void trace(const char* who, const char* what, std::size_t bytes, std::chrono::steady_clock::time_point from)
{
    if (!tracing())
        return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "TRACE %s %s body=%zu at=%.3f took=%.3f\n", who, what, bytes, secondsOf(from),
                 secondsOf(now) - secondsOf(from));
}

// ---- engine plumbing ------------------------------------------------------------------------

// Counts every exchange and keeps the push bundles (POST to the base) for the bare client.
class RecordingTransport : public csync::HttpTransport
{
public:
    explicit RecordingTransport(std::unique_ptr<csync::HttpTransport> inner) : m_inner(std::move(inner)) {}
    avocet::core::Result<csync::HttpResponse> send(const csync::HttpRequest& request) override
    {
        ++requests;
        if (request.method == "POST" && (request.target == "/" || request.target.empty()))
            bundles.push_back(request.body);
        const auto from = std::chrono::steady_clock::now();
        auto response = m_inner->send(request);
        trace("engine", (request.method + " " + request.target).c_str(), request.body.size(), from);
        return response;
    }
    void reset() override { m_inner->reset(); }
    int connectionsOpened() const override { return m_inner->connectionsOpened(); }
    void setCompressRequests(bool on) override { m_inner->setCompressRequests(on); }

    int requests = 0;
    std::vector<std::string> bundles;

private:
    std::unique_ptr<csync::HttpTransport> m_inner;
};

struct Cache
{
    fs::path path;
    store::Database db;
};

Cache freshCache(const fs::path& dir, const std::string& name)
{
    const fs::path path = dir / name;
    fs::remove(path);
    fs::remove(path.string() + "-wal");
    fs::remove(path.string() + "-shm");
    static const auto key = avocet::core::crypto::SecureBuffer::random(32);
    auto db = store::Database::open(path, key, store::Database::Mode::CreateIfMissing);
    if (!db || !store::applyMigrations(*db, store::cacheMigrations()).ok())
        hb::die("cannot open the client cache");
    return {path, std::move(*db)};
}

struct Engine
{
    RecordingTransport* transport = nullptr;
    std::unique_ptr<csync::SyncEngine> engine;
};

Engine makeEngine(store::Database& db, std::uint16_t port, const std::string& token, csync::SyncConfig config)
{
    config.baseUrl = "http://127.0.0.1:" + std::to_string(port);
    auto poco = csync::makePocoTransport(config.baseUrl, config.transport);
    if (!poco)
        hb::die("transport: " + poco.message());
    auto recording = std::make_unique<RecordingTransport>(std::move(*poco));
    Engine out;
    out.transport = recording.get();
    auto client = std::make_unique<csync::FhirClient>(std::move(recording), "", config.retry, csync::systemClock(),
                                                     csync::systemRandom());
    client->setTokens(token, "");
    out.engine = std::make_unique<csync::SyncEngine>(db, config, std::move(client));
    return out;
}

json submission(const std::string& patientRef, int n)
{
    json items = json::array();
    int total = 0;
    for (int i = 1; i <= 9; ++i) {
        const int code = (i + n) % 4;
        total += code;
        items.push_back({{"linkId", "phq9-" + std::to_string(i)},
                         {"answer", json::array({{{"valueCoding",
                                                   {{"system", "http://loinc.org"},
                                                    {"code", "LA6568-" + std::to_string(code)},
                                                    {"display", "Answer " + std::to_string(code)}}}}})}});
    }
    items.push_back({{"linkId", "phq9-total"}, {"answer", json::array({{{"valueInteger", total}}})}});
    return {{"resourceType", "QuestionnaireResponse"},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"},
            {"status", "completed"},
            {"subject", {{"reference", patientRef}}},
            {"authored", "2024-05-01T10:00:00Z"},
            {"item", items}};
}

// ---- seeding --------------------------------------------------------------------------------

void seedCaseload(hb::Pg& pg, int patients)
{
    const std::string lastUpdated = R"(to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))";
    json patient = {{"resourceType", "Patient"},
                    {"name", json::array({{{"family", "Synthetic"}, {"given", json::array({"Test"})}}})},
                    {"gender", "female"},
                    {"birthDate", "1970-01-01"}};
    json response = submission("Patient/x", 1);
    response.erase("subject");
    pg.run("BEGIN");
    pg.run("CREATE TEMP TABLE seeded ON COMMIT DROP AS"
           " SELECT g, 'sb-p-' || g AS id, 'Patient' AS type, 'Patient/sb-p-' || g AS compartment,"
           " clock_timestamp() AS ts FROM generate_series(1, $1::integer) g",
           {std::to_string(patients)});
    pg.run("INSERT INTO seeded SELECT p.g * 100 + k, 'sb-q-' || p.g || '-' || k, 'QuestionnaireResponse',"
           " 'Patient/sb-p-' || p.g, clock_timestamp() FROM seeded p, generate_series(1, $1::integer) k",
           {std::to_string(kResourcesPerPatient - 1)});
    pg.run("INSERT INTO resource_versions (resource_type, resource_id, version_id, last_updated, is_deleted, method, content)"
           " SELECT s.type, s.id, 1, s.ts, false, 'POST',"
           " (CASE WHEN s.type = 'Patient' THEN $1::jsonb || jsonb_build_object('identifier', jsonb_build_array("
           "   jsonb_build_object('system', 'https://fhir.nhs.uk/Id/nhs-number', 'value', (9990000000 + s.g)::text)))"
           "  ELSE $2::jsonb || jsonb_build_object('subject', jsonb_build_object('reference', s.compartment),"
           "   'identifier', jsonb_build_object('system', 'urn:avocet:client-id', 'value', s.id)) END)"
           " || jsonb_build_object('id', s.id, 'meta', jsonb_build_object('versionId', '1', 'lastUpdated', " +
               lastUpdated + "))"
           " FROM seeded s ORDER BY s.ts",
           {patient.dump(), response.dump()});
    pg.run("INSERT INTO resources (resource_type, resource_id, version_id, last_updated, is_deleted, seq, compartment, content)"
           " SELECT v.resource_type, v.resource_id, 1, v.last_updated, false, v.seq, s.compartment, v.content"
           " FROM resource_versions v JOIN seeded s ON s.id = v.resource_id AND s.type = v.resource_type");
    pg.run("INSERT INTO resource_identifiers (resource_type, resource_id, system, value)"
           " SELECT r.resource_type, r.resource_id, i->>'system', i->>'value' FROM resources r"
           " CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(r.content->'identifier') WHEN 'array'"
           " THEN r.content->'identifier' ELSE jsonb_build_array(r.content->'identifier') END) i"
           " WHERE r.resource_id LIKE 'sb-%'");
    pg.run("INSERT INTO caseload_members (team_id, patient_ref)"
           " SELECT t.team_id, s.compartment FROM teams t, seeded s WHERE t.name = 'north-community' AND s.type = 'Patient'");
    pg.run("COMMIT");
    pg.run("ANALYZE");
}

// ---- scenarios ------------------------------------------------------------------------------

struct Env
{
    hb::Database db;
    std::unique_ptr<avocet::test::HubProcess> hub;
    std::string nurseToken;
    fs::path dir;
    int patients = 0;
};

std::uint16_t portFor(Env& env, std::unique_ptr<avocet::test::LinkSimulator>& proxy, int latencyMs)
{
    proxy.reset();
    if (latencyMs == 0)
        return env.hub->port();
    proxy = std::make_unique<avocet::test::LinkSimulator>(
        env.hub->port(), avocet::test::LinkProfile::symmetric(0, std::chrono::milliseconds(latencyMs / 2)));
    return proxy->port();
}

// Rewrites a recorded push bundle with fresh client identifiers (so every entry creates again);
// `entries` gets its number of entries. They are random UUIDs like the engine's own, so the hub's
// identifier index sees the same kind of keys from both clients (sequential counters insert at the
// right edge of the b-tree).
std::string refreshIdentifiers(const std::string& body, std::size_t& entries)
{
    json bundle = json::parse(body);
    entries = bundle["entry"].size();
    for (auto& entry : bundle["entry"]) {
        const std::string id = csync::systemRandom()->uuid();
        auto& resource = entry["resource"];
        if (resource["identifier"].is_array())
            resource["identifier"] = json::array({{{"system", csync::kClientIdSystem}, {"value", id}}});
        else
            resource["identifier"] = {{"system", csync::kClientIdSystem}, {"value", id}};
        if (entry["request"].contains("ifNoneExist"))
            entry["request"]["ifNoneExist"] = std::string("identifier=") + csync::kClientIdSystem + "|" + id;
    }
    return bundle.dump();
}

// The bare client's bodies for one run: the recorded bundles with fresh identifiers; `sizes` gets
// their numbers of entries ("500,500").
std::vector<std::string> replayBodies(const std::vector<std::string>& recorded, std::string& sizes)
{
    std::vector<std::string> bodies;
    sizes.clear();
    for (const auto& body : recorded) {
        std::size_t entries = 0;
        bodies.push_back(refreshIdentifiers(body, entries));
        sizes += (sizes.empty() ? "" : ",") + std::to_string(entries);
    }
    return bodies;
}

// A fresh encrypted cache holding `count` queued submissions (new client identifiers).
Cache queuedCache(const Env& env, int count)
{
    Cache cache = freshCache(env.dir, "upload.db");
    {
        csync::SyncStore queue(cache.db);
        (void)cache.db.exec("BEGIN");
        for (int i = 0; i < count; ++i)
            (void)queue.createLocal(submission("Patient/sb-p-" + std::to_string(1 + i % env.patients), i));
        (void)cache.db.exec("COMMIT");
    }
    return cache;
}

// `pairs` engine/bare pairs (bench::pairedRatios: engine first in even pairs, bare first in odd
// ones); the wall figure is the median of the per-pair ratios.
int uploadScenario(Env& env, int count, int latencyMs, int pairs)
{
    std::unique_ptr<avocet::test::LinkSimulator> proxy;
    const std::uint16_t port = portFor(env, proxy, latencyMs);
    const std::string tag = "upload_" + std::to_string(count) + "_" + std::to_string(latencyMs) + "ms";
    std::optional<Cache> cache;        // the engine's queue for the current pair
    std::vector<std::string> recorded; // the bundles of the latest engine push
    std::vector<std::string> bodies;   // what the bare client posts in the current pair
    std::set<std::string> sizeLists;   // entries per bundle of every push either client made
    std::string sizes;
    std::vector<int> engineRequests;
    bool engineComplete = true;
    int bareFailures = 0;

    // Not timed, before either side of a pair runs: close the last pair's cache, queue `count`
    // submissions in a fresh one, and give the bare client the latest engine push's bundles with
    // fresh identifiers. Pair 0 has no push recorded yet; it runs the engine first, and its bare
    // bodies are made from that push right after it.
    auto prepare = [&](int) {
        cache.reset();
        cache.emplace(queuedCache(env, count));
        bodies = replayBodies(recorded, sizes);
        if (!bodies.empty())
            sizeLists.insert(sizes);
    };
    auto viaEngine = [&] {
        csync::SyncConfig config;
        config.pullTypes = {};
        config.pushAudit = false;
        const auto start = std::chrono::steady_clock::now();
        auto engine = makeEngine(cache->db, port, env.nurseToken, config);
        const auto pushing = std::chrono::steady_clock::now();
        auto summary = engine.engine->push();
        trace("engine", "push()", 0, pushing);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        engineRequests.push_back(engine.transport->requests);
        recorded = std::move(engine.transport->bundles);
        if (!(summary && summary->complete && summary->pushed == count)) {
            engineComplete = false;
            std::fprintf(stderr, "engine push incomplete: %s\n", summary ? summary->error.c_str() : summary.message().c_str());
        }
        return seconds;
    };
    auto viaBare = [&] {
        if (bodies.empty()) { // pair 0: replay the push that just ran
            bodies = replayBodies(recorded, sizes);
            sizeLists.insert(sizes);
        }
        const auto start = std::chrono::steady_clock::now();
        hb::Http http(port);
        http.setToken(env.nurseToken);
        std::string answer;
        for (const auto& body : bodies) {
            const auto from = std::chrono::steady_clock::now();
            const int status = http.request("POST", "/", body, answer, {{"Prefer", "return=representation"}});
            trace("bare", "POST /", body.size(), from);
            const json parsed = json::parse(answer, nullptr, false);
            if (status != 200 || !parsed.is_object()) {
                ++bareFailures;
                continue;
            }
            for (const auto& entry : parsed.value("entry", json::array()))
                if (entry["response"].value("status", "").rfind('2', 0) != 0)
                    ++bareFailures;
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };

    const bench::PairedRatios wall = bench::pairedRatios(pairs, prepare, viaEngine, viaBare);
    cache.reset();
    (void)replayBodies(recorded, sizes); // the last push is replayed by no one: only its sizes count
    sizeLists.insert(sizes);

    // Deterministic: the most requests any of the engine's pushes used (they normally all agree).
    const int requests = *std::max_element(engineRequests.begin(), engineRequests.end());
    const bool requestsAgree = *std::min_element(engineRequests.begin(), engineRequests.end()) == requests;
    const int minimum = (count + kMaxBatch - 1) / kMaxBatch;
    std::string perPair;
    for (std::size_t i = 0; i < wall.ratios.size(); ++i) {
        char one[32];
        std::snprintf(one, sizeof one, " %.3f%c", wall.ratios[i], i % 2 == 0 ? 'E' : 'B');
        perPair += one;
    }
    std::fprintf(stderr,
                 "%s: engine %d requests (bundles of %s; minimum %d); %d pairs, median engine %.0f ms (%.0f "
                 "submissions/s), median bare Poco client %.0f ms; per-pair engine/bare min %.3f max %.3f "
                 "(by pair, E engine first, B bare first:%s)%s%s%s%s\n",
                 tag.c_str(), requests, sizes.c_str(), minimum, pairs, wall.medianA * 1000, count / wall.medianA,
                 wall.medianB * 1000, wall.min, wall.max, perPair.c_str(), engineComplete ? "" : " ENGINE INCOMPLETE",
                 bareFailures ? " BARE FAILURES" : "", requestsAgree ? "" : " ENGINE REQUEST COUNTS DIFFER",
                 sizeLists.size() == 1 ? "" : " BUNDLE SIZES DIFFER");
    int misses = 0;
    misses += bench::reportRatio("sync." + tag + "_requests_vs_minimum", static_cast<double>(requests) / minimum, 1.05);
    misses += bench::reportRatio("sync." + tag + "_wall_vs_bare_poco", wall.median, 1.3);
    return misses + (engineComplete ? 0 : 1);
}

int downloadScenario(Env& env, int latencyMs)
{
    std::unique_ptr<avocet::test::LinkSimulator> proxy;
    const std::uint16_t port = portFor(env, proxy, latencyMs);
    Cache cache = freshCache(env.dir, "download.db");
    csync::SyncConfig config;
    config.pushAudit = false;
    // AVOCET_BENCH_LINKED_PAGE=1000 measures the pull with the linked page size the client used
    // before (docs/benchmarks.md compares both in one run).
    if (const char* linked = std::getenv("AVOCET_BENCH_LINKED_PAGE"); linked != nullptr && *linked != '\0')
        config.linkedPageSize = std::atoi(linked);
    const auto start = std::chrono::steady_clock::now();
    auto engine = makeEngine(cache.db, port, env.nurseToken, config);
    auto summary = engine.engine->prepareBriefcase();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int expected = env.patients * kResourcesPerPatient; // at least (uploads add more)
    const int got = summary ? summary->resources : -1;
    const double perSecond = got / seconds;
    std::fprintf(stderr, "download_%dms: %d patients, %d resources (expected %d) in %d requests, %.1f s, %.0f resources/s\n",
                 latencyMs, summary ? summary->patients : -1, got, expected, engine.transport->requests, seconds,
                 perSecond);
    const std::string name = "sync.download_caseload_" + std::to_string(env.patients) + "p_" +
                             std::to_string(expected) + "r_" + std::to_string(latencyMs) + "ms_5000_per_s_vs_measured";
    if (got < expected)
        return 1 + bench::reportRatio(name, 999, 1.0);
    return bench::reportRatio(name, 5000.0 / perSecond, 1.0);
}

// Added latencies to measure: 0, 50 and 150 ms, or AVOCET_BENCH_LATENCIES="0,50".
std::vector<int> latencies()
{
    const char* chosen = std::getenv("AVOCET_BENCH_LATENCIES");
    if (chosen == nullptr || *chosen == '\0')
        return {0, 50, 150};
    std::vector<int> out;
    for (const char* p = chosen; *p != '\0';) {
        char* end = nullptr;
        out.push_back(static_cast<int>(std::strtol(p, &end, 10)));
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p != '\0')
            break;
    }
    return out;
}

// Starts a hub over a throwaway cluster, seeds the caseload and runs `body` (one env per scenario,
// so `avocet_bench sync.download` seeds only what the download needs).
int withSeededHub(const char* name, const std::function<int(Env&)>& body, int patients = 0)
{
    const bool quick = quickMode();
    Env env{hb::Database::create(std::string(name) + "_" + std::to_string(::getpid())), nullptr, {}, {},
            patients > 0 ? patients : (quick ? 2000 : 10000)};
    env.hub = env.db.startHub();
    env.dir = fs::current_path() / ("avocet-bench-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(env.dir);
    fs::create_directories(env.dir);
    {
        hb::Pg pg(env.db.conninfo);
        const auto start = std::chrono::steady_clock::now();
        seedCaseload(pg, env.patients);
        std::fprintf(stderr, "seeded %d patients with %d resources in %.1f s%s\n", env.patients,
                     env.patients * kResourcesPerPatient,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                     quick && patients == 0 ? " (--quick)" : "");
    }
    hb::Http login(env.hub->port());
    env.nurseToken = login.login("bench.nurse");
    const int misses = body(env);
    fs::remove_all(env.dir);
    return misses;
}

int uploadScenarios()
{
    return withSeededHub("syncup", [](Env& env) {
        int misses = 0;
        // Pairs per size: 5 of 1,000; 2 of 10,000 (each pair there is about 30 s, and 2 keep the
        // whole scenario at about twice the single run it replaced).
        const int large = quickMode() ? 2000 : 10000;
        for (int latency : latencies())
            for (const auto& [count, pairs] : {std::pair{1000, 5}, std::pair{large, 2}})
                misses += uploadScenario(env, count, latency, pairs);
        return misses;
    });
}

int downloadScenarios()
{
    return withSeededHub("syncdown", [](Env& env) {
        int misses = 0;
        for (int latency : latencies())
            misses += downloadScenario(env, latency);
        return misses;
    });
}


// ---- a poor mobile link ----------------------------------------------------------------------
//
// `avocet_bench sync.poorlink`: a caseload of 500 patients (each a Patient and 9 recent
// QuestionnaireResponses, 5,000 resources) behind tests/support/LinkSimulator at 1 Mbit/s each way
// with 150 ms one way (RTT 300 ms) and at 384 kbit/s with 300 ms one way (RTT 600 ms, a bad 3G cell):
//   briefcase: a fresh cache, prepareBriefcase() (every default type) — wall time over the floor;
//   upload: a cache already in step with the hub (caught up at full speed, untimed), then 200
//     PHQ-9s completed off-line, each with the Observations its answers stand for (as the desktop
//     queues them), then one syncNow() (push, then the pull of every default type) — wall over floor.
//
// floor = bytes ÷ bandwidth (each way, in turn: a request's bytes leave before its answer's come
// back) + RTT × the fewest requests a FHIR client could use. Bytes are what must move, gzipped
// (gzip -6, one stream per leg, measured in this run):
//   briefcase: down, every resource the briefcase holds afterwards (its server copies), grouped by
//     type; up, nothing counted. Requests: one batch Bundle holding every type's first search
//     page, then one batch per further page the largest type needs at the hub's page limit
//     (2,000): max over types of ceil(n ÷ 2,000).
//   upload: up, the queued resources (as a batch Bundle's entries); down, per entry what the
//     client must learn (status, location with the version, ETag, lastUpdated). Requests: 2 —
//     one batch holding every change, one batch of every type's search and history since the
//     watermark.
// Connection set-up is not in the floor, nor in the simulator (it is on loopback).

constexpr std::int64_t kHubMaxPage = 2000; // server/HubOptions.h maxPageSize

struct PoorLink
{
    const char* name;
    std::int64_t bitsPerSecond;
    int oneWayMs;
};

std::vector<PoorLink> poorLinks()
{
    return {{"1mbit_150ms", 1'000'000, 150}, {"384kbit_300ms", 384'000, 300}};
}

std::size_t gzipped(const std::string& text)
{
    std::ostringstream out;
    {
        Poco::DeflatingOutputStream deflate(out, Poco::DeflatingStreamBuf::STREAM_GZIP);
        deflate << text;
        deflate.close();
    }
    return out.str().size();
}

double floorSeconds(const PoorLink& link, std::size_t upBytes, std::size_t downBytes, std::int64_t requests)
{
    const double bytes = static_cast<double>(upBytes + downBytes);
    return bytes * 8.0 / static_cast<double>(link.bitsPerSecond) + static_cast<double>(requests) * 2.0 * link.oneWayMs / 1000.0;
}

double kib(std::int64_t bytes) { return static_cast<double>(bytes) / 1024.0; }
double kib(std::size_t bytes) { return static_cast<double>(bytes) / 1024.0; }

avocet::test::LinkProfile profileOf(const PoorLink& link)
{
    return avocet::test::LinkProfile::symmetric(link.bitsPerSecond, std::chrono::milliseconds(link.oneWayMs));
}

const avocet::core::forms::Questionnaire& phq9()
{
    static const auto questionnaire = [] {
        std::ifstream in(std::string(AVOCET_BENCH_SOURCE_DIR) + "/resources/templates/phq9-outcome-1.0.0.json");
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = avocet::core::forms::Questionnaire::fromText(text.str());
        if (!parsed)
            hb::die("cannot read the PHQ-9 template: " + parsed.message());
        return std::move(*parsed);
    }();
    return questionnaire;
}

// A completed PHQ-9 as the desktop saves it (template structure, LOINC answers, total, difficulty).
json phq9Response(const std::string& patientRef, int n)
{
    static const char* kAnswers[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
    static const char* kDisplays[] = {"Not at all", "Several days", "More than half the days", "Nearly every day"};
    json items = json::array();
    int total = 0;
    for (int i = 1; i <= 9; ++i) {
        const int code = (i * 7 + n) % 4;
        total += code;
        items.push_back({{"linkId", "phq9-" + std::to_string(i)},
                         {"answer", json::array({{{"valueCoding",
                                                   {{"system", "http://loinc.org"},
                                                    {"code", kAnswers[code]},
                                                    {"display", kDisplays[code]}}}}})}});
    }
    return {{"resourceType", "QuestionnaireResponse"},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"},
            {"status", "completed"},
            {"subject", {{"reference", patientRef}}},
            {"authored", "2026-11-30T10:00:00Z"},
            {"author", {{"display", "Synthetic Nurse"}}},
            {"item", json::array({{{"linkId", "assessment-date"}, {"answer", json::array({{{"valueDate", "2026-11-30"}}})}},
                                  {{"linkId", "phq9-items"}, {"item", items}},
                                  {{"linkId", "phq9-total"}, {"answer", json::array({{{"valueInteger", total}}})}},
                                  {{"linkId", "difficulty"},
                                   {"answer", json::array({{{"valueCoding",
                                                             {{"system", "http://loinc.org"},
                                                              {"code", "LA6573-5"},
                                                              {"display", "Somewhat difficult"}}}}})}}})}};
}

// Queues `forms` PHQ-9s with their derived Observations; returns how many changes were queued.
int queuePhq9s(store::Database& db, int forms, int patients)
{
    csync::SyncStore queue(db);
    (void)db.exec("BEGIN");
    for (int i = 0; i < forms; ++i) {
        const std::string patient = "Patient/sb-p-" + std::to_string(1 + i % patients);
        auto response = queue.createLocal(phq9Response(patient, i));
        if (!response || !response->clientId)
            hb::die("cannot queue a form");
        auto observations = avocet::core::forms::extractObservations(phq9(), response->content, *response->clientId);
        if (!csync::storeDerivedObservations(queue, phq9(), *response->clientId, std::move(observations), patient))
            hb::die("cannot queue a form's observations");
    }
    (void)db.exec("COMMIT");
    return static_cast<int>(*db.queryInt("SELECT count(*) FROM sync_outbox"));
}

// The queued resources as one batch Bundle's entries would carry them, gzipped.
std::size_t queuedBytesGzipped(store::Database& db)
{
    auto st = db.prepare("SELECT r.type, r.content FROM sync_outbox o JOIN sync_resources r"
                         " ON r.type = o.type AND r.local_id = o.local_id ORDER BY o.seq");
    json entries = json::array();
    while (st && *st->step()) {
        json resource = json::parse(st->text(1));
        entries.push_back({{"resource", resource}, {"request", {{"method", "POST"}, {"url", st->text(0)}}}});
    }
    return gzipped(json{{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", entries}}.dump());
}

// What the client must learn of each pushed change: the answer a batch-response entry gives with
// Prefer: return=minimal (from the server copies stored after the push), gzipped.
std::size_t pushAnswersGzipped(store::Database& db, const std::set<std::string>& types)
{
    json entries = json::array();
    auto st = db.prepare("SELECT type, server_id, version_id, last_updated FROM sync_resources"
                         " WHERE origin = 'local' AND server_id IS NOT NULL");
    while (st && *st->step()) {
        if (!types.count(st->text(0)))
            continue;
        const std::string version = st->text(2);
        entries.push_back({{"response",
                            {{"status", "201 Created"},
                             {"location", st->text(0) + "/" + st->text(1) + "/_history/" + version},
                             {"etag", "W/\"" + version + "\""},
                             {"lastModified", st->text(3)}}}});
    }
    return gzipped(json{{"resourceType", "Bundle"}, {"type", "batch-response"}, {"entry", entries}}.dump());
}

// Every resource the briefcase holds, gzipped type by type; `largest` gets the most of one type.
std::size_t briefcaseBytesGzipped(store::Database& db, std::int64_t& largest)
{
    std::size_t total = 0;
    largest = 0;
    auto types = db.prepare("SELECT type, count(*) FROM sync_resources WHERE briefcase = 1 GROUP BY type");
    std::vector<std::string> names;
    while (types && *types->step()) {
        names.push_back(types->text(0));
        largest = std::max<std::int64_t>(largest, types->int64(1));
    }
    for (const auto& type : names) {
        auto st = db.prepare("SELECT content FROM sync_resources WHERE briefcase = 1 AND type = ?");
        st->bindAll(type);
        std::string page = "[";
        while (*st->step())
            page += st->text(0) + ",";
        page.back() = ']';
        total += gzipped(page);
    }
    return total;
}

int poorLinkBriefcase(Env& env, const PoorLink& link)
{
    avocet::test::LinkSimulator sim(env.hub->port(), profileOf(link));
    Cache cache = freshCache(env.dir, "briefcase.db");
    csync::SyncConfig config;
    config.pushAudit = false;
    const auto start = std::chrono::steady_clock::now();
    auto engine = makeEngine(cache.db, sim.port(), env.nurseToken, config);
    auto summary = engine.engine->prepareBriefcase();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!summary)
        hb::die("briefcase failed: " + summary.message());
    std::int64_t largest = 0;
    const std::size_t down = briefcaseBytesGzipped(cache.db, largest);
    const std::int64_t requests = (largest + kHubMaxPage - 1) / kHubMaxPage;
    const double floor = floorSeconds(link, 0, down, requests);
    std::fprintf(stderr,
                 "poorlink briefcase %s: %d patients, %d resources; %d requests, %.1f KiB up / %.1f KiB down on the "
                 "wire, %.2f s; floor %.2f s (%.1f KiB gzipped down, %lld requests)\n",
                 link.name, summary->patients, summary->resources, engine.transport->requests, kib(sim.bytesUp()),
                 kib(sim.bytesDown()), seconds, floor, kib(down), static_cast<long long>(requests));
    const int expected = env.patients * kResourcesPerPatient;
    const std::string name = std::string("sync.poorlink_briefcase_500_vs_floor_") + link.name;
    if (summary->resources < expected)
        return 1 + bench::reportRatio(name, 999, 1.5);
    return bench::reportRatio(name, seconds / floor, 1.5);
}

int poorLinkUpload(Env& env, const PoorLink& link)
{
    constexpr int kForms = 200;
    avocet::test::LinkSimulator sim(env.hub->port(), avocet::test::LinkProfile{});
    Cache cache = freshCache(env.dir, "poorlink-upload.db");
    csync::SyncConfig config;
    config.pushAudit = false;
    {
        // In step with the hub first (untimed, at full speed).
        auto catchUp = makeEngine(cache.db, sim.port(), env.nurseToken, config);
        auto summary = catchUp.engine->syncNow();
        if (!summary || !summary->complete)
            hb::die("catch-up sync failed");
    }
    const int queued = queuePhq9s(cache.db, kForms, env.patients);
    const std::size_t up = queuedBytesGzipped(cache.db);
    sim.setProfile(profileOf(link));
    sim.resetCounters();
    const auto start = std::chrono::steady_clock::now();
    auto engine = makeEngine(cache.db, sim.port(), env.nurseToken, config);
    auto summary = engine.engine->syncNow();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Complete: nothing left queued. `pushed` can exceed `queued` when a change needed a follow-up
    // (the server held a copy without this change's tag, e.g. one it derived itself).
    const bool complete = summary && summary->complete && summary->pending == 0 && summary->pushed >= queued;
    const std::size_t down = pushAnswersGzipped(cache.db, {"QuestionnaireResponse", "Observation"});
    const double floor = floorSeconds(link, up, down, 2);
    std::fprintf(stderr,
                 "poorlink upload %s: %d forms, %d changes pushed (%d queued); %d requests, %.1f KiB up / %.1f KiB down on the "
                 "wire, %.2f s; floor %.2f s (%.1f KiB up, %.1f KiB down gzipped, 2 requests)%s\n",
                 link.name, kForms, summary ? summary->pushed : -1, queued, engine.transport->requests,
                 kib(sim.bytesUp()), kib(sim.bytesDown()), seconds, floor, kib(up), kib(down),
                 complete ? "" : " INCOMPLETE");
    const std::string name = std::string("sync.poorlink_upload_200_vs_floor_") + link.name;
    if (!complete)
        return 1 + bench::reportRatio(name, 999, 1.5);
    return bench::reportRatio(name, seconds / floor, 1.5);
}

int poorLinkScenarios()
{
    return withSeededHub(
        "syncpoor",
        [](Env& env) {
            int misses = 0;
            for (const auto& link : poorLinks()) {
                misses += poorLinkBriefcase(env, link);
                misses += poorLinkUpload(env, link);
            }
            return misses;
        },
        500);
}

} // namespace

AVOCET_BENCHMARK("sync.upload", uploadScenarios);
AVOCET_BENCHMARK("sync.download", downloadScenarios);

AVOCET_BENCHMARK("sync.poorlink", poorLinkScenarios);

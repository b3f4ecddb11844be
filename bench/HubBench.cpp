// avocet-hub: conditional-create transactions of 50 and 500 QuestionnaireResponses and
// paged _lastUpdated search over 100,000 resources, through 1 and 2 real hub processes on loopback,
// against the same SQL statements run straight on PostgreSQL through libpq (the bare database
// time). Every figure: hub wall time / bare wall time for the same resources, target <= 2.
//
// Set-up (not timed): a database of the throwaway cluster (tests/integration/support/TempPostgres),
// migrated by `avocet-hub migrate`; 100,000 QuestionnaireResponses seeded by one INSERT ... SELECT
// generate_series straight into the hub's schema (resource_versions, resources,
// resource_identifiers), each with meta, a client identifier and a PHQ-9 answer set.
#include <algorithm>
#include <atomic>
#include <unistd.h>
#include <thread>

#include "bench/Bench.h"
#include "bench/HubFixture.h"
#include "server/HubSql.h"

namespace bench = avocet::bench;
namespace hb = avocet::bench::hub;
namespace sql = avocet::hub::sql;
using nlohmann::json;

namespace {

constexpr int kSeeded = 100000;
// The columns server/ResourceRepository selects for every resource.
std::string columns()
{
    return sql::resourceColumns("r");
}

std::string instant(const char* column)
{
    return sql::instant(column);
}

// A completed PHQ-9 as the forms engine writes it (answers and the calculated total).
json phq9Response(const std::string& clientId, const std::string& patientRef)
{
    json items = json::array();
    int total = 0;
    for (int i = 1; i <= 9; ++i) {
        const int code = (i * 7 + static_cast<int>(clientId.size())) % 4;
        total += code;
        items.push_back({{"linkId", "phq9-" + std::to_string(i)},
                         {"text", "Over the last 2 weeks, how often have you been bothered by item " + std::to_string(i)},
                         {"answer", json::array({{{"valueCoding",
                                                   {{"system", "http://loinc.org"},
                                                    {"code", "LA6568-" + std::to_string(code)},
                                                    {"display", "Answer " + std::to_string(code)}}}}})}});
    }
    items.push_back({{"linkId", "phq9-total"}, {"text", "Total score"}, {"answer", json::array({{{"valueInteger", total}}})}});
    return {{"resourceType", "QuestionnaireResponse"},
            {"identifier", {{"system", "urn:avocet:client-id"}, {"value", clientId}}},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"},
            {"status", "completed"},
            {"subject", {{"reference", patientRef}}},
            {"authored", "2024-05-01T10:00:00Z"},
            {"item", items}};
}

void seed(hb::Pg& pg)
{
    json base = phq9Response("seed", "Patient/x");
    base.erase("identifier");
    base.erase("subject");
    const std::string lastUpdated = instant("s.ts");
    pg.run("BEGIN");
    pg.run("CREATE TEMP TABLE seeded ON COMMIT DROP AS"
           " SELECT 'hb-seed-' || g AS id, clock_timestamp() AS ts, g FROM generate_series(1, $1::integer) g",
           {std::to_string(kSeeded)});
    pg.run("INSERT INTO resource_versions (resource_type, resource_id, version_id, last_updated, is_deleted, method, content)"
           " SELECT 'QuestionnaireResponse', s.id, 1, s.ts, false, 'POST', $1::jsonb || jsonb_build_object("
           "'id', s.id, 'meta', jsonb_build_object('versionId', '1', 'lastUpdated', " + lastUpdated + "),"
           "'identifier', jsonb_build_object('system', 'urn:avocet:client-id', 'value', s.id),"
           "'subject', jsonb_build_object('reference', 'Patient/hb-patient-' || (s.g % 5000)))"
           " FROM seeded s ORDER BY s.g",
           {base.dump()});
    pg.run("INSERT INTO resources (resource_type, resource_id, version_id, last_updated, is_deleted, seq, compartment, content)"
           " SELECT resource_type, resource_id, 1, last_updated, false, seq, content->'subject'->>'reference', content"
           " FROM resource_versions WHERE resource_id LIKE 'hb-seed-%'");
    pg.run("INSERT INTO resource_identifiers (resource_type, resource_id, system, value)"
           " SELECT 'QuestionnaireResponse', id, 'urn:avocet:client-id', id FROM seeded");
    pg.run("COMMIT");
    pg.run("ANALYZE");
}

// ---- conditional-create transactions -------------------------------------------------------

std::atomic<long> g_counter{0};

std::string nextClientId()
{
    return "hb-cc-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter.fetch_add(1));
}

// One transaction bundle of `size` conditional creates, as the sync client sends them.
std::string transactionBundle(int size)
{
    json entries = json::array();
    for (int i = 0; i < size; ++i) {
        const std::string id = nextClientId();
        char uuid[40];
        std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012ld", g_counter.load());
        entries.push_back({{"fullUrl", std::string("urn:uuid:") + uuid},
                           {"resource", phq9Response(id, "Patient/hb-patient-" + std::to_string(i % 5000))},
                           {"request",
                            {{"method", "POST"},
                             {"url", "QuestionnaireResponse"},
                             {"ifNoneExist", "identifier=urn:avocet:client-id|" + id}}}});
    }
    return json{{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", entries}}.dump();
}

// The receipt server/EprChannel receiptFor writes for an unroutable submission (same fields and size).
json unroutableReceipt(const std::string& responseId, const std::string& key, const std::string& patient,
                       const std::string& createdAt, const std::string& reason)
{
    return {{"resourceType", "Task"},
            {"identifier", json::array({{{"system", "https://fhir.avocet.example/Id/epr-delivery"}, {"value", key}},
                                        {{"system", "https://fhir.avocet.example/Id/epr-delivery-response"},
                                         {"value", responseId}}})},
            {"status", "failed"},
            {"businessStatus",
             {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/epr-delivery-state"},
                                       {"code", "failed"}}})},
              {"text", "EPR routing: failed: " + reason}}},
            {"intent", "order"},
            {"code", {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/task-type"},
                                                {"code", "epr-delivery"},
                                                {"display", "EPR delivery receipt"}}})}}},
            {"focus", {{"reference", "QuestionnaireResponse/" + responseId + "/_history/1"}}},
            {"authoredOn", createdAt},
            {"owner", {{"display", "EPR routing"}}},
            {"extension", json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/delivery-attempts"},
                                        {"valueInteger", 0}}})},
            {"for", {{"reference", patient}}},
            {"statusReason", {{"text", reason}}},
            {"id", "x"},
            {"meta", {{"versionId", "1"}, {"lastUpdated", ""}}}};
}

// The statements the hub runs for one transaction bundle of `size` conditional creates of
// completed QuestionnaireResponses, in its order, with the statement texts taken from the hub's
// own server/HubSql.h: BEGIN, the write lock, one identifier lookup for the whole bundle
// (findByIdentifiers), then per entry the version write (writeResource: clock, version row,
// current row, identifiers in one statement), the patient read for EPR routing
// (currentResource), the EPR message (insertChannelMessage: the bench patients hold no EPR
// record, so each submission gets one 'unroutable' message) and its receipt Task
// (writeResource), then COMMIT. Prepared once per connection, as the hub prepares them.
void bareTransaction(hb::Pg& pg, int size)
{
    std::vector<std::string> clientIds, systems;
    for (int i = 0; i < size; ++i) {
        clientIds.push_back(nextClientId());
        systems.emplace_back("urn:avocet:client-id");
    }
    const std::string reason = "unroutable: the patient has no record in any EPR";
    pg.run("BEGIN");
    pg.run("SELECT pg_advisory_xact_lock($1::bigint)", {hb::kWriteLockKey});
    PQclear(pg.execPrepared(sql::findByIdentifiers(),
                            {"QuestionnaireResponse", sql::textArray(systems), sql::textArray(clientIds)}));
    for (int i = 0; i < size; ++i) {
        const std::string& clientId = clientIds[static_cast<std::size_t>(i)];
        const std::string resourceId = "bare-" + clientId;
        const std::string patient = "Patient/hb-patient-" + std::to_string(i % 5000);
        json content = phq9Response(clientId, patient);
        content["id"] = resourceId;
        content["meta"] = {{"versionId", "1"}, {"lastUpdated", ""}};
        PQclear(pg.execPrepared(sql::writeResource(),
                                {"QuestionnaireResponse", resourceId, "1", "false", "POST", content.dump(), patient,
                                 sql::textArray({"urn:avocet:client-id"}), sql::textArray({clientId})}));
        PQclear(pg.execPrepared(sql::currentResource(), {"Patient", patient.substr(8)}));
        const std::string key = "avocet-" + resourceId + "-v1-unroutable-0";
        const std::string receiptId = "bare-receipt-" + clientId;
        PGresult* message = pg.execPrepared(sql::insertChannelMessage(), {"none", key, resourceId, "1", patient, receiptId,
                                                                          std::nullopt, std::nullopt, std::nullopt,
                                                                          "failed", reason});
        const std::string createdAt = PQgetvalue(message, 0, 15);
        PQclear(message);
        json task = unroutableReceipt(resourceId, key, patient, createdAt, reason);
        task["id"] = receiptId;
        PQclear(pg.execPrepared(sql::writeResource(),
                                {"Task", receiptId, "1", "false", "POST", task.dump(), patient,
                                 sql::textArray({"https://fhir.avocet.example/Id/epr-delivery",
                                                 "https://fhir.avocet.example/Id/epr-delivery-response"}),
                                 sql::textArray({key, resourceId})}));
    }
    pg.run("COMMIT");
}

template <typename F>
void inThreads(int count, F&& body)
{
    std::vector<std::thread> threads;
    for (int t = 0; t < count; ++t)
        threads.emplace_back([&body, t] { body(t); });
    for (auto& thread : threads)
        thread.join();
}

struct Hubs
{
    hb::Database db;
    std::vector<std::unique_ptr<avocet::test::HubProcess>> processes;
    std::string token;
};

int writeScenario(Hubs& hubs, int bundleSize, int hubCount)
{
    const int resourcesPerRound = 2000;
    const int bundlesPerClient = resourcesPerRound / bundleSize / hubCount;
    std::vector<std::vector<std::string>> bodies(static_cast<std::size_t>(hubCount));
    std::atomic<int> failures{0};
    auto viaHub = [&] {
        inThreads(hubCount, [&](int t) {
            hb::Http http(hubs.processes[static_cast<std::size_t>(t)]->port());
            http.setToken(hubs.token);
            std::string answer;
            for (const auto& body : bodies[static_cast<std::size_t>(t)]) {
                if (http.request("POST", "/", body, answer) != 200)
                    failures.fetch_add(1);
            }
        });
    };
    auto bare = [&] {
        inThreads(hubCount, [&](int) {
            hb::Pg pg(hubs.db.conninfo);
            for (int b = 0; b < bundlesPerClient; ++b)
                bareTransaction(pg, bundleSize);
        });
    };
    // Bodies are built before each timed hub run (fresh client identifiers, so every entry creates).
    auto prepare = [&] {
        for (auto& list : bodies) {
            list.clear();
            for (int b = 0; b < bundlesPerClient; ++b)
                list.push_back(transactionBundle(bundleSize));
        }
    };
    std::vector<double> hubTimes, bareTimes;
    for (int round = 0; round < 3; ++round) {
        prepare();
        if (round % 2 == 0) {
            hubTimes.push_back(bench::medianSeconds(1, viaHub));
            bareTimes.push_back(bench::medianSeconds(1, bare));
        } else {
            bareTimes.push_back(bench::medianSeconds(1, bare));
            hubTimes.push_back(bench::medianSeconds(1, viaHub));
        }
    }
    std::sort(hubTimes.begin(), hubTimes.end());
    std::sort(bareTimes.begin(), bareTimes.end());
    const double hubTime = hubTimes[1], bareTime = bareTimes[1];
    const int resources = bundlesPerClient * bundleSize * hubCount;
    const int requests = bundlesPerClient * hubCount;
    std::fprintf(stderr,
                 "tx%d x%d hub(s): %d resources in %d transactions; hub %.0f ms (%.1f req/s, %.0f resources/s), "
                 "bare SQL %.0f ms (%.0f resources/s)%s\n",
                 bundleSize, hubCount, resources, requests, hubTime * 1000, requests / hubTime, resources / hubTime,
                 bareTime * 1000, resources / bareTime, failures ? " SOME REQUESTS FAILED" : "");
    if (failures)
        return 1 + bench::reportRatio("hub.conditional_create_tx" + std::to_string(bundleSize) + "_" +
                                          std::to_string(hubCount) + "hub_vs_bare_sql",
                                      999, 2.0);
    return bench::reportRatio("hub.conditional_create_tx" + std::to_string(bundleSize) + "_" +
                                  std::to_string(hubCount) + "hub_vs_bare_sql",
                              hubTime / bareTime, 2.0);
}

// ---- paged _lastUpdated search ------------------------------------------------------------

std::string nextLink(const std::string& body)
{
    static const std::string marker = R"("relation":"next","url":")";
    const auto at = body.find(marker);
    if (at == std::string::npos)
        return {};
    const auto start = at + marker.size();
    std::string url = body.substr(start, body.find('"', start) - start);
    const auto path = url.find('/', url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
    return path == std::string::npos ? url : url.substr(path);
}

int searchScenario(Hubs& hubs, int hubCount, const std::vector<std::string>& bounds)
{
    // Client t pages through [bounds[t], bounds[t+1]) with the sync client's own query
    // (core/sync SyncEngine::pullType, SyncConfig defaults): sorted by _lastUpdated, 1,000 a page
    // (SyncConfig::pageSize, the hub's maxPageSize) and _total=none, so no side counts the matches.
    // The bare side runs the statements the hub runs for that query: the keyset page, one row more
    // than the page to know whether a next page exists.
    const int pageSize = 1000;
    std::vector<std::pair<std::string, std::string>> slices;
    for (int t = 0; t < hubCount; ++t)
        slices.emplace_back(bounds[static_cast<std::size_t>(t * 2 / hubCount)],
                            bounds[static_cast<std::size_t>((t + 1) * 2 / hubCount)]);
    std::atomic<long> hubSeen{0}, bareSeen{0};
    std::atomic<int> hubPages{0};
    auto viaHub = [&] {
        hubSeen = 0;
        hubPages = 0;
        inThreads(hubCount, [&](int t) {
            hb::Http http(hubs.processes[static_cast<std::size_t>(t)]->port());
            http.setToken(hubs.token);
            const auto& [from, to] = slices[static_cast<std::size_t>(t)];
            std::string target = "/QuestionnaireResponse?_sort=_lastUpdated&_count=" + std::to_string(pageSize) +
                                 "&_total=none&_lastUpdated=ge" + from + "&_lastUpdated=lt" + to;
            std::string answer;
            while (!target.empty()) {
                if (http.request("GET", target, {}, answer) != 200)
                    hb::die("search failed: " + answer.substr(0, 300));
                hubPages.fetch_add(1);
                long matches = 0;
                for (auto at = answer.find("\"search\":{\"mode\":\"match\"}"); at != std::string::npos;
                     at = answer.find("\"search\":{\"mode\":\"match\"}", at + 1))
                    ++matches;
                hubSeen.fetch_add(matches);
                target = nextLink(answer);
            }
        });
    };
    auto bare = [&] {
        bareSeen = 0;
        inThreads(hubCount, [&](int t) {
            hb::Pg pg(hubs.db.conninfo);
            const auto& [from, to] = slices[static_cast<std::size_t>(t)];
            const std::string where = " FROM resources r WHERE r.resource_type = $1 AND NOT r.is_deleted"
                                      " AND r.last_updated >= $2::timestamptz AND r.last_updated < $3::timestamptz";
            std::string cursor;
            while (true) {
                PGresult* rows =
                    cursor.empty()
                        ? pg.exec("SELECT " + columns() + where + " ORDER BY r.seq LIMIT $4::integer",
                                  {"QuestionnaireResponse", from, to, std::to_string(pageSize + 1)})
                        : pg.exec("SELECT " + columns() + where + " AND r.seq > $4::bigint ORDER BY r.seq LIMIT $5::integer",
                                  {"QuestionnaireResponse", from, to, cursor, std::to_string(pageSize + 1)});
                const int n = PQntuples(rows);
                bareSeen.fetch_add(std::min(n, pageSize));
                if (n > pageSize)
                    cursor = PQgetvalue(rows, pageSize - 1, 5);
                PQclear(rows);
                if (n <= pageSize)
                    break;
            }
        });
    };
    const auto [hubTime, bareTime] = bench::alternate(3, viaHub, bare);
    std::fprintf(stderr,
                 "search x%d hub(s): hub %ld resources in %d pages, %.0f ms (%.1f req/s, %.0f resources/s); bare SQL "
                 "%ld resources, %.0f ms (%.0f resources/s)\n",
                 hubCount, hubSeen.load(), hubPages.load(), hubTime * 1000, hubPages / hubTime, static_cast<double>(hubSeen.load()) / hubTime,
                 bareSeen.load(), bareTime * 1000, static_cast<double>(bareSeen.load()) / bareTime);
    const std::string name = "hub.search_lastUpdated_100k_" + std::to_string(hubCount) + "hub_vs_bare_sql";
    if (hubSeen != kSeeded || bareSeen != kSeeded) {
        std::fprintf(stderr, "search returned %ld (hub) / %ld (bare) resources, expected %d\n", hubSeen.load(),
                     bareSeen.load(), kSeeded);
        return 1 + bench::reportRatio(name, 999, 2.0);
    }
    // Per resource: both sides read the same 100,000.
    return bench::reportRatio(name, hubTime / bareTime, 2.0);
}

int hubScenario()
{
    Hubs hubs{hb::Database::create("hubbench_" + std::to_string(::getpid())), {}, {}};
    hubs.processes.push_back(hubs.db.startHub());
    hubs.processes.push_back(hubs.db.startHub());
    hb::Pg pg(hubs.db.conninfo);
    const auto seedStart = std::chrono::steady_clock::now();
    seed(pg);
    std::fprintf(stderr, "seeded %d QuestionnaireResponses in %.1f s\n", kSeeded,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - seedStart).count());
    // Range bounds of the seed: first, median and one microsecond past the last lastUpdated.
    const std::string first = pg.scalar("SELECT " + instant("min(last_updated)") +
                                        " FROM resources WHERE resource_id LIKE 'hb-seed-%'");
    const std::string middle = pg.scalar("SELECT " + instant("last_updated") +
                                         " FROM resources WHERE resource_id LIKE 'hb-seed-%' ORDER BY seq OFFSET $1::integer LIMIT 1",
                                         {std::to_string(kSeeded / 2)});
    const std::string end = pg.scalar("SELECT " + instant("(max(last_updated) + interval '1 microsecond')") +
                                      " FROM resources WHERE resource_id LIKE 'hb-seed-%'");
    hb::Http login(hubs.processes[0]->port());
    hubs.token = login.login("bench.admin");

    int misses = 0;
    // Searches first, over exactly the seeded 100,000 (the writes below add more).
    for (int hubCount : {1, 2})
        misses += searchScenario(hubs, hubCount, {first, middle, end});
    for (int size : {50, 500})
        for (int hubCount : {1, 2})
            misses += writeScenario(hubs, size, hubCount);
    return misses;
}

} // namespace

AVOCET_BENCHMARK("hub.fhir_on_postgres", hubScenario);

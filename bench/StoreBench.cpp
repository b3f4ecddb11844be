// Encrypted cache vs the same SQLCipher build without a key; unlock vs a bare Argon2id derivation.
#include <filesystem>
#include <random>
#include <unistd.h>

#include "bench/Bench.h"
#include "core/crypto/KeyWrap.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/Migrations.h"
#include "core/store/PatientStore.h"
#include "core/store/ProfileStore.h"

namespace fs = std::filesystem;
using namespace avocet::core;
namespace bench = avocet::bench;

namespace {

fs::path benchDir(const std::string& tag)
{
    fs::path dir = fs::current_path() / ("avocet-bench-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

store::Database openDb(const fs::path& path, const crypto::SecureBuffer* key)
{
    fs::remove(path);
    fs::remove(path.string() + "-wal");
    fs::remove(path.string() + "-shm");
    auto db = key ? store::Database::open(path, *key, store::Database::Mode::CreateIfMissing)
                  : store::Database::openUnencryptedForBenchmark(path);
    if (!db || !store::applyMigrations(*db, store::cacheMigrations()).ok()) {
        std::fprintf(stderr, "cannot open benchmark database\n");
        std::exit(1);
    }
    return std::move(*db);
}

int storeScenario()
{
    const fs::path dir = benchDir("store");
    identity::SyntheticOptions options;
    options.count = 100000;
    const auto patients = identity::generateSyntheticPatients(options);
    const auto key = crypto::SecureBuffer::random(32);

    // Bulk insert of 100k rows in transactions of 500, alternating encrypted and plain.
    const auto [encryptedInsert, plainInsert] = bench::alternate(
        3,
        [&] {
            auto db = openDb(dir / "enc.db", &key);
            (void)store::PatientStore(db).upsert(patients, 500);
        },
        [&] {
            auto db = openDb(dir / "plain.db", nullptr);
            (void)store::PatientStore(db).upsert(patients, 500);
        });
    std::fprintf(stderr, "insert: encrypted %.0f ms, plain %.0f ms\n", encryptedInsert * 1000, plainInsert * 1000);
    int misses = bench::reportRatio("store.insert_100k_tx500_encrypted_vs_plain", encryptedInsert / plainInsert, 1.25);

    // Point reads by id once the pages are cached (the working set fits SQLite's page cache).
    auto enc = store::Database::open(dir / "enc.db", key);
    auto plain = store::Database::openUnencryptedForBenchmark(dir / "plain.db");
    (void)enc->exec("PRAGMA cache_size = -65536");
    (void)plain->exec("PRAGMA cache_size = -65536");
    std::mt19937 rng(7);
    std::vector<std::string> ids;
    for (int i = 0; i < 20000; ++i)
        ids.push_back(patients[rng() % patients.size()].id);
    auto reads = [&ids](store::Database& db) {
        auto stmt = db.prepare("SELECT family_name, birth_date FROM patients WHERE id = ?");
        std::size_t bytes = 0;
        for (const auto& id : ids) {
            stmt->bind(1, id);
            if (*stmt->step())
                bytes += stmt->text(0).size();
            (void)stmt->reset();
        }
        if (bytes == 0)
            std::fprintf(stderr, "no rows read\n");
    };
    reads(*enc); // warm both caches
    reads(*plain);
    const auto [encRead, plainRead] = bench::alternate(7, [&] { reads(*enc); }, [&] { reads(*plain); });
    misses += bench::reportRatio("store.cached_point_reads_encrypted_vs_plain", encRead / plainRead, 1.1);
    (void)enc->close();
    (void)plain->close();
    fs::remove_all(dir);
    return misses;
}

int unlockScenario()
{
    const fs::path dir = benchDir("unlock");
    store::ProfileStore profiles(dir);
    const crypto::KdfParams params = crypto::KdfParams::moderate();
    if (!profiles.create("bench", "benchmark passphrase", params).ok())
        return 1;
    {
        auto cache = profiles.unlock("bench", "benchmark passphrase", "bench");
        identity::SyntheticOptions options;
        options.count = 5000;
        (void)(*cache)->patients().upsert(identity::generateSyntheticPatients(options));
    }
    const auto [unlock, bare] = bench::alternate(
        5,
        [&] {
            auto cache = profiles.unlock("bench", "benchmark passphrase", "bench");
            if (!cache)
                std::fprintf(stderr, "unlock failed: %s\n", cache.message().c_str());
        },
        [&] { (void)crypto::deriveKey("benchmark passphrase", params); });
    // Target: unlock <= 1.1 x bare derivation + 5 ms, expressed as a ratio to the bare derivation.
    const double limit = (1.1 * bare + 0.005) / bare;
    std::fprintf(stderr, "unlock %.1f ms, bare Argon2id %.1f ms\n", unlock * 1000, bare * 1000);
    const int misses = bench::reportRatio("store.unlock_vs_bare_argon2id", unlock / bare, limit);
    fs::remove_all(dir);
    return misses;
}

} // namespace

AVOCET_BENCHMARK("store", storeScenario);
AVOCET_BENCHMARK("unlock", unlockScenario);

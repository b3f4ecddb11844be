// SECURITY-RELIABILITY.md points 1, 2, 3, 4, 5, 6, 7 and 11 at the store level, on real files.
#include <atomic>
#include <cerrno>
#include <cstdio>

#include <gtest/gtest.h>

#include "core/common/Files.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include "core/identity/NhsNumber.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "tests/support/FileScan.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::store;
using avocet::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "correct horse battery";
constexpr const char* kCanary = "ZZCANARY-6f1c2a9e-3b7d-4c55-9e0a-1d2f3a4b5c6d";

std::vector<identity::Patient> seedPatients(int count)
{
    identity::SyntheticOptions options;
    options.count = count;
    options.canary = kCanary;
    auto patients = identity::generateSyntheticPatients(options);
    // Names and free text that can only come from these rows.
    patients[0].familyName = "Zzcanaryfamily";
    patients[0].givenName = "Zzcanarygiven";
    return patients;
}

// Every string that must never be readable on disk: the canaries, NHS numbers in both forms.
std::vector<std::string> secrets(const std::vector<identity::Patient>& patients)
{
    std::vector<std::string> needles = {kCanary, "ZZCANARY", "Zzcanaryfamily", "Zzcanarygiven", "9990000018",
                                        "999 000 0018"};
    for (std::size_t i = 0; i < patients.size(); i += patients.size() / 50 + 1) {
        needles.push_back(*patients[i].nhsNumber);
        needles.push_back(identity::formatNhsNumber(*patients[i].nhsNumber));
    }
    return needles;
}

class ProfileSecurity : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(store.create("alice", kPassphrase, crypto::KdfParams::minimal()).ok());
    }
    fs::path aliceDir() const { return store.directoryOf("alice"); }
    std::unique_ptr<Cache> unlockAlice()
    {
        auto cache = store.unlock("alice", kPassphrase, "test");
        EXPECT_TRUE(cache.ok()) << cache.message();
        return cache.ok() ? std::move(*cache) : nullptr;
    }

    TempDir dir{"profiles"};
    ProfileStore store{dir.path()};
};

} // namespace

TEST_F(ProfileSecurity, KeepsEachUserInAnOwnerOnlyFolder)
{
    EXPECT_EQ(fs::status(aliceDir()).permissions() & fs::perms::all, fs::perms::owner_all);
    for (const auto& [name, state] : avocet::test::snapshotDirectory(aliceDir()))
        EXPECT_EQ(state.mode & 077u, 0u) << name << " is readable by others";
}

TEST_F(ProfileSecurity, LeavesNoPlaintextOnDiskWhileOpenAfterLockAndAfterKill)
{
    const auto patients = seedPatients(2000);
    const auto needles = secrets(patients);
    {
        auto cache = unlockAlice();
        ASSERT_TRUE(cache);
        ASSERT_TRUE(cache->patients().upsert(patients).ok());
        // Open, with committed pages still in the WAL.
        ASSERT_TRUE(fs::exists(aliceDir() / "cache.db-wal"));
        EXPECT_EQ(avocet::test::findInFiles(aliceDir(), needles), std::vector<std::string>{});
    }
    EXPECT_EQ(avocet::test::findInFiles(aliceDir(), needles), std::vector<std::string>{});

    // kill -9 in the middle of writing: a child seeds more rows and is killed with the cache open.
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ProfileStore childStore(dir.path());
        auto cache = childStore.unlock("alice", kPassphrase, "test");
        if (!cache)
            ::_exit(3);
        identity::SyntheticOptions more;
        more.count = 500;
        more.firstSerial = 5000;
        more.canary = kCanary;
        more.seed = 99;
        (void)(*cache)->patients().upsert(identity::generateSyntheticPatients(more));
        (void)!::write(ready[1], "k", 1);
        ::pause();
        ::_exit(0);
    }
    char signal = 0;
    ASSERT_EQ(::read(ready[0], &signal, 1), 1);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(ready[0]);
    ::close(ready[1]);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_TRUE(fs::exists(aliceDir() / "cache.db-wal"));
    EXPECT_EQ(avocet::test::findInFiles(aliceDir(), needles), std::vector<std::string>{});

    // And the killed session's committed rows survived.
    auto cache = unlockAlice();
    ASSERT_TRUE(cache);
    EXPECT_EQ(*cache->patients().count(), 2500);
}

TEST_F(ProfileSecurity, MakesTheDatabaseLookRandomToPlainSqlite)
{
    {
        auto cache = unlockAlice();
        ASSERT_TRUE(cache->patients().upsert(seedPatients(100)).ok());
    }
    const std::string bytes = avocet::test::readFile(aliceDir() / "cache.db");
    ASSERT_GE(bytes.size(), 4096u);
    EXPECT_NE(bytes.substr(0, 15), "SQLite format 3");
    // Opened without the key, nothing can be listed.
    auto plain = Database::openUnencryptedForBenchmark(aliceDir() / "cache.db");
    EXPECT_FALSE(plain.ok());
    EXPECT_EQ(plain.code(), ErrorCode::StoreNotADatabase);
}

TEST_F(ProfileSecurity, WrongPassphraseTouchesNoFileAndIsThrottled)
{
    { auto cache = unlockAlice(); }
    const auto before = avocet::test::snapshotDirectory(aliceDir());
    ASSERT_EQ(before.count("cache.db"), 1u);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto cache = store.unlock("alice", "Correct horse battery", "test");
        ASSERT_FALSE(cache.ok());
        EXPECT_EQ(cache.code(), ErrorCode::WrongPassphrase) << "attempt " << attempt;
        EXPECT_NE(cache.message().find("passphrase"), std::string::npos);
    }
    // Throttled now: even the right passphrase waits, and is told for how long.
    auto throttled = store.unlock("alice", kPassphrase, "test");
    EXPECT_EQ(throttled.code(), ErrorCode::Throttled);
    EXPECT_NE(throttled.message().find("seconds"), std::string::npos);

    const auto after = avocet::test::snapshotDirectory(aliceDir());
    ASSERT_EQ(before.size(), after.size());
    for (const auto& [name, state] : before) {
        ASSERT_EQ(after.count(name), 1u) << name << " disappeared";
        EXPECT_EQ(after.at(name).sha256, state.sha256) << name << " was rewritten";
        EXPECT_EQ(after.at(name).mtimeNs, state.mtimeNs) << name << " was touched";
    }
}

TEST_F(ProfileSecurity, DetectsATamperedPageAndKeepsTheFile)
{
    {
        auto cache = unlockAlice();
        ASSERT_TRUE(cache->patients().upsert(seedPatients(1500)).ok());
    }
    const fs::path db = aliceDir() / "cache.db";
    const auto size = fs::file_size(db);
    ASSERT_GT(size, 8192u * 4);
    {
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(4096 * 5 + 700));
        char c = 0;
        f.read(&c, 1);
        f.seekp(static_cast<std::streamoff>(4096 * 5 + 700));
        c = static_cast<char>(c ^ 0x20);
        f.write(&c, 1);
    }
    auto cache = store.unlock("alice", kPassphrase, "test");
    if (cache.ok()) {
        auto verified = (*cache)->verifyIntegrity();
        EXPECT_FALSE(verified.ok());
        EXPECT_EQ(verified.code(), ErrorCode::StoreCorrupt);
        EXPECT_NE(verified.message().find("damaged"), std::string::npos);
    } else {
        EXPECT_EQ(cache.code(), ErrorCode::StoreCorrupt) << cache.message();
    }
    EXPECT_TRUE(fs::exists(db));
    EXPECT_EQ(fs::file_size(db), size);
}

TEST_F(ProfileSecurity, ChangingThePassphraseLeavesTheDatabaseBytesUntouched)
{
    { auto cache = unlockAlice(); ASSERT_TRUE(cache->patients().upsert(seedPatients(200)).ok()); }
    const auto before = avocet::test::snapshotDirectory(aliceDir());
    ASSERT_TRUE(store.changePassphrase("alice", kPassphrase, "a brand new passphrase").ok());
    const auto after = avocet::test::snapshotDirectory(aliceDir());
    EXPECT_EQ(after.at("cache.db").sha256, before.at("cache.db").sha256);
    EXPECT_NE(after.at("key.json").sha256, before.at("key.json").sha256);
    EXPECT_EQ(store.unlock("alice", kPassphrase, "test").code(), ErrorCode::WrongPassphrase);
    auto cache = store.unlock("alice", "a brand new passphrase", "test");
    ASSERT_TRUE(cache.ok()) << cache.message();
    EXPECT_EQ(*(*cache)->patients().count(), 200);
}

TEST_F(ProfileSecurity, RekeyRewritesEveryPageAndKeepsTheData)
{
    { auto cache = unlockAlice(); ASSERT_TRUE(cache->patients().upsert(seedPatients(1000)).ok()); }
    const std::string oldBytes = avocet::test::readFile(aliceDir() / "cache.db");
    const std::string oldKeyFile = avocet::test::readFile(aliceDir() / "key.json");
    ASSERT_TRUE(store.rekey("alice", kPassphrase).ok());
    const std::string newBytes = avocet::test::readFile(aliceDir() / "cache.db");
    EXPECT_NE(avocet::test::readFile(aliceDir() / "key.json"), oldKeyFile);
    const std::size_t pages = std::min(oldBytes.size(), newBytes.size()) / 4096;
    ASSERT_GT(pages, 10u);
    std::size_t samePages = 0;
    for (std::size_t i = 0; i < pages; ++i)
        samePages += oldBytes.compare(i * 4096, 4096, newBytes, i * 4096, 4096) == 0 ? 1 : 0;
    EXPECT_EQ(samePages, 0u);
    auto cache = unlockAlice();
    ASSERT_TRUE(cache);
    EXPECT_EQ(*cache->patients().count(), 1000);
    EXPECT_TRUE(cache->verifyIntegrity().ok());
    auto audit = cache->audit().verify();
    ASSERT_TRUE(audit.ok());
    EXPECT_TRUE(audit->intact) << audit->problem;
}

TEST_F(ProfileSecurity, OpensWithTheOldOrTheNewKeyWhateverStepARekeyCrashedIn)
{
    { auto cache = unlockAlice(); ASSERT_TRUE(cache->patients().upsert(seedPatients(300)).ok()); }
    TempDir before("before"), after("after");
    fs::copy(aliceDir(), before.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    ASSERT_TRUE(store.rekey("alice", kPassphrase).ok());
    fs::copy(aliceDir(), after.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);

    auto restore = [&](const std::vector<std::pair<fs::path, std::string>>& files) {
        fs::remove_all(aliceDir());
        fs::create_directories(aliceDir());
        for (const auto& [from, name] : files)
            fs::copy_file(from, aliceDir() / name);
    };
    struct Crash { const char* step; std::vector<std::pair<fs::path, std::string>> files; };
    const std::vector<Crash> crashes = {
        {"after the pending key was written",
         {{before / "cache.db", "cache.db"}, {before / "key.json", "key.json"}, {after / "key.json", "key.json.next"}}},
        {"while the new copy was being written",
         {{before / "cache.db", "cache.db"}, {before / "key.json", "key.json"}, {after / "key.json", "key.json.next"},
          {before / "key.json", "cache.db.rekey"}}},
        {"after the new database replaced the old",
         {{after / "cache.db", "cache.db"}, {before / "key.json", "key.json"}, {after / "key.json", "key.json.next"}}},
        {"after both renames", {{after / "cache.db", "cache.db"}, {after / "key.json", "key.json"}}},
    };
    for (const auto& crash : crashes) {
        restore(crash.files);
        ProfileStore fresh(dir.path());
        auto cache = fresh.unlock("alice", kPassphrase, "test");
        ASSERT_TRUE(cache.ok()) << crash.step << ": " << cache.message();
        EXPECT_EQ(*(*cache)->patients().count(), 300) << crash.step;
        (*cache)->lock();
        EXPECT_FALSE(fs::exists(aliceDir() / "key.json.next")) << crash.step;
        EXPECT_FALSE(fs::exists(aliceDir() / "cache.db.rekey")) << crash.step;
        // And it opens again with the key now on file.
        EXPECT_TRUE(fresh.unlock("alice", kPassphrase, "test").ok()) << crash.step;
    }
}

namespace renames {
// The Nth rename from now fails with EIO (0: none does); counts every rename attempted.
std::atomic<int> failAt{0};
std::atomic<int> seen{0};
int failing(const char* from, const char* to)
{
    if (++seen == failAt.load()) {
        errno = EIO;
        return -1;
    }
    return ::rename(from, to);
}
} // namespace renames

// A rename that fails at any step of a rekey (the pending key written, the new database moved into
// place, the new key moved into place) loses nothing: the rekey reports the failure, and the
// profile opens with its passphrase and all its data, with the old key or the new one.
TEST_F(ProfileSecurity, ARenameThatFailsAtAnyStepOfARekeyLosesNothing)
{
    { auto cache = unlockAlice(); ASSERT_TRUE(cache->patients().upsert(seedPatients(200)).ok()); }
    // How many renames a rekey does.
    renames::failAt = 0;
    renames::seen = 0;
    setRenameFunctionForTesting(&renames::failing);
    ASSERT_TRUE(store.rekey("alice", kPassphrase).ok());
    const int steps = renames::seen.load();
    ASSERT_GE(steps, 3) << "the pending key, the database and the key are each renamed into place";
    for (int step = 1; step <= steps; ++step) {
        renames::failAt = step;
        renames::seen = 0;
        const Status failed = store.rekey("alice", kPassphrase);
        EXPECT_FALSE(failed.ok()) << "rename " << step << " failed but the rekey said it worked";
        setRenameFunctionForTesting(nullptr);
        {
            ProfileStore fresh(dir.path());
            auto cache = fresh.unlock("alice", kPassphrase, "test");
            ASSERT_TRUE(cache.ok()) << "after rename " << step << " failed: " << cache.message();
            EXPECT_EQ(*(*cache)->patients().count(), 200) << step;
            EXPECT_TRUE((*cache)->verifyIntegrity().ok()) << step;
            (*cache)->lock();
        }
        EXPECT_TRUE(fs::exists(aliceDir() / "key.json")) << step;
        setRenameFunctionForTesting(&renames::failing);
    }
    setRenameFunctionForTesting(nullptr);
}

TEST_F(ProfileSecurity, RefusesToStartWithAnythingButSqlCipherFour)
{
    EXPECT_TRUE(checkCipherLibrary().ok()) << checkCipherLibrary().message();
    auto cache = unlockAlice();
    const std::string version = cache->database().cipherVersion();
    EXPECT_EQ(version.rfind("4.6", 0), 0u) << version;
    std::ifstream maps("/proc/self/maps");
    std::string line;
    bool sqlcipherMapped = false;
    while (std::getline(maps, line)) {
        EXPECT_EQ(line.find("libsqlite3.so"), std::string::npos) << line;
        sqlcipherMapped = sqlcipherMapped || line.find("libsqlcipher") != std::string::npos;
    }
    EXPECT_TRUE(sqlcipherMapped);
}

TEST_F(ProfileSecurity, WritesNoTemporaryFilesOutsideTheWhitelist)
{
    TempDir tmp("tmpdir");
    const char* oldTmp = std::getenv("TMPDIR");
    const std::string savedTmp = oldTmp ? oldTmp : "";
    ::setenv("TMPDIR", tmp.path().c_str(), 1);
    ::setenv("SQLITE_TMPDIR", tmp.path().c_str(), 1);
    {
        auto cache = unlockAlice();
        ASSERT_TRUE(cache->patients().upsert(seedPatients(3000)).ok());
        // Work that would spill to temporary files with temp_store=FILE: sorts, indexes, vacuum.
        ASSERT_TRUE(cache->database().exec("CREATE TEMP TABLE scratch AS SELECT * FROM patients ORDER BY notes").ok());
        ASSERT_TRUE(cache->database().exec("CREATE INDEX patients_by_postcode ON patients(postcode)").ok());
        ASSERT_TRUE(cache->patients().search("Smi").ok());
        ASSERT_TRUE(cache->database().exec("VACUUM").ok());
        ASSERT_TRUE(cache->verifyIntegrity().ok());
    }
    ASSERT_TRUE(store.changePassphrase("alice", kPassphrase, "another passphrase").ok());
    ASSERT_TRUE(store.rekey("alice", "another passphrase").ok());
    if (savedTmp.empty()) ::unsetenv("TMPDIR"); else ::setenv("TMPDIR", savedTmp.c_str(), 1);
    ::unsetenv("SQLITE_TMPDIR");

    EXPECT_TRUE(fs::is_empty(tmp.path()));
    const std::set<std::string> whitelist = {"cache.db", "cache.db-wal", "cache.db-shm", "key.json", "profile.lock"};
    for (const auto& entry : fs::directory_iterator(aliceDir()))
        EXPECT_EQ(whitelist.count(entry.path().filename().string()), 1u) << entry.path().filename();
    for (const auto& entry : fs::directory_iterator(dir.path()))
        EXPECT_TRUE(entry.is_directory()) << entry.path().filename() << " outside a user folder";
}

TEST_F(ProfileSecurity, KeepsUsersApartAndRefusesASecondSessionForTheSameUser)
{
    ASSERT_TRUE(store.create("bob", "bobs own passphrase", crypto::KdfParams::minimal()).ok());
    EXPECT_EQ(store.unlock("alice", "bobs own passphrase", "test").code(), ErrorCode::WrongPassphrase);
    // Bob's key cannot open Alice's database even if the files are swapped.
    fs::copy_file(aliceDir() / "cache.db", store.directoryOf("bob") / "cache.db", fs::copy_options::overwrite_existing);
    auto swapped = store.unlock("bob", "bobs own passphrase", "test");
    EXPECT_FALSE(swapped.ok());
    EXPECT_EQ(swapped.code(), ErrorCode::StoreCorrupt);

    auto first = unlockAlice();
    ASSERT_TRUE(first);
    ProfileStore otherProcessView(dir.path());
    auto second = otherProcessView.unlock("alice", kPassphrase, "test");
    EXPECT_EQ(second.code(), ErrorCode::ProfileInUse);
    first->lock();
    EXPECT_TRUE(first->isLocked());
    EXPECT_TRUE(otherProcessView.unlock("alice", kPassphrase, "test").ok());
}

TEST_F(ProfileSecurity, LockClosesTheDatabaseAndRefusesFurtherReads)
{
    auto cache = unlockAlice();
    ASSERT_TRUE(cache->patients().upsert(seedPatients(10)).ok());
    cache->lock();
    EXPECT_TRUE(cache->isLocked());
    auto count = cache->patients().count();
    EXPECT_FALSE(count.ok());
    EXPECT_EQ(count.code(), ErrorCode::ProfileLocked);
    EXPECT_FALSE(fs::exists(aliceDir() / "cache.db-wal"));
}

TEST(ProfileStore, ExplainsAMissingProfileAndABadUserName)
{
    TempDir dir("profiles");
    ProfileStore store(dir.path());
    EXPECT_EQ(store.unlock("nobody", "whatever passphrase", "test").code(), ErrorCode::NotFound);
    EXPECT_EQ(store.create("../escape", "whatever passphrase", crypto::KdfParams::minimal()).code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(store.create("carol", "short", crypto::KdfParams::minimal()).code(), ErrorCode::WeakPassphrase);
    EXPECT_FALSE(fs::exists(dir / "carol"));
    EXPECT_TRUE(fs::is_empty(dir.path()));
}

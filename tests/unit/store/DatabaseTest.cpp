#include <gtest/gtest.h>

#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::store;
using avocet::test::TempDir;

namespace {

Database openFresh(const TempDir& dir, const crypto::SecureBuffer& key)
{
    auto db = Database::open(dir / "test.db", key, Database::Mode::CreateIfMissing);
    EXPECT_TRUE(db.ok()) << db.message();
    return std::move(db).value();
}

} // namespace

TEST(Database, AppliesTheCacheSettingsOnOpen)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    EXPECT_EQ(db.queryText("PRAGMA journal_mode")->value_or(""), "wal");
    EXPECT_EQ(*db.queryInt("PRAGMA synchronous"), 2); // FULL
    EXPECT_EQ(*db.queryInt("PRAGMA temp_store"), 2);  // MEMORY
    EXPECT_EQ(*db.queryInt("PRAGMA secure_delete"), 1);
    EXPECT_EQ(*db.queryInt("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(db.cipherVersion().rfind("4.", 0), 0u) << db.cipherVersion();
}

TEST(Database, RollsBackATransactionThatIsNotCommitted)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    ASSERT_TRUE(db.exec("CREATE TABLE t(x INTEGER)").ok());
    {
        auto tx = Transaction::begin(db);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
    }
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM t"), 0);
    {
        auto tx = Transaction::begin(db);
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES (2)").ok());
        ASSERT_TRUE(tx->commit().ok());
    }
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM t"), 1);
}

TEST(Database, BindsParametersAndReadsColumnsBack)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, n TEXT)").ok());
    auto insert = db.prepare("INSERT INTO t VALUES (?,?,?,?)");
    ASSERT_TRUE(insert.ok());
    insert->bindAll(std::int64_t{42}, 2.5, std::string("O'Brien"), std::optional<std::string>());
    ASSERT_TRUE(insert->run().ok());
    auto select = db.prepare("SELECT i, r, s, n FROM t");
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE(*select->step());
    EXPECT_EQ(select->int64(0), 42);
    EXPECT_DOUBLE_EQ(select->real(1), 2.5);
    EXPECT_EQ(select->text(2), "O'Brien");
    EXPECT_FALSE(select->optionalText(3).has_value());
    EXPECT_FALSE(*select->step());
}

TEST(Database, ReportsSqlErrorsWithoutThrowing)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    auto bad = db.prepare("SELEKT nothing");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.code(), ErrorCode::StoreQueryFailed);
    EXPECT_FALSE(db.exec("INSERT INTO missing VALUES (1)").ok());
}

TEST(Database, RefusesToOpenAMissingFileWithoutCreatingIt)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    auto db = Database::open(dir / "absent.db", key);
    EXPECT_EQ(db.code(), ErrorCode::NotFound);
    EXPECT_FALSE(std::filesystem::exists(dir / "absent.db"));
}

TEST(Migrations, RecordTheSchemaVersionAndEachStepApplied)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    const std::vector<Migration> migrations = {{1, "first", "CREATE TABLE a(x)"}, {2, "second", "CREATE TABLE b(y)"}};
    ASSERT_TRUE(applyMigrations(db, migrations).ok());
    EXPECT_EQ(*db.queryInt("PRAGMA user_version"), 2);
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM schema_migrations"), 2);
    // Re-running is a no-op.
    ASSERT_TRUE(applyMigrations(db, migrations).ok());
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM schema_migrations"), 2);
}

TEST(Migrations, LeaveThePreviousVersionIntactWhenAStepFails)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    const std::vector<Migration> good = {{1, "first", "CREATE TABLE a(x)"}};
    ASSERT_TRUE(applyMigrations(db, good).ok());
    const std::vector<Migration> broken = {
        {1, "first", "CREATE TABLE a(x)"},
        {2, "half-done", "CREATE TABLE c(z); INSERT INTO a VALUES (1); CREATE TABLE a(duplicate)"}};
    const Status st = applyMigrations(db, broken);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), ErrorCode::StoreMigrationFailed);
    EXPECT_NE(st.message().find("half-done"), std::string::npos);
    EXPECT_EQ(*db.queryInt("PRAGMA user_version"), 1);
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM sqlite_master WHERE name = 'c'"), 0);
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM a"), 0);
}

TEST(Migrations, RefuseADatabaseWrittenByANewerVersion)
{
    TempDir dir("db");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    ASSERT_TRUE(db.exec("PRAGMA user_version = 99").ok());
    const Status st = applyMigrations(db, cacheMigrations());
    EXPECT_EQ(st.code(), ErrorCode::StoreMigrationFailed);
    EXPECT_NE(st.message().find("newer"), std::string::npos);
}

#include "core/identity/SyntheticPatients.h"
#include "core/store/PatientStore.h"

TEST(PatientSearch, FindsPatientsByNamePrefixNhsNumberWithOrWithoutSpacesAndDateOfBirth)
{
    TempDir dir("search");
    const auto key = crypto::SecureBuffer::random(32);
    Database db = openFresh(dir, key);
    ASSERT_TRUE(applyMigrations(db, cacheMigrations()).ok());
    identity::SyntheticOptions options;
    options.count = 500;
    auto patients = identity::generateSyntheticPatients(options);
    patients[7].familyName = "O'Brien-Xanthopoulos";
    patients[7].givenName = "Siobhán";
    PatientStore store(db);
    ASSERT_TRUE(store.upsert(patients).ok());

    auto byName = store.search("xanth");
    ASSERT_TRUE(byName.ok()) << byName.message();
    ASSERT_EQ(byName->size(), 1u);
    EXPECT_EQ(byName->front().id, patients[7].id);
    EXPECT_EQ(store.search("siobhan o'brien")->size(), 1u); // accents and punctuation folded

    auto spaced = store.search("999 000 0018");
    ASSERT_TRUE(spaced.ok());
    ASSERT_EQ(spaced->size(), 1u);
    EXPECT_EQ(spaced->front().nhsNumber.value_or(""), "9990000018");
    EXPECT_EQ(store.search("9990000018")->size(), 1u);
    EXPECT_GT(store.search("999 000")->size(), 1u);

    auto byDob = store.search(patients[3].birthDate);
    ASSERT_TRUE(byDob.ok());
    EXPECT_FALSE(byDob->empty());

    // Hostile input is just text: no FTS5 syntax error, no match.
    for (const char* odd : {"\"", "AND OR NOT", "*", "col:val", "(", "a\"b"}) {
        auto r = store.search(odd);
        EXPECT_TRUE(r.ok()) << odd << ": " << r.message();
    }
    // Replacing a row keeps the index in step.
    patients[7].familyName = "Renamed";
    ASSERT_TRUE(store.upsert({patients[7]}).ok());
    EXPECT_TRUE(store.search("xanth")->empty());
    EXPECT_EQ(store.search("renamed")->size(), 1u);
}

#include "tests/support/SyncChecks.h"

#include <gtest/gtest.h>

#include "core/store/Migrations.h"
#include "core/store/ProfileStore.h"

namespace avocet::test {

using nlohmann::json;

SyncCache::SyncCache(const std::string& tag) : dir(tag), key(core::crypto::SecureBuffer::random(32))
{
    auto opened = core::store::Database::open(dir / "cache.db", key, core::store::Database::Mode::CreateIfMissing);
    EXPECT_TRUE(opened.ok()) << opened.message();
    if (!opened.ok())
        return;
    db = std::move(opened).value();
    EXPECT_TRUE(core::store::applyMigrations(db, core::store::cacheMigrations()).ok());
}

std::vector<std::string> queueRecords(core::store::Database& db, int count,
                                      const std::function<nlohmann::json(int)>& make)
{
    std::vector<std::string> ids;
    core::sync::SyncStore queue(db);
    auto tx = core::store::Transaction::begin(db);
    EXPECT_TRUE(tx.ok()) << tx.message();
    if (!tx.ok())
        return {};
    for (int i = 0; i < count; ++i) {
        auto saved = queue.createLocal(make(i));
        EXPECT_TRUE(saved.ok()) << saved.message();
        if (!saved.ok())
            return {};
        ids.push_back(*saved->clientId);
    }
    EXPECT_TRUE(tx->commit().ok());
    return ids;
}

std::vector<std::string> profileWithQueue(const std::filesystem::path& dir, const std::string& user,
                                          const std::string& passphrase, int count,
                                          const std::function<nlohmann::json(int)>& make)
{
    core::store::ProfileStore store(dir);
    const auto created = store.create(user, passphrase, core::crypto::KdfParams::minimal());
    EXPECT_TRUE(created.ok()) << created.message();
    auto cache = store.unlock(user, passphrase);
    EXPECT_TRUE(cache.ok()) << cache.message();
    if (!created.ok() || !cache.ok())
        return {};
    auto ids = queueRecords((*cache)->database(), count, make);
    (*cache)->lock();
    return ids;
}

bool syncUntilComplete(core::sync::SyncEngine& engine, int maxRuns)
{
    for (int run = 0; run < maxRuns; ++run) {
        auto summary = engine.syncNow();
        EXPECT_TRUE(summary.ok()) << summary.message();
        if (!summary.ok())
            return false;
        if (summary->complete)
            return true;
    }
    return false;
}

OnceTally tallyOnce(const std::vector<std::string>& ids, const std::map<std::string, int>& onServer)
{
    OnceTally tally;
    for (const auto& id : ids) {
        const auto found = onServer.find(id);
        if (found == onServer.end())
            ++tally.missing;
        else if (found->second != 1)
            ++tally.doubled;
    }
    return tally;
}

void expectSecondEditBecomesStoredConflict(core::sync::SyncEngine& a, core::sync::SyncEngine& b,
                                           const std::string& patientId,
                                           const std::function<nlohmann::json()>& serverCopy)
{
    auto copyA = *a.store().getByServerId("Patient", patientId);
    auto copyB = *b.store().getByServerId("Patient", patientId);
    ASSERT_TRUE(copyA && copyB) << "both clients must hold the record first";

    auto editA = copyA->content;
    editA["gender"] = "female";
    ASSERT_TRUE(a.store().updateLocal("Patient", copyA->localId, editA).ok());
    auto editB = copyB->content;
    editB["gender"] = "male";
    ASSERT_TRUE(b.store().updateLocal("Patient", copyB->localId, editB).ok());

    auto pushedA = a.push();
    ASSERT_TRUE(pushedA.ok()) << pushedA.message();
    EXPECT_EQ(pushedA->pushed, 1);
    EXPECT_EQ(pushedA->conflicts, 0);
    auto pushedB = b.push();
    ASSERT_TRUE(pushedB.ok()) << pushedB.message();
    EXPECT_EQ(pushedB->conflicts, 1);

    EXPECT_EQ(serverCopy().value("gender", ""), "female") << "the second client must not overwrite";
    const auto conflicts = *b.store().conflicts();
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(json::parse(conflicts[0].localContent).value("gender", ""), "male");
    EXPECT_EQ(json::parse(conflicts[0].serverContent).value("gender", ""), "female");
    EXPECT_EQ(*b.store().pendingCount(), 0);
}

} // namespace avocet::test

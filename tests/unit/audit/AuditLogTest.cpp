#include <gtest/gtest.h>

#include "core/store/ProfileStore.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::store;
using avocet::test::TempDir;

class AuditChain : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(store.create("alice", "correct horse battery", crypto::KdfParams::minimal()).ok());
        auto unlocked = store.unlock("alice", "correct horse battery", "test");
        ASSERT_TRUE(unlocked.ok());
        cache = std::move(*unlocked);
        for (const char* action : {audit::action::Login, audit::action::View, audit::action::Edit,
                                   audit::action::Export, audit::action::Lock})
            ASSERT_TRUE(cache->record(action, std::string("pat-0001")).ok());
    }
    TempDir dir{"audit"};
    ProfileStore store{dir.path()};
    std::unique_ptr<Cache> cache;
};

TEST_F(AuditChain, VerifiesAnUntouchedChain)
{
    auto result = cache->audit().verify();
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->intact) << result->problem;
    EXPECT_EQ(result->events, 7); // profile-create + unlock + 5 recorded
    auto events = cache->audit().events();
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->at(2).action, "login");
    EXPECT_EQ(events->at(2).user, "alice");
    EXPECT_EQ(events->at(2).prevHash, events->at(1).hash);
    EXPECT_FALSE(events->at(2).device.empty());
}

TEST_F(AuditChain, DetectsAnAlteredRow)
{
    ASSERT_TRUE(cache->database().exec("UPDATE audit_log SET action = 'view' WHERE seq = 5").ok());
    auto result = cache->audit().verify();
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->intact);
    EXPECT_EQ(result->firstBadSeq.value_or(0), 5);
    EXPECT_NE(result->problem.find("altered"), std::string::npos);
}

TEST_F(AuditChain, DetectsADeletedMiddleRow)
{
    ASSERT_TRUE(cache->database().exec("DELETE FROM audit_log WHERE seq = 3").ok());
    auto result = cache->audit().verify();
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->intact);
    EXPECT_EQ(result->firstBadSeq.value_or(0), 3);
}

TEST_F(AuditChain, DetectsRowsRemovedFromTheEnd)
{
    ASSERT_TRUE(cache->database().exec("DELETE FROM audit_log WHERE seq >= 6").ok());
    auto result = cache->audit().verify();
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->intact);
    EXPECT_NE(result->problem.find("removed"), std::string::npos);
}

TEST_F(AuditChain, DetectsARecomputedRowThatNoLongerLinks)
{
    // Forge row 4 with a self-consistent hash: the next row's link breaks.
    auto events = cache->audit().events();
    ASSERT_TRUE(events.ok());
    audit::AuditEvent forged = events->at(3);
    ASSERT_EQ(forged.action, "view");
    forged.action = "export";
    forged.hash = audit::AuditLog::computeHash(forged);
    auto update = cache->database().prepare("UPDATE audit_log SET action = ?, hash = ? WHERE seq = 4");
    ASSERT_TRUE(update.ok());
    update->bindAll(forged.action, forged.hash);
    ASSERT_TRUE(update->run().ok());
    auto result = cache->audit().verify();
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->intact);
    EXPECT_EQ(result->firstBadSeq.value_or(0), 5);
}

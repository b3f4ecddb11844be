// Client-side token refresh against a server that rotates refresh tokens (as avocet-hub does):
// whichever way the engine got its first token (login() or loadStoredToken()), an expired access
// token is refreshed once, the request goes through, and the new pair is what the encrypted cache
// holds, so the next run (after a lock/unlock) still signs in with it.

#include "tests/unit/sync/SyncTestSupport.h"

using namespace avocet::core;
using namespace avocet::core::sync;
using avocet::test::SyncTest;
using nlohmann::json;

namespace {
constexpr const char* kUser = "nurse.refresh";
constexpr const char* kPassword = "canary-refresh-password";
} // namespace

class TokenRefresh : public SyncTest
{
protected:
    void SetUp() override
    {
        SyncTest::SetUp();
        server.requireLogin(kUser, kPassword);
    }

    json storedTokens()
    {
        SyncStore store(db);
        auto state = store.state("token:" + server.baseUrl());
        EXPECT_TRUE(state.ok() && state->has_value());
        if (!state.ok() || !state->has_value())
            return json::object();
        return json::parse(**state, nullptr, false);
    }

    std::vector<std::string> queue(SyncEngine& e, int n, const std::string& tag)
    {
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i) {
            auto saved = e.store().createLocal(response("Patient/p1", tag + "-" + std::to_string(i)));
            EXPECT_TRUE(saved.ok()) << saved.message();
            if (saved.ok())
                ids.push_back(*saved->clientId);
        }
        return ids;
    }

    void expectOnServer(const std::vector<std::string>& ids)
    {
        for (const auto& id : ids)
            EXPECT_EQ(server.countByIdentifier("QuestionnaireResponse", kClientIdSystem, id), 1u) << id;
    }

    int refreshes() const { return server.requests("POST", "/auth/refresh"); }

    // The access token has expired: one sync refreshes once, completes, and leaves the rotated
    // pair in the cache (the used refresh token is dead on the server).
    void expectRefreshStoresTheNewPair(SyncEngine& e, const std::string& tag)
    {
        const json before = storedTokens();
        const int refreshesBefore = refreshes();
        const auto ids = queue(e, 3, tag);
        server.expireAccessTokens();
        auto summary = e.syncNow();
        ASSERT_TRUE(summary.ok()) << summary.message();
        EXPECT_TRUE(summary->complete) << summary->error;
        EXPECT_EQ(refreshes(), refreshesBefore + 1);
        expectOnServer(ids);
        const json after = storedTokens();
        EXPECT_NE(after.value("refresh", ""), before.value("refresh", "")) << "the rotated pair was not stored";
        EXPECT_NE(after.value("access", ""), before.value("access", ""));
        EXPECT_TRUE(server.refreshTokenValid(after.value("refresh", "")));
        EXPECT_FALSE(server.refreshTokenValid(before.value("refresh", "")));
        // What login stored about the user is kept.
        EXPECT_EQ(after.value("user", ""), kUser);
        EXPECT_EQ(after.value("role", ""), "clinician");
    }

    // The next run (a new engine on the same cache, as after lock/unlock) syncs with what is stored,
    // and can itself refresh once more with the stored refresh token.
    void expectNextRunSyncs(const std::string& tag)
    {
        auto next = engine();
        ASSERT_TRUE(next->loadStoredToken().ok());
        const auto ids = queue(*next, 2, tag);
        auto summary = next->syncNow();
        ASSERT_TRUE(summary.ok()) << summary.message();
        EXPECT_TRUE(summary->complete) << summary->error;
        expectOnServer(ids);
        expectRefreshStoresTheNewPair(*next, tag + "-again");
    }
};

TEST_F(TokenRefresh, AfterLoginAnExpiredAccessTokenIsRefreshedAndTheNewPairIsStored)
{
    auto e = engine();
    ASSERT_TRUE(e->login(kUser, kPassword).ok());
    expectRefreshStoresTheNewPair(*e, "login");
    expectNextRunSyncs("login-next");
}

TEST_F(TokenRefresh, AfterLoadStoredTokenAnExpiredAccessTokenIsRefreshedAndTheNewPairIsStored)
{
    {
        auto first = engine();
        ASSERT_TRUE(first->login(kUser, kPassword).ok());
    }
    auto e = engine();
    ASSERT_TRUE(e->loadStoredToken().ok());
    expectRefreshStoresTheNewPair(*e, "loaded");
    expectNextRunSyncs("loaded-next");
}

TEST_F(TokenRefresh, ARefreshTheHubRefusesWithAReasonEndsTheSignOnAndForgetsItsTokens)
{
    // Every reason avocet-hub gives for ending a sign-on at refresh: the provider ended its session
    // (back-channel logout), no longer vouches for it, or the directory gives no role any more.
    for (const std::string reason : {"ended-at-provider", "revoked-at-provider", "no-role"}) {
        SCOPED_TRACE(reason);
        server.refuseRefreshes({}, {});
        auto e = engine();
        ASSERT_TRUE(e->login(kUser, kPassword).ok());
        server.refuseRefreshes(reason, "the words of the hub for " + reason);
        server.expireAccessTokens();
        auto summary = e->syncNow();
        ASSERT_TRUE(summary.ok()) << summary.message();
        EXPECT_FALSE(summary->complete);
        EXPECT_EQ(summary->signOnEnded, "the words of the hub for " + reason);
        EXPECT_EQ(summary->signOnEndedReason, reason);
        // The dead tokens are gone from the cache: the next run does not end the sign-on again.
        const json kept = storedTokens();
        EXPECT_EQ(kept.value("access", "?"), "");
        EXPECT_EQ(kept.value("refresh", "?"), "");
        auto next = engine();
        (void)next->loadStoredToken();
        const int refreshesBefore = refreshes();
        auto again = next->syncNow();
        EXPECT_TRUE(!again.ok() || again->signOnEnded.empty()) << again->signOnEnded;
        EXPECT_EQ(refreshes(), refreshesBefore);
    }
    // A refused refresh without a reason (an expired or unknown token) is not an ended sign-on.
    server.refuseRefreshes({}, {});
    auto e = engine();
    ASSERT_TRUE(e->login(kUser, kPassword).ok());
    server.refuseRefreshes("", "refresh token is unknown");
    server.expireAccessTokens();
    const int refreshesBefore = refreshes();
    auto summary = e->syncNow();
    EXPECT_GT(refreshes(), refreshesBefore) << "the refresh was tried and refused";
    EXPECT_TRUE(!summary.ok() || summary->signOnEnded.empty()) << summary->signOnEnded;
    EXPECT_NE(storedTokens().value("refresh", ""), "") << "an ordinary refusal forgets nothing";
}

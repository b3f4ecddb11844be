// Transactional outbox and push: exactly once whatever the network does (SECURITY-RELIABILITY 15–17).

#include "tests/unit/sync/SyncTestSupport.h"

#include <set>

using namespace avocet::core;
using namespace avocet::core::sync;
using avocet::test::Fault;
using avocet::test::FaultRule;
using avocet::test::SyncTest;
using nlohmann::json;

namespace {

std::vector<std::string> queue(SyncStore& store, int n, const std::string& tag)
{
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
        auto saved = store.createLocal(SyncTest::response("Patient/p1", tag + "-" + std::to_string(i)));
        EXPECT_TRUE(saved.ok()) << saved.message();
        ids.push_back(*saved->clientId);
    }
    return ids;
}

} // namespace

class OutboxPush : public SyncTest
{
protected:
    void expectExactlyOnce(const std::vector<std::string>& ids)
    {
        for (const auto& id : ids)
            EXPECT_EQ(server.countByIdentifier("QuestionnaireResponse", kClientIdSystem, id), 1u) << id;
        EXPECT_EQ(server.live("QuestionnaireResponse").size(), ids.size());
        EXPECT_EQ(outboxSize(), 0);
    }

    // An engine that sends bundles of exactly `entries` (so a few changes make several bundles).
    std::unique_ptr<SyncEngine> engineWithBundlesOf(int entries)
    {
        auto c = config();
        c.initialBatchSize = entries;
        c.maxBatchSize = entries;
        return engine(c);
    }

    // Runs sync until the outbox drains (as the app's timer would), at most `runs` times.
    int drain(SyncEngine& e, int runs = 30)
    {
        for (int i = 1; i <= runs; ++i) {
            auto summary = e.syncNow();
            EXPECT_TRUE(summary.ok()) << summary.message();
            if (summary.ok() && summary->pending == 0 && summary->failures == 0)
                return i;
        }
        return -1;
    }
};

TEST_F(OutboxPush, ALocalChangeAndItsOutboxRowCommitTogetherOrNotAtAll)
{
    SyncStore store(db);
    {
        auto tx = store::Transaction::begin(db);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(store.createLocal(response("Patient/p1", "rolled back")).ok());
        tx->rollback();
    }
    EXPECT_EQ(*store.count("QuestionnaireResponse"), 0);
    EXPECT_EQ(outboxSize(), 0);

    auto saved = store.createLocal(response("Patient/p1", "kept"));
    ASSERT_TRUE(saved.ok()) << saved.message();
    EXPECT_EQ(*store.count("QuestionnaireResponse"), 1);
    EXPECT_EQ(outboxSize(), 1);
    ASSERT_TRUE(saved->clientId.has_value());
    EXPECT_EQ(clientIdentifierOf(saved->content), saved->clientId);
    EXPECT_EQ(saved->content["identifier"]["system"], kClientIdSystem); // QR.identifier is 0..1
}

TEST_F(OutboxPush, PushesEveryChangeOnceInOneBatchAndKeepsTheServersCopy)
{
    auto e = engine();
    const auto ids = queue(e->store(), 20, "plain");
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_EQ(summary->pushed, 20);
    EXPECT_TRUE(summary->complete) << summary->error;
    expectExactlyOnce(ids);
    EXPECT_EQ(e->searchBatches(), 1) << "the pull's first pages in one batch";
    EXPECT_EQ(server.requests("POST", "/") - e->searchBatches(), 1); // 20 changes, batch of 50: one round trip
    auto local = e->store().getByClientId("QuestionnaireResponse", ids[0]);
    ASSERT_TRUE(local.ok() && local->has_value());
    EXPECT_TRUE((*local)->serverId.has_value());
    EXPECT_EQ((*local)->versionId, "1");
    EXPECT_EQ(server.connections(), 1) << "one keep-alive connection for the whole sync";
}

TEST_F(OutboxPush, ExactlyOnceUnderRepeatedRandomFailures)
{
    auto c = config();
    c.initialBatchSize = 5;
    c.maxBatchSize = 5;
    c.retry.maxAttempts = 3;
    auto e = engine(c);
    const auto ids = queue(e->store(), 150, "chaos");
    server.setChaos(0.35, 42,
                    {Fault::Status500, Fault::Status503, Fault::TooManyRequests, Fault::Truncate,
                     Fault::DropBeforeCommit, Fault::DropAfterCommit, Fault::Duplicate});
    const int runs = drain(*e, 60);
    EXPECT_GT(runs, 0) << "the queue never drained";
    EXPECT_GT(server.faultsInjected(), 10);
    server.clearFaults();
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, LostResponseAfterTheServerCommittedIsRetriedWithoutADuplicate)
{
    auto e = engine();
    const auto ids = queue(e->store(), 5, "lost");
    server.addFault({"POST", "/", Fault::DropAfterCommit, 0, 2});
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(server.requests("POST", "/") - e->searchBatches(), 3);
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, ConnectionDroppedBeforeCommitLosesNothing)
{
    auto e = engine();
    const auto ids = queue(e->store(), 5, "before");
    server.addFault({"POST", "/", Fault::DropBeforeCommit, 0, 3});
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, LostResponseToAnUpdateIsRecognisedByItsChangeTagNotTakenForAConflict)
{
    const auto stored = server.put(patient("9990000018", "Lost-Update"));
    auto e = engine();
    ASSERT_TRUE(e->syncNow()->complete);
    const std::string id = stored["id"];
    auto local = e->store().getByServerId("Patient", id);
    ASSERT_TRUE(local.ok() && local->has_value());
    auto edited = (*local)->content;
    edited["gender"] = "female";
    ASSERT_TRUE(e->store().updateLocal("Patient", (*local)->localId, edited).ok());

    server.addFault({"POST", "/", Fault::DropAfterCommit, 0, 1});
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->conflicts, 0);
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(server.versionsOf("Patient", id), 2u);
    EXPECT_EQ(server.current("Patient", id)->value("gender", ""), "female");
    EXPECT_TRUE(e->store().conflicts()->empty());
}

TEST_F(OutboxPush, ServerErrorsAnd429AreRetriedWithGrowingJitteredBackoffHonouringRetryAfter)
{
    auto e = engine();
    const auto ids = queue(e->store(), 3, "busy");
    server.addFault({"POST", "/", Fault::Status500, 0, 3});
    FaultRule tooMany{"POST", "/", Fault::TooManyRequests, 0, 1};
    tooMany.retryAfterSeconds = 7;
    server.addFault(tooMany);
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    expectExactlyOnce(ids);
    const auto sleeps = clock->sleeps();
    ASSERT_GE(sleeps.size(), 4u);
    // Equal jitter with uniform()=0.5: 3/4 of 500, 1000, 2000 ms; then Retry-After 7 s wins.
    EXPECT_EQ(sleeps[0].count(), 375);
    EXPECT_EQ(sleeps[1].count(), 750);
    EXPECT_EQ(sleeps[2].count(), 1500);
    EXPECT_GE(sleeps[3].count(), 7000);
}

TEST(Backoff, JitterStaysWithinHalfToFullStepAndCapsAtTheMaximum)
{
    auto random = std::make_shared<avocet::test::FixedRandom>(0.0);
    RetryPolicy policy;
    Backoff low(policy, random);
    EXPECT_EQ(low.delay(1).count(), 250);
    EXPECT_EQ(low.delay(4).count(), 2000);
    random->set(0.999999);
    EXPECT_NEAR(static_cast<double>(low.delay(4).count()), 4000.0, 1.0);
    EXPECT_LE(low.delay(30).count(), policy.maxDelay.count());
    EXPECT_EQ(low.delay(1, Millis(9000)).count(), 9000);
    EXPECT_EQ(parseRetryAfter("120", "")->count(), 120000);
    EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", "Wed, 21 Oct 2015 07:28:00 GMT")->count(), 30000);
    EXPECT_FALSE(parseRetryAfter("soon", "").has_value());
}

TEST_F(OutboxPush, AHangingServerTimesOutAndTheRetryDoesNotDouble)
{
    auto e = engine();
    const auto ids = queue(e->store(), 4, "hang");
    FaultRule hang{"POST", "/", Fault::Hang, 0, 1};
    hang.hang = std::chrono::milliseconds(900); // client gives up at 400 ms; the server commits later
    server.addFault(hang);
    const auto started = std::chrono::steady_clock::now();
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    EXPECT_TRUE(summary->complete) << summary->error;
    std::this_thread::sleep_for(std::chrono::milliseconds(700)); // let the hung request commit
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, TruncatedBodiesAndDuplicateDeliveryAreHarmless)
{
    auto e = engine();
    const auto ids = queue(e->store(), 6, "dup");
    server.addFault({"POST", "/", Fault::Truncate, 0, 1});
    server.addFault({"POST", "/", Fault::Duplicate, 0, 1});
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, OfflineKeepsEverythingQueuedAndTheQueueDrainsWhenTheNetworkReturns)
{
    auto c = config();
    c.retry.maxAttempts = 2;
    auto e = engine(c);
    const auto ids = queue(e->store(), 10, "offline");
    server.addFault({"", "", Fault::DropBeforeCommit, 0, -1});
    auto down = e->syncNow();
    ASSERT_TRUE(down.ok());
    EXPECT_FALSE(down->complete);
    EXPECT_EQ(down->pending, 10);
    EXPECT_EQ(e->status().phase, SyncPhase::Offline);
    EXPECT_EQ(e->status().pending, 10);
    server.clearFaults();
    auto up = e->syncNow();
    ASSERT_TRUE(up.ok());
    EXPECT_TRUE(up->complete) << up->error;
    expectExactlyOnce(ids);
    const auto status = e->status();
    EXPECT_EQ(status.phase, SyncPhase::UpToDate);
    EXPECT_TRUE(status.upToDateAt.has_value());
    EXPECT_EQ(status.pending, 0);
}

TEST_F(OutboxPush, BatchSizeShrinksToWhatTheServerAcceptsAndFallsBackToSingleRequests)
{
    server.setMaxBundleEntries(6);
    auto e = engine();
    const auto ids = queue(e->store(), 30, "size");
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_LE(e->batchSize(), 6);
    expectExactlyOnce(ids);

    server.setBatchSupported(false);
    const auto more = queue(e->store(), 4, "single");
    summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    for (const auto& id : more)
        EXPECT_EQ(server.countByIdentifier("QuestionnaireResponse", kClientIdSystem, id), 1u);
    EXPECT_GE(server.requests("POST", "/QuestionnaireResponse"), 4);
}

TEST_F(OutboxPush, SingleRequestModeIsExactlyOnceUnderLostResponses)
{
    server.setBatchSupported(false);
    auto e = engine();
    const auto ids = queue(e->store(), 8, "single-lost");
    server.addFault({"POST", "/QuestionnaireResponse", Fault::DropAfterCommit, 1, 3});
    const int runs = drain(*e);
    EXPECT_GT(runs, 0);
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, ReferencesToRecordsCreatedOffLineAreRewrittenToServerIds)
{
    auto e = engine();
    auto p = e->store().createLocal(patient("9990000026", "Offline-Registered"));
    ASSERT_TRUE(p.ok());
    auto qr = e->store().createLocal(response("Patient/" + p->localId, "about a new patient"));
    ASSERT_TRUE(qr.ok());
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    auto pushedPatient = e->store().get("Patient", p->localId);
    ASSERT_TRUE(pushedPatient.ok() && pushedPatient->has_value() && (*pushedPatient)->serverId);
    const auto responses = server.live("QuestionnaireResponse");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0]["subject"]["reference"], "Patient/" + *(*pushedPatient)->serverId);
}

// The engine builds the next bundle (and sends it) while the current one is on the wire. What it
// built ahead must not go out before what it depends on: a patient created off-line at the end of
// one bundle and responses about it at the start of the next.
TEST_F(OutboxPush, ABundleBuiltAheadWaitsForTheRecordsItReferences)
{
    auto e = engineWithBundlesOf(4);
    queue(e->store(), 3, "ahead-before");
    auto p = e->store().createLocal(patient("9990000034", "Ahead-Registered"));
    ASSERT_TRUE(p.ok());
    std::vector<std::string> about;
    for (int i = 0; i < 3; ++i) {
        auto qr = e->store().createLocal(response("Patient/" + p->localId, "about " + std::to_string(i)));
        ASSERT_TRUE(qr.ok());
        about.push_back(*qr->clientId);
    }
    queue(e->store(), 9, "ahead-after");
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(summary->pushed, 16);
    EXPECT_EQ(server.requests("POST", "/") - e->searchBatches(), 4); // 16 changes in bundles of 4: nothing sent twice
    auto pushedPatient = e->store().get("Patient", p->localId);
    ASSERT_TRUE(pushedPatient.ok() && pushedPatient->has_value() && (*pushedPatient)->serverId);
    const std::string serverRef = "Patient/" + *(*pushedPatient)->serverId;
    int aboutThePatient = 0;
    for (const auto& qr : server.live("QuestionnaireResponse"))
        if (qr["subject"]["reference"] == serverRef)
            ++aboutThePatient;
    EXPECT_EQ(aboutThePatient, 3);
    EXPECT_EQ(outboxSize(), 0);
}

// A bundle lost after the server committed it, while the next one was already built (or sent):
// everything still reaches the server exactly once.
TEST_F(OutboxPush, ALostBundleWithTheNextOneAlreadyBuiltIsStillExactlyOnce)
{
    auto e = engineWithBundlesOf(5);
    const auto ids = queue(e->store(), 23, "ahead-lost");
    server.addFault({"POST", "/", Fault::DropAfterCommit, 1, 1});
    server.addFault({"POST", "/", Fault::Status500, 3, 1});
    EXPECT_GT(drain(*e), 0);
    expectExactlyOnce(ids);
}

TEST_F(OutboxPush, AnEditMadeWhileAChangeIsInFlightIsNotLost)
{
    auto e = engine();
    auto saved = e->store().createLocal(response("Patient/p1", "first words"));
    ASSERT_TRUE(saved.ok());
    // Simulate an edit racing the push: bump the row's revision after the body was read, via a
    // second edit between two syncs where the first sync's answer is lost.
    server.addFault({"POST", "/", Fault::DropAfterCommit, 0, 1});
    auto c = config();
    c.retry.maxAttempts = 1;
    auto once = engine(c);
    auto first = once->syncNow();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->pending, 1);
    auto edited = saved->content;
    edited["item"][0]["answer"][0]["valueString"] = "second words";
    ASSERT_TRUE(e->store().updateLocal("QuestionnaireResponse", saved->localId, edited).ok());
    auto second = e->syncNow();
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->complete) << second->error;
    const auto live = server.live("QuestionnaireResponse");
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live[0]["item"][0]["answer"][0]["valueString"], "second words");
}

TEST_F(OutboxPush, RefusedChangesAreKeptWithTheReasonAndCanBeRetried)
{
    auto e = engine();
    auto bad = e->store().createLocal({{"resourceType", "QuestionnaireResponse"}, {"status", "completed"}});
    ASSERT_TRUE(bad.ok());
    // A PUT to a record the server never had: 404, kept as a failure.
    ASSERT_TRUE(e->store()
                    .writeResource({"Flag", "ghost", std::string("ghost"), std::string("1"), std::nullopt, std::nullopt,
                                    std::nullopt, json{{"resourceType", "Flag"}, {"id", "ghost"}, {"status", "active"}},
                                    "server", false})
                    .ok());
    ASSERT_TRUE(e->store().updateLocal("Flag", "ghost", {{"resourceType", "Flag"}, {"status", "inactive"}}).ok());
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->failures, 1);
    const auto status = e->status();
    ASSERT_EQ(status.failures.size(), 1u);
    EXPECT_EQ(status.failures[0].type, "Flag");
    EXPECT_NE(status.failures[0].reason.find("404"), std::string::npos) << status.failures[0].reason;
    EXPECT_EQ(status.pending, 0);
    ASSERT_TRUE(e->store().retryFailed().ok());
    EXPECT_EQ(e->status().pending, 1);
}

TEST_F(OutboxPush, LoginTokenIsStoredInTheEncryptedCacheAndUsed)
{
    server.requireLogin("nurse.test", "canary-password");
    auto e = engine();
    const auto ids = queue(e->store(), 2, "auth");
    auto refused = e->syncNow();
    ASSERT_TRUE(refused.ok());
    EXPECT_FALSE(refused->complete);
    EXPECT_EQ(refused->pending, 2);
    EXPECT_EQ(e->login("nurse.test", "wrong").code(), ErrorCode::WrongPassphrase);
    ASSERT_TRUE(e->login("nurse.test", "canary-password").ok());
    auto stored = e->store().state("token:" + server.baseUrl());
    ASSERT_TRUE(stored.ok() && stored->has_value());
    auto fresh = engine(); // a new run loads the stored token
    ASSERT_TRUE(fresh->loadStoredToken().ok());
    auto summary = fresh->syncNow();
    ASSERT_TRUE(summary.ok());
    EXPECT_TRUE(summary->complete) << summary->error;
    expectExactlyOnce(ids);
}

// Progress a slow link can show: the items stored of those queued, the bytes that crossed the
// network (as on the wire), and the push's time left once a bundle has been stored.
TEST_F(OutboxPush, ProgressReportsItemsBytesAndTimeLeftAsBundlesAreStored)
{
    auto e = engineWithBundlesOf(4);
    queue(e->store(), 12, "progress");
    std::vector<SyncStatus> seen;
    e->onProgress([&](const SyncStatus& s) { seen.push_back(s); });
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_TRUE(summary->complete) << summary->error;
    std::vector<int> midway;
    for (const auto& s : seen) {
        if (s.total != 12 || s.done == 0 || s.done == 12)
            continue;
        midway.push_back(s.done);
        EXPECT_TRUE(s.secondsLeft.has_value()) << "time left once a bundle is stored";
        EXPECT_GT(s.bytesSent, 0);
        EXPECT_GT(s.bytesReceived, 0);
    }
    EXPECT_EQ(midway, (std::vector<int>{4, 8}));
    ASSERT_FALSE(seen.empty());
    EXPECT_GE(seen.back().bytesReceived, seen.front().bytesReceived);
}

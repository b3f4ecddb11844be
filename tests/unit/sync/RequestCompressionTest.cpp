// Request bodies go gzipped by default; a server that refuses them (415, or 400 where the plain body
// is then taken) gets the same request once more, plain, and plain bodies from then on — also for
// the next engine on this cache (state "http.plain-bodies:<server>"). A 400 that is not about gzip
// (the plain body is refused too) leaves gzip on.
#include "tests/unit/sync/SyncTestSupport.h"

using namespace avocet::core::sync;
using nlohmann::json;

namespace avocet::test {
namespace {

class RequestCompression : public SyncTest
{
protected:
    // `count` submissions, each with a note long enough to make the bundle worth compressing.
    void queue(int count)
    {
        SyncStore store(db);
        for (int i = 0; i < count; ++i)
            ASSERT_TRUE(store.createLocal(response("Patient/p1", std::string(400, 'a') + std::to_string(i))).ok());
    }
    // One complete run of a fresh engine; its number of changes pushed.
    int syncOnce(SyncConfig c)
    {
        auto e = engine(std::move(c));
        if (!e)
            return -1;
        auto summary = e->syncNow();
        EXPECT_TRUE(summary.ok()) << summary.message();
        if (!summary)
            return -1;
        EXPECT_TRUE(summary->complete) << summary->error;
        EXPECT_EQ(summary->retries, 0) << "a plain resend is not a retry";
        return summary->pushed;
    }
};

TEST_F(RequestCompression, AServerThatTakesGzipGetsGzippedBodiesOnly)
{
    queue(10);
    EXPECT_EQ(syncOnce(config()), 10);
    EXPECT_EQ(server.plainBodies(), 0);
    EXPECT_EQ(server.gzipBodiesRefused(), 0);
}

TEST_F(RequestCompression, A415FallsBackToPlainOnceAndTheServerIsRemembered)
{
    server.refuseGzipBodies(415);
    queue(10);
    EXPECT_EQ(syncOnce(config()), 10);
    EXPECT_EQ(server.gzipBodiesRefused(), 1) << "one refusal, then plain";
    EXPECT_EQ(server.live("QuestionnaireResponse").size(), 10u);
    queue(10);
    EXPECT_EQ(syncOnce(config()), 10);
    EXPECT_EQ(server.gzipBodiesRefused(), 1) << "a fresh engine remembers the server takes plain bodies only";
    EXPECT_EQ(server.live("QuestionnaireResponse").size(), 20u);
}

TEST_F(RequestCompression, A400ThePlainBodyAvoidsIsTakenAsARefusalOfGzip)
{
    server.refuseGzipBodies(400);
    queue(10);
    EXPECT_EQ(syncOnce(config()), 10);
    EXPECT_EQ(server.gzipBodiesRefused(), 1);
    SyncStore store(db);
    auto remembered = store.state("http.plain-bodies:" + server.baseUrl());
    ASSERT_TRUE(remembered.ok());
    EXPECT_TRUE(remembered->has_value());
}

TEST_F(RequestCompression, AnEngineWithCompressionOffSendsPlainBodies)
{
    queue(10);
    auto c = config();
    c.transport.compressRequests = false;
    EXPECT_EQ(syncOnce(c), 10);
    EXPECT_GE(server.plainBodies(), 1);
}

} // namespace
} // namespace avocet::test

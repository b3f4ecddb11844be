// What a client accepts from a server is bounded: the body as sent, what a gzip body inflates to,
// and how deep its JSON nests. A server (or anything between) cannot make a laptop run out of
// memory or stack by answering a sync.
#include <gtest/gtest.h>

#include "core/sync/FhirClient.h"
#include "core/sync/HttpTransport.h"
#include "tests/support/FakeFhirServer.h"

namespace avocet::core::sync {
namespace {

using avocet::test::Fault;
using avocet::test::FakeFhirServer;
using avocet::test::FaultRule;

Result<HttpResponse> getWith(FakeFhirServer& server, Fault fault)
{
    FaultRule rule;
    rule.pathPrefix = "/Patient";
    rule.fault = fault;
    server.addFault(rule);
    auto transport = makePocoTransport(server.baseUrl(), {});
    EXPECT_TRUE(transport.ok()) << transport.message();
    if (!transport)
        return transport.error();
    return (*transport)->send(HttpRequest{"GET", "/Patient", {{"Accept-Encoding", "gzip"}}, {}});
}

TEST(HostileAnswer, AGzipBodyThatInflatesPastTheLimitIsNotRead)
{
    FakeFhirServer server;
    auto answer = getWith(server, Fault::GzipBomb);
    ASSERT_FALSE(answer.ok()) << "80 MiB inflated from a small body was accepted";
    EXPECT_NE(answer.message().find("larger than"), std::string::npos) << answer.message();
}

TEST(HostileAnswer, ABodyPastTheLimitIsRefusedBeforeItIsRead)
{
    FakeFhirServer server;
    auto answer = getWith(server, Fault::Oversized);
    ASSERT_FALSE(answer.ok());
    EXPECT_NE(answer.message().find("larger than"), std::string::npos) << answer.message();
}

TEST(HostileAnswer, JsonNestedTooDeepIsTakenAsUnreadableNotParsed)
{
    FakeFhirServer server;
    FaultRule rule;
    rule.pathPrefix = "/Patient";
    rule.fault = Fault::DeepJson;
    rule.times = -1;
    server.addFault(rule);
    RetryPolicy policy;
    policy.maxAttempts = 2;
    policy.baseDelay = std::chrono::milliseconds(1);
    auto transport = makePocoTransport(server.baseUrl(), {});
    ASSERT_TRUE(transport.ok());
    FhirClient client(std::move(*transport), "", policy, systemClock(), systemRandom());
    auto answer = client.get("/Patient");
    // An unreadable 200 is retried as transient, then reported; never handed on as data.
    ASSERT_FALSE(answer.ok() && !answer->body.is_null()) << "a 100,000-deep answer was parsed";
    if (!answer.ok()) {
        EXPECT_NE(answer.message().find("unreadable"), std::string::npos) << answer.message();
    }
}

} // namespace
} // namespace avocet::core::sync

// Walking skeleton: the real binary starts, serves /metadata, and stops cleanly.

#include "tests/integration/support/HttpClient.h"
#include "tests/integration/support/HubProcess.h"

#include <gtest/gtest.h>

#include <csignal>

using avocet::test::HttpClient;
using avocet::test::HubProcess;

TEST(HubLifecycle, AnswersMetadataWithCapabilityStatementAndExitsZeroOnSigterm)
{
    std::string error;
    auto hub = HubProcess::start({"--bind", "127.0.0.1"}, error);
    ASSERT_TRUE(hub) << error;
    ASSERT_GT(hub->port(), 0);

    const auto response = HttpClient(hub->port()).get("/metadata");
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.header("content-type").find("application/fhir+json"), std::string::npos);
    const auto capability = response.json();
    ASSERT_TRUE(capability.is_object()) << response.body;
    EXPECT_EQ(capability.value("resourceType", ""), "CapabilityStatement");
    EXPECT_EQ(capability.value("fhirVersion", ""), "4.0.1");
    EXPECT_EQ(capability.value("kind", ""), "instance");
    ASSERT_TRUE(capability["rest"].is_array());
    EXPECT_EQ(capability["rest"][0].value("mode", ""), "server");

    hub->sendSignal(SIGTERM);
    EXPECT_EQ(hub->waitForExit(std::chrono::seconds(10)), 0);
}

TEST(HubLifecycle, AnswersUnknownPathWithOperationOutcome404)
{
    std::string error;
    auto hub = HubProcess::start({}, error);
    ASSERT_TRUE(hub) << error;
    const auto response = HttpClient(hub->port()).get("/NoSuchThing");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.json().value("resourceType", ""), "OperationOutcome");
    hub->sendSignal(SIGTERM);
    EXPECT_EQ(hub->waitForExit(std::chrono::seconds(10)), 0);
}

TEST(HubLifecycle, RefusesPlainHttpOnNonLoopbackAddress)
{
    std::string output;
    const int status = avocet::test::runHubCommand({"--bind", "0.0.0.0", "--port", "0"}, output);
    EXPECT_EQ(status, 2);
    EXPECT_EQ(output.find("LISTENING"), std::string::npos);
}

TEST(HubLifecycle, PrintsVersion)
{
    std::string output;
    EXPECT_EQ(avocet::test::runHubCommand({"--version"}, output), 0);
    EXPECT_EQ(output.rfind("avocet-hub ", 0), 0u) << output;
}

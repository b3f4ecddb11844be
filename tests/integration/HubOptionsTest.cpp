// avocet-hub configuration: a --config file of "key = value" lines, the AVOCET_HUB_* environment
// and the command line, in that order of precedence (later wins); bad values say what and where.

#include "server/HubOptions.h"
#include "tests/support/TempDir.h"

#include <gtest/gtest.h>

#include <fstream>

using avocet::hub::checkTransportPolicy;
using avocet::hub::parseHubOptions;

namespace {

std::string writeConfig(const avocet::test::TempDir& dir, const std::string& text)
{
    const auto path = (dir / "hub.conf").string();
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST(HubOptions, ConfigFileThenEnvironmentThenCommandLineEachOverrideTheOneBefore)
{
    avocet::test::TempDir dir("hub-options");
    const auto config = writeConfig(dir, "# the trust's settings\n"
                                         "port = 8001\n"
                                         "threads = 4\n"
                                         "token-seconds = 600\n"
                                         "epr-endpoint-paris = https://paris.example.nhs.uk/inbound\n");
    auto options = parseHubOptions({"--config", config, "--port", "8003"},
                                   {{"AVOCET_HUB_PORT", "8002"}, {"AVOCET_HUB_THREADS", "6"}, {"UNRELATED", "x"}});
    ASSERT_TRUE(options.ok()) << options.message();
    EXPECT_EQ(options->port, 8003);            // command line over environment over file
    EXPECT_EQ(options->threads, 6);            // environment over file
    EXPECT_EQ(options->accessTokenSeconds, 600); // file only
    ASSERT_EQ(options->eprEndpoints.count("Paris"), 1u);
    EXPECT_EQ(options->eprEndpoints.at("Paris"), "https://paris.example.nhs.uk/inbound");

    auto fromEnvironment = parseHubOptions({}, {{"AVOCET_HUB_BIND", "localhost"}, {"AVOCET_HUB_PORT", "9000"}});
    ASSERT_TRUE(fromEnvironment.ok()) << fromEnvironment.message();
    EXPECT_EQ(fromEnvironment->port, 9000);
    EXPECT_EQ(fromEnvironment->bindAddress, "127.0.0.1");
    EXPECT_TRUE(checkTransportPolicy(*fromEnvironment).ok());
}

TEST(HubOptions, BadSettingsNameTheFileLineOrVariableAndPlainHttpNeedsLoopback)
{
    avocet::test::TempDir dir("hub-options-bad");
    const auto noEquals = parseHubOptions({"--config", writeConfig(dir, "port = 8001\nthreads 4\n")}, {});
    ASSERT_FALSE(noEquals.ok());
    EXPECT_NE(noEquals.message().find("hub.conf:2"), std::string::npos) << noEquals.message();

    const auto badValue = parseHubOptions({"--config", writeConfig(dir, "threads = many\n")}, {});
    ASSERT_FALSE(badValue.ok());
    EXPECT_NE(badValue.message().find("hub.conf"), std::string::npos) << badValue.message();
    EXPECT_NE(badValue.message().find("many"), std::string::npos) << badValue.message();

    const auto badEnvironment = parseHubOptions({}, {{"AVOCET_HUB_PORT", "70000"}});
    ASSERT_FALSE(badEnvironment.ok());
    EXPECT_NE(badEnvironment.message().find("AVOCET_HUB_PORT"), std::string::npos) << badEnvironment.message();

    const auto missing = parseHubOptions({"--config", (dir / "absent.conf").string()}, {});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.message().find("absent.conf"), std::string::npos) << missing.message();

    auto exposed = parseHubOptions({"--bind", "0.0.0.0"}, {});
    ASSERT_TRUE(exposed.ok());
    const auto refused = checkTransportPolicy(*exposed);
    EXPECT_FALSE(refused.ok()) << "plain HTTP on every interface";
}

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

TEST(HubOptions, SingleSignOnIsConfiguredInTheConfigFileWithItsGroupsAndChecked)
{
    avocet::test::TempDir dir("hub-options-oidc");
    const auto config = writeConfig(dir, "oidc-issuer = https://login.trust.example\n"
                                         "oidc-client-id = avocet-desktop\n"
                                         "oidc-token-key-file = /etc/avocet/sign-on.key\n"
                                         "oidc-groups-claim = roles\n"
                                         "oidc-group-AVOCET_NORTH_CLINICIANS = clinician teams=north-community,north-crisis\n"
                                         "oidc-group-AVOCET_FORMS = change_manager\n"
                                         "oidc-group-AVOCET_TEAM_LEADS = team_manager teams=north-community\n"
                                         "oidc-keys-max-age-seconds = 300\n"
                                         "local-accounts = false\n");
    auto options = parseHubOptions({"--config", config, "--oidc-group", "AVOCET_WARD=ward_staff teams=south-ward"}, {});
    ASSERT_TRUE(options.ok()) << options.message();
    EXPECT_TRUE(options->usesOidc());
    EXPECT_EQ(options->oidcGroupsClaim, "roles");
    EXPECT_FALSE(options->localAccounts);
    ASSERT_EQ(options->oidcGroups.size(), 4u);
    EXPECT_EQ(options->oidcGroups.at("AVOCET_TEAM_LEADS").role, "team_manager");
    EXPECT_EQ(options->oidcGroups.at("AVOCET_TEAM_LEADS").teams, std::vector<std::string>{"north-community"});
    EXPECT_EQ(options->oidcKeysMaxAgeSeconds, 300);
    EXPECT_EQ(parseHubOptions({}, {})->oidcKeysMaxAgeSeconds, 600) << "ten minutes unless configured";
    EXPECT_FALSE(parseHubOptions({"--oidc-keys-max-age-seconds", "-1"}, {}).ok());
    EXPECT_FALSE(parseHubOptions({"--oidc-keys-max-age-seconds", "90000"}, {}).ok());
    EXPECT_EQ(options->oidcGroups.at("AVOCET_NORTH_CLINICIANS").role, "clinician");
    EXPECT_EQ(options->oidcGroups.at("AVOCET_NORTH_CLINICIANS").teams,
              (std::vector<std::string>{"north-community", "north-crisis"}));
    EXPECT_EQ(options->oidcGroups.at("AVOCET_WARD").teams, std::vector<std::string>{"south-ward"});
    EXPECT_TRUE(checkTransportPolicy(*options).ok());

    // An unknown role or an empty rule names the group.
    const auto badRole = parseHubOptions({"--oidc-group", "AVOCET_X=superuser"}, {});
    ASSERT_FALSE(badRole.ok());
    EXPECT_NE(badRole.message().find("AVOCET_X"), std::string::npos) << badRole.message();
    EXPECT_FALSE(parseHubOptions({"--oidc-group", "AVOCET_X="}, {}).ok());

    // Plain http only to a loopback provider; the client id, the key file and a group are needed;
    // switching passwords off without sign-on would let nobody in.
    auto plain = parseHubOptions({"--config", config, "--oidc-issuer", "http://login.trust.example"}, {});
    ASSERT_TRUE(plain.ok());
    EXPECT_NE(checkTransportPolicy(*plain).message().find("https"), std::string::npos);
    auto loopback = parseHubOptions({"--config", config, "--oidc-issuer", "http://127.0.0.1:9000"}, {});
    ASSERT_TRUE(loopback.ok());
    EXPECT_TRUE(checkTransportPolicy(*loopback).ok());
    auto noKey = parseHubOptions({"--oidc-issuer", "https://login.trust.example", "--oidc-client-id", "a",
                                  "--oidc-group", "G=clinician"},
                                 {});
    ASSERT_TRUE(noKey.ok());
    EXPECT_NE(checkTransportPolicy(*noKey).message().find("oidc-token-key-file"), std::string::npos);
    auto nobody = parseHubOptions({"--local-accounts", "false"}, {});
    ASSERT_TRUE(nobody.ok());
    EXPECT_FALSE(checkTransportPolicy(*nobody).ok());
}

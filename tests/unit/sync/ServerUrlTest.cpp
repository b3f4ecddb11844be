// The server address a user types (first sign-in, the sync dialog, avocetctl login/sync) is checked
// before anything is sent: HTTPS except to this computer, no user part that hides the real host.
#include <gtest/gtest.h>

#include "core/sync/HttpTransport.h"

namespace avocet::core::sync {
namespace {

TEST(ServerUrl, PlainHttpIsRefusedForAnyHostButThisComputer)
{
    for (const char* url : {"http://hub.trust.example", "http://hub.trust.example:8080/fhir", "HTTP://10.1.2.3/",
                            "http://128.0.0.1", "http://127.0.0.1.evil.example", "http://localhost.evil.example",
                            "http://127.1/"}) {
        auto parsed = parseBaseUrl(url);
        ASSERT_FALSE(parsed.ok()) << url;
        EXPECT_EQ(parsed.code(), ErrorCode::InvalidArgument) << url;
        EXPECT_NE(parsed.message().find("https://"), std::string::npos) << parsed.message();
        // And a transport is never made for it, so no request (and no password) leaves.
        EXPECT_FALSE(makePocoTransport(url, {}).ok()) << url;
    }
}

TEST(ServerUrl, HttpsAnywhereAndPlainHttpToThisComputerAreAccepted)
{
    for (const char* url : {"https://hub.trust.example", "https://hub.trust.example:8443/fhir/",
                            "http://127.0.0.1:8080", "http://localhost/fhir", "http://[::1]:9000"}) {
        auto parsed = parseBaseUrl(url);
        EXPECT_TRUE(parsed.ok()) << url << ": " << parsed.message();
    }
    auto parsed = parseBaseUrl("https://hub.trust.example:8443/fhir/");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->host, "hub.trust.example");
    EXPECT_EQ(parsed->port, 8443);
    EXPECT_EQ(parsed->basePath, "/fhir");
}

TEST(ServerUrl, AUserPartThatHidesTheRealHostIsRefused)
{
    for (const char* url : {"http://localhost:80@hub.trust.example/", "http://127.0.0.1@hub.trust.example",
                            "https://user:password@hub.trust.example", "https://hub.trust.example@10.0.0.5/"}) {
        auto parsed = parseBaseUrl(url);
        ASSERT_FALSE(parsed.ok()) << url;
        EXPECT_NE(parsed.message().find("user name"), std::string::npos) << parsed.message();
    }
}

TEST(ServerUrl, OtherSchemesAndEmptyHostsAreRefused)
{
    for (const char* url : {"ftp://hub.trust.example", "hub.trust.example", "https://", "file:///etc/passwd"})
        EXPECT_FALSE(parseBaseUrl(url).ok()) << url;
}

TEST(ServerUrl, LoopbackMeansLocalhostOrThe127Network)
{
    EXPECT_TRUE(isLoopbackHost("127.0.0.1"));
    EXPECT_TRUE(isLoopbackHost("127.255.0.9"));
    EXPECT_TRUE(isLoopbackHost("LocalHost"));
    EXPECT_TRUE(isLoopbackHost("::1"));
    EXPECT_FALSE(isLoopbackHost("127.0.0.1.nip.io"));
    EXPECT_FALSE(isLoopbackHost("127.0.0"));
    EXPECT_FALSE(isLoopbackHost("127.0.0.256"));
    EXPECT_FALSE(isLoopbackHost("10.0.0.1"));
    EXPECT_FALSE(isLoopbackHost(""));
}

} // namespace
} // namespace avocet::core::sync

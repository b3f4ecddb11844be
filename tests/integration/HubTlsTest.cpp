// avocet-hub over HTTPS with a configured certificate and key (SECURITY-RELIABILITY 14).

#include "tests/integration/support/HubProcess.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

using avocet::test::HubProcess;

namespace {

struct SelfSignedCertificate
{
    std::filesystem::path directory;
    std::filesystem::path certificate;
    std::filesystem::path key;
    bool ok = false;

    SelfSignedCertificate()
    {
        directory = std::filesystem::path(AVOCET_BINARY_DIR) / "test-tmp" / ("tls-" + std::to_string(getpid()));
        std::filesystem::create_directories(directory);
        certificate = directory / "hub.crt";
        key = directory / "hub.key";
        const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                                    " -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                    key.string() + "' -out '" + certificate.string() + "' >/dev/null 2>&1";
        ok = std::system(command.c_str()) == 0;
    }
    ~SelfSignedCertificate()
    {
        std::error_code ec;
        std::filesystem::remove_all(directory, ec);
    }
};

} // namespace

TEST(HubTls, ServesMetadataOverHttpsWithTheConfiguredCertificateAndRefusesPlainHttp)
{
    SelfSignedCertificate tls;
    ASSERT_TRUE(tls.ok) << "openssl could not create a test certificate";
    std::string error;
    auto hub = HubProcess::start({"--tls-cert", tls.certificate.string(), "--tls-key", tls.key.string()}, error);
    ASSERT_TRUE(hub) << error;

    Poco::Net::initializeSSL();
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", tls.certificate.string(),
                               Poco::Net::Context::VERIFY_RELAXED, 9, false);
    Poco::Net::HTTPSClientSession secure("127.0.0.1", hub->port(), context);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/metadata", Poco::Net::HTTPMessage::HTTP_1_1);
    secure.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(secure.receiveResponse(response), body);
    EXPECT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
    EXPECT_EQ(nlohmann::json::parse(body, nullptr, false).value("resourceType", ""), "CapabilityStatement");

    bool plainAnswered = false;
    try {
        Poco::Net::HTTPClientSession plain("127.0.0.1", hub->port());
        plain.setTimeout(Poco::Timespan(3, 0));
        Poco::Net::HTTPRequest plainRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metadata",
                                            Poco::Net::HTTPMessage::HTTP_1_1);
        plain.sendRequest(plainRequest);
        Poco::Net::HTTPResponse plainResponse;
        plain.receiveResponse(plainResponse);
        plainAnswered = plainResponse.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
    } catch (const Poco::Exception&) {
        plainAnswered = false;
    }
    EXPECT_FALSE(plainAnswered);

    hub->sendSignal(SIGTERM);
    EXPECT_EQ(hub->waitForExit(std::chrono::seconds(10)), 0);
}

TEST(HubTls, RefusesACertificateWithoutItsKey)
{
    std::string output;
    EXPECT_EQ(avocet::test::runHubCommand({"--tls-cert", "/nonexistent.crt", "--port", "0"}, output), 2);
}

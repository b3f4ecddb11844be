// SECURITY-RELIABILITY 14 for the sync client's transport: a self-signed, an expired, a
// wrong-host certificate and a server that offers only TLS 1.1 are all refused, and nothing is
// sent: the TLS peer below records every application byte it receives, and the request carries
// a canary bearer token that must never reach it. (Trusted, pinned and wrong-pin connections to the
// real hub: SyncWithHub.TlsIsVerifiedStrictlyAndTheKeyPinIsEnforced.)

#include "tests/support/TempDir.h"

#include "core/sync/HttpTransport.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

using namespace avocet::core;
using namespace avocet::core::sync;
using avocet::test::TempDir;

namespace {

const char* kCanaryToken = "CANARY-bearer-token-must-not-leave";

// One TLS server socket on loopback; every connection is read until it closes or fails, and the
// decrypted bytes are kept.
class TlsPeer
{
public:
    TlsPeer(const std::string& cert, const std::string& key, bool onlyTls11)
    {
        Poco::Net::Context::Params params;
        params.certificateFile = cert;
        params.privateKeyFile = key;
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        // TLS 1.1 needs OpenSSL's security level 0 to be offered at all.
        params.cipherList = onlyTls11 ? "DEFAULT:@SECLEVEL=0" : "HIGH:!aNULL";
        m_context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        if (onlyTls11)
            m_context->disableProtocols(Poco::Net::Context::PROTO_TLSV1_2 | Poco::Net::Context::PROTO_TLSV1_3);
        m_server = std::make_unique<Poco::Net::SecureServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0), 16,
                                                                   m_context);
        m_thread = std::thread([this] { serve(); });
    }
    ~TlsPeer()
    {
        m_stop = true;
        m_server->close();
        m_thread.join();
    }
    std::uint16_t port() const { return m_server->address().port(); }
    std::string received()
    {
        std::lock_guard lock(m_mutex);
        return m_received;
    }
    int connections() const { return m_connections.load(); }

private:
    void serve()
    {
        while (!m_stop) {
            try {
                if (!m_server->poll(Poco::Timespan(0, 100'000), Poco::Net::Socket::SELECT_READ))
                    continue;
                Poco::Net::SecureStreamSocket socket = m_server->acceptConnection();
                ++m_connections;
                socket.setReceiveTimeout(Poco::Timespan(3, 0));
                char buffer[4096];
                for (;;) {
                    const int n = socket.receiveBytes(buffer, sizeof buffer);
                    if (n <= 0)
                        break;
                    std::lock_guard lock(m_mutex);
                    m_received.append(buffer, static_cast<std::size_t>(n));
                }
            } catch (const Poco::Exception&) {
                // a refused handshake ends here: the client hung up
            }
        }
    }

    Poco::Net::Context::Ptr m_context;
    std::unique_ptr<Poco::Net::SecureServerSocket> m_server;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_connections{0};
    std::mutex m_mutex;
    std::string m_received;
};

int run(const std::string& command)
{
    return std::system((command + " >/dev/null 2>&1").c_str());
}

// A CA the client trusts, and leaves it signs: good, expired, for another host; and a
// self-signed one nobody trusts.
struct Certificates
{
    explicit Certificates(const TempDir& where) : dir(where)
    {
        const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        EXPECT_EQ(run("openssl req -x509" + ec + " -days 2 -subj /CN=AvocetTestCA -keyout '" + path("ca.key") +
                      "' -out '" + path("ca.crt") + "'"),
                  0);
        // Poco matches the host against the common name (and DNS names), so CN carries it too.
        leaf("good", "127.0.0.1", "IP:127.0.0.1", "2");
        leaf("expired", "127.0.0.1", "IP:127.0.0.1", "-1"); // notAfter yesterday
        leaf("otherhost", "hub.other-trust.example", "DNS:hub.other-trust.example", "2");
        EXPECT_EQ(run("openssl req -x509" + ec + " -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
                      " -keyout '" + path("self.key") + "' -out '" + path("self.crt") + "'"),
                  0);
    }
    void leaf(const std::string& name, const std::string& host, const std::string& san, const std::string& days)
    {
        const std::string ext = path(name + ".ext");
        EXPECT_EQ(run("printf 'subjectAltName=" + san + "\\n' > '" + ext + "'"), 0);
        EXPECT_EQ(run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" + host +
                      " -keyout '" + path(name + ".key") + "' -out '" + path(name + ".csr") + "'"),
                  0);
        EXPECT_EQ(run("openssl x509 -req -in '" + path(name + ".csr") + "' -CA '" + path("ca.crt") + "' -CAkey '" +
                      path("ca.key") + "' -CAcreateserial -days " + days + " -extfile '" + ext + "' -out '" +
                      path(name + ".crt") + "'"),
                  0);
    }
    std::string path(const std::string& file) const { return (dir / file).string(); }
    const TempDir& dir;
};

Result<HttpResponse> getMetadata(std::uint16_t port, const std::string& caFile)
{
    TransportOptions options;
    options.tls.caFile = caFile;
    options.connectTimeout = std::chrono::milliseconds(3000);
    options.receiveTimeout = std::chrono::milliseconds(3000);
    auto transport = makePocoTransport("https://127.0.0.1:" + std::to_string(port), options);
    EXPECT_TRUE(transport.ok()) << transport.message();
    return (*transport)->send({"GET",
                               "/metadata",
                               {{"Accept", "application/fhir+json"}, {"Authorization", std::string("Bearer ") + kCanaryToken}},
                               {}});
}

} // namespace

TEST(SyncTls, RefusesSelfSignedExpiredWrongHostAndDowngradedServersAndSendsThemNothing)
{
    TempDir dir("sync-tls-refusals");
    Certificates certs(dir);

    // The control: the CA-signed certificate for 127.0.0.1 is accepted and the request arrives.
    {
        TlsPeer peer(certs.path("good.crt"), certs.path("good.key"), false);
        auto answer = getMetadata(peer.port(), certs.path("ca.crt"));
        EXPECT_FALSE(answer.ok()); // the peer never answers HTTP; the request itself must arrive
        for (int i = 0; i < 50 && peer.received().find("GET /metadata") == std::string::npos; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_NE(peer.received().find("GET /metadata"), std::string::npos)
            << "control: the request reached the peer; " << (answer.ok() ? "" : answer.message());
    }

    struct Case
    {
        const char* name;
        std::string cert, key, trustedCa;
        bool onlyTls11;
    };
    const std::vector<Case> cases = {
        {"self-signed", certs.path("self.crt"), certs.path("self.key"), "", false},
        {"expired", certs.path("expired.crt"), certs.path("expired.key"), certs.path("ca.crt"), false},
        {"wrong host", certs.path("otherhost.crt"), certs.path("otherhost.key"), certs.path("ca.crt"), false},
        {"TLS 1.1 only", certs.path("good.crt"), certs.path("good.key"), certs.path("ca.crt"), true},
    };
    for (const auto& c : cases) {
        TlsPeer peer(c.cert, c.key, c.onlyTls11);
        auto answer = getMetadata(peer.port(), c.trustedCa);
        ASSERT_FALSE(answer.ok()) << c.name;
        EXPECT_EQ(answer.code(), ErrorCode::CryptoFailure) << c.name << ": " << answer.message();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        EXPECT_GE(peer.connections(), 1) << c.name << ": the client did connect";
        EXPECT_EQ(peer.received(), "") << c.name << ": nothing may be sent to a refused server";
        EXPECT_EQ(peer.received().find(kCanaryToken), std::string::npos) << c.name;
    }
}

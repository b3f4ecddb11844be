#pragma once
// The test-only OpenID Connect provider (tests/oidc-provider/server.mjs: the npm package
// oidc-provider with synthetic users, groups and test controls) as a child process on loopback, and
// a "browser" that signs in at it by following its redirects, keeping its cookies and submitting its
// sign-in form. Shared by the hub's and the desktop's sign-on tests.

#include "tests/integration/support/HttpClient.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <sys/types.h>

namespace avocet::test {

class OidcTestProvider
{
public:
    // nullptr and `why` set when it did not start; `skip` when it cannot run on this machine (no
    // node, npm packages not installed: scripts/setup.sh installs them) rather than failing.
    // keyFile: the signing keys are read from it, or generated and written there.
    static std::unique_ptr<OidcTestProvider> start(const std::string& keyFile, std::string& why, bool& skip);
    ~OidcTestProvider();
    OidcTestProvider(const OidcTestProvider&) = delete;
    OidcTestProvider& operator=(const OidcTestProvider&) = delete;

    std::string issuer() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    int port() const { return m_port; }
    // A test control (rotate-keys[?retire=1], users/<name>/disable, id-token-seconds?seconds=N).
    nlohmann::json control(const std::string& path) const;

private:
    explicit OidcTestProvider(pid_t pid) : m_pid(pid) {}
    pid_t m_pid;
    int m_port = 0;
};

// What the system browser does during a sign-in.
class TestBrowser
{
public:
    struct Answer
    {
        int status = 0;
        std::string location;
        std::string body;
    };

    Answer send(const std::string& method, const std::string& url, const std::string& form = {});
    // From the authorisation URL to the redirect back to `redirectPrefix` (returned whole), signing
    // in as user on the provider's page when it asks. "" (and a test failure) when it never comes.
    std::string signIn(const std::string& authorizeUrl, const std::string& redirectPrefix, const std::string& user,
                       const std::string& password);

private:
    std::map<std::string, std::string> m_cookies;
};

} // namespace avocet::test

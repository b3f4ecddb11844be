// Single sign-on against a real OpenID Connect provider: the certified `oidc-provider` package
// (pinned in tests/oidc-provider/package-lock.json) behind tests/oidc-provider/server.mjs, on
// loopback, with synthetic users, directory groups and key rotation; the real avocet-hub on a
// throwaway PostgreSQL. The desktop's flow (core/sync/SignOn.h: PKCE, state, nonce, loopback
// redirect, the code handed to the hub) is driven without a browser: the test follows the
// provider's redirects itself, keeps its cookies and submits its sign-in form.
// Skips, saying why, when node or the npm packages are missing (scripts/setup.sh installs them).

#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"
#include "tests/integration/support/OidcTestProvider.h"

#include "core/sync/HttpTransport.h"
#include "core/sync/LoopbackRedirect.h"
#include "core/sync/SignOn.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using avocet::test::HubProcess;
using nlohmann::json;
namespace sso = avocet::core::sync;

namespace {

const std::string kRedirect = "http://127.0.0.1:49152/callback"; // loopback; the test stops at it
using Provider = avocet::test::OidcTestProvider;
using Browser = avocet::test::TestBrowser;

std::unique_ptr<sso::HttpTransport> transportTo(std::uint16_t port)
{
    auto transport = sso::makePocoTransport("http://127.0.0.1:" + std::to_string(port), sso::TransportOptions{});
    EXPECT_TRUE(transport.ok()) << transport.message();
    return std::move(transport.value());
}

class OidcSignOn : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::filesystem::temp_directory_path() / ("avocet-oidc-" + std::to_string(::getpid()));
        std::filesystem::create_directories(s_dir);
        std::string why;
        bool skip = false;
        s_provider = Provider::start((s_dir / "keys.json").string(), why, skip).release();
        if (s_provider == nullptr) {
            s_skipReason = why;
            s_skip = skip;
            return;
        }
        {
            std::ofstream key(s_dir / "token.key");
            key << "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\n";
        }
        s_hub = HubEnvironment::shared()
                    .startHub({"--oidc-issuer", s_provider->issuer(), "--oidc-client-id", "avocet-desktop",
                               "--oidc-token-key-file", (s_dir / "token.key").string(), "--oidc-group",
                               "avocet-clinicians=clinician", "--oidc-group", "avocet-ward-staff=ward_staff",
                               "--oidc-group", "avocet-change-managers=change_manager", "--oidc-group",
                               "team-north-community=teams=north-community", "--oidc-group",
                               "team-south-ward=teams=south-ward", "--oidc-group", "avocet-team-managers=team_manager",
                               "--oidc-leeway-seconds", "0",
                               "--oidc-key-refetch-seconds", "0"})
                    .release();
    }
    static void TearDownTestSuite()
    {
        delete s_hub;
        s_hub = nullptr;
        delete s_provider;
        s_provider = nullptr;
        std::error_code ignored;
        std::filesystem::remove_all(s_dir, ignored);
    }
    void SetUp() override
    {
        if (s_provider == nullptr) {
            if (s_skip)
                GTEST_SKIP() << s_skipReason;
            FAIL() << s_skipReason;
        }
        ASSERT_NE(s_hub, nullptr) << "avocet-hub with single sign-on did not start";
    }

    static HttpClient hub() { return HttpClient(s_hub->port()); }

    // The desktop's flow: settings from the hub, the browser at the provider, the code to the hub.
    // browser: the one to sign in with (its provider session is kept there); a fresh one when null.
    static HttpResult signOnThroughTheBrowser(const std::string& user, const std::string& password,
                                              Browser* browser = nullptr,
                                              const std::vector<std::pair<std::string, std::string>>& headers = {})
    {
        auto transport = transportTo(s_hub->port());
        auto settings = sso::fetchSignOnSettings(*transport);
        EXPECT_TRUE(settings.ok()) << settings.message();
        if (!settings)
            return {};
        const auto pending = sso::beginSignOn(*settings, kRedirect);
        Browser fresh;
        Browser& agent = browser != nullptr ? *browser : fresh;
        const std::string back = agent.signIn(pending.authorizeUrl, kRedirect, user, password);
        auto code = sso::authorizationCode(pending, back);
        EXPECT_TRUE(code.ok()) << code.message();
        auto sent = headers;
        sent.emplace_back("Content-Type", "application/json");
        return hub().post("/auth/oidc", json{{"code", code.ok() ? *code : std::string()},
                                             {"code_verifier", pending.codeVerifier},
                                             {"redirect_uri", pending.redirectUri},
                                             {"nonce", pending.nonce}},
                          sent);
    }

    struct IdToken
    {
        std::string idToken;
        std::string nonce;
        std::string keyId;
    };
    // An ID token redeemed by the test itself, as a client that does its own code exchange would,
    // for `clientId` at `provider`.
    static IdToken idTokenFrom(const Provider& provider, const std::string& clientId, const std::string& user,
                               const std::string& password)
    {
        sso::SignOnSettings settings;
        settings.clientId = clientId;
        settings.scopes = "openid profile groups";
        settings.authorizationEndpoint = provider.issuer() + "/auth";
        const auto pending = sso::beginSignOn(settings, kRedirect);
        Browser browser;
        const std::string back = browser.signIn(pending.authorizeUrl, kRedirect, user, password);
        auto code = sso::authorizationCode(pending, back);
        EXPECT_TRUE(code.ok()) << code.message();
        std::string form = "grant_type=authorization_code&client_id=" + clientId + "&redirect_uri=";
        std::string encoded;
        Poco::URI::encode(kRedirect, ":/?&=", encoded);
        form += encoded + "&code_verifier=" + pending.codeVerifier + "&code=" + (code.ok() ? *code : "");
        const auto answer = Browser().send("POST", provider.issuer() + "/token", form);
        EXPECT_EQ(answer.status, 200) << answer.body;
        const json tokens = json::parse(answer.body, nullptr, false);
        IdToken result;
        result.idToken = tokens.is_object() ? tokens.value("id_token", "") : "";
        result.nonce = pending.nonce;
        result.keyId = keyIdOf(result.idToken);
        return result;
    }

    static std::string keyIdOf(const std::string& jwt)
    {
        std::string segment = jwt.substr(0, jwt.find('.'));
        for (char& c : segment)
            c = c == '-' ? '+' : (c == '_' ? '/' : c);
        while (segment.size() % 4 != 0)
            segment.push_back('=');
        std::string decoded;
        static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int value = 0;
        int bits = -8;
        for (const char c : segment) {
            if (c == '=')
                break;
            value = (value << 6) + static_cast<int>(alphabet.find(c));
            bits += 6;
            if (bits >= 0) {
                decoded.push_back(static_cast<char>((value >> bits) & 0xFF));
                bits -= 8;
            }
        }
        const json header = json::parse(decoded, nullptr, false);
        return header.is_object() ? header.value("kid", "") : "";
    }

    static HttpResult postIdToken(const IdToken& token, const std::string& nonce)
    {
        return hub().post("/auth/oidc", json{{"id_token", token.idToken}, {"nonce", nonce}},
                          {{"Content-Type", "application/json"}});
    }

    static std::string diagnostics(const HttpResult& result)
    {
        const json body = result.json();
        if (body.is_object() && body.contains("issue") && !body["issue"].empty())
            return body["issue"][0].value("diagnostics", "");
        return result.body;
    }

    static std::filesystem::path s_dir;
    static Provider* s_provider;
    static HubProcess* s_hub;
    static std::string s_skipReason;
    static bool s_skip;
};

std::filesystem::path OidcSignOn::s_dir;
Provider* OidcSignOn::s_provider = nullptr;
HubProcess* OidcSignOn::s_hub = nullptr;
std::string OidcSignOn::s_skipReason;
bool OidcSignOn::s_skip = false;

std::string sql(const std::string& statement)
{
    return avocet::test::sqlValue(HubEnvironment::shared().conninfo(), statement);
}

} // namespace

TEST_F(OidcSignOn, SignInThroughTheBrowserGivesTheHubsOwnTokensWithTheDirectorysRoleAndTeams)
{
    const auto signedOn = signOnThroughTheBrowser("ada.north", "synthetic-Passw0rd-1");
    ASSERT_EQ(signedOn.status, 200) << signedOn.body;
    const json tokens = signedOn.json();
    EXPECT_EQ(tokens.value("username", ""), "ada.north");
    EXPECT_EQ(tokens.value("role", ""), "clinician");
    EXPECT_EQ(tokens.value("sign_on", ""), "oidc");
    EXPECT_EQ(signedOn.header("cache-control"), "no-store");
    EXPECT_EQ(sql("SELECT string_agg(t.name, ',') FROM team_members m JOIN teams t ON t.team_id = m.team_id"
                  " WHERE m.username = 'ada.north'"),
              "north-community");
    EXPECT_EQ(sql("SELECT subject FROM oidc_identities WHERE username = 'ada.north'"), "u-1001");
    // The provider's refresh token is kept sealed, never as sent.
    const std::string sealed = sql("SELECT sealed_refresh FROM oidc_sessions o JOIN oidc_identities i ON"
                                   " i.subject = o.subject WHERE i.username = 'ada.north' LIMIT 1");
    EXPECT_FALSE(sealed.empty());

    // The hub's token opens the FHIR API like a password login's.
    HttpClient client = hub();
    client.setBearerToken(tokens.value("access_token", ""));
    EXPECT_EQ(client.get("/Patient?_count=1").status, 200);

    // Refresh: the provider still vouches, so a new pair comes back.
    const auto refreshed = hub().post("/auth/refresh", json{{"refresh_token", tokens.value("refresh_token", "")}},
                                      {{"Content-Type", "application/json"}});
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_NE(sql("SELECT sealed_refresh FROM oidc_sessions o JOIN oidc_identities i ON i.subject = o.subject"
                  " WHERE i.username = 'ada.north' LIMIT 1"),
              sealed)
        << "the provider's rotated refresh token replaces the old one";

    // Sign-out ends the hub login and names the provider's end-session page.
    auto transport = transportTo(s_hub->port());
    auto ended = sso::signOut(*transport, refreshed.json().value("access_token", ""),
                               "http://127.0.0.1:49152/signed-out");
    ASSERT_TRUE(ended.ok()) << ended.message();
    EXPECT_EQ(ended->rfind(s_provider->issuer() + "/session/end?", 0), 0u) << *ended;
    EXPECT_NE(ended->find("id_token_hint="), std::string::npos);
    EXPECT_NE(ended->find("client_id=avocet-desktop"), std::string::npos);
    client.setBearerToken(refreshed.json().value("access_token", ""));
    EXPECT_EQ(client.get("/Patient?_count=1").status, 401);
    EXPECT_EQ(hub().post("/auth/refresh", json{{"refresh_token", refreshed.json().value("refresh_token", "")}},
                         {{"Content-Type", "application/json"}})
                  .status,
              401);
}

TEST_F(OidcSignOn, TheDesktopsUseCaseListensOnLoopbackAndTheBrowserComesBackToIt)
{
    // The use case the desktop and avocetctl call: the "browser" here is a thread that follows the
    // provider's redirects, signs in on its page, and finally requests the loopback redirect, as a
    // system browser would.
    std::thread browser;
    std::string redirectUri;
    auto transport = transportTo(s_hub->port());
    auto signedOn = sso::signOnThroughBrowser(
        *transport,
        [&](const std::string& url) {
            redirectUri = sso::queryParameter(url, "redirect_uri");
            browser = std::thread([url, redirectUri] {
                Browser agent;
                const std::string back = agent.signIn(url, redirectUri, "ben.ward", "synthetic-Passw0rd-2");
                const auto done = agent.send("GET", back);
                EXPECT_EQ(done.status, 200);
                EXPECT_NE(done.body.find("go back to Avocet"), std::string::npos) << done.body;
            });
        },
        std::chrono::seconds(60));
    if (browser.joinable())
        browser.join();
    EXPECT_EQ(redirectUri.rfind("http://127.0.0.1:", 0), 0u) << redirectUri;
    ASSERT_TRUE(signedOn.ok()) << signedOn.message();
    EXPECT_EQ(signedOn->username, "ben.ward");
    EXPECT_EQ(signedOn->role, "ward_staff");
    EXPECT_FALSE(signedOn->accessToken.empty());

    // Nobody comes back: the wait ends with a clear error.
    auto listener = sso::LoopbackRedirect::listen();
    ASSERT_TRUE(listener.ok());
    const auto none = (*listener)->awaitRedirect(std::chrono::milliseconds(200));
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.message().find("did not come back"), std::string::npos);
}

TEST_F(OidcSignOn, AWrongStateInTheRedirectIsRefusedBeforeTheCodeIsUsed)
{
    sso::SignOnSettings settings;
    settings.clientId = "avocet-desktop";
    settings.authorizationEndpoint = s_provider->issuer() + "/auth";
    const auto pending = sso::beginSignOn(settings, kRedirect);
    EXPECT_EQ(pending.codeVerifier.size(), 64u);
    EXPECT_EQ(pending.codeChallenge, sso::pkceChallenge(pending.codeVerifier));
    EXPECT_FALSE(sso::authorizationCode(pending, kRedirect + "?code=abc&state=someone-else").ok());
    EXPECT_FALSE(sso::authorizationCode(pending, kRedirect + "?error=access_denied&state=" + pending.state).ok());
    auto code = sso::authorizationCode(pending, kRedirect + "?code=abc%2Bd&state=" + pending.state);
    ASSERT_TRUE(code.ok()) << code.message();
    EXPECT_EQ(*code, "abc+d");
}

TEST_F(OidcSignOn, ATokenForAnotherApplicationIsRefusedAsTheWrongAudience)
{
    const auto token = idTokenFrom(*s_provider, "other-app", "ada.north", "synthetic-Passw0rd-1");
    ASSERT_FALSE(token.idToken.empty());
    const auto answer = postIdToken(token, token.nonce);
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.header("x-avocet-refusal"), "audience");
    EXPECT_NE(diagnostics(answer).find("another application"), std::string::npos) << diagnostics(answer);
    EXPECT_NE(diagnostics(answer).find("'other-app'"), std::string::npos) << diagnostics(answer);
}

TEST_F(OidcSignOn, AnExpiredIdTokenIsRefused)
{
    s_provider->control("id-token-seconds?seconds=1");
    const auto token = idTokenFrom(*s_provider, "avocet-desktop", "ada.north", "synthetic-Passw0rd-1");
    s_provider->control("id-token-seconds?seconds=600");
    ASSERT_FALSE(token.idToken.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    const auto answer = postIdToken(token, token.nonce);
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.header("x-avocet-refusal"), "expired");
    EXPECT_NE(diagnostics(answer).find("expired at"), std::string::npos) << diagnostics(answer);

    // The same kind of token, not yet expired, is taken: the refusal above was the expiry.
    const auto fresh = idTokenFrom(*s_provider, "avocet-desktop", "ada.north", "synthetic-Passw0rd-1");
    EXPECT_EQ(postIdToken(fresh, fresh.nonce).status, 200);
}

TEST_F(OidcSignOn, ATokenFromAnotherIssuerIsRefusedEvenWhenItsSignatureVerifies)
{
    // A second provider with the same signing keys: only the issuer tells its tokens apart.
    std::string why;
    bool skip = false;
    auto other = Provider::start((s_dir / "keys.json").string(), why, skip);
    ASSERT_NE(other, nullptr) << why;
    const auto token = idTokenFrom(*other, "avocet-desktop", "ada.north", "synthetic-Passw0rd-1");
    ASSERT_FALSE(token.idToken.empty());
    const auto answer = postIdToken(token, token.nonce);
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.header("x-avocet-refusal"), "issuer");
    EXPECT_NE(diagnostics(answer).find("this hub trusts '" + s_provider->issuer() + "'"), std::string::npos)
        << diagnostics(answer);
}

TEST_F(OidcSignOn, ANonceIsAcceptedOnceAndMustBeTheSignInsOwn)
{
    const auto token = idTokenFrom(*s_provider, "avocet-desktop", "ada.north", "synthetic-Passw0rd-1");
    ASSERT_FALSE(token.idToken.empty());
    const auto wrongNonce = postIdToken(token, "not-" + token.nonce);
    EXPECT_EQ(wrongNonce.status, 401);
    EXPECT_EQ(wrongNonce.header("x-avocet-refusal"), "nonce");

    const auto first = postIdToken(token, token.nonce);
    ASSERT_EQ(first.status, 200) << first.body;
    const auto replayed = postIdToken(token, token.nonce);
    EXPECT_EQ(replayed.status, 401) << replayed.body;
    EXPECT_EQ(replayed.header("x-avocet-refusal"), "replayed");
    EXPECT_NE(diagnostics(replayed).find("already used"), std::string::npos) << diagnostics(replayed);

    // A sign-on the hub cannot re-check with the provider (it holds no provider refresh token) is
    // not refreshed.
    const auto refreshed = hub().post("/auth/refresh", json{{"refresh_token", first.json().value("refresh_token", "")}},
                                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(refreshed.status, 401);
    EXPECT_EQ(refreshed.header("x-avocet-refusal"), "not-recheckable");
}

TEST_F(OidcSignOn, RotatedKeysAreFetchedAgainAndARetiredKeyIsRefused)
{
    // The hub knows the current key.
    ASSERT_EQ(signOnThroughTheBrowser("fay.rotate", "synthetic-Passw0rd-6").status, 200);
    // A new key that signs for a while, then a newer one while the last is retired.
    const json between = s_provider->control("rotate-keys");
    const auto signedByRetired = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
    ASSERT_EQ(signedByRetired.keyId, between.value("kid", "")) << "the provider signs with its new key";
    const json current = s_provider->control("rotate-keys?retire=1");
    const auto signedByCurrent = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
    ASSERT_EQ(signedByCurrent.keyId, current.value("kid", ""));

    // A key the hub has not seen: it fetches the provider's keys again and finds it.
    const auto accepted = postIdToken(signedByCurrent, signedByCurrent.nonce);
    EXPECT_EQ(accepted.status, 200) << accepted.body;

    // A key the provider no longer publishes: fetched again, still not there.
    const auto refused = postIdToken(signedByRetired, signedByRetired.nonce);
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(refused.header("x-avocet-refusal"), "unknown-key");
    EXPECT_NE(diagnostics(refused).find(signedByRetired.keyId), std::string::npos) << diagnostics(refused);

    // A sign-in through the browser after the rotation works end to end.
    EXPECT_EQ(signOnThroughTheBrowser("fay.rotate", "synthetic-Passw0rd-6").status, 200);
}

TEST_F(OidcSignOn, AnUnknownKeyRefetchesTheKeysOnlyOncePerWindow)
{
    // A hub that refetches at most once an hour (the default is a minute).
    auto hub = HubEnvironment::shared().startHub(
        {"--oidc-issuer", s_provider->issuer(), "--oidc-client-id", "avocet-desktop", "--oidc-token-key-file",
         (s_dir / "token.key").string(), "--oidc-group", "avocet-clinicians=clinician", "--oidc-key-refetch-seconds",
         "3600"});
    ASSERT_NE(hub, nullptr);
    auto post = [&](const IdToken& token) {
        return HttpClient(hub->port())
            .post("/auth/oidc", json{{"id_token", token.idToken}, {"nonce", token.nonce}},
                  {{"Content-Type", "application/json"}});
    };
    auto fetches = [&] { return s_provider->control("stats").value("keySetRequests", -1); };
    const auto first = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
    const int before = fetches();
    ASSERT_EQ(post(first).status, 200); // the first sign-on loads the keys
    EXPECT_EQ(fetches(), before + 1);

    s_provider->control("rotate-keys");
    const auto signedByRetired = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
    s_provider->control("rotate-keys?retire=1");
    const auto signedByCurrent = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
    EXPECT_EQ(post(signedByCurrent).status, 200); // unknown key: one refetch
    EXPECT_EQ(fetches(), before + 2);
    // Another unknown key within the hour: refused without asking the provider again, so a stream
    // of tokens with made-up key ids cannot make the hub hammer the provider.
    const auto refused = post(signedByRetired);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.header("x-avocet-refusal"), "unknown-key");
    EXPECT_EQ(fetches(), before + 2);
}

TEST_F(OidcSignOn, AUserDisabledAtTheProviderIsRefusedAtTheNextRefresh)
{
    const auto signedOn = signOnThroughTheBrowser("eve.revoked", "synthetic-Passw0rd-5");
    ASSERT_EQ(signedOn.status, 200) << signedOn.body;
    const auto refreshed = hub().post("/auth/refresh", json{{"refresh_token", signedOn.json().value("refresh_token", "")}},
                                      {{"Content-Type", "application/json"}});
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;

    s_provider->control("users/eve.revoked/disable");
    const auto refused = hub().post("/auth/refresh", json{{"refresh_token", refreshed.json().value("refresh_token", "")}},
                                    {{"Content-Type", "application/json"}});
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(refused.header("x-avocet-refusal"), "revoked-at-provider");
    EXPECT_NE(diagnostics(refused).find("no longer vouches"), std::string::npos) << diagnostics(refused);
    // The whole hub login ended with it.
    HttpClient client = hub();
    client.setBearerToken(refreshed.json().value("access_token", ""));
    EXPECT_EQ(client.get("/Patient?_count=1").status, 401);
    // Asked again (a desktop that restarted), the hub still says why, without asking the provider.
    const auto again = hub().post("/auth/refresh", json{{"refresh_token", refreshed.json().value("refresh_token", "")}},
                                  {{"Content-Type", "application/json"}});
    EXPECT_EQ(again.status, 401);
    EXPECT_EQ(again.header("x-avocet-refusal"), "revoked-at-provider");
}

TEST_F(OidcSignOn, AUserInNoMappedGroupGetsNoAccount)
{
    const auto answer = signOnThroughTheBrowser("dan.nogroup", "synthetic-Passw0rd-4");
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.header("x-avocet-refusal"), "no-role");
    EXPECT_EQ(sql("SELECT count(*) FROM users WHERE username = 'dan.nogroup'"), "0");
}

TEST_F(OidcSignOn, PasswordSignInCanBeSwitchedOff)
{
    auto hubWithoutPasswords = HubEnvironment::shared().startHub(
        {"--oidc-issuer", s_provider->issuer(), "--oidc-client-id", "avocet-desktop", "--oidc-token-key-file",
         (s_dir / "token.key").string(), "--oidc-group", "avocet-clinicians=clinician", "--local-accounts", "false"});
    ASSERT_NE(hubWithoutPasswords, nullptr);
    const auto refused = HttpClient(hubWithoutPasswords->port())
                             .post("/auth/login", json{{"username", "nurse.north"}, {"password", avocet::test::kTestPassword}},
                                   {{"Content-Type", "application/json"}});
    EXPECT_EQ(refused.status, 403) << refused.body;
    const auto settings = HttpClient(hubWithoutPasswords->port()).get("/auth/oidc/config").json();
    EXPECT_EQ(settings.value("local_accounts", true), false);
    // The ordinary hub still takes the same password.
    EXPECT_FALSE(HubEnvironment::shared().login("nurse.north").empty());
}

namespace {

// `avocetctl --json --profile DIR --user USER args...` with the passphrase in the environment:
// exit status, stdout, and each stderr line handed to onStderrLine as it comes.
int runCtl(const std::filesystem::path& profile, const std::string& user, const std::vector<std::string>& args,
           std::string& out, const std::function<void(const std::string&)>& onStderrLine = {})
{
    int errPipe[2];
    int outPipe[2];
    if (::pipe(errPipe) != 0 || ::pipe(outPipe) != 0)
        return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(outPipe[1], 1);
        ::dup2(errPipe[1], 2);
        ::close(outPipe[0]);
        ::close(errPipe[0]);
        ::setenv("AVOCET_PASSPHRASE", "synthetic cache passphrase 42", 1);
        std::vector<std::string> full = {AVOCET_CTL_BINARY, "--json", "--profile", profile.string(), "--user", user};
        full.insert(full.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : full)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(AVOCET_CTL_BINARY, argv.data());
        _exit(127);
    }
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    std::string errLine;
    bool errOpen = true;
    bool outOpen = true;
    char buffer[4096];
    while (errOpen || outOpen) {
        pollfd fds[2] = {{errPipe[0], POLLIN, 0}, {outPipe[0], POLLIN, 0}};
        if (::poll(fds, 2, 120000) <= 0)
            break;
        if (errOpen && (fds[0].revents & (POLLIN | POLLHUP)) != 0) {
            const auto n = ::read(errPipe[0], buffer, sizeof buffer);
            if (n <= 0) {
                errOpen = false;
            } else {
                for (ssize_t i = 0; i < n; ++i) {
                    if (buffer[i] == '\n') {
                        if (onStderrLine)
                            onStderrLine(errLine);
                        errLine.clear();
                    } else {
                        errLine += buffer[i];
                    }
                }
            }
        }
        if (outOpen && (fds[1].revents & (POLLIN | POLLHUP)) != 0) {
            const auto n = ::read(outPipe[0], buffer, sizeof buffer);
            if (n <= 0)
                outOpen = false;
            else
                out.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(errPipe[0]);
    ::close(outPipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

TEST_F(OidcSignOn, AvocetctlSignsOnThroughTheBrowserAndSignsOutWithTheProvidersEndSessionAddress)
{
    const auto profile = s_dir / "ctl-profiles";
    std::string out;
    ASSERT_EQ(runCtl(profile, "ada.north", {"profile", "init", "--kdf", "minimal"}, out), 0) << out;

    std::thread browser;
    out.clear();
    const int status = runCtl(profile, "ada.north",
                              {"signon", "--server", "http://127.0.0.1:" + std::to_string(s_hub->port()),
                               "--timeout-seconds", "60"},
                              out, [&](const std::string& line) {
                                  if (line.rfind("http", 0) != 0 || browser.joinable())
                                      return;
                                  const std::string redirect = sso::queryParameter(line, "redirect_uri");
                                  browser = std::thread([line, redirect] {
                                      Browser agent;
                                      const std::string back =
                                          agent.signIn(line, redirect, "ada.north", "synthetic-Passw0rd-1");
                                      EXPECT_EQ(agent.send("GET", back).status, 200);
                                  });
                              });
    if (browser.joinable())
        browser.join();
    ASSERT_EQ(status, 0) << out;
    const json signedOn = json::parse(out, nullptr, false);
    EXPECT_EQ(signedOn.value("loggedIn", false), true) << out;

    out.clear();
    ASSERT_EQ(runCtl(profile, "ada.north", {"signout"}, out), 0) << out;
    const json signedOut = json::parse(out, nullptr, false);
    EXPECT_EQ(signedOut.value("endSessionUrl", "").rfind(s_provider->issuer() + "/session/end?", 0), 0u) << out;
}

namespace {

// The sign-on AuditEvents of a user ("" for those naming no one) with this subtype code, as JSON text.
std::string signOnEvents(const std::string& subtype, const std::string& user)
{
    return sql("SELECT count(*) FROM resources WHERE resource_type = 'AuditEvent' AND"
               " content->'subtype'->0->>'code' = '" + subtype + "' AND " +
               (user.empty() ? std::string("compartment IS NULL")
                             : "content->'agent'->0->'who'->'identifier'->>'value' = '" + user + "'"));
}

json refreshWith(const HttpClient& client, const std::string& refreshToken)
{
    const auto answer = client.post("/auth/refresh", json{{"refresh_token", refreshToken}},
                                    {{"Content-Type", "application/json"}});
    json result = answer.json();
    if (!result.is_object())
        result = json::object();
    result["status"] = answer.status;
    result["refusal"] = answer.header("x-avocet-refusal");
    return result;
}

} // namespace

TEST_F(OidcSignOn, EverySignOnGrantedOrRefusedIsAnAuditEventWithoutTokens)
{
    const int grantedBefore = std::stoi(signOnEvents("sign-on", "ada.north"));
    const int refusedBefore = std::stoi(signOnEvents("sign-on-refused", "dan.nogroup"));
    const auto granted = signOnThroughTheBrowser("ada.north", "synthetic-Passw0rd-1");
    ASSERT_EQ(granted.status, 200) << granted.body;
    const auto refused = signOnThroughTheBrowser("dan.nogroup", "synthetic-Passw0rd-4");
    ASSERT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(std::stoi(signOnEvents("sign-on", "ada.north")), grantedBefore + 1);
    EXPECT_EQ(std::stoi(signOnEvents("sign-on-refused", "dan.nogroup")), refusedBefore + 1);
    EXPECT_EQ(sql("SELECT content->>'outcomeDesc' FROM resources WHERE resource_type = 'AuditEvent' AND"
                  " content->'subtype'->0->>'code' = 'sign-on-refused' AND"
                  " content->'agent'->0->'who'->'identifier'->>'value' = 'dan.nogroup' ORDER BY seq DESC LIMIT 1"),
              "no-role");
    EXPECT_EQ(sql("SELECT compartment FROM resources WHERE resource_type = 'AuditEvent' AND"
                  " content->'subtype'->0->>'code' = 'sign-on' ORDER BY seq DESC LIMIT 1"),
              "User/ada.north");
    // A token that is not a JWT names no one: its refusal is still recorded.
    const int anonymousBefore = std::stoi(signOnEvents("sign-on-refused", ""));
    EXPECT_EQ(hub().post("/auth/oidc", json{{"id_token", "not-a-jwt"}, {"nonce", "n"}},
                         {{"Content-Type", "application/json"}})
                  .status,
              401);
    EXPECT_EQ(std::stoi(signOnEvents("sign-on-refused", "")), anonymousBefore + 1);
    // No token the hub gave or took is in any AuditEvent.
    const json tokens = granted.json();
    for (const char* field : {"access_token", "refresh_token"}) {
        const std::string token = tokens.value(field, "");
        ASSERT_FALSE(token.empty());
        EXPECT_EQ(sql("SELECT count(*) FROM resources WHERE resource_type = 'AuditEvent' AND content::text LIKE '%" +
                      token + "%'"),
                  "0")
            << field;
    }
}

TEST_F(OidcSignOn, RefusedSignOnsCountInTheLogInThrottlePerAccountAndPerSource)
{
    // Sources through a trusted proxy (X-Forwarded-For), small limits: two refusals of one account
    // from one source, four refusals from one source.
    auto throttled = HubEnvironment::shared().startHub(
        {"--oidc-issuer", s_provider->issuer(), "--oidc-client-id", "avocet-desktop", "--oidc-token-key-file",
         (s_dir / "token.key").string(), "--oidc-group", "avocet-clinicians=clinician", "--trusted-proxies",
         "127.0.0.1", "--login-account-source-failures", "2", "--login-source-failures", "4"});
    ASSERT_NE(throttled, nullptr);
    auto post = [&](const IdToken& token, const std::string& source) {
        return HttpClient(throttled->port())
            .post("/auth/oidc", json{{"id_token", token.idToken}, {"nonce", token.nonce}},
                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", source}});
    };
    auto refusalOf = [](const HttpResult& answer) { return answer.header("x-avocet-refusal"); };
    const std::string wardPc = "192.0.2.10";
    // dan.nogroup is in no mapped group: refused, and counted against his account from this PC.
    for (int i = 0; i < 2; ++i) {
        const auto answer = post(idTokenFrom(*s_provider, "avocet-desktop", "dan.nogroup", "synthetic-Passw0rd-4"), wardPc);
        EXPECT_EQ(refusalOf(answer), "no-role") << answer.body;
    }
    const auto third = post(idTokenFrom(*s_provider, "avocet-desktop", "dan.nogroup", "synthetic-Passw0rd-4"), wardPc);
    EXPECT_EQ(third.status, 429) << third.body;
    EXPECT_EQ(refusalOf(third), "throttled");
    // The same account from another computer is not locked out by that one.
    const auto elsewhere =
        post(idTokenFrom(*s_provider, "avocet-desktop", "dan.nogroup", "synthetic-Passw0rd-4"), "192.0.2.20");
    EXPECT_EQ(refusalOf(elsewhere), "no-role") << elsewhere.body;
    // Refusals naming no one count against their source: after four, even a good sign-on from it waits.
    const std::string noisyPc = "192.0.2.30";
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(refusalOf(post(IdToken{"not-a-jwt", "n", ""}, noisyPc)), "malformed");
    const auto good = post(idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6"), noisyPc);
    EXPECT_EQ(good.status, 429) << good.body;
    const auto goodElsewhere =
        post(idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6"), "192.0.2.40");
    EXPECT_EQ(goodElsewhere.status, 200) << goodElsewhere.body;
}

TEST_F(OidcSignOn, ARefreshBringsRoleAndTeamsFromTheDirectoryAndEndsALoginThatLostEveryRole)
{
    const auto signedOn = signOnThroughTheBrowser("gil.moved", "synthetic-Passw0rd-7");
    ASSERT_EQ(signedOn.status, 200) << signedOn.body;
    auto teamsOf = [] {
        return sql("SELECT coalesce(string_agg(t.name, ',' ORDER BY t.name), '') FROM team_members m JOIN teams t"
                   " ON t.team_id = m.team_id WHERE m.username = 'gil.moved'");
    };
    EXPECT_EQ(sql("SELECT role FROM users WHERE username = 'gil.moved'"), "clinician");
    EXPECT_EQ(teamsOf(), "north-community");

    // The directory moves Gil to the south ward: the next refresh says so.
    s_provider->control("users/gil.moved/groups?set=avocet-ward-staff,team-south-ward");
    const json moved = refreshWith(hub(), signedOn.json().value("refresh_token", ""));
    ASSERT_EQ(moved.value("status", 0), 200) << moved.dump();
    EXPECT_EQ(moved.value("role", ""), "ward_staff");
    EXPECT_EQ(sql("SELECT role FROM users WHERE username = 'gil.moved'"), "ward_staff");
    EXPECT_EQ(teamsOf(), "south-ward");

    // Out of every group that gives a role: the login ends at the next refresh, and is audited.
    const int endedBefore = std::stoi(signOnEvents("sign-on-refresh-refused", "gil.moved"));
    s_provider->control("users/gil.moved/groups?set=finance");
    const json out = refreshWith(hub(), moved.value("refresh_token", ""));
    EXPECT_EQ(out.value("status", 0), 401) << out.dump();
    EXPECT_EQ(out.value("refusal", ""), "no-role");
    EXPECT_EQ(std::stoi(signOnEvents("sign-on-refresh-refused", "gil.moved")), endedBefore + 1);
    HttpClient client = hub();
    client.setBearerToken(moved.value("access_token", ""));
    EXPECT_EQ(client.get("/Patient?_count=1").status, 401) << "the whole login ended";
    // A later refresh of that login gets the same reason, not an unknown token.
    const json again = refreshWith(hub(), moved.value("refresh_token", ""));
    EXPECT_EQ(again.value("status", 0), 401);
    EXPECT_EQ(again.value("refusal", ""), "no-role");
}

TEST_F(OidcSignOn, BackChannelLogoutFromTheProviderEndsThatSessionsHubLoginsAtOnce)
{
    const std::string logoutUri = "http://127.0.0.1:" + std::to_string(s_hub->port()) + "/auth/oidc/backchannel-logout";
    s_provider->control("backchannel?uri=" + logoutUri);
    struct Reset
    {
        ~Reset() { s_provider->control("backchannel?uri="); }
    } reset;
    // Two provider sessions of Hal (two browsers), each with its hub login.
    const std::string sids = "SELECT coalesce(string_agg(provider_sid, ','), '') FROM oidc_sessions o JOIN"
                             " oidc_identities i ON i.subject = o.subject WHERE i.username = 'hal.backchannel'";
    const auto one = signOnThroughTheBrowser("hal.backchannel", "synthetic-Passw0rd-8");
    ASSERT_EQ(one.status, 200) << one.body;
    const std::string firstSid = sql(sids); // the session of the first sign-on, from its ID token
    ASSERT_FALSE(firstSid.empty());
    ASSERT_EQ(firstSid.find(','), std::string::npos);
    const auto two = signOnThroughTheBrowser("hal.backchannel", "synthetic-Passw0rd-8");
    ASSERT_EQ(two.status, 200) << two.body;
    auto works = [](const HttpResult& login) {
        HttpClient client = hub();
        client.setBearerToken(login.json().value("access_token", ""));
        return client.get("/Patient?_count=1").status;
    };
    ASSERT_EQ(works(one), 200);
    ASSERT_EQ(works(two), 200);

    // The provider ends the first session and tells the hub on the back channel: that session's hub
    // login ends at once; the other session's stays.
    const int auditedBefore = std::stoi(signOnEvents("backchannel-logout", "hal.backchannel"));
    s_provider->control("users/hal.backchannel/backchannel-logout?sid=" + firstSid);
    EXPECT_EQ(works(one), 401);
    EXPECT_EQ(works(two), 200);
    // Its refresh says the provider ended it (the desktop locks on that), not that the token is unknown.
    const json refusedRefresh = refreshWith(hub(), one.json().value("refresh_token", ""));
    EXPECT_EQ(refusedRefresh.value("status", 0), 401) << refusedRefresh.dump();
    EXPECT_EQ(refusedRefresh.value("refusal", ""), "ended-at-provider");
    EXPECT_EQ(sql("SELECT count(*) FROM oidc_sessions o JOIN oidc_identities i ON i.subject = o.subject WHERE"
                  " i.username = 'hal.backchannel' AND o.ended_reason IS NOT NULL AND o.sealed_refresh IS NOT NULL"),
              "0")
        << "the provider's tokens of an ended session are not kept";
    EXPECT_EQ(std::stoi(signOnEvents("backchannel-logout", "hal.backchannel")), auditedBefore + 1);

    // A logout token naming the subject only ends all of Hal's hub logins; the same token again is
    // refused (each jti once), and so is an ID token passed off as a logout token.
    const std::string logoutToken = s_provider->control("users/hal.backchannel/logout-token").value("logout_token", "");
    ASSERT_FALSE(logoutToken.empty());
    auto postLogout = [&](const std::string& token) {
        return hub().request("POST", "/auth/oidc/backchannel-logout", "logout_token=" + token,
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
    };
    const auto ended = postLogout(logoutToken);
    EXPECT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(works(two), 401);
    const auto replayed = postLogout(logoutToken);
    EXPECT_EQ(replayed.status, 400) << replayed.body;
    EXPECT_EQ(replayed.header("x-avocet-refusal"), "replayed");
    const auto idToken = idTokenFrom(*s_provider, "avocet-desktop", "hal.backchannel", "synthetic-Passw0rd-8");
    const auto notLogout = postLogout(idToken.idToken);
    EXPECT_EQ(notLogout.status, 400) << notLogout.body;
    EXPECT_EQ(notLogout.header("x-avocet-refusal"), "not-logout");
    const auto forOther = postLogout(idTokenFrom(*s_provider, "other-app", "hal.backchannel", "synthetic-Passw0rd-8").idToken);
    EXPECT_EQ(forOther.header("x-avocet-refusal"), "audience");
}

TEST_F(OidcSignOn, AKeyTheProviderRetiredAfterTheHubKeptItIsRefusedOnceTheKeptKeysExpire)
{
    auto fetches = [&] { return s_provider->control("stats").value("keySetRequests", -1); };
    auto post = [](const HubProcess& hub, const IdToken& token) {
        return HttpClient(hub.port())
            .post("/auth/oidc", json{{"id_token", token.idToken}, {"nonce", token.nonce}},
                  {{"Content-Type", "application/json"}});
    };
    // The hub takes a token signed with the provider's new key (and so keeps that key), then the
    // provider retires the key; the answer to a second token signed with it before the retirement.
    auto afterRetirement = [&](const HubProcess& hub, int* fetchedForIt) {
        const json retiring = s_provider->control("rotate-keys");
        const auto first = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
        const auto second = idTokenFrom(*s_provider, "avocet-desktop", "fay.rotate", "synthetic-Passw0rd-6");
        EXPECT_EQ(second.keyId, retiring.value("kid", ""));
        const auto kept = post(hub, first);
        EXPECT_EQ(kept.status, 200) << kept.body;
        s_provider->control("rotate-keys?retire=1");
        const int before = fetches();
        auto answer = post(hub, second);
        *fetchedForIt = fetches() - before;
        return std::make_pair(answer, second.keyId);
    };
    const std::vector<std::string> base = {"--oidc-issuer", s_provider->issuer(), "--oidc-client-id", "avocet-desktop",
                                           "--oidc-token-key-file", (s_dir / "token.key").string(), "--oidc-group",
                                           "avocet-clinicians=clinician", "--oidc-key-refetch-seconds", "0"};
    struct ResetCache
    {
        ~ResetCache() { s_provider->control("jwks-cache?cache-control="); }
    } reset;

    // The hub's own limit (oidc-keys-max-age-seconds, here 0: every check fetches the keys afresh).
    {
        auto args = base;
        args.insert(args.end(), {"--oidc-keys-max-age-seconds", "0"});
        auto hub = HubEnvironment::shared().startHub(args);
        ASSERT_NE(hub, nullptr);
        int fetched = 0;
        const auto [refused, keyId] = afterRetirement(*hub, &fetched);
        EXPECT_EQ(refused.status, 401) << refused.body;
        EXPECT_EQ(refused.header("x-avocet-refusal"), "unknown-key");
        EXPECT_NE(diagnostics(refused).find(keyId), std::string::npos) << diagnostics(refused);
        EXPECT_GE(fetched, 1) << "the expired key set is fetched again";
    }
    // The provider's own word: its key set answer says max-age=0, and the hub (limit 600 s) obeys.
    {
        s_provider->control("jwks-cache?cache-control=public%2C%20max-age%3D0");
        auto hub = HubEnvironment::shared().startHub(base);
        ASSERT_NE(hub, nullptr);
        int fetched = 0;
        const auto [refused, keyId] = afterRetirement(*hub, &fetched);
        EXPECT_EQ(refused.status, 401) << refused.body;
        EXPECT_EQ(refused.header("x-avocet-refusal"), "unknown-key");
        EXPECT_GE(fetched, 1);
    }
    // While the kept keys have not expired (the provider allows an hour, the hub keeps them 600 s)
    // the hub asks the provider nothing: the same key is still taken, from what the hub keeps.
    {
        s_provider->control("jwks-cache?cache-control=max-age%3D3600");
        auto hub = HubEnvironment::shared().startHub(base);
        ASSERT_NE(hub, nullptr);
        int fetched = -1;
        const auto [kept, keyId] = afterRetirement(*hub, &fetched);
        EXPECT_EQ(kept.status, 200) << kept.body;
        EXPECT_EQ(fetched, 0);
    }
}

TEST_F(OidcSignOn, ATeamManagersGroupGivesTheTeamManagerRoleWithItsTeams)
{
    const auto signedOn = signOnThroughTheBrowser("ivy.manager", "synthetic-Passw0rd-9");
    ASSERT_EQ(signedOn.status, 200) << signedOn.body;
    EXPECT_EQ(signedOn.json().value("role", ""), "team_manager");
    EXPECT_EQ(sql("SELECT role FROM users WHERE username = 'ivy.manager'"), "team_manager");
    EXPECT_EQ(sql("SELECT coalesce(string_agg(t.name, ','), '') FROM team_members m JOIN teams t"
                  " ON t.team_id = m.team_id WHERE m.username = 'ivy.manager'"),
              "north-community");
    // Figures, not patients: the reports answer, the records do not.
    HttpClient client = hub();
    client.setBearerToken(signedOn.json().value("access_token", ""));
    EXPECT_EQ(client.get("/reports/metrics").status, 200);
    EXPECT_EQ(client.get("/Patient?_count=1").status, 403);

    // In a clinicians' group as well: the team manager role still wins (as change_manager does).
    s_provider->control("users/ivy.manager/groups?set=avocet-clinicians,avocet-team-managers,team-north-community");
    const json both = refreshWith(hub(), signedOn.json().value("refresh_token", ""));
    ASSERT_EQ(both.value("status", 0), 200) << both.dump();
    EXPECT_EQ(both.value("role", ""), "team_manager");
}


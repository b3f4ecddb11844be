// Log-in lock-out on avocet-hub (SECURITY-RELIABILITY 25): an unknown user name, a locked account
// and a wrong password answer alike and run the same Argon2id verification; the failure count is
// atomic; lock-out throttles by source address as well as by account, so strangers cannot keep a
// clinician out. Sources are simulated with X-Forwarded-For through a hub that trusts loopback as
// its proxy. Timings are printed, never asserted.

#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using avocet::test::HttpClient;
using avocet::test::HttpResult;
using avocet::test::HubEnvironment;
using avocet::test::HubProcess;
using avocet::test::kTestPassword;
using nlohmann::json;

namespace {

std::string sql(const std::string& statement)
{
    return avocet::test::sqlValue(HubEnvironment::shared().conninfo(), statement);
}

class LoginThrottle : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_hub = HubEnvironment::shared().startHub({"--trusted-proxies", "127.0.0.1", "--test-metrics"});
    }
    static void TearDownTestSuite() { s_hub.reset(); }

    static void createUser(const std::string& name)
    {
        ASSERT_EQ(HubEnvironment::shared().admin({"create-user", name, "--role", "clinician", "--team", "north-community"}), 0);
    }

    static HttpResult attempt(const std::string& user, const std::string& password, const std::string& source)
    {
        return HttpClient(s_hub->port())
            .request("POST", "/auth/login", json{{"username", user}, {"password", password}}.dump(),
                     {{"Content-Type", "application/json"}, {"X-Forwarded-For", source}});
    }

    static long long verifications()
    {
        const auto health = HttpClient(s_hub->port()).get("/health");
        EXPECT_EQ(health.status, 200) << health.body;
        return health.json()["test"]["passwordVerifications"].value("total", -1LL);
    }
    static json verificationSplit()
    {
        return HttpClient(s_hub->port()).get("/health").json()["test"]["passwordVerifications"];
    }

    static std::unique_ptr<HubProcess> s_hub;
};

std::unique_ptr<HubProcess> LoginThrottle::s_hub;

// Status and body: what a caller can see of a refusal.
std::pair<int, std::string> seen(const HttpResult& result)
{
    return {result.status, result.body};
}

} // namespace

TEST_F(LoginThrottle, AnUnknownNameALockedAccountAndAWrongPasswordAnswerAlikeAndRunOneVerificationEach)
{
    createUser("throttle.alike");
    const std::string source = "198.51.100.10";
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(attempt("throttle.alike", "wrong-" + std::to_string(i), source).status, 401);

    auto timed = [&](const std::string& user, const std::string& password, const char* label) {
        const long long before = verifications();
        const auto started = std::chrono::steady_clock::now();
        const auto result = attempt(user, password, source);
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        std::cout << "  " << label << ": HTTP " << result.status << " in " << ms.count() << " ms\n";
        EXPECT_EQ(verifications() - before, 1) << label << " runs exactly one Argon2id verification";
        return result;
    };
    const auto locked = timed("throttle.alike", kTestPassword, "locked account, right password");
    const auto lockedWrong = timed("throttle.alike", "wrong-again", "locked account, wrong password");
    const auto unknown = timed("throttle.nobody", "whatever-it-is", "unknown user name");
    createUser("throttle.fresh");
    const auto wrong = timed("throttle.fresh", "wrong-password", "wrong password");

    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(seen(locked), seen(wrong));
    EXPECT_EQ(seen(lockedWrong), seen(wrong));
    EXPECT_EQ(seen(unknown), seen(wrong));
    EXPECT_EQ(locked.header("www-authenticate"), wrong.header("www-authenticate"));
}

TEST_F(LoginThrottle, EightConcurrentWrongPasswordsCountExactlyFiveAgainstTheAccount)
{
    createUser("throttle.race");
    const std::string source = "198.51.100.20";
    const json before = verificationSplit();
    std::atomic<int> ready{0};
    std::vector<int> statuses(8, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < 8) {
            }
            statuses[static_cast<std::size_t>(i)] = attempt("throttle.race", "wrong-" + std::to_string(i), source).status;
        });
    }
    for (auto& thread : threads)
        thread.join();
    for (const int status : statuses)
        EXPECT_EQ(status, 401);
    const json after = verificationSplit();
    EXPECT_EQ(after.value("total", 0LL) - before.value("total", 0LL), 8);
    EXPECT_EQ(after.value("account", 0LL) - before.value("account", 0LL), 5) << "only five reach the real hash";
    EXPECT_EQ(after.value("dummy", 0LL) - before.value("dummy", 0LL), 3);
    EXPECT_EQ(sql("SELECT failures FROM login_throttle WHERE key = 'account-source:throttle.race|" + source + "'"), "5");
    EXPECT_EQ(sql("SELECT failures FROM login_throttle WHERE key = 'account:throttle.race'"), "5");
    // The right password from that source is refused while the lock holds.
    EXPECT_EQ(attempt("throttle.race", kTestPassword, source).status, 401);
}

TEST_F(LoginThrottle, AStrangersFailuresDoNotLockTheAccountForItsOwnersComputer)
{
    createUser("throttle.owner");
    const std::string stranger = "203.0.113.66";
    const std::string ownPc = "198.51.100.30";
    for (int i = 0; i < 7; ++i)
        EXPECT_EQ(attempt("throttle.owner", "guess-" + std::to_string(i), stranger).status, 401);
    EXPECT_EQ(attempt("throttle.owner", kTestPassword, stranger).status, 401) << "locked for the source that failed";
    const auto owner = attempt("throttle.owner", kTestPassword, ownPc);
    EXPECT_EQ(owner.status, 200) << owner.body;
    // Logging in from its own computer does not reopen the account to the stranger.
    EXPECT_EQ(attempt("throttle.owner", kTestPassword, stranger).status, 401);
}

TEST_F(LoginThrottle, ASourceThatFailsTooOftenIsThrottledForEveryAccount)
{
    const std::string source = "203.0.113.77";
    // 30 failures per source in the window, spread over names so that no account lock applies.
    for (int i = 0; i < 30; ++i)
        EXPECT_EQ(attempt("sprayed.name" + std::to_string(i % 10), "spray-" + std::to_string(i), source).status, 401);
    createUser("throttle.sprayed");
    const auto refused = attempt("throttle.sprayed", kTestPassword, source);
    EXPECT_EQ(refused.status, 401) << "the source has used its budget";
    EXPECT_EQ(attempt("throttle.sprayed", kTestPassword, "198.51.100.40").status, 200) << "other sources are not affected";
}

TEST_F(LoginThrottle, WithoutATrustedProxyForwardedForIsIgnored)
{
    createUser("throttle.direct");
    HttpClient direct(HubEnvironment::shared().port()); // the shared hub trusts no proxy
    auto tryDirect = [&](const std::string& password, const std::string& claimed) {
        return direct.request("POST", "/auth/login", json{{"username", "throttle.direct"}, {"password", password}}.dump(),
                              {{"Content-Type", "application/json"}, {"X-Forwarded-For", claimed}});
    };
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(tryDirect("wrong-" + std::to_string(i), "192.0.2." + std::to_string(i)).status, 401);
    EXPECT_EQ(tryDirect(kTestPassword, "192.0.2.99").status, 401) << "the real peer address is what is throttled";
    EXPECT_EQ(sql("SELECT failures FROM login_throttle WHERE key = 'account-source:throttle.direct|127.0.0.1'"), "5");
}

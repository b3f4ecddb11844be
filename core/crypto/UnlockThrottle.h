#pragma once
// Throttles passphrase attempts per user. Kept in memory on purpose: a wrong passphrase must not
// create or change any file (SECURITY-RELIABILITY.md 3), and Argon2id already costs ~0.5 s a try.

#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace avocet::core::crypto {

class UnlockThrottle
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit UnlockThrottle(Clock clock = [] { return std::chrono::steady_clock::now(); });

    // How long the user must wait before the next attempt (zero when allowed now).
    std::chrono::milliseconds waitBefore(const std::string& user) const;
    void recordFailure(const std::string& user);
    void recordSuccess(const std::string& user);
    int failures(const std::string& user) const;

    // The first kFreeAttempts failures cost nothing extra; then 2 s, 4 s, 8 s … up to kMaxDelay.
    static constexpr int kFreeAttempts = 3;
    static constexpr std::chrono::seconds kMaxDelay{60};
    static std::chrono::milliseconds delayAfter(int failures);

private:
    struct State
    {
        int failures = 0;
        std::chrono::steady_clock::time_point lastFailure{};
    };
    Clock m_clock;
    std::map<std::string, State> m_state;
};

} // namespace avocet::core::crypto

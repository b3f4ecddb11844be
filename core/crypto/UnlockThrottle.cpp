#include "core/crypto/UnlockThrottle.h"

#include <algorithm>

namespace avocet::core::crypto {

UnlockThrottle::UnlockThrottle(Clock clock) : m_clock(std::move(clock)) {}

std::chrono::milliseconds UnlockThrottle::delayAfter(int failures)
{
    if (failures < kFreeAttempts)
        return std::chrono::milliseconds(0);
    const int exponent = std::min(failures - kFreeAttempts + 1, 6);
    const auto delay = std::chrono::milliseconds(1000LL << exponent);
    return std::min<std::chrono::milliseconds>(delay, kMaxDelay);
}

std::chrono::milliseconds UnlockThrottle::waitBefore(const std::string& user) const
{
    const auto it = m_state.find(user);
    if (it == m_state.end())
        return std::chrono::milliseconds(0);
    const auto due = it->second.lastFailure + delayAfter(it->second.failures);
    const auto now = m_clock();
    if (now >= due)
        return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(due - now) + std::chrono::milliseconds(1);
}

void UnlockThrottle::recordFailure(const std::string& user)
{
    auto& state = m_state[user];
    ++state.failures;
    state.lastFailure = m_clock();
}

void UnlockThrottle::recordSuccess(const std::string& user) { m_state.erase(user); }

int UnlockThrottle::failures(const std::string& user) const
{
    const auto it = m_state.find(user);
    return it == m_state.end() ? 0 : it->second.failures;
}

} // namespace avocet::core::crypto

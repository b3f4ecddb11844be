#pragma once
// Exponential backoff with jitter ("equal jitter": half the exponential step fixed, half random),
// capped, and never shorter than a server's Retry-After.

#include <optional>
#include <string>

#include "core/sync/SyncTypes.h"

namespace avocet::core::sync {

class Backoff
{
public:
    Backoff(RetryPolicy policy, std::shared_ptr<RandomSource> random)
        : m_policy(policy), m_random(std::move(random))
    {
    }

    // Delay before retry number `attempt` (1 = the first retry).
    Millis delay(int attempt, std::optional<Millis> retryAfter = std::nullopt) const;

private:
    RetryPolicy m_policy;
    std::shared_ptr<RandomSource> m_random;
};

// Parses a Retry-After value: delta-seconds, or an HTTP-date measured against the response's own
// Date header (server time against server time, so the device clock does not matter).
std::optional<Millis> parseRetryAfter(const std::string& value, const std::string& dateHeader);

} // namespace avocet::core::sync

#include "core/sync/Backoff.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

namespace avocet::core::sync {

Millis Backoff::delay(int attempt, std::optional<Millis> retryAfter) const
{
    const double base = static_cast<double>(m_policy.baseDelay.count());
    const double cap = static_cast<double>(m_policy.maxDelay.count());
    const double exponent = std::min(30, std::max(0, attempt - 1));
    const double step = std::min(cap, base * std::pow(2.0, exponent));
    const double jittered = step / 2.0 + m_random->uniform() * step / 2.0;
    auto wait = Millis(static_cast<long long>(jittered));
    if (retryAfter)
        wait = std::max(wait, *retryAfter);
    return wait;
}

std::optional<Millis> parseRetryAfter(const std::string& value, const std::string& dateHeader)
{
    if (value.empty())
        return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        if (value.size() > 9)
            return Millis(999'999'999'000LL);
        return Millis(std::stoll(value) * 1000);
    }
    if (value.size() < 20 || value.find(',') == std::string::npos)
        return std::nullopt; // not an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT")
    try {
        int tz = 0;
        const auto until = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, value, tz);
        if (dateHeader.empty())
            return Millis(0);
        const auto sent = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, dateHeader, tz);
        const auto diff = (until - sent).totalMilliseconds();
        return Millis(std::max<long long>(0, diff));
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

} // namespace avocet::core::sync

#include "core/forms/Decimal.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace avocet::core::forms {

namespace {

__extension__ typedef __int128 Wide;

constexpr Wide kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr Wide kInt64Min = std::numeric_limits<std::int64_t>::min();

Wide pow10(int exponent)
{
    Wide result = 1;
    for (int i = 0; i < exponent; ++i) {
        result *= 10;
    }
    return result;
}

bool fits(Wide value) { return value <= kInt64Max && value >= kInt64Min; }

// Divides rounding half away from zero.
Wide divideRounded(Wide numerator, Wide denominator)
{
    Wide quotient = numerator / denominator;
    Wide remainder = numerator % denominator;
    Wide twice = (remainder < 0 ? -remainder : remainder) * 2;
    Wide absDen = denominator < 0 ? -denominator : denominator;
    if (twice >= absDen) {
        quotient += ((numerator < 0) != (denominator < 0)) ? -1 : 1;
    }
    return quotient;
}

// Reduces (mantissa, scale) until it fits in int64 and scale <= kMaxScale.
std::optional<std::pair<std::int64_t, int>> normalise(Wide mantissa, int scale)
{
    while (scale > Decimal::kMaxScale || (!fits(mantissa) && scale > 0)) {
        mantissa = divideRounded(mantissa, 10);
        --scale;
    }
    if (!fits(mantissa)) {
        return std::nullopt;
    }
    return std::make_pair(static_cast<std::int64_t>(mantissa), scale);
}

} // namespace

Decimal Decimal::fromInteger(std::int64_t value) { return Decimal(value, 0); }

std::optional<Decimal> Decimal::parse(std::string_view text)
{
    if (text.empty() || text.size() > 64) {
        return std::nullopt;
    }
    std::size_t pos = 0;
    bool negative = false;
    if (text[pos] == '+' || text[pos] == '-') {
        negative = text[pos] == '-';
        ++pos;
    }
    Wide mantissa = 0;
    int scale = 0;
    int digits = 0;
    bool seenPoint = false;
    for (; pos < text.size(); ++pos) {
        char c = text[pos];
        if (c == '.') {
            if (seenPoint) {
                return std::nullopt;
            }
            seenPoint = true;
            continue;
        }
        if (c == 'e' || c == 'E') {
            break;
        }
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        if (mantissa > kInt64Max * 10) {
            return std::nullopt;
        }
        mantissa = mantissa * 10 + (c - '0');
        ++digits;
        if (seenPoint) {
            ++scale;
        }
    }
    if (digits == 0) {
        return std::nullopt;
    }
    if (pos < text.size()) { // exponent
        int exponent = 0;
        auto rest = text.substr(pos + 1);
        if (!rest.empty() && rest.front() == '+') {
            rest.remove_prefix(1);
        }
        auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), exponent);
        if (ec != std::errc{} || ptr != rest.data() + rest.size() || exponent > 36 || exponent < -36) {
            return std::nullopt;
        }
        scale -= exponent;
        if (scale < 0) {
            mantissa *= pow10(-scale);
            scale = 0;
        }
    }
    if (negative) {
        mantissa = -mantissa;
    }
    auto norm = normalise(mantissa, scale);
    if (!norm) {
        return std::nullopt;
    }
    return Decimal(norm->first, norm->second);
}

std::optional<Decimal> Decimal::fromDouble(double value)
{
    if (!std::isfinite(value)) {
        return std::nullopt;
    }
    std::array<char, 64> buffer{};
    auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    return parse(std::string_view(buffer.data(), static_cast<std::size_t>(ptr - buffer.data())));
}

Decimal Decimal::withScale(int scale) const
{
    if (scale >= m_scale) {
        return Decimal(static_cast<std::int64_t>(m_mantissa * pow10(scale - m_scale)), scale);
    }
    return Decimal(static_cast<std::int64_t>(divideRounded(m_mantissa, pow10(m_scale - scale))), scale);
}

std::optional<Decimal> Decimal::plus(const Decimal& other) const
{
    int scale = std::max(m_scale, other.m_scale);
    Wide sum = m_mantissa * pow10(scale - m_scale) + other.m_mantissa * pow10(scale - other.m_scale);
    auto norm = normalise(sum, scale);
    if (!norm) {
        return std::nullopt;
    }
    return Decimal(norm->first, norm->second);
}

std::optional<Decimal> Decimal::minus(const Decimal& other) const { return plus(other.negated()); }

std::optional<Decimal> Decimal::times(const Decimal& other) const
{
    Wide product = static_cast<Wide>(m_mantissa) * other.m_mantissa;
    auto norm = normalise(product, m_scale + other.m_scale);
    if (!norm) {
        return std::nullopt;
    }
    return Decimal(norm->first, norm->second);
}

std::optional<Decimal> Decimal::dividedBy(const Decimal& other) const
{
    if (other.m_mantissa == 0) {
        return std::nullopt;
    }
    // result = (a / 10^sa) / (b / 10^sb) = a * 10^(sb + k - sa) / b, scaled by 10^k
    const int k = kDivisionScale;
    int shift = other.m_scale + k - m_scale;
    Wide numerator = m_mantissa;
    Wide denominator = other.m_mantissa;
    if (shift >= 0) {
        numerator *= pow10(shift);
    } else {
        denominator *= pow10(-shift);
    }
    Wide quotient = divideRounded(numerator, denominator);
    auto norm = normalise(quotient, k);
    if (!norm) {
        return std::nullopt;
    }
    // Drop trailing zeros so 6 / 2 is 3 rather than 3.00000000, but keep at least one digit
    // after the point: FHIRPath division always yields a Decimal.
    std::int64_t mantissa = norm->first;
    int scale = norm->second;
    while (scale > 1 && mantissa % 10 == 0) {
        mantissa /= 10;
        --scale;
    }
    return Decimal(mantissa, scale);
}

std::optional<Decimal> Decimal::div(const Decimal& other) const
{
    if (other.m_mantissa == 0) {
        return std::nullopt;
    }
    int scale = std::max(m_scale, other.m_scale);
    Wide a = m_mantissa * pow10(scale - m_scale);
    Wide b = other.m_mantissa * pow10(scale - other.m_scale);
    Wide q = a / b;
    if (!fits(q)) {
        return std::nullopt;
    }
    return Decimal(static_cast<std::int64_t>(q), 0);
}

std::optional<Decimal> Decimal::mod(const Decimal& other) const
{
    if (other.m_mantissa == 0) {
        return std::nullopt;
    }
    int scale = std::max(m_scale, other.m_scale);
    Wide a = m_mantissa * pow10(scale - m_scale);
    Wide b = other.m_mantissa * pow10(scale - other.m_scale);
    return Decimal(static_cast<std::int64_t>(a % b), scale);
}

int Decimal::compare(const Decimal& other) const
{
    int scale = std::max(m_scale, other.m_scale);
    Wide a = m_mantissa * pow10(scale - m_scale);
    Wide b = other.m_mantissa * pow10(scale - other.m_scale);
    return a < b ? -1 : (a > b ? 1 : 0);
}

Decimal Decimal::negated() const { return Decimal(-m_mantissa, m_scale); }

Decimal Decimal::absolute() const { return m_mantissa < 0 ? negated() : *this; }

Decimal Decimal::rounded(int digits) const
{
    if (digits < 0) {
        digits = 0;
    }
    if (digits >= m_scale) {
        return *this;
    }
    return withScale(digits);
}

Decimal Decimal::truncated() const
{
    return Decimal(static_cast<std::int64_t>(m_mantissa / pow10(m_scale)), 0);
}

Decimal Decimal::floor() const
{
    Decimal t = truncated();
    if (m_mantissa < 0 && !isInteger()) {
        return Decimal(t.m_mantissa - 1, 0);
    }
    return t;
}

Decimal Decimal::ceiling() const
{
    Decimal t = truncated();
    if (m_mantissa > 0 && !isInteger()) {
        return Decimal(t.m_mantissa + 1, 0);
    }
    return t;
}

bool Decimal::isInteger() const { return m_mantissa % static_cast<std::int64_t>(pow10(m_scale)) == 0; }

std::optional<std::int64_t> Decimal::toInteger() const
{
    if (!isInteger()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(m_mantissa / pow10(m_scale));
}

double Decimal::toDouble() const { return std::strtod(toString().c_str(), nullptr); }

std::string Decimal::toString() const
{
    Wide magnitude = m_mantissa < 0 ? -static_cast<Wide>(m_mantissa) : static_cast<Wide>(m_mantissa);
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
    } while (magnitude > 0);
    while (static_cast<int>(digits.size()) <= m_scale) {
        digits.insert(digits.begin(), '0');
    }
    if (m_scale > 0) {
        digits.insert(digits.end() - m_scale, '.');
    }
    if (m_mantissa < 0) {
        digits.insert(digits.begin(), '-');
    }
    return digits;
}

} // namespace avocet::core::forms

#pragma once
// Exact decimal arithmetic for FHIRPath: scores must never pick up binary floating-point noise
// (0.1 + 0.2 must equal 0.3). A value is mantissa / 10^scale with up to 18 fractional digits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace avocet::core::forms {

class Decimal
{
public:
    static constexpr int kMaxScale = 18;
    static constexpr int kDivisionScale = 8; // FHIRPath division keeps 8 fractional digits

    Decimal() = default;
    static Decimal fromInteger(std::int64_t value);
    // Accepts "12", "-0.50", "1.5e3". Rejects anything else, including values that overflow.
    static std::optional<Decimal> parse(std::string_view text);
    // Shortest round-trip representation of the double, so JSON 0.1 becomes exactly 0.1.
    static std::optional<Decimal> fromDouble(double value);

    std::optional<Decimal> plus(const Decimal& other) const;
    std::optional<Decimal> minus(const Decimal& other) const;
    std::optional<Decimal> times(const Decimal& other) const;
    std::optional<Decimal> dividedBy(const Decimal& other) const; // empty on division by zero
    // Integer division and modulo as FHIRPath's div/mod (truncating towards zero).
    std::optional<Decimal> div(const Decimal& other) const;
    std::optional<Decimal> mod(const Decimal& other) const;

    int compare(const Decimal& other) const;
    bool operator==(const Decimal& other) const { return compare(other) == 0; }

    Decimal negated() const;
    Decimal absolute() const;
    Decimal rounded(int digits) const; // half away from zero
    Decimal floor() const;
    Decimal ceiling() const;
    Decimal truncated() const;

    bool isInteger() const;
    std::optional<std::int64_t> toInteger() const; // only when isInteger() and it fits
    double toDouble() const;
    std::string toString() const; // keeps the scale: 3.0 stays "3.0"
    int scale() const { return m_scale; }
    std::int64_t mantissa() const { return m_mantissa; }

private:
    Decimal(std::int64_t mantissa, int scale) : m_mantissa(mantissa), m_scale(scale) {}
    Decimal withScale(int scale) const; // rounds when shrinking; caller guarantees no overflow

    std::int64_t m_mantissa = 0;
    int m_scale = 0;
};

} // namespace avocet::core::forms

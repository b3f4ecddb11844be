#pragma once
// NHS number rules from the NHS Data Dictionary (DOMAIN.md): 10 digits, modulus-11 check digit,
// a check of 10 means invalid, 0000000000 refused by policy, and so is any number made of one
// repeated digit (1111111111 … 9999999999: every one passes the modulus-11 check, none is
// issued). Input may carry spaces or dashes (3-3-4); storage is the 10 bare digits; display is
// always 3-3-4.

#include "core/common/Result.h"

#include <optional>
#include <string>
#include <string_view>

namespace avocet::core::identity {

inline constexpr std::string_view kNhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

class NhsNumber
{
public:
    // Accepts "9434765919", "943 476 5919", "943-476-5919"; explains what is wrong otherwise.
    static Result<NhsNumber> parse(std::string_view input);
    static bool isValid(std::string_view input) { return parse(input).ok(); }
    // "4444444444": never issued, refused by parse although the check digit matches.
    static bool isOneRepeatedDigit(std::string_view digits);
    // The check digit for nine leading digits, or nullopt when it would be 10.
    static std::optional<int> checkDigit(std::string_view nineDigits);

    const std::string& digits() const { return m_digits; }
    std::string formatted() const; // 943 476 5919
    std::string masked() const;    // 943 *** **19, the only form allowed in logs
    // In the never-issued 999 000 0000 – 999 999 9999 range used for all synthetic data.
    bool isSynthetic() const { return m_digits.rfind("999", 0) == 0; }

    friend bool operator==(const NhsNumber&, const NhsNumber&) = default;

private:
    explicit NhsNumber(std::string digits) : m_digits(std::move(digits)) {}
    std::string m_digits;
};

// Formats any 10-digit string 3-3-4 (used for display of stored numbers); returns input otherwise.
std::string formatNhsNumber(std::string_view digits);
std::string maskNhsNumber(std::string_view digits);

} // namespace avocet::core::identity

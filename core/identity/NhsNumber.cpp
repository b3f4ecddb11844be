#include "core/identity/NhsNumber.h"

#include <cctype>

namespace avocet::core::identity {

bool NhsNumber::isOneRepeatedDigit(std::string_view digits)
{
    return !digits.empty() && digits.find_first_not_of(digits.front()) == std::string_view::npos;
}

std::optional<int> NhsNumber::checkDigit(std::string_view nineDigits)
{
    if (nineDigits.size() < 9)
        return std::nullopt;
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += (nineDigits[static_cast<std::size_t>(i)] - '0') * (10 - i);
    const int check = 11 - (sum % 11);
    if (check == 10)
        return std::nullopt;
    return check == 11 ? 0 : check;
}

Result<NhsNumber> NhsNumber::parse(std::string_view input)
{
    std::string digits;
    for (char c : input) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits.push_back(c);
        else if (c == ' ' || c == '-')
            continue;
        else
            return makeError(ErrorCode::IdentityInvalid,
                             "An NHS number contains only digits (spaces allowed).");
    }
    if (digits.size() != 10)
        return makeError(ErrorCode::IdentityInvalid,
                         "An NHS number has 10 digits; this has " + std::to_string(digits.size()) + ".");
    if (digits == "0000000000")
        return makeError(ErrorCode::IdentityInvalid, "0000000000 is not a real NHS number.");
    if (isOneRepeatedDigit(digits))
        return makeError(ErrorCode::IdentityInvalid,
                         digits +
                             " is one digit repeated: such NHS numbers are never issued, although the check "
                             "digit matches; check the number on the patient's record.");
    const auto check = checkDigit(digits);
    if (!check)
        return makeError(ErrorCode::IdentityInvalid,
                         "This is not a valid NHS number (no check digit is possible).");
    if (*check != digits[9] - '0')
        return makeError(
            ErrorCode::IdentityInvalid,
            "This is not a valid NHS number (the check digit does not match); check for a typing error.");
    return NhsNumber(std::move(digits));
}

std::string NhsNumber::formatted() const
{
    return formatNhsNumber(m_digits);
}
std::string NhsNumber::masked() const
{
    return maskNhsNumber(m_digits);
}

std::string formatNhsNumber(std::string_view digits)
{
    if (digits.size() != 10)
        return std::string(digits);
    std::string out;
    out.reserve(12);
    out.append(digits.substr(0, 3)).push_back(' ');
    out.append(digits.substr(3, 3)).push_back(' ');
    out.append(digits.substr(6, 4));
    return out;
}

std::string maskNhsNumber(std::string_view digits)
{
    if (digits.size() != 10)
        return "*** *** ****";
    return std::string(digits.substr(0, 3)) + " *** **" + std::string(digits.substr(8, 2));
}

} // namespace avocet::core::identity

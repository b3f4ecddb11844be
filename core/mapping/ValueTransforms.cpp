#include "core/mapping/ValueTransforms.h"

#include <cmath>
#include <cstdio>

namespace avocet::core::mapping {

namespace {

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysIn(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeap(year) ? 29 : days[month - 1];
}

bool readDigits(std::string_view text, std::size_t at, std::size_t count, int& out)
{
    if (at + count > text.size())
        return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

std::string pad(int value, int width)
{
    std::string s = std::to_string(value);
    return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

} // namespace

bool isValidDateFormat(std::string_view format)
{
    int seen = 0;
    for (std::size_t i = 0; i < format.size();) {
        if (format.substr(i, 4) == "YYYY") {
            seen |= 1;
            i += 4;
        } else if (format.substr(i, 2) == "MM") {
            seen |= 2;
            i += 2;
        } else if (format.substr(i, 2) == "DD") {
            seen |= 4;
            i += 2;
        } else if (format[i] == '/' || format[i] == '-' || format[i] == '.' || format[i] == ' ') {
            ++i;
        } else {
            return false;
        }
    }
    return seen == 7;
}

Result<std::string> formatDate(std::string_view fhirDate, std::string_view format)
{
    int year = 0;
    int month = 0;
    int day = 0;
    if (fhirDate.size() != 10 || !readDigits(fhirDate, 0, 4, year) || fhirDate[4] != '-' ||
        !readDigits(fhirDate, 5, 2, month) || fhirDate[7] != '-' || !readDigits(fhirDate, 8, 2, day))
        return makeError(ErrorCode::MappingInvalid, "date '" + std::string(fhirDate) +
                                                        "' is not a full date YYYY-MM-DD, so it cannot be written as " +
                                                        std::string(format));
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
        return makeError(ErrorCode::MappingInvalid, "date '" + std::string(fhirDate) + "' does not exist");
    std::string out;
    for (std::size_t i = 0; i < format.size();) {
        if (format.substr(i, 4) == "YYYY") {
            out += pad(year, 4);
            i += 4;
        } else if (format.substr(i, 2) == "MM") {
            out += pad(month, 2);
            i += 2;
        } else if (format.substr(i, 2) == "DD") {
            out += pad(day, 2);
            i += 2;
        } else {
            out += format[i++];
        }
    }
    return out;
}

Result<std::string> parseDate(std::string_view native, std::string_view format)
{
    int year = -1;
    int month = -1;
    int day = -1;
    std::size_t at = 0;
    const auto bad = [&] {
        return makeError(ErrorCode::MappingInvalid,
                         "'" + std::string(native) + "' is not a date in the format " + std::string(format));
    };
    for (std::size_t i = 0; i < format.size();) {
        if (format.substr(i, 4) == "YYYY") {
            if (!readDigits(native, at, 4, year))
                return bad();
            at += 4;
            i += 4;
        } else if (format.substr(i, 2) == "MM" || format.substr(i, 2) == "DD") {
            int& target = format[i] == 'M' ? month : day;
            if (!readDigits(native, at, 2, target))
                return bad();
            at += 2;
            i += 2;
        } else {
            if (at >= native.size() || native[at] != format[i])
                return bad();
            ++at;
            ++i;
        }
    }
    if (at != native.size() || month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
        return bad();
    return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
}

std::size_t utf8Length(std::string_view text)
{
    std::size_t count = 0;
    for (char c : text)
        if (!isContinuationByte(c))
            ++count;
    return count;
}

std::string utf8Prefix(std::string_view text, std::size_t maxChars)
{
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isContinuationByte(text[i])) {
            if (chars == maxChars)
                return std::string(text.substr(0, i));
            ++chars;
        }
    }
    return std::string(text);
}

std::string truncateWithMarker(std::string_view text, std::size_t maxChars, std::string_view marker)
{
    if (utf8Length(text) <= maxChars)
        return std::string(text);
    const std::size_t markerChars = utf8Length(marker);
    if (markerChars >= maxChars)
        return utf8Prefix(text, maxChars);
    return utf8Prefix(text, maxChars - markerChars) + std::string(marker);
}

double roundToMicro(double value) { return std::round(value * 1e6) / 1e6; }

std::string formatNumber(double value)
{
    const double rounded = roundToMicro(value);
    if (rounded == std::floor(rounded) && std::fabs(rounded) < 1e15)
        return std::to_string(static_cast<long long>(rounded));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", rounded);
    std::string s = buffer;
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

} // namespace avocet::core::mapping

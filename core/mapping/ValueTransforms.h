#pragma once
// Value transforms between FHIR answer values and EPR native values: dates in the EPR's format,
// units, free-text length limits counted in characters (Unicode code points, never bytes).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/common/Result.h"

namespace avocet::core::mapping {

// A date format is made of DD, MM, YYYY and separators (e.g. DD/MM/YYYY, YYYYMMDD, YYYY-MM-DD).
bool isValidDateFormat(std::string_view format);
// FHIR date (YYYY-MM-DD only; a partial date cannot be written into a full-date field) -> native.
Result<std::string> formatDate(std::string_view fhirDate, std::string_view format);
// Native -> FHIR date, checking that the day exists.
Result<std::string> parseDate(std::string_view native, std::string_view format);

std::size_t utf8Length(std::string_view text);
// The first `maxChars` code points; never splits a multi-byte character.
std::string utf8Prefix(std::string_view text, std::size_t maxChars);
// Cut to at most `maxChars` code points, ending with `marker` when anything was cut.
std::string truncateWithMarker(std::string_view text, std::size_t maxChars, std::string_view marker);

// Shortest decimal text for a number scaled by a unit factor (at most 6 decimal places),
// so 1.5 h -> 90 min -> 1.5 h round-trips exactly.
std::string formatNumber(double value);
double roundToMicro(double value);

} // namespace avocet::core::mapping

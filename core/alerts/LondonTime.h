#pragma once
// Civil time in Europe/London without a time-zone database: the UK rule since 1996 is BST
// (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
// October, GMT (UTC+0) otherwise. libstdc++ 12 has the C++20 calendar types but not tzdb, and
// core must not use Qt, so the rule is implemented here. Earlier years used other rules; the
// alert rule sets start in 2008, so nothing before 1996 is ever computed.

#include <chrono>
#include <string>
#include <string_view>

#include "core/common/Result.h"

namespace avocet::core::alerts {

using Instant = std::chrono::sys_seconds; // a UTC instant, second precision
using LocalDate = std::chrono::year_month_day;

namespace london {

// First instant of BST in `year` (last Sunday of March, 01:00 UTC).
Instant bstStart(std::chrono::year year);
// First instant of GMT after BST in `year` (last Sunday of October, 01:00 UTC).
Instant bstEnd(std::chrono::year year);

bool isBst(Instant instant);
std::chrono::seconds utcOffset(Instant instant);

// The London calendar date on which `instant` falls.
LocalDate localDate(Instant instant);
// 00:00 London time on `date`. Midnight is never skipped or repeated in the UK (the clocks
// change at 01:00/02:00 local), so this is always one well-defined instant.
Instant startOfDay(LocalDate date);

// A London wall-clock reading to UTC. Fails with InvalidArgument for a time the spring change
// skips (01:00–01:59 on the last Sunday of March) and for one the autumn change repeats
// (01:00–01:59 on the last Sunday of October) — the caller must then give an explicit offset.
Result<Instant> fromWallClock(std::chrono::local_seconds wallClock);

// "2024-03-31T02:00:00+01:00"
std::string formatIso(Instant instant);
// "2024-03-31 02:00 BST" — what a clinician reads on a ward clock.
std::string formatWallClock(Instant instant);

} // namespace london

// "2024-03-31T01:00:00Z"
std::string formatUtcIso(Instant instant);
// "2024-03-31"
std::string formatDate(LocalDate date);

// Accepts YYYY-MM-DD (midnight London time), YYYY-MM-DDTHH:MM[:SS] (London wall clock, see
// fromWallClock) and either of those times followed by Z or an offset ±HH:MM / ±HHMM / ±HH.
// A space may stand for the T. Fractions of a second are not accepted.
Result<Instant> parseIsoInstant(std::string_view text);
// YYYY-MM-DD only.
Result<LocalDate> parseIsoDate(std::string_view text);

} // namespace avocet::core::alerts

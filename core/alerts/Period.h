#pragma once
// Lengths of statutory periods and the calendar arithmetic the Mental Health Act uses.
//
// Hours are elapsed time: 72 hours across a clock change is 72 real hours.
// Days and months are London calendar days "beginning with" the first day (MHA 1983 wording):
// a period of 28 days beginning with 1 March ends at the end of 28 March. A period of N months
// beginning with day D ends at the end of the day before the corresponding date N months later;
// where that month has no corresponding date (31 August + 6 months), the period ends at the end
// of that month (28 or 29 February). See docs/alerts.md.

#include <chrono>
#include <string>

#include "core/alerts/LondonTime.h"

namespace avocet::core::alerts {

struct Span
{
    enum class Unit { Hours, Days, Months };
    Unit unit = Unit::Hours;
    int count = 0;

    bool isCalendar() const { return unit != Unit::Hours; }
    friend bool operator==(const Span&, const Span&) = default;
};

// "72 hours", "28 days", "6 months", "1 month"
std::string describe(const Span& span);

// The date `months` after `date` with the same day of the month, or — when that month is too
// short — the first day of the month after it. `months` may be negative.
LocalDate correspondingDate(LocalDate date, int months);

// Last day of a calendar period (Days or Months) that begins with `first`.
LocalDate lastDayOfPeriodBeginningWith(LocalDate first, const Span& span);

// First day of a calendar period (Days or Months) that ends with `last`.
LocalDate firstDayOfPeriodEndingWith(LocalDate last, const Span& span);

// The instant a period starting at `start` ends: start + hours for Hours; the end of the last
// day (00:00 London time on the next day) for calendar periods.
Instant endOfPeriod(Instant start, const Span& span);

} // namespace avocet::core::alerts

#include "core/alerts/Period.h"

namespace avocet::core::alerts {

using namespace std::chrono;

std::string describe(const Span& span)
{
    const char* unit = "hour";
    switch (span.unit) {
    case Span::Unit::Hours: unit = "hour"; break;
    case Span::Unit::Days: unit = "day"; break;
    case Span::Unit::Months: unit = "month"; break;
    }
    return std::to_string(span.count) + " " + unit + (span.count == 1 ? "" : "s");
}

LocalDate correspondingDate(LocalDate date, int monthCount)
{
    const year_month target = year_month{date.year(), date.month()} + months{monthCount};
    const LocalDate candidate{target.year(), target.month(), date.day()};
    if (candidate.ok())
        return candidate;
    const year_month next = target + months{1};
    return LocalDate{next.year(), next.month(), day{1}};
}

LocalDate lastDayOfPeriodBeginningWith(LocalDate first, const Span& span)
{
    switch (span.unit) {
    case Span::Unit::Days: return LocalDate{sys_days{first} + days{span.count - 1}};
    case Span::Unit::Months: return LocalDate{sys_days{correspondingDate(first, span.count)} - days{1}};
    case Span::Unit::Hours: break;
    }
    return first; // hours have no calendar last day; callers use endOfPeriod
}

LocalDate firstDayOfPeriodEndingWith(LocalDate last, const Span& span)
{
    const LocalDate dayAfter{sys_days{last} + days{1}};
    switch (span.unit) {
    case Span::Unit::Days: return LocalDate{sys_days{dayAfter} - days{span.count}};
    case Span::Unit::Months: return correspondingDate(dayAfter, -span.count);
    case Span::Unit::Hours: break;
    }
    return last;
}

Instant endOfPeriod(Instant start, const Span& span)
{
    if (span.unit == Span::Unit::Hours)
        return start + hours{span.count};
    const LocalDate last = lastDayOfPeriodBeginningWith(london::localDate(start), span);
    return london::startOfDay(LocalDate{sys_days{last} + days{1}});
}

} // namespace avocet::core::alerts

#include "core/alerts/LondonTime.h"

#include <array>
#include <cstdio>
#include <optional>

namespace avocet::core::alerts {

using namespace std::chrono;

namespace {

Instant lastSundayAt0100Utc(year y, month m)
{
    const sys_days day{y / m / Sunday[last]};
    return Instant{day} + hours{1};
}

struct Fields
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

Fields split(sys_seconds t)
{
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())),
            int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count())};
}

std::string formatFields(const Fields& f, const char* separator, bool withSeconds)
{
    std::array<char, 40> buf{};
    if (withSeconds) {
        std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d%s%02d:%02d:%02d", f.year, f.month, f.day,
                      separator, f.hour, f.minute, f.second);
    } else {
        std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d%s%02d:%02d", f.year, f.month, f.day, separator,
                      f.hour, f.minute);
    }
    return buf.data();
}

// A tiny cursor over the input; every reader returns nullopt rather than guessing.
class Cursor
{
public:
    explicit Cursor(std::string_view text) : m_text(text) {}
    bool atEnd() const { return m_pos == m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    bool accept(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    std::optional<int> digits(std::size_t count)
    {
        if (m_text.size() - m_pos < count)
            return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = m_text[m_pos + i];
            if (c < '0' || c > '9')
                return std::nullopt;
            value = value * 10 + (c - '0');
        }
        m_pos += count;
        return value;
    }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

Error badInstant(std::string_view text, const std::string& why)
{
    return makeError(ErrorCode::InvalidArgument,
                     "'" + std::string(text) + "' is not a date-time Avocet can read (" + why +
                         "); use e.g. 2024-03-31T14:30, 2024-03-31T14:30+01:00 or 2024-03-31T13:30Z");
}

std::optional<LocalDate> readDate(Cursor& in)
{
    const auto y = in.digits(4);
    if (!y || !in.accept('-'))
        return std::nullopt;
    const auto m = in.digits(2);
    if (!m || !in.accept('-'))
        return std::nullopt;
    const auto d = in.digits(2);
    if (!d)
        return std::nullopt;
    const LocalDate date{year{*y}, month{unsigned(*m)}, day{unsigned(*d)}};
    if (!date.ok())
        return std::nullopt;
    return date;
}

} // namespace

namespace london {

Instant bstStart(year y) { return lastSundayAt0100Utc(y, March); }
Instant bstEnd(year y) { return lastSundayAt0100Utc(y, October); }

bool isBst(Instant instant)
{
    const year y = year_month_day{floor<days>(instant)}.year();
    return instant >= bstStart(y) && instant < bstEnd(y);
}

seconds utcOffset(Instant instant) { return isBst(instant) ? hours{1} : hours{0}; }

LocalDate localDate(Instant instant) { return LocalDate{floor<days>(instant + utcOffset(instant))}; }

Instant startOfDay(LocalDate date)
{
    // Midnight GMT and midnight BST are 00:00Z and 23:00Z the day before; exactly one of them
    // reads as 00:00 on `date` in London.
    const Instant asGmt{sys_days{date}};
    const Instant asBst = asGmt - hours{1};
    return isBst(asBst) ? asBst : asGmt;
}

Result<Instant> fromWallClock(local_seconds wallClock)
{
    const Instant asGmt{wallClock.time_since_epoch()};
    const Instant asBst = asGmt - hours{1};
    const bool gmtReading = !isBst(asGmt);
    const bool bstReading = isBst(asBst);
    const std::string shown = formatFields(split(asGmt), " ", false);
    if (gmtReading && bstReading) {
        return makeError(ErrorCode::InvalidArgument,
                         shown + " happens twice in London (the clocks go back an hour): give the offset, "
                                 "+01:00 for the first (BST) or Z for the second (GMT)");
    }
    if (!gmtReading && !bstReading) {
        return makeError(ErrorCode::InvalidArgument,
                         shown + " does not exist in London (the clocks go forward an hour): check the time "
                                 "or give an explicit offset");
    }
    return gmtReading ? asGmt : asBst;
}

std::string formatIso(Instant instant)
{
    const bool bst = isBst(instant);
    return formatFields(split(instant + utcOffset(instant)), "T", true) + (bst ? "+01:00" : "+00:00");
}

std::string formatWallClock(Instant instant)
{
    return formatFields(split(instant + utcOffset(instant)), " ", false) + (isBst(instant) ? " BST" : " GMT");
}

} // namespace london

std::string formatUtcIso(Instant instant) { return formatFields(split(instant), "T", true) + "Z"; }

std::string formatDate(LocalDate date)
{
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()));
    return buf.data();
}

Result<LocalDate> parseIsoDate(std::string_view text)
{
    Cursor in(text);
    const auto date = readDate(in);
    if (!date || !in.atEnd()) {
        return makeError(ErrorCode::InvalidArgument,
                         "'" + std::string(text) + "' is not a date in the form YYYY-MM-DD");
    }
    return *date;
}

Result<Instant> parseIsoInstant(std::string_view text)
{
    Cursor in(text);
    const auto date = readDate(in);
    if (!date)
        return badInstant(text, "expected a calendar date YYYY-MM-DD first");
    if (in.atEnd())
        return london::startOfDay(*date);
    if (!in.accept('T') && !in.accept('t') && !in.accept(' '))
        return badInstant(text, "expected T between the date and the time");

    const auto hh = in.digits(2);
    if (!hh || !in.accept(':'))
        return badInstant(text, "expected the time as HH:MM");
    const auto mm = in.digits(2);
    if (!mm)
        return badInstant(text, "expected the time as HH:MM");
    int ss = 0;
    if (in.accept(':')) {
        const auto s = in.digits(2);
        if (!s)
            return badInstant(text, "expected seconds as two digits");
        ss = *s;
    }
    if (*hh > 23 || *mm > 59 || ss > 59)
        return badInstant(text, "the time is out of range");
    const auto sinceMidnight = hours{*hh} + minutes{*mm} + seconds{ss};

    if (in.atEnd()) {
        return london::fromWallClock(local_seconds{local_days{*date}.time_since_epoch()} + sinceMidnight);
    }

    seconds offset{0};
    if (in.accept('Z') || in.accept('z')) {
        offset = seconds{0};
    } else {
        const char sign = in.peek();
        if (!in.accept('+') && !in.accept('-'))
            return badInstant(text, "expected Z or an offset such as +01:00 after the time");
        const auto oh = in.digits(2);
        if (!oh)
            return badInstant(text, "expected the offset as ±HH:MM");
        int om = 0;
        const bool colon = in.accept(':');
        if (colon || !in.atEnd()) {
            const auto m = in.digits(2);
            if (!m)
                return badInstant(text, "expected the offset as ±HH:MM");
            om = *m;
        }
        if (*oh > 14 || om > 59)
            return badInstant(text, "the offset is out of range");
        offset = hours{*oh} + minutes{om};
        if (sign == '-')
            offset = -offset;
    }
    if (!in.atEnd())
        return badInstant(text, "unexpected characters after the time");
    return Instant{sys_days{*date}} + sinceMidnight - offset;
}

} // namespace avocet::core::alerts

#include "core/forms/FhirPathValue.h"

#include <array>
#include <cstdio>

namespace avocet::core::forms {

namespace {

bool readDigits(std::string_view text, std::size_t& pos, int count, int& out)
{
    if (pos + static_cast<std::size_t>(count) > text.size()) {
        return false;
    }
    int value = 0;
    for (int i = 0; i < count; ++i) {
        char c = text[pos + static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += static_cast<std::size_t>(count);
    out = value;
    return true;
}

bool parseTime(std::string_view text, std::size_t& pos, Temporal& t)
{
    if (!readDigits(text, pos, 2, t.hour) || t.hour > 23) {
        return false;
    }
    t.precision = Temporal::Hour;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!readDigits(text, pos, 2, t.minute) || t.minute > 59) {
            return false;
        }
        t.precision = Temporal::Minute;
        if (pos < text.size() && text[pos] == ':') {
            ++pos;
            if (!readDigits(text, pos, 2, t.second) || t.second > 60) {
                return false;
            }
            t.precision = Temporal::Second;
            if (pos < text.size() && text[pos] == '.') {
                ++pos;
                std::size_t start = pos;
                int fraction = 0;
                int digits = 0;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                    if (digits < 3) {
                        fraction = fraction * 10 + (text[pos] - '0');
                        ++digits;
                    }
                    ++pos;
                }
                if (pos == start) {
                    return false;
                }
                while (digits < 3) {
                    fraction *= 10;
                    ++digits;
                }
                t.millisecond = fraction;
                t.precision = Temporal::Millisecond;
            }
        }
    }
    return true;
}

bool parseOffset(std::string_view text, std::size_t& pos, Temporal& t)
{
    if (pos >= text.size()) {
        return true;
    }
    if (text[pos] == 'Z') {
        t.offsetMinutes = 0;
        ++pos;
        return true;
    }
    if (text[pos] != '+' && text[pos] != '-') {
        return false;
    }
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int h = 0;
    int m = 0;
    if (!readDigits(text, pos, 2, h) || pos >= text.size() || text[pos] != ':') {
        return false;
    }
    ++pos;
    if (!readDigits(text, pos, 2, m)) {
        return false;
    }
    t.offsetMinutes = sign * (h * 60 + m);
    return true;
}

int daysInMonth(int year, int month)
{
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's well-known formula.
long long daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(long long z, int& y, int& m, int& d)
{
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

Temporal toUtc(const Temporal& t)
{
    if (!t.offsetMinutes || *t.offsetMinutes == 0 || t.precision < Temporal::Hour) {
        return t;
    }
    Temporal u = t;
    long long minutes = daysFromCivil(t.year, t.month, t.day) * 1440 + t.hour * 60 + t.minute - *t.offsetMinutes;
    long long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    long long rest = minutes - days * 1440;
    civilFromDays(days, u.year, u.month, u.day);
    u.hour = static_cast<int>(rest / 60);
    u.minute = static_cast<int>(rest % 60);
    u.offsetMinutes = 0;
    return u;
}

} // namespace

std::optional<Temporal> Temporal::parse(std::string_view text, Kind kind)
{
    Temporal t;
    t.kind = kind;
    std::size_t pos = 0;
    if (kind == Kind::Time) {
        if (!text.empty() && text[0] == 'T') {
            ++pos;
        }
        if (!parseTime(text, pos, t) || pos != text.size()) {
            return std::nullopt;
        }
        return t;
    }
    if (!readDigits(text, pos, 4, t.year)) {
        return std::nullopt;
    }
    t.precision = Year;
    if (pos < text.size() && text[pos] == '-') {
        ++pos;
        if (!readDigits(text, pos, 2, t.month) || t.month < 1 || t.month > 12) {
            return std::nullopt;
        }
        t.precision = Month;
        if (pos < text.size() && text[pos] == '-') {
            ++pos;
            if (!readDigits(text, pos, 2, t.day) || t.day < 1 || t.day > daysInMonth(t.year, t.month)) {
                return std::nullopt;
            }
            t.precision = Day;
        }
    }
    if (kind == Kind::DateTime && pos < text.size() && text[pos] == 'T') {
        ++pos;
        if (pos < text.size() && !parseTime(text, pos, t)) {
            return std::nullopt;
        }
        if (!parseOffset(text, pos, t)) {
            return std::nullopt;
        }
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    return t;
}

std::string Temporal::toString() const
{
    std::array<char, 64> buf{};
    std::string out;
    if (kind != Kind::Time) {
        std::snprintf(buf.data(), buf.size(), "%04d", year);
        out += buf.data();
        if (precision >= Month) {
            std::snprintf(buf.data(), buf.size(), "-%02d", month);
            out += buf.data();
        }
        if (precision >= Day) {
            std::snprintf(buf.data(), buf.size(), "-%02d", day);
            out += buf.data();
        }
        if (kind == Kind::Date || precision < Hour) {
            return out;
        }
        out += 'T';
    }
    std::snprintf(buf.data(), buf.size(), "%02d", hour);
    out += buf.data();
    if (precision >= Minute) {
        std::snprintf(buf.data(), buf.size(), ":%02d", minute);
        out += buf.data();
    }
    if (precision >= Second) {
        std::snprintf(buf.data(), buf.size(), ":%02d", second);
        out += buf.data();
    }
    if (precision >= Millisecond) {
        std::snprintf(buf.data(), buf.size(), ".%03d", millisecond);
        out += buf.data();
    }
    if (kind == Kind::DateTime && offsetMinutes) {
        if (*offsetMinutes == 0) {
            out += 'Z';
        } else {
            int abs = *offsetMinutes < 0 ? -*offsetMinutes : *offsetMinutes;
            std::snprintf(buf.data(), buf.size(), "%c%02d:%02d", *offsetMinutes < 0 ? '-' : '+', abs / 60, abs % 60);
            out += buf.data();
        }
    }
    return out;
}

std::optional<int> Temporal::compare(const Temporal& other) const
{
    if ((kind == Kind::Time) != (other.kind == Kind::Time)) {
        return std::nullopt;
    }
    Temporal a = *this;
    Temporal b = other;
    if (a.offsetMinutes.has_value() && b.offsetMinutes.has_value()) {
        a = toUtc(a);
        b = toUtc(b);
    }
    // Seconds and milliseconds count as one precision (FHIRPath 2.0, 6.1.5).
    auto effective = [](int p) { return p == Millisecond ? Second : p; };
    const int common = std::min(effective(a.precision), effective(b.precision));
    const std::array<int, 7> av{a.year, a.month, a.day, a.hour, a.minute, a.second * 1000 + a.millisecond, 0};
    const std::array<int, 7> bv{b.year, b.month, b.day, b.hour, b.minute, b.second * 1000 + b.millisecond, 0};
    const int first = kind == Kind::Time ? Hour : Year;
    for (int p = first; p <= common; ++p) {
        auto i = static_cast<std::size_t>(p - 1);
        if (av[i] != bv[i]) {
            return av[i] < bv[i] ? -1 : 1;
        }
    }
    if (effective(a.precision) != effective(b.precision)) {
        return std::nullopt;
    }
    return 0;
}

Decimal Value::asDecimal() const
{
    if (isInteger()) {
        return Decimal::fromInteger(asInteger());
    }
    return std::get<Decimal>(m_data);
}

std::string Value::typeName() const
{
    struct Visitor
    {
        std::string operator()(bool) const { return "Boolean"; }
        std::string operator()(std::int64_t) const { return "Integer"; }
        std::string operator()(const Decimal&) const { return "Decimal"; }
        std::string operator()(const std::string&) const { return "String"; }
        std::string operator()(const Temporal& t) const
        {
            return t.kind == Temporal::Kind::Date ? "Date" : (t.kind == Temporal::Kind::Time ? "Time" : "DateTime");
        }
        std::string operator()(const Quantity&) const { return "Quantity"; }
        std::string operator()(const NodeRef& n) const { return n.type; }
    };
    return std::visit(Visitor{}, m_data);
}

nlohmann::json Value::toJson() const
{
    struct Visitor
    {
        nlohmann::json operator()(bool b) const { return b; }
        nlohmann::json operator()(std::int64_t i) const { return i; }
        nlohmann::json operator()(const Decimal& d) const
        {
            if (auto i = d.toInteger(); i && d.scale() == 0) {
                return *i;
            }
            return d.toDouble();
        }
        nlohmann::json operator()(const std::string& s) const { return s; }
        nlohmann::json operator()(const Temporal& t) const { return t.toString(); }
        nlohmann::json operator()(const Quantity& q) const
        {
            nlohmann::json j{{"value", (*this)(q.value)}};
            if (!q.unit.empty()) {
                j["unit"] = q.unit;
            }
            return j;
        }
        nlohmann::json operator()(const NodeRef& n) const { return n.json ? *n.json : nlohmann::json(); }
    };
    return std::visit(Visitor{}, m_data);
}

std::string Value::toDisplayString() const
{
    if (isString()) {
        return asString();
    }
    if (isBoolean()) {
        return asBoolean() ? "true" : "false";
    }
    if (isInteger()) {
        return std::to_string(asInteger());
    }
    if (isDecimal()) {
        return asDecimal().toString();
    }
    if (isTemporal()) {
        return asTemporal().toString();
    }
    if (isQuantity()) {
        return asQuantity().value.toString() + " '" + asQuantity().unit + "'";
    }
    return toJson().dump();
}

} // namespace avocet::core::forms

// Arithmetic operators of the FHIRPath evaluator: numbers, strings, quantities, dates.
#include "core/forms/FhirPathEvaluator.h"

#include <limits>

namespace avocet::core::forms::detail {

namespace {

int daysIn(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

void addMonths(Temporal& t, long long months)
{
    long long total = static_cast<long long>(t.year) * 12 + (t.month - 1) + months;
    t.year = static_cast<int>(total / 12);
    t.month = static_cast<int>(total % 12) + 1;
    t.day = std::min(t.day, daysIn(t.year, t.month)); // 31 Aug + 6 months = 28/29 Feb
}

void addDays(Temporal& t, long long days)
{
    while (days > 0) {
        int left = daysIn(t.year, t.month) - t.day;
        if (days <= left) {
            t.day += static_cast<int>(days);
            return;
        }
        days -= left + 1;
        t.day = 1;
        addMonths(t, 1);
    }
    while (days < 0) {
        if (-days < t.day) {
            t.day += static_cast<int>(days);
            return;
        }
        days += t.day;
        addMonths(t, -1);
        t.day = daysIn(t.year, t.month);
    }
}

void addMilliseconds(Temporal& t, long long ms)
{
    long long dayMs = 86'400'000LL;
    long long current = ((t.hour * 60LL + t.minute) * 60 + t.second) * 1000 + t.millisecond + ms;
    long long carryDays = current >= 0 ? current / dayMs : -((-current + dayMs - 1) / dayMs);
    current -= carryDays * dayMs;
    t.millisecond = static_cast<int>(current % 1000);
    t.second = static_cast<int>((current / 1000) % 60);
    t.minute = static_cast<int>((current / 60000) % 60);
    t.hour = static_cast<int>(current / 3'600'000);
    if (t.kind != Temporal::Kind::Time) {
        addDays(t, carryDays);
    }
}

Temporal shift(const Temporal& base, const Quantity& q, int sign)
{
    auto amount = q.value.truncated().toInteger();
    if (!amount) {
        failEvaluation("the time period is too large");
    }
    long long n = *amount * sign;
    const std::string& u = q.unit;
    Temporal t = base;
    if (u == "year" || u == "years" || u == "a") {
        addMonths(t, n * 12);
    } else if (u == "month" || u == "months" || u == "mo") {
        addMonths(t, n);
    } else if (u == "week" || u == "weeks" || u == "wk") {
        addDays(t, n * 7);
    } else if (u == "day" || u == "days" || u == "d") {
        addDays(t, n);
    } else if (u == "hour" || u == "hours" || u == "h") {
        addMilliseconds(t, n * 3'600'000LL);
    } else if (u == "minute" || u == "minutes" || u == "min") {
        addMilliseconds(t, n * 60'000LL);
    } else if (u == "second" || u == "seconds" || u == "s") {
        addMilliseconds(t, n * 1000LL);
    } else if (u == "millisecond" || u == "milliseconds" || u == "ms") {
        addMilliseconds(t, n);
    } else {
        failEvaluation("cannot add '" + u + "' to a date or time");
    }
    return t;
}

Decimal checked(std::optional<Decimal> d)
{
    if (!d) {
        failEvaluation("the number is too large");
    }
    return *d;
}

} // namespace

Collection Evaluator::arithmetic(const std::string& op, const Collection& left, const Collection& right)
{
    if (left.empty() || right.empty()) {
        return {};
    }
    if (left.size() > 1 || right.size() > 1) {
        failEvaluation("'" + op + "' works on single values, not lists");
    }
    const Value& a = left.front();
    const Value& b = right.front();

    if (a.isInteger() && b.isInteger() && op != "/") {
        std::int64_t x = a.asInteger();
        std::int64_t y = b.asInteger();
        std::int64_t r = 0;
        bool overflow = false;
        if (op == "+") {
            overflow = __builtin_add_overflow(x, y, &r);
        } else if (op == "-") {
            overflow = __builtin_sub_overflow(x, y, &r);
        } else if (op == "*") {
            overflow = __builtin_mul_overflow(x, y, &r);
        } else if (op == "div" || op == "mod") {
            if (y == 0) {
                return {};
            }
            if (x == std::numeric_limits<std::int64_t>::min() && y == -1) {
                overflow = true;
            } else {
                r = op == "div" ? x / y : x % y;
            }
        }
        if (overflow) {
            failEvaluation("the number is too large");
        }
        return {r};
    }
    if (a.isNumber() && b.isNumber()) {
        Decimal x = a.asDecimal();
        Decimal y = b.asDecimal();
        if (op == "+") {
            return {checked(x.plus(y))};
        }
        if (op == "-") {
            return {checked(x.minus(y))};
        }
        if (op == "*") {
            return {checked(x.times(y))};
        }
        if (y.mantissa() == 0) {
            return {}; // division by zero is empty in FHIRPath
        }
        if (op == "/") {
            return {checked(x.dividedBy(y))};
        }
        if (op == "div") {
            return {checked(x.div(y))};
        }
        return {checked(x.mod(y))};
    }
    if (a.isString() && b.isString() && op == "+") {
        return {a.asString() + b.asString()};
    }
    if (a.isTemporal() && b.isQuantity() && (op == "+" || op == "-")) {
        return {shift(a.asTemporal(), b.asQuantity(), op == "+" ? 1 : -1)};
    }
    if (a.isQuantity() && b.isQuantity() && (op == "+" || op == "-") && a.asQuantity().unit == b.asQuantity().unit) {
        Decimal v = op == "+" ? checked(a.asQuantity().value.plus(b.asQuantity().value))
                              : checked(a.asQuantity().value.minus(b.asQuantity().value));
        return {Quantity{v, a.asQuantity().unit}};
    }
    if (a.isQuantity() && b.isNumber() && (op == "*" || op == "/")) {
        auto v = op == "*" ? a.asQuantity().value.times(b.asDecimal()) : a.asQuantity().value.dividedBy(b.asDecimal());
        if (!v) {
            return {};
        }
        return {Quantity{*v, a.asQuantity().unit}};
    }
    if (a.isNumber() && b.isQuantity() && op == "*") {
        return {Quantity{checked(a.asDecimal().times(b.asQuantity().value)), b.asQuantity().unit}};
    }
    failEvaluation("cannot use '" + op + "' with " + a.typeName() + " and " + b.typeName());
}

} // namespace avocet::core::forms::detail

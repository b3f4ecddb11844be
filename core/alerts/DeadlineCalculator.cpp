#include "core/alerts/DeadlineCalculator.h"

#include <algorithm>

namespace avocet::core::alerts {

using namespace std::chrono;

namespace {

std::string withNumber(std::string text, int n)
{
    const auto at = text.find("{n}");
    if (at != std::string::npos)
        text.replace(at, 3, std::to_string(n));
    return text;
}

LocalDate nextDay(LocalDate d)
{
    return LocalDate{sys_days{d} + days{1}};
}

// Checks that the earlier power was in force when this one started and gives the instant the
// periods count from.
Result<Instant> inheritedStart(const RuleSet& set, const PowerRule& power, Instant start,
                               Instant precedingStart)
{
    if (!power.inheritsStartFrom) {
        return makeError(ErrorCode::InvalidArgument,
                         power.code + " does not inherit its start from an earlier power under rule table " +
                             set.version + "; leave out the preceding start");
    }
    const PowerRule* earlier = set.findPower(power.inheritsStartFrom->fromPower);
    if (!earlier) {
        return makeError(ErrorCode::AlertRulesInvalid, set.source + ": " + power.code +
                                                           " inherits from unknown power " +
                                                           power.inheritsStartFrom->fromPower);
    }
    if (precedingStart > start) {
        return makeError(ErrorCode::InvalidArgument, "the " + earlier->code + " start (" +
                                                         formatUtcIso(precedingStart) + ") is after the " +
                                                         power.code + " start (" + formatUtcIso(start) + ")");
    }
    const Instant earlierEnds = endOfPeriod(precedingStart, earlier->periods.front().length);
    if (start >= earlierEnds) {
        return makeError(ErrorCode::InvalidArgument,
                         "the " + earlier->code + " that began " + london::formatWallClock(precedingStart) +
                             " had ended (" + london::formatWallClock(earlierEnds) + ") before the " +
                             power.code + " began, so the " + power.code +
                             " runs from its own start; leave out the preceding start");
    }
    return precedingStart;
}

struct Walker
{
    const DeadlineRequest& request;
    std::vector<Deadline>& out;
    Instant cursor;      // where the next period starts (hour-based)
    LocalDate nextFirst; // the first day of the next period (calendar)
    int period = 0;      // index of the next period in the sequence

    void hourPeriod(const PeriodRule& rule, int n)
    {
        const Instant from = cursor;
        Instant end = from + hours{rule.length.count};
        out.push_back({idFor(rule, n), withNumber(rule.label, n), rule.kind, end, std::nullopt,
                       describe(rule.length) + " from " + formatUtcIso(from), period});
        if (request.extended && rule.extension) {
            end += hours{rule.extension->count};
            out.push_back(
                {idFor(rule, n) + "-extended", withNumber(rule.extensionLabel, n), rule.kind, end,
                 std::nullopt,
                 describe(rule.length) + " + " + describe(*rule.extension) + " from " + formatUtcIso(from),
                 period});
        }
        cursor = end;
        ++period;
    }

    void calendarPeriod(const PeriodRule& rule, int n)
    {
        const LocalDate first = nextFirst;
        const LocalDate last = lastDayOfPeriodBeginningWith(first, rule.length);
        if (rule.windowBefore) {
            const LocalDate opens = firstDayOfPeriodEndingWith(last, *rule.windowBefore);
            out.push_back({idFor(rule, n) + "-window", withNumber(rule.windowLabel, n), DeadlineKind::Window,
                           london::startOfDay(opens), std::nullopt,
                           describe(*rule.windowBefore) + " ending with " + formatDate(last), period});
        }
        out.push_back({idFor(rule, n), withNumber(rule.label, n), rule.kind,
                       london::startOfDay(nextDay(last)), last,
                       describe(rule.length) + " beginning with " + formatDate(first), period});
        nextFirst = nextDay(last);
        ++period;
    }

    static std::string idFor(const PeriodRule& rule, int n)
    {
        return rule.repeat > 1 ? rule.id + "-" + std::to_string(n) : rule.id;
    }
};

} // namespace

Result<DeadlineReport> computeDeadlines(const RuleLibrary& rules, const DeadlineRequest& request)
{
    if (request.power.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "no power given: use a code such as s2, s5(2), s136 or cto");

    // The table is chosen by the date the periods start; with inheritance that is the earlier
    // power's start, so look it up provisionally first.
    const Instant provisionalStart = request.precedingStart.value_or(request.start);
    auto chosen = rules.activeOn(request.asOf.value_or(london::localDate(provisionalStart)));
    if (!chosen)
        return chosen.error();
    const RuleSet& set = *chosen.value();

    const PowerRule* power = set.findPower(request.power);
    if (!power) {
        std::string known;
        for (const auto& p : set.powers)
            known += (known.empty() ? "" : ", ") + p.code;
        return makeError(ErrorCode::InvalidArgument, "unknown power \"" + request.power +
                                                         "\" in rule table " + set.version +
                                                         " (known: " + known + ")");
    }

    DeadlineReport report;
    report.ruleSetName = set.name;
    report.ruleSetVersion = set.version;
    report.ruleSetEffectiveFrom = set.effectiveFrom;
    report.ruleSetSource = set.source;
    report.powerCode = power->code;
    report.powerName = power->name;
    report.legalStatusCode = power->legalStatusCode;
    report.start = request.start;
    report.periodStart = request.start;
    report.extended = request.extended;

    if (request.precedingStart) {
        auto from = inheritedStart(set, *power, request.start, *request.precedingStart);
        if (!from)
            return from.error();
        report.periodStart = from.value();
        report.inheritedFrom = set.findPower(power->inheritsStartFrom->fromPower)->code;
    }

    const bool extendable = std::any_of(power->periods.begin(), power->periods.end(),
                                        [](const PeriodRule& p) { return p.extension.has_value(); });
    if (request.extended && !extendable) {
        return makeError(ErrorCode::InvalidArgument, power->code + " cannot be extended under rule table " +
                                                         set.version + " (effective from " +
                                                         formatDate(set.effectiveFrom) + ")");
    }

    Walker walker{request, report.deadlines, report.periodStart, london::localDate(report.periodStart), 0};
    for (const auto& period : power->periods) {
        for (int n = 1; n <= period.repeat; ++n) {
            if (period.length.isCalendar())
                walker.calendarPeriod(period, n);
            else
                walker.hourPeriod(period, n);
        }
    }
    for (const auto& fixed : power->deadlines) {
        Deadline d{fixed.id,     fixed.label, fixed.kind, endOfPeriod(report.periodStart, fixed.within),
                   std::nullopt, {},          -1};
        if (fixed.within.isCalendar()) {
            const LocalDate first = london::localDate(report.periodStart);
            d.lastDay = lastDayOfPeriodBeginningWith(first, fixed.within);
            d.basis = describe(fixed.within) + " beginning with " + formatDate(first);
        } else {
            d.basis = describe(fixed.within) + " from " + formatUtcIso(report.periodStart);
        }
        report.deadlines.push_back(std::move(d));
    }
    std::stable_sort(report.deadlines.begin(), report.deadlines.end(),
                     [](const Deadline& a, const Deadline& b) { return a.due < b.due; });
    return report;
}

} // namespace avocet::core::alerts

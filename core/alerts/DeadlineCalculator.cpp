#include "core/alerts/DeadlineCalculator.h"

#include <algorithm>
#include <initializer_list>

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
    std::optional<int> extensionHours; // the extension counted, when extended
    std::optional<LocalDate> capLast;  // the last day any period may reach (maximumTotal)
    std::string capBasis;
    const std::vector<LocalDate>* courtLastDays = nullptr; // the court's last day of each period
    std::string error;                                     // a court date the law does not allow
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
        if (extensionHours && rule.extension) {
            const Span added{Span::Unit::Hours, *extensionHours};
            end += hours{*extensionHours};
            out.push_back({idFor(rule, n) + "-extended", withNumber(rule.extensionLabel, n), rule.kind, end,
                           std::nullopt,
                           describe(rule.length) + " + " + describe(added) + " from " + formatUtcIso(from),
                           period});
        }
        cursor = end;
        ++period;
    }

    // False once the maximum total has been reached: no further period can run.
    bool calendarPeriod(const PeriodRule& rule, int n)
    {
        const LocalDate first = nextFirst;
        if (capLast && first > *capLast)
            return false;
        LocalDate last = lastDayOfPeriodBeginningWith(first, rule.length);
        std::string basis = describe(rule.length) + " beginning with " + formatDate(first);
        if (capLast && last > *capLast) {
            last = *capLast;
            basis += ", cut to " + capBasis;
        }
        if (courtLastDays && static_cast<std::size_t>(period) < courtLastDays->size()) {
            const LocalDate ordered = (*courtLastDays)[static_cast<std::size_t>(period)];
            if (ordered < first || ordered > last) {
                error = "the court's last day " + formatDate(ordered) + " for period " + std::to_string(period + 1) +
                        " is outside that period (" + formatDate(first) + " to " + formatDate(last) +
                        " at the longest the law allows)";
                return false;
            }
            basis = "as the court set it, at most " + basis;
            last = ordered;
        }
        if (rule.windowBefore) {
            const LocalDate opens = firstDayOfPeriodEndingWith(last, *rule.windowBefore);
            out.push_back({idFor(rule, n) + "-window", withNumber(rule.windowLabel, n), DeadlineKind::Window,
                           london::startOfDay(opens), std::nullopt,
                           describe(*rule.windowBefore) + " ending with " + formatDate(last), period});
        }
        out.push_back({idFor(rule, n), withNumber(rule.label, n), rule.kind, london::startOfDay(nextDay(last)), last,
                       basis, period});
        if (!rule.tribunalApplicationLabel.empty()) {
            out.push_back({idFor(rule, n) + "-tribunal-application", withNumber(rule.tribunalApplicationLabel, n),
                           DeadlineKind::Tribunal, london::startOfDay(nextDay(last)), last,
                           "once within the period " + basis, period});
        }
        nextFirst = nextDay(last);
        ++period;
        return true;
    }

    static std::string idFor(const PeriodRule& rule, int n)
    {
        return rule.repeat > 1 || rule.indefinitely ? rule.id + "-" + std::to_string(n) : rule.id;
    }

    // Where the next period would begin: the end of the last one listed.
    Instant nextStart(bool calendar) const { return calendar ? london::startOfDay(nextFirst) : cursor; }
};

// How far indefinitely repeating periods and deadlines are listed (DeadlineRequest::through).
Instant horizonOf(const DeadlineRequest& request, Instant periodStart)
{
    if (request.through)
        return *request.through;
    if (request.asOf)
        return std::max(periodStart, london::startOfDay(*request.asOf));
    return periodStart;
}

// The day the patient attains 18 (a 29 February birthday: 1 March in a common year).
LocalDate eighteenthBirthday(LocalDate birth)
{
    return correspondingDate(birth, 12 * 18);
}

// The fixed deadlines of a power (Tribunal dates, reports), counted from the day the rule names.
struct FixedDeadlines
{
    const RuleSet& set;
    const DeadlineRequest& request;
    DeadlineReport& report;
    Instant horizon;

    void add(const PowerRule& power)
    {
        for (const auto& rule : power.deadlines)
            addOne(rule);
    }

    void addOne(const FixedDeadlineRule& rule)
    {
        if (rule.immediate) {
            report.deadlines.push_back({rule.id, rule.label, rule.kind, report.start, std::nullopt,
                                        "as soon as possible after " + formatUtcIso(report.start), -1, true,
                                        rule.id, rule.duty});
            return;
        }
        if (rule.underlying) {
            addAgainstUnderlying(rule);
            return;
        }
        using From = FixedDeadlineRule::From;
        if (rule.from == From::Start) {
            addCounted(rule, report.periodStart, "");
            return;
        }
        if (rule.from == From::FirstAdmission && !request.firstAdmission) {
            report.notes.push_back(rule.label + ": not computed, because it counts from the first admission of this "
                                               "detention (the s.68 applicable day); give the start of the earlier "
                                               "power (the original s.3 admission, or the s.2 before it)");
            report.omitted.push_back({rule.id, rule.label, "the first admission of this detention"});
            return;
        }
        const Instant applicable = request.firstAdmission.value_or(report.periodStart);
        const std::string applicableText =
            request.firstAdmission ? " (counted from the first admission " + formatUtcIso(applicable) + ")" : "";
        if (rule.from != From::LastTribunal) {
            addCounted(rule, applicable, applicableText);
            return;
        }
        if (request.lastTribunal) {
            addCalendar(rule, *request.lastTribunal, " (counted from the last Tribunal consideration)");
            return;
        }
        report.notes.push_back(rule.label + ": no Tribunal consideration recorded, so counted from " +
                               formatDate(london::localDate(applicable)) +
                               ", the earliest day it could run from; give the last consideration to count from it");
        addCalendar(rule, london::localDate(applicable), applicableText);
    }

    // s.18(4): the later of the deadline's own span and the end of the underlying power's period;
    // s.18(5): for s.2, s.4 and s.5 the end of that period alone. The inputs were checked first.
    void addAgainstUnderlying(const FixedDeadlineRule& rule)
    {
        if (!request.underlyingPower || !request.underlyingPeriodEnd) {
            report.notes.push_back(rule.label + ": not computed, because it depends on the power the patient is absent "
                                                "from and the end of its current period (s.18(4), (5)); give both");
            report.omitted.push_back(
                {rule.id, rule.label, "the power the patient is absent from and the end of its current period"});
            return;
        }
        const PowerRule* underlying = set.findPower(*request.underlyingPower);
        const Instant end = *request.underlyingPeriodEnd;
        const LocalDate endDay = london::localDate(end);
        const std::optional<LocalDate> endLastDay =
            london::startOfDay(endDay) == end ? std::optional<LocalDate>(LocalDate{sys_days{endDay} - days{1}})
                                              : std::nullopt;
        const std::string endText = "the end of the " + underlying->code + " period (" + formatUtcIso(end) + ")";
        const bool endOnly = std::any_of(rule.underlying->periodEndOnly.begin(), rule.underlying->periodEndOnly.end(),
                                         [&](const std::string& code) { return set.findPower(code) == underlying; });
        if (endOnly) {
            report.deadlines.push_back({rule.id, rule.label, rule.kind, end, endLastDay,
                                        endText + ", s.18(5): not the " + describe(rule.within), -1, false, rule.id,
                                        rule.duty});
            return;
        }
        const LocalDate first = london::localDate(report.periodStart);
        const LocalDate last = lastDayOfPeriodBeginningWith(first, rule.within);
        const Instant own = london::startOfDay(nextDay(last));
        const std::string ownText = describe(rule.within) + " beginning with " + formatDate(first);
        if (end > own)
            report.deadlines.push_back({rule.id, rule.label, rule.kind, end, endLastDay,
                                        "the later of " + ownText + " and " + endText + ": the period end", -1, false,
                                        rule.id, rule.duty});
        else
            report.deadlines.push_back({rule.id, rule.label, rule.kind, own, last,
                                        "the later of " + ownText + " and " + endText + ": the " +
                                            describe(rule.within),
                                        -1, false, rule.id, rule.duty});
    }

    void addCounted(const FixedDeadlineRule& rule, Instant from, const std::string& suffix)
    {
        if (rule.within.isCalendar()) {
            addCalendar(rule, london::localDate(from), suffix);
            return;
        }
        report.deadlines.push_back({rule.id, rule.label, rule.kind, endOfPeriod(from, rule.within), std::nullopt,
                                    describe(rule.within) + " from " + formatUtcIso(from) + suffix, -1, false,
                                    rule.id, rule.duty});
    }

    void addCalendar(const FixedDeadlineRule& rule, LocalDate first, const std::string& suffix)
    {
        if (rule.beginsDayAfter)
            first = nextDay(first);
        Span within = rule.within;
        std::string ageText;
        if (rule.under18Within) {
            const LocalDate shortLast = lastDayOfPeriodBeginningWith(first, *rule.under18Within);
            if (!request.birthDate) {
                report.notes.push_back(rule.label + ": no date of birth given; for a patient under 18 it is due after " +
                                       describe(*rule.under18Within) + " (last day " + formatDate(shortLast) +
                                       "), not " + describe(rule.within));
            } else if (eighteenthBirthday(*request.birthDate) > shortLast) {
                within = *rule.under18Within;
                ageText = ", the patient being under 18 (18 on " +
                          formatDate(eighteenthBirthday(*request.birthDate)) + ")";
            }
        }
        LocalDate last = lastDayOfPeriodBeginningWith(first, within);
        std::string basis = describe(within) + " beginning with " + formatDate(first) + ageText + suffix;
        for (int n = 1; n <= rule.repeat || rule.indefinitely; ++n) {
            const std::string id =
                rule.repeat > 1 || rule.indefinitely ? rule.id + "-" + std::to_string(n) : rule.id;
            const Instant due = london::startOfDay(nextDay(last));
            report.deadlines.push_back(
                {id, withNumber(rule.label, n), rule.kind, due, last, basis, -1, false, rule.id, rule.duty});
            // An indefinitely repeating deadline is listed up to the first one due after the horizon.
            if (rule.indefinitely && (due > horizon || n >= kMaxListedOccurrences))
                break;
            if (n < rule.repeat || rule.indefinitely) {
                first = nextDay(last);
                last = lastDayOfPeriodBeginningWith(first, *rule.every);
                basis = describe(*rule.every) + " beginning with " + formatDate(first) + suffix;
            }
        }
    }
};

// s.29(4): the s.2's first period runs on while the nearest-relative application is pending.
Status applyPendingProceedings(const PowerRule& power, const DeadlineRequest& request, DeadlineReport& report)
{
    const auto& proceedings = *request.nearestRelativeProceedings;
    if (!power.pendingProceedings)
        return makeError(ErrorCode::InvalidArgument,
                         power.code + " is not extended by nearest-relative proceedings (s.29(4) extends a s.2 only)");
    const PendingProceedingsRule& rule = *power.pendingProceedings;
    auto end = std::find_if(report.deadlines.begin(), report.deadlines.end(),
                            [](const Deadline& d) { return d.period == 0 && d.kind == DeadlineKind::Expiry; });
    if (end == report.deadlines.end())
        return makeError(ErrorCode::AlertRulesInvalid, power.code + " lists no first period to extend");
    if (proceedings.applied < report.periodStart || proceedings.applied >= end->due)
        return makeError(ErrorCode::InvalidArgument,
                         "the nearest-relative application (" + london::formatWallClock(proceedings.applied) +
                             ") was not made while the " + power.code + " was running (" +
                             london::formatWallClock(report.periodStart) + " to " +
                             london::formatWallClock(end->due) + "), so s.29(4) does not extend it");
    if (proceedings.disposedOf && *proceedings.disposedOf < proceedings.applied)
        return makeError(ErrorCode::InvalidArgument, "the nearest-relative application was disposed of (" +
                                                         london::formatWallClock(*proceedings.disposedOf) +
                                                         ") before it was made (" +
                                                         london::formatWallClock(proceedings.applied) + ")");
    if (!proceedings.disposedOf) {
        report.notes.push_back(power.code + " continues under s.29(4) until the nearest-relative application made " +
                               london::formatWallClock(proceedings.applied) +
                               " is finally disposed of: record the disposal (and whether an order was made) as "
                               "soon as it is known; until then it has no end date");
        report.deadlines.erase(end);
        return {};
    }
    const Instant disposed = *proceedings.disposedOf;
    Deadline extended{end->id, rule.label, DeadlineKind::Expiry, disposed, std::nullopt,
                      "until the application was finally disposed of " + formatUtcIso(disposed), 0};
    if (proceedings.orderMade) {
        LocalDate first = london::localDate(disposed);
        if (!rule.beginsOnDayOfDisposal)
            first = nextDay(first);
        const LocalDate last = lastDayOfPeriodBeginningWith(first, rule.afterOrder);
        extended.due = london::startOfDay(nextDay(last));
        extended.lastDay = last;
        extended.basis = "an order was made on the application disposed of " + formatUtcIso(disposed) + ": " +
                         describe(rule.afterOrder) + " beginning with " + formatDate(first) + " (" + rule.reading +
                         ")";
    }
    if (extended.due > end->due)
        *end = std::move(extended);
    else
        report.notes.push_back("the nearest-relative application was disposed of before the " + power.code +
                               " period ended, so the period ends as it would have");
    return {};
}

// Part 4A: the first period ends no earlier than the related power's first period.
Status applyNotBeforeEndOf(const RuleSet& set, const PowerRule& power, const DeadlineRequest& request,
                           DeadlineReport& report)
{
    const PowerRule* other = set.findPower(power.notBeforeEndOf->fromPower);
    if (!other)
        return makeError(ErrorCode::AlertRulesInvalid, set.source + ": " + power.code + " refers to unknown power " +
                                                           power.notBeforeEndOf->fromPower);
    if (!request.relatedStart) {
        report.notes.push_back("the first period ends later if the " + other->code +
                               " period ends later; give its start to count it (" + power.notBeforeEndOf->note + ")");
        return {};
    }
    if (*request.relatedStart > request.start)
        return makeError(ErrorCode::InvalidArgument, "the " + other->code + " start (" +
                                                         formatUtcIso(*request.relatedStart) + ") is after the " +
                                                         power.code + " start (" + formatUtcIso(request.start) + ")");
    auto end = std::find_if(report.deadlines.begin(), report.deadlines.end(),
                            [](const Deadline& d) { return d.period == 0 && d.kind == DeadlineKind::Expiry; });
    if (end == report.deadlines.end())
        return makeError(ErrorCode::AlertRulesInvalid, set.source + ": " + power.code + " lists no first period");
    const Span& length = other->periods.front().length;
    const Instant otherEnd = endOfPeriod(*request.relatedStart, length);
    if (otherEnd <= end->due)
        return {};
    end->due = otherEnd;
    end->basis = "the later of " + end->basis + " and the " + other->code + " period (" + describe(length) +
                 (length.isCalendar() ? " beginning with " + formatDate(london::localDate(*request.relatedStart))
                                      : " from " + formatUtcIso(*request.relatedStart)) +
                 ")";
    end->lastDay = length.isCalendar() ? std::optional<LocalDate>(
                                             lastDayOfPeriodBeginningWith(london::localDate(*request.relatedStart), length))
                                       : std::nullopt;
    return {};
}

// The extension to count: the hours authorised, or the table's maximum when only "extended" is
// known; none when not extended. An extension the rules do not allow, or longer, is an error.
Result<std::optional<int>> extensionFor(const RuleSet& set, const PowerRule& power, const DeadlineRequest& request)
{
    if (!request.extended && !request.extensionHours)
        return std::optional<int>{};
    const auto rule = std::find_if(power.periods.begin(), power.periods.end(),
                                   [](const PeriodRule& p) { return p.extension.has_value(); });
    if (rule == power.periods.end()) {
        return makeError(ErrorCode::InvalidArgument, power.code + " cannot be extended under rule table " +
                                                         set.version + " (effective from " +
                                                         formatDate(set.effectiveFrom) + ")");
    }
    const int most = rule->extension->count;
    if (!request.extensionHours)
        return std::optional<int>{most};
    if (*request.extensionHours < 1 || *request.extensionHours > most)
        return makeError(ErrorCode::InvalidArgument,
                         "an extension of " + std::to_string(*request.extensionHours) + " hours for " + power.code +
                             ": the rule table " + set.version + " allows 1 to " + std::to_string(most) + " hours");
    return std::optional<int>{*request.extensionHours};
}

// Inputs that must agree with the start: the first admission is not later, the birth date
// is before it.
Status checkDates(const RuleSet& set, const PowerRule& power, const DeadlineRequest& request)
{
    if (request.firstAdmission && *request.firstAdmission > request.start)
        return makeError(ErrorCode::InvalidArgument,
                         "the first admission (" + formatUtcIso(*request.firstAdmission) + ") is after the " +
                             power.code + " start (" + formatUtcIso(request.start) + ")");
    using From = FixedDeadlineRule::From;
    const auto counts = [&](std::initializer_list<From> froms) {
        return std::any_of(power.deadlines.begin(), power.deadlines.end(), [&](const FixedDeadlineRule& rule) {
            return std::find(froms.begin(), froms.end(), rule.from) != froms.end();
        });
    };
    if (request.firstAdmission && !counts({From::FirstAdmission, From::FirstAdmissionOrStart, From::LastTribunal}))
        return makeError(ErrorCode::InvalidArgument, power.code + " counts nothing from a first admission; leave it out");
    if (request.lastTribunal && !counts({From::LastTribunal}))
        return makeError(ErrorCode::InvalidArgument,
                         power.code + " counts nothing from the last Tribunal consideration; leave it out");
    const auto underlyingRule = std::find_if(power.deadlines.begin(), power.deadlines.end(),
                                             [](const FixedDeadlineRule& rule) { return rule.underlying.has_value(); });
    if (request.underlyingPower || request.underlyingPeriodEnd) {
        if (underlyingRule == power.deadlines.end())
            return makeError(ErrorCode::InvalidArgument,
                             power.code + " counts nothing from an underlying power; leave out the underlying power");
        if (!request.underlyingPower || !request.underlyingPeriodEnd)
            return makeError(ErrorCode::InvalidArgument,
                             "give both the underlying power and the end of its current period (s.18(4), (5))");
        const PowerRule* underlying = set.findPower(*request.underlyingPower);
        const auto& allowed = underlyingRule->underlying->powers;
        const bool listed = underlying && std::any_of(allowed.begin(), allowed.end(), [&](const std::string& code) {
                                return set.findPower(code) == underlying;
                            });
        if (!listed) {
            std::string names;
            for (const auto& code : allowed)
                names += (names.empty() ? "" : ", ") + code;
            return makeError(ErrorCode::InvalidArgument,
                             "the underlying power \"" + *request.underlyingPower + "\" is not one " + power.code +
                                 " counts against under rule table " + set.version + " (" + names + ")");
        }
        if (*request.underlyingPeriodEnd <= request.start)
            return makeError(ErrorCode::InvalidArgument,
                             "the " + underlying->code + " period ended (" + formatUtcIso(*request.underlyingPeriodEnd) +
                                 ") before the " + power.code + " start (" + formatUtcIso(request.start) +
                                 "), so the patient was not liable to be detained under it then");
    }
    if (request.birthDate && *request.birthDate > london::localDate(request.start))
        return makeError(ErrorCode::InvalidArgument, "the date of birth " + formatDate(*request.birthDate) +
                                                         " is after the " + power.code + " start");
    return {};
}

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

    if (request.precedingStart) {
        auto from = inheritedStart(set, *power, request.start, *request.precedingStart);
        if (!from)
            return from.error();
        report.periodStart = from.value();
        report.inheritedFrom = set.findPower(power->inheritsStartFrom->fromPower)->code;
    }

    auto extension = extensionFor(set, *power, request);
    if (!extension)
        return extension.error();
    report.extensionHours = extension.value();
    report.extended = report.extensionHours.has_value();
    if (Status st = checkDates(set, *power, request); !st)
        return st.error();

    const LocalDate firstDay = london::localDate(report.periodStart);
    Walker walker{report.extensionHours, std::nullopt, {}, nullptr, {}, report.deadlines, report.periodStart, firstDay, 0};
    if (power->maximumTotal) {
        walker.capLast = lastDayOfPeriodBeginningWith(firstDay, *power->maximumTotal);
        walker.capBasis = "the maximum of " + describe(*power->maximumTotal) + " beginning with " + formatDate(firstDay);
    }
    if (!request.courtLastDays.empty()) {
        if (!power->courtSetsPeriods)
            return makeError(ErrorCode::InvalidArgument,
                             power->code + " has no periods set by a court; leave out the court's last days");
        walker.courtLastDays = &request.courtLastDays;
    }
    const Instant horizon = horizonOf(request, report.periodStart);
    bool more = true;
    for (const auto& period : power->periods) {
        for (int n = 1; more && (n <= period.repeat || period.indefinitely); ++n) {
            // An indefinitely repeating period is listed up to the one running at the horizon and
            // up to the period asked for, never beyond.
            if (period.indefinitely && n > 1 && walker.period > request.periodsThrough &&
                walker.nextStart(period.length.isCalendar()) > horizon)
                break;
            if (walker.period >= kMaxListedOccurrences)
                break;
            if (period.length.isCalendar())
                more = walker.calendarPeriod(period, n);
            else
                walker.hourPeriod(period, n);
        }
    }
    if (!walker.error.empty())
        return makeError(ErrorCode::InvalidArgument, power->code + ": " + walker.error);
    if (static_cast<std::size_t>(walker.period) < request.courtLastDays.size())
        return makeError(ErrorCode::InvalidArgument, power->code + ": " + std::to_string(request.courtLastDays.size()) +
                                                         " court dates given, but the law allows only " +
                                                         std::to_string(walker.period) + " periods");
    if (power->noExpiry)
        report.notes.push_back(power->code + " has no expiry: " + *power->noExpiry);
    FixedDeadlines{set, request, report, horizon}.add(*power);
    if (request.nearestRelativeProceedings) {
        if (Status st = applyPendingProceedings(*power, request, report); !st)
            return st.error();
    }
    if (power->notBeforeEndOf) {
        if (Status st = applyNotBeforeEndOf(set, *power, request, report); !st)
            return st.error();
    } else if (request.relatedStart) {
        return makeError(ErrorCode::InvalidArgument,
                         power->code + " does not count from the start of a related power; leave out the related start");
    }
    std::stable_sort(report.deadlines.begin(), report.deadlines.end(),
                     [](const Deadline& a, const Deadline& b) { return a.due < b.due; });
    return report;
}

} // namespace avocet::core::alerts

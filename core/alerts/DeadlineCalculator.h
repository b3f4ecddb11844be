#pragma once
// Every deadline the rule tables derive from the start of a Mental Health Act power: expiry,
// renewal periods and their examination windows, Tribunal dates. Hour-based periods are exact
// elapsed hours; calendar periods are London days "beginning with" the start day (Period.h).

#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/common/Result.h"

#include <optional>
#include <string>
#include <vector>

namespace avocet::core::alerts {

struct DeadlineRequest
{
    std::string power; // canonical code, alias, section name or UK Core legal-status code
    Instant start;     // when this power began
    // Start of the earlier power this one inherits its start from (s.5(4) before s.5(2), s.4
    // before s.2). Must have been in force when `start` began.
    std::optional<Instant> precedingStart;
    bool extended = false; // the extension (s.135/136) has been authorised: count it in full
    // Which rule table to use. Default: the table in force on the London date the periods start,
    // because the law in force when the detention began governs it.
    std::optional<LocalDate> asOf;
    // How long the authorised extension is (s.136B: up to 12 hours). Given, it is counted
    // instead of the table's maximum; it implies `extended`.
    std::optional<int> extensionHours = {};
    // Start of the first power of this detention where the law counts from it: the s.68
    // "applicable day" (the s.2 admission before a s.3, the original s.3 admission for a CTO or
    // a revoked CTO). Must not be after `start`.
    std::optional<Instant> firstAdmission = {};
    // The day the Tribunal last considered the case (s.68(6), s.71(2) count from it).
    std::optional<LocalDate> lastTribunal = {};
    // The patient's date of birth: s.68(6) refers after one year, not three, for a patient under 18.
    std::optional<LocalDate> birthDate = {};
    // s.29(4): an application to displace the nearest relative made while a s.2 was running.
    struct NearestRelativeProceedings
    {
        Instant applied;
        std::optional<Instant> disposedOf; // finally disposed of (s.29(5)); none while pending
        bool orderMade = false;            // an order was made on the application
    };
    std::optional<NearestRelativeProceedings> nearestRelativeProceedings = {};
    // Start of the power whose first period this one's may not end before (part4a: the first
    // dose of medication that started the s.58 three months).
    std::optional<Instant> relatedStart = {};
    // s.35, s.36, s.38: the last day of each period as the court set it, in order (the remand,
    // then each further remand or renewal); each may be shorter than the law's maximum, never longer.
    std::vector<LocalDate> courtLastDays = {};
    // s.18(4), (5): the power the patient is absent without leave from (s2, s3, cto …) and the end
    // of its current period (the period the recorded renewals reach, or the extended end). Both are
    // needed for the retaking limit; without them it is left out with a note, never guessed.
    std::optional<std::string> underlyingPower = {};
    std::optional<Instant> underlyingPeriodEnd = {};
    // The horizon for periods and duties that repeat indefinitely (annual renewals, s.41(6)
    // reports, s.70 application periods): they are listed up to the period running at this
    // instant and up to the first repeating deadline due after it, never further. Default: the
    // start of the `asOf` day when given, else the start of the periods (so the first occurrence).
    std::optional<Instant> through = {};
    // Periods are listed at least up to this one (0 = the first; evaluatePatientAlerts asks for
    // the period after the one the recorded renewals reach), within the table's periods.
    int periodsThrough = 0;
};

// The most periods, and the most occurrences of one repeating deadline, ever listed: a horizon or
// a renewal count beyond it (200 years of annual renewals) lists no more.
inline constexpr int kMaxListedOccurrences = 200;

struct Deadline
{
    std::string id; // stable, from the rule table: "expiry", "renewal-1", "annual-2" …
    std::string label;
    DeadlineKind kind = DeadlineKind::Expiry;
    Instant due;                      // the instant the period ends or the window opens
    std::optional<LocalDate> lastDay; // calendar periods: the last whole day of the period
    std::string basis;                // e.g. "72 hours from 2024-03-30T12:00:00Z"
    // Which of the power's consecutive periods this deadline belongs to (0 = the first, 1 = the
    // first renewal or extension …) for period ends, their extended ends and examination
    // windows; -1 for deadlines counted from the start (Tribunal dates). A later period only
    // runs if a renewal or extension is recorded: these deadlines are what it would be.
    int period = -1;
    // A duty due at once ("as soon as possible", s.68(7)): `due` is when it arose, and it stays
    // due until it is recorded as done.
    bool immediate = false;
    // The table's id of the rule this deadline comes from ("rc-report" for "rc-report-4").
    std::string rule = {};
    // A duty (a referral, a report; FixedDeadlineRule::duty): once passed it is overdue, not gone.
    bool duty = false;
};

struct DeadlineReport
{
    std::string ruleSetName;
    std::string ruleSetVersion;
    LocalDate ruleSetEffectiveFrom{};
    std::string ruleSetSource;
    std::string powerCode;
    std::string powerName;
    std::optional<std::string> legalStatusCode;
    Instant start;                            // as requested
    Instant periodStart;                      // where the periods are counted from (differs when inherited)
    std::optional<std::string> inheritedFrom; // code of the earlier power, when inherited
    bool extended = false;
    std::optional<int> extensionHours; // the extension counted, when extended
    std::vector<Deadline> deadlines; // in order of `due`
    // What the reader must know that is not a deadline: no expiry and why, a deadline left out
    // because an input is missing, a reading the trust's Mental Health Act office confirms.
    std::vector<std::string> notes;
    // Deadlines the rules list but that could not be counted for want of an input (a CTO's s.68
    // referral without the original admission): never silently absent.
    struct Omitted
    {
        std::string id;
        std::string label;
        std::string missing; // what to record, e.g. "the first admission of this detention"
    };
    std::vector<Omitted> omitted = {};
};

// InvalidArgument for an unknown power, an extension the rules do not allow, a preceding start
// for a power that inherits none or one that was no longer in force; NotFound when no rule
// table was in force on the date.
Result<DeadlineReport> computeDeadlines(const RuleLibrary& rules, const DeadlineRequest& request);

} // namespace avocet::core::alerts

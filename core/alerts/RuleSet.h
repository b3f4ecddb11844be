#pragma once
// The alert rules as data: one RuleSet per version of the rule tables (resources/rules/*.json),
// each in force from its effective-from date until the next one's. Nothing clinical is decided
// in code: the periods, renewals, extensions, inheritance, review intervals and score thresholds
// all come from the tables, which the trust's Mental Health Act office signs off.

#include <optional>
#include <string>
#include <vector>

#include "core/alerts/LondonTime.h"
#include "core/alerts/Period.h"

namespace avocet::core::alerts {

enum class DeadlineKind { Expiry, Renewal, Tribunal, Window, Review };
std::string toString(DeadlineKind kind);

// One period of a power. Periods of a power follow one another: the first begins at the start
// of the power, each next one with the day after (or, for hours, the instant) the previous ends.
struct PeriodRule
{
    std::string id;    // "expiry", "renewal-1" …; with repeat, "-<n>" is appended
    std::string label; // "{n}" is replaced by the repetition number
    DeadlineKind kind = DeadlineKind::Expiry;
    Span length;
    std::optional<Span> extension;     // the most the period may be extended by (s.135/136)
    std::string extensionLabel;        // e.g. "Extended period ends"
    std::optional<Span> windowBefore;  // a window that opens this long before the period ends
    std::string windowLabel;           // e.g. "Renewal examination window opens"
    // The patient may apply to the Tribunal once within this period (s.66(1)(f), (fza)): a Tribunal
    // deadline at the period's end with this label; empty for none.
    std::string tribunalApplicationLabel;
    int repeat = 1;                    // how many consecutive periods to list
    // "repeat": "indefinitely" (s.20(2)(b), s.20A(3)(b): renewals are not limited in number): the
    // period follows itself for as long as the power runs. Only the last period of a power may.
    // The calculator lists such periods lazily, up to the one running at the request's horizon.
    bool indefinitely = false;
};

// s.18(4), (5): a deadline (the AWOL retaking limit) that also depends on the power the patient is
// absent from and the end of its current period.
struct UnderlyingPowerRule
{
    // The powers it can be counted against (canonical codes or aliases of this table).
    std::vector<std::string> powers;
    // For these the deadline is the end of that power's period alone (s.18(5): s.2, s.4, s.5(2),
    // s.5(4)); for the others it is the later of the deadline's own span and that end (s.18(4)).
    std::vector<std::string> periodEndOnly;
};

// A deadline counted from the start of the power, independent of the periods (e.g. the last day
// to apply to the Tribunal under s.2).
struct FixedDeadlineRule
{
    // Where the deadline is counted from.
    enum class From
    {
        Start,                 // the start of the power (or the inherited start)
        FirstAdmission,        // the s.68 "applicable day": the first admission of this detention; required
        FirstAdmissionOrStart, // the first admission when an earlier power preceded, else the start
        LastTribunal           // the day the Tribunal last considered the case (else the applicable day)
    };
    std::string id;
    std::string label;
    DeadlineKind kind = DeadlineKind::Tribunal;
    Span within;
    From from = From::Start;
    // The duty arises at once ("as soon as possible", s.68(7)): due at the start; `within` unused.
    bool immediate = false;
    // For a patient who has not attained 18 when this shorter span has elapsed, it replaces
    // `within` (s.68(6): one year instead of three).
    std::optional<Span> under18Within;
    // Repeats every `every` after the first, `repeat` deadlines in all (s.41(6) yearly reports),
    // or for as long as the power runs (`indefinitely`), listed up to the first one due after the
    // request's horizon.
    std::optional<Span> every;
    int repeat = 1;
    bool indefinitely = false;
    // A duty on the hospital managers, the responsible clinician or the Secretary of State (a
    // referral, a report): once its deadline has passed it stays a high "overdue" alert until it
    // is acknowledged as done. Not set for the patient's own right to apply to the Tribunal, or for
    // a condition such as an admission within 28 days, which close without an alert.
    bool duty = false;
    // A reading the trust's Mental Health Act office confirms: a calendar span counted beginning
    // with the day it runs from (false), or with the day after (true).
    bool beginsDayAfter = false;
    // The deadline depends on the underlying power and its period end, which must then be given.
    std::optional<UnderlyingPowerRule> underlying;
};

// s.29(4): while an application to displace the nearest relative (s.29(3)(c) or (d)) made during
// a s.2 is pending, the s.2 continues until it is finally disposed of and, if an order is made,
// for a further period after that.
struct PendingProceedingsRule
{
    Span afterOrder; // the further period after an order (7 days)
    // How that further period is counted, a reading the trust's Mental Health Act office confirms:
    // true = beginning with the day of disposal; false = beginning with the day after it.
    bool beginsOnDayOfDisposal = true;
    std::string reading; // the reading, as documented in the table
    std::string label;   // e.g. "Section 2 ends (extended under s.29(4))"
};

// The power's periods run from the start of an earlier power when that one was still in force
// when this one began: s.5(2) from a preceding s.5(4), s.2 from the s.4 admission.
struct InheritanceRule
{
    std::string fromPower; // canonical code of the earlier power
    std::string note;
};

struct PowerRule
{
    std::string code;                           // canonical: "s2", "s5(2)", "cto" …
    std::optional<std::string> legalStatusCode; // UK Core LegalStatus, e.g. "02"
    std::vector<std::string> aliases;           // other spellings accepted on input
    std::string name;
    std::string startMeaning; // what "start" is for this power, e.g. "time of admission"
    std::optional<InheritanceRule> inheritsStartFrom;
    // The power has no expiry of its own (a restriction order, s.41; leave under s.17): why, as
    // the table says. Such a power may list no periods.
    std::optional<std::string> noExpiry;
    // The periods together never run beyond this span beginning with the start day (s.38(5): an
    // interim hospital order lasts 12 months in all): a period crossing it ends with it.
    std::optional<Span> maximumTotal;
    // Each period is set by the court up to the length listed (s.35, s.36, s.38): the period's
    // last day as the court set it may be given and is then used instead of the maximum.
    bool courtSetsPeriods = false;
    std::optional<PendingProceedingsRule> pendingProceedings;
    // The first period does not end before the first period of this other power, when its start
    // is known (Part 4A: a certificate is needed from the later of the CTO's first month and the
    // end of the s.58 three months).
    std::optional<InheritanceRule> notBeforeEndOf;
    std::vector<PeriodRule> periods;
    std::vector<FixedDeadlineRule> deadlines;
    // Where a patient under this power is cared for, for the review intervals ("inpatient" for a
    // hospital detention, "community" for a CTO or guardianship); unset when the power says
    // nothing about it (s.5(2) is inpatient but s.135 is not a ward, for example).
    std::optional<std::string> careSetting;
};

// Overdue care-plan and risk reviews.
struct ReviewRule
{
    std::string id;
    std::string label;
    std::string subject; // "care-plan", "risk-assessment"
    std::string setting; // "community", "inpatient" or "any"
    Span interval;       // due this long after the last review (corresponding date)
    Span dueSoon;        // "due soon" from this long before
};

enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual, Equal, NotEqual };
std::string toString(Comparison op);

// A questionnaire score or item answer that raises a clinical alert (PHQ-9 item 9 > 0, or
// declined). Rules match items by code only (LOINC or SNOMED CT), never by a form's own linkIds;
// a form that holds the instrument's panel but not the rule's item is an error (checked when a
// template is published and when a form is opened), never silence.
struct ScoreRule
{
    enum class When { Compare, Declined };
    std::string id;
    std::string instrument; // "PHQ-9", for people
    std::string item;       // "9" or "total", for people
    std::string system;     // of `code` and `panel`
    std::string code;       // the item's code
    std::string panel;      // the instrument's panel code
    When when = When::Compare;
    Comparison op = Comparison::Greater;
    double threshold = 0;
    std::string severity; // "high", "medium", "low"
    std::string message;  // what the clinician should do
};

// A transfer-of-care document due after an event (the discharge summary to the GP within 24 hours
// of an inpatient discharge, NHS Standard Contract): due from the event, overdue after `within`,
// and no longer raised `raisedFor` after that (a discharge long past is for the KPI, not a to-do).
struct DocumentRule
{
    std::string id;
    std::string label;    // "Discharge summary to the GP"
    std::string document; // the transfer-of-care kind, e.g. "discharge-summary"
    std::string after;    // the event, e.g. "inpatient-discharge"
    Span within;          // hours
    Span raisedFor;       // after the deadline
    std::string basis;    // why, for the alert's detail
};

struct RuleSet
{
    std::string name;    // "avocet-alert-rules"
    std::string version; // "2.0.0"
    LocalDate effectiveFrom{};
    std::string title;
    std::string basis;    // the legislation the tables implement
    std::string approval; // sign-off status as recorded in the file
    std::string source;   // file name or "builtin:…", for messages
    std::vector<PowerRule> powers;
    std::vector<ReviewRule> reviews;
    std::vector<ScoreRule> scores;
    std::vector<DocumentRule> documents;

    // Finds a power by canonical code, alias, section name or UK Core legal-status code,
    // ignoring case, spaces, dots and a leading "section".
    const PowerRule* findPower(const std::string& codeOrAlias) const;
};

// Lower-case, no spaces or dots, "section " → "s", "5-2"/"5.2" → "5(2)"; used for lookups.
std::string normalisePowerCode(const std::string& text);

} // namespace avocet::core::alerts

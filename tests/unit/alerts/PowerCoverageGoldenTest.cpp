// Golden table for the powers beyond the civil sections (court and transfer orders, restriction,
// guardianship, CTO revocation, leave and absence) and for the inputs that change a deadline
// (the s.68 applicable day, the last Tribunal consideration, a patient under 18, the length of a
// s.135/136 extension, s.29(4) nearest-relative proceedings). Each row says why it is right,
// worked by hand from the Act's counting (docs/alerts.md), not from the code's output.
// BST: 2023 26 Mar-29 Oct, 2024 31 Mar-27 Oct, 2025 30 Mar-26 Oct, 2026 29 Mar-25 Oct,
// 2027 28 Mar-31 Oct, 2028 26 Mar-29 Oct.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/alerts/DeadlineCalculator.h"
#include "tests/unit/alerts/AlertsTestSupport.h"

namespace avocet::core::alerts {
namespace {

struct CoverageRow
{
    const char* name;
    const char* power;
    const char* start;
    const char* firstAdmission; // "" for none
    const char* lastTribunal;   // "" for none
    const char* birthDate;      // "" for none
    int extensionHours;         // 0 for none
    const char* nrApplied;      // s.29(4) application made; "" for none
    const char* nrDisposed;     // "" while pending
    bool nrOrderMade;
    const char* deadlineId;
    const char* expectedUtc;
    const char* expectedLocal;
    const char* why;
    // The horizon for periods and duties that repeat indefinitely (DeadlineRequest::through): they
    // are listed up to the ones running then. "" for the default (the first occurrence).
    const char* through = "";
    // Absence without leave: the power the patient is absent from and the end of its current
    // period (s.18(4), (5)); "" for none.
    const char* underlyingPower = "";
    const char* underlyingEnd = "";
};

// clang-format off
const CoverageRow kRows[] = {
    // --- remands (s.35, s.36): 28 days, further 28 days, 12 weeks in all ----------------------------------
    {"s35_FirstRemandTwentyEightDays", "s35", "2024-03-01T10:00", "", "", "", 0, "", "", false, "expiry",
     "2024-03-29T00:00:00Z", "2024-03-29T00:00:00+00:00",
     "28 days beginning with 1 Mar: last day 28 Mar (GMT)"},
    {"s35_TwelveWeeksInAll", "07", "2024-03-01T10:00", "", "", "", 0, "", "", false, "further-remand-2",
     "2024-05-23T23:00:00Z", "2024-05-24T00:00:00+01:00",
     "84 days beginning with 1 Mar: 30 to 31 Mar, 30 to 30 Apr, 23 more to 23 May; ends 00:00 BST 24 May"},
    {"s36_AcrossAutumnChangeByCode08", "08", "2025-10-01T11:00", "", "", "", 0, "", "", false, "expiry",
     "2025-10-29T00:00:00Z", "2025-10-29T00:00:00+00:00",
     "28 days beginning with 1 Oct: last day 28 Oct, after the change on 26 Oct, so 00:00 GMT"},
    {"s36_FurtherRemandBeginsTheDayAfter", "s.36", "2025-10-01T11:00", "", "", "", 0, "", "", false, "further-remand-1",
     "2025-11-26T00:00:00Z", "2025-11-26T00:00:00+00:00",
     "begins 29 Oct; 28 days: last day 25 Nov"},

    // --- hospital order (s.37): periods as s.3 from the order ----------------------------------------------
    {"s37_31AugustEndsOnLeapDay", "10", "2023-08-31T15:00", "", "", "", 0, "", "", false, "expiry",
     "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00",
     "6 months beginning with 31 Aug 2023: no 31 Feb, so the end of February, 29 Feb 2024"},
    {"s37_AdmissionWithinTwentyEightDays", "hospital order", "2023-08-31T15:00", "", "", "", 0, "", "", false, "admission",
     "2023-09-27T23:00:00Z", "2023-09-28T00:00:00+01:00",
     "s.37(4): 28 days beginning with 31 Aug: last day 27 Sep (BST)"},
    {"s37_FirstApplicationInTheFirstRenewal", "s37", "2023-08-31T15:00", "", "", "", 0, "", "", false,
     "renewal-1-tribunal-application", "2024-08-31T23:00:00Z", "2024-09-01T00:00:00+01:00",
     "renewal begins 1 Mar 2024; 6 months: last day 31 Aug 2024; the patient cannot apply in the first period"},

    {"s37_ThreeYearReferralFromTheOrder", "s37", "2023-08-31T15:00", "", "", "", 0, "", "", false,
     "tribunal-referral-periodic", "2026-08-30T23:00:00Z", "2026-08-31T00:00:00+01:00",
     "s.68(6) via Sch.1 Part 1 (a reading awaiting the office): no Tribunal recorded, so 3 years beginning with the "
     "order day 31 Aug 2023, last day 30 Aug 2026 (BST)"},

    // --- interim hospital order (s.38): 12 weeks, 28-day renewals, 12 months in all --------------------------
    {"s38_TwelveWeeksInitial", "s38", "2024-03-01T10:00", "", "", "", 0, "", "", false, "expiry",
     "2024-05-23T23:00:00Z", "2024-05-24T00:00:00+01:00",
     "84 days beginning with 1 Mar 2024: last day 23 May"},
    {"s38_TenthRenewal", "interim hospital order", "2024-03-01T10:00", "", "", "", 0, "", "", false, "renewal-10",
     "2025-02-28T00:00:00Z", "2025-02-28T00:00:00+00:00",
     "23 May + 280 days: 8 to 31 May, then 30+31+31+30+31+30+31+31 = 245 to 31 Jan, 27 more: 27 Feb 2025"},
    {"s38_EleventhRenewalCutToTwelveMonths", "12", "2024-03-01T10:00", "", "", "", 0, "", "", false, "renewal-11",
     "2025-03-01T00:00:00Z", "2025-03-01T00:00:00+00:00",
     "would run 28 Feb to 27 Mar 2025, but 12 months beginning with 1 Mar 2024 end with 28 Feb 2025"},
    {"s38_TwelveMonthsEndOnLeapDay", "s38", "2023-03-01T10:00", "", "", "", 0, "", "", false, "renewal-11",
     "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00",
     "12 months beginning with 1 Mar 2023 end with 29 Feb 2024; renewal 10 ended 28 Feb, so renewal 11 is one day"},
    {"s38_AdmissionWithinTwentyEightDaysInLeapFebruary", "s38", "2024-02-15T12:00", "", "", "", 0, "", "", false,
     "admission", "2024-03-14T00:00:00Z", "2024-03-14T00:00:00+00:00",
     "s.38(4): 28 days beginning with 15 Feb 2024 (29 days in Feb): last day 13 Mar"},

    // --- restricted patients: no expiry, the duties that follow ----------------------------------------------
    {"s37_41_SecretaryOfStateReferralFromTheOrder", "09", "2024-03-01T10:00", "", "", "", 0, "", "", false,
     "secretary-of-state-referral", "2027-03-01T00:00:00Z", "2027-03-01T00:00:00+00:00",
     "no Tribunal recorded: 3 years beginning with the order day 1 Mar 2024, last day 28 Feb 2027"},
    {"s37_41_SecretaryOfStateReferralFromLastTribunal", "s37/41", "2024-03-01T10:00", "", "2025-06-15", "", 0, "", "",
     false, "secretary-of-state-referral", "2028-06-14T23:00:00Z", "2028-06-15T00:00:00+01:00",
     "s.71(2): 3 years beginning with 15 Jun 2025, last day 14 Jun 2028 (BST)"},
    {"s37_41_ApplicationOpensAfterSixMonths", "restriction order", "2024-03-01T10:00", "", "", "", 0, "", "", false,
     "tribunal-application-opens", "2024-08-31T23:00:00Z", "2024-09-01T00:00:00+01:00",
     "s.70(a): not in the 6 months beginning with 1 Mar 2024 (last day 31 Aug)"},
    {"s45A_SecondReportTwoYearsOn", "37", "2024-03-01T10:00", "", "", "", 0, "", "", false, "rc-report-2",
     "2026-03-01T00:00:00Z", "2026-03-01T00:00:00+00:00",
     "s.41(6) via s.45B: year 1 ends 28 Feb 2025, year 2 begins 1 Mar 2025 and ends 28 Feb 2026",
     "2025-06-01T12:00"},
    {"s37_41_FifthReportInYearFive", "s37/41", "2024-02-29T10:00", "", "", "", 0, "", "", false, "rc-report-5",
     "2029-03-01T00:00:00Z", "2029-03-01T00:00:00+00:00",
     "s.41(6), not limited in number: 12 months beginning with 29 Feb 2024 (no 29 Feb 2025) end 28 Feb 2025; each next "
     "report's year begins the day after: to 28 Feb 2026, 28 Feb 2027, 29 Feb 2028 (leap), and year 5 from 1 Mar 2028 "
     "ends 28 Feb 2029 (GMT)",
     "2028-11-15T12:00"},
    {"s47_AdmissionWithinFourteenDaysAcrossAutumnChange", "16", "2024-10-20T12:00", "", "", "", 0, "", "", false,
     "admission", "2024-11-03T00:00:00Z", "2024-11-03T00:00:00+00:00",
     "s.47(2): 14 days beginning with 20 Oct: last day 2 Nov, after the change on 27 Oct"},
    {"s47_ApplicationInFirstSixMonths", "transfer direction", "2024-10-20T12:00", "", "", "", 0, "", "", false,
     "expiry-tribunal-application", "2025-04-19T23:00:00Z", "2025-04-20T00:00:00+01:00",
     "s.69(2)(b): 6 months beginning with 20 Oct 2024, last day 19 Apr 2025 (BST)"},
    {"s47_49_FirstRestrictedApplicationYear", "15", "2024-10-20T12:00", "", "", "", 0, "", "", false,
     "tribunal-application-1", "2025-10-19T23:00:00Z", "2025-10-20T00:00:00+01:00",
     "s.70(a): to the end of 12 months beginning with 20 Oct 2024, last day 19 Oct 2025 (BST until 26 Oct)"},
    {"s47_UnderEighteenReferralOneYearFromLastTribunal", "16", "2024-10-20T12:00", "", "2025-02-28", "2009-06-01", 0,
     "", "", false, "tribunal-referral-periodic", "2026-02-28T00:00:00Z", "2026-02-28T00:00:00+00:00",
     "s.68(6) via Sch.1 Part 1: 18 on 1 Jun 2027, still under 18 when the year beginning with the consideration on "
     "28 Feb 2025 ends (27 Feb 2026), so one year"},
    {"s48_AnnualPeriodFrom31January", "18", "2024-01-31T09:00", "", "", "", 0, "", "", false, "annual-1",
     "2026-01-31T00:00:00Z", "2026-01-31T00:00:00+00:00",
     "6 months from 31 Jan: last 30 Jul; renewal from 31 Jul: last 30 Jan 2025; 12 months from 31 Jan 2025: last 30 Jan 2026"},
    {"s48_49_AdmissionFourteenDaysAcrossSpringChange", "17", "2025-03-20T09:00", "", "", "", 0, "", "", false,
     "admission", "2025-04-02T23:00:00Z", "2025-04-03T00:00:00+01:00",
     "14 days beginning with 20 Mar: last day 2 Apr, after the change on 30 Mar"},

    // --- annual renewals are not limited in number (s.20(2)(b)) ------------------------------------------------
    {"s3_FourthAnnualPeriodAcrossLeapDay", "s3", "2023-08-31T11:00+01:00", "", "", "", 0, "", "", false, "annual-4",
     "2028-08-31T23:00:00Z", "2028-09-01T00:00:00+01:00",
     "6 months from 31 Aug 2023 end 29 Feb 2024 (no 31 Feb); renewal 1 Mar to 31 Aug 2024; annual periods from 1 Sep: "
     "the 4th runs 1 Sep 2027 to 31 Aug 2028, 366 days through 29 Feb 2028; ends 00:00 BST 1 Sep",
     "2028-02-29T12:00"},
    {"s3_FourthAnnualPeriodWindowOpensFirstJuly", "s3", "2023-08-31T11:00+01:00", "", "", "", 0, "", "", false,
     "annual-4-window", "2028-06-30T23:00:00Z", "2028-07-01T00:00:00+01:00",
     "s.20(3): the two months ending with 31 Aug 2028 begin with 1 Jul 2028 (1 Jul + 2 months = 1 Sep, the day after)",
     "2028-02-29T12:00"},

    // --- guardianship (s.7): periods as s.3 --------------------------------------------------------------
    {"s7_31AugustEndsOnLeapDay", "35", "2023-08-31T12:00", "", "", "", 0, "", "", false, "expiry",
     "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00",
     "as s.3: 6 months beginning with 31 Aug 2023 end with 29 Feb 2024"},
    {"s7_ExaminationWindowTwoMonthsEndingWithLeapDay", "guardianship", "2023-08-31T12:00", "", "", "", 0, "", "", false,
     "expiry-window", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00+00:00",
     "s.20(6): the two months ending with 29 Feb 2024 begin with 1 Jan 2024 (1 Jan + 2 months = 1 Mar, the day after)"},
    {"s7_ApplyWithinFirstSixMonths", "s7", "2023-08-31T12:00", "", "", "", 0, "", "", false,
     "expiry-tribunal-application", "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00",
     "s.66(1)(c), (2)(c): 6 months beginning with acceptance, as the first period"},

    // --- CTO revoked (s.17F/s.17G): detained as if newly admitted under s.3 that day ------------------------
    {"ctoRevoked_ReferralAsSoonAsPossible", "cto-revoked", "2024-10-27T10:00", "", "", "", 0, "", "", false,
     "tribunal-referral", "2024-10-27T10:00:00Z", "2024-10-27T10:00:00+00:00",
     "s.68(7): due at once, on the autumn change day (GMT from 01:00 UTC)"},
    {"ctoRevoked_SixMonthsFromTheDayOfRevocation", "s17f", "2024-10-27T10:00", "", "", "", 0, "", "", false, "expiry",
     "2025-04-26T23:00:00Z", "2025-04-27T00:00:00+01:00",
     "s.17G: 6 months beginning with 27 Oct 2024, last day 26 Apr 2025 (BST)"},
    {"ctoRevoked_UnderEighteenReferralAfterOneYear", "cto-revoked", "2024-05-10T10:00", "", "", "2008-01-01", 0, "", "",
     false, "tribunal-referral-periodic", "2025-05-09T23:00:00Z", "2025-05-10T00:00:00+01:00",
     "s.68(6): 18 on 1 Jan 2026, still under 18 when the year beginning with 10 May 2024 ends (9 May 2025)"},

    // --- s.68 from the right start ----------------------------------------------------------------------
    {"s3_ReferralCountsFromTheSection2Admission", "s3", "2024-02-10T10:00", "2024-01-20T15:00", "", "", 0, "", "", false,
     "tribunal-referral", "2024-07-19T23:00:00Z", "2024-07-20T00:00:00+01:00",
     "s.68(5): applicable day 20 Jan (s.2 admission); 6 months, last day 19 Jul, not 9 Aug"},
    {"s3_PeriodsStillCountFromTheSection3", "s3", "2024-02-10T10:00", "2024-01-20T15:00", "", "", 0, "", "", false,
     "expiry", "2024-08-09T23:00:00Z", "2024-08-10T00:00:00+01:00",
     "s.20(1): the s.3 periods run from the s.3 admission, 10 Feb: last day 9 Aug"},
    {"s3_TurnsEighteenBeforeTheYearEndsSoThreeYears", "s3", "2024-05-10T10:00", "", "", "2006-09-01", 0, "", "", false,
     "tribunal-referral-periodic", "2027-05-09T23:00:00Z", "2027-05-10T00:00:00+01:00",
     "18 on 1 Sep 2024, before the year ending 9 May 2025: the 3 years apply, last day 9 May 2027"},
    {"cto_ReferralCountsFromTheOriginalSection3", "cto", "2023-09-01T12:00", "2023-06-15T11:00", "", "", 0, "", "", false,
     "tribunal-referral", "2023-12-15T00:00:00Z", "2023-12-15T00:00:00+00:00",
     "s.68(5): applicable day 15 Jun 2023; 6 months, last day 14 Dec 2023"},
    {"cto_ThreeYearsFromALeapDayHearing", "cto", "2023-09-01T12:00", "2023-06-15T11:00", "2024-02-29", "", 0, "", "",
     false, "tribunal-referral-periodic", "2027-03-01T00:00:00Z", "2027-03-01T00:00:00+00:00",
     "3 years beginning with 29 Feb 2024: no 29 Feb 2027, so the end of February, 28 Feb 2027"},

    // --- s.135/136: the extension as authorised -----------------------------------------------------------
    {"s136_SixHourExtensionAcrossAutumnChange", "s136", "2024-10-26T20:00+01:00", "", "", "", 6, "", "", false,
     "expiry-extended", "2024-10-28T01:00:00Z", "2024-10-28T01:00:00+00:00",
     "24 + 6 = 30 real hours from 19:00 UTC 26 Oct"},
    {"s135_TwelveHourExtensionAcrossSpringChange", "19", "2024-03-30T12:00:00Z", "", "", "", 12, "", "", false,
     "expiry-extended", "2024-04-01T00:00:00Z", "2024-04-01T01:00:00+01:00",
     "24 + 12 = 36 real hours from 12:00 UTC 30 Mar; BST from 31 Mar"},
    {"s136_OneHourExtension", "s136", "2025-01-10T09:00", "", "", "", 1, "", "", false, "expiry-extended",
     "2025-01-11T10:00:00Z", "2025-01-11T10:00:00+00:00", "24 + 1 hours"},

    // --- s.29(4): s.2 while the nearest-relative application is pending ---------------------------------------
    {"s2_29_4_OrderMadeSevenDaysBeginningWithDisposal", "s2", "2024-02-10T14:00", "", "", "", 0, "2024-03-01T10:00",
     "2024-03-20T12:00", true, "expiry", "2024-03-27T00:00:00Z", "2024-03-27T00:00:00+00:00",
     "28 days end 8 Mar; extended to disposal 20 Mar, then 7 days beginning with 20 Mar (the table's reading): last day 26 Mar"},
    {"s2_29_4_NoOrderEndsAtDisposal", "s2", "2024-02-10T14:00", "", "", "", 0, "2024-03-01T10:00", "2024-03-20T12:00",
     false, "expiry", "2024-03-20T12:00:00Z", "2024-03-20T12:00:00+00:00",
     "s.29(4)(a): until the application is finally disposed of; no order, no further period"},
    {"s2_29_4_SevenDaysAcrossSpringChange", "02", "2024-03-01T09:00", "", "", "", 0, "2024-03-25T10:00",
     "2024-03-29T16:00", true, "expiry", "2024-04-04T23:00:00Z", "2024-04-05T00:00:00+01:00",
     "28 days end 28 Mar; disposed 29 Mar with an order: 7 days beginning with 29 Mar, last day 4 Apr (BST)"},

    // --- Part 4A: the first month of a CTO ------------------------------------------------------------------
    {"part4a_FirstMonthFrom31JanuaryEndsOnLeapDay", "part4a", "2024-01-31T10:00", "", "", "", 0, "", "", false,
     "first-month", "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00",
     "one month beginning with 31 Jan 2024: no 31 Feb, so the end of February, 29 Feb"},

    // --- leave and absence ------------------------------------------------------------------------------
    {"s17Leave_SevenConsecutiveDaysAcrossYearEnd", "s17", "2024-12-28T10:00", "", "", "", 0, "", "", false,
     "consider-cto", "2025-01-04T00:00:00Z", "2025-01-04T00:00:00+00:00",
     "s.17(2A): 7 days beginning with 28 Dec: last day 3 Jan; longer leave needs a CTO considered"},
    {"awol_SixMonthsFrom31August", "absent without leave", "2024-08-31T22:00+01:00", "", "", "", 0, "", "", false,
     "retaking-limit", "2025-03-01T00:00:00Z", "2025-03-01T00:00:00+00:00",
     "s.18(4): 6 months beginning with 31 Aug 2024 end with 28 Feb 2025, later than the s.3 period ending with "
     "10 Oct 2024, so the 6 months",
     "", "s3", "2024-10-10T23:00:00Z"},
    {"awol_Section3LaterOfSixMonthsAndThePeriodEnd", "s18", "2024-06-20T14:00", "", "", "", 0, "", "", false,
     "retaking-limit", "2025-01-05T00:00:00Z", "2025-01-05T00:00:00+00:00",
     "s.18(4): 6 months beginning with 20 Jun 2024 end with 19 Dec 2024; the s.3 (admitted 5 Jan 2024, renewed) is "
     "liable to be detained to the end of 4 Jan 2025, later, so that end (GMT)",
     "", "s3", "2025-01-05T00:00:00Z"},
    {"awol_Section2EndOfTheTwentyEightDays", "awol", "2024-03-20T15:00", "", "", "", 0, "", "", false,
     "retaking-limit", "2024-03-29T00:00:00Z", "2024-03-29T00:00:00+00:00",
     "s.18(5): a s.2 patient cannot be retaken after the 28 days beginning with 1 Mar 2024 (last day 28 Mar, "
     "before BST on 31 Mar), not 6 months from the absence",
     "", "s2", "2024-03-29T00:00:00Z"},
    {"awol_Section5_2EndOfTheSeventyTwoHoursAcrossAutumnChange", "awol", "2024-10-27T08:00", "", "", "", 0, "", "",
     false, "retaking-limit", "2024-10-29T11:00:00Z", "2024-10-29T11:00:00+00:00",
     "s.18(5): the s.5(2) from 12:00 BST 26 Oct runs 72 real hours to 11:00 UTC 29 Oct (11:00 GMT after the change)",
     "", "s5(2)", "2024-10-29T11:00:00Z"},
    {"awolReturn_OneWeekAcrossSpringChange", "s21b", "2025-03-28T09:00", "", "", "", 0, "", "", false, "expiry",
     "2025-04-03T23:00:00Z", "2025-04-04T00:00:00+01:00",
     "s.21/s.21B: one week beginning with 28 Mar: last day 3 Apr (BST from 30 Mar)"},
};
// clang-format on

using testing::day;
using testing::instant;

const RuleLibrary& rules() { return testing::builtinRules(); }

DeadlineRequest requestFor(const CoverageRow& row)
{
    DeadlineRequest request;
    request.power = row.power;
    request.start = instant(row.start);
    if (*row.firstAdmission)
        request.firstAdmission = instant(row.firstAdmission);
    if (*row.lastTribunal)
        request.lastTribunal = day(row.lastTribunal);
    if (*row.birthDate)
        request.birthDate = day(row.birthDate);
    if (row.extensionHours > 0)
        request.extensionHours = row.extensionHours;
    if (*row.through)
        request.through = instant(row.through);
    if (*row.underlyingPower) {
        request.underlyingPower = row.underlyingPower;
        request.underlyingPeriodEnd = instant(row.underlyingEnd);
    }
    if (*row.nrApplied) {
        DeadlineRequest::NearestRelativeProceedings proceedings{instant(row.nrApplied), std::nullopt, row.nrOrderMade};
        if (*row.nrDisposed)
            proceedings.disposedOf = instant(row.nrDisposed);
        request.nearestRelativeProceedings = proceedings;
    }
    return request;
}

class PowerCoverageGolden : public ::testing::TestWithParam<CoverageRow>
{
};

TEST_P(PowerCoverageGolden, MatchesHandWorkedDeadline)
{
    const CoverageRow& row = GetParam();
    auto report = computeDeadlines(rules(), requestFor(row));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(report->ruleSetVersion, "2.2.0");
    const Deadline* found = nullptr;
    std::string ids;
    for (const auto& d : report->deadlines) {
        ids += d.id + " ";
        if (d.id == row.deadlineId)
            found = &d;
    }
    ASSERT_NE(found, nullptr) << "no deadline " << row.deadlineId << " among: " << ids;
    EXPECT_EQ(formatUtcIso(found->due), row.expectedUtc) << row.why;
    EXPECT_EQ(london::formatIso(found->due), row.expectedLocal) << row.why;
}

INSTANTIATE_TEST_SUITE_P(Table, PowerCoverageGolden, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<CoverageRow>& row) { return std::string(row.param.name); });

TEST(PowerCoverageGoldenTable, EveryNewPowerHasARow)
{
    for (const char* power : {"s35", "s36", "s37", "s37/41", "s38", "s45a", "s47", "s47/49", "s48", "s48/49", "s7",
                              "cto-revoked", "s17-leave", "awol", "awol-return", "part4a"}) {
        const PowerRule* rule = rules().sets().back().findPower(power);
        ASSERT_NE(rule, nullptr) << power;
        const bool covered = std::any_of(std::begin(kRows), std::end(kRows), [&](const CoverageRow& row) {
            return rules().sets().back().findPower(row.power) == rule;
        });
        EXPECT_TRUE(covered) << power << " has no golden row";
    }
}

} // namespace
} // namespace avocet::core::alerts

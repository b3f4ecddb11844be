// Golden table for the Mental Health Act deadline calculator, worked out by hand from the Act's
// counting rules (docs/alerts.md), not from the code's own output.
//   Hour-based powers: exact elapsed hours, so across a clock change the wall clock moves by
//   one hour more or less than the period.
//   Day/month-based powers: London calendar days "beginning with" the start day; the period ends
//   at 00:00 London time on the day after its last day.
// BST in the years used: 2017 26 Mar–29 Oct, 2023 26 Mar–29 Oct, 2024 31 Mar–27 Oct,
// 2025 30 Mar–26 Oct (changes at 01:00 UTC).

#include <gtest/gtest.h>

#include <string>

#include "core/alerts/DeadlineCalculator.h"
#include "tests/unit/alerts/AlertsTestSupport.h"

namespace avocet::core::alerts {
namespace {

struct GoldenRow
{
    const char* name;
    const char* power;
    const char* start;
    const char* precedingStart; // "" for none
    bool extended;
    const char* asOf; // "" for the default (the start's London date)
    const char* deadlineId;
    const char* expectedUtc;
    const char* expectedLocal;
    const char* expectedVersion;
};

// clang-format off
const GoldenRow kGolden[] = {
    // --- hour-based powers across GMT/BST changes -----------------------------------------------------------
    {"s5_4_AcrossSpringChange", "s5(4)", "2024-03-31T00:30:00Z", "", false, "", "expiry",
     "2024-03-31T06:30:00Z", "2024-03-31T07:30:00+01:00", "2.2.0"},
    {"s5_4_StartsInRepeatedHourWithOffset", "s5(4)", "2024-10-27T01:30+01:00", "", false, "", "expiry",
     "2024-10-27T06:30:00Z", "2024-10-27T06:30:00+00:00", "2.2.0"},
    {"s5_4_StartsAtBstMidnightOnAutumnChangeDay", "s5(4)", "2025-10-26T00:00+01:00", "", false, "", "expiry",
     "2025-10-26T05:00:00Z", "2025-10-26T05:00:00+00:00", "2.2.0"},
    {"s5_2_AcrossAutumnChangeIsSeventyTwoRealHours", "s5(2)", "2024-10-25T12:00+01:00", "", false, "", "expiry",
     "2024-10-28T11:00:00Z", "2024-10-28T11:00:00+00:00", "2.2.0"},
    {"s5_2_InheritsStartOfPrecedingS5_4", "s5(2)", "2024-06-01T14:00+01:00", "2024-06-01T10:00+01:00", false, "",
     "expiry", "2024-06-04T09:00:00Z", "2024-06-04T10:00:00+01:00", "2.2.0"},
    {"s5_2_InheritsAcrossSpringChange", "s5(2)", "2024-03-31T03:00+01:00", "2024-03-30T22:00:00Z", false, "",
     "expiry", "2024-04-02T22:00:00Z", "2024-04-02T23:00:00+01:00", "2.2.0"},
    {"s4_AcrossSpringChangeFromLocalWallClock", "s4", "2024-03-29T10:00", "", false, "", "expiry",
     "2024-04-01T10:00:00Z", "2024-04-01T11:00:00+01:00", "2.2.0"},
    {"s4_StartsOneSecondBeforeBst", "section 4", "2025-03-30T00:59:59Z", "", false, "", "expiry",
     "2025-04-02T00:59:59Z", "2025-04-02T01:59:59+01:00", "2.2.0"},
    {"s136_TwentyFourHoursAcrossSpringChange", "s136", "2024-03-30T12:00:00Z", "", false, "", "expiry",
     "2024-03-31T12:00:00Z", "2024-03-31T13:00:00+01:00", "2.2.0"},
    {"s136_ExtendedByTwelveHoursAcrossAutumnChange", "s136", "2024-10-26T20:00+01:00", "", true, "",
     "expiry-extended", "2024-10-28T07:00:00Z", "2024-10-28T07:00:00+00:00", "2.2.0"},
    {"s136_UnextendedPeriodStillListedWhenExtended", "s136", "2024-10-26T20:00+01:00", "", true, "", "expiry",
     "2024-10-27T19:00:00Z", "2024-10-27T19:00:00+00:00", "2.2.0"},
    {"s136_ByUkCoreLegalStatusCode20", "20", "2019-07-01T09:00+01:00", "", false, "", "expiry",
     "2019-07-02T08:00:00Z", "2019-07-02T09:00:00+01:00", "2.2.0"},
    {"s135_SeventyTwoHoursUnderRulesBefore11Dec2017", "s135", "2017-12-10T22:00:00Z", "", false, "", "expiry",
     "2017-12-13T22:00:00Z", "2017-12-13T22:00:00+00:00", "1.1.0"},
    {"s136_TwentyFourHoursFromCommencementDay", "s.136", "2017-12-11T00:30", "", false, "", "expiry",
     "2017-12-12T00:30:00Z", "2017-12-12T00:30:00+00:00", "2.2.0"},
    {"s136_AsOfPicksTheNewerTable", "s136", "2017-12-10T23:00:00Z", "", false, "2017-12-11", "expiry",
     "2017-12-11T23:00:00Z", "2017-12-11T23:00:00+00:00", "2.2.0"},
    {"s136_SeventyTwoHoursAcrossAutumnChange2017", "s136", "2017-10-28T12:00+01:00", "", false, "", "expiry",
     "2017-10-31T11:00:00Z", "2017-10-31T11:00:00+00:00", "1.1.0"},
    {"ctoRecall_AcrossAutumnChange", "cto-recall", "2023-10-27T18:00+01:00", "", false, "", "expiry",
     "2023-10-30T17:00:00Z", "2023-10-30T17:00:00+00:00", "2.2.0"},

    // --- 28 days beginning with the day of admission -------------------------------------------------------------
    {"s2_LeapFebruary", "s2", "2024-02-10T14:00", "", false, "", "expiry",
     "2024-03-09T00:00:00Z", "2024-03-09T00:00:00+00:00", "2.2.0"},
    {"s2_TribunalApplicationFourteenDays", "s2", "2024-02-10T14:00", "", false, "", "tribunal-application",
     "2024-02-24T00:00:00Z", "2024-02-24T00:00:00+00:00", "2.2.0"},
    {"s2_EndsInBstAtLocalMidnight", "02", "2024-03-20T15:00:00Z", "", false, "", "expiry",
     "2024-04-16T23:00:00Z", "2024-04-17T00:00:00+01:00", "2.2.0"},
    {"s2_InheritsDayOfS4Admission", "s2", "2024-05-03T10:00+01:00", "2024-05-01T22:00+01:00", false, "", "expiry",
     "2024-05-28T23:00:00Z", "2024-05-29T00:00:00+01:00", "2.2.0"},
    {"s2_CountsTheLondonDateNotTheUtcDate", "s2", "2024-07-01T00:30+01:00", "", false, "", "expiry",
     "2024-07-28T23:00:00Z", "2024-07-29T00:00:00+01:00", "2.2.0"},
    {"s2_AcrossYearEnd", "s2", "2024-12-20T09:00", "", false, "", "expiry",
     "2025-01-17T00:00:00Z", "2025-01-17T00:00:00+00:00", "2.2.0"},
    {"s2_DateOnlyStartOnAutumnChangeDay", "s2", "2025-10-26", "", false, "", "expiry",
     "2025-11-23T00:00:00Z", "2025-11-23T00:00:00+00:00", "2.2.0"},

    // --- months: corresponding date, month ends and leap years ------------------------------------------------
    {"s3_31AugustEndsOnLeapDay", "s3", "2023-08-31T11:00+01:00", "", false, "", "expiry",
     "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00", "2.2.0"},
    {"s3_FirstRenewalBeginsDayAfterExpiry", "s3", "2023-08-31T11:00+01:00", "", false, "", "renewal-1",
     "2024-08-31T23:00:00Z", "2024-09-01T00:00:00+01:00", "2.2.0"},
    {"s3_ThenTwelveMonthly", "s3", "2023-08-31T11:00+01:00", "", false, "", "annual-1",
     "2025-08-31T23:00:00Z", "2025-09-01T00:00:00+01:00", "2.2.0"},
    // Annual periods are listed up to the one running on the as-of day (here the second).
    {"s3_SecondAnnualRenewal", "s3", "2023-08-31T11:00+01:00", "", false, "2026-06-01", "annual-2",
     "2026-08-31T23:00:00Z", "2026-09-01T00:00:00+01:00", "2.2.0"},
    {"s3_31AugustEndsOn28FebruaryInCommonYear", "s3", "2024-08-31T16:00+01:00", "", false, "", "expiry",
     "2025-03-01T00:00:00Z", "2025-03-01T00:00:00+00:00", "2.2.0"},
    {"s3_30AugustAlsoEndsAtEndOfFebruary", "s3", "2022-08-30T09:00+01:00", "", false, "", "expiry",
     "2023-03-01T00:00:00Z", "2023-03-01T00:00:00+00:00", "2.2.0"},
    {"s3_28AugustEndsOn27February", "s3", "2022-08-28T09:00+01:00", "", false, "", "expiry",
     "2023-02-28T00:00:00Z", "2023-02-28T00:00:00+00:00", "2.2.0"},
    {"s3_ExpiryInBst", "s3", "2024-01-05T10:00", "", false, "", "expiry",
     "2024-07-04T23:00:00Z", "2024-07-05T00:00:00+01:00", "2.2.0"},
    {"s3_RenewalExaminationWindowTwoMonthsEndingWithLastDay", "s3", "2024-01-05T10:00", "", false, "",
     "expiry-window", "2024-05-04T23:00:00Z", "2024-05-05T00:00:00+01:00", "2.2.0"},
    {"s3_ManagersTribunalReferralAtSixMonths", "s3", "2024-01-05T10:00", "", false, "", "tribunal-referral",
     "2024-07-04T23:00:00Z", "2024-07-05T00:00:00+01:00", "2.2.0"},
    {"cto_MadeOnLeapDay", "cto", "2024-02-29T12:00", "", false, "", "expiry",
     "2024-08-28T23:00:00Z", "2024-08-29T00:00:00+01:00", "2.2.0"},
    {"cto_FirstExtensionEndsAtEndOfFebruary", "s17a", "2024-02-29T12:00", "", false, "", "extension-1",
     "2025-03-01T00:00:00Z", "2025-03-01T00:00:00+00:00", "2.2.0"},
    {"cto_ThenTwelveMonthly", "CTO", "2024-02-29T12:00", "", false, "", "annual-1",
     "2026-03-01T00:00:00Z", "2026-03-01T00:00:00+00:00", "2.2.0"},
    {"s58_ThreeMonthsFrom30NovemberEndOnLeapDay", "s58", "2023-11-30T18:00", "", false, "", "three-months",
     "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00", "2.2.0"},
    {"s58_ThreeMonthsEndInBst", "s58", "2024-01-10T09:00", "", false, "", "three-months",
     "2024-04-09T23:00:00Z", "2024-04-10T00:00:00+01:00", "2.2.0"},
};
// clang-format on

class DeadlineGolden : public ::testing::TestWithParam<GoldenRow>
{
protected:
    static const RuleLibrary& rules() { return testing::builtinRules(); }
};

TEST_P(DeadlineGolden, MatchesHandWorkedDeadline)
{
    const GoldenRow& row = GetParam();
    DeadlineRequest request;
    request.power = row.power;
    auto start = parseIsoInstant(row.start);
    ASSERT_TRUE(start.ok()) << start.message();
    request.start = start.value();
    if (*row.precedingStart) {
        auto preceding = parseIsoInstant(row.precedingStart);
        ASSERT_TRUE(preceding.ok()) << preceding.message();
        request.precedingStart = preceding.value();
    }
    request.extended = row.extended;
    if (*row.asOf) {
        auto asOf = parseIsoDate(row.asOf);
        ASSERT_TRUE(asOf.ok()) << asOf.message();
        request.asOf = asOf.value();
    }

    auto report = computeDeadlines(rules(), request);
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(report->ruleSetVersion, row.expectedVersion);

    const Deadline* found = nullptr;
    std::string ids;
    for (const auto& d : report->deadlines) {
        ids += d.id + " ";
        if (d.id == row.deadlineId)
            found = &d;
    }
    ASSERT_NE(found, nullptr) << "no deadline " << row.deadlineId << " among: " << ids;
    EXPECT_EQ(formatUtcIso(found->due), row.expectedUtc);
    EXPECT_EQ(london::formatIso(found->due), row.expectedLocal);
}

INSTANTIATE_TEST_SUITE_P(Table, DeadlineGolden, ::testing::ValuesIn(kGolden),
                         [](const ::testing::TestParamInfo<GoldenRow>& row) { return std::string(row.param.name); });

TEST(DeadlineGoldenTable, HasAtLeastTwentyFiveRows)
{
    EXPECT_GE(std::size(kGolden), 25u);
}

} // namespace
} // namespace avocet::core::alerts

#include <gtest/gtest.h>

#include "core/alerts/Period.h"

namespace avocet::core::alerts {
namespace {

using namespace std::chrono;

const Span kSixMonths{Span::Unit::Months, 6};
const Span kTwoMonths{Span::Unit::Months, 2};
const Span kTwentyEightDays{Span::Unit::Days, 28};

TEST(Period, CorrespondingDateKeepsTheDayOfMonth)
{
    EXPECT_EQ(correspondingDate(2024y / January / 5d, 6), 2024y / July / 5d);
    EXPECT_EQ(correspondingDate(2024y / November / 15d, 3), 2025y / February / 15d);
    EXPECT_EQ(correspondingDate(2024y / May / 15d, -6), 2023y / November / 15d);
}

TEST(Period, CorrespondingDateOfAMissingDayIsTheFirstOfTheNextMonth)
{
    EXPECT_EQ(correspondingDate(2023y / August / 31d, 6), 2024y / March / 1d);
    EXPECT_EQ(correspondingDate(2024y / February / 29d, 12), 2025y / March / 1d);
    EXPECT_EQ(correspondingDate(2024y / March / 31d, 1), 2024y / May / 1d);
    EXPECT_EQ(correspondingDate(2024y / August / 29d, 6), 2025y / March / 1d);
}

TEST(Period, SixMonthsBeginningWith31AugustEndsAtTheEndOfFebruary)
{
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2024y / August / 31d, kSixMonths), 2025y / February / 28d);
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2023y / August / 31d, kSixMonths), 2024y / February / 29d);
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2023y / August / 29d, kSixMonths), 2024y / February / 28d);
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2024y / August / 29d, kSixMonths), 2025y / February / 28d);
}

TEST(Period, MonthPeriodsNeverEndBeforeAnEarlierStartsPeriod)
{
    // Monotonic: a later first day never gives an earlier last day.
    auto previous = lastDayOfPeriodBeginningWith(2023y / August / 1d, kSixMonths);
    for (unsigned d = 2; d <= 31; ++d) {
        const auto last = lastDayOfPeriodBeginningWith(2023y / August / day{d}, kSixMonths);
        EXPECT_GE(sys_days{last}, sys_days{previous}) << d;
        previous = last;
    }
}

TEST(Period, DaysBeginningWithCountTheFirstDay)
{
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2024y / March / 1d, kTwentyEightDays), 2024y / March / 28d);
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2024y / February / 10d, kTwentyEightDays), 2024y / March / 8d);
    EXPECT_EQ(lastDayOfPeriodBeginningWith(2023y / February / 10d, kTwentyEightDays), 2023y / March / 9d);
}

TEST(Period, WindowEndingWithADayStartsTwoMonthsBefore)
{
    EXPECT_EQ(firstDayOfPeriodEndingWith(2024y / July / 4d, kTwoMonths), 2024y / May / 5d);
    EXPECT_EQ(firstDayOfPeriodEndingWith(2024y / February / 29d, kTwoMonths), 2024y / January / 1d);
    // No 30 February: the window opens on 1 March rather than reach back further.
    EXPECT_EQ(firstDayOfPeriodEndingWith(2023y / April / 29d, kTwoMonths), 2023y / March / 1d);
}

TEST(Period, HoursAreElapsedTimeAcrossClockChanges)
{
    auto start = parseIsoInstant("2024-10-26T12:00+01:00");
    ASSERT_TRUE(start.ok());
    const Instant end = endOfPeriod(start.value(), Span{Span::Unit::Hours, 24});
    EXPECT_EQ(end - start.value(), std::chrono::hours{24});
    EXPECT_EQ(london::formatWallClock(end), "2024-10-27 11:00 GMT");
}

TEST(Period, DescribesSpansInWords)
{
    EXPECT_EQ(describe(Span{Span::Unit::Hours, 72}), "72 hours");
    EXPECT_EQ(describe(Span{Span::Unit::Months, 1}), "1 month");
    EXPECT_EQ(describe(Span{Span::Unit::Days, 28}), "28 days");
}

} // namespace
} // namespace avocet::core::alerts

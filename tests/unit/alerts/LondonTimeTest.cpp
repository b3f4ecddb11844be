#include <gtest/gtest.h>

#include "core/alerts/LondonTime.h"

namespace avocet::core::alerts {
namespace {

using namespace std::chrono;

Instant utc(const char* text)
{
    auto parsed = parseIsoInstant(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.message();
    return parsed.ok() ? parsed.value() : Instant{};
}

TEST(LondonTime, BstStartsAndEndsOnLastSundaysAtOneUtc)
{
    EXPECT_EQ(formatUtcIso(london::bstStart(year{2024})), "2024-03-31T01:00:00Z");
    EXPECT_EQ(formatUtcIso(london::bstEnd(year{2024})), "2024-10-27T01:00:00Z");
    EXPECT_EQ(formatUtcIso(london::bstStart(year{2025})), "2025-03-30T01:00:00Z");
    EXPECT_EQ(formatUtcIso(london::bstEnd(year{2025})), "2025-10-26T01:00:00Z");
    EXPECT_EQ(formatUtcIso(london::bstStart(year{2017})), "2017-03-26T01:00:00Z");
    EXPECT_EQ(formatUtcIso(london::bstEnd(year{2017})), "2017-10-29T01:00:00Z");
    // A year whose last Sunday of March is the 31st and of October the 25th.
    EXPECT_EQ(formatUtcIso(london::bstEnd(year{2026})), "2026-10-25T01:00:00Z");
}

TEST(LondonTime, OffsetChangesExactlyAtTheTransitionInstant)
{
    const Instant start = london::bstStart(year{2024});
    EXPECT_FALSE(london::isBst(start - seconds{1}));
    EXPECT_TRUE(london::isBst(start));
    const Instant end = london::bstEnd(year{2024});
    EXPECT_TRUE(london::isBst(end - seconds{1}));
    EXPECT_FALSE(london::isBst(end));
    EXPECT_EQ(london::formatWallClock(start - seconds{1}), "2024-03-31 00:59 GMT");
    EXPECT_EQ(london::formatIso(start), "2024-03-31T02:00:00+01:00");
    EXPECT_EQ(london::formatIso(end - seconds{1}), "2024-10-27T01:59:59+01:00");
    EXPECT_EQ(london::formatIso(end), "2024-10-27T01:00:00+00:00");
}

TEST(LondonTime, WallClockWithoutOffsetIsReadAsLondonTime)
{
    EXPECT_EQ(formatUtcIso(utc("2024-07-01T09:00")), "2024-07-01T08:00:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-12-01 09:00:30")), "2024-12-01T09:00:30Z");
    EXPECT_EQ(formatUtcIso(utc("2024-07-01")), "2024-06-30T23:00:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-03-31T00:59")), "2024-03-31T00:59:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-03-31T02:00")), "2024-03-31T01:00:00Z");
}

TEST(LondonTime, ExplicitOffsetsAreHonoured)
{
    EXPECT_EQ(formatUtcIso(utc("2024-07-01T09:00:00Z")), "2024-07-01T09:00:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-07-01T09:00+01:00")), "2024-07-01T08:00:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-07-01T09:00-0230")), "2024-07-01T11:30:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-07-01T09:00+05")), "2024-07-01T04:00:00Z");
}

TEST(LondonTime, RejectsTheHourSkippedInSpring)
{
    auto skipped = parseIsoInstant("2024-03-31T01:30");
    ASSERT_FALSE(skipped.ok());
    EXPECT_EQ(skipped.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(skipped.message().find("does not exist"), std::string::npos) << skipped.message();
}

TEST(LondonTime, RejectsTheAmbiguousHourInAutumnUntilAnOffsetIsGiven)
{
    auto repeated = parseIsoInstant("2024-10-27T01:30");
    ASSERT_FALSE(repeated.ok());
    EXPECT_NE(repeated.message().find("happens twice"), std::string::npos) << repeated.message();
    EXPECT_EQ(formatUtcIso(utc("2024-10-27T01:30+01:00")), "2024-10-27T00:30:00Z");
    EXPECT_EQ(formatUtcIso(utc("2024-10-27T01:30Z")), "2024-10-27T01:30:00Z");
}

TEST(LondonTime, RejectsMalformedInput)
{
    for (const char* bad : {"", "2024-02-30", "2024-13-01", "24-01-01", "2024-01-01T25:00", "2024-01-01T10",
                            "2024-01-01T10:00:00.5Z", "2024-01-01T10:00+1", "2024-01-01T10:00 Z", "tomorrow"}) {
        auto parsed = parseIsoInstant(bad);
        EXPECT_FALSE(parsed.ok()) << bad;
        EXPECT_EQ(parsed.code(), ErrorCode::InvalidArgument) << bad;
    }
}

TEST(LondonTime, LocalMidnightIsUniqueEvenOnChangeDays)
{
    EXPECT_EQ(formatUtcIso(london::startOfDay(2024y / March / 31d)), "2024-03-31T00:00:00Z");
    EXPECT_EQ(formatUtcIso(london::startOfDay(2024y / April / 1d)), "2024-03-31T23:00:00Z");
    EXPECT_EQ(formatUtcIso(london::startOfDay(2024y / October / 27d)), "2024-10-26T23:00:00Z");
    EXPECT_EQ(formatUtcIso(london::startOfDay(2024y / October / 28d)), "2024-10-28T00:00:00Z");
}

TEST(LondonTime, LocalDateFollowsTheWallClock)
{
    EXPECT_EQ(formatDate(london::localDate(utc("2024-06-30T23:30:00Z"))), "2024-07-01");
    EXPECT_EQ(formatDate(london::localDate(utc("2024-12-31T23:30:00Z"))), "2024-12-31");
}

} // namespace
} // namespace avocet::core::alerts

#include <gtest/gtest.h>

#include "core/forms/Decimal.h"

using avocet::core::forms::Decimal;

namespace {
Decimal dec(const char* text) { return *Decimal::parse(text); }
} // namespace

TEST(Decimal, AddsTenthsExactlyWhereBinaryFloatingPointWouldNot)
{
    EXPECT_EQ(dec("0.1").plus(dec("0.2"))->toString(), "0.3");
    EXPECT_TRUE(*dec("0.1").plus(dec("0.2")) == dec("0.3"));
}

TEST(Decimal, KeepsTheScaleItWasWrittenWith)
{
    EXPECT_EQ(dec("3.0").toString(), "3.0");
    EXPECT_EQ(dec("1.50").plus(dec("1"))->toString(), "2.50");
    EXPECT_EQ(dec("-0.5").toString(), "-0.5");
}

TEST(Decimal, DividesToEightPlacesAndDropsTrailingZeros)
{
    EXPECT_EQ(dec("1").dividedBy(dec("3"))->toString(), "0.33333333");
    EXPECT_EQ(dec("6").dividedBy(dec("2"))->toString(), "3.0");
    EXPECT_FALSE(dec("1").dividedBy(dec("0")).has_value());
}

TEST(Decimal, RoundsHalfAwayFromZero)
{
    EXPECT_EQ(dec("2.5").rounded(0).toString(), "3");
    EXPECT_EQ(dec("-2.5").rounded(0).toString(), "-3");
    EXPECT_EQ(dec("3.14159").rounded(3).toString(), "3.142");
}

TEST(Decimal, ReadsJsonDoublesAsTheirShortestDecimalForm)
{
    EXPECT_EQ(Decimal::fromDouble(0.1)->toString(), "0.1");
    EXPECT_EQ(Decimal::fromDouble(5.6)->toString(), "5.6");
    EXPECT_EQ(Decimal::fromDouble(1e3)->toString(), "1000");
}

TEST(Decimal, RejectsTextThatIsNotANumber)
{
    EXPECT_FALSE(Decimal::parse("abc").has_value());
    EXPECT_FALSE(Decimal::parse("1.2.3").has_value());
    EXPECT_FALSE(Decimal::parse("").has_value());
    EXPECT_FALSE(Decimal::parse("99999999999999999999999999").has_value());
}

TEST(Decimal, ComparesAcrossScales)
{
    EXPECT_EQ(dec("1.0").compare(dec("1")), 0);
    EXPECT_LT(dec("0.99").compare(dec("1")), 0);
    EXPECT_GT(dec("-1").compare(dec("-1.5")), 0);
}

TEST(Decimal, ReportsOverflowInsteadOfWrappingAround)
{
    Decimal big = Decimal::fromInteger(9'000'000'000'000'000'000);
    EXPECT_FALSE(big.plus(big).has_value());
    EXPECT_FALSE(big.times(Decimal::fromInteger(10)).has_value());
}

TEST(Decimal, FloorsAndCeilsNegativeNumbersTowardsTheRightInteger)
{
    EXPECT_EQ(dec("-1.5").floor().toString(), "-2");
    EXPECT_EQ(dec("-1.5").ceiling().toString(), "-1");
    EXPECT_EQ(dec("1.5").truncated().toString(), "1");
}

#include <gtest/gtest.h>

#include <set>

#include "core/identity/NhsNumber.h"
#include "core/identity/SyntheticPatients.h"

using namespace avocet::core;
using namespace avocet::core::identity;

TEST(NhsNumber, AcceptsTheValidNumbersFromTheDataDictionaryExamples)
{
    for (const char* n : {"9434765919", "4010232137", "9990000018", "9990000050"})
        EXPECT_TRUE(NhsNumber::isValid(n)) << n;
}

TEST(NhsNumber, RejectsAWrongCheckDigitAndACheckOfTen)
{
    auto wrong = NhsNumber::parse("9434765918");
    EXPECT_EQ(wrong.code(), ErrorCode::IdentityInvalid);
    EXPECT_NE(wrong.message().find("check digit"), std::string::npos);
    EXPECT_FALSE(NhsNumber::isValid("1234567890"));
}

TEST(NhsNumber, RefusesAllZerosByPolicyEvenThoughTheArithmeticPasses)
{
    EXPECT_FALSE(NhsNumber::isValid("0000000000"));
}

TEST(NhsNumber, AcceptsSpacesAndThreeThreeFourInputAndDisplaysThreeThreeFour)
{
    auto spaced = NhsNumber::parse("943 476 5919");
    ASSERT_TRUE(spaced.ok());
    EXPECT_EQ(spaced->digits(), "9434765919");
    EXPECT_EQ(spaced->formatted(), "943 476 5919");
    EXPECT_TRUE(NhsNumber::isValid("943-476-5919"));
    EXPECT_EQ(spaced->masked(), "943 *** **19");
}

TEST(NhsNumber, RejectsWrongLengthsAndLettersWithAReason)
{
    EXPECT_NE(NhsNumber::parse("943476591").message().find("10 digits"), std::string::npos);
    EXPECT_FALSE(NhsNumber::isValid("94347659190"));
    EXPECT_FALSE(NhsNumber::isValid("94347A5919"));
    EXPECT_FALSE(NhsNumber::isValid(""));
}

TEST(SyntheticPatients, UseOnlyValidUniqueNumbersFromTheNeverIssuedRange)
{
    SyntheticOptions options;
    options.count = 3000;
    const auto patients = generateSyntheticPatients(options);
    ASSERT_EQ(patients.size(), 3000u);
    std::set<std::string> seen;
    for (const auto& p : patients) {
        ASSERT_TRUE(p.nhsNumber.has_value());
        auto parsed = NhsNumber::parse(*p.nhsNumber);
        ASSERT_TRUE(parsed.ok()) << *p.nhsNumber;
        EXPECT_TRUE(parsed->isSynthetic());
        EXPECT_TRUE(seen.insert(*p.nhsNumber).second) << "duplicate " << *p.nhsNumber;
        EXPECT_FALSE(p.givenName.empty());
        EXPECT_FALSE(p.familyName.empty());
    }
    EXPECT_EQ(syntheticNhsNumber(0), "9990000018");
    EXPECT_EQ(*patients.front().nhsNumber, "9990000018");
}

TEST(SyntheticPatients, AreTheSameForTheSameSeedAndContinueWithoutOverlap)
{
    SyntheticOptions first;
    first.count = 10;
    SyntheticOptions next = first;
    next.firstSerial = 10;
    const auto a = generateSyntheticPatients(first);
    const auto b = generateSyntheticPatients(first);
    const auto c = generateSyntheticPatients(next);
    EXPECT_EQ(a[3].nhsNumber, b[3].nhsNumber);
    EXPECT_EQ(a[3].familyName, b[3].familyName);
    EXPECT_EQ(*c.front().nhsNumber, syntheticNhsNumber(10));
}

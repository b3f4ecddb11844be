#include "core/identity/NhsNumber.h"

#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/identity/SyntheticPatients.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <set>

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

TEST(NhsNumber, RefusesEveryNumberOfOneRepeatedDigitAsNeverIssued)
{
    for (char d = '1'; d <= '9'; ++d) {
        const std::string number(10, d);
        // The arithmetic passes for each of them: 54 × d ≡ −d (mod 11), so the check digit is d.
        ASSERT_EQ(NhsNumber::checkDigit(number), d - '0') << number;
        auto parsed = NhsNumber::parse(number);
        EXPECT_EQ(parsed.code(), ErrorCode::IdentityInvalid) << number;
        EXPECT_NE(parsed.message().find("never issued"), std::string::npos) << parsed.message();
        EXPECT_FALSE(
            NhsNumber::isValid(number.substr(0, 3) + " " + number.substr(3, 3) + " " + number.substr(6)));
    }
    EXPECT_FALSE(NhsNumber::isValid("444-444-4444"));
    EXPECT_TRUE(NhsNumber::isOneRepeatedDigit("4444444444"));
    EXPECT_FALSE(NhsNumber::isOneRepeatedDigit("9434765919"));
    EXPECT_FALSE(NhsNumber::isValid("0000000000"));
}

TEST(NhsNumber, TheFormsCodecUsesTheSameRule)
{
    EXPECT_TRUE(forms::QuestionnaireResponseCodec::isValidNhsNumber("9990000018"));
    EXPECT_FALSE(forms::QuestionnaireResponseCodec::isValidNhsNumber("4444444444"));
    EXPECT_FALSE(forms::QuestionnaireResponseCodec::isValidNhsNumber("9999999999"));
    EXPECT_FALSE(
        forms::QuestionnaireResponseCodec::isValidNhsNumber("999 000 0018")); // the header holds bare digits
}

TEST(SyntheticPatients, NeverUseTheOnlyRepeatedDigitNumberInTheSyntheticRange)
{
    // 9999999999 is the one number of the 999 range made of a single digit, and its check
    // digit matches; the generators skip it.
    ASSERT_EQ(NhsNumber::checkDigit("999999999"), 9);
    std::string last;
    for (int serial = 999999; serial >= 999990 && last.empty(); --serial)
        if (NhsNumber::checkDigit("999" + std::to_string(serial)))
            last = "999" + std::to_string(serial);
    ASSERT_EQ(last, "999999999");
    // The highest-numbered valid synthetic number comes before it.
    int count = 0;
    for (int serial = 0; serial < 1000000; ++serial) {
        char nine[16];
        std::snprintf(nine, sizeof nine, "999%06d", serial);
        if (auto check = NhsNumber::checkDigit(nine);
            check && !NhsNumber::isOneRepeatedDigit(std::string(nine) + static_cast<char>('0' + *check)))
            ++count;
    }
    const std::string highest = syntheticNhsNumber(count - 1);
    EXPECT_TRUE(NhsNumber::isValid(highest)) << highest;
    EXPECT_NE(highest, "9999999999");
    EXPECT_TRUE(syntheticNhsNumber(count).empty());

    SyntheticOptions options;
    options.count = 3;
    options.firstSerial = count - 3;
    for (const auto& p : generateSyntheticPatients(options)) {
        ASSERT_TRUE(p.nhsNumber.has_value());
        EXPECT_NE(*p.nhsNumber, "9999999999");
        EXPECT_TRUE(NhsNumber::isValid(*p.nhsNumber)) << *p.nhsNumber;
    }
}

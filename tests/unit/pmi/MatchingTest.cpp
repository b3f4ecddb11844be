// PMI matching rules (DOMAIN.md): automatic only on a verified NHS number plus date of birth.
#include <gtest/gtest.h>

#include <random>

#include "core/identity/Matching.h"
#include "core/identity/NhsNumber.h"

using namespace avocet::core::identity;

namespace {

Patient record(Epr epr, const std::string& id, std::optional<std::string> nhs, bool verified, const std::string& given,
               const std::string& family, const std::string& dob, std::optional<std::string> postcode = "SS1 2AB")
{
    Patient p;
    p.epr = epr;
    p.eprId = id;
    p.nhsNumber = std::move(nhs);
    p.nhsVerified = verified;
    p.givenName = given;
    p.familyName = family;
    p.birthDate = dob;
    p.postcode = std::move(postcode);
    return p;
}

const Patient kParis = record(Epr::Paris, "P1", "9990000018", true, "Amelia", "Hart", "1984-03-07");

} // namespace

TEST(PmiMatching, LinksAutomaticallyOnlyOnAVerifiedNhsNumberAndMatchingDateOfBirthAcrossEprs)
{
    const auto m = assessMatch(record(Epr::Mobius, "M9", "9990000018", true, "Amy", "Hart-Jones", "1984-03-07", "CM1 1AA"),
                               kParis);
    EXPECT_EQ(m.kind, MatchKind::AutoLink);
    EXPECT_EQ(m.reasonText(), "verified NHS number and date of birth match");
}

TEST(PmiMatching, SendsAMatchOnAnUnverifiedNhsNumberToReview)
{
    const auto m = assessMatch(record(Epr::Mobius, "M9", "9990000018", false, "Amelia", "Hart", "1984-03-07"), kParis);
    EXPECT_EQ(m.kind, MatchKind::Review);
    EXPECT_NE(m.reasonText().find("not verified in Mobius"), std::string::npos) << m.reasonText();
}

TEST(PmiMatching, SendsTheSameNhsNumberWithADifferentOrSwappedDateOfBirthToReview)
{
    const auto different = assessMatch(record(Epr::SystmOne, "S1", "9990000018", true, "Amelia", "Hart", "1985-03-07"),
                                       kParis);
    EXPECT_EQ(different.kind, MatchKind::Review);
    EXPECT_EQ(different.reasonText(), "NHS number matches but date of birth differs");
    const auto swapped = assessMatch(record(Epr::SystmOne, "S1", "9990000018", true, "Amelia", "Hart", "1984-07-03"),
                                     kParis);
    EXPECT_EQ(swapped.kind, MatchKind::Review);
    EXPECT_EQ(swapped.reasonText(), "NHS number matches; date of birth has day and month swapped");
}

TEST(PmiMatching, TreatsTwinsWithDifferentVerifiedNhsNumbersAsDifferentPeople)
{
    const auto twin = record(Epr::Mobius, "M2", "9990000026", true, "Alice", "Hart", "1984-03-07");
    EXPECT_EQ(assessMatch(twin, kParis).kind, MatchKind::Distinct);
}

TEST(PmiMatching, QueuesAPossibleTwinWhenOneRecordHasNoNhsNumber)
{
    const auto twin = record(Epr::Mobius, "M2", std::nullopt, false, "Alice", "Hart", "1984-03-07");
    const auto m = assessMatch(twin, kParis);
    EXPECT_EQ(m.kind, MatchKind::Review);
    EXPECT_NE(m.reasonText().find("possible twin or family member"), std::string::npos) << m.reasonText();
}

TEST(PmiMatching, QueuesATypoInTheNameWithTheSameDateOfBirthButNeverLinksIt)
{
    const auto typo = record(Epr::Mobius, "M3", std::nullopt, false, "Amelia", "Hrat", "1984-03-07");
    const auto m = assessMatch(typo, kParis);
    EXPECT_EQ(m.kind, MatchKind::Review);
    EXPECT_NE(m.reasonText().find("possible typo"), std::string::npos) << m.reasonText();
}

TEST(PmiMatching, QueuesTheSameNameWithDayAndMonthSwapped)
{
    const auto swapped = record(Epr::Mobius, "M4", std::nullopt, false, "amelia", "HART", "1984-07-03");
    const auto m = assessMatch(swapped, kParis);
    EXPECT_EQ(m.kind, MatchKind::Review);
    EXPECT_NE(m.reasonText().find("day and month swapped"), std::string::npos);
}

TEST(PmiMatching, QueuesNameAndDateOfBirthWithoutAnNhsNumber)
{
    const auto m = assessMatch(record(Epr::SystmOne, "S5", std::nullopt, false, "Amelia", "Hart", "1984-03-07"), kParis);
    EXPECT_EQ(m.kind, MatchKind::Review);
    EXPECT_EQ(m.reasonText(), "name, date of birth and postcode match; no NHS number on one of the records");
}

TEST(PmiMatching, QueuesTheSameVerifiedNumberTwiceInOneEprAsAPossibleDuplicate)
{
    const auto m = assessMatch(record(Epr::Paris, "P2", "9990000018", true, "Amelia", "Hart", "1984-03-07"), kParis);
    EXPECT_EQ(m.kind, MatchKind::Review);
    EXPECT_NE(m.reasonText().find("possible duplicate registration"), std::string::npos);
}

TEST(PmiMatching, IgnoresRecordsWithNothingWorthAHumansTime)
{
    EXPECT_EQ(assessMatch(record(Epr::Mobius, "M6", std::nullopt, false, "Bob", "Stone", "1984-03-07", "CO1 1AA"), kParis)
                  .kind,
              MatchKind::None);
    EXPECT_EQ(assessMatch(record(Epr::Mobius, "M7", std::nullopt, false, "Amelia", "Hart", "1990-01-01"), kParis).kind,
              MatchKind::None);
}

TEST(PmiMatching, NeverPutsPatientDataInAReason)
{
    const auto m = assessMatch(record(Epr::Mobius, "M9", "9990000018", false, "Amelia", "Hart", "1984-07-03"), kParis);
    for (const std::string secret : {"9990000018", "999 000 0018", "Amelia", "Hart", "1984", "SS1"})
        EXPECT_EQ(m.reasonText().find(secret), std::string::npos) << secret;
}

// An independent modulus-11 implementation, written from DOMAIN.md, against NhsNumber.
TEST(NhsNumberProperty, AgreesWithAnIndependentCheckDigitImplementationOnRandomNumbers)
{
    const auto independent = [](const std::string& digits) {
        if (digits.size() != 10 || digits == "0000000000")
            return false;
        int sum = 0;
        for (int i = 0; i < 9; ++i)
            sum += (digits[static_cast<std::size_t>(i)] - '0') * (10 - i);
        int check = 11 - sum % 11;
        if (check == 11)
            check = 0;
        return check != 10 && check == digits[9] - '0';
    };
    std::mt19937_64 rng(99);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string digits = std::to_string(rng() % 10000000000ULL);
        digits = std::string(10 - digits.size(), '0') + digits;
        const bool expected = independent(digits);
        ASSERT_EQ(NhsNumber::isValid(digits), expected) << digits;
        if (expected) {
            ++valid;
            const std::string spaced = digits.substr(0, 3) + " " + digits.substr(3, 3) + " " + digits.substr(6);
            ASSERT_TRUE(NhsNumber::isValid(spaced));
            ASSERT_EQ(NhsNumber::parse(spaced)->formatted(), spaced);
        }
    }
    EXPECT_GT(valid, 1500); // about 1 in 11 numbers is valid
}

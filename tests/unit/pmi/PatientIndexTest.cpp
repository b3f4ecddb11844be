// The patient master index in the encrypted cache.
#include <gtest/gtest.h>

#include "core/crypto/SecureBuffer.h"
#include "core/identity/PatientIndex.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::identity;
using avocet::test::TempDir;

namespace {

Patient record(Epr epr, const std::string& id, std::optional<std::string> nhs, bool verified, const std::string& given,
               const std::string& family, const std::string& dob)
{
    Patient p;
    p.epr = epr;
    p.eprId = id;
    p.nhsNumber = std::move(nhs);
    p.nhsVerified = verified;
    p.givenName = given;
    p.familyName = family;
    p.birthDate = dob;
    p.postcode = "SS1 2AB";
    return p;
}

class PatientIndexTest : public ::testing::Test
{
protected:
    void SetUp() override { open(); }
    void open()
    {
        auto db = store::Database::open(m_dir / "cache.db", m_key, store::Database::Mode::CreateIfMissing);
        ASSERT_TRUE(db.ok()) << db.message();
        m_db = std::move(*db);
        ASSERT_TRUE(store::applyMigrations(m_db, store::cacheMigrations()).ok());
        m_index = std::make_unique<PatientIndex>(
            m_db, [this] { return "person-" + std::to_string(++m_ids); }, [] { return std::string("2025-01-01T00:00:00Z"); });
    }
    std::vector<std::string> eprIdsOf(const std::string& person)
    {
        std::vector<std::string> out;
        auto records = m_index->recordsOf(person);
        EXPECT_TRUE(records.ok());
        for (const auto& r : *records)
            out.push_back(eprName(r.record.epr) + ":" + r.record.eprId);
        return out;
    }
    std::string add(const Patient& p)
    {
        auto outcome = m_index->addRecord(p, "tester");
        EXPECT_TRUE(outcome.ok()) << outcome.message();
        return outcome.ok() ? outcome->personId : std::string();
    }

    TempDir m_dir{"pmi"};
    crypto::SecureBuffer m_key = crypto::SecureBuffer::random(32);
    store::Database m_db;
    std::unique_ptr<PatientIndex> m_index;
    int m_ids = 0;
};

const Patient kParis = record(Epr::Paris, "P100", "9990000018", true, "Amelia", "Hart", "1984-03-07");
const Patient kMobius = record(Epr::Mobius, "M200", "999 000 0018", true, "Amelia", "Hart", "1984-03-07");
const Patient kSystmOne = record(Epr::SystmOne, "S300", "9990000018", true, "Amelia", "Hart", "1984-03-07");

} // namespace

TEST_F(PatientIndexTest, LinksOnePersonsRecordsFromEachEprAutomaticallyOnVerifiedNumberAndDateOfBirth)
{
    const std::string person = add(kParis);
    auto second = m_index->addRecord(kMobius);
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->autoLinked);
    EXPECT_EQ(second->personId, person);
    EXPECT_EQ(add(kSystmOne), person);
    EXPECT_EQ(eprIdsOf(person), (std::vector<std::string>{"Mobius:M200", "Paris:P100", "SystmOne:S300"}));
    EXPECT_EQ(*m_index->personCount(), 1);
    EXPECT_TRUE(m_index->openReviews()->empty());
}

TEST_F(PatientIndexTest, QueuesAWeakerCandidateWithItsReasonAndKeepsThePeopleApart)
{
    const std::string paris = add(kParis);
    auto typo = m_index->addRecord(record(Epr::Mobius, "M201", std::nullopt, false, "Amelia", "Hrat", "1984-03-07"));
    ASSERT_TRUE(typo.ok());
    EXPECT_FALSE(typo->autoLinked);
    EXPECT_NE(typo->personId, paris);
    auto reviews = m_index->openReviews();
    ASSERT_EQ(reviews->size(), 1u);
    EXPECT_EQ((*reviews)[0].a.eprId, "M201");
    EXPECT_EQ((*reviews)[0].b.eprId, "P100");
    EXPECT_NE((*reviews)[0].reason.find("possible typo"), std::string::npos);
    EXPECT_EQ(*m_index->personCount(), 2);
}

TEST_F(PatientIndexTest, NeverAsksTheSameQuestionTwiceWhenARecordArrivesAgain)
{
    add(kParis);
    const auto cousin = record(Epr::Mobius, "M202", std::nullopt, false, "Amelia", "Hart", "1984-03-07");
    add(cousin);
    add(cousin);
    EXPECT_EQ(m_index->openReviews()->size(), 1u);
}

TEST_F(PatientIndexTest, KeepsTwinsWithDifferentVerifiedNumbersApartWithoutQueueingThem)
{
    add(kParis);
    add(record(Epr::Mobius, "M203", "9990000026", true, "Alice", "Hart", "1984-03-07"));
    EXPECT_EQ(*m_index->personCount(), 2);
    EXPECT_TRUE(m_index->openReviews()->empty());
}

TEST_F(PatientIndexTest, LinksWhenAReviewerSaysSoAndClosesTheCaseWhenTheySayDistinct)
{
    const std::string paris = add(kParis);
    add(record(Epr::Mobius, "M204", std::nullopt, false, "Amelia", "Hart", "1984-03-07"));
    add(record(Epr::SystmOne, "S304", std::nullopt, false, "Amelia", "Hart", "1984-07-03"));
    auto reviews = *m_index->openReviews();
    ASSERT_EQ(reviews.size(), 3u); // M204-P100, S304-P100 (swapped date), S304-M204
    ASSERT_TRUE(m_index->resolveReview(reviews[0].id, ReviewDecision::Link, "pmi.officer").ok());
    EXPECT_EQ(eprIdsOf(paris), (std::vector<std::string>{"Mobius:M204", "Paris:P100"}));
    const auto remaining = *m_index->openReviews();
    ASSERT_EQ(remaining.size(), 2u);
    for (const auto& r : remaining) {
        const auto status = m_index->resolveReview(r.id, ReviewDecision::Distinct, "pmi.officer");
        ASSERT_TRUE(status.ok()) << status.message();
    }
    EXPECT_TRUE(m_index->openReviews()->empty());
    EXPECT_EQ(*m_index->personCount(), 2);
    EXPECT_FALSE(m_index->resolveReview(reviews[0].id, ReviewDecision::Link, "x").ok()) << "already decided";
}

TEST_F(PatientIndexTest, UnlinksARecordAndNeverLinksItAutomaticallyAgain)
{
    const std::string person = add(kParis);
    add(kMobius);
    auto separate = m_index->unlink({Epr::Mobius, "M200"}, "pmi.officer", "different person, same number");
    ASSERT_TRUE(separate.ok()) << separate.message();
    EXPECT_NE(*separate, person);
    EXPECT_EQ(eprIdsOf(person), (std::vector<std::string>{"Paris:P100"}));
    auto again = m_index->addRecord(kMobius); // the EPR sends the same record again
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->autoLinked);
    EXPECT_EQ(again->personId, *separate);
    ASSERT_EQ(m_index->openReviews()->size(), 1u);
    EXPECT_NE((*m_index->openReviews())[0].reason.find("blocked since an unlink"), std::string::npos);
    EXPECT_FALSE(m_index->unlink({Epr::Paris, "P100"}, "x", "y").ok()) << "a record on its own cannot be unlinked";
}

TEST_F(PatientIndexTest, DoesNotAutoLinkIntoAPersonThatAlreadyHasARecordInTheSameEpr)
{
    const std::string person = add(kParis);
    add(kMobius);
    auto second = m_index->addRecord(record(Epr::Mobius, "M999", "9990000018", true, "Amelia", "Hart", "1984-03-07"));
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(second->autoLinked);
    EXPECT_NE(second->personId, person);
    EXPECT_FALSE(m_index->openReviews()->empty());
}

TEST_F(PatientIndexTest, RefusesAnInvalidNhsNumberAndChangesNothing)
{
    add(kParis);
    auto bad = m_index->addRecord(record(Epr::Mobius, "M205", "9434765918", true, "Amelia", "Hart", "1984-03-07"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.code(), ErrorCode::IdentityInvalid);
    EXPECT_EQ(bad.message().find("9434765918"), std::string::npos) << "no NHS number in messages";
    EXPECT_EQ(*m_index->personCount(), 1);
    EXPECT_FALSE(m_index->personOf({Epr::Mobius, "M205"})->has_value());
    EXPECT_FALSE(m_index->addRecord(record(Epr::Mobius, "M206", std::nullopt, false, "A", "B", "07/03/1984")).ok());
}

TEST_F(PatientIndexTest, KeepsLinksAcrossClosingAndReopeningTheEncryptedCache)
{
    const std::string person = add(kParis);
    add(kSystmOne);
    m_index.reset();
    ASSERT_TRUE(m_db.close().ok());
    open();
    EXPECT_EQ(m_index->personOf({Epr::SystmOne, "S300"})->value_or(""), person);
    EXPECT_EQ(eprIdsOf(person).size(), 2u);
}

TEST_F(PatientIndexTest, FindsOnlyTheRecordsWhoseNhsNumberIsVerifiedWhenLookingUpANumber)
{
    const std::string person = add(kParis);
    add(kMobius);
    add(record(Epr::SystmOne, "S310", "9990000018", false, "Amelia", "Hart", "1984-03-07")); // unverified
    add(record(Epr::SystmOne, "S311", "9990000026", true, "Alice", "Hart", "1984-03-07"));   // another number

    auto found = m_index->recordsWithVerifiedNhsNumber("999 000 0018"); // display form accepted
    ASSERT_TRUE(found.ok()) << found.message();
    std::vector<std::string> refs;
    for (const auto& r : *found) {
        refs.push_back(eprName(r.record.epr) + ":" + r.record.eprId);
        EXPECT_EQ(r.record.id, person);
        EXPECT_TRUE(r.record.nhsVerified);
    }
    EXPECT_EQ(refs, (std::vector<std::string>{"Mobius:M200", "Paris:P100"}));
    EXPECT_TRUE(m_index->recordsWithVerifiedNhsNumber("9990000034")->empty()); // valid, not held

    auto invalid = m_index->recordsWithVerifiedNhsNumber("9434765918");
    ASSERT_FALSE(invalid.ok());
    EXPECT_EQ(invalid.code(), ErrorCode::IdentityInvalid);
    EXPECT_EQ(invalid.message().find("9434765918"), std::string::npos) << "no NHS number in messages";
}

TEST_F(PatientIndexTest, ReturnsOneRecordAsHeldAndLogsEveryUpdateOfIt)
{
    const std::string person = add(kParis);
    auto held = m_index->recordOf({Epr::Paris, "P100"});
    ASSERT_TRUE(held.ok());
    ASSERT_TRUE(held->has_value());
    EXPECT_EQ((*held)->record.id, person);
    EXPECT_EQ((*held)->record.nhsNumber.value_or(""), "9990000018");
    EXPECT_EQ((*held)->record.postcode.value_or(""), "SS1 2AB");
    EXPECT_EQ((*held)->linkBasis, "new");
    EXPECT_FALSE(m_index->recordOf({Epr::Mobius, "P100"})->has_value());

    // An update of a record that shares its person is stored and written to the events too.
    add(kMobius);
    const auto events = *m_db.queryInt("SELECT count(*) FROM pmi_events");
    Patient moved = kParis;
    moved.postcode = "SS0 7AA";
    EXPECT_EQ(add(moved), person);
    EXPECT_EQ(m_index->recordOf({Epr::Paris, "P100"}).value()->record.postcode.value_or(""), "SS0 7AA");
    EXPECT_EQ(*m_db.queryInt("SELECT count(*) FROM pmi_events WHERE action = 'update'"), 1);
    EXPECT_EQ(*m_db.queryInt("SELECT count(*) FROM pmi_events"), events + 1);
}

TEST_F(PatientIndexTest, NeverAutoLinksRecordsWhoseSexOrFirstNamesContradictEachOther)
{
    Patient paris = kParis;
    paris.sex = "female";
    const std::string person = add(paris);
    Patient mobius = kMobius;
    mobius.sex = "male";
    auto sexDiffers = m_index->addRecord(mobius);
    ASSERT_TRUE(sexDiffers.ok()) << sexDiffers.message();
    EXPECT_FALSE(sexDiffers->autoLinked);
    EXPECT_NE(sexDiffers->personId, person);
    ASSERT_EQ(m_index->openReviews()->size(), 1u);
    EXPECT_EQ((*m_index->openReviews())[0].reason,
              "verified NHS number and date of birth match, but the recorded sex differs");

    Patient systmOne = kSystmOne;
    systmOne.givenName = "Beatrice";
    auto namesDiffer = m_index->addRecord(systmOne);
    ASSERT_TRUE(namesDiffer.ok());
    EXPECT_FALSE(namesDiffer->autoLinked);
    EXPECT_NE(namesDiffer->personId, person);

    // A married name, a spelling slip or an unrecorded sex do not contradict: the link is made.
    Patient paris2 = record(Epr::Paris, "P400", "9990000026", true, "Amelia", "Hart", "1990-01-01");
    Patient mobius2 = record(Epr::Mobius, "M400", "9990000026", true, "Amelie", "Okafor", "1990-01-01");
    const std::string married = add(paris2);
    auto linked = m_index->addRecord(mobius2);
    ASSERT_TRUE(linked.ok());
    EXPECT_TRUE(linked->autoLinked);
    EXPECT_EQ(linked->personId, married);
}

TEST_F(PatientIndexTest, ACorrectedNhsNumberOrBirthDateOnALinkedRecordTakesItOutAndAsksAgain)
{
    const std::string person = add(kParis);
    add(kMobius);
    ASSERT_EQ(eprIdsOf(person).size(), 2u);
    // Mobius corrects the birth date on its record: the link was made on the old one.
    Patient corrected = kMobius;
    corrected.birthDate = "1984-03-08";
    auto outcome = m_index->addRecord(corrected, "mobius.feed");
    ASSERT_TRUE(outcome.ok()) << outcome.message();
    EXPECT_NE(outcome->personId, person) << "the corrected record no longer shares the person";
    EXPECT_EQ(eprIdsOf(person), (std::vector<std::string>{"Paris:P100"}));
    ASSERT_EQ(outcome->queuedReviews.size(), 1u);
    const auto open = *m_index->openReviews();
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].reason, "date of birth corrected in Mobius on a linked record: check the link");
    EXPECT_EQ(m_index->recordOf({Epr::Mobius, "M200"})->value().linkBasis, "review: date of birth corrected");

    // A reviewer links them again; a later correction of the NHS number asks again, although the
    // pair was decided.
    ASSERT_TRUE(m_index->resolveReview(open[0].id, ReviewDecision::Link, "pmi.officer").ok());
    Patient renumbered = corrected;
    renumbered.nhsNumber = "9990000026";
    auto again = m_index->addRecord(renumbered, "mobius.feed");
    ASSERT_TRUE(again.ok()) << again.message();
    ASSERT_EQ(again->queuedReviews.size(), 1u);
    EXPECT_EQ((*m_index->openReviews())[0].reason, "NHS number corrected in Mobius on a linked record: check the link");

    // An update that corrects nothing keeps the link.
    const std::string paris = m_index->personOf({Epr::Paris, "P100"})->value();
    Patient moved = kParis;
    moved.postcode = "CO1 1AA";
    EXPECT_EQ(add(moved), paris);
}

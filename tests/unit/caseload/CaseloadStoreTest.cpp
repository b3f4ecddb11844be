#include <gtest/gtest.h>

#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "tests/support/TempDir.h"

namespace avocet::core::store {
namespace {

constexpr const char* kUser = "c.mensah";
constexpr const char* kPass = "a long enough passphrase";

class CaseloadStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create(kUser, kPass, crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock(kUser, kPass);
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 40;
        m_patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
    }

    test::TempDir m_dir{"caseload"};
    ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<Cache> m_cache;
    std::vector<identity::Patient> m_patients;
};

TEST_F(CaseloadStoreTest, CaseloadHoldsOnlyPatientsOfTheUsersTeams)
{
    CaseloadStore caseload(m_cache->database());
    ASSERT_TRUE(caseload.setTeams({"Chelmsford CMHT"}).ok());
    auto patients = caseload.caseloadPatients();
    ASSERT_TRUE(patients.ok()) << patients.message();
    ASSERT_FALSE(patients->empty());
    for (const auto& p : *patients)
        EXPECT_EQ(p.team.value_or(""), "Chelmsford CMHT");
    const auto expected = std::count_if(m_patients.begin(), m_patients.end(),
                                        [](const auto& p) { return p.team == "Chelmsford CMHT"; });
    EXPECT_EQ(static_cast<long>(patients->size()), expected);
    EXPECT_EQ(*caseload.caseloadCount(), expected);

    const auto other = std::find_if(m_patients.begin(), m_patients.end(),
                                    [](const auto& p) { return p.team != "Chelmsford CMHT"; });
    ASSERT_NE(other, m_patients.end());
    EXPECT_FALSE(*caseload.isOnCaseload(other->id));
    EXPECT_TRUE(*caseload.isOnCaseload(patients->front().id));
}

TEST_F(CaseloadStoreTest, SurvivesPatientsBeingUpsertedAgain)
{
    CaseloadStore caseload(m_cache->database());
    ASSERT_TRUE(caseload.upsertVisit({"v1", m_patients[0].id, "2026-11-24T10:00:00Z", 45, "Home visit", "CM1", "planned"})
                    .ok());
    ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok()); // INSERT OR REPLACE must not cascade
    auto visits = caseload.visitsBetween("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z");
    ASSERT_TRUE(visits.ok());
    ASSERT_EQ(visits->size(), 1u);
    EXPECT_EQ(visits->front().minutes, 45);
    EXPECT_TRUE(caseload.visitsBetween("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z")->empty());
}

TEST_F(CaseloadStoreTest, CurrentLegalStatusIsTheLatestPowerNotEnded)
{
    CaseloadStore caseload(m_cache->database());
    const std::string id = m_patients[1].id;
    EXPECT_FALSE(caseload.currentLegalStatus(id)->has_value());
    ASSERT_TRUE(caseload.upsertLegalStatus({"l1", id, "s5(4)", "2026-11-01T08:00:00Z", {}, false,
                                            std::string("2026-11-01T12:00:00Z")})
                    .ok());
    ASSERT_TRUE(caseload.upsertLegalStatus({"l2", id, "s2", "2026-11-10T09:00:00Z", {}, false, {}}).ok());
    auto current = caseload.currentLegalStatus(id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->power, "s2");
}

TEST_F(CaseloadStoreTest, AcknowledgementsAreKeptOncePerAlert)
{
    CaseloadStore caseload(m_cache->database());
    const std::string id = m_patients[2].id;
    ASSERT_TRUE(caseload.acknowledge("score:s1:phq9-item9", id, "2026-11-24T10:00:00Z").ok());
    ASSERT_TRUE(caseload.acknowledge("score:s1:phq9-item9", id, "2026-11-24T11:00:00Z").ok());
    auto keys = caseload.acknowledgedAlerts(id);
    ASSERT_TRUE(keys.ok());
    EXPECT_EQ(keys->size(), 1u);
    EXPECT_TRUE(keys->count("score:s1:phq9-item9"));
    EXPECT_TRUE(caseload.acknowledgedAlerts(m_patients[3].id)->empty());
}

TEST_F(CaseloadStoreTest, ReviewsAndScoresRoundTrip)
{
    CaseloadStore caseload(m_cache->database());
    const std::string id = m_patients[4].id;
    ASSERT_TRUE(caseload.upsertReview({id, "risk-assessment", "community", "2026-01-10"}).ok());
    ASSERT_TRUE(caseload.upsertReview({id, "risk-assessment", "community", "2026-02-10"}).ok());
    ASSERT_TRUE(caseload.addScore({"s1", id, "PHQ-9", "9", 2, "2026-11-20T10:00:00Z", "44260-8", ""}).ok());
    auto reviews = caseload.reviews(id);
    ASSERT_EQ(reviews->size(), 1u);
    EXPECT_EQ(reviews->front().lastDone, "2026-02-10");
    auto scores = caseload.scores(id);
    ASSERT_EQ(scores->size(), 1u);
    EXPECT_DOUBLE_EQ(scores->front().value, 2);
}

} // namespace
} // namespace avocet::core::store

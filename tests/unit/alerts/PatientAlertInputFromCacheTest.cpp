// The use case that reads a patient's alert input from the encrypted cache passes the patient's
// date of birth on, so a patient under 18 is referred to the Tribunal after one year (s.68(6)).
#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/usecases/PatientAlerts.h"
#include "tests/support/TempDir.h"
#include "tests/unit/alerts/AlertsTestSupport.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace avocet::core::alerts {
namespace {

class PatientAlertInputFromCache : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create("a.mensah", "a long enough passphrase for tests", crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock("a.mensah", "a long enough passphrase for tests");
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 2;
        m_patients = identity::generateSyntheticPatients(options);
        m_patients[0].birthDate = "2010-05-01"; // 16 when the CTO is revoked in January 2026
        m_patients[1].birthDate = "1980-05-01";
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
        store::CaseloadStore caseload(m_cache->database());
        for (const auto& patient : m_patients) {
            const store::LegalStatusRecord revoked{"ls-" + patient.id, patient.id, "cto-revoked",
                                                   "2026-01-10T10:00:00Z", {}, false, {}};
            ASSERT_TRUE(caseload.upsertLegalStatus(revoked).ok());
        }
    }

    bool referralAlert(const identity::Patient& patient)
    {
        auto report = usecases::patientAlerts(*m_cache, testing::builtinRules(), patient.id,
                                              testing::instant("2027-01-08T12:00Z"));
        EXPECT_TRUE(report.ok()) << report.message();
        return report.ok() && std::any_of(report->alerts.begin(), report->alerts.end(), [&](const PatientAlert& a) {
                   return a.key == "mha:ls-" + patient.id + ":tribunal-referral-periodic:high";
               });
    }

    test::TempDir m_dir{"alerts-input"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients;
};

TEST_F(PatientAlertInputFromCache, TheBirthDateReadFromTheCacheMovesTheReferralForAnUnderEighteen)
{
    auto input = usecases::patientAlertInput(*m_cache, m_patients[0].id);
    ASSERT_TRUE(input.ok()) << input.message();
    EXPECT_EQ(input->birthDate, std::optional<LocalDate>(testing::day("2010-05-01")));
    // One year beginning with 10 Jan 2026 ends with 9 Jan 2027: due within three days.
    EXPECT_TRUE(referralAlert(m_patients[0]));
    // An adult's referral is three years away.
    EXPECT_FALSE(referralAlert(m_patients[1]));
}

} // namespace
} // namespace avocet::core::alerts

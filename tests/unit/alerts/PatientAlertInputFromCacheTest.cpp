// The use case that reads a patient's alert input from the encrypted cache passes the patient's
// date of birth on, so a patient under 18 is referred to the Tribunal after one year (s.68(6)); a
// row that cannot be read shows as "could not be read" instead of vanishing.
#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/usecases/PatientAlerts.h"
#include "tests/support/TempDir.h"
#include "tests/unit/alerts/AlertsTestSupport.h"

#include <algorithm>
#include <set>
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
    auto input = usecases::patientAlertInput(*m_cache, testing::builtinRules(), m_patients[0].id);
    ASSERT_TRUE(input.ok()) << input.message();
    EXPECT_EQ(input->birthDate, std::optional<LocalDate>(testing::day("2010-05-01")));
    // One year beginning with 10 Jan 2026 ends with 9 Jan 2027: due within three days.
    EXPECT_TRUE(referralAlert(m_patients[0]));
    // An adult's referral is three years away.
    EXPECT_FALSE(referralAlert(m_patients[1]));
}

TEST_F(PatientAlertInputFromCache, UnreadableRowsShowAsCouldNotBeReadAndTheRestStillCounts)
{
    const auto& patient = m_patients[1];
    store::CaseloadStore caseload(m_cache->database());
    // A newer legal status whose start does not read, a review whose date does not, a score whose
    // time does not, and one good overdue review.
    ASSERT_TRUE(caseload.upsertLegalStatus({"ls-bad", patient.id, "s3", "2026-13-01T10:00:00Z", {}, false, {}}).ok());
    ASSERT_TRUE(caseload.upsertReview({patient.id, "care-plan", "community", "2025-02-30"}).ok());
    ASSERT_TRUE(caseload.upsertReview({patient.id, "risk-assessment", "community", "2026-01-02"}).ok());
    ASSERT_TRUE(caseload.addScore({"sc-bad", patient.id, "PHQ-9", "9", 2, "yesterday", "44260-8", ""}).ok());

    auto report = usecases::patientAlerts(*m_cache, testing::builtinRules(), patient.id,
                                          testing::instant("2027-01-08T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    const auto has = [&](const std::string& key) {
        return std::any_of(report->alerts.begin(), report->alerts.end(), [&](const PatientAlert& a) {
            return a.key == key && a.severity == AlertSeverity::High && a.title.find("could not be read") != std::string::npos;
        });
    };
    const auto& statuses = caseload.currentLegalStatus(patient.id);
    ASSERT_TRUE(statuses.ok() && statuses->has_value());
    EXPECT_TRUE(has("unreadable:legal-status:" + (*statuses)->id)) << (*statuses)->id;
    EXPECT_TRUE(has("unreadable:review:care-plan/community"));
    EXPECT_TRUE(has("unreadable:score:sc-bad"));
    // The readable review still raises its own alert (6-monthly, due by 2 Jul 2026: overdue).
    EXPECT_TRUE(std::any_of(report->alerts.begin(), report->alerts.end(),
                            [](const PatientAlert& a) { return a.key.rfind("review:risk-community:", 0) == 0; }));
    for (const auto& alert : report->alerts)
        EXPECT_EQ(alert.detail.find(patient.id), std::string::npos) << alert.detail;
}

// A power the rule tables cannot count (a code no table knows, an input the law does not allow
// for it) or an input that does not read shows as "could not be read" for that record; the
// patient's other powers still raise their alerts.
TEST_F(PatientAlertInputFromCache, APowerTheRulesCannotCountShowsAsCouldNotBeReadAndTheOtherPowersStillCount)
{
    const auto& patient = m_patients[1];
    store::CaseloadStore caseload(m_cache->database());
    ASSERT_TRUE(caseload.upsertLegalStatus({"ls-unknown", patient.id, "s99", "2026-06-01T10:00:00Z", {}, false, {}}).ok());
    store::LegalStatusRecord badAdmission{"ls-s3", patient.id, "s3", "2026-06-02T10:00:00Z", {}, false, {}};
    badAdmission.firstAdmission = "the week before";
    ASSERT_TRUE(caseload.upsertLegalStatus(badAdmission).ok());
    store::LegalStatusRecord notAllowed{"ls-s2", patient.id, "s2", "2026-06-03T10:00:00Z", {}, false, {}};
    notAllowed.extensionHours = 6; // a s.2 has no extension in hours
    ASSERT_TRUE(caseload.upsertLegalStatus(notAllowed).ok());

    auto report = usecases::patientAlerts(*m_cache, testing::builtinRules(), patient.id,
                                          testing::instant("2027-01-08T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    std::set<std::string> unreadable;
    for (const auto& alert : report->alerts)
        if (alert.key.rfind("unreadable:legal-status:", 0) == 0) {
            unreadable.insert(alert.key.substr(24));
            EXPECT_EQ(alert.severity, AlertSeverity::High);
        }
    EXPECT_EQ(unreadable, (std::set<std::string>{"ls-unknown", "ls-s3", "ls-s2"}));
    // The revoked CTO of the fixture still leads, with its own deadlines.
    ASSERT_TRUE(report->detention.has_value());
    EXPECT_EQ(report->detention->recordId, "ls-" + patient.id);
    EXPECT_TRUE(report->concurrentPowers.empty());
}

} // namespace
} // namespace avocet::core::alerts

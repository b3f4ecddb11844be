// The use-case layer (core/usecases) on a real encrypted cache: what the desktop and avocetctl both
// rely on — a submission queued, linked, pinned, audited and its draft removed together; an
// in-progress response refused with nothing changed; alerts acknowledged and taken back, audited;
// where a submission is.
#include "core/alerts/RuleLibrary.h"
#include "core/audit/AuditLog.h"
#include "core/forms/DraftStore.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormSubmission.h"
#include "core/usecases/PatientAlerts.h"
#include "core/usecases/SubmissionDeliveries.h"
#include "tests/support/TempDir.h"

#include <gtest/gtest.h>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

constexpr const char* kUser = "r.okafor";
constexpr const char* kPass = "a long enough passphrase for tests";
constexpr const char* kCanonical = "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0";

class UseCasesTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create(kUser, kPass, crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock(kUser, kPass);
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 12;
        m_patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
    }

    static json completed(const std::string& nhs, const std::string& status = "completed")
    {
        return {
            {"resourceType", "QuestionnaireResponse"},
            {"status", status},
            {"questionnaire", kCanonical},
            {"authored", "2026-12-01T10:00:00Z"},
            {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}}}},
            {"item", json::array({{{"linkId", "q1"}, {"answer", json::array({{{"valueInteger", 2}}})}}})}};
    }

    std::vector<audit::AuditEvent> auditEvents()
    {
        auto events = m_cache->audit().events(0, 1000);
        EXPECT_TRUE(events.ok()) << events.message();
        return events.ok() ? *events : std::vector<audit::AuditEvent>{};
    }

    long long waiting()
    {
        auto pending = sync::SyncStore(m_cache->database()).pendingCount();
        EXPECT_TRUE(pending.ok());
        return pending.ok() ? *pending : -1;
    }

    test::TempDir m_dir{"usecases"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients;
};

TEST_F(UseCasesTest, ASubmissionIsQueuedLinkedAuditedAndItsDraftRemovedTogether)
{
    const auto& patient = m_patients[0];
    ASSERT_TRUE(patient.nhsNumber.has_value());
    forms::Draft draft;
    draft.summary = {"draft-canary-0001",   patient.id, kCanonical, "PHQ-9", "2026-12-01T09:00:00Z",
                     "2026-12-01T09:30:00Z"};
    draft.questionnaireJson = {{"resourceType", "Questionnaire"}, {"status", "active"}};
    draft.response = completed(*patient.nhsNumber, "in-progress");
    ASSERT_TRUE(forms::DraftStore(m_cache->database()).save(draft).ok());

    Submission submission;
    submission.patientId = patient.id;
    submission.draftId = draft.summary.id;
    submission.title = "PHQ-9";
    submission.response = completed(*patient.nhsNumber);
    auto queued = submitCompletedForm(*m_cache, submission);
    ASSERT_TRUE(queued.ok()) << queued.message();
    EXPECT_EQ(queued->patientId, patient.id);
    EXPECT_EQ(queued->questionnaire, kCanonical);
    EXPECT_FALSE(queued->clientId.empty());
    EXPECT_EQ(queued->waiting, 1);
    EXPECT_TRUE(queued->mappingPins.empty()) << "no mapping held: nothing pinned";

    auto held = sync::SyncStore(m_cache->database()).get("QuestionnaireResponse", queued->localId);
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->patientRef.value_or(""), "Patient/" + patient.id);
    auto gone = forms::DraftStore(m_cache->database()).load(draft.summary.id);
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone->has_value()) << "the draft goes with the submission";
    const auto events = auditEvents();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().detail, "form completed: PHQ-9");
    EXPECT_EQ(events.back().patientId.value_or(""), patient.id);
}

TEST_F(UseCasesTest, APatientIsFoundByTheNhsNumberTheResponseNamesAndOneNotHeldIsLeftToTheHub)
{
    const auto& patient = m_patients[3];
    Submission byNumber;
    byNumber.title = "PHQ-9";
    byNumber.response = completed(*patient.nhsNumber);
    auto linked = submitCompletedForm(*m_cache, byNumber);
    ASSERT_TRUE(linked.ok()) << linked.message();
    EXPECT_EQ(linked->patientId, patient.id);

    // A valid 999 number none of the synthetic patients has.
    std::string stranger;
    for (int n = 999999000; stranger.empty() && n < 999999999; ++n) {
        const std::string candidate = std::to_string(n);
        int sum = 0;
        for (int i = 0; i < 9; ++i)
            sum += (candidate[static_cast<std::size_t>(i)] - '0') * (10 - i);
        const int check = 11 - sum % 11;
        if (check == 10)
            continue;
        const std::string number = candidate + std::to_string(check == 11 ? 0 : check);
        bool held = false;
        for (const auto& p : m_patients)
            held = held || p.nhsNumber == std::optional<std::string>(number);
        if (!held)
            stranger = number;
    }
    ASSERT_FALSE(stranger.empty());
    Submission notHeld;
    notHeld.response = completed(stranger);
    auto unlinked = submitCompletedForm(*m_cache, notHeld);
    ASSERT_TRUE(unlinked.ok()) << unlinked.message();
    EXPECT_TRUE(unlinked->patientId.empty());
    EXPECT_EQ(waiting(), 2);
}

TEST_F(UseCasesTest, AnInProgressResponseIsRefusedAndNothingChanges)
{
    const auto before = auditEvents().size();
    Submission submission;
    submission.patientId = m_patients[1].id;
    submission.response = completed(*m_patients[1].nhsNumber, "in-progress");
    auto refused = submitCompletedForm(*m_cache, submission);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(refused.message().find("in-progress"), std::string::npos) << refused.message();
    EXPECT_EQ(waiting(), 0);
    EXPECT_EQ(auditEvents().size(), before);
}

TEST_F(UseCasesTest, AnAlertIsAcknowledgedAndTakenBackBothAudited)
{
    const auto& patient = m_patients[2];
    store::CaseloadStore caseload(m_cache->database());
    ASSERT_TRUE(
        caseload.addScore({"score-canary-1", patient.id, "PHQ-9", "9", 2, "2026-12-01T10:00:00Z", "44260-8", ""}).ok());
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok()) << rules.message();
    auto now = alerts::parseIsoInstant("2026-12-02T09:00:00Z");
    ASSERT_TRUE(now.ok());
    auto report = patientAlerts(*m_cache, *rules, patient.id, *now);
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_FALSE(report->alerts.empty()) << "a PHQ-9 item 9 answer above 0 raises an alert";
    const std::string key = report->alerts.front().key;
    EXPECT_EQ(report->unacknowledged(), static_cast<int>(report->alerts.size()));

    ASSERT_TRUE(acknowledgeAlert(*m_cache, patient.id, key, "2026-12-02T09:01:00Z").ok());
    report = patientAlerts(*m_cache, *rules, patient.id, *now);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->alerts.front().acknowledged);
    EXPECT_EQ(auditEvents().back().action, kAcknowledgeAction);
    EXPECT_EQ(auditEvents().back().detail, key);

    ASSERT_TRUE(withdrawAlertAcknowledgement(*m_cache, patient.id, key).ok());
    report = patientAlerts(*m_cache, *rules, patient.id, *now);
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report->alerts.front().acknowledged);
    EXPECT_EQ(auditEvents().back().action, kWithdrawAcknowledgementAction);

    EXPECT_FALSE(acknowledgeAlert(*m_cache, patient.id, "", "2026-12-02T09:01:00Z").ok())
        << "no key, no change";
}

// A section 3 began eight months ago: without a recorded renewal its first six months have ended
// (an urgent "expired — no renewal recorded"); with one recorded it runs in its renewal period.
TEST_F(UseCasesTest, ARecordedRenewalKeepsASectionThreeCurrentAndNoneLetsItExpire)
{
    const auto& patient = m_patients[6];
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok()) << rules.message();
    auto now = alerts::parseIsoInstant("2026-12-02T09:00:00Z");
    ASSERT_TRUE(now.ok());
    store::CaseloadStore caseload(m_cache->database());
    store::LegalStatusRecord s3{"ls-canary-s3", patient.id, "s3", "2026-04-02T10:00:00Z", {}, false, {}};
    ASSERT_TRUE(caseload.upsertLegalStatus(s3).ok());
    auto expiredTitle = [](const alerts::PatientAlertReport& report) {
        for (const auto& alert : report.alerts)
            if (alert.title.find("no renewal recorded") != std::string::npos)
                return true;
        return false;
    };
    auto none = patientAlerts(*m_cache, *rules, patient.id, *now);
    ASSERT_TRUE(none.ok()) << none.message();
    EXPECT_TRUE(expiredTitle(*none));
    ASSERT_TRUE(none->detention.has_value());
    EXPECT_TRUE(none->detention->lapsed);

    s3.renewalsRecorded = 1;
    ASSERT_TRUE(caseload.upsertLegalStatus(s3).ok());
    auto stored = caseload.currentLegalStatus(patient.id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->renewalsRecorded, 1);
    auto renewed = patientAlerts(*m_cache, *rules, patient.id, *now);
    ASSERT_TRUE(renewed.ok()) << renewed.message();
    EXPECT_FALSE(expiredTitle(*renewed));
    ASSERT_TRUE(renewed->detention.has_value());
    EXPECT_FALSE(renewed->detention->lapsed);
    EXPECT_TRUE(renewed->detention->currentPeriodEnd.has_value());
}

TEST_F(UseCasesTest, ASubmissionWaitingOnThisComputerIsListedWithItsTitle)
{
    const auto& patient = m_patients[4];
    Submission submission;
    submission.patientId = patient.id;
    submission.response = completed(*patient.nhsNumber);
    ASSERT_TRUE(submitCompletedForm(*m_cache, submission).ok());
    auto deliveries =
        submissionDeliveries(*m_cache, patient.id, *patient.nhsNumber, [](const std::string& canonical) {
            return canonical == kCanonical ? std::string("PHQ-9 outcome") : std::string();
        });
    ASSERT_TRUE(deliveries.ok()) << deliveries.message();
    ASSERT_EQ(deliveries->size(), 1u);
    EXPECT_EQ(deliveries->front().title, "PHQ-9 outcome");
    EXPECT_FALSE(deliveries->front().sent);
    EXPECT_TRUE(deliveries->front().receipts.empty());
    // Without a title from the front end: the canonical's last segment.
    auto plain = submissionDeliveries(*m_cache, patient.id, *patient.nhsNumber);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->front().title, "phq9-outcome");
    // Another patient has none.
    auto other = submissionDeliveries(*m_cache, m_patients[5].id, *m_patients[5].nhsNumber);
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->empty());
}

} // namespace
} // namespace avocet::core::usecases

// A renewal entered in Avocet (core/usecases MhaRenewals) on a real encrypted cache: the s.3 the EPR
// fed moves into its renewal period at once, off-line; the renewal is an audited, queued
// Observation naming the power's Encounter, counted once with the EPR's own count; a report outside
// the examination window, after the period ended, in the future, or for a power that cannot be
// renewed is refused and changes nothing.
#include "core/alerts/RuleLibrary.h"
#include "core/audit/AuditLog.h"
#include "core/store/CaseloadStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/MhaRenewals.h"
#include "core/usecases/PatientAlerts.h"
#include "tests/support/ClinicalRecordFixtures.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

constexpr const char* kUser = "m.adeyemi"; // the author of the renewals entered

class MhaRenewals : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_held.ok());
        auto rules = alerts::RuleLibrary::builtin();
        ASSERT_TRUE(rules.ok()) << rules.message();
        m_rules = std::make_unique<alerts::RuleLibrary>(std::move(*rules));
        // A s.3 from 31 Aug 2025: the first six months end with 28 Feb 2026 (February has no 31st),
        // and the renewal examination window (the two months ending with that day) opens on 1 Jan
        // 2026, the day whose corresponding date two months on is 1 Mar.
        hold(encounter("enc-s3", 0, "03", "2025-08-31T14:00:00Z", 0));
        hold(encounter("enc-s2", 1, "02", "2026-02-10T14:00:00Z", 0));
        ASSERT_TRUE(sync::projectClinicalRecords(m_held.db(), m_rules.get()).ok());
    }

    const identity::Patient& patient(std::size_t i) const { return m_held.patients()[i]; }
    store::Cache& cache() { return m_held.cache(); }

    json encounter(const std::string& id, std::size_t who, const std::string& code, const std::string& start,
                   int renewals) const
    {
        json resource = test::legalStatusEncounter(id, {{"reference", "Patient/" + patient(who).id}},
                                                   test::kUkCoreLegalStatusSystem, code, start);
        resource["identifier"] =
            json::array({{{"system", "https://fhir.avocet.example/Id/paris-record-id"}, {"value", "ENC-" + id}}});
        if (renewals > 0)
            resource["extension"].push_back(
                {{"url", "https://fhir.avocet.example/StructureDefinition/mha-renewals-recorded"}, {"valueInteger", renewals}});
        return resource;
    }

    void hold(const json& resource)
    {
        ASSERT_TRUE(test::holdAsPulled(m_held.db(), resource, resource["subject"]["reference"].get<std::string>()).ok());
    }

    static alerts::Instant at(const char* iso) { return *alerts::parseIsoInstant(iso); }
    static alerts::LocalDate day(const char* iso) { return *alerts::parseIsoDate(iso); }

    Result<RecordedRenewal> record(const std::string& id, const char* reported, const char* now)
    {
        return recordRenewal(cache(), *m_rules, patient(id == "enc-s3" ? 0 : 1).id, id, day(reported), at(now), kUser);
    }

    std::optional<store::LegalStatusRecord> held(std::size_t who)
    {
        auto current = store::CaseloadStore(m_held.db()).currentLegalStatus(patient(who).id);
        EXPECT_TRUE(current.ok());
        return current.ok() ? *current : std::nullopt;
    }

    long long renewalObservations()
    {
        auto count = m_held.db().queryInt("SELECT count(*) FROM sync_resources WHERE type = 'Observation' AND origin = 'local'");
        EXPECT_TRUE(count.ok());
        return count.ok() ? *count : -1;
    }

    test::UnlockedCache m_held{"mha-renewals"};
    std::unique_ptr<alerts::RuleLibrary> m_rules;
};

TEST_F(MhaRenewals, ARenewalEnteredHereMovesTheSectionThreeIntoItsRenewalPeriodAtOnceAuditedAndQueued)
{
    // On 2 Mar 2026 the first period has ended with no renewal: "expired — no renewal recorded".
    auto before = patientAlerts(cache(), *m_rules, patient(0).id, at("2026-03-02T09:00Z"));
    ASSERT_TRUE(before.ok()) << before.message();
    ASSERT_TRUE(before->detention.has_value());
    EXPECT_TRUE(before->detention->lapsed);

    // The report was furnished on 20 Feb, within the window; entered on 2 Mar.
    auto renewal = record("enc-s3", "2026-02-20", "2026-03-02T09:00Z");
    ASSERT_TRUE(renewal.ok()) << renewal.message();
    EXPECT_EQ(renewal->number, 1);
    EXPECT_EQ(renewal->power, "s3");
    // The renewal period: six months beginning with 1 Mar 2026, last day 31 Aug, ends at midnight BST.
    EXPECT_EQ(alerts::formatUtcIso(renewal->periodEnds), "2026-08-31T23:00:00Z");

    ASSERT_TRUE(held(0).has_value());
    EXPECT_EQ(held(0)->renewalsRecorded, 1);
    auto after = patientAlerts(cache(), *m_rules, patient(0).id, at("2026-03-02T09:00Z"));
    ASSERT_TRUE(after.ok()) << after.message();
    ASSERT_TRUE(after->detention.has_value());
    EXPECT_FALSE(after->detention->lapsed);
    ASSERT_TRUE(after->detention->currentPeriodEnd.has_value());
    EXPECT_EQ(alerts::formatUtcIso(after->detention->currentPeriodEnd->due), "2026-08-31T23:00:00Z");

    // Queued for the hub: one Observation naming the Encounter, with the renewal's number.
    auto outbox = sync::SyncStore(m_held.db()).outbox();
    ASSERT_TRUE(outbox.ok());
    ASSERT_EQ(outbox->size(), 1u);
    auto queued = sync::SyncStore(m_held.db()).get("Observation", (*outbox)[0].localId);
    ASSERT_TRUE(queued.ok() && queued->has_value());
    const json& observation = (*queued)->content;
    EXPECT_EQ(observation["encounter"]["reference"], "Encounter/enc-s3");
    EXPECT_EQ(observation["valueInteger"], 1);
    EXPECT_EQ(observation["effectiveDateTime"], "2026-02-20");
    EXPECT_EQ(observation["code"]["coding"][0]["code"], sync::kRenewalRecordedCode);
    EXPECT_EQ((*queued)->patientRef.value_or(""), "Patient/" + patient(0).id);

    auto events = cache().audit().events(0, 100);
    ASSERT_TRUE(events.ok());
    EXPECT_TRUE(std::any_of(events->begin(), events->end(), [&](const audit::AuditEvent& e) {
        return e.action == kRecordRenewalAction && e.patientId == patient(0).id &&
               e.detail == "enc-s3 renewal 1 reported 2026-02-20";
    }));
}

TEST_F(MhaRenewals, TheEprsOwnCountAndARenewalEnteredHereAreCountedOnce)
{
    ASSERT_TRUE(record("enc-s3", "2026-02-20", "2026-03-02T09:00Z").ok());
    // The EPR then records the same renewal on the Encounter: still one, not two.
    hold(encounter("enc-s3", 0, "03", "2025-08-31T14:00:00Z", 1));
    auto projected = sync::projectClinicalRecords(m_held.db(), m_rules.get());
    ASSERT_TRUE(projected.ok()) << projected.message();
    EXPECT_EQ(projected->renewals, 1);
    EXPECT_EQ(held(0)->renewalsRecorded, 1);
}

TEST_F(MhaRenewals, AReportOutsideThePeriodsWindowOrForAPowerThatCannotBeRenewedIsRefusedAndChangesNothing)
{
    const auto refusedWith = [&](const std::string& id, const char* reported, const char* now, const std::string& words) {
        auto renewal = record(id, reported, now);
        ASSERT_FALSE(renewal.ok()) << reported;
        EXPECT_NE(renewal.message().find(words), std::string::npos) << renewal.message();
    };
    // Before the window, which opens on 1 Jan.
    refusedWith("enc-s3", "2025-12-31", "2026-01-05T09:00Z", "before the examination window opened (2026-01-01)");
    // After the last day (28 Feb): the power ended then.
    refusedWith("enc-s3", "2026-03-01", "2026-03-02T09:00Z", "after the last day of the period (2026-02-28)");
    // A report dated tomorrow.
    refusedWith("enc-s3", "2026-02-21", "2026-02-20T09:00Z", "after today");
    // A s.2 has one period of 28 days.
    refusedWith("enc-s2", "2026-03-01", "2026-03-02T09:00Z", "no further period");
    // A power not held for the patient.
    auto unknown = recordRenewal(cache(), *m_rules, patient(0).id, "enc-s2", day("2026-02-20"),
                                 at("2026-03-02T09:00Z"), kUser);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.code(), ErrorCode::NotFound);

    EXPECT_EQ(renewalObservations(), 0);
    EXPECT_EQ(held(0)->renewalsRecorded, 0);
    auto events = cache().audit().events(0, 100);
    ASSERT_TRUE(events.ok());
    EXPECT_TRUE(std::none_of(events->begin(), events->end(),
                             [](const audit::AuditEvent& e) { return e.action == kRecordRenewalAction; }));
}

TEST_F(MhaRenewals, TheNextRenewalIsTheNextPeriodsAndItsOwnWindowApplies)
{
    ASSERT_TRUE(record("enc-s3", "2026-02-20", "2026-03-02T09:00Z").ok());
    // A second report the same day would be for the period ending 31 Aug: its window opens 1 Jul.
    auto again = record("enc-s3", "2026-03-02", "2026-03-02T09:00Z");
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.message().find("before the examination window opened (2026-07-01)"), std::string::npos)
        << again.message();
    // In July it is the second renewal, and the patient runs into the first 12-month period.
    auto second = record("enc-s3", "2026-07-15", "2026-07-20T09:00Z");
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_EQ(second->number, 2);
    EXPECT_EQ(held(0)->renewalsRecorded, 2);
}

TEST_F(MhaRenewals, ARenewalEnteredInErrorIsWithdrawnAuditedQueuedAndThePeriodEndsAgain)
{
    ASSERT_TRUE(record("enc-s3", "2026-02-20", "2026-03-02T09:00Z").ok());
    ASSERT_EQ(held(0)->renewalsRecorded, 1);

    // The report was for another patient: withdrawn the next day, with the reason.
    auto withdrawn = withdrawRenewal(cache(), *m_rules, patient(0).id, "enc-s3", "entered against the wrong patient",
                                     at("2026-03-03T09:00Z"), kUser);
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.message();
    EXPECT_EQ(withdrawn->number, 1);
    EXPECT_EQ(withdrawn->counted, 0);
    EXPECT_EQ(withdrawn->power, "s3");
    EXPECT_EQ(held(0)->renewalsRecorded, 0);

    // The period that ended on 28 Feb has ended again: "expired — no renewal recorded".
    auto after = patientAlerts(cache(), *m_rules, patient(0).id, at("2026-03-03T09:00Z"));
    ASSERT_TRUE(after.ok()) << after.message();
    ASSERT_TRUE(after->detention.has_value());
    EXPECT_TRUE(after->detention->lapsed);

    // One queued change for the Observation, now entered-in-error with the reason.
    auto outbox = sync::SyncStore(m_held.db()).outbox();
    ASSERT_TRUE(outbox.ok());
    ASSERT_EQ(outbox->size(), 1u);
    auto queued = sync::SyncStore(m_held.db()).get("Observation", (*outbox)[0].localId);
    ASSERT_TRUE(queued.ok() && queued->has_value());
    EXPECT_EQ((*queued)->content["status"], "entered-in-error");
    EXPECT_EQ((*queued)->content["note"][0]["text"], "Withdrawn as entered in error: entered against the wrong patient");

    auto events = cache().audit().events(0, 100);
    ASSERT_TRUE(events.ok());
    EXPECT_TRUE(std::any_of(events->begin(), events->end(), [&](const audit::AuditEvent& e) {
        return e.action == kWithdrawRenewalAction && e.patientId == patient(0).id &&
               e.detail == "enc-s3 renewal 1 withdrawn: entered against the wrong patient";
    }));

    // Nothing more to withdraw; it can be recorded again once the right report is found.
    auto again = withdrawRenewal(cache(), *m_rules, patient(0).id, "enc-s3", "twice", at("2026-03-03T10:00Z"), kUser);
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.message().find("no renewal is recorded for this power"), std::string::npos) << again.message();

    auto recordedAgain = record("enc-s3", "2026-02-21", "2026-03-03T11:00Z");
    ASSERT_TRUE(recordedAgain.ok()) << recordedAgain.message();
    EXPECT_EQ(recordedAgain->number, 1);
    EXPECT_EQ(held(0)->renewalsRecorded, 1);
    EXPECT_EQ(renewalObservations(), 1) << "the same Observation, final again";
    auto queuedAgain = sync::SyncStore(m_held.db()).get("Observation", (*outbox)[0].localId);
    ASSERT_TRUE(queuedAgain.ok() && queuedAgain->has_value());
    EXPECT_EQ((*queuedAgain)->content["status"], "final");
    EXPECT_EQ((*queuedAgain)->content["effectiveDateTime"], "2026-02-21");
    EXPECT_FALSE((*queuedAgain)->content.contains("note"));
}

TEST_F(MhaRenewals, AWithdrawalWithoutAReasonOrOfARenewalTheEprRecordedIsRefusedAndChangesNothing)
{
    ASSERT_TRUE(record("enc-s3", "2026-02-20", "2026-03-02T09:00Z").ok());
    auto blank = withdrawRenewal(cache(), *m_rules, patient(0).id, "enc-s3", "  ", at("2026-03-03T09:00Z"), kUser);
    ASSERT_FALSE(blank.ok());
    EXPECT_NE(blank.message().find("say why"), std::string::npos) << blank.message();

    // The EPR records a second renewal itself: the one counting last is the EPR's.
    hold(encounter("enc-s3", 0, "03", "2025-08-31T14:00:00Z", 2));
    ASSERT_TRUE(sync::projectClinicalRecords(m_held.db(), m_rules.get()).ok());
    ASSERT_EQ(held(0)->renewalsRecorded, 2);
    auto theirs = withdrawRenewal(cache(), *m_rules, patient(0).id, "enc-s3", "wrong", at("2026-03-03T09:00Z"), kUser);
    ASSERT_FALSE(theirs.ok());
    EXPECT_NE(theirs.message().find("recorded in the EPR, not in Avocet"), std::string::npos) << theirs.message();

    auto notHeld = withdrawRenewal(cache(), *m_rules, patient(0).id, "enc-s2", "wrong", at("2026-03-03T09:00Z"), kUser);
    ASSERT_FALSE(notHeld.ok());
    EXPECT_EQ(notHeld.code(), ErrorCode::NotFound);

    EXPECT_EQ(held(0)->renewalsRecorded, 2);
    auto events = cache().audit().events(0, 100);
    ASSERT_TRUE(events.ok());
    EXPECT_TRUE(std::none_of(events->begin(), events->end(),
                             [](const audit::AuditEvent& e) { return e.action == kWithdrawRenewalAction; }));
}

} // namespace
} // namespace avocet::core::usecases

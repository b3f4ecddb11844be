// The clinical record an EPR feed sends (docs/clinical-record.md) reaches the caseload tables the
// screens read, on a real encrypted cache: legal status from Encounters, visits from Appointments,
// reviews from CarePlans, scores from Observations; found by reference, NHS number or EPR record
// id; what cannot be read left out and counted; deletions gone; the same rows on every run.
#include "core/sync/ClinicalProjection.h"

#include "core/alerts/RuleLibrary.h"
#include "core/identity/SyntheticPatients.h"
#include "core/mapping/NativePayload.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/PatientAlerts.h"
#include "core/usecases/SyncedRecords.h"
#include "tests/support/ClinicalRecordFixtures.h"
#include "tests/support/TempDir.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace avocet::core::sync {
namespace {

using nlohmann::json;

constexpr const char* kUser = "clinical.projection";
constexpr const char* kPass = "a long enough passphrase for tests";
constexpr const char* kUkCoreClassification =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland";

class ClinicalProjectionTest : public ::testing::Test
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
        auto patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(patients).ok());
        for (const auto& p : patients)
            if (p.nhsNumber)
                m_patients.push_back(p);
        ASSERT_GE(m_patients.size(), 4u) << "synthetic patients with (999) NHS numbers";
    }

    store::Database& db() { return m_cache->database(); }

    // Held as a pull from the server leaves it.
    void hold(const json& resource)
    {
        SyncStore store(db());
        LocalResource local;
        local.type = resource["resourceType"];
        local.localId = resource["id"];
        local.serverId = local.localId;
        local.versionId = "1";
        local.lastUpdated = "2026-11-24T09:00:00.000Z";
        local.patientRef = patientReferenceOf(resource);
        local.content = resource;
        ASSERT_TRUE(store.writeResource(local).ok());
    }

    void drop(const std::string& type, const std::string& id)
    {
        auto del = db().prepare("DELETE FROM sync_resources WHERE type = ? AND server_id = ?");
        ASSERT_TRUE(del.ok());
        del->bindAll(type, id);
        ASSERT_TRUE(del->run().ok());
    }

    ClinicalProjectionSummary project()
    {
        auto summary = projectClinicalRecords(db());
        EXPECT_TRUE(summary.ok()) << summary.message();
        return summary.ok() ? *summary : ClinicalProjectionSummary{};
    }

    json byReference(std::size_t i) const { return {{"reference", "Patient/" + m_patients[i].id}}; }
    json byNhs(std::size_t i) const
    {
        return {{"identifier",
                 {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", *m_patients[i].nhsNumber}}}};
    }
    json byRecordId(std::size_t i) const
    {
        return {{"identifier",
                 {{"system", mapping::eprRecordSystem(m_patients[i].epr)}, {"value", m_patients[i].eprId}}}};
    }

    static json encounter(const std::string& id, const json& subject, const std::string& system,
                          const std::string& code, const std::string& start,
                          const std::optional<std::string>& end = std::nullopt)
    {
        return test::legalStatusEncounter(id, subject, system, code, start, end);
    }

    static json appointment(const std::string& id, const json& actor, const std::string& status,
                            const std::string& start, const std::string& end)
    {
        return {{"resourceType", "Appointment"},
                {"id", id},
                {"status", status},
                {"appointmentType", {{"text", "Home visit"}}},
                {"start", start},
                {"end", end},
                {"participant", json::array({{{"actor", actor}, {"status", "accepted"}},
                                             {{"actor", {{"reference", "Location/l1"}, {"display", "CM1"}}},
                                              {"status", "accepted"}}})}};
    }

    static json carePlan(const std::string& id, const json& subject, const std::string& subjectCode,
                         const std::string& start, const std::string& status = "active")
    {
        return {
            {"resourceType", "CarePlan"},
            {"id", id},
            {"status", status},
            {"intent", "plan"},
            {"subject", subject},
            {"category",
             json::array({{{"coding",
                            json::array({{{"system", "https://fhir.avocet.example/CodeSystem/review-subject"},
                                          {"code", subjectCode}}})}}})},
            {"extension",
             json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/care-setting"},
                           {"valueCode", "community"}}})},
            {"period", {{"start", start}}}};
    }

    static json observation(const std::string& id, const json& subject, const std::string& loinc, int value,
                            const std::string& at)
    {
        return {{"resourceType", "Observation"},
                {"id", id},
                {"status", "final"},
                {"subject", subject},
                {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", loinc}}})}}},
                {"effectiveDateTime", at},
                {"valueInteger", value}};
    }

    std::vector<store::Visit> visits()
    {
        auto all = store::CaseloadStore(db()).visitsBetween("0000", "9999");
        EXPECT_TRUE(all.ok());
        return all.ok() ? *all : std::vector<store::Visit>{};
    }

    std::vector<std::string> legalRows()
    {
        std::vector<std::string> rows;
        auto stmt = db().prepare("SELECT id || ' ' || patient_id || ' ' || power || ' ' || started_at || ' ' "
                                 "|| coalesce(ended_at, '-') || ' ' "
                                 "|| extended FROM legal_status ORDER BY id");
        EXPECT_TRUE(stmt.ok());
        EXPECT_TRUE(stmt->forEachRow([&](const store::Statement& row) { rows.push_back(row.text(0)); }).ok());
        return rows;
    }

    test::TempDir m_dir{"clinical-projection"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients; // those with an NHS number
};

TEST_F(ClinicalProjectionTest, SectionTwoConvertedToSectionThreeEndsTheOldAndMakesTheNewCurrent)
{
    hold(encounter("e-s2", byRecordId(0), kUkCoreClassification, "02", "2026-11-01T14:00:00Z",
                   "2026-11-20T10:30:00+00:00"));
    hold(encounter("e-s3", byRecordId(0), kUkCoreClassification, "03", "2026-11-20T10:30:00Z"));
    const auto summary = project();
    EXPECT_EQ(summary.legalStatuses, 2);
    EXPECT_EQ(summary.skipped(), 0);
    auto current = store::CaseloadStore(db()).currentLegalStatus(m_patients[0].id);
    ASSERT_TRUE(current.ok());
    ASSERT_TRUE(current->has_value());
    EXPECT_EQ((*current)->power, "s3");
    EXPECT_EQ((*current)->startedAt, "2026-11-20T10:30:00Z");
    const auto rows = legalRows();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0], "e-s2 " + m_patients[0].id + " s2 2026-11-01T14:00:00Z 2026-11-20T10:30:00Z 0");
}

TEST_F(ClinicalProjectionTest, SectionOneThreeSixWithItsExtensionAndACtoCodedWithThePowerCode)
{
    json s136 = encounter("e-136", byNhs(1), kUkCoreClassification, "20", "2026-11-24T01:15:00+00:00");
    s136["extension"].push_back(
        {{"url", "https://fhir.avocet.example/StructureDefinition/mha-extension-authorised"},
         {"valueBoolean", true}});
    hold(s136);
    hold(encounter("e-cto", byNhs(2), kMhaPowerSystem, "cto", "2026-09-01T10:00:00+01:00"));
    EXPECT_EQ(project().legalStatuses, 2);
    auto current = store::CaseloadStore(db()).currentLegalStatus(m_patients[1].id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->power, "s136");
    EXPECT_TRUE((*current)->extended);
    current = store::CaseloadStore(db()).currentLegalStatus(m_patients[2].id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->power, "cto");
    EXPECT_EQ((*current)->startedAt, "2026-09-01T09:00:00Z") << "held in UTC";
}

TEST_F(ClinicalProjectionTest, TheRenewalsTheEprRecordedReachTheLegalStatusAndABadCountShowsAsCouldNotBeRead)
{
    json renewed = encounter("e-s3-renewed", byNhs(3), kUkCoreClassification, "03", "2026-04-02T10:00:00Z");
    renewed["extension"].push_back(
        {{"url", "https://fhir.avocet.example/StructureDefinition/mha-renewals-recorded"}, {"valueInteger", 1}});
    hold(renewed);
    json garbled = encounter("e-s3-garbled", byNhs(4), kUkCoreClassification, "03", "2026-04-02T10:00:00Z");
    garbled["extension"].push_back(
        {{"url", "https://fhir.avocet.example/StructureDefinition/mha-renewals-recorded"}, {"valueString", "one"}});
    hold(garbled);
    const auto summary = project();
    EXPECT_EQ(summary.legalStatuses, 1);
    EXPECT_EQ(summary.skipped(), 1) << "a renewal count that is not a number is not guessed";
    auto current = store::CaseloadStore(db()).currentLegalStatus(m_patients[3].id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->renewalsRecorded, 1);
    EXPECT_FALSE((*current)->unreadable.has_value());
    // The garbled one is not dropped: its row says why, and the patient's alerts say so.
    current = store::CaseloadStore(db()).currentLegalStatus(m_patients[4].id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->unreadable.value_or(""), "the renewals recorded are not a whole number from 0");
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok());
    auto report = usecases::patientAlerts(*m_cache, *rules, m_patients[4].id, *alerts::parseIsoInstant("2026-05-01T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(report->detention.has_value()) << "no deadline counted from a record that does not read";
    ASSERT_FALSE(report->alerts.empty());
    EXPECT_EQ(report->alerts.front().key, "unreadable:legal-status:e-s3-garbled");
    EXPECT_EQ(report->alerts.front().title, "Legal status could not be read");
}

TEST_F(ClinicalProjectionTest, AnUnknownPowerCodeOrAnInformalStatusIsNotAPowerButShowsAsCouldNotBeRead)
{
    hold(encounter("e-99", byRecordId(0), kUkCoreClassification, "99", "2026-11-01T14:00:00Z"));
    hold(encounter("e-alias", byRecordId(0), kMhaPowerSystem, "section 2", "2026-11-01T14:00:00Z"));
    hold(encounter("e-01", byRecordId(1), kUkCoreClassification, "01", "2026-11-01T14:00:00Z"));
    hold(encounter("e-nozone", byRecordId(2), kUkCoreClassification, "02", "2026-11-01"));
    // Ended: whatever it was, it is no longer in force, so nothing is shown for it.
    hold(encounter("e-99-ended", byRecordId(3), kUkCoreClassification, "99", "2026-10-01T14:00:00Z",
                   "2026-10-02T14:00:00Z"));
    const auto summary = project();
    EXPECT_EQ(summary.legalStatuses, 0);
    EXPECT_EQ(summary.notCurrent, 1) << "informal";
    ASSERT_EQ(summary.skipped(), 4);
    EXPECT_EQ(summary.skippedResources[0].reason, "unknown legal status code 99");
    std::vector<std::string> unreadable;
    auto stmt = db().prepare("SELECT id || ': ' || unreadable FROM legal_status WHERE power = '' ORDER BY id");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(stmt->forEachRow([&](const store::Statement& row) { unreadable.push_back(row.text(0)); }).ok());
    EXPECT_EQ(unreadable, (std::vector<std::string>{"e-99: unknown legal status code 99",
                                                    "e-alias: unknown legal status code section 2",
                                                    "e-nozone: period.start is missing or has no time and zone"}));
    EXPECT_EQ(legalRows().size(), 3u) << "no row for the informal status or the power that ended";
}

// The facts some deadlines count from, as the EPR records them beside a power, reach the cache and
// move the patient's deadlines: the s.68 referral of a s.3 from the s.2 admission, a s.136
// extension of 6 hours, the court's own last day of a s.35 remand, s.29(4) proceedings pending.
TEST_F(ClinicalProjectionTest, TheInputsTheLawCountsDeadlinesFromReachTheCacheAndTheAlerts)
{
    const std::string sd = "https://fhir.avocet.example/StructureDefinition/";
    json s3 = encounter("e-s3", byNhs(0), kUkCoreClassification, "03", "2026-02-20T10:00:00Z");
    s3["extension"].push_back({{"url", sd + "mha-first-admission"}, {"valueDateTime", "2026-01-31T15:00:00Z"}});
    s3["extension"].push_back({{"url", sd + "mha-last-tribunal"}, {"valueDate", "2026-02-10"}});
    hold(s3);
    json s136 = encounter("e-136", byNhs(1), kUkCoreClassification, "20", "2026-10-24T22:00:00+01:00");
    s136["extension"].push_back({{"url", sd + "mha-extension-hours"}, {"valueInteger", 6}});
    hold(s136);
    json s35 = encounter("e-35", byNhs(2), kUkCoreClassification, "07", "2026-03-02T11:00:00Z");
    s35["extension"].push_back({{"url", sd + "mha-court-last-day"}, {"valueDate", "2026-03-20"}});
    hold(s35);
    json s2 = encounter("e-s2", byNhs(3), kUkCoreClassification, "02", "2026-03-02T11:00:00Z");
    s2["extension"].push_back(
        {{"url", sd + "mha-nearest-relative-proceedings"},
         {"extension", json::array({{{"url", "applied"}, {"valueDateTime", "2026-03-20T09:00:00Z"}}})}});
    hold(s2);
    EXPECT_EQ(project().legalStatuses, 4);

    store::CaseloadStore caseload(db());
    auto held = caseload.currentLegalStatus(m_patients[0].id);
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->firstAdmission.value_or(""), "2026-01-31T15:00:00Z");
    EXPECT_EQ((*held)->lastTribunal.value_or(""), "2026-02-10");
    held = caseload.currentLegalStatus(m_patients[1].id);
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->extensionHours, std::optional<int>(6));
    EXPECT_TRUE((*held)->extended);
    held = caseload.currentLegalStatus(m_patients[2].id);
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->courtLastDays, std::vector<std::string>{"2026-03-20"});
    held = caseload.currentLegalStatus(m_patients[3].id);
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->nearestRelativeApplied.value_or(""), "2026-03-20T09:00:00Z");
    EXPECT_FALSE((*held)->nearestRelativeDisposed.has_value());

    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok());
    const auto due = [&](std::size_t patient, const std::string& at, const std::string& deadline) {
        auto report = usecases::patientAlerts(*m_cache, *rules, m_patients[patient].id, *alerts::parseIsoInstant(at));
        EXPECT_TRUE(report.ok()) << report.message();
        std::string found;
        if (report.ok())
            for (const auto& alert : report->alerts)
                if (alert.key.find(deadline) != std::string::npos && alert.due)
                    found = alerts::formatUtcIso(*alert.due);
        return found;
    };
    // s.68(1)-(2): six months beginning with 31 Jan 2026 (the s.2 admission) end with 30 Jul 2026,
    // at midnight BST: 2026-07-30T23:00Z, not six months from the s.3 (19 Aug).
    EXPECT_EQ(due(0, "2026-07-28T12:00Z", "tribunal-referral"), "2026-07-30T23:00:00Z");
    // 24 hours from 22:00 BST on 24 Oct plus the 6 hours authorised, across the autumn change:
    // 21:00Z + 30 h = 2026-10-26T03:00Z (not the 12-hour maximum).
    EXPECT_EQ(due(1, "2026-10-25T12:00Z", "expiry-extended"), "2026-10-26T03:00:00Z");
    // The court's last day, 20 Mar: ends at midnight, 2026-03-21T00:00Z (GMT), not the 28-day maximum.
    EXPECT_EQ(due(2, "2026-03-19T12:00Z", "expiry"), "2026-03-21T00:00:00Z");
    // The s.2's 28 days ended with 29 Mar; pending s.29(4) proceedings keep it running: no expiry.
    auto pending = usecases::patientAlerts(*m_cache, *rules, m_patients[3].id, *alerts::parseIsoInstant("2026-04-02T12:00Z"));
    ASSERT_TRUE(pending.ok()) << pending.message();
    ASSERT_TRUE(pending->detention.has_value());
    EXPECT_FALSE(pending->detention->lapsed);
}

// A CTO's Part 4A month fed with the first dose of the s.58 clock that began in detention
// (mha-related-start) runs on to the end of those three months, not the end of the first month.
TEST_F(ClinicalProjectionTest, ThePartFourAMonthFedWithTheFirstDoseRunsOnToTheEndOfTheSection58Clock)
{
    hold(encounter("e-cto", byNhs(0), kMhaPowerSystem, "cto", "2026-02-01T10:00:00Z"));
    json part4a = encounter("e-4a", byNhs(0), kMhaPowerSystem, "part4a", "2026-02-01T10:00:00Z");
    part4a["extension"].push_back({{"url", "https://fhir.avocet.example/StructureDefinition/mha-related-start"},
                                   {"valueDateTime", "2026-01-10T09:00:00Z"}});
    hold(part4a);
    EXPECT_EQ(project().legalStatuses, 2);
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok());
    // Three months beginning with 10 Jan end with 9 Apr (midnight BST: 2026-04-09T23:00Z); the first
    // month of the CTO alone would have ended with 28 Feb.
    auto report = usecases::patientAlerts(*m_cache, *rules, m_patients[0].id, *alerts::parseIsoInstant("2026-04-07T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_EQ(report->concurrentPowers.size(), 1u);
    EXPECT_EQ(report->concurrentPowers[0].powerCode, "part4a");
    ASSERT_TRUE(report->concurrentPowers[0].currentPeriodEnd.has_value());
    EXPECT_EQ(alerts::formatUtcIso(report->concurrentPowers[0].currentPeriodEnd->due), "2026-04-09T23:00:00Z");
    EXPECT_EQ(report->detention->powerCode, "cto");
}

// Several powers at once reach the patient: a s.3 and its s.58 clock (coded with the rule tables'
// power code) each raise their own alerts, and the s.3 leads.
TEST_F(ClinicalProjectionTest, SeveralOpenPowersAreAllEvaluatedAndTheDetentionLeads)
{
    hold(encounter("e-s3", byNhs(0), kUkCoreClassification, "03", "2026-01-05T10:00:00Z"));
    hold(encounter("e-s58", byNhs(0), kMhaPowerSystem, "s58", "2026-01-10T09:00:00Z"));
    EXPECT_EQ(project().legalStatuses, 2);
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok());
    auto report = usecases::patientAlerts(*m_cache, *rules, m_patients[0].id, *alerts::parseIsoInstant("2026-04-07T12:00Z"));
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_TRUE(report->detention.has_value());
    EXPECT_EQ(report->detention->powerCode, "s3") << "the detention leads although the s.58 clock began later";
    ASSERT_EQ(report->concurrentPowers.size(), 1u);
    EXPECT_EQ(report->concurrentPowers[0].powerCode, "s58");
    // Three months beginning with 10 Jan end with 9 Apr: the s.58 alert is within 72 hours.
    EXPECT_TRUE(std::any_of(report->alerts.begin(), report->alerts.end(),
                            [](const alerts::PatientAlert& a) { return a.key.rfind("mha:e-s58:", 0) == 0; }));
}

TEST_F(ClinicalProjectionTest, AnAppointmentMovedAndOneCancelled)
{
    hold(appointment("a-1", byNhs(0), "booked", "2026-11-24T09:30:00Z", "2026-11-24T10:30:00Z"));
    hold(appointment("a-2", byNhs(1), "booked", "2026-11-24T11:00:00Z", "2026-11-24T11:30:00Z"));
    EXPECT_EQ(project().visits, 2);
    // Moved to the afternoon; the other cancelled.
    hold(appointment("a-1", byNhs(0), "booked", "2026-11-24T14:00:00Z", "2026-11-24T14:45:00Z"));
    hold(appointment("a-2", byNhs(1), "cancelled", "2026-11-24T11:00:00Z", "2026-11-24T11:30:00Z"));
    EXPECT_EQ(project().visits, 2);
    const auto held = visits();
    ASSERT_EQ(held.size(), 2u);
    EXPECT_EQ(held[0].id, "a-2");
    EXPECT_EQ(held[0].status, "cancelled");
    EXPECT_EQ(held[1].id, "a-1");
    EXPECT_EQ(held[1].startsAt, "2026-11-24T14:00:00Z");
    EXPECT_EQ(held[1].minutes, 45);
    EXPECT_EQ(held[1].kind, "Home visit");
    EXPECT_EQ(held[1].place, "CM1");
    EXPECT_EQ(held[1].status, "planned");
    EXPECT_EQ(held[1].patientId, m_patients[0].id);
}

TEST_F(ClinicalProjectionTest, TheLatestActiveCarePlanIsTheLastReview)
{
    hold(carePlan("c-old", byReference(0), "care-plan", "2025-10-01", "revoked"));
    hold(carePlan("c-1", byReference(0), "care-plan", "2026-01-10"));
    hold(carePlan("c-2", byReference(0), "care-plan", "2026-06-15"));
    hold(carePlan("c-3", byReference(0), "risk-assessment", "2026-03-02T10:00:00+00:00"));
    const auto summary = project();
    EXPECT_EQ(summary.reviews, 2);
    EXPECT_EQ(summary.notCurrent, 1);
    auto reviews = store::CaseloadStore(db()).reviews(m_patients[0].id);
    ASSERT_TRUE(reviews.ok());
    ASSERT_EQ(reviews->size(), 2u);
    EXPECT_EQ((*reviews)[0].subject, "care-plan");
    EXPECT_EQ((*reviews)[0].lastDone, "2026-06-15");
    EXPECT_EQ((*reviews)[0].setting, "community");
    EXPECT_EQ((*reviews)[1].subject, "risk-assessment");
    EXPECT_EQ((*reviews)[1].lastDone, "2026-03-02");
}

TEST_F(ClinicalProjectionTest, APhq9ItemNineObservationRaisesTheScoreAlert)
{
    hold(observation("o-9", byRecordId(3), "44260-8", 2, "2026-12-01T10:00:00Z"));
    hold(observation("o-total", byRecordId(3), "44261-6", 16, "2026-12-01T10:00:00Z"));
    hold(observation("o-bp", byRecordId(3), "8480-6", 120, "2026-12-01T10:00:00Z"));
    const auto summary = project();
    EXPECT_EQ(summary.scores, 2);
    EXPECT_EQ(summary.notCurrent, 1) << "not a score the rules use";
    auto scores = store::CaseloadStore(db()).scores(m_patients[3].id);
    ASSERT_TRUE(scores.ok());
    ASSERT_EQ(scores->size(), 2u);
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok());
    auto now = alerts::parseIsoInstant("2026-12-02T09:00:00Z");
    ASSERT_TRUE(now.ok());
    auto report = usecases::patientAlerts(*m_cache, *rules, m_patients[3].id, *now);
    ASSERT_TRUE(report.ok()) << report.message();
    const bool item9 =
        std::any_of(report->alerts.begin(), report->alerts.end(), [](const alerts::PatientAlert& a) {
            return a.kind == alerts::AlertKind::Score && a.title.find("item 9") != std::string::npos;
        });
    EXPECT_TRUE(item9);
}

TEST_F(ClinicalProjectionTest, ATombstonedResourceDisappears)
{
    hold(encounter("e-s2", byRecordId(0), kUkCoreClassification, "02", "2026-11-01T14:00:00Z"));
    hold(observation("o-9", byRecordId(0), "44260-8", 1, "2026-12-01T10:00:00Z"));
    project();
    EXPECT_EQ(legalRows().size(), 1u);
    drop("Encounter", "e-s2"); // what a pulled deletion (SyncEngine::applyTombstone) leaves
    drop("Observation", "o-9");
    const auto summary = project();
    EXPECT_EQ(summary.legalStatuses, 0);
    EXPECT_TRUE(legalRows().empty());
    auto scores = store::CaseloadStore(db()).scores(m_patients[0].id);
    ASSERT_TRUE(scores.ok());
    EXPECT_TRUE(scores->empty());
}

TEST_F(ClinicalProjectionTest, AResourceNamingAnUnknownPatientIsSkippedAndCounted)
{
    hold(observation(
        "o-unknown",
        {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990000999"}}}},
        "44260-8", 1, "2026-12-01T10:00:00Z"));
    hold(observation("o-ref", {{"reference", "Patient/not-held"}}, "44260-8", 1, "2026-12-01T10:00:00Z"));
    hold(observation("o-none", json::object(), "44260-8", 1, "2026-12-01T10:00:00Z"));
    const auto summary = project();
    EXPECT_EQ(summary.scores, 0);
    ASSERT_EQ(summary.skipped(), 3);
    for (const auto& skipped : summary.skippedResources) {
        EXPECT_EQ(skipped.type, "Observation");
        EXPECT_EQ(skipped.reason.find("9990000999"), std::string::npos) << "no patient data in reasons";
    }
}

TEST_F(ClinicalProjectionTest, ByNhsNumberByRecordIdAndByReferenceLandOnTheSamePatient)
{
    hold(observation("o-nhs", byNhs(1), "44261-6", 10, "2026-12-01T10:00:00Z"));
    hold(observation("o-epr", byRecordId(1), "44261-6", 11, "2026-12-02T10:00:00Z"));
    hold(observation("o-ref", byReference(1), "44261-6", 12, "2026-12-03T10:00:00Z"));
    json both = byReference(1);
    both["identifier"] = byNhs(2)["identifier"];
    hold(observation("o-disagree", both, "44261-6", 13, "2026-12-04T10:00:00Z"));
    const auto summary = project();
    EXPECT_EQ(summary.scores, 3);
    EXPECT_EQ(summary.skipped(), 1) << "a reference and an identifier naming two patients";
    auto scores = store::CaseloadStore(db()).scores(m_patients[1].id);
    ASSERT_TRUE(scores.ok());
    ASSERT_EQ(scores->size(), 3u);
    EXPECT_EQ((*scores)[0].id, "o-nhs");
    EXPECT_EQ((*scores)[1].id, "o-epr");
    EXPECT_EQ((*scores)[2].id, "o-ref");
}

TEST_F(ClinicalProjectionTest, RunningTwiceGivesTheSameRowsAndLocalRowsAreLeftAlone)
{
    store::CaseloadStore caseload(db());
    ASSERT_TRUE(caseload
                    .upsertVisit({"local-visit", m_patients[2].id, "2026-11-24T08:00:00Z", 30, "Phone call",
                                  "Phone", "planned"})
                    .ok());
    hold(encounter("e-s3", byRecordId(0), kUkCoreClassification, "03", "2026-11-20T10:30:00Z"));
    hold(appointment("a-1", byNhs(0), "booked", "2026-11-24T09:30:00Z", "2026-11-24T10:30:00Z"));
    hold(carePlan("c-1", byReference(0), "care-plan", "2026-01-10"));
    hold(observation("o-9", byRecordId(0), "44260-8", 1, "2026-12-01T10:00:00Z"));
    hold({{"resourceType", "Flag"},
          {"id", "f-1"},
          {"status", "active"},
          {"subject", byRecordId(0)},
          {"code", {{"text", "Risk to others"}}}});
    const auto first = project();
    const auto rowsFirst = legalRows();
    const auto visitsFirst = visits();
    const auto second = project();
    EXPECT_EQ(first.legalStatuses, second.legalStatuses);
    EXPECT_TRUE(first.changed);
    EXPECT_FALSE(second.changed) << "nothing new: the views need not reload";
    EXPECT_EQ(first.visits, 1);
    EXPECT_EQ(second.visits, 1);
    EXPECT_EQ(second.reviews, 1);
    EXPECT_EQ(second.scores, 1);
    EXPECT_EQ(second.held, 1);
    EXPECT_EQ(legalRows(), rowsFirst);
    const auto visitsSecond = visits();
    ASSERT_EQ(visitsSecond.size(), 2u) << "the projected visit and the local one";
    EXPECT_EQ(visitsSecond.size(), visitsFirst.size());
    EXPECT_EQ(visitsSecond[0].id, "local-visit");
}

TEST_F(ClinicalProjectionTest, AnExpiredBriefcaseTakesTheClinicalRecordWithIt)
{
    hold(encounter("e-s3", byRecordId(0), kUkCoreClassification, "03", "2026-11-20T10:30:00Z"));
    project();
    ASSERT_EQ(legalRows().size(), 1u);
    ASSERT_TRUE(db().exec("UPDATE sync_resources SET briefcase = 1").ok());
    SyncStore store(db());
    ASSERT_TRUE(store.setState("briefcase.expires", "2026-01-01T00:00:00.000000Z").ok());
    ASSERT_TRUE(store.setState("briefcase.last_seen", "2026-01-01T00:00:00.000000Z").ok());
    auto wiped = usecases::wipeExpiredBriefcase(*m_cache, std::chrono::system_clock::now());
    ASSERT_TRUE(wiped.ok()) << wiped.message();
    EXPECT_GT(*wiped, 0);
    EXPECT_TRUE(legalRows().empty());
}

} // namespace
} // namespace avocet::core::sync

// The patient summary use case (what the banner and the patient screen show, as avocetctl patients
// show prints it) on a real encrypted cache: the power in force with the end of its period, the next
// planned visit, reviews with their due dates, the latest score per item, alerts with severity and
// acknowledgement, and the Flags held for the patient only.
#include "core/usecases/PatientSummary.h"

#include "core/alerts/RuleLibrary.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/PatientAlerts.h"
#include "tests/support/TempDir.h"

#include <gtest/gtest.h>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

TEST(PatientSummary, ShowsWhatTheBannerAndPatientScreenShow)
{
    test::TempDir dir{"usecases-summary"};
    store::ProfileStore profiles{dir.path() / "profiles"};
    ASSERT_TRUE(
        profiles.create("r.okafor", "a long enough passphrase for tests", crypto::KdfParams::minimal()).ok());
    auto cache = profiles.unlock("r.okafor", "a long enough passphrase for tests");
    ASSERT_TRUE(cache.ok()) << cache.message();
    identity::SyntheticOptions options;
    options.count = 3;
    const auto patients = identity::generateSyntheticPatients(options);
    ASSERT_TRUE((*cache)->patients().upsert(patients).ok());
    const auto& patient = patients[0];
    const auto& other = patients[1];

    store::CaseloadStore caseload((*cache)->database());
    ASSERT_TRUE(
        caseload.upsertLegalStatus({"legal-1", patient.id, "s2", "2026-11-20T09:00:00Z", {}, false, {}})
            .ok());
    ASSERT_TRUE(
        caseload.upsertVisit({"visit-past", patient.id, "2026-11-23T10:00:00Z", 30, "Home visit", "", "done"})
            .ok());
    ASSERT_TRUE(caseload
                    .upsertVisit({"visit-next", patient.id, "2026-11-25T10:00:00Z", 45, "Depot clinic",
                                  "Clinic A", "planned"})
                    .ok());
    ASSERT_TRUE(
        caseload
            .upsertVisit({"visit-other", other.id, "2026-11-24T11:00:00Z", 30, "Home visit", "", "planned"})
            .ok());
    ASSERT_TRUE(caseload.upsertReview({patient.id, "care-plan", "community", "2025-10-01"}).ok());
    ASSERT_TRUE(caseload.addScore({"score-old", patient.id, "PHQ-9", "9", 2, "2026-10-01T10:00:00Z", "44260-8", ""}).ok());
    ASSERT_TRUE(caseload.addScore({"score-new", patient.id, "PHQ-9", "9", 0, "2026-11-01T10:00:00Z", "44260-8", ""}).ok());
    sync::SyncStore store((*cache)->database());
    auto flag = [&](const std::string& id, const std::string& nhs) {
        sync::LocalResource resource;
        resource.type = "Flag";
        resource.localId = id;
        resource.serverId = id;
        resource.content = {
            {"resourceType", "Flag"},
            {"id", id},
            {"status", "active"},
            {"category", json::array({{{"text", "Safeguarding"}}})},
            {"code", {{"text", "Synthetic safeguarding flag"}}},
            {"period", {{"start", "2026-01-01"}}},
            {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}}}}};
        ASSERT_TRUE(store.writeResource(resource).ok());
    };
    flag("flag-mine", *patient.nhsNumber);
    flag("flag-other", *other.nhsNumber);

    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok()) << rules.message();
    auto now = alerts::parseIsoInstant("2026-11-24T09:00:00Z");
    ASSERT_TRUE(now.ok());
    auto alertsNow = patientAlerts(**cache, *rules, patient.id, *now);
    ASSERT_TRUE(alertsNow.ok());
    ASSERT_FALSE(alertsNow->alerts.empty());
    ASSERT_TRUE(
        acknowledgeAlert(**cache, patient.id, alertsNow->alerts.back().key, "2026-11-24T08:59:00Z").ok());

    auto summary = patientSummary(**cache, *rules, patient.id, *now);
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_EQ(summary->nhsNumber, *patient.nhsNumber);
    ASSERT_TRUE(summary->legalStatus.has_value());
    EXPECT_EQ(summary->legalStatus->powerCode, "s2");
    ASSERT_TRUE(summary->legalStatus->currentPeriodEnd.has_value()) << "a section 2 running: its end";
    ASSERT_TRUE(summary->nextVisit.has_value());
    EXPECT_EQ(summary->nextVisit->id, "visit-next")
        << "the next planned visit of this patient, not a past one";
    ASSERT_EQ(summary->reviews.size(), 1u);
    EXPECT_EQ(summary->reviews[0].subject, "care-plan");
    EXPECT_FALSE(summary->reviews[0].dueBy.empty());
    EXPECT_EQ(summary->reviews[0].state, "overdue");
    ASSERT_EQ(summary->latestScores.size(), 1u);
    EXPECT_EQ(summary->latestScores[0].id, "score-new");
    EXPECT_EQ(summary->alerts.alerts.size(), alertsNow->alerts.size());
    bool acknowledged = false;
    for (const auto& alert : summary->alerts.alerts)
        acknowledged = acknowledged || alert.acknowledged;
    EXPECT_TRUE(acknowledged);
    ASSERT_EQ(summary->flags.size(), 1u);
    EXPECT_EQ(summary->flags[0].id, "flag-mine");
    EXPECT_EQ(summary->flags[0].category, "Safeguarding");
    EXPECT_EQ(summary->flags[0].text, "Synthetic safeguarding flag");
}

} // namespace
} // namespace avocet::core::usecases

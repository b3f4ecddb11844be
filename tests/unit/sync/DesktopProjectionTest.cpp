// Synced FHIR Patients and the hub's caseload lists reach the desktop's patient index:
// search, caseload and banner show what sync brought, and what sync removed goes.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/mapping/NativePayload.h"
#include "core/store/CaseloadStore.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "core/store/PatientStore.h"
#include "core/sync/DesktopProjection.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using nlohmann::json;

namespace {

json fhirPatient(const std::string& id, const std::string& nhs, identity::Epr epr, const std::string& eprId,
                 const std::string& family, const std::string& given, bool verified = false)
{
    json nhsIdentifier = {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}};
    if (verified)
        nhsIdentifier["extension"] = json::array(
            {{{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"},
              {"valueCodeableConcept", {{"coding", json::array({{{"code", "01"}}})}}}}});
    return {{"resourceType", "Patient"},
            {"id", id},
            {"meta", {{"versionId", "1"}, {"lastUpdated", "2026-11-24T09:00:00.000Z"}}},
            {"identifier", json::array({nhsIdentifier, {{"system", mapping::eprRecordSystem(epr)}, {"value", eprId}}})},
            {"name", json::array({{{"use", "usual"}, {"family", "Nickname"}, {"given", json::array({"Nick"})}},
                                  {{"use", "official"}, {"family", family}, {"given", json::array({given})}}})},
            {"gender", "female"},
            {"birthDate", "1961-03-14"},
            {"address", json::array({{{"postalCode", "CM1 1AA"}}})}};
}

json caseloadLists(const std::string& team, const std::vector<std::string>& patientIds)
{
    json entries = json::array();
    for (const auto& id : patientIds)
        entries.push_back({{"item", {{"reference", "Patient/" + id}}}});
    return {{"resourceType", "Bundle"},
            {"type", "searchset"},
            {"entry", json::array({{{"resource",
                                     {{"resourceType", "List"},
                                      {"identifier", json::array({{{"system", "urn:avocet:team"}, {"value", team}}})},
                                      {"entry", entries}}}}})}};
}

class DesktopProjection : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto db = store::Database::open(m_dir / "cache.db", crypto::SecureBuffer::random(32),
                                        store::Database::Mode::CreateIfMissing);
        ASSERT_TRUE(db.ok()) << db.message();
        m_db = std::make_unique<store::Database>(std::move(db).value());
        ASSERT_TRUE(store::applyMigrations(*m_db, store::cacheMigrations()).ok());
    }

    void hold(const json& patient)
    {
        auto stmt = m_db->prepare("INSERT OR REPLACE INTO sync_resources(type, local_id, server_id, version_id, "
                                  "last_updated, content, origin) VALUES ('Patient', ?, ?, '1', ?, ?, 'server')");
        ASSERT_TRUE(stmt.ok());
        stmt->bindAll("local-" + patient["id"].get<std::string>(), patient["id"].get<std::string>(),
                      patient["meta"]["lastUpdated"].get<std::string>(), patient.dump());
        ASSERT_TRUE(stmt->run().ok());
    }

    avocet::test::TempDir m_dir{"projection"};
    std::unique_ptr<store::Database> m_db;
};

} // namespace

TEST_F(DesktopProjection, SyncedPatientsAndTheHubsCaseloadReachSearchAndCaseload)
{
    hold(fhirPatient("p1", "9990000018", identity::Epr::Paris, "PAR-1001", "Okafor", "Grace", true));
    hold(fhirPatient("p2", "9990000026", identity::Epr::Mobius, "MOB-2002", "Lindqvist", "Maja"));
    json noEpr = fhirPatient("p3", "9990000034", identity::Epr::Paris, "x", "Nowhere", "Ned");
    noEpr["identifier"].erase(1);
    hold(noEpr);

    auto summary = sync::projectSyncedPatients(*m_db, caseloadLists("Chelmsford CMHT", {"p1"}));
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_EQ(summary->patients, 2);
    EXPECT_EQ(summary->unplaced, 1); // no EPR of record: not listed rather than listed wrongly
    EXPECT_EQ(summary->teams, 1);

    store::PatientStore index(*m_db);
    auto grace = index.get("p1");
    ASSERT_TRUE(grace.ok()) << grace.message();
    EXPECT_EQ(grace->familyName, "Okafor"); // the official name, not the usual one
    EXPECT_EQ(grace->givenName, "Grace");
    EXPECT_EQ(grace->nhsNumber.value_or(""), "9990000018");
    EXPECT_TRUE(grace->nhsVerified);
    EXPECT_EQ(grace->epr, identity::Epr::Paris);
    EXPECT_EQ(grace->eprId, "PAR-1001");
    EXPECT_EQ(grace->birthDate, "1961-03-14");
    EXPECT_EQ(grace->postcode.value_or(""), "CM1 1AA");
    EXPECT_EQ(grace->team.value_or(""), "Chelmsford CMHT");

    store::CaseloadStore caseload(*m_db);
    EXPECT_TRUE(*caseload.isOnCaseload("p1"));
    EXPECT_FALSE(*caseload.isOnCaseload("p2"));
    EXPECT_EQ(index.search("okaf", 10, store::SearchScope::Caseload)->size(), 1u);
    EXPECT_TRUE(index.search("lindq", 10, store::SearchScope::Caseload)->empty());
    EXPECT_EQ(index.search("lindq", 10)->size(), 1u);
    EXPECT_FALSE(index.get("p3").ok());

    // Nothing changed: nothing rewritten. No caseload answer (another server, off-line): teams kept.
    auto again = sync::projectSyncedPatients(*m_db);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->changed());
    EXPECT_EQ(index.get("p1")->team.value_or(""), "Chelmsford CMHT");
}

TEST_F(DesktopProjection, PatientsSyncNoLongerHoldsLeaveButRowsFromElsewhereStay)
{
    hold(fhirPatient("p1", "9990000018", identity::Epr::Paris, "PAR-1001", "Okafor", "Grace"));
    hold(fhirPatient("p2", "9990000026", identity::Epr::Mobius, "MOB-2002", "Lindqvist", "Maja"));
    identity::Patient local;
    local.id = "demo-1";
    local.nhsNumber = "9990000042";
    local.familyName = "Demo";
    local.givenName = "Dora";
    local.birthDate = "1950-01-01";
    local.eprId = "PAR-9";
    local.updatedAt = "2026-11-01T00:00:00Z";
    store::PatientStore index(*m_db);
    ASSERT_TRUE(index.upsert({local}).ok());
    ASSERT_TRUE(sync::projectSyncedPatients(*m_db).ok());
    EXPECT_EQ(*index.count(), 3);

    // The briefcase revoked p2 (or an expired briefcase was wiped): it goes from every view.
    ASSERT_TRUE(m_db->exec("DELETE FROM sync_resources WHERE server_id = 'p2'").ok());
    auto summary = sync::projectSyncedPatients(*m_db, caseloadLists("Chelmsford CMHT", {"p1"}));
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->removed, 1);
    EXPECT_FALSE(index.get("p2").ok());
    EXPECT_TRUE(index.get("demo-1").ok());
    EXPECT_TRUE(index.search("lindq", 10)->empty());

    // An edit on the server is written again; the team can move with the caseload lists.
    json renamed = fhirPatient("p1", "9990000018", identity::Epr::Paris, "PAR-1001", "Okafor-Reid", "Grace");
    renamed["meta"]["lastUpdated"] = "2026-11-24T10:00:00.000Z";
    hold(renamed);
    auto moved = sync::projectSyncedPatients(*m_db, caseloadLists("Basildon CMHT", {"p1"}));
    ASSERT_TRUE(moved.ok());
    EXPECT_EQ(moved->patients, 1);
    EXPECT_EQ(index.get("p1")->familyName, "Okafor-Reid");
    EXPECT_EQ(*store::CaseloadStore(*m_db).teams(), std::vector<std::string>{"Basildon CMHT"});
}

TEST(DesktopProjectionParse, BadResourcesSayWhatIsWrong)
{
    EXPECT_FALSE(sync::patientFromFhir(json::array()).ok());
    EXPECT_FALSE(sync::patientFromFhir({{"resourceType", "Observation"}, {"id", "x"}}).ok());
    auto noId = sync::patientFromFhir({{"resourceType", "Patient"}});
    ASSERT_FALSE(noId.ok());
    EXPECT_NE(noId.message().find("Patient.id"), std::string::npos);
    auto badNhs = sync::patientFromFhir(
        {{"resourceType", "Patient"},
         {"id", "p9"},
         {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990000019"}},
                                     {{"system", mapping::eprRecordSystem(identity::Epr::SystmOne)}, {"value", "S1"}}})}});
    ASSERT_TRUE(badNhs.ok());
    EXPECT_FALSE(badNhs->nhsNumber.has_value()); // a number failing its check digit is not shown as one
    EXPECT_EQ(badNhs->epr, identity::Epr::SystmOne);
}

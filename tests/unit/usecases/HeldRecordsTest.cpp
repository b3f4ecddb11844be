// What the EPRs and GP systems hold about a patient, read-only (core/usecases HeldRecords) on a real
// encrypted cache: flags with the EPR they came from, current first and an ended one told apart;
// allergies and medicines with their source; entered-in-error records and other patients' records
// left out; a patient named by NHS number, EPR record id or reference alike.
#include "core/usecases/HeldRecords.h"

#include "core/identity/SyntheticPatients.h"
#include "core/mapping/NativePayload.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "tests/support/TempDir.h"

#include <gtest/gtest.h>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

class HeldRecordsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create("k.mensah", "a long enough passphrase for tests", crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock("k.mensah", "a long enough passphrase for tests");
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 2;
        m_patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
    }

    void hold(const std::string& type, const std::string& id, json content)
    {
        sync::LocalResource resource;
        resource.type = type;
        resource.localId = id;
        resource.serverId = id;
        content["resourceType"] = type;
        content["id"] = id;
        resource.content = std::move(content);
        ASSERT_TRUE(sync::SyncStore(m_cache->database()).writeResource(resource).ok());
    }

    json byNhs(const identity::Patient& p) const
    {
        return {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", *p.nhsNumber}}}};
    }
    json byEprId(const identity::Patient& p) const
    {
        return {{"identifier", {{"system", mapping::eprRecordSystem(p.epr)}, {"value", p.eprId}}}};
    }
    static json fromEpr(identity::Epr epr, const std::string& value)
    {
        return json::array({{{"system", mapping::eprRecordSystem(epr)}, {"value", value}}});
    }

    test::TempDir m_dir{"usecases-held"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients;
};

TEST_F(HeldRecordsTest, FlagsAllergiesAndMedicinesOfThePatientOnlyWithWhereEachCameFrom)
{
    const auto& me = m_patients[0];
    const auto& other = m_patients[1];
    hold("Flag", "flag-old-risk",
         {{"status", "active"}, {"identifier", fromEpr(identity::Epr::Paris, "F-1")},
          {"category", json::array({{{"text", "Risk"}}})}, {"code", {{"text", "Canary risk to others"}}},
          {"period", {{"start", "2025-01-01"}, {"end", "2025-06-30"}}}, {"subject", byNhs(me)}});
    hold("Flag", "flag-safeguarding",
         {{"status", "active"}, {"identifier", fromEpr(identity::Epr::Mobius, "F-2")},
          {"category", json::array({{{"coding", json::array({{{"display", "Safeguarding"}}})}}})},
          {"code", {{"text", "Canary safeguarding concern"}}}, {"period", {{"start", "2026-10-01"}}},
          {"subject", byEprId(me)}});
    hold("Flag", "flag-other", {{"status", "active"}, {"code", {{"text", "Not mine"}}}, {"subject", byNhs(other)}});
    hold("AllergyIntolerance", "allergy-penicillin",
         {{"identifier", fromEpr(identity::Epr::SystmOne, "A-1")}, {"code", {{"text", "Penicillin"}}},
          {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}}, {"criticality", "high"},
          {"reaction", json::array({{{"manifestation", json::array({{{"text", "Anaphylaxis"}}})}}})},
          {"recordedDate", "2019-04-02"}, {"patient", byNhs(me)}});
    hold("AllergyIntolerance", "allergy-mistake",
         {{"code", {{"text", "Entered by mistake"}}},
          {"verificationStatus", {{"coding", json::array({{{"code", "entered-in-error"}}})}}}, {"patient", byNhs(me)}});
    hold("MedicationStatement", "med-stopped",
         {{"status", "stopped"}, {"medicationCodeableConcept", {{"text", "Sertraline 50mg tablets"}}},
          {"effectivePeriod", {{"start", "2024-01-01"}}}, {"subject", byNhs(me)}});
    hold("MedicationStatement", "med-active",
         {{"status", "active"}, {"identifier", fromEpr(identity::Epr::SystmOne, "M-1")},
          {"medicationCodeableConcept", {{"coding", json::array({{{"display", "Olanzapine 10mg tablets"}}})}}},
          {"dosage", json::array({{{"text", "One at night"}}})}, {"effectiveDateTime", "2026-03-01"},
          {"subject", {{"reference", "Patient/" + me.id}}}});

    const json sourceTag = {{"system", "https://fhir.avocet.example/CodeSystem/source-epr"}, {"code", "Paris"}};
    hold("QuestionnaireResponse", "form-from-paris",
         {{"status", "completed"}, {"meta", {{"tag", json::array({sourceTag})}}},
          {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"},
          {"authored", "2025-03-14T10:30:00Z"}, {"subject", byNhs(me)}});
    hold("QuestionnaireResponse", "form-ours-synced-back",
         {{"status", "completed"}, {"subject", byNhs(me)}}); // a clinician's submission: not an EPR record

    auto held = heldRecords(*m_cache, me.id, "2026-12-07");
    ASSERT_TRUE(held.ok()) << held.message();
    ASSERT_EQ(held->flags.size(), 2u);
    EXPECT_EQ(held->flags[0].id, "flag-safeguarding") << "current flags first";
    EXPECT_TRUE(held->flags[0].current);
    EXPECT_EQ(held->flags[0].category, "Safeguarding");
    EXPECT_EQ(held->flags[0].source, "Mobius");
    EXPECT_EQ(held->flags[1].id, "flag-old-risk");
    EXPECT_FALSE(held->flags[1].current) << "its period ended on 30 June 2025";
    EXPECT_EQ(held->flags[1].source, "Paris");

    ASSERT_EQ(held->allergies.size(), 1u);
    EXPECT_EQ(held->allergies[0].substance, "Penicillin");
    EXPECT_EQ(held->allergies[0].reaction, "Anaphylaxis");
    EXPECT_EQ(held->allergies[0].criticality, "high");
    EXPECT_EQ(held->allergies[0].source, "SystmOne");

    ASSERT_EQ(held->medications.size(), 2u);
    EXPECT_EQ(held->medications[0].medicine, "Olanzapine 10mg tablets") << "active first";
    EXPECT_EQ(held->medications[0].dosage, "One at night");
    EXPECT_EQ(held->medications[0].since, "2026-03-01");
    EXPECT_EQ(held->medications[1].status, "stopped");

    ASSERT_EQ(held->forms.size(), 1u);
    EXPECT_EQ(held->forms[0].source, "Paris");
    EXPECT_EQ(held->forms[0].recordId, "form-from-paris");

    auto theirs = heldRecords(*m_cache, other.id, "2026-12-07");
    ASSERT_TRUE(theirs.ok());
    ASSERT_EQ(theirs->flags.size(), 1u);
    EXPECT_TRUE(theirs->allergies.empty());

    auto unknown = heldRecords(*m_cache, "no-such-patient", "2026-12-07");
    EXPECT_FALSE(unknown.ok());
}

} // namespace
} // namespace avocet::core::usecases

#include "tests/support/ClinicalRecordFixtures.h"

#include "core/identity/SyntheticPatients.h"
#include "core/sync/SyncStore.h"

namespace avocet::test {

using nlohmann::json;

namespace {
constexpr const char* kPassphrase = "a long enough passphrase for tests";
}

UnlockedCache::UnlockedCache(const std::string& tag, int count) : m_dir(tag), m_profiles(m_dir.path() / "profiles")
{
    if (!m_profiles.create("clinician", kPassphrase, core::crypto::KdfParams::minimal()).ok())
        return;
    auto cache = m_profiles.unlock("clinician", kPassphrase);
    if (!cache.ok())
        return;
    core::identity::SyntheticOptions options;
    options.count = count;
    m_patients = core::identity::generateSyntheticPatients(options);
    if ((*cache)->patients().upsert(m_patients).ok())
        m_cache = std::move(*cache);
}

json legalStatusEncounter(const std::string& id, const json& subject, const std::string& system,
                          const std::string& code, const std::string& start, const std::optional<std::string>& end)
{
    json period = {{"start", start}};
    if (end)
        period["end"] = *end;
    return {{"resourceType", "Encounter"},
            {"id", id},
            {"status", end ? "finished" : "in-progress"},
            {"subject", subject},
            {"period", period},
            {"extension",
             json::array({{{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
                           {"extension", json::array({{{"url", "legalStatusClassification"},
                                                       {"valueCodeableConcept",
                                                        {{"coding", json::array({{{"system", system},
                                                                                  {"code", code}}})}}}}})}}})}};
}

core::Status holdAsPulled(core::store::Database& db, const json& resource, const std::optional<std::string>& patientRef)
{
    core::sync::LocalResource local;
    local.type = resource["resourceType"];
    local.localId = resource["id"];
    local.serverId = local.localId;
    local.versionId = "1";
    local.lastUpdated = "2026-01-02T09:00:00.000Z";
    local.patientRef = patientRef;
    local.content = resource;
    return core::sync::SyncStore(db).writeResource(local);
}

} // namespace avocet::test

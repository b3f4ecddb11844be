#pragma once
// What tests of the clinical record need again and again: an unlocked encrypted cache holding
// synthetic patients, an Encounter carrying a Mental Health Act power as an EPR feed sends it
// (docs/clinical-record.md), and a resource held as a sync pull leaves it.
#include "core/identity/Patient.h"
#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "tests/support/TempDir.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::test {

inline constexpr const char* kUkCoreLegalStatusSystem =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland";

// A profile in a fresh directory, unlocked, holding `count` synthetic patients (999 range).
class UnlockedCache
{
public:
    explicit UnlockedCache(const std::string& tag, int count = 4);
    bool ok() const { return m_cache != nullptr; }
    core::store::Cache& cache() { return *m_cache; }
    core::store::Database& db() { return m_cache->database(); }
    const std::vector<core::identity::Patient>& patients() const { return m_patients; }

private:
    TempDir m_dir;
    core::store::ProfileStore m_profiles;
    std::unique_ptr<core::store::Cache> m_cache;
    std::vector<core::identity::Patient> m_patients;
};

// An Encounter with the UK Core legal status (`system` and `code`: a UK Core classification code, or
// the rule tables' own power code in the mha-power system) from `start`, ended at `end` if given.
nlohmann::json legalStatusEncounter(const std::string& id, const nlohmann::json& subject, const std::string& system,
                                    const std::string& code, const std::string& start,
                                    const std::optional<std::string>& end = std::nullopt);

// Holds `resource` (with its id) in sync_resources as a pull from the server leaves it.
core::Status holdAsPulled(core::store::Database& db, const nlohmann::json& resource,
                          const std::optional<std::string>& patientRef);

} // namespace avocet::test

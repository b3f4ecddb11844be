#pragma once
// What sync brings, shown on the desktop. The FHIR Patients that sync holds in sync_resources become
// rows of the patient index (the `patients` table behind search, the caseload and the banner), and
// avocet-hub's caseload lists (GET [base]/Caseload: one List per team) become the user's caseload
// teams. Rows that came from sync and whose Patient has gone (revoked, wiped with an expired
// briefcase) leave the index; rows that did not come from sync are never touched.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/store/Database.h"

namespace avocet::core::sync {

class FhirClient;

struct ProjectionSummary
{
    int patients = 0;   // synced Patients written to the index (new or changed since the last run)
    int removed = 0;    // index rows whose Patient sync no longer holds
    int unplaced = 0;   // Patients without an EPR record identifier: no EPR of record to show
    int teams = -1;     // caseload teams now set from the hub's lists (-1: unchanged, or no answer)
    bool changed() const { return patients > 0 || removed > 0 || teams >= 0; }
};

// A FHIR R4 Patient as the index holds it: id = the resource id, NHS number (and its verification
// status, UK Core extension), official (else first) name, birth date, gender, postcode, and the EPR
// of record from the first EPR record identifier (mapping::eprRecordSystem). Errors name the field.
Result<identity::Patient> patientFromFhir(const nlohmann::json& resource);

// GET [base]/Caseload. nullopt when the server has no such endpoint (404/400: any FHIR server that
// is not avocet-hub); an error when the server could not be asked.
Result<std::optional<nlohmann::json>> fetchCaseload(FhirClient& client);

// Brings the index in step with sync_resources (and the caseload lists when given), in one
// transaction.
Result<ProjectionSummary> projectSyncedPatients(store::Database& db,
                                                const std::optional<nlohmann::json>& caseloadBundle = std::nullopt);

} // namespace avocet::core::sync

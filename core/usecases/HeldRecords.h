#pragma once
// Use case: what the EPRs and GP systems hold about one patient that a clinician reads but never
// edits here: EPR flags (risk, safeguarding, child protection, MAPPA), allergies and medicines
// (GP-held). From the Flag, AllergyIntolerance and MedicationStatement resources sync holds
// (docs/clinical-record.md), each with the system it came from. The desktop's banner, caseload and
// patient screen and `avocetctl patients show` read it. Nothing here logs patient data.
#include "core/common/Result.h"
#include "core/identity/Patient.h"

#include <map>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace avocet::core::store {
class Cache;
}

namespace avocet::core::usecases {

struct HeldFlag
{
    std::string id;
    std::string status;   // active | inactive | entered-in-error
    std::string category; // the first category's text or display ("Safeguarding")
    std::string text;     // code.text, else the first coding's display
    std::string start;    // period.start as held
    std::string end;      // period.end as held
    std::string source;   // "Paris", "Mobius", "SystmOne" (from the record identifier), else meta.source, else ""
    bool current = false; // active, and its period (if any) has not ended
};

struct HeldAllergy
{
    std::string id;
    std::string substance;      // code.text or display
    std::string clinicalStatus; // active | inactive | resolved (empty when not given)
    std::string criticality;    // low | high | unable-to-assess
    std::string reaction;       // the first reaction's manifestation, as text
    std::string recorded;       // recordedDate or onset
    std::string source;
};

struct HeldMedication
{
    std::string id;
    std::string medicine; // medicationCodeableConcept text or display
    std::string dosage;   // the first dosage's text
    std::string status;   // active | completed | stopped | ...
    std::string since;    // effectivePeriod.start or effectiveDateTime or dateAsserted
    std::string source;
};

// A form an EPR holds (its historic record, converted to the harmonised template by the EPR feed's
// inbound mapping): a QuestionnaireResponse sync pulled, marked meta.tag source-epr.
struct HeldForm
{
    std::string localId;
    std::string recordId; // the server id, else the local id
    std::string source;   // the EPR it came from (the source-epr tag)
    nlohmann::json response;
};

struct HeldRecords
{
    std::vector<HeldFlag> flags; // every Flag held for the patient (current first, then by start, newest first)
    std::vector<HeldAllergy> allergies;     // entered-in-error ones left out
    std::vector<HeldMedication> medications; // entered-in-error ones left out; active first
    std::vector<HeldForm> forms;             // the EPRs' historic forms (not Avocet's own submissions)
};

// The patient (local id in the patient index) is named by a resource through its `subject` or
// `patient`: a reference to the patient's record, the NHS number, or the EPR record id.
// `today`: YYYY-MM-DD (London), to tell a flag whose period has ended.
Result<HeldRecords> heldRecords(store::Cache& cache, const std::string& patientId, const std::string& today);

// The same for many patients at once (the caseload), reading each resource type once. Every
// patient asked for has an entry, empty when nothing is held. withForms: also the EPRs' historic
// forms (the caseload does not show them, and skips reading them).
Result<std::map<std::string, HeldRecords>> heldRecordsFor(store::Cache& cache,
                                                          const std::vector<identity::Patient>& patients,
                                                          const std::string& today, bool withForms = false);

// A resource held for a patient, as sync keeps it.
struct HeldResource
{
    std::string localId;
    std::string serverId; // "" while only on this computer
    bool local = false;   // written on this computer
    nlohmann::json content;
};

// Every resource of these types held for the patient (found as above), whatever its status.
Result<std::vector<HeldResource>> heldResourcesOf(store::Cache& cache, const std::string& patientId,
                                                  const std::vector<std::string>& types);

} // namespace avocet::core::usecases

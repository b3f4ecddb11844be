#pragma once
// The clinical record, shown on the desktop (docs/clinical-record.md, "How the client reads it").
// The EPR resources sync holds in sync_resources, and the Observations a form completed on this
// computer stands for (origin local, core/sync DerivedObservations), become the caseload tables the screens read
// (core/store/CaseloadStore): Encounters with the UK Core legal status extension become
// LegalStatusRecords, Appointments Visits, CarePlans ReviewRecords and scored Observations
// ScoreRecords, for the patients in the patient index. Every run rebuilds the rows it wrote the
// last time (RowSource::Projection) in one transaction, so a deleted (tombstoned) or changed
// resource is reflected at once and running twice gives the same rows; rows written any other way
// are never touched. A resource it cannot read (no patient it can find, an unknown power code, no
// start) is left out and counted, never guessed.
#include "core/common/Result.h"
#include "core/store/Database.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::core::alerts {
class RuleLibrary;
}

namespace avocet::core::sync {

// A Mental Health Act power the UK Core legal-status classification has no code for (a community
// treatment order, its recall) is coded in this system with the rule tables' own power code
// ("cto", "cto-recall").
inline constexpr const char* kMhaPowerSystem = "https://fhir.avocet.example/CodeSystem/mha-power";
// A renewal (s.20) or extension (s.20A) recorded in Avocet (core/usecases MhaRenewals): an
// Observation coded `renewal-recorded` in this system, valueInteger the renewal's number (1 = the
// first), `encounter` naming the power's Encounter. The projection counts the highest number with
// the renewals the Encounter itself records.
inline constexpr const char* kMhaRecordSystem = "https://fhir.avocet.example/CodeSystem/mha-record";
inline constexpr const char* kRenewalRecordedCode = "renewal-recorded";
inline constexpr const char* kMhaRenewalIdentifierSystem = "https://fhir.avocet.example/Id/mha-renewal";

struct SkippedResource
{
    std::string type;
    std::string id;     // the resource id (never patient data)
    std::string reason; // what could not be read, e.g. "unknown legal status code 07"
};

struct ClinicalProjectionSummary
{
    int legalStatuses = 0; // LegalStatusRecords written
    int visits = 0;        // Visits written
    int reviews = 0;       // ReviewRecords written (the latest active care plan per patient and subject)
    int scores = 0;        // ScoreRecords written
    int renewals = 0;      // renewals recorded in Avocet (Observations) counted towards their power
    int discharges = 0;    // DischargeRecords written (inpatient stays that have ended)
    int held = 0; // Flags, EpisodesOfCare, AllergyIntolerances, MedicationStatements of an index patient
    int notCurrent = 0;   // read, but not a current fact: informal status, a care plan no longer active,
                          // an Observation not final, a record entered in error, a code no screen shows
    bool changed = false; // the projected rows differ from the last run's (the views should reload)
    int skipped() const { return static_cast<int>(skippedResources.size()); }
    std::vector<SkippedResource> skippedResources; // left out: could not be read
};

// Rebuilds the projected caseload rows from sync_resources (origin server and local) in one
// transaction (joining the caller's when one is open). Row ids are the resources' local ids.
// rules: the tables whose powers are accepted (nullptr: the built-in tables).
Result<ClinicalProjectionSummary> projectClinicalRecords(store::Database& db,
                                                         const alerts::RuleLibrary* rules = nullptr);

} // namespace avocet::core::sync

#pragma once
// The patient master index the hub consults when it routes a submission (core/identity
// PatientIndex): which EPRs hold a record for the person. It is the PMI in core/identity's own
// store format (an encrypted core/store database with the pmi_* tables, docs/pmi.md), opened by
// every hub with --pmi FILE --pmi-key-file FILE. The serving hub only reads it; `avocet-hub admin
// pmi-update` feeds it from the hub's Patients (updateFromHub) and the pmi-reviews, pmi-resolve,
// pmi-link and pmi-unlink commands work on its review queue and links (AdminCommands.cpp).
// Without one, routing uses the EPR record identifiers on the hub's Patient alone.

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/identity/PatientIndex.h"
#include "core/store/Database.h"
#include "server/PgConnection.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::hub {

// Whether an NHS number identifier carries the UK Core verification status 01 (number present and
// verified). Only EPR feeds and administrators may assert it.
bool verifiedIdentifier(const nlohmann::json& identifier);

// A Patient as the hub stores it, read the way the PMI needs it.
struct HubPatient
{
    std::string id; // the hub's Patient id
    // NHS number (bare digits, only when valid), its verification (UK Core extension, code 01),
    // official (else first) name, birth date, first postcode. epr and eprId are not set.
    core::identity::Patient demographics;
    // One per EPR record identifier (system mapping::eprRecordSystem(epr)): the demographics with
    // epr and eprId set, id = the hub's Patient id.
    std::vector<core::identity::Patient> records;
};
HubPatient readHubPatient(const std::string& id, const nlohmann::json& content);

// What the PMI says about a Patient that names no EPR record but carries an NHS number.
struct NhsNumberLookup
{
    std::vector<core::identity::Patient> records; // the person's EPR records; empty = nothing to route to
    std::string note; // when empty-handed: why (no patient data), for the unroutable receipt
};

// `avocet-hub admin pmi-update`: what one run did. No patient data.
struct PmiUpdateSummary
{
    std::int64_t fromSeq = 0; // watermark before the run (resources.seq of the last Patient fed)
    std::int64_t toSeq = 0;   // after
    int patientsRead = 0;
    int deletedPatients = 0;   // tombstones: the PMI keeps their records
    int recordsAdded = 0;
    int recordsUpdated = 0;
    int recordsUnchanged = 0;
    int autoLinked = 0;
    int reviewsQueued = 0;
    struct Skipped
    {
        std::string patient; // Patient/<id>
        std::string epr;
        std::string reason;  // the index's validation message (no patient data)
    };
    std::vector<Skipped> skipped;
};

class HubPmi
{
public:
    enum class OpenMode {
        Existing,        // the file must exist (serving hubs, review commands)
        CreateIfMissing, // pmi-update: a new, empty PMI in the cache format
    };

    // keyFile holds the 256-bit key as 64 hex digits (surrounding whitespace ignored). Errors name
    // the file (and the key file when the key does not open it).
    static core::Result<std::shared_ptr<HubPmi>> open(const std::string& path, const std::string& keyFile,
                                                      OpenMode mode = OpenMode::Existing);

    // `own` (the EPR records on the hub's Patient), then every other record the PMI links to the
    // same person as any of them, each (EPR, id) once. Records the PMI does not know stay as given.
    core::Result<std::vector<core::identity::Patient>> linkedRecords(const std::vector<core::identity::Patient>& own);

    // For a Patient without EPR records: the PMI's person whose records carry the Patient's NHS
    // number, verified on both sides, with the same birth date (the PMI's own auto-link rule,
    // docs/pmi.md). Nothing is used when the Patient's number is unverified or it has no birth
    // date, or when the number and birth date match records of more than one person.
    core::Result<NhsNumberLookup> recordsForNhsNumber(const HubPatient& patient);

    // Feeds every EPR record on the hub's Patients written since the watermark (resources.seq,
    // kept in the PMI file's meta table per source database) into the index. Records the index
    // already holds with the same demographics are left alone, so a re-run changes nothing.
    // full: ignore the watermark and look at every Patient again.
    core::Result<PmiUpdateSummary> updateFromHub(PgConnection& hub, bool full);

    // For the admin commands (one thread); the serving hub goes through the methods above.
    core::identity::PatientIndex& index() { return m_index; }

    explicit HubPmi(core::store::Database database);

private:
    std::mutex m_mutex; // one SQLite connection, shared by the request threads
    core::store::Database m_database;
    core::identity::PatientIndex m_index;
};

} // namespace avocet::hub

#pragma once
// The patient master index the hub consults when it routes a submission (core/identity
// PatientIndex): which EPRs hold a record for the person. It is the PMI in core/identity's own
// store format (an encrypted core/store database with the pmi_* tables, docs/pmi.md), kept by the
// trust's PMI process and opened by every hub with --pmi FILE --pmi-key-file FILE. The hub only
// reads it. Without one, routing uses the EPR record identifiers on the hub's Patient alone.

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/identity/PatientIndex.h"
#include "core/store/Database.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace avocet::hub {

class HubPmi
{
public:
    // keyFile holds the 256-bit key as 64 hex digits (surrounding whitespace ignored).
    static core::Result<std::shared_ptr<HubPmi>> open(const std::string& path, const std::string& keyFile);

    // `own` (the EPR records on the hub's Patient), then every other record the PMI links to the
    // same person as any of them, each (EPR, id) once. Records the PMI does not know stay as given.
    core::Result<std::vector<core::identity::Patient>> linkedRecords(const std::vector<core::identity::Patient>& own);

    explicit HubPmi(core::store::Database database);

private:
    std::mutex m_mutex; // one SQLite connection, shared by the request threads
    core::store::Database m_database;
    core::identity::PatientIndex m_index;
};

} // namespace avocet::hub

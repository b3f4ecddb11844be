#pragma once
// Use case: after a sync run, bring what it brought into the user's patient index and caseload
// (core/sync DesktopProjection): the hub's caseload lists when the server can be asked, the synced
// Patients always; then the clinical record of the patients in the index (core/sync
// ClinicalProjection: legal status, visits, reviews, scores). The desktop's sync controller and avocetctl sync both call it, so a profile
// synced from the command line shows the same patients as one synced from the desktop.
#include "core/common/Result.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/DesktopProjection.h"

#include <chrono>

namespace avocet::core::store {
class Cache;
}
namespace avocet::core::sync {
class SyncEngine;
}

namespace avocet::core::usecases {

struct Projected
{
    sync::ProjectionSummary summary;
    bool caseloadRead = false; // the hub's caseload lists were read (false: not asked, or no answer)
    Error caseloadError;       // why they could not be read, when asked and not read
    sync::ClinicalProjectionSummary clinical; // the clinical record's rows, and what was left out
};

// askServer: the run reached the server (a failed run leaves the caseload lists as they were).
Result<Projected> projectSyncedRecords(sync::SyncEngine& engine, store::Cache& cache, bool askServer);

// On opening a profile, before any data is shown: an expired, revoked or untrustworthy off-line
// briefcase is wiped (core/sync), and the wiped patients and their clinical record leave the patient
// index, the caseload and every view. Returns how many records were wiped.
Result<int> wipeExpiredBriefcase(store::Cache& cache, std::chrono::system_clock::time_point now);

} // namespace avocet::core::usecases

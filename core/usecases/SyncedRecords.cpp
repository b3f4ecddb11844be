#include "core/usecases/SyncedRecords.h"

#include "core/store/Cache.h"
#include "core/sync/SyncEngine.h"

namespace avocet::core::usecases {

Result<Projected> projectSyncedRecords(sync::SyncEngine& engine, store::Cache& cache, bool askServer)
{
    Projected out;
    std::optional<nlohmann::json> caseload;
    if (askServer && engine.client() != nullptr) {
        auto fetched = sync::fetchCaseload(*engine.client());
        if (fetched) {
            caseload = std::move(*fetched);
            out.caseloadRead = caseload.has_value();
        } else {
            out.caseloadError = fetched.error();
        }
    }
    auto projected = sync::projectSyncedPatients(cache.database(), caseload);
    if (!projected)
        return projected.error();
    out.summary = *projected;
    // After the index: the clinical record is projected for the patients now in it.
    auto clinical = sync::projectClinicalRecords(cache.database());
    if (!clinical)
        return clinical.error();
    out.clinical = std::move(*clinical);
    return out;
}

Result<int> wipeExpiredBriefcase(store::Cache& cache, std::chrono::system_clock::time_point now)
{
    auto wiped = sync::wipeExpiredBriefcase(cache.database(), now);
    if (!wiped)
        return wiped.error();
    if (*wiped > 0) {
        if (auto projected = sync::projectSyncedPatients(cache.database()); !projected)
            return projected.error();
        if (auto clinical = sync::projectClinicalRecords(cache.database()); !clinical)
            return clinical.error();
    }
    return *wiped;
}

} // namespace avocet::core::usecases

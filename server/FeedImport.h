#pragma once
// `avocet-hub admin import --epr EPR FILE.ndjson...`: the initial load of an EPR feed from FHIR
// Bulk Data NDJSON (one resource per line, one type per file; docs/hub.md, EPR feeds). Every line
// goes through exactly the feed's write (FhirInteractions::conditionalUpdate as that EPR's feed
// account: identifier key, epr-changed-at ordering, parking), so a load and a live feed agree.
// Lines are applied in batches, one transaction each, with the file's checkpoint (lines done and
// the counts so far, keyed by EPR and the file's SHA-256) committed in the same transaction: a run
// killed at any point resumes after the last batch that committed, and nothing is applied twice.

#include "core/common/Result.h"
#include "server/PgConnection.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::hub {

struct FeedImportOptions
{
    std::string epr; // Paris, Mobius or SystmOne
    std::vector<std::string> files;
    int batchSize = 500;
    // Test hook (AVOCET_HUB_TEST_IMPORT_KILL_AT_LINE): SIGKILL this process before applying the
    // n-th line this run applies (0 = never).
    long long killAtLine = 0;
};

// Per line that is not applied: "file:line: rule".
using ImportReporter = std::function<void(const std::string&)>;

// The summary: {"files":[{file, type, lines, resumedAt, created, updated, unchanged, stale, parked,
// rejected}], "types":{Type:{created, ...}}}. Errors: a file that cannot be read, the store.
core::Result<nlohmann::json> importFeedFiles(PgConnection& connection, const FeedImportOptions& options,
                                             const ImportReporter& rejected, const ImportReporter& progress);

} // namespace avocet::hub

#pragma once
// Command groups of avocetctl. main.cpp parses the global options and dispatches on the first word;
// each group lives in its own file and receives the remaining arguments.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/common/Result.h"

namespace avocet::ctl {

struct CliContext
{
    std::filesystem::path profileRoot; // --profile DIR (default: platform app-data location)
    std::string user;                  // --user NAME (default: $USER)
    bool json = false;                 // --json anywhere on the line
    std::ostream& out;
    std::ostream& err;
    // Reads the passphrase from AVOCET_PASSPHRASE or a TTY prompt (never argv).
    std::function<core::Result<std::string>(const std::string& prompt)> readPassphrase;
};

using Args = std::vector<std::string>;

// Exit codes: 0 success, 1 the command ran and found a problem (e.g. lint errors, broken chain),
// 2 bad input (unreadable file, bad arguments), 3 refused (wrong passphrase, locked, in use).
int runProfileCommand(CliContext& ctx, const Args& args);
int runDemoCommand(CliContext& ctx, const Args& args);
int runPatientsCommand(CliContext& ctx, const Args& args);
int runCacheCommand(CliContext& ctx, const Args& args);
int runAuditCommand(CliContext& ctx, const Args& args);
int runFormCommand(CliContext& ctx, const Args& args);   // core/forms (FormCommands.cpp)
int runFormsCommand(CliContext& ctx, const Args& args);  // forms a clinician can start (FormsCatalogueCommands.cpp)
int runNhsCommand(CliContext& ctx, const Args& args);    // core/identity
int runAlertsCommand(CliContext& ctx, const Args& args); // core/alerts (AlertsCommands.cpp)
int runLoginCommand(CliContext& ctx, const Args& args);  // core/sync (SyncCommands.cpp)
int runSignOnCommand(CliContext& ctx, const Args& args); // core/sync/LoopbackRedirect (SyncCommands.cpp)
int runSignOutCommand(CliContext& ctx, const Args& args);
int runSyncCommand(CliContext& ctx, const Args& args);   // core/sync (SyncCommands.cpp)
int runMappingCommand(CliContext& ctx, const Args& args); // core/mapping (MappingCommands.cpp)
int runSubmitCommand(CliContext& ctx, const Args& args);  // core/forms + core/sync outbox (OutboxCommands.cpp)
int runOutboxCommand(CliContext& ctx, const Args& args);  // core/sync outbox (OutboxCommands.cpp)
int runMapCommand(CliContext& ctx, const Args& args);     // map ...: the short spelling of the mapping commands (MapAliasCommands.cpp)
int runNhsNumberCommand(CliContext& ctx, const Args& args); // nhs-number check N... (NhsNumberCommands.cpp)
// alerts patient|acknowledge|withdraw|renewal (PatientRecordCommands.cpp, through core/usecases)
int runAlertsPatientCommand(CliContext& ctx, const Args& args);
int runDeliveryCommand(CliContext& ctx, const Args& args); // delivery --patient NHS (PatientRecordCommands.cpp)
int runPatientShowCommand(CliContext& ctx, const Args& args); // patients show --patient NHS (PatientRecordCommands.cpp)
int runPatientsTrustCommand(CliContext& ctx, const Args& args); // patients find|open --trust (SyncCommands.cpp)
int runDocumentCommand(CliContext& ctx, const Args& args); // document render|...: transfer-of-care documents (DocumentCommands.cpp)
int runReportCommand(CliContext& ctx, const Args& args); // report --metric ID: caseload figures from the cache (ReportCommands.cpp)

// Prints a one-line error (or {"error":…} with --json) and returns the exit code.
int fail(CliContext& ctx, int exitCode, const std::string& message);

} // namespace avocet::ctl

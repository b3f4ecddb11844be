// avocetctl: everything the desktop app can do to data, without a display.
#include <cstdlib>
#include <iostream>
#include <map>

#include "app/avocetctl/Commands.h"
#include "app/avocetctl/Passphrase.h"
#include "core/common/Hardening.h"
#include "core/store/Database.h"
#include "core/store/ProfileStore.h"

namespace {

constexpr const char* kUsage = R"(Usage: avocetctl [--profile DIR] [--user NAME] [--json] <command> ...

Profiles and the encrypted cache (passphrase from AVOCET_PASSPHRASE or a prompt, never argv):
  profile init [--kdf moderate|interactive]            create this user's encrypted cache (minimal: test builds)
  profile passwd                                        change the passphrase (new one from
                                                        AVOCET_NEW_PASSPHRASE or a prompt)
  profile rekey                                         replace the data key, rewriting every page
  profile list                                          users with a profile on this computer
  demo seed [--patients N] [--canary TEXT]              add synthetic patients (999 NHS numbers)
  patients list [--limit N] [--search TEXT]             patients in the cache
  patients show --patient NHS                           what the banner and patient screen show (no name)
  patients find --trust TEXT                            the whole trust, on-line: NHS number, or name with a given name or birth date
  patients open --trust ID --reason TEXT                a record outside your caseload (break-glass), shown then removed
  cache verify                                          authenticate every page of the cache
  audit verify                                          check the local audit hash chain
Forms, identity and alerts:
  form lint Q.json | form evaluate Q.json [--response R.json]
  forms available                                      the forms a clinician can start (published or built in)
  forms show --form URL|VERSION                        that template as held here, and the mappings it pins
  nhs validate NUMBER
  nhs-number check NUMBER...                           valid/invalid and why (exit 1 if any is invalid)
  alerts rules | alerts deadline --power CODE --start ISO-8601 [--extended]
  alerts patient --patient NHS [--at ISO-8601]         a patient's alerts now, with their keys
  alerts acknowledge|withdraw --patient NHS --alert KEY   acknowledge an alert, or undo it (audited)
  alerts renewal --patient NHS --power CODE --reported DATE   record a renewal or extension (audited)
  alerts renewal-withdraw --patient NHS --power CODE --reason TEXT   withdraw one entered in error
Sync with avocet-hub or any FHIR R4 server (password from AVOCET_PASSWORD or a prompt):
  login --server URL [--ca-file PEM] [--pin SPKI-SHA256]   token kept in the encrypted cache
  signon --server URL [--timeout-seconds N]           sign in at the trust's identity provider in a browser
  signout [--server URL]                              end the server login (and say where to end the provider's)
  sync [run|prepare|status] [--server URL] [--types T,...] push, pull; prepare = off-line briefcase
  mapping apply|reverse|coverage|impact|check ...     per-EPR mappings (avocetctl mapping help)
  submit --patient NHS --questionnaire Q.json --response R.json   queue a completed, valid response
  outbox list                                          changes waiting to sync (pending, failed)
  delivery --patient NHS                               the patient's submissions and what each EPR did
  report --metric ID [--from DATE] [--to DATE]         your caseload's figure for one metric, from the cache
  report --list                                        the metric library (docs/metrics.md)
  document render --questionnaire Q.json --response R.json --out DIR
                                                       the FHIR document Bundle and PDF of a completed
                                                       discharge summary, clinic letter or Care Act notice
  document prefill|sign|list --patient NHS ...         compose from the record, sign off and queue, see
                                                       what each recipient said (avocetctl document help)
  map apply|reverse --mapping M.json FILE | map coverage --mapping M.json Q.json |
  map impact --mapping M.json --from Q1.json --to Q2.json    short forms of the mapping commands

Exit codes: 0 ok, 1 problem found, 2 bad input, 3 refused (passphrase, lock, in use).
)";

} // namespace

int main(int argc, char** argv)
{
    avocet::core::hardenProcess();
    using namespace avocet::ctl;

    CliContext ctx{avocet::core::store::ProfileStore::defaultRoot(), "", false, std::cout, std::cerr,
                   readPassphraseFromEnvOrTty};
    if (const char* user = std::getenv("USER"); user && *user)
        ctx.user = user;

    Args rest;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--json") {
            ctx.json = true;
        } else if ((arg == "--profile" || arg == "--user") && i + 1 < argc) {
            if (arg == "--profile")
                ctx.profileRoot = argv[++i];
            else
                ctx.user = argv[++i];
        } else if (arg == "--profile" || arg == "--user") {
            return fail(ctx, 2, arg + " needs a value");
        } else if (arg == "--version" && rest.empty()) {
            ctx.out << "avocetctl " << AVOCET_VERSION << "\n";
            return 0;
        } else if ((arg == "--help" || arg == "-h") && rest.empty()) {
            ctx.out << kUsage;
            return 0;
        } else {
            rest.push_back(arg);
        }
    }
    if (rest.empty()) {
        ctx.err << kUsage;
        return 2;
    }
    if (auto library = avocet::core::store::checkCipherLibrary(); !library)
        return fail(ctx, 3, library.message());

    const std::map<std::string, int (*)(CliContext&, const Args&)> groups = {
        {"profile", runProfileCommand}, {"demo", runDemoCommand},   {"patients", runPatientsCommand},
        {"cache", runCacheCommand},     {"audit", runAuditCommand}, {"form", runFormCommand},
        {"forms", runFormsCommand},
        {"nhs", runNhsCommand},         {"alerts", runAlertsCommand},
        {"login", runLoginCommand}, {"signon", runSignOnCommand}, {"signout", runSignOutCommand},     {"sync", runSyncCommand},
        {"mapping", runMappingCommand},
        {"submit", runSubmitCommand},   {"outbox", runOutboxCommand}, {"delivery", runDeliveryCommand},
        {"map", runMapCommand},           {"nhs-number", runNhsNumberCommand},
        {"report", runReportCommand},   {"document", runDocumentCommand},
    };
    const auto group = groups.find(rest.front());
    if (group == groups.end())
        return fail(ctx, 2, "unknown command '" + rest.front() + "'; see avocetctl --help");
    return group->second(ctx, Args(rest.begin() + 1, rest.end()));
}

// avocetctl login | sync: the sync engine (core/sync) from the command line.
//
//   avocetctl login --server URL                       token stored in the encrypted cache
//   avocetctl signon --server URL                      the same through the trust's identity provider:
//                                                      prints the address to open in a browser
//   avocetctl signout                                  ends the server login; prints the provider's
//                                                      end-session address when there is one
//   avocetctl sync [--server URL] [--json]             push, audit, pull; prints a summary
//   avocetctl sync prepare [--hours N]                 caseload briefcase for off-line work
//   avocetctl sync status [--json]                     pending, failures, conflicts
// Options for login and sync: --ca-file PEM, --pin BASE64 (SPKI SHA-256), --timeout-ms N,
// --types Patient,Flag,... (pull), --batch N, --no-batch, --no-audit.

#include <chrono>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sstream>
#include <termios.h>
#include <unistd.h>

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Passphrase.h"
#include "app/avocetctl/Commands.h"
#include "core/usecases/SyncedRecords.h"
#include "core/usecases/PatientSummary.h"
#include "core/usecases/TrustSearch.h"
#include "core/alerts/RuleLibrary.h"
#include "core/store/Cache.h"
#include "core/audit/AuditLog.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncEngine.h"

namespace avocet::ctl {

namespace {

using core::sync::SyncConfig;

core::Result<std::string> readServerPassword(const std::string& prompt)
{
    return readSecret("AVOCET_PASSWORD", "password", prompt);
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

// Builds the configuration from options, falling back to the server remembered by login.
bool makeConfig(CliContext& ctx, core::sync::SyncStore& store, const Args& args, SyncConfig& config, int& exitCode)
{
    auto server = optionValue(args, "--server");
    if (!server) {
        if (hasFlag(args, "--server")) {
            exitCode = fail(ctx, 2, "--server needs a URL");
            return false;
        }
        auto remembered = store.state("server");
        if (remembered && *remembered)
            server = **remembered;
    }
    if (!server || server->empty()) {
        exitCode = fail(ctx, 2, "no server: give --server URL (any FHIR R4 base URL) or log in first");
        return false;
    }
    config.baseUrl = *server;
    std::string error;
    const auto timeout = intOption(args, "--timeout-ms", 30000, 100, 600000, error);
    const auto batch = intOption(args, "--batch", 50, 1, 1000, error);
    const core::sync::SyncConfig defaults;
    const auto page = intOption(args, "--page", defaults.pageSize, 1, 1000, error); // the engine's default
    if (!timeout || !batch || !page) {
        exitCode = fail(ctx, 2, error);
        return false;
    }
    config.transport.receiveTimeout = core::sync::Millis(*timeout);
    config.transport.sendTimeout = core::sync::Millis(*timeout);
    config.initialBatchSize = static_cast<int>(*batch);
    config.pageSize = static_cast<int>(*page);
    if (optionValue(args, "--page"))
        config.linkedPageSize = config.pageSize; // a size chosen here holds for every search
    config.useBatch = !hasFlag(args, "--no-batch");
    config.pushAudit = !hasFlag(args, "--no-audit");
    // As the desktop: the EPR mappings the hub publishes come down too, so `avocetctl submit`
    // pins the ones in force (core/sync MappingPins); servers without /mappings are skipped.
    config.pullMappings = true;
    if (auto ca = optionValue(args, "--ca-file"))
        config.transport.tls.caFile = *ca;
    if (auto pin = optionValue(args, "--pin"))
        config.transport.tls.spkiPin = *pin;
    if (auto types = optionValue(args, "--types"))
        config.pullTypes = splitList(*types);
    if (auto attempts = optionValue(args, "--attempts"))
        config.retry.maxAttempts = std::max(1, std::atoi(attempts->c_str()));
    return true;
}

nlohmann::json summaryJson(const std::string& server, const core::sync::SyncSummary& s, std::size_t openConflicts)
{
    return {{"server", server},       {"pushed", s.pushed},           {"pulled", s.pulled},
            {"deleted", s.deleted},   {"conflicts", s.conflicts},     {"openConflicts", openConflicts},
            {"failures", s.failures}, {"auditPushed", s.auditPushed}, {"auditAnchoredSeq", s.auditAnchoredSeq},
            {"auditChainBreaks", s.auditChainBreaks}, {"pending", s.pending},
            {"requests", s.requests}, {"retries", s.retries},         {"complete", s.complete},
            {"error", s.error}};
}

int runStatus(CliContext& ctx, core::sync::SyncEngine& engine)
{
    const auto status = engine.status();
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : status.failures)
        failures.push_back({{"type", f.type}, {"id", f.localId}, {"reason", f.reason}, {"attempts", f.attempts}});
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& c : status.conflicts)
        conflicts.push_back({{"id", c.id}, {"type", c.type}, {"serverId", c.serverId}, {"reason", c.reason},
                             {"detectedAt", c.detectedAt}});
    std::ostringstream text;
    text << "pending " << status.pending << ", failed " << status.failures.size() << ", conflicts "
         << status.conflicts.size() << "\n";
    if (status.upToDateAt)
        text << "up to date at " << *status.upToDateAt << "\n";
    for (const auto& f : status.failures)
        text << "failed " << f.type << " " << f.localId << ": " << f.reason << "\n";
    for (const auto& c : status.conflicts)
        text << "conflict #" << c.id << " " << c.type << "/" << c.serverId << " (" << c.reason << ")\n";
    return succeed(ctx,
                   {{"pending", status.pending},
                    {"upToDateAt", status.upToDateAt.value_or("")},
                    {"failures", failures},
                    {"conflicts", conflicts}},
                   text.str());
}

// The profile unlocked, its server configuration and a sync engine for it: what login, sign-on and
// sign-out share. 0, or the exit code after saying why.
struct OpenEngine
{
    std::unique_ptr<core::store::ProfileStore> profiles;
    std::unique_ptr<core::store::Cache> cache;
    std::unique_ptr<core::sync::SyncStore> store;
    SyncConfig config;
    std::unique_ptr<core::sync::SyncEngine> engine;
};

int openEngine(CliContext& ctx, const Args& args, OpenEngine& open)
{
    open.profiles = std::make_unique<core::store::ProfileStore>(ctx.profileRoot);
    int exitCode = 0;
    open.cache = unlockProfile(ctx, *open.profiles, exitCode);
    if (!open.cache)
        return exitCode;
    open.store = std::make_unique<core::sync::SyncStore>(open.cache->database());
    if (!makeConfig(ctx, *open.store, args, open.config, exitCode))
        return exitCode;
    auto engine = core::sync::SyncEngine::create(open.cache->database(), open.config);
    if (!engine)
        return fail(ctx, exitCodeFor(engine.code()), engine.message());
    open.engine = std::move(*engine);
    return 0;
}

} // namespace

int runLoginCommand(CliContext& ctx, const Args& args)
{
    OpenEngine open;
    if (int code = openEngine(ctx, args, open); code != 0)
        return code;
    const SyncConfig& config = open.config;
    auto& cache = open.cache;
    auto& store = *open.store;
    auto password = readServerPassword("Password for " + ctx.user + " at " + config.baseUrl);
    if (!password)
        return fail(ctx, 2, password.message());
    const auto st = open.engine->login(ctx.user, *password);
    if (!st) {
        (void)cache->record(core::audit::action::Login, std::nullopt, "server login", "failure");
        return fail(ctx, st.code() == core::ErrorCode::WrongPassphrase ? 3 : 1, st.message());
    }
    if (auto saved = store.setState("server", config.baseUrl); !saved)
        return fail(ctx, 1, saved.message());
    (void)cache->record(core::audit::action::Login, std::nullopt, "server login");
    return succeed(ctx, {{"server", config.baseUrl}, {"user", ctx.user}, {"loggedIn", true}},
                   "Logged in to " + config.baseUrl + " as " + ctx.user + "; the token is kept in the encrypted cache.\n");
}

int runSignOnCommand(CliContext& ctx, const Args& args)
{
    int timeoutSeconds = 300;
    if (auto given = optionValue(args, "--timeout-seconds"); given) {
        timeoutSeconds = std::atoi(given->c_str());
        if (timeoutSeconds <= 0)
            return fail(ctx, 2, "--timeout-seconds needs a positive number");
    }
    OpenEngine open;
    if (int code = openEngine(ctx, args, open); code != 0)
        return code;
    const SyncConfig& config = open.config;
    auto& cache = open.cache;
    auto& store = *open.store;
    // The address goes to stderr (stdout stays the command's answer): the user opens it in a
    // browser on this computer and signs in at the provider; the browser then comes back here.
    const auto st = open.engine->signOn(
        [](const std::string& url) {
            std::fprintf(stderr, "Open this address in a browser on this computer to sign in:\n%s\n", url.c_str());
            std::fflush(stderr);
        },
        std::chrono::seconds(timeoutSeconds));
    if (!st) {
        (void)cache->record(core::audit::action::Login, std::nullopt, "server sign-on", "failure");
        return fail(ctx, st.code() == core::ErrorCode::WrongPassphrase ? 3 : 1, st.message());
    }
    if (auto saved = store.setState("server", config.baseUrl); !saved)
        return fail(ctx, 1, saved.message());
    (void)cache->record(core::audit::action::Login, std::nullopt, "server sign-on");
    return succeed(ctx, {{"server", config.baseUrl}, {"user", ctx.user}, {"loggedIn", true}, {"signOn", true}},
                   "Signed in to " + config.baseUrl + " through the identity provider; the token is kept in the "
                   "encrypted cache.\n");
}

int runSignOutCommand(CliContext& ctx, const Args& args)
{
    OpenEngine open;
    if (int code = openEngine(ctx, args, open); code != 0)
        return code;
    const SyncConfig& config = open.config;
    auto ended = open.engine->signOut();
    if (!ended)
        return fail(ctx, 1, ended.message());
    (void)open.cache->record(core::audit::action::Logout, std::nullopt, "server sign-out");
    return succeed(ctx, {{"server", config.baseUrl}, {"loggedIn", false}, {"endSessionUrl", *ended}},
                   ended->empty() ? "Signed out of " + config.baseUrl + ".\n"
                                  : "Signed out of " + config.baseUrl +
                                        ". To end the identity provider's session too, open:\n" + *ended + "\n");
}

int runSyncCommand(CliContext& ctx, const Args& args)
{
    const std::string sub = !args.empty() && args.front().rfind("--", 0) != 0 ? args.front() : "run";
    if (sub != "run" && sub != "prepare" && sub != "status")
        return fail(ctx, 2, "unknown sync command '" + sub + "'; use sync [run|prepare|status]");
    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    // The unlock path: an expired or revoked briefcase goes before anything else is read.
    auto wiped = core::usecases::wipeExpiredBriefcase(*cache, std::chrono::system_clock::now());
    if (!wiped)
        return fail(ctx, 1, wiped.message());
    if (*wiped > 0)
        ctx.err << "avocetctl: the off-line briefcase had expired; " << *wiped << " records were wiped\n";

    core::sync::SyncStore store(cache->database());
    SyncConfig config;
    const auto remembered = store.state("server");
    if (sub == "status" && !hasFlag(args, "--server") && (!remembered || !*remembered)) {
        core::sync::SyncEngine offline(cache->database(), config, nullptr);
        return runStatus(ctx, offline);
    }
    if (!makeConfig(ctx, store, args, config, exitCode))
        return exitCode;
    auto engine = core::sync::SyncEngine::create(cache->database(), config);
    if (!engine)
        return fail(ctx, exitCodeFor(engine.code()), engine.message());
    if (auto st = (*engine)->loadStoredToken(); !st)
        return fail(ctx, 1, st.message());
    if (sub == "status")
        return runStatus(ctx, **engine);
    (*engine)->setAuditLog(&cache->audit());

    if (sub == "prepare") {
        std::string error;
        const auto hours = intOption(args, "--hours", 12, 1, 24 * 14, error);
        if (!hours)
            return fail(ctx, 2, error);
        core::sync::BriefcaseOptions options;
        options.lifetime = std::chrono::hours(*hours);
        auto prepared = (*engine)->prepareBriefcase(options);
        if (!prepared)
            return fail(ctx, exitCodeFor(prepared.code()), prepared.message());
        // As the desktop after "prepare for off-line": what came down is what the screens show.
        if (auto projected = core::usecases::projectSyncedRecords(**engine, *cache, true); !projected)
            return fail(ctx, exitCodeFor(projected.code()), projected.message());
        return succeed(ctx,
                       {{"patients", prepared->patients},
                        {"resources", prepared->resources},
                        {"revoked", prepared->revoked},
                        {"expiresAt", prepared->expiresAt}},
                       "Ready for off-line work: " + std::to_string(prepared->patients) + " patients, " +
                           std::to_string(prepared->resources) + " records, until " + prepared->expiresAt + "\n");
    }

    auto summary = (*engine)->syncNow();
    if (!summary)
        return fail(ctx, exitCodeFor(summary.code()), summary.message());
    const auto open = store.conflicts(true);
    const std::size_t openConflicts = open ? open->size() : 0;
    auto json = summaryJson(config.baseUrl, *summary, openConflicts);
    // As the desktop after every run: the synced Patients into the patient index, the hub's
    // caseload lists into the caseload, their clinical record into the caseload tables.
    auto projected = core::usecases::projectSyncedRecords(**engine, *cache, summary->error.empty());
    if (!projected)
        return fail(ctx, exitCodeFor(projected.code()), projected.message());
    json["projected"] = {{"patients", projected->summary.patients},
                         {"removed", projected->summary.removed},
                         {"unplaced", projected->summary.unplaced},
                         {"caseloadTeams", projected->summary.teams},
                         {"legalStatuses", projected->clinical.legalStatuses},
                         {"visits", projected->clinical.visits},
                         {"reviews", projected->clinical.reviews},
                         {"scores", projected->clinical.scores},
                         {"clinicalSkipped", projected->clinical.skipped()}};
    json["typesNotOnServer"] = summary->typesNotOnServer;
    std::ostringstream text;
    text << "pushed " << summary->pushed << ", pulled " << summary->pulled << ", deleted " << summary->deleted
         << ", conflicts " << summary->conflicts << " (open " << openConflicts << "), failures " << summary->failures
         << ", audit " << summary->auditPushed << ", pending " << summary->pending << "\n";
    if (projected->summary.changed())
        text << "patient index: " << projected->summary.patients << " added or changed, " << projected->summary.removed
             << " removed\n";
    if (projected->clinical.skipped() > 0)
        text << "clinical record: " << projected->clinical.skipped()
             << " synced record(s) could not be read and are not shown\n";
    if (summary->auditChainBreaks > 0)
        text << "warning: the server found " << summary->auditChainBreaks
             << " break(s) in this device's audit chain; tell your administrator\n";
    if (!summary->error.empty())
        text << "incomplete: " << summary->error << "\n";
    if (ctx.json)
        ctx.out << json.dump(2) << "\n";
    else
        ctx.out << text.str();
    return summary->complete ? 0 : 1;
}

} // namespace avocet::ctl

namespace avocet::ctl {

// avocetctl patients find --trust TEXT [--json]
// avocetctl patients open --trust ID --reason TEXT [--json]
// The whole trust, on-line (core/usecases TrustSearch), with the server and sign-in remembered by
// login. A command is one session: a record opened from the trust is shown and then removed from
// the cache before the command ends.
int runPatientsTrustCommand(CliContext& ctx, const Args& args)
{
    const bool find = !args.empty() && args.front() == "find";
    constexpr const char* kUsage = "usage: avocetctl patients find --trust TEXT | patients open --trust ID --reason TEXT";
    const auto trust = optionValue(args, "--trust");
    if (!trust || trust->empty())
        return fail(ctx, 2, kUsage);
    const auto reason = optionValue(args, "--reason");
    if (!find && (!reason || reason->find_first_not_of(" \t") == std::string::npos))
        return fail(ctx, 2, "patients open --trust needs --reason TEXT: why you need a record outside your caseload "
                            "(it is recorded on this computer and on the hub)");
    std::optional<core::usecases::TrustQuery> query;
    if (find) {
        auto parsed = core::usecases::parseTrustQuery(*trust);
        if (!parsed)
            return fail(ctx, 2, parsed.message());
        query = *parsed;
    }
    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    core::sync::SyncStore store(cache->database());
    SyncConfig config;
    if (!makeConfig(ctx, store, args, config, exitCode))
        return exitCode;
    auto engine = core::sync::SyncEngine::create(cache->database(), config);
    if (!engine)
        return fail(ctx, exitCodeFor(engine.code()), engine.message());
    if (auto st = (*engine)->loadStoredToken(); !st)
        return fail(ctx, 1, st.message());
    auto& client = *(*engine)->client();

    if (find) {
        auto found = core::usecases::searchTrust(client, *query);
        if (!found)
            return fail(ctx, exitCodeFor(found.code()), found.message());
        nlohmann::json rows = nlohmann::json::array();
        std::ostringstream text;
        for (const auto& m : found->matches) {
            rows.push_back({{"id", m.serverId},
                            {"nhsNumber", m.nhsNumber},
                            {"family", m.family},
                            {"given", m.given},
                            {"birthDate", m.birthDate},
                            {"gender", m.gender},
                            {"onCaseload", m.onCaseload}});
            text << m.serverId << "  " << m.nhsNumber << "  " << m.birthDate << "  " << m.family << ", " << m.given
                 << (m.onCaseload ? "  (your caseload)" : "") << "\n";
        }
        if (found->more)
            text << "More patients match: narrow the search.\n";
        return succeed(ctx, {{"patients", rows}, {"count", rows.size()}, {"more", found->more}}, text.str());
    }

    auto opened = core::usecases::openTrustPatient(*cache, client, *trust, *reason);
    if (!opened)
        return fail(ctx, exitCodeFor(opened.code()), opened.message());
    auto patient = cache->patients().get(opened->patientId);
    auto rules = core::alerts::RuleLibrary::builtin();
    if (!patient || !rules)
        return fail(ctx, 1, !patient ? patient.message() : rules.message());
    auto summary = core::usecases::patientSummary(*cache, *rules, opened->patientId,
                                                  std::chrono::time_point_cast<std::chrono::seconds>(
                                                      std::chrono::system_clock::now()));
    if (!summary)
        return fail(ctx, exitCodeFor(summary.code()), summary.message());
    nlohmann::json out = {{"patientId", opened->patientId},
                          {"nhsNumber", summary->nhsNumber},
                          {"resources", opened->resources},
                          {"legalStatus", summary->legalStatus ? nlohmann::json(summary->legalStatus->powerCode)
                                                               : nlohmann::json(nullptr)},
                          {"flags", summary->flags.size()},
                          {"alerts", summary->alerts.alerts.size()}};
    auto forgotten = core::usecases::forgetSessionPatients(*cache);
    if (!forgotten)
        return fail(ctx, 1, "the record was shown but could not be removed again: " + forgotten.message() +
                                " (it goes at the next unlock)");
    out["removedAfterwards"] = *forgotten > 0;
    std::ostringstream text;
    text << "Opened from the trust for this command (break-glass recorded): NHS number " << summary->nhsNumber
         << ", " << opened->resources << " records; legal status "
         << (summary->legalStatus ? summary->legalStatus->powerCode : std::string("none")) << "; "
         << summary->flags.size() << " flags. Removed from this computer again.\n";
    return succeed(ctx, out, text.str());
}

} // namespace avocet::ctl

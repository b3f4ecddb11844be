#include "server/AdminCommands.h"

#include "server/AccessControl.h"
#include "server/AccountAdmin.h"
#include "server/EprChannel.h"
#include "server/FeedImport.h"
#include "server/FhirTypes.h"
#include "server/HubPmi.h"
#include "server/MetricReports.h"
#include "server/PgConnection.h"
#include "server/Schema.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

namespace avocet::hub {

using nlohmann::json;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char* kAdminUsage =
    "usage: avocet-hub admin [--database CONNINFO] <command>\n"
    "  create-team TEAM\n"
    "  create-user USER --role clinician|ward_staff|change_manager|team_manager|administrator [--team TEAM] "
    "[--display-name NAME]\n"
    "  create-user USER --role epr_feed --epr Paris|Mobius|SystmOne   an EPR integration engine's feed "
    "account\n"
    "  import --epr Paris|Mobius|SystmOne FILE.ndjson...   initial load of an EPR feed from Bulk Data "
    "NDJSON\n"
    "    (the feed's rules; resumable: a checkpoint per file; JSON summary on stdout)\n"
    "  feed-stats                             EPR feed counters per EPR, type and outcome, and parked "
    "records (JSON)\n"
    "  set-password USER\n"
    "  assign-caseload TEAM PATIENT_ID\n"
    "  remove-from-caseload TEAM PATIENT_ID\n"
    "  list-users\n"
    "  break-glass-report\n"
    "Account administration; each is audited (an AuditEvent and a log line) and takes --by NAME, the\n"
    "administrator acting (default: the operating-system user):\n"
    "  deactivate-user USER                   no more log-ins; every token of the user revoked now\n"
    "  activate-user USER\n"
    "  set-role USER --role ROLE [--epr EPR]  the role from the next request; the user's tokens revoked\n"
    "  add-to-team USER --team TEAM           (also: add-to-team USER TEAM)\n"
    "  remove-from-team USER --team TEAM      the team's caseload closed to them from the next request\n"
    "  revoke-sessions USER                   every token of the user revoked\n"
    "  break-glass list [--unreviewed]        break-glass events with their reviews (JSON)\n"
    "  break-glass review ID --note TEXT      mark one event reviewed, by whom, when, with the note\n"
    "Performance reports (docs/metrics.md):\n"
    "  metrics [--date YYYY-MM-DD]            the metric library in force (JSON)\n"
    "  report --metric ID --from DATE --to DATE [--team TEAM] [--csv|--json]\n"
    "                                         one metric over every team (or one), per team and EPR\n"
    "EPR delivery:\n"
    "  resend --message ID [--reason TEXT]      put one failed EPR message back in its channel\n"
    "  resend --epr Paris|Mobius|SystmOne --failed [--reason TEXT]   every failed message of that EPR\n"
    "    (same idempotency key and payload; a new receipt version and an AuditEvent per message)\n"
    "Patient master index (docs/pmi.md); every command takes --pmi FILE --pmi-key-file FILE:\n"
    "  pmi-update [--full]                    feed the hub's Patients' EPR records into the PMI (creates "
    "the\n"
    "                                         file if absent; incremental, --full looks at every Patient "
    "again)\n"
    "  pmi-reviews                            open review cases (JSON)\n"
    "  pmi-resolve --review N --link|--distinct --by USER\n"
    "  pmi-link EPR:ID EPR:ID --by USER --reason TEXT       e.g. Paris:P123 Mobius:M456\n"
    "  pmi-unlink EPR:ID --by USER --reason TEXT            never linked automatically again\n"
    "Passwords come from AVOCET_HUB_PASSWORD or one line on stdin, never from the command line.\n"
    "The database defaults to AVOCET_HUB_DATABASE (pmi-reviews, -resolve, -link and -unlink need none).\n";

struct Parsed
{
    std::string database;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

// Options that take no value.
const std::set<std::string> kFlags = {"failed", "link", "distinct", "full", "unreviewed", "csv", "json"};
const std::set<std::string> kPmiCommands = {"pmi-update", "pmi-reviews", "pmi-resolve", "pmi-link", "pmi-unlink"};

std::optional<Parsed> parse(const std::vector<std::string>& args, std::string& error)
{
    Parsed parsed;
    if (const char* environment = std::getenv("AVOCET_HUB_DATABASE"); environment != nullptr)
        parsed.database = environment;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].rfind("--", 0) == 0 && kFlags.count(args[i].substr(2)) != 0) {
            parsed.options[args[i].substr(2)] = "yes";
        } else if (args[i].rfind("--", 0) == 0) {
            if (i + 1 >= args.size()) {
                error = "option " + args[i] + " needs a value";
                return std::nullopt;
            }
            const std::string key = args[i].substr(2);
            if (key == "database")
                parsed.database = args[++i];
            else
                parsed.options[key] = args[++i];
        } else {
            parsed.positional.push_back(args[i]);
        }
    }
    return parsed;
}

constexpr const char* kNoDatabase = "no database: give --database CONNINFO or set AVOCET_HUB_DATABASE";

std::string readPassword()
{
    if (const char* environment = std::getenv("AVOCET_HUB_PASSWORD"); environment != nullptr)
        return environment;
    std::string line;
    std::getline(std::cin, line);
    return line;
}

core::Result<std::unique_ptr<PgConnection>> openMigrated(const std::string& database)
{
    auto connection = PgConnection::open(database);
    if (!connection)
        return connection.error();
    if (auto migrated = migrateSchema(*connection.value()); !migrated)
        return migrated.error();
    return connection;
}

int report(const core::Status& status, const std::string& success)
{
    if (!status) {
        std::cerr << "avocet-hub admin: " << status.message() << "\n";
        return kExitFailure;
    }
    std::cout << success << "\n";
    return kExitOk;
}

int resend(PgConnection& connection, Parsed& parsed)
{
    ResendRequest request;
    const bool byMessage = parsed.options.count("message") != 0;
    const bool byEpr = parsed.options.count("epr") != 0 && parsed.options.count("failed") != 0;
    if (byMessage == byEpr || parsed.positional.size() != 1) {
        std::cerr << "avocet-hub admin resend: give --message ID, or --epr NAME --failed\n" << kAdminUsage;
        return kExitUsage;
    }
    if (byMessage) {
        const std::string& id = parsed.options["message"];
        if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
            std::cerr << "avocet-hub admin resend: --message needs a message number\n";
            return kExitUsage;
        }
        request.messageId = std::stoll(id);
    } else {
        const auto epr = core::identity::eprFromName(parsed.options["epr"]);
        if (!epr) {
            std::cerr << "avocet-hub admin resend: --epr must be Paris, Mobius or SystmOne\n";
            return kExitUsage;
        }
        request.epr = core::identity::eprName(*epr);
    }
    const char* user = std::getenv("SUDO_USER") != nullptr ? std::getenv("SUDO_USER") : std::getenv("USER");
    request.operatorName = user != nullptr && *user != '\0' ? user : "unknown";
    request.reason = parsed.options.count("reason") != 0 ? parsed.options["reason"]
                                                          : "resend requested after the EPR was fixed";
    auto summary = resendFailedMessages(connection, request);
    if (!summary) {
        std::cerr << "avocet-hub admin resend: " << summary.message() << "\n";
        return kExitFailure;
    }
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& [id, why] : summary->skipped)
        skipped.push_back({{"message", id}, {"reason", why}});
    std::cout << nlohmann::json{{"resent", summary->resent}, {"skipped", skipped}}.dump(2) << "\n";
    if (request.messageId && summary->resent.empty()) {
        if (skipped.empty())
            std::cerr << "avocet-hub admin resend: no message " << *request.messageId << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

// ---- patient master index (docs/pmi.md) -------------------------------------------------------

// "Paris:PAR-123" -> the record reference; nullopt when the EPR or the id is missing.
std::optional<core::identity::EprRecordRef> parseRecordRef(const std::string& text)
{
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon + 1 >= text.size())
        return std::nullopt;
    const auto epr = core::identity::eprFromName(text.substr(0, colon));
    if (!epr)
        return std::nullopt;
    return core::identity::EprRecordRef{*epr, text.substr(colon + 1)};
}

std::string refText(const core::identity::EprRecordRef& ref)
{
    return core::identity::eprName(ref.epr) + ":" + ref.eprId;
}

json summaryJson(const PmiUpdateSummary& summary)
{
    constexpr std::size_t kListed = 50;
    json skipped = json::array();
    for (std::size_t i = 0; i < summary.skipped.size() && i < kListed; ++i)
        skipped.push_back({{"patient", summary.skipped[i].patient},
                           {"epr", summary.skipped[i].epr},
                           {"reason", summary.skipped[i].reason}});
    return {{"fromSeq", summary.fromSeq},
            {"toSeq", summary.toSeq},
            {"patientsRead", summary.patientsRead},
            {"deletedPatients", summary.deletedPatients},
            {"recordsAdded", summary.recordsAdded},
            {"recordsUpdated", summary.recordsUpdated},
            {"recordsUnchanged", summary.recordsUnchanged},
            {"autoLinked", summary.autoLinked},
            {"reviewsQueued", summary.reviewsQueued},
            {"recordsSkipped", summary.skipped.size()},
            {"skipped", skipped}};
}

// Checks a pmi-* command's options and words before anything is opened; "" when they are fine.
std::string checkPmiUsage(const std::string& command, const Parsed& parsed)
{
    static const std::map<std::string, std::pair<std::set<std::string>, std::size_t>> kShape = {
        {"pmi-update", {{"full"}, 0}},
        {"pmi-reviews", {{}, 0}},
        {"pmi-resolve", {{"review", "link", "distinct", "by"}, 0}},
        {"pmi-link", {{"by", "reason"}, 2}},
        {"pmi-unlink", {{"by", "reason"}, 1}},
    };
    const auto& [allowed, words] = kShape.at(command);
    for (const auto& [key, value] : parsed.options)
        if (key != "pmi" && key != "pmi-key-file" && allowed.count(key) == 0)
            return "unknown option --" + key;
    if (parsed.options.count("pmi") == 0 || parsed.options.count("pmi-key-file") == 0)
        return "give the patient master index with --pmi FILE and its key with --pmi-key-file FILE";
    if (parsed.positional.size() != words + 1)
        return words == 0 ? "takes no arguments besides options"
                          : "expected " + std::to_string(words) + " record(s) as EPR:ID (e.g. Paris:P123)";
    for (std::size_t i = 1; i < parsed.positional.size(); ++i)
        if (!parseRecordRef(parsed.positional[i]))
            return "'" + parsed.positional[i] + "' is not a record as EPR:ID (EPR = Paris, Mobius or SystmOne)";
    if (allowed.count("by") != 0 && parsed.options.count("by") == 0)
        return "--by USER is required (who decided, recorded in the PMI's events)";
    if (allowed.count("reason") != 0 && parsed.options.count("reason") == 0)
        return "--reason TEXT is required (why, recorded in the PMI's events)";
    if (command == "pmi-resolve") {
        const auto found = parsed.options.find("review");
        if (found == parsed.options.end() || found->second.empty() || found->second.size() > 18 ||
            found->second.find_first_not_of("0123456789") != std::string::npos)
            return "--review needs a review number (see pmi-reviews)";
        if (parsed.options.count("link") == parsed.options.count("distinct"))
            return "give exactly one of --link and --distinct";
    }
    return {};
}

int pmiCommand(const std::string& command, Parsed& parsed)
{
    const std::string prefix = "avocet-hub admin " + command + ": ";
    if (const std::string problem = checkPmiUsage(command, parsed); !problem.empty()) {
        std::cerr << prefix << problem << "\n" << kAdminUsage;
        return kExitUsage;
    }
    const std::string& path = parsed.options["pmi"];
    std::unique_ptr<PgConnection> hub;
    if (command == "pmi-update") { // the hub first: a database that does not open leaves no new PMI file
        if (parsed.database.empty()) {
            std::cerr << prefix << kNoDatabase << "\n";
            return kExitUsage;
        }
        auto connection = openMigrated(parsed.database);
        if (!connection) {
            std::cerr << prefix << "the hub database: " << connection.message() << "\n";
            return kExitFailure;
        }
        hub = std::move(connection.value());
    }
    auto pmi = HubPmi::open(path, parsed.options["pmi-key-file"],
                            hub ? HubPmi::OpenMode::CreateIfMissing : HubPmi::OpenMode::Existing);
    if (!pmi) {
        std::cerr << prefix << pmi.message() << "\n";
        return kExitFailure;
    }
    auto& index = (*pmi)->index();
    const std::string by = parsed.options["by"];
    auto fail = [&](const core::Error& error) {
        std::cerr << prefix << error.message << " (patient master index " << path << ")\n";
        return kExitFailure;
    };

    if (command == "pmi-update") {
        auto summary = (*pmi)->updateFromHub(*hub, parsed.options.count("full") != 0);
        if (!summary)
            return fail(summary.error());
        std::cout << summaryJson(summary.value()).dump(2) << "\n";
        return kExitOk;
    }
    if (command == "pmi-reviews") {
        auto reviews = index.openReviews();
        if (!reviews)
            return fail(reviews.error());
        json listed = json::array();
        for (const auto& review : reviews.value())
            listed.push_back({{"id", review.id}, {"a", refText(review.a)}, {"b", refText(review.b)},
                              {"reason", review.reason}});
        std::cout << json{{"reviews", listed}}.dump(2) << "\n";
        return kExitOk;
    }
    if (command == "pmi-resolve") {
        const std::int64_t review = std::stoll(parsed.options["review"]);
        const bool link = parsed.options.count("link") != 0;
        auto resolved = index.resolveReview(review, link ? core::identity::ReviewDecision::Link
                                                         : core::identity::ReviewDecision::Distinct, by);
        if (!resolved)
            return fail(resolved.error());
        std::cout << "review " << review << (link ? " resolved: linked" : " resolved: distinct") << "\n";
        return kExitOk;
    }
    const auto first = *parseRecordRef(parsed.positional[1]);
    if (command == "pmi-link") {
        auto linked = index.link(first, *parseRecordRef(parsed.positional[2]), by, parsed.options["reason"]);
        if (!linked)
            return fail(linked.error());
        std::cout << "records linked\n";
        return kExitOk;
    }
    auto unlinked = index.unlink(first, by, parsed.options["reason"]);
    if (!unlinked)
        return fail(unlinked.error());
    std::cout << "record unlinked; automatic linking is blocked for it\n";
    return kExitOk;
}

// ---- audited account administration (server/AccountAdmin.h) ----------------------------------

const std::set<std::string> kAccountCommands = {"deactivate-user", "activate-user",    "set-role",
                                                "add-to-team",     "remove-from-team", "revoke-sessions",
                                                "break-glass"};

// Checks the words and options of an account command before the database is opened; "" when fine.
std::string checkAccountUsage(const std::string& command, const Parsed& parsed)
{
    const auto& words = parsed.positional;
    std::set<std::string> allowed = {"by"};
    std::size_t expected = 2; // the command and the user
    if (command == "set-role")
        allowed.insert({"role", "epr"});
    if (command == "add-to-team" || command == "remove-from-team")
        allowed.insert("team");
    if (command == "add-to-team" && parsed.options.count("team") == 0)
        expected = 3; // add-to-team USER TEAM, as before
    if (command == "break-glass") {
        if (words.size() < 2 || (words[1] != "list" && words[1] != "review"))
            return "expected 'break-glass list [--unreviewed]' or 'break-glass review ID --note TEXT'";
        allowed.insert(words[1] == "list" ? "unreviewed" : "note");
        expected = words[1] == "list" ? 2 : 3;
    }
    for (const auto& [key, value] : parsed.options)
        if (allowed.count(key) == 0)
            return "unknown option --" + key;
    if (words.size() != expected) {
        if (command == "break-glass")
            return words[1] == "list"
                       ? "'break-glass list' takes no arguments besides --unreviewed"
                       : "expected one break-glass event number: break-glass review ID --note TEXT";
        return words.size() < expected ? "expected the user name" : "too many arguments";
    }
    if (const auto by = parsed.options.find("by");
        by != parsed.options.end() && by->second.find_first_not_of(" \t") == std::string::npos)
        return "--by needs the name of the administrator acting";
    if (command == "set-role" && parsed.options.count("role") == 0)
        return "missing --role (clinician, ward_staff, change_manager, team_manager, administrator or epr_feed)";
    if (command == "set-role" && !parseRole(parsed.options.at("role")))
        return "unknown role '" + parsed.options.at("role") +
               "' (clinician, ward_staff, change_manager, team_manager, administrator or epr_feed)";
    if (command == "set-role" && parsed.options.count("epr") != 0 &&
        !core::identity::eprFromName(parsed.options.at("epr")))
        return "unknown EPR '" + parsed.options.at("epr") + "' (Paris, Mobius or SystmOne)";
    if (command == "remove-from-team" && parsed.options.count("team") == 0)
        return "missing --team TEAM";
    if ((command == "add-to-team" || command == "remove-from-team") && parsed.options.count("team") != 0 &&
        parsed.options.at("team").empty())
        return "--team needs a team name";
    if (command == "break-glass" && words[1] == "review") {
        const std::string& id = words[2];
        if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
            return "'" + id + "' is not a break-glass event number (see break-glass list)";
        const auto note = parsed.options.find("note");
        if (note == parsed.options.end() || note->second.find_first_not_of(" \t\r\n") == std::string::npos)
            return "missing --note TEXT (the reviewer's conclusion, kept with the event)";
    }
    return {};
}

int accountCommand(const std::string& command, Parsed& parsed)
{
    const std::string prefix = "avocet-hub admin " + command + ": ";
    if (const std::string problem = checkAccountUsage(command, parsed); !problem.empty()) {
        std::cerr << prefix << problem << "\n";
        return kExitUsage;
    }
    if (parsed.database.empty()) {
        std::cerr << prefix << kNoDatabase << "\n";
        return kExitUsage;
    }
    auto connection = openMigrated(parsed.database);
    if (!connection) {
        std::cerr << prefix << connection.message() << "\n";
        return kExitFailure;
    }
    AccountAdmin admin(*connection.value(), adminActorFrom(parsed.options["by"]));
    const auto& words = parsed.positional;
    AdminOutcome outcome;
    if (command == "deactivate-user") {
        outcome = admin.deactivateUser(words[1]);
    } else if (command == "activate-user") {
        outcome = admin.activateUser(words[1]);
    } else if (command == "set-role") {
        std::string epr;
        if (parsed.options.count("epr") != 0)
            epr = core::identity::eprName(*core::identity::eprFromName(parsed.options["epr"]));
        outcome = admin.setRole(words[1], *parseRole(parsed.options["role"]), epr);
    } else if (command == "add-to-team") {
        outcome =
            admin.addToTeam(words[1], parsed.options.count("team") != 0 ? parsed.options["team"] : words[2]);
    } else if (command == "remove-from-team") {
        outcome = admin.removeFromTeam(words[1], parsed.options["team"]);
    } else if (command == "revoke-sessions") {
        outcome = admin.revokeSessions(words[1]);
    } else if (words[1] == "list") {
        outcome = admin.listBreakGlass(parsed.options.count("unreviewed") != 0);
    } else {
        outcome = admin.reviewBreakGlass(std::stoll(words[2]), parsed.options["note"]);
    }
    switch (outcome.kind) {
    case AdminOutcome::Kind::Done:
        if (outcome.output.is_null())
            std::cout << outcome.message << "\n";
        else
            std::cout << outcome.output.dump(2) << "\n";
        return kExitOk;
    case AdminOutcome::Kind::BadInput:
        std::cerr << prefix << outcome.message << "\n";
        return kExitUsage;
    case AdminOutcome::Kind::Failed:
        break;
    }
    std::cerr << prefix << outcome.message << "\n";
    return kExitFailure;
}

} // namespace

int runMigrateCommand(const std::vector<std::string>& args)
{
    std::string error;
    auto parsed = parse(args, error);
    if (!parsed) {
        std::cerr << "avocet-hub migrate: " << error << "\n";
        return kExitUsage;
    }
    if (parsed->database.empty()) {
        std::cerr << "avocet-hub migrate: " << kNoDatabase << "\n";
        return kExitUsage;
    }
    auto connection = PgConnection::open(parsed->database);
    if (!connection) {
        std::cerr << "avocet-hub migrate: " << connection.message() << "\n";
        return kExitFailure;
    }
    auto version = migrateSchema(*connection.value());
    if (!version) {
        std::cerr << "avocet-hub migrate: " << version.message() << "\n";
        return kExitFailure;
    }
    std::cout << "schema version " << version.value() << "\n";
    return kExitOk;
}

// EPR feed counters (docs/hub.md, EPR feeds): no patient data, only counts per EPR and type.
int feedStats(PgConnection& connection)
{
    auto counts = connection.query("SELECT epr, resource_type, outcome, count,"
                                   " to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                                   " FROM feed_stats ORDER BY epr, resource_type, outcome");
    auto parked = connection.query("SELECT epr, resource_type, count(*),"
                                   " to_char(min(parked_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                                   " FROM feed_parked GROUP BY epr, resource_type ORDER BY epr, resource_type");
    if (!counts || !parked) {
        std::cerr << "avocet-hub admin: " << (!counts ? counts.message() : parked.message()) << "\n";
        return kExitFailure;
    }
    json feeds = json::object();
    for (int row = 0; row < counts->rows(); ++row) {
        auto& entry = feeds[counts->text(row, 0)][counts->text(row, 1)];
        entry[counts->text(row, 2)] = counts->integer(row, 3);
        const std::string last = counts->text(row, 4);
        if (!entry.contains("lastAt") || entry["lastAt"].get<std::string>() < last)
            entry["lastAt"] = last;
    }
    for (int row = 0; row < parked->rows(); ++row) {
        auto& entry = feeds[parked->text(row, 0)][parked->text(row, 1)];
        entry["parkedNow"] = parked->integer(row, 2);
        entry["oldestParkedAt"] = parked->text(row, 3);
    }
    std::cout << json{{"feeds", feeds}}.dump(2) << "\n";
    return kExitOk;
}

// `admin metrics`: the library in force (today, or on --date), read from the program itself.
int metricsCommand(const Parsed& parsed)
{
    const std::string prefix = "avocet-hub admin metrics: ";
    for (const auto& [key, value] : parsed.options) {
        if (key != "date") {
            std::cerr << prefix << "unknown option --" << key << "\n";
            return kExitUsage;
        }
    }
    auto library = core::metrics::MetricLibrary::builtin();
    if (!library) {
        std::cerr << prefix << library.message() << "\n";
        return kExitFailure;
    }
    const core::metrics::MetricSet* set = &library->latest();
    if (parsed.options.count("date") != 0) {
        if (auto bad = badDate("--date", parsed.options.at("date")); bad) {
            std::cerr << prefix << *bad << "\n";
            return kExitUsage;
        }
        auto active = library->activeOn(parsed.options.at("date"));
        if (!active) {
            std::cerr << prefix << active.message() << "\n";
            return kExitFailure;
        }
        set = *active;
    }
    std::cout << libraryJson(*set).dump(2) << "\n";
    return kExitOk;
}

// `admin report`: one metric for a scheduled extract, over every team (or --team), as JSON or CSV.
int reportCommand(const Parsed& parsed)
{
    const std::string prefix = "avocet-hub admin report: ";
    for (const auto& [key, value] : parsed.options) {
        if (key != "metric" && key != "from" && key != "to" && key != "team" && key != "csv" && key != "json") {
            std::cerr << prefix << "unknown option --" << key << "\n";
            return kExitUsage;
        }
    }
    for (const char* needed : {"metric", "from", "to"}) {
        if (parsed.options.count(needed) == 0) {
            std::cerr << prefix << "missing --" << needed << " (report --metric ID --from DATE --to DATE)\n";
            return kExitUsage;
        }
    }
    if (parsed.options.count("csv") != 0 && parsed.options.count("json") != 0) {
        std::cerr << prefix << "give --csv or --json, not both\n";
        return kExitUsage;
    }
    const std::string from = parsed.options.at("from");
    const std::string to = parsed.options.at("to");
    for (const auto& [name, value] : {std::pair{"--from", from}, std::pair{"--to", to}}) {
        if (auto bad = badDate(name, value); bad) {
            std::cerr << prefix << *bad << "\n";
            return kExitUsage;
        }
    }
    if (to < from) {
        std::cerr << prefix << "the period ends (--to " << to << ") before it starts (--from " << from << ")\n";
        return kExitUsage;
    }
    auto library = core::metrics::MetricLibrary::builtin();
    if (!library) {
        std::cerr << prefix << library.message() << "\n";
        return kExitFailure;
    }
    auto set = library->activeOn(to);
    if (!set) {
        std::cerr << prefix << set.message() << "\n";
        return kExitFailure;
    }
    const core::metrics::Metric* metric = (*set)->find(parsed.options.at("metric"));
    if (!metric) {
        std::cerr << prefix << "no metric '" << parsed.options.at("metric") << "' in the library in force on " << to
                  << " (avocet-hub admin metrics lists them)\n";
        return kExitUsage;
    }
    if (parsed.database.empty()) {
        std::cerr << prefix << kNoDatabase << "\n";
        return kExitUsage;
    }
    auto connection = openMigrated(parsed.database);
    if (!connection) {
        std::cerr << prefix << connection.message() << "\n";
        return kExitFailure;
    }
    ReportScope scope;
    scope.from = from;
    scope.to = to;
    scope.everyTeam = true;
    if (parsed.options.count("team") != 0) {
        scope.team = parsed.options.at("team");
        auto team = connection.value()->query("SELECT 1 FROM teams WHERE name = $1", {*scope.team});
        if (!team) {
            std::cerr << prefix << team.message() << "\n";
            return kExitFailure;
        }
        if (team->rows() == 0) {
            std::cerr << prefix << "no team called '" << *scope.team << "'\n";
            return kExitUsage;
        }
    }
    auto computed = computeMetric(*connection.value(), *metric, (*set)->version, scope);
    if (!computed) {
        std::cerr << prefix << computed.message() << "\n";
        return kExitFailure;
    }
    if (parsed.options.count("csv") != 0)
        std::cout << reportCsv(*computed);
    else
        std::cout << reportJson(*computed).dump(2) << "\n";
    return kExitOk;
}

int importCommand(Parsed& parsed)
{
    const std::string prefix = "avocet-hub admin import: ";
    for (const auto& [key, value] : parsed.options) {
        if (key != "epr" && key != "batch") {
            std::cerr << prefix << "unknown option --" << key << "\n";
            return kExitUsage;
        }
    }
    FeedImportOptions options;
    const auto epr = core::identity::eprFromName(parsed.options["epr"]);
    if (!epr) {
        std::cerr << prefix
                  << (parsed.options["epr"].empty()
                          ? std::string("missing --epr Paris|Mobius|SystmOne")
                          : "unknown EPR '" + parsed.options["epr"] + "' (Paris, Mobius or SystmOne)")
                  << "\n";
        return kExitUsage;
    }
    options.epr = core::identity::eprName(*epr);
    if (parsed.options.count("batch") != 0) {
        const std::string& batch = parsed.options["batch"];
        if (batch.empty() || batch.size() > 5 || batch.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(batch) < 1 || std::stoi(batch) > 10000) {
            std::cerr << prefix << "--batch must be a number of lines from 1 to 10000\n";
            return kExitUsage;
        }
        options.batchSize = std::stoi(batch);
    }
    options.files.assign(parsed.positional.begin() + 1, parsed.positional.end());
    if (options.files.empty()) {
        std::cerr << prefix << "give one or more NDJSON files (one resource type per file)\n";
        return kExitUsage;
    }
    for (const auto& file : options.files) {
        if (!std::ifstream(file)) {
            std::cerr << prefix << "cannot read " << file << "\n";
            return kExitUsage;
        }
    }
    if (const char* kill = std::getenv("AVOCET_HUB_TEST_IMPORT_KILL_AT_LINE"); kill != nullptr)
        options.killAtLine = std::atoll(kill);
    if (parsed.database.empty()) {
        std::cerr << prefix << kNoDatabase << "\n";
        return kExitUsage;
    }
    auto connection = openMigrated(parsed.database);
    if (!connection) {
        std::cerr << prefix << connection.message() << "\n";
        return kExitFailure;
    }
    long long rejectedLines = 0;
    auto summary = importFeedFiles(
        *connection.value(), options,
        [&](const std::string& line) {
            ++rejectedLines;
            std::cerr << prefix << line << "\n";
        },
        [&](const std::string& line) { std::cerr << line << "\n"; });
    if (!summary) {
        std::cerr << prefix << summary.message()
                  << " (committed batches are kept; run the same command again to resume)\n";
        return kExitFailure;
    }
    std::cout << summary->dump(2) << "\n";
    return kExitOk;
}

int runAdminCommand(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "help" || args[0] == "--help") {
        std::cout << kAdminUsage;
        return args.empty() ? kExitUsage : kExitOk;
    }
    std::string error;
    auto parsed = parse(args, error);
    if (!parsed || parsed->positional.empty()) {
        std::cerr << "avocet-hub admin: " << (error.empty() ? "no command given" : error) << "\n" << kAdminUsage;
        return kExitUsage;
    }
    const auto& words = parsed->positional;
    const std::string& command = words[0];
    auto need = [&](std::size_t count) {
        if (words.size() == count + 1)
            return true;
        std::cerr << "avocet-hub admin " << command << ": expected " << count << " argument(s)\n" << kAdminUsage;
        return false;
    };
    static const std::vector<std::string> known = {
        "create-team", "create-user",        "set-password", "assign-caseload", "remove-from-caseload",
        "list-users",  "break-glass-report", "resend",       "feed-stats"};
    if (kPmiCommands.count(command) != 0)
        return pmiCommand(command, *parsed);
    if (kAccountCommands.count(command) != 0)
        return accountCommand(command, *parsed);
    if (command == "import")
        return importCommand(*parsed);
    if (command == "metrics")
        return metricsCommand(*parsed);
    if (command == "report")
        return reportCommand(*parsed);
    if (std::find(known.begin(), known.end(), command) == known.end()) {
        std::cerr << "avocet-hub admin: unknown command '" << command << "'\n" << kAdminUsage;
        return kExitUsage;
    }
    if (parsed->database.empty()) {
        std::cerr << "avocet-hub admin: " << kNoDatabase << "\n";
        return kExitUsage;
    }
    auto connection = openMigrated(parsed->database);
    if (!connection) {
        std::cerr << "avocet-hub admin: " << connection.message() << "\n";
        return kExitFailure;
    }
    AccessControl access(*connection.value());

    if (command == "create-team") {
        if (!need(1))
            return kExitUsage;
        return report(access.createTeam(words[1]), "team created");
    }
    if (command == "create-user") {
        if (!need(1))
            return kExitUsage;
        const auto role = parseRole(parsed->options["role"]);
        if (!role) {
            std::cerr << "avocet-hub admin create-user: --role must be clinician, ward_staff, change_manager, "
                         "team_manager, administrator or epr_feed\n";
            return kExitUsage;
        }
        std::string epr;
        if (parsed->options.count("epr") != 0) {
            const auto named = core::identity::eprFromName(parsed->options["epr"]);
            if (!named) {
                std::cerr << "avocet-hub admin create-user: --epr must be Paris, Mobius or SystmOne\n";
                return kExitUsage;
            }
            epr = core::identity::eprName(*named);
        }
        if ((*role == Role::EprFeed) != !epr.empty()) {
            std::cerr << "avocet-hub admin create-user: "
                      << (epr.empty() ? "an epr_feed account needs --epr Paris|Mobius|SystmOne"
                                      : "--epr is only for --role epr_feed")
                      << "\n";
            return kExitUsage;
        }
        if (*role == Role::EprFeed && parsed->options.count("team") != 0) {
            std::cerr << "avocet-hub admin create-user: an epr_feed account belongs to no team\n";
            return kExitUsage;
        }
        if (auto created = access.createUser(words[1], *role, readPassword(), parsed->options["display-name"], epr);
            !created)
            return report(created, "");
        if (parsed->options.count("team") != 0)
            return report(access.addUserToTeam(words[1], parsed->options["team"]), "user created");
        std::cout << "user created\n";
        return kExitOk;
    }
    if (command == "set-password") {
        if (!need(1))
            return kExitUsage;
        return report(access.setPassword(words[1], readPassword()), "password changed; sessions revoked");
    }
    if (command == "assign-caseload" || command == "remove-from-caseload") {
        if (!need(2))
            return kExitUsage;
        const std::string patientId = words[2].rfind("Patient/", 0) == 0 ? words[2].substr(8) : words[2];
        if (!isValidResourceId(patientId)) {
            std::cerr << "avocet-hub admin: '" << patientId << "' is not a valid Patient id\n";
            return kExitUsage;
        }
        if (command == "assign-caseload")
            return report(access.assignCaseload(words[1], "Patient/" + patientId), "patient assigned to caseload");
        return report(access.removeFromCaseload(words[1], "Patient/" + patientId), "patient removed from caseload");
    }
    if (command == "resend")
        return resend(*connection.value(), *parsed);
    if (command == "feed-stats") {
        if (!need(0))
            return kExitUsage;
        return feedStats(*connection.value());
    }
    if (command == "list-users" || command == "break-glass-report") {
        auto listed = command == "list-users" ? access.listUsers() : access.breakGlassReport();
        if (!listed) {
            std::cerr << "avocet-hub admin: " << listed.message() << "\n";
            return kExitFailure;
        }
        std::cout << listed->dump(2) << "\n";
        return kExitOk;
    }
    return kExitUsage;
}

} // namespace avocet::hub

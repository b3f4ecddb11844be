#include "server/AdminCommands.h"

#include "server/AccessControl.h"
#include "server/EprChannel.h"
#include "server/FhirTypes.h"
#include "server/PgConnection.h"
#include "server/Schema.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

namespace avocet::hub {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char* kAdminUsage =
    "usage: avocet-hub admin [--database CONNINFO] <command>\n"
    "  create-team TEAM\n"
    "  create-user USER --role clinician|ward_staff|change_manager|administrator [--team TEAM] [--display-name NAME]\n"
    "  set-password USER\n"
    "  add-to-team USER TEAM\n"
    "  assign-caseload TEAM PATIENT_ID\n"
    "  remove-from-caseload TEAM PATIENT_ID\n"
    "  list-users\n"
    "  break-glass-report\n"
    "  resend --message ID [--reason TEXT]      put one failed EPR message back in its channel\n"
    "  resend --epr Paris|Mobius|SystmOne --failed [--reason TEXT]   every failed message of that EPR\n"
    "    (same idempotency key and payload; a new receipt version and an AuditEvent per message)\n"
    "Passwords come from AVOCET_HUB_PASSWORD or one line on stdin, never from the command line.\n"
    "The database defaults to AVOCET_HUB_DATABASE.\n";

struct Parsed
{
    std::string database;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

std::optional<Parsed> parse(const std::vector<std::string>& args, std::string& error)
{
    Parsed parsed;
    if (const char* environment = std::getenv("AVOCET_HUB_DATABASE"); environment != nullptr)
        parsed.database = environment;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--failed") { // the one flag without a value
            parsed.options["failed"] = "yes";
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
    if (parsed.database.empty()) {
        error = "no database: give --database CONNINFO or set AVOCET_HUB_DATABASE";
        return std::nullopt;
    }
    return parsed;
}

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

} // namespace

int runMigrateCommand(const std::vector<std::string>& args)
{
    std::string error;
    auto parsed = parse(args, error);
    if (!parsed) {
        std::cerr << "avocet-hub migrate: " << error << "\n";
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
    static const std::vector<std::string> known = {"create-team",     "create-user",          "set-password",
                                                   "add-to-team",     "assign-caseload",      "remove-from-caseload",
                                                   "list-users",      "break-glass-report",   "resend"};
    if (std::find(known.begin(), known.end(), command) == known.end()) {
        std::cerr << "avocet-hub admin: unknown command '" << command << "'\n" << kAdminUsage;
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
            std::cerr << "avocet-hub admin create-user: --role must be clinician, ward_staff, change_manager or "
                         "administrator\n";
            return kExitUsage;
        }
        if (auto created = access.createUser(words[1], *role, readPassword(), parsed->options["display-name"]);
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
    if (command == "add-to-team") {
        if (!need(2))
            return kExitUsage;
        return report(access.addUserToTeam(words[1], words[2]), "user added to team");
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

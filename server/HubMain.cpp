#include "server/HubMain.h"

#include "server/AdminCommands.h"
#include "server/DeliveryWorker.h"
#include "server/EprChannel.h"
#include "server/MappingRegistry.h"
#include "server/HttpServerAdapter.h"
#include "server/HubOptions.h"
#include "server/HubRouter.h"
#include "server/Log.h"
#include "server/OidcSignOn.h"
#include "server/PgConnection.h"
#include "server/Schema.h"

#include "core/mapping/EprMapping.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <string>
#include <vector>

namespace avocet::hub {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Blocks the termination signals in this thread (and every thread started after), so they are
// only ever received by sigwait() below and never interrupt a request half-way.
sigset_t blockTerminationSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    return signals;
}

// No core dumps and no ptrace attach by other processes of the same user: a hub's memory holds
// passwords being checked, tokens and patient records. --allow-core-dumps keeps both for debugging.
void hardenProcess(bool allowCoreDumps)
{
    if (!allowCoreDumps) {
        const rlimit none{0, 0};
        (void)setrlimit(RLIMIT_CORE, &none);
        (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    // Slow and idle clients each hold a descriptor: allow as many as the hard limit permits.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &files);
    }
}

// Running from the build tree, the repository's resources are the default data directories.
void fillResourceDefaults(HubOptions& options)
{
    if (options.mappingsDirectory.empty())
        options.mappingsDirectory = defaultResourceDirectory("mappings");
    if (options.templatesDirectory.empty())
        options.templatesDirectory = defaultResourceDirectory("templates");
    if (options.cataloguesDirectory.empty())
        options.cataloguesDirectory = defaultResourceDirectory("epr");
    if (options.routingFile.empty()) {
        const std::string epr = defaultResourceDirectory("epr");
        if (!epr.empty())
            options.routingFile = epr + "/routing.json";
    }
}

core::Result<std::shared_ptr<DeliveryPlanner>> prepareDelivery(const HubOptions& options, PgConnection& connection)
{
    auto registry = MappingRegistry::load(options);
    if (!registry)
        return registry.error();
    if (auto published = (*registry)->publishDirectory(connection); !published)
        return published.error();
    std::optional<core::identity::RoutingRules> routing;
    if (!options.routingFile.empty()) {
        auto document = core::mapping::readJsonFile(options.routingFile);
        if (!document)
            return document.error();
        auto rules = core::identity::RoutingRules::parse(*document, options.routingFile);
        if (!rules)
            return rules.error();
        routing = std::move(rules.value());
    }
    std::shared_ptr<HubPmi> pmi;
    if (!options.pmiFile.empty()) {
        if (options.pmiKeyFile.empty())
            return core::makeError(core::ErrorCode::InvalidArgument, "--pmi needs --pmi-key-file");
        auto opened = HubPmi::open(options.pmiFile, options.pmiKeyFile);
        if (!opened)
            return opened.error();
        pmi = opened.value();
    }
    std::set<std::string> recipients;
    for (const auto& [code, url] : options.recipientEndpoints)
        recipients.insert(code);
    return std::make_shared<DeliveryPlanner>(registry.value(), std::move(routing), std::move(pmi), std::move(recipients));
}

int serve(const std::vector<std::string>& args)
{
    auto options = parseHubOptions(args);
    if (!options) {
        std::cerr << "avocet-hub: " << options.message() << "\n";
        return kExitUsage;
    }
    if (auto policy = checkTransportPolicy(options.value()); !policy) {
        std::cerr << "avocet-hub: " << policy.message() << "\n";
        return kExitUsage;
    }
    if (auto key = checkOidcTokenKey(options.value()); !key) {
        std::cerr << "avocet-hub: " << key.message() << "\n";
        return kExitUsage;
    }
    hardenProcess(options->allowCoreDumps);
    const sigset_t signals = blockTerminationSignals();

    fillResourceDefaults(options.value());
    std::shared_ptr<ConnectionPool> pool;
    std::shared_ptr<DeliveryPlanner> delivery;
    if (!options->databaseConninfo.empty()) {
        auto connection = PgConnection::open(options->databaseConninfo);
        if (!connection) {
            std::cerr << "avocet-hub: " << connection.message() << "\n";
            return kExitFailure;
        }
        auto version = migrateSchema(*connection.value());
        if (!version) {
            std::cerr << "avocet-hub: " << version.message() << "\n";
            return kExitFailure;
        }
        logEvent("info", "schema", {{"version", version.value()}});
        pool = std::make_shared<ConnectionPool>(options->databaseConninfo,
                                                static_cast<std::size_t>(options->threads) + 3); // + 1 for the search read-ahead
        auto prepared = prepareDelivery(options.value(), *connection.value());
        if (!prepared) {
            std::cerr << "avocet-hub: " << prepared.message() << "\n";
            return kExitFailure;
        }
        delivery = prepared.value();
    }
    auto router = std::make_shared<HubRouter>(options.value(), pool, delivery);
    DeliveryWorker worker(options.value());
    HttpServerAdapter server(options.value(), router);
    if (auto started = server.start(); !started) {
        std::cerr << "avocet-hub: " << started.message() << "\n";
        return kExitFailure;
    }
    if (pool)
        worker.start();
    std::cout << "LISTENING " << server.port() << std::endl;
    logEvent("info", "started",
             {{"bind", options->bindAddress}, {"port", server.port()}, {"tls", options->usesTls()}});

    int received = 0;
    sigwait(&signals, &received);
    logEvent("info", "stopping", {{"signal", received}});
    server.stop();
    worker.stop();
    logEvent("info", "stopped");
    return kExitOk;
}

} // namespace

int runHubCommand(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--version" || args[0] == "version")) {
        std::cout << "avocet-hub " << AVOCET_VERSION << "\n";
        return kExitOk;
    }
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
        std::cout << hubUsage();
        return kExitOk;
    }
    if (!args.empty() && args[0] == "admin")
        return runAdminCommand({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "migrate")
        return runMigrateCommand({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "serve")
        args.erase(args.begin());
    else if (!args.empty() && args[0].rfind("--", 0) != 0) {
        std::cerr << "avocet-hub: unknown command '" << args[0] << "'\n" << hubUsage();
        return kExitUsage;
    }
    return serve(args);
}

} // namespace avocet::hub

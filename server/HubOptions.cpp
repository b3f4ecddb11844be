#include "server/HubOptions.h"

#include <Poco/Net/IPAddress.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

extern char** environ;

namespace avocet::hub {
namespace {

using core::ErrorCode;
using core::makeError;

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

core::Status readConfigFile(const std::string& path, std::map<std::string, std::string>& settings)
{
    std::ifstream in(path);
    if (!in)
        return makeError(ErrorCode::IoError, "cannot read config file " + path);
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#')
            continue;
        const auto equals = text.find('=');
        if (equals == std::string::npos)
            return makeError(ErrorCode::ParseError,
                             path + ":" + std::to_string(lineNumber) + ": expected 'key = value'");
        settings[trim(text.substr(0, equals))] = trim(text.substr(equals + 1));
    }
    return core::Status::success();
}

core::Result<int> parseInt(const std::string& key, const std::string& value, int minimum, int maximum)
{
    try {
        std::size_t used = 0;
        const long parsed = std::stol(value, &used);
        if (used != value.size() || parsed < minimum || parsed > maximum)
            throw std::out_of_range(key);
        return static_cast<int>(parsed);
    } catch (const std::exception&) {
        return makeError(ErrorCode::InvalidArgument, key + " must be a whole number from " + std::to_string(minimum) +
                                                          " to " + std::to_string(maximum) + ", got '" + value + "'");
    }
}

std::string canonicalEprName(const std::string& name)
{
    std::string lower;
    for (const char c : name)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower == "paris")
        return "Paris";
    if (lower == "mobius")
        return "Mobius";
    if (lower == "systmone")
        return "SystmOne";
    return {};
}

struct IntegerOption
{
    int* target = nullptr;
    int minimum = 0;
    int maximum = 0;
};

IntegerOption integerOption(HubOptions& options, const std::string& key)
{
    if (key == "session-max-seconds")
        return {&options.sessionMaxSeconds, 1, 90 * 24 * 3600};
    if (key == "head-timeout-seconds")
        return {&options.headTimeoutSeconds, 1, 600};
    if (key == "keep-alive-seconds")
        return {&options.keepAliveSeconds, 1, 3600};
    if (key == "max-connections")
        return {&options.maxConnections, 16, 1 << 20};
    if (key == "max-connections-per-address")
        return {&options.maxConnectionsPerAddress, 0, 1 << 20};
    if (key == "max-queued")
        return {&options.maxQueued, 1, 1 << 16};
    if (key == "login-account-source-failures")
        return {&options.loginAccountSourceFailures, 1, 1000};
    if (key == "login-source-failures")
        return {&options.loginSourceFailures, 1, 100000};
    if (key == "login-account-failures")
        return {&options.loginAccountFailures, 1, 100000};
    if (key == "login-window-seconds")
        return {&options.loginWindowSeconds, 1, 7 * 24 * 3600};
    if (key == "login-lock-seconds")
        return {&options.loginLockSeconds, 1, 24 * 3600};
    if (key == "oidc-leeway-seconds")
        return {&options.oidcLeewaySeconds, 0, 600};
    if (key == "oidc-key-refetch-seconds")
        return {&options.oidcKeyRefetchSeconds, 0, 24 * 3600};
    if (key == "oidc-keys-max-age-seconds")
        return {&options.oidcKeysMaxAgeSeconds, 0, 24 * 3600};
    if (key == "oidc-timeout-ms")
        return {&options.oidcTimeoutMs, 100, 120000};
    return {};
}

// "clinician teams=north-community,north-crisis", "change_manager", "teams=south-ward".
core::Status applyGroupRule(HubOptions& options, const std::string& group, const std::string& rule)
{
    if (group.empty())
        return makeError(ErrorCode::InvalidArgument, "oidc-group needs a group name");
    OidcGroupRule parsed;
    std::size_t start = 0;
    while (start < rule.size()) {
        auto end = rule.find_first_of(" \t", start);
        if (end == std::string::npos)
            end = rule.size();
        const std::string word = rule.substr(start, end - start);
        start = end + 1;
        if (word.empty())
            continue;
        if (word.rfind("teams=", 0) == 0) {
            std::size_t from = 6;
            while (from <= word.size()) {
                auto comma = word.find(',', from);
                if (comma == std::string::npos)
                    comma = word.size();
                if (comma > from)
                    parsed.teams.push_back(word.substr(from, comma - from));
                from = comma + 1;
            }
        } else if (word == "clinician" || word == "ward_staff" || word == "change_manager" || word == "administrator" ||
                   word == "team_manager") {
            if (!parsed.role.empty())
                return makeError(ErrorCode::InvalidArgument, "oidc group '" + group + "' names two roles");
            parsed.role = word;
        } else {
            return makeError(ErrorCode::InvalidArgument,
                             "oidc group '" + group + "': '" + word +
                                 "' is neither a role (clinician, ward_staff, change_manager, team_manager, "
                                 "administrator) nor "
                                 "teams=NAME,...");
        }
    }
    if (parsed.role.empty() && parsed.teams.empty())
        return makeError(ErrorCode::InvalidArgument, "oidc group '" + group + "' gives neither a role nor teams");
    options.oidcGroups[group] = std::move(parsed);
    return core::Status::success();
}

core::Status apply(HubOptions& options, const std::string& key, const std::string& value)
{
    if (key == "oidc-issuer") {
        if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
            return makeError(ErrorCode::InvalidArgument, "oidc-issuer must be an http(s) URL, got '" + value + "'");
        options.oidcIssuer = value;
    } else if (key == "oidc-client-id") {
        options.oidcClientId = value;
    } else if (key == "oidc-client-secret-file") {
        options.oidcClientSecretFile = value;
    } else if (key == "oidc-groups-claim") {
        options.oidcGroupsClaim = value;
    } else if (key == "oidc-username-claim") {
        options.oidcUsernameClaim = value;
    } else if (key == "oidc-scopes") {
        options.oidcScopes = value;
    } else if (key == "oidc-token-key-file") {
        options.oidcTokenKeyFile = value;
    } else if (key == "oidc-group") {
        // "--oidc-group GROUP=RULE" (command line), or "oidc-group-GROUP = RULE" (config file).
        const auto equals = value.find('=');
        if (equals == std::string::npos)
            return makeError(ErrorCode::InvalidArgument, "--oidc-group needs GROUP=RULE, got '" + value + "'");
        return applyGroupRule(options, trim(value.substr(0, equals)), trim(value.substr(equals + 1)));
    } else if (key.rfind("oidc-group-", 0) == 0) {
        return applyGroupRule(options, key.substr(std::string("oidc-group-").size()), value);
    } else if (key == "local-accounts") {
        if (value != "true" && value != "false")
            return makeError(ErrorCode::InvalidArgument, "local-accounts must be true or false, got '" + value + "'");
        options.localAccounts = value == "true";
    } else if (key == "bind") {
        options.bindAddress = value == "localhost" ? "127.0.0.1" : value;
    } else if (key == "port") {
        auto port = parseInt(key, value, 0, 65535);
        if (!port)
            return port.error();
        options.port = static_cast<std::uint16_t>(port.value());
    } else if (key == "database") {
        options.databaseConninfo = value;
    } else if (key == "tls-cert") {
        options.tlsCertificateFile = value;
    } else if (key == "tls-key") {
        options.tlsPrivateKeyFile = value;
    } else if (key == "threads") {
        auto threads = parseInt(key, value, 1, 1024);
        if (!threads)
            return threads.error();
        options.threads = threads.value();
    } else if (key == "max-body-bytes") {
        auto bytes = parseInt(key, value, 1024, 1 << 30);
        if (!bytes)
            return bytes.error();
        options.maxBodyBytes = static_cast<std::size_t>(bytes.value());
    } else if (key == "token-seconds") {
        auto seconds = parseInt(key, value, 1, 7 * 24 * 3600);
        if (!seconds)
            return seconds.error();
        options.accessTokenSeconds = seconds.value();
    } else if (key == "refresh-seconds") {
        auto seconds = parseInt(key, value, 1, 90 * 24 * 3600);
        if (!seconds)
            return seconds.error();
        options.refreshTokenSeconds = seconds.value();
    } else if (key == "shutdown-grace-seconds") {
        auto seconds = parseInt(key, value, 0, 3600);
        if (!seconds)
            return seconds.error();
        options.shutdownGraceSeconds = seconds.value();
    } else if (key == "mappings") {
        options.mappingsDirectory = value;
    } else if (key == "templates") {
        options.templatesDirectory = value;
    } else if (key == "catalogues") {
        options.cataloguesDirectory = value;
    } else if (key == "routing") {
        options.routingFile = value;
    } else if (key == "pmi") {
        options.pmiFile = value;
    } else if (key == "pmi-key-file") {
        options.pmiKeyFile = value;
    } else if (key == "epr-endpoint" || key.rfind("epr-endpoint-", 0) == 0) {
        // "--epr-endpoint Paris=http://..." or "epr-endpoint-paris = http://..." (config file).
        std::string epr;
        std::string url = value;
        if (key == "epr-endpoint") {
            const auto equals = value.find('=');
            if (equals == std::string::npos)
                return makeError(ErrorCode::InvalidArgument, "--epr-endpoint needs EPR=URL, got '" + value + "'");
            epr = trim(value.substr(0, equals));
            url = trim(value.substr(equals + 1));
        } else {
            epr = key.substr(std::string("epr-endpoint-").size());
        }
        const auto canonical = canonicalEprName(epr);
        if (canonical.empty())
            return makeError(ErrorCode::InvalidArgument, "unknown EPR '" + epr + "' (Paris, Mobius or SystmOne)");
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            return makeError(ErrorCode::InvalidArgument, "EPR endpoint for " + canonical + " must be an http(s) URL");
        options.eprEndpoints[canonical] = url;
    } else if (key == "recipient-endpoint" || key.rfind("recipient-endpoint-", 0) == 0) {
        // "--recipient-endpoint Y90001=https://..." or "recipient-endpoint-y90001 = https://..." (config file).
        std::string code;
        std::string url = value;
        if (key == "recipient-endpoint") {
            const auto equals = value.find('=');
            if (equals == std::string::npos)
                return makeError(ErrorCode::InvalidArgument,
                                 "--recipient-endpoint needs ODS-CODE=URL, got '" + value + "'");
            code = trim(value.substr(0, equals));
            url = trim(value.substr(equals + 1));
        } else {
            code = key.substr(std::string("recipient-endpoint-").size());
        }
        for (char& c : code)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const bool wellFormed = code.size() >= 3 && code.size() <= 8 &&
                                std::all_of(code.begin(), code.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
        if (!wellFormed)
            return makeError(ErrorCode::InvalidArgument,
                             "recipient-endpoint: '" + code + "' is not an ODS code (3 to 8 letters and digits)");
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            return makeError(ErrorCode::InvalidArgument, "the endpoint for ODS code " + code + " must be an http(s) URL");
        options.recipientEndpoints[code] = url;
    } else if (key == "delivery-workers") {
        auto n = parseInt(key, value, 0, 64);
        if (!n)
            return n.error();
        options.deliveryWorkers = n.value();
    } else if (key == "delivery-timeout-ms") {
        auto n = parseInt(key, value, 10, 600000);
        if (!n)
            return n.error();
        options.deliveryTimeoutMs = n.value();
    } else if (key == "delivery-backoff-ms") {
        auto n = parseInt(key, value, 1, 3600000);
        if (!n)
            return n.error();
        options.deliveryBackoffMs = n.value();
    } else if (key == "delivery-backoff-max-ms") {
        auto n = parseInt(key, value, 1, 24 * 3600000);
        if (!n)
            return n.error();
        options.deliveryBackoffMaxMs = n.value();
    } else if (key == "delivery-poll-ms") {
        auto n = parseInt(key, value, 5, 600000);
        if (!n)
            return n.error();
        options.deliveryPollMs = n.value();
    } else if (key == "delivery-lease-seconds") {
        auto n = parseInt(key, value, 1, 3600);
        if (!n)
            return n.error();
        options.deliveryLeaseSeconds = n.value();
    } else if (key == "public-url") {
        if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
            return makeError(ErrorCode::InvalidArgument, "public-url must be an http(s) URL, got '" + value + "'");
        options.publicUrl = value;
        while (!options.publicUrl.empty() && options.publicUrl.back() == '/')
            options.publicUrl.pop_back();
    } else if (key == "trusted-proxies") {
        options.trustedProxies.clear();
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(',', start);
            if (end == std::string::npos)
                end = value.size();
            const std::string address = trim(value.substr(start, end - start));
            Poco::Net::IPAddress parsed;
            if (!address.empty()) {
                if (!Poco::Net::IPAddress::tryParse(address, parsed))
                    return makeError(ErrorCode::InvalidArgument, "trusted-proxies: '" + address + "' is not an IP address");
                options.trustedProxies.push_back(parsed.toString());
            }
            start = end + 1;
        }
    } else if (key == "login-max-body-bytes") {
        auto bytes = parseInt(key, value, 256, 1 << 20);
        if (!bytes)
            return bytes.error();
        options.loginMaxBodyBytes = static_cast<std::size_t>(bytes.value());
    } else if (key == "test-metrics" || key == "allow-core-dumps") {
        if (value != "true" && value != "false")
            return makeError(ErrorCode::InvalidArgument, key + " must be true or false, got '" + value + "'");
        (key == "test-metrics" ? options.testMetrics : options.allowCoreDumps) = value == "true";
    } else if (const auto found = integerOption(options, key); found.target != nullptr) {
        auto n = parseInt(key, value, found.minimum, found.maximum);
        if (!n)
            return n.error();
        *found.target = n.value();
    } else {
        return makeError(ErrorCode::InvalidArgument, "unknown option '" + key + "'; see --help");
    }
    return core::Status::success();
}

const std::map<std::string, std::string> kEnvironmentKeys = {
    {"AVOCET_HUB_BIND", "bind"},         {"AVOCET_HUB_PORT", "port"},
    {"AVOCET_HUB_DATABASE", "database"}, {"AVOCET_HUB_TLS_CERT", "tls-cert"},
    {"AVOCET_HUB_TLS_KEY", "tls-key"},   {"AVOCET_HUB_THREADS", "threads"},
    {"AVOCET_HUB_TOKEN_SECONDS", "token-seconds"},
    {"AVOCET_HUB_MAPPINGS", "mappings"},
    {"AVOCET_HUB_EPR_ENDPOINT_PARIS", "epr-endpoint-paris"},
    {"AVOCET_HUB_EPR_ENDPOINT_MOBIUS", "epr-endpoint-mobius"},
    {"AVOCET_HUB_EPR_ENDPOINT_SYSTMONE", "epr-endpoint-systmone"},
    {"AVOCET_HUB_OIDC_ISSUER", "oidc-issuer"},
    {"AVOCET_HUB_OIDC_CLIENT_ID", "oidc-client-id"},
};

std::map<std::string, std::string> processEnvironment()
{
    std::map<std::string, std::string> environment;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string::npos && text.rfind("AVOCET_HUB_", 0) == 0)
            environment[text.substr(0, equals)] = text.substr(equals + 1);
    }
    return environment;
}

} // namespace

core::Result<HubOptions> parseHubOptions(const std::vector<std::string>& args)
{
    return parseHubOptions(args, processEnvironment());
}

core::Result<HubOptions> parseHubOptions(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& environment)
{
    std::vector<std::pair<std::string, std::string>> commandLine;
    std::string configFile;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0)
            return makeError(ErrorCode::InvalidArgument, "unexpected argument '" + arg + "'; see --help");
        std::string key = arg.substr(2);
        std::string value;
        if (key == "test-metrics" || key == "allow-core-dumps") {
            commandLine.emplace_back(key, "true"); // flags: no value
            continue;
        }
        if (const auto equals = key.find('='); equals != std::string::npos) {
            value = key.substr(equals + 1);
            key = key.substr(0, equals);
        } else {
            if (i + 1 >= args.size())
                return makeError(ErrorCode::InvalidArgument, "option --" + key + " needs a value");
            value = args[++i];
        }
        if (key == "config")
            configFile = value;
        else
            commandLine.emplace_back(key, value);
    }

    std::map<std::string, std::string> fileSettings;
    if (!configFile.empty()) {
        if (auto status = readConfigFile(configFile, fileSettings); !status)
            return status.error();
    }
    HubOptions options;
    for (const auto& [key, value] : fileSettings) {
        if (auto status = apply(options, key, value); !status)
            return makeError(status.code(), configFile + ": " + status.message());
    }
    for (const auto& [name, key] : kEnvironmentKeys) {
        if (auto found = environment.find(name); found != environment.end()) {
            if (auto status = apply(options, key, found->second); !status)
                return makeError(status.code(), name + ": " + status.message());
        }
    }
    for (const auto& [key, value] : commandLine) {
        if (auto status = apply(options, key, value); !status)
            return status.error();
    }
    return options;
}

core::Status checkTransportPolicy(const HubOptions& options)
{
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(options.bindAddress, address))
        return makeError(ErrorCode::InvalidArgument,
                         "--bind needs an IP address (or 'localhost'), got '" + options.bindAddress + "'");
    if (options.tlsCertificateFile.empty() != options.tlsPrivateKeyFile.empty())
        return makeError(ErrorCode::InvalidArgument, "give both --tls-cert and --tls-key, or neither");
    std::map<std::string, std::string> channels = options.eprEndpoints;
    for (const auto& [code, url] : options.recipientEndpoints)
        channels["ODS " + code] = url;
    for (const auto& [epr, url] : channels) {
        // Submissions leave the hub only over TLS, except to a loopback test or relay endpoint.
        if (url.rfind("http://", 0) != 0)
            continue;
        const auto hostStart = std::string("http://").size();
        const auto hostEnd = url.find_first_of(":/", hostStart);
        const std::string host = url.substr(hostStart, hostEnd == std::string::npos ? std::string::npos : hostEnd - hostStart);
        Poco::Net::IPAddress endpointAddress;
        const bool loopback = host == "localhost" ||
                              (Poco::Net::IPAddress::tryParse(host, endpointAddress) && endpointAddress.isLoopback());
        if (!loopback)
            return makeError(ErrorCode::InvalidArgument,
                             "the " + epr + " endpoint must use https:// (plain http only to a loopback address)");
    }
    if (options.usesOidc()) {
        if (options.oidcClientId.empty())
            return makeError(ErrorCode::InvalidArgument, "--oidc-issuer needs --oidc-client-id (the desktop's client id)");
        if (options.oidcTokenKeyFile.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "--oidc-issuer needs --oidc-token-key-file (64 hex digits that seal the provider's "
                             "refresh tokens in the database)");
        if (options.oidcGroups.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "--oidc-issuer needs at least one --oidc-group GROUP=ROLE mapping, or nobody can sign on");
        if (options.oidcIssuer.rfind("http://", 0) == 0) {
            const auto hostStart = std::string("http://").size();
            const auto hostEnd = options.oidcIssuer.find_first_of(":/", hostStart);
            const std::string host = options.oidcIssuer.substr(
                hostStart, hostEnd == std::string::npos ? std::string::npos : hostEnd - hostStart);
            Poco::Net::IPAddress issuerAddress;
            if (!(Poco::Net::IPAddress::tryParse(host, issuerAddress) && issuerAddress.isLoopback()))
                return makeError(ErrorCode::InvalidArgument,
                                 "the identity provider must use https:// (plain http only on a loopback address)");
        }
    } else if (!options.localAccounts) {
        return makeError(ErrorCode::InvalidArgument,
                         "--local-accounts false needs single sign-on (--oidc-issuer), or nobody can sign in");
    }
    if (!address.isLoopback() && !options.usesTls())
        return makeError(ErrorCode::InvalidArgument,
                         "refusing plain HTTP on non-loopback address " + options.bindAddress +
                             "; configure --tls-cert and --tls-key, or bind 127.0.0.1");
    return core::Status::success();
}

std::string hubUsage()
{
    return "usage: avocet-hub [serve] [--bind ADDR] [--port N] [--database CONNINFO]\n"
           "                  [--tls-cert FILE --tls-key FILE] [--threads N] [--config FILE]\n"
           "                  [--mappings DIR] [--templates DIR] [--catalogues DIR] [--routing FILE]\n"
           "                  [--pmi FILE --pmi-key-file FILE] [--public-url URL] [--trusted-proxies ADDR,...]\n"
           "                  [--head-timeout-seconds N] [--keep-alive-seconds N] [--max-connections N]\n"
           "                  [--max-connections-per-address N] [--max-queued N] [--login-max-body-bytes N]\n"
           "                  [--session-max-seconds N] [--login-account-source-failures N]\n"
           "                  [--login-source-failures N] [--login-account-failures N] [--login-window-seconds N]\n"
           "                  [--login-lock-seconds N] [--allow-core-dumps] [--test-metrics]\n"
           "                  [--epr-endpoint EPR=URL ...] [--recipient-endpoint ODS-CODE=URL ...]\n"
           "                  [--delivery-workers N] [--delivery-timeout-ms N]\n"
           "                  [--delivery-backoff-ms N] [--delivery-backoff-max-ms N] [--delivery-poll-ms N]\n"
           "                  [--oidc-issuer URL --oidc-client-id ID --oidc-token-key-file FILE\n"
           "                   --oidc-group GROUP=RULE ... [--oidc-client-secret-file FILE] [--oidc-groups-claim C]\n"
           "                   [--oidc-username-claim C] [--oidc-scopes S] [--oidc-leeway-seconds N]\n"
           "                   [--oidc-key-refetch-seconds N] [--oidc-keys-max-age-seconds N] [--oidc-timeout-ms N]]\n"
           "                  [--local-accounts true|false]\n"
           "       avocet-hub migrate --database CONNINFO\n"
           "       avocet-hub admin --database CONNINFO <command> ...   (avocet-hub admin help)\n"
           "       avocet-hub --version\n"
           "Environment: AVOCET_HUB_BIND, AVOCET_HUB_PORT, AVOCET_HUB_DATABASE, AVOCET_HUB_TLS_CERT,\n"
           "AVOCET_HUB_TLS_KEY, AVOCET_HUB_THREADS, AVOCET_HUB_TOKEN_SECONDS, AVOCET_HUB_MAPPINGS,\n"
           "AVOCET_HUB_EPR_ENDPOINT_PARIS, AVOCET_HUB_EPR_ENDPOINT_MOBIUS, AVOCET_HUB_EPR_ENDPOINT_SYSTMONE,\n"
           "AVOCET_HUB_OIDC_ISSUER, AVOCET_HUB_OIDC_CLIENT_ID.\n"
           "Plain HTTP is served only on loopback. --port 0 picks a free port and prints 'LISTENING <port>'.\n";
}

} // namespace avocet::hub

#pragma once
// Configuration of one hub process: defaults < config file (--config) < environment < command line.

#include "core/common/Result.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace avocet::hub {

// What membership of one directory group gives an Avocet user signing in through the trust's
// identity provider (docs/hub.md, "Single sign-on").
struct OidcGroupRule
{
    std::string role;               // clinician, ward_staff, change_manager, team_manager, administrator;
                                    // "" = teams only
    std::vector<std::string> teams; // teams (and so caseloads) the group's members belong to
};

struct HubOptions
{
    std::string bindAddress = "127.0.0.1";
    std::uint16_t port = 8080; // 0 = pick a free port and announce it as "LISTENING <port>"
    std::string databaseConninfo; // libpq conninfo; empty = no store (only /metadata and /health)
    std::string tlsCertificateFile;
    std::string tlsPrivateKeyFile;
    int threads = 16;
    std::size_t maxBodyBytes = 16u * 1024u * 1024u;
    int accessTokenSeconds = 15 * 60;
    int refreshTokenSeconds = 12 * 60 * 60;
    int shutdownGraceSeconds = 30;
    int defaultPageSize = 50;
    int maxPageSize = 2000; // larger _count is capped, the rest linked; 2000 halves a sync pull's round trips

    // Links (Location, fullUrl, next) are built from this, never from the request's Host header.
    // "" = scheme://bind:port of this process.
    std::string publicUrl;
    // Sessions: a refresh never extends a login past this (absolute lifetime of a token family).
    int sessionMaxSeconds = 12 * 60 * 60;

    // Slow and greedy clients (HttpServerAdapter.h).
    int headTimeoutSeconds = 10;          // a request head (line and headers) must arrive within this
    int keepAliveSeconds = 30;            // an idle keep-alive connection is closed after this
    int maxConnections = 4096;            // open client connections; the oldest waiting one makes room
    int maxConnectionsPerAddress = 64;    // per client address (trusted proxies exempt); 0 = no limit
    int maxQueued = 256;                  // complete requests waiting for a worker; more get 503
    std::size_t loginMaxBodyBytes = 4096; // /auth/login and /auth/refresh bodies; larger -> 413 unread
    std::vector<std::string> trustedProxies; // peers whose X-Forwarded-For names the client

    // Log-in throttling (AccessControl.h): failures counted in a window per key; a key that reaches
    // its limit refuses further attempts for loginLockSeconds (one more try then relocks).
    int loginAccountSourceFailures = 5; // per account and source address
    int loginSourceFailures = 30;       // per source address, any account (names that do not exist too)
    int loginAccountFailures = 50;      // per account from every source
    int loginWindowSeconds = 900;
    int loginLockSeconds = 60;

    bool testMetrics = false;    // /health reports counters for tests (password verifications, dumpable)
    bool allowCoreDumps = false; // debugging only: keep core dumps and ptrace attach enabled

    // EPR delivery (docs/hub.md, "EPR delivery").
    std::string mappingsDirectory;  // mapping documents (<template>/<version>/<epr>.json); "" = none
    std::string templatesDirectory; // Questionnaires published at start-up when absent; "" = none
    std::string cataloguesDirectory; // EPR catalogues (<epr>.json) for mappings published via the API
    std::string routingFile;         // avocet-epr-routing rules; "" = every EPR of record
    std::string pmiFile;             // patient master index consulted for routing (HubPmi.h); "" = none
    std::string pmiKeyFile;          // its 256-bit key as 64 hex digits
    std::map<std::string, std::string> eprEndpoints; // EPR name -> http(s) URL messages are POSTed to
    // Transfer-of-care recipients (docs/transfer-of-care.md): a GP practice's or social care team's
    // ODS code -> the http(s) URL its documents are POSTed to.
    std::map<std::string, std::string> recipientEndpoints;
    int deliveryWorkers = 1;          // worker threads per hub process; 0 = this hub delivers nothing
    int deliveryTimeoutMs = 10000;    // per POST to an EPR
    int deliveryBackoffMs = 1000;     // first retry delay; doubles per attempt, with jitter
    int deliveryBackoffMaxMs = 300000;
    int deliveryPollMs = 500;         // how often an idle worker looks for due messages
    int deliveryLeaseSeconds = 60;    // a claimed message is retried by any hub after this

    // Single sign-on with an OpenID Connect provider (docs/hub.md, "Single sign-on"); "" = none.
    std::string oidcIssuer;
    std::string oidcClientId;         // the client the desktop signs in as; the ID token's audience
    std::string oidcClientSecretFile; // for a confidential client; "" = public client (PKCE only)
    std::string oidcGroupsClaim = "groups";
    std::string oidcUsernameClaim = "preferred_username";
    std::string oidcScopes = "openid profile groups";
    std::map<std::string, OidcGroupRule> oidcGroups; // directory group -> what it gives
    std::string oidcTokenKeyFile;     // 64 hex digits: seals the provider's refresh tokens at rest
    int oidcLeewaySeconds = 60;       // clock difference allowed on exp, iat and nbf
    int oidcKeyRefetchSeconds = 60;   // an unknown signing key refetches the provider's keys at most this often
    int oidcKeysMaxAgeSeconds = 600;  // the provider's keys are kept at most this long (less when its max-age says so)
    int oidcTimeoutMs = 10000;        // per request to the provider
    bool localAccounts = true;        // false: POST /auth/login is switched off (sign-on only)

    bool usesTls() const { return !tlsCertificateFile.empty(); }
    bool usesOidc() const { return !oidcIssuer.empty(); }
};

// Parses the serve options from argv (without the program name and subcommand), the process
// environment (AVOCET_HUB_*) and an optional --config file of "key = value" lines.
core::Result<HubOptions> parseHubOptions(const std::vector<std::string>& args);

// Same as above but with an explicit environment, for tests.
core::Result<HubOptions> parseHubOptions(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& environment);

// Plain HTTP is allowed only on loopback; anything else needs a certificate and key.
core::Status checkTransportPolicy(const HubOptions& options);

std::string hubUsage();

} // namespace avocet::hub

#pragma once
// The off-line-first sync engine (ARCHITECTURE.md, Sync). UI-free: the desktop app runs it on a
// worker thread and the CLI runs it directly. One run = push the outbox, push the audit chain,
// pull every configured resource type (with tombstones). Every step is idempotent and every
// server success is stored before the matching outbox row goes, so a run can be killed at any
// point and simply run again.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/store/Database.h"
#include "core/sync/FhirClient.h"
#include "core/sync/SyncStore.h"
#include "core/sync/SyncTypes.h"

namespace avocet::core::audit {
class AuditLog;
}

namespace avocet::core::sync {

struct BriefcaseOptions
{
    std::chrono::hours lifetime{12};      // how long the off-line copy may be used
    std::chrono::hours recentForms{24 * 90}; // QuestionnaireResponses updated within this window
    std::vector<std::string> types = defaultPullTypes(); // optional ones a server lacks are skipped
};

struct BriefcaseSummary
{
    int patients = 0;
    int resources = 0;
    int revoked = 0;  // patients no longer on the caseload, wiped now
    std::string expiresAt;
};

class SyncEngine
{
public:
    // The client is optional so status() works off-line; sync calls need one.
    SyncEngine(store::Database& db, SyncConfig config, std::unique_ptr<FhirClient> client,
               std::shared_ptr<Clock> clock = systemClock(), std::shared_ptr<RandomSource> random = systemRandom());

    // Builds a Poco-backed client for config.baseUrl.
    static Result<std::unique_ptr<SyncEngine>> create(store::Database& db, SyncConfig config,
                                                      std::shared_ptr<Clock> clock = systemClock(),
                                                      std::shared_ptr<RandomSource> random = systemRandom());

    SyncStore& store() { return m_store; }
    FhirClient* client() { return m_client.get(); }
    void setAuditLog(audit::AuditLog* log) { m_audit = log; }

    // Uses the token stored by login() for this server (no token: the server needs none).
    Status loadStoredToken();
    // POST /auth/login, token stored in the encrypted cache (never in clear on disk).
    // However the client got its tokens, each pair a refresh rotates in replaces the stored one.
    Status login(const std::string& username, const std::string& password);
    // Sign-in through the trust's identity provider (core/sync/LoopbackRedirect.h): the
    // authorisation URL goes to openBrowser, the user signs in there, and the hub's pair is stored
    // like login()'s. No password passes through Avocet. timeout: how long the browser may take.
    Status signOn(const std::function<void(const std::string&)>& openBrowser, std::chrono::milliseconds timeout);
    // Keeps a pair a sign-on gave before this cache existed (first sign-in on a computer: the
    // user name comes from the sign-on, then the profile is created, then the pair is kept here).
    Status adoptTokens(const LoginResult& signedOn);
    // Ends the hub login of the stored token (POST /auth/logout) and forgets it; the provider's
    // end-session URL to open in the browser, "" when there is none.
    Result<std::string> signOut(const std::string& postLogoutRedirectUri = {});

    // A full run. Returns the summary even when the network failed part-way (summary.error says
    // why); an Error only for local failures (the cache could not be written).
    Result<SyncSummary> syncNow();
    Result<SyncSummary> push();
    Result<SyncSummary> pull();
    Result<int> pushAudit();
    // Reads what the server anchored of this device's audit chain and checks the local log
    // against it: nullopt when the server does not anchor chains (or holds none of it yet);
    // SyncFailed when the local event at the anchored position has another hash (the local log
    // was changed after the server received it). Stored per server as state "audit.anchor:<server>".
    Result<std::optional<AuditAnchor>> checkAuditAnchor();
    // "Prepare for off-line": downloads the caseload with an expiry.
    Result<BriefcaseSummary> prepareBriefcase(const BriefcaseOptions& options = {});
    // A cheap reachability check (GET metadata with the normal timeouts, no retries).
    bool probe();

    void requestStop() { m_stop.store(true); }
    SyncStatus status();
    void onProgress(std::function<void(const SyncStatus&)> listener) { m_progress = std::move(listener); }

    int batchSize() const { return m_batchSize; }
    // Batches of first search pages sent so far (SyncConfig::batchSearches).
    int searchBatches() const { return m_searchBatches; }

private:
    struct EntryOutcome
    {
        int status = 0;
        nlohmann::json resource;
        std::string location;
        std::string etag;
        std::string lastModified;
        std::string reason;
        bool transient = false;
    };

    Result<int> pushRound(SyncSummary& summary, std::set<std::int64_t>& skip, bool& networkDown);
    nlohmann::json bodyFor(const OutboxRow& row, const LocalResource& local, bool& deferred);
    Status applyOutcome(const OutboxRow& row, const EntryOutcome& outcome, SyncSummary& summary, bool& retryLater);
    Status storeSuccess(const OutboxRow& row, const nlohmann::json& serverResource, const std::string& serverId,
                        const std::string& versionId, const std::string& lastUpdated, bool followUp);
    Status storeConflict(const OutboxRow& row, const std::string& reason, const nlohmann::json& serverResource);
    Status markFailed(const OutboxRow& row, const std::string& reason);
    void readBackVersions(const std::vector<OutboxRow>& rows, std::vector<EntryOutcome>& outcomes);
    EntryOutcome sendSingle(const OutboxRow& row, const nlohmann::json& body, bool& networkDown, std::string& error);

    Status pullType(const std::string& type, SyncSummary& summary, bool briefcase, const std::string& extraQuery,
                    std::set<std::string>* seenIds);
    // The lower bound of a type's first search: its watermark less SyncConfig::pullOverlap, or
    // none (from scratch: the briefcase's Patient list).
    std::string searchSince(const std::string& watermark, bool fromScratch) const;
    int firstPageCount() const;
    std::string searchUrlFor(const std::string& type, int count, const std::string& extraQuery,
                             const std::string& since) const;
    std::string historyUrlFor(const std::string& type, const std::string& since) const;
    // Sends these GETs (first search and history pages) as one batch Bundle and keeps each page
    // answered 200 for prefetchedOrGet; nothing kept when the server has no batch or refuses it.
    void prefetchFirstPages(const std::vector<std::string>& urls);
    // The page prefetched for exactly this URL (taken once), or a GET of it now.
    Result<FhirResponse> prefetchedOrGet(const std::string& url);
    // Drops the pages a run prefetched but did not use (a type it stopped before), so a later run
    // never takes an old answer.
    struct PrefetchScope
    {
        explicit PrefetchScope(std::map<std::string, FhirResponse>& pages) : prefetched(pages) {}
        ~PrefetchScope() { prefetched.clear(); }
        PrefetchScope(const PrefetchScope&) = delete;
        PrefetchScope& operator=(const PrefetchScope&) = delete;
        std::map<std::string, FhirResponse>& prefetched;
    };
    Status pullTombstones(const std::string& type, const std::string& initialSince, SyncSummary& summary);
    Status pullMappings(SyncSummary& summary);
    Status applyResource(const nlohmann::json& resource, bool briefcase, SyncSummary& summary);
    Status applyTombstone(const std::string& type, const std::string& serverId, const std::string& when,
                          SyncSummary& summary);
    Result<std::optional<std::string>> watermark(const std::string& type, const std::string& kind);
    Status setWatermark(const std::string& type, const std::string& kind, const std::string& instant);

    // The token record for this server in the encrypted cache: the pair, with the user and role
    // login() gave (kept across refreshes).
    Status storeTokens(const std::string& access, const std::string& refresh);
    // Writes a pair a refresh rotated in (held by the refresh callback), on the engine's thread.
    void flushRefreshedTokens();
    struct TokenFlush
    {
        explicit TokenFlush(SyncEngine& owner) : engine(owner) {}
        ~TokenFlush()
        {
            engine.flushRefreshedTokens();
            engine.rememberPlainBodies();
        }
        TokenFlush(const TokenFlush&) = delete;
        TokenFlush& operator=(const TokenFlush&) = delete;
        SyncEngine& engine;
    };
    // Stores that this server refused a gzipped request body (FhirClient::gzipBodyRefused), so the
    // next engine for it sends plain bodies from the first request.
    void rememberPlainBodies();
    std::string plainBodiesKey() const { return "http.plain-bodies:" + serverKey(); }
    std::string linkedPagingKey() const { return "pull.linked-paging:" + serverKey(); }
    std::string noTotalKey() const { return "pull.no-total:" + serverKey(); }
    void publish(std::function<void(SyncStatus&)> change);
    std::string serverKey() const { return m_config.baseUrl; }

    store::Database& m_db;
    SyncConfig m_config;
    std::unique_ptr<FhirClient> m_client;
    std::shared_ptr<Clock> m_clock;
    std::shared_ptr<RandomSource> m_random;
    SyncStore m_store;
    audit::AuditLog* m_audit = nullptr;
    int m_batchSize;
    int m_batchCeiling = 1 << 20; // learnt from 413 answers
    bool m_batchSupported = true;
    bool m_totalNone = true;      // send _total=none on searches until a server refuses it
    bool m_linkedPaging = false;  // the server has paged a search with a `next` link (see SyncConfig::linkedPageSize)
    std::map<std::string, FhirResponse> m_prefetched; // first pages fetched in one batch, by URL
    int m_searchBatches = 0;      // batches of searches sent (prefetchFirstPages)
    std::atomic<bool> m_stop{false};
    std::mutex m_statusMutex;
    SyncStatus m_status;
    std::function<void(const SyncStatus&)> m_progress;
    std::string m_lastServerDate; // the server's Date header, for history watermarks on first pull
    std::mutex m_tokenMutex;
    std::optional<std::pair<std::string, std::string>> m_refreshedTokens; // rotated in, not yet stored
    std::string m_tokenUser;      // who the stored token belongs to (from login(), loadStoredToken())
    std::string m_tokenRole;
    bool m_plainBodiesStored = false;
    SystemTime m_pushStarted{};   // for SyncStatus::secondsLeft
};

// Called by the unlock path: wipes briefcase data that expired, was revoked, or whose expiry can
// no longer be trusted (device clock moved back by more than an hour). Local changes still waiting
// in the outbox are kept. Returns the number of resources wiped.
Result<int> wipeExpiredBriefcase(store::Database& db, SystemTime now);

} // namespace avocet::core::sync

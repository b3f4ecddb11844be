#pragma once
// Shared vocabulary of the sync engine: test seams for time and randomness, configuration, and the
// status snapshot the UI shows ("off-line", "syncing n of m", "up to date at hh:mm", pending,
// failures, conflicts). No Qt, no Poco in this header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace avocet::core::sync {

using SystemTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

// The identifier system that carries each change's client-generated identifier.
inline constexpr const char* kClientIdSystem = "urn:avocet:client-id";
// meta.tag system naming the change that produced a version (detects an update that committed
// although its response was lost).
inline constexpr const char* kChangeTagSystem = "urn:avocet:change";
// AuditEvent.entity.detail type carrying "<chain>:<seq>:<hash>" of a pushed local audit event.
inline constexpr const char* kAuditChainDetail = "avocet-audit-chain";

// Wall clock and sleeping, injectable so tests can run hours of backoff in microseconds and put
// the device clock a day off. The device clock is never used for pull watermarks.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual SystemTime now() = 0;
    virtual void sleepFor(Millis duration) = 0;
    // The engine's thread is about to block until ready() (an exchange running on a helper
    // thread). A host that lends the database to others while the network is slow does it here;
    // the default does nothing (the caller then blocks as usual).
    virtual void awaitReady(const std::function<bool()>& ready) { (void)ready; }
};
std::shared_ptr<Clock> systemClock();

// Randomness for backoff jitter and client identifiers.
class RandomSource
{
public:
    virtual ~RandomSource() = default;
    virtual double uniform() = 0;   // [0, 1)
    virtual std::string uuid() = 0; // RFC 4122 version 4, lower case
};
std::shared_ptr<RandomSource> systemRandom();

struct RetryPolicy
{
    int maxAttempts = 6;                  // per request, first try included
    Millis baseDelay{500};
    Millis maxDelay{60'000};
    Millis maxRetryAfter{300'000};        // a longer Retry-After ends this round instead of blocking
};

struct TlsOptions
{
    std::string caFile;       // PEM bundle; empty = the system's default CAs
    std::string spkiPin;      // optional base64 SHA-256 of the server's SubjectPublicKeyInfo
};

struct TransportOptions
{
    Millis connectTimeout{5'000};
    Millis sendTimeout{15'000};
    Millis receiveTimeout{30'000};
    // The whole exchange, from the request's body to the answer's last byte, however slowly the
    // bytes trickle in (receiveTimeout only bounds the silence between two of them).
    Millis answerDeadline{120'000};
    // gzip request bodies over 1 KiB. A server that answers such a body 415 (or 400, where the same
    // body sent plain is then taken) gets it again plain at once, and plain bodies from then on
    // (SyncEngine remembers it per server as state "http.plain-bodies:<server>").
    bool compressRequests = true;
    TlsOptions tls;
};

// The clinical record an EPR feed brings through avocet-hub (docs/clinical-record.md): legal status
// and inpatient stays (Encounter), visits (Appointment), reviews (CarePlan), scores (Observation),
// EPR alerts (Flag), who holds the patient (EpisodeOfCare), diagnoses (Condition), GP-held allergies
// and medicines; and the transfer-of-care documents sent about the patient (DocumentReference).
inline const std::vector<std::string>& clinicalRecordTypes()
{
    static const std::vector<std::string> types = {"Encounter",     "Appointment",        "CarePlan",
                                                   "Observation",   "Flag",               "EpisodeOfCare",
                                                   "AllergyIntolerance", "MedicationStatement", "Condition",
                                                   "DocumentReference"};
    return types;
}

// What a sync pulls unless told otherwise (the desktop and avocetctl sync): patients, forms and
// their questionnaires, tasks and the clinical record.
inline std::vector<std::string> defaultPullTypes()
{
    std::vector<std::string> types = {"Patient", "Questionnaire", "QuestionnaireResponse", "Task"};
    types.insert(types.end(), clinicalRecordTypes().begin(), clinicalRecordTypes().end());
    return types;
}

// Types a FHIR server that is not avocet-hub may well not hold.
inline std::vector<std::string> optionalPullTypes()
{
    std::vector<std::string> types = clinicalRecordTypes();
    types.push_back("Task");
    return types;
}

struct SyncConfig
{
    std::string baseUrl;                                   // FHIR R4 base, e.g. https://hub.example/fhir
    std::vector<std::string> pullTypes = defaultPullTypes();
    // Types a server may not hold: a search for one answered 404 or 400 skips that type (noted in
    // SyncSummary::typesNotOnServer) and the run goes on complete. Any other type's 404 is an error.
    std::vector<std::string> optionalTypes = optionalPullTypes();
    int pageSize = 1000;                                   // _count on pull, and for servers that page without `next` links
    // _count once the server has answered a search with a `next` link: such a server caps the page
    // at its own maximum and links the rest, so asking for more is safe and saves round trips on a
    // slow link (avocet-hub serves up to 2000). A server without links keeps pageSize, because
    // there a shorter page than asked is the end of the results.
    int linkedPageSize = 2000;
    int initialBatchSize = 500;                            // entries per push Bundle: halved on 413/timeouts, remembered per server
    int maxBatchSize = 500;
    bool useBatch = true;                                  // false: one request per change
    // Every type's first search (and history) page of a pull or briefcase in one batch Bundle of
    // GETs (with useBatch; a server without batch gets them one by one).
    bool batchSearches = true;
    bool pushAudit = true;
    // avocet-hub only: after the pull, the EPR mapping documents the hub publishes (GET /mappings)
    // are kept in the encrypted cache (SyncStore::mappings); other servers (404/400) are skipped.
    bool pullMappings = false;                             // the desktop turns it on (ui/sync SyncController)
    Millis pullOverlap{0};                                 // re-read this much before the watermark (dedup'd)
    RetryPolicy retry;
    TransportOptions transport;
};

struct ConflictInfo
{
    std::int64_t id = 0;
    std::string type;
    std::string localId;
    std::string serverId;
    std::string reason;       // "version" (412) | "deleted" (410) | ...
    std::string localContent; // JSON
    std::string serverContent; // JSON, empty when the server copy was deleted
    std::string serverVersion;
    std::string detectedAt;
};

struct FailureInfo
{
    std::string type;
    std::string localId;
    std::string reason;
    int attempts = 0;
};

enum class SyncPhase { Idle, Offline, Syncing, UpToDate, Failed };

struct SyncStatus
{
    SyncPhase phase = SyncPhase::Idle;
    int done = 0;                  // "syncing n of m"
    int total = 0;
    // What crossed the network this run, as on the wire (gzipped bodies count gzipped): request
    // and answer bodies, without headers.
    std::int64_t bytesSent = 0;
    std::int64_t bytesReceived = 0;
    // The push's time left, from its pace so far (device clock), once a bundle has been stored.
    std::optional<std::int64_t> secondsLeft;
    std::optional<std::string> upToDateAt; // ISO 8601 UTC of the last complete sync (device clock)
    int pending = 0;               // outbox rows waiting
    std::vector<FailureInfo> failures;
    std::vector<ConflictInfo> conflicts;
    std::string lastError;
};

// What a server that anchors audit chains (avocet-hub: GET audit-chains/<chain>) holds of this
// device's chain; the local log is checked against it after every audit push.
struct AuditAnchor
{
    std::int64_t seq = 0;  // the head the server holds
    std::string hash;      // its hash, equal to the local event's
    std::string anchoredAt;
    int breaks = 0;        // events that did not continue the chain when they arrived
};

struct SyncSummary
{
    int pushed = 0;
    int pulled = 0;
    int deleted = 0;          // tombstones applied
    int conflicts = 0;        // new conflicts this run
    int failures = 0;         // changes the server refused this run (kept, with the reason)
    int auditPushed = 0;
    std::int64_t auditAnchoredSeq = 0; // last event of this device's audit chain the server anchored (0: none, or it does not anchor)
    int auditChainBreaks = 0;          // continuity breaks the server found in this device's chain
    int pending = 0;          // left in the outbox
    int requests = 0;
    int retries = 0;
    bool complete = false;    // everything pushed and pulled
    std::string error;        // why the run stopped early (network), empty when complete
    // The trust's identity provider no longer vouches for this sign-on (the server's words): the
    // front end locks and asks for a new sign-in. Empty otherwise.
    std::string signOnEnded;
    std::string signOnEndedReason; // the server's reason code (ended-at-provider, no-role, ...)
    std::vector<std::string> typesNotOnServer; // optional types the server answered 404/400 for (skipped)
};

std::string phaseName(SyncPhase phase);

} // namespace avocet::core::sync

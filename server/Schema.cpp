#include "server/Schema.h"

#include <string>
#include <vector>

namespace avocet::hub {
namespace {

// Append only: never edit a migration that has shipped.
const std::vector<std::string>& migrations()
{
    static const std::vector<std::string> steps = {
        // 1: resources, their versions (history and tombstones) and search indexes.
        R"SQL(
CREATE TABLE resource_versions (
    seq           bigserial PRIMARY KEY,      -- commit order of every write (writes serialise)
    resource_type text        NOT NULL,
    resource_id   text        NOT NULL,
    version_id    integer     NOT NULL,
    last_updated  timestamptz NOT NULL,
    is_deleted    boolean     NOT NULL,
    method        text        NOT NULL,       -- POST, PUT or DELETE
    content       jsonb,                      -- NULL for a tombstone
    UNIQUE (resource_type, resource_id, version_id)
);
CREATE INDEX resource_versions_type_seq ON resource_versions (resource_type, seq);
CREATE INDEX resource_versions_updated ON resource_versions (resource_type, last_updated);

CREATE TABLE resources (
    resource_type text        NOT NULL,
    resource_id   text        NOT NULL,
    version_id    integer     NOT NULL,
    last_updated  timestamptz NOT NULL,
    is_deleted    boolean     NOT NULL,
    seq           bigint      NOT NULL,
    compartment   text,                       -- 'Patient/<id>' the resource belongs to, if any
    content       jsonb,
    PRIMARY KEY (resource_type, resource_id)
);
CREATE INDEX resources_type_seq ON resources (resource_type, seq);
CREATE INDEX resources_type_updated ON resources (resource_type, last_updated);
CREATE INDEX resources_compartment ON resources (resource_type, compartment);

CREATE TABLE resource_identifiers (
    resource_type text NOT NULL,
    resource_id   text NOT NULL,
    system        text NOT NULL DEFAULT '',
    value         text NOT NULL
);
CREATE INDEX resource_identifiers_lookup ON resource_identifiers (resource_type, value, system);
CREATE INDEX resource_identifiers_owner ON resource_identifiers (resource_type, resource_id);
)SQL",
        // 2: access control.
        R"SQL(
CREATE TABLE teams (
    team_id    bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE users (
    username        text PRIMARY KEY,
    display_name    text NOT NULL DEFAULT '',
    role            text NOT NULL CHECK (role IN ('clinician', 'ward_staff', 'change_manager', 'administrator')),
    password_hash   text NOT NULL,            -- libsodium crypto_pwhash_str (Argon2id)
    is_active       boolean NOT NULL DEFAULT true,
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE team_members (
    team_id  bigint NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
    username text   NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    PRIMARY KEY (team_id, username)
);
CREATE TABLE caseload_members (
    team_id     bigint NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
    patient_ref text   NOT NULL,              -- 'Patient/<id>'
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, patient_ref)
);
CREATE INDEX caseload_members_patient ON caseload_members (patient_ref);
CREATE TABLE sessions (
    access_hash        text PRIMARY KEY,      -- SHA-256 of the bearer token; the token is never stored
    refresh_hash       text NOT NULL UNIQUE,
    username           text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    access_expires_at  timestamptz NOT NULL,
    refresh_expires_at timestamptz NOT NULL,
    revoked            boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE break_glass_events (
    event_id    bigserial PRIMARY KEY,
    username    text NOT NULL,
    role        text NOT NULL,
    patient_ref text,
    reason      text NOT NULL,
    method      text NOT NULL,
    route       text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    reviewed    boolean NOT NULL DEFAULT false
);
)SQL",
        // 3: templates are fetched by canonical url (and version).
        R"SQL(
CREATE INDEX resources_canonical_url ON resources ((content->>'url')) WHERE resource_type = 'Questionnaire';
)SQL",
        // 4: EPR delivery. Mapping documents (immutable per id and version) and the per-EPR channel
        // of native messages, written in the same transaction as the submission they render.
        R"SQL(
CREATE TABLE epr_mappings (
    mapping_id       text NOT NULL,
    version          text NOT NULL,
    epr              text NOT NULL,
    template_url     text NOT NULL,
    template_version text NOT NULL,
    fits             text NOT NULL,
    status           text NOT NULL DEFAULT 'active',
    document         jsonb NOT NULL,
    catalogue        jsonb NOT NULL,             -- the EPR catalogue it was checked against
    published_by     text NOT NULL,
    published_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (mapping_id, version)
);
CREATE INDEX epr_mappings_template ON epr_mappings (template_url, epr);

CREATE TABLE epr_messages (
    message_id       bigserial PRIMARY KEY,
    epr              text NOT NULL,             -- the channel
    idempotency_key  text NOT NULL UNIQUE,      -- sent with every attempt
    response_id      text NOT NULL,             -- QuestionnaireResponse id
    response_version integer NOT NULL,
    patient_ref      text,                      -- 'Patient/<id>' (the receipt's compartment)
    receipt_id       text NOT NULL,             -- Task id of the receipt clients sync
    mapping_id       text,
    mapping_version  text,
    payload          jsonb,                     -- NULL when nothing could be rendered (state failed)
    state            text NOT NULL CHECK (state IN ('pending', 'failing', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    lease_until      timestamptz,
    claim_token      text,
    last_status      integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX epr_messages_due ON epr_messages (epr, next_attempt_at) WHERE state IN ('pending', 'failing');
CREATE INDEX epr_messages_response ON epr_messages (response_id);
)SQL",
        // 5: the anchor of each device's audit chain (server/AuditChains.h): the head seen, the
        // breaks in continuity, and which AuditEvent holds each position (pushes are exactly-once).
        R"SQL(
CREATE TABLE audit_chains (
    chain_id        text PRIMARY KEY,
    head_seq        bigint NOT NULL,
    head_hash       text NOT NULL,
    first_seq       bigint NOT NULL,
    events          bigint NOT NULL,
    breaks          integer NOT NULL DEFAULT 0,
    first_break_seq bigint,
    anchored_at     timestamptz NOT NULL
);
CREATE TABLE audit_chain_events (
    chain_id    text NOT NULL REFERENCES audit_chains (chain_id),
    seq         bigint NOT NULL,
    hash        text NOT NULL,
    resource_id text NOT NULL,
    PRIMARY KEY (chain_id, seq)
);
)SQL",
        // 6: the hub among hostile clients. Log-in throttling by account and source address
        // (AccessControl.h); refresh-token families with an absolute start (reuse of a rotated token
        // ends the family); the user who owns each device audit chain; the outcome of a break-glass
        // attempt that ended in an error; AuditEvents about no patient belong to their user.
        R"SQL(
CREATE TABLE login_throttle (
    key            text PRIMARY KEY,      -- 'account-source:<user>|<address>', 'source:<address>', 'account:<user>'
    failures       integer NOT NULL DEFAULT 0,
    window_started timestamptz NOT NULL DEFAULT now(),
    locked_until   timestamptz
);
ALTER TABLE sessions ADD COLUMN family_id text, ADD COLUMN family_started_at timestamptz,
    ADD COLUMN rotated boolean NOT NULL DEFAULT false;
UPDATE sessions SET family_id = refresh_hash, family_started_at = created_at;
ALTER TABLE sessions ALTER COLUMN family_id SET NOT NULL, ALTER COLUMN family_started_at SET NOT NULL;
CREATE INDEX sessions_family ON sessions (family_id);
ALTER TABLE audit_chains ADD COLUMN owner text;
ALTER TABLE break_glass_events ADD COLUMN outcome integer;
UPDATE resources SET compartment = 'User/' || coalesce(content->'agent'->0->'who'->'identifier'->>'value',
    content->'agent'->0->'who'->>'display', '')
 WHERE resource_type = 'AuditEvent' AND compartment IS NULL;
)SQL",
        // 7: EPR feeds (docs/hub.md, EPR feeds). Feed accounts bound to one EPR; the feed key of
        // every fed record (type + EPR record identifier) with the EPR's change time and tombstones;
        // records parked until their patient arrives; counters per EPR, type and outcome; and the
        // date search of the clinical record (a FHIR date or dateTime with a zone as timestamptz).
        R"SQL(
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('clinician', 'ward_staff', 'change_manager', 'administrator', 'epr_feed'));
ALTER TABLE users ADD COLUMN epr text CHECK (epr IN ('Paris', 'Mobius', 'SystmOne'));
ALTER TABLE users ADD CONSTRAINT users_feed_epr CHECK ((role = 'epr_feed') = (epr IS NOT NULL));
CREATE TABLE feed_records (
    resource_type text        NOT NULL,
    system        text        NOT NULL,       -- the EPR's record-id system
    value         text        NOT NULL,
    epr           text        NOT NULL,
    resource_id   text,                       -- the hub's resource; NULL for a delete of a key never seen
    changed_at    timestamptz NOT NULL,       -- epr-changed-at of the change applied (or of the delete)
    is_deleted    boolean     NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (resource_type, system, value)
);
CREATE TABLE feed_parked (
    resource_type   text        NOT NULL,
    system          text        NOT NULL,
    value           text        NOT NULL,
    epr             text        NOT NULL,
    patient_system  text        NOT NULL,     -- the identifier of the patient it waits for
    patient_value   text        NOT NULL,
    changed_at      timestamptz NOT NULL,
    resource        jsonb       NOT NULL,
    parked_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (resource_type, system, value)
);
CREATE INDEX feed_parked_patient ON feed_parked (patient_system, patient_value);
CREATE TABLE feed_stats (
    epr           text   NOT NULL,
    resource_type text   NOT NULL,
    outcome       text   NOT NULL,            -- created, updated, unchanged, stale, parked, applied, deleted
    count         bigint NOT NULL DEFAULT 0,
    last_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (epr, resource_type, outcome)
);
CREATE FUNCTION avocet_instant(text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF $1 IS NULL THEN
        RETURN NULL;
    END IF;
    IF $1 ~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN ($1 || 'T00:00:00Z')::timestamptz;
    END IF;
    IF $1 !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$' THEN
        RETURN NULL;
    END IF;
    RETURN $1::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$fn$;
)SQL",
        // 8: administration (docs/hub.md, Administration): a break-glass event's review, by whom,
        // when and with what note; reviewed stays the flag the report and the IG query use.
        R"SQL(
ALTER TABLE break_glass_events ADD COLUMN reviewed_by text, ADD COLUMN reviewed_at timestamptz,
    ADD COLUMN review_note text;
)SQL",
        // 9: the initial load of an EPR feed from Bulk Data NDJSON (server/FeedImport.h): one
        // checkpoint per EPR and file content, committed with each batch it counts.
        R"SQL(
CREATE TABLE feed_imports (
    epr           text        NOT NULL,
    file_sha256   text        NOT NULL,
    file_name     text        NOT NULL,       -- as given on the last run
    resource_type text,
    lines_done    bigint      NOT NULL,
    complete      boolean     NOT NULL,
    summary       jsonb       NOT NULL,       -- created, updated, unchanged, stale, parked, rejected so far
    started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (epr, file_sha256)
);
)SQL",
        // 10: single sign-on through the trust's OpenID Connect provider (server/OidcSignOn.h). Who
        // each provider subject is here; the nonces already used (a replayed ID token is refused
        // on every hub process); per login, the provider's tokens sealed with the hub's key so a
        // refresh can ask the provider whether the sign-on still stands.
        R"SQL(
CREATE TABLE oidc_identities (
    issuer       text        NOT NULL,
    subject      text        NOT NULL,
    username     text        NOT NULL UNIQUE REFERENCES users (username) ON DELETE CASCADE,
    first_seen   timestamptz NOT NULL DEFAULT now(),
    last_sign_on timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
CREATE TABLE oidc_nonces (
    nonce_hash text        PRIMARY KEY,      -- SHA-256 of issuer, subject and nonce
    expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_nonces_expiry ON oidc_nonces (expires_at);
CREATE TABLE oidc_sessions (
    family_id       text        PRIMARY KEY, -- sessions.family_id of the login
    issuer          text        NOT NULL,
    subject         text        NOT NULL,
    sealed_refresh  text,                    -- the provider's refresh token, sealed; NULL = none given
    sealed_id_token text,                    -- for the provider's end-session endpoint (id_token_hint)
    last_checked_at timestamptz NOT NULL DEFAULT now()
);
)SQL",
        // 11: performance reports (docs/metrics.md). The team_manager role reads its teams' figures;
        // the indexes keep each metric's population a range scan: episodes and inpatient stays by
        // when they ended, EPR deliveries by when the hub planned them.
        R"SQL(
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('clinician', 'ward_staff', 'change_manager', 'administrator', 'epr_feed', 'team_manager'));
CREATE INDEX resources_period_end ON resources (resource_type, (avocet_instant(content->'period'->>'end')))
    WHERE resource_type IN ('EpisodeOfCare', 'Encounter');
CREATE INDEX epr_messages_created ON epr_messages (created_at);
)SQL",
        // 12: back-channel logout (docs/hub.md, "Single sign-on"): the provider's session id (sid) of
        // each sign-on, so a logout token naming that session ends exactly its hub logins.
        R"SQL(
ALTER TABLE oidc_sessions ADD COLUMN provider_sid text;
CREATE INDEX oidc_sessions_subject ON oidc_sessions (issuer, subject);
CREATE INDEX oidc_sessions_sid ON oidc_sessions (issuer, provider_sid) WHERE provider_sid IS NOT NULL;
)SQL",
        // 13: transfer-of-care documents share the delivery channels: a message is for a
        // QuestionnaireResponse (an EPR) or a DocumentReference (a GP practice or social care team,
        // channel 'ods:<code>'), and a recipient's business acknowledgement accepts or rejects it.
        R"SQL(
ALTER TABLE epr_messages ADD COLUMN focus_type text NOT NULL DEFAULT 'QuestionnaireResponse'
    CHECK (focus_type IN ('QuestionnaireResponse', 'DocumentReference'));
ALTER TABLE epr_messages ADD COLUMN recipient_name text;
ALTER TABLE epr_messages DROP CONSTRAINT IF EXISTS epr_messages_state_check;
ALTER TABLE epr_messages ADD CONSTRAINT epr_messages_state_check
    CHECK (state IN ('pending', 'failing', 'delivered', 'failed', 'accepted', 'rejected'));
)SQL",
        // 14: why a sign-on's hub login ended (docs/hub.md, "Single sign-on"): the provider ended its
        // session (back-channel logout), no longer vouches for it, or the directory gives no role
        // any more. A later refresh of that login is answered with the same reason, so the desktop
        // can say the trust sign-in ended rather than that a token was unknown.
        R"SQL(
ALTER TABLE oidc_sessions ADD COLUMN ended_reason text;
ALTER TABLE oidc_sessions ADD COLUMN ended_at timestamptz;
)SQL",
    };
    return steps;
}

} // namespace

int latestSchemaVersion()
{
    return static_cast<int>(migrations().size());
}

core::Result<int> migrateSchema(PgConnection& connection)
{
    const std::string lockKey = std::to_string(kMigrationLockKey);
    if (auto locked = connection.execute("SELECT pg_advisory_lock($1::bigint)", {lockKey}); !locked)
        return locked.error();
    auto unlock = [&connection, &lockKey] {
        (void)connection.execute("SELECT pg_advisory_unlock($1::bigint)", {lockKey});
    };
    if (auto created = connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                          " version integer PRIMARY KEY,"
                                          " applied_at timestamptz NOT NULL DEFAULT now())");
        !created) {
        unlock();
        return created.error();
    }
    auto current = connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!current) {
        unlock();
        return current.error();
    }
    int version = static_cast<int>(current->integer(0, 0));
    if (version > latestSchemaVersion()) {
        unlock();
        return core::makeError(core::ErrorCode::StoreMigrationFailed,
                               "database schema version " + std::to_string(version) +
                                   " is newer than this avocet-hub supports (" +
                                   std::to_string(latestSchemaVersion()) + "); upgrade avocet-hub");
    }
    for (; version < latestSchemaVersion(); ++version) {
        PgTransaction transaction(connection);
        core::Status status = transaction.begin();
        if (status)
            status = connection.executeScript(migrations()[static_cast<std::size_t>(version)]);
        if (status)
            status = connection.execute("INSERT INTO schema_migrations (version) VALUES ($1::integer)",
                                        {std::to_string(version + 1)});
        if (status)
            status = transaction.commit();
        if (!status) {
            unlock();
            return core::makeError(core::ErrorCode::StoreMigrationFailed,
                                   "schema migration " + std::to_string(version + 1) + " failed: " + status.message());
        }
    }
    unlock();
    return version;
}

} // namespace avocet::hub

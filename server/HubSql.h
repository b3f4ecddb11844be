#pragma once
// The fixed SQL statements of the hub's write path, header-only so that the bare-database
// baseline of bench/HubBench.cpp runs exactly the same statement texts through libpq.

#include <string>
#include <vector>

namespace avocet::hub::sql {

// A timestamptz column as a FHIR instant: UTC, microseconds.
inline std::string instant(const std::string& column)
{
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

// Column order shared by every resource SELECT (ResourceRepository rowToResource).
inline std::string resourceColumns(const std::string& t)
{
    return t + ".resource_type, " + t + ".resource_id, " + t + ".version_id, " + instant(t + ".last_updated") + ", " +
           t + ".is_deleted, " + t + ".seq, " + t + ".content::text";
}

// $1 type, $2 id -> resourceColumns + compartment.
inline const std::string& currentResource()
{
    static const std::string text = "SELECT " + resourceColumns("r") +
                                    ", r.compartment FROM resources r WHERE r.resource_type = $1 AND r.resource_id = $2";
    return text;
}

// One resource version in one statement: clock, version row, current row, identifier rows.
// $1 type, $2 id, $3 version, $4 is_deleted, $5 method, $6 content (NULL for a tombstone; its
// meta.lastUpdated is replaced by the clock), $7 compartment, $8/$9 identifier systems/values as
// text arrays (textArray). Returns seq and the lastUpdated instant. Data-modifying CTEs share one
// snapshot: `cleared` removes only the previous version's identifier rows, never those `added` inserts.
inline const std::string& writeResource()
{
    static const std::string text =
        "WITH clock AS (SELECT clock_timestamp() AS t),"
        " version AS (INSERT INTO resource_versions (resource_type, resource_id, version_id, last_updated, is_deleted,"
        " method, content) SELECT $1, $2, $3::integer, clock.t, $4::boolean, $5, jsonb_set($6::jsonb,"
        " '{meta,lastUpdated}', to_jsonb(" + instant("clock.t") + ")) FROM clock"
        " RETURNING seq, last_updated, content),"
        " current AS (INSERT INTO resources (resource_type, resource_id, version_id, last_updated, is_deleted, seq,"
        " compartment, content) SELECT $1, $2, $3::integer, version.last_updated, $4::boolean, version.seq, $7,"
        " version.content FROM version"
        " ON CONFLICT (resource_type, resource_id) DO UPDATE SET version_id = EXCLUDED.version_id,"
        " last_updated = EXCLUDED.last_updated, is_deleted = EXCLUDED.is_deleted, seq = EXCLUDED.seq,"
        " compartment = EXCLUDED.compartment, content = EXCLUDED.content),"
        " cleared AS (DELETE FROM resource_identifiers WHERE resource_type = $1 AND resource_id = $2),"
        " added AS (INSERT INTO resource_identifiers (resource_type, resource_id, system, value)"
        " SELECT $1, $2, i.system, i.value FROM unnest($8::text[], $9::text[]) AS i(system, value))"
        " SELECT version.seq, " + instant("version.last_updated") + " FROM version";
    return text;
}

// Conditional create lookup for a whole bundle: $1 type, $2/$3 systems/values (text arrays) ->
// one row per key that matches a live resource: system, value, number of resources, one id.
inline const std::string& findByIdentifiers()
{
    static const std::string text =
        "SELECT i.system, i.value, count(DISTINCT r.resource_id), min(r.resource_id)"
        " FROM unnest($2::text[], $3::text[]) AS k(system, value)"
        " JOIN resource_identifiers i ON i.resource_type = $1 AND i.value = k.value AND i.system = k.system"
        " JOIN resources r ON r.resource_type = i.resource_type AND r.resource_id = i.resource_id"
        " WHERE NOT r.is_deleted GROUP BY i.system, i.value";
    return text;
}

// What a caseload-restricted user may see, as a condition on a compartment column: records of no
// patient, patients on one of their teams' caseloads, and their own records about no patient
// ('User/<name>': AuditEvents of their log-ins, locks and unlocks). `user` is a parameter ($n).
inline std::string visibleTo(const std::string& compartment, const std::string& user)
{
    return compartment + " IS NULL OR " + compartment + " = 'User/' || " + user + " OR " + compartment +
           " IN (SELECT c.patient_ref FROM caseload_members c JOIN team_members t ON t.team_id = c.team_id"
           " WHERE t.username = " + user + ")";
}

// A PostgreSQL text[] literal.
inline std::string textArray(const std::vector<std::string>& items)
{
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i == 0 ? "\"" : ",\"";
        for (const char c : items[i]) {
            if (c == '"' || c == '\\')
                out.push_back('\\');
            out.push_back(c);
        }
        out.push_back('"');
    }
    out.push_back('}');
    return out;
}

inline std::string channelInstant(const std::string& column)
{
    return "coalesce(" + instant(column) + ", '')";
}

// SELECT list of an epr_messages row (EprChannel readChannelMessage); the table alias is m.
inline std::string channelMessageColumns()
{
    return "m.message_id, m.epr, m.idempotency_key, m.response_id, m.response_version, coalesce(m.patient_ref, ''),"
           " m.receipt_id, coalesce(m.mapping_id || '@' || m.mapping_version, ''),"
           " coalesce((m.payload->'form'->>'id') || ' v' || (m.payload->'form'->>'version'), ''), m.state, m.attempts, " +
           channelInstant("m.next_attempt_at") + ", coalesce(m.last_status, 0), coalesce(m.last_error, ''), " +
           channelInstant("m.delivered_at") + ", " + channelInstant("m.created_at") +
           ", m.focus_type, coalesce(m.recipient_name, ''), coalesce((m.payload->'warnings')::text, '[]')";
}

// One planned message, written in the submission's transaction: $1 channel (EPR or 'ods:<code>'),
// $2 key, $3 focus id (QuestionnaireResponse or DocumentReference), $4 version, $5 patient, $6
// receipt id, $7/$8 mapping, $9 payload, $10 state, $11 error, $12 focus type, $13 recipient name.
inline const std::string& insertChannelMessage()
{
    static const std::string text =
        "INSERT INTO epr_messages AS m (epr, idempotency_key, response_id, response_version, patient_ref, receipt_id,"
        " mapping_id, mapping_version, payload, state, last_error, focus_type, recipient_name) VALUES ($1, $2, $3,"
        " $4::integer, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13) ON CONFLICT (idempotency_key) DO NOTHING"
        " RETURNING " +
        channelMessageColumns();
    return text;
}

} // namespace avocet::hub::sql

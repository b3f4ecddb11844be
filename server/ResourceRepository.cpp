#include "server/ResourceRepository.h"

#include "server/FhirTypes.h"
#include "server/HubSql.h"
#include "server/Schema.h"

#include <sodium.h>

#include <cstdio>

namespace avocet::hub {

namespace {

// parse = false: content stays null and contentText holds the stored JSON text.
StoredResource rowToResource(const PgResult& rows, int row, bool parse = true)
{
    StoredResource resource;
    resource.type = rows.text(row, 0);
    resource.id = rows.text(row, 1);
    resource.versionId = static_cast<int>(rows.integer(row, 2));
    resource.lastUpdated = rows.text(row, 3);
    resource.isDeleted = rows.boolean(row, 4);
    resource.seq = rows.integer(row, 5);
    if (rows.isNull(row, 6))
        return resource;
    if (parse)
        resource.content = nlohmann::json::parse(rows.text(row, 6), nullptr, false);
    else
        resource.contentText = rows.text(row, 6);
    return resource;
}

std::string nextParam(std::vector<SqlParam>& params, std::string value)
{
    params.emplace_back(std::move(value));
    return "$" + std::to_string(params.size());
}

void collectIdentifiers(const nlohmann::json& node, std::vector<std::pair<std::string, std::string>>& out)
{
    if (node.is_object() && node.contains("value") && node["value"].is_string())
        out.emplace_back(node.value("system", ""), node["value"].get<std::string>());
}

} // namespace

std::string newResourceId()
{
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                  bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return text;
}

std::string ResourceRepository::compartmentOf(const std::string& type, const std::string& id,
                                              const nlohmann::json& content)
{
    if (type == "Patient")
        return "Patient/" + id;
    if (!content.is_object())
        return {};
    auto fromReference = [](const nlohmann::json& holder) -> std::string {
        if (!holder.is_object() || !holder.contains("reference") || !holder["reference"].is_string())
            return {};
        return normalisePatientReference(holder["reference"].get<std::string>(), false).value_or("");
    };
    for (const char* field : {"subject", "patient", "for"}) {
        if (content.contains(field)) {
            if (auto reference = fromReference(content[field]); !reference.empty())
                return reference;
        }
    }
    if (type == "Appointment" && content.contains("participant") && content["participant"].is_array()) {
        for (const auto& participant : content["participant"]) {
            if (participant.is_object() && participant.contains("actor")) {
                if (auto reference = fromReference(participant["actor"]); !reference.empty())
                    return reference;
            }
        }
    }
    if (type == "AuditEvent" && content.contains("entity") && content["entity"].is_array()) {
        for (const auto& entity : content["entity"]) {
            if (entity.is_object() && entity.contains("what")) {
                if (auto reference = fromReference(entity["what"]); !reference.empty())
                    return reference;
            }
        }
    }
    return {};
}

core::Status ResourceRepository::lockForWrite()
{
    return m_connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", {std::to_string(kWriteLockKey)});
}

core::Result<std::optional<StoredResource>> ResourceRepository::current(const std::string& type, const std::string& id)
{
    auto rows = m_connection.queryPrepared(sql::currentResource(), {type, id});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return std::optional<StoredResource>();
    auto resource = rowToResource(rows.value(), 0);
    resource.compartment = rows->isNull(0, 7) ? "" : rows->text(0, 7);
    return std::optional<StoredResource>(std::move(resource));
}

core::Result<std::optional<StoredResource>> ResourceRepository::version(const std::string& type, const std::string& id,
                                                                        int versionId)
{
    auto rows = m_connection.query("SELECT " + sql::resourceColumns("v") + ", v.method FROM resource_versions v" +
                                       " WHERE v.resource_type = $1 AND v.resource_id = $2 AND v.version_id = $3::integer",
                                   {type, id, std::to_string(versionId)});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return std::optional<StoredResource>();
    auto resource = rowToResource(rows.value(), 0);
    resource.method = rows->text(0, 7);
    return std::optional<StoredResource>(std::move(resource));
}

core::Result<std::map<ResourceRepository::IdentifierKey, ResourceRepository::IdentifierMatches>>
ResourceRepository::findByIdentifiers(const std::string& type, const std::vector<IdentifierKey>& keys)
{
    std::map<IdentifierKey, IdentifierMatches> found;
    if (keys.empty())
        return found;
    std::vector<std::string> systems, values;
    for (const auto& [system, value] : keys) {
        systems.push_back(system);
        values.push_back(value);
    }
    auto rows = m_connection.queryPrepared(sql::findByIdentifiers(),
                                           {type, sql::textArray(systems), sql::textArray(values)});
    if (!rows)
        return rows.error();
    for (int row = 0; row < rows->rows(); ++row)
        found[{rows->text(row, 0), rows->text(row, 1)}] = {static_cast<int>(rows->integer(row, 2)), rows->text(row, 3)};
    return found;
}

core::Result<ResourceRepository::IdentifierMatches>
ResourceRepository::findVisibleByIdentifier(const std::string& type, const IdentifierKey& key, const std::string& username)
{
    auto rows = m_connection.queryPrepared(
        "SELECT count(DISTINCT r.resource_id), coalesce(min(r.resource_id), '') FROM resource_identifiers i"
        " JOIN resources r ON r.resource_type = i.resource_type AND r.resource_id = i.resource_id"
        " WHERE i.resource_type = $1 AND i.system = $2 AND i.value = $3 AND NOT r.is_deleted"
        " AND (" + sql::visibleTo("r.compartment", "$4") + ")",
        {type, key.first, key.second, username});
    if (!rows)
        return rows.error();
    return IdentifierMatches{static_cast<int>(rows->integer(0, 0)), rows->text(0, 1)};
}

core::Result<StoredResource> ResourceRepository::write(const std::string& type, const std::string& id, int versionId,
                                                       const std::string& method, nlohmann::json content,
                                                       const std::string& compartment)
{
    StoredResource stored;
    stored.type = type;
    stored.id = id;
    stored.versionId = versionId;
    stored.isDeleted = content.is_null();
    stored.method = method;
    stored.compartment = compartment;
    std::vector<std::string> systems, values;
    if (!stored.isDeleted) {
        content["resourceType"] = type;
        content["id"] = id;
        if (!content.contains("meta") || !content["meta"].is_object())
            content["meta"] = nlohmann::json::object();
        content["meta"]["versionId"] = std::to_string(versionId);
        content["meta"]["lastUpdated"] = ""; // replaced by the database clock in the statement
        if (const auto field = content.find("identifier"); field != content.end()) {
            std::vector<std::pair<std::string, std::string>> identifiers;
            if (field->is_array()) {
                for (const auto& item : *field)
                    collectIdentifiers(item, identifiers);
            } else {
                collectIdentifiers(*field, identifiers);
            }
            for (auto& [system, value] : identifiers) {
                systems.push_back(std::move(system));
                values.push_back(std::move(value));
            }
        }
    }
    const SqlParam body = stored.isDeleted ? SqlParam() : SqlParam(content.dump(-1, ' ', false,
                                                                                nlohmann::json::error_handler_t::replace));
    auto written = m_connection.queryPrepared(
        sql::writeResource(), {type, id, std::to_string(versionId), stored.isDeleted ? "true" : "false", method, body,
                               compartment.empty() ? SqlParam() : SqlParam(compartment), sql::textArray(systems),
                               sql::textArray(values)});
    if (!written)
        return written.error();
    stored.seq = written->integer(0, 0);
    stored.lastUpdated = written->text(0, 1);
    if (!stored.isDeleted)
        content["meta"]["lastUpdated"] = stored.lastUpdated;
    stored.content = std::move(content);
    return stored;
}

core::Result<SearchPage> ResourceRepository::search(const SearchQuery& query)
{
    std::vector<SqlParam> params;
    std::string where = " WHERE r.resource_type = " + nextParam(params, query.type) + " AND NOT r.is_deleted";
    for (const auto& bound : query.lastUpdated)
        where += " AND r.last_updated " + bound.sqlOperator + " " + nextParam(params, bound.instant) + "::timestamptz";
    if (!query.ids.empty()) {
        where += " AND r.resource_id IN (";
        for (std::size_t i = 0; i < query.ids.size(); ++i)
            where += (i == 0 ? "" : ", ") + nextParam(params, query.ids[i]);
        where += ")";
    }
    if (query.compartment)
        where += " AND r.compartment = " + nextParam(params, *query.compartment);
    if (query.canonicalUrl)
        where += " AND r.content->>'url' = " + nextParam(params, *query.canonicalUrl);
    if (query.canonicalVersion)
        where += " AND r.content->>'version' = " + nextParam(params, *query.canonicalVersion);
    if (!query.identifiers.empty()) {
        where += " AND EXISTS (SELECT 1 FROM resource_identifiers i WHERE i.resource_type = r.resource_type"
                 " AND i.resource_id = r.resource_id AND (";
        for (std::size_t i = 0; i < query.identifiers.size(); ++i) {
            const auto& match = query.identifiers[i];
            where += i == 0 ? "(" : " OR (";
            where += "true";
            if (match.value)
                where += " AND i.value = " + nextParam(params, *match.value);
            if (match.system)
                where += " AND i.system = " + nextParam(params, *match.system);
            where += ")";
        }
        where += "))";
    }
    if (!query.dates.empty()) {
        std::string element = "r.content";
        const auto path = dateSearchPath(query.type);
        for (std::size_t i = 0; i < path.size(); ++i)
            element += (i + 1 == path.size() ? "->>'" : "->'") + path[i] + "'";
        for (const auto& bound : query.dates) {
            std::string op = bound.sqlOperator;
            std::string extra;
            if (op.size() > 3 && op.substr(op.size() - 3) == "+1d") {
                op = op.substr(0, op.size() - 3);
                extra = " + interval '1 day'";
            }
            where += " AND avocet_instant(" + element + ") " + op + " avocet_instant(" +
                     nextParam(params, bound.instant) + ")" + extra;
        }
    }
    if (!query.statuses.empty()) {
        where += " AND r.content->>'status' IN (";
        for (std::size_t i = 0; i < query.statuses.size(); ++i)
            where += (i == 0 ? "" : ", ") + nextParam(params, query.statuses[i]);
        where += ")";
    }
    if (!query.genders.empty()) {
        where += " AND r.content->>'gender' IN (";
        for (std::size_t i = 0; i < query.genders.size(); ++i)
            where += (i == 0 ? "" : ", ") + nextParam(params, query.genders[i]);
        where += ")";
    }
    // code= and category=: jsonb containment of a coding, so no element's shape can fail the query.
    auto codings = [&](const std::vector<IdentifierMatch>& tokens, bool inArray, const char* field) {
        where += " AND (";
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            nlohmann::json coding = {{"code", *tokens[i].value}};
            if (tokens[i].system)
                coding["system"] = *tokens[i].system;
            nlohmann::json codeable = {{"coding", nlohmann::json::array({coding})}};
            const nlohmann::json pattern = {{field, inArray ? nlohmann::json::array({codeable}) : codeable}};
            where += (i == 0 ? "" : " OR ") + std::string("r.content @> ") + nextParam(params, pattern.dump()) + "::jsonb";
        }
        where += ")";
    };
    if (!query.codes.empty())
        codings(query.codes, false, "code");
    if (!query.categories.empty())
        codings(query.categories, true, "category");
    for (const auto& [kind, prefix] : query.names) {
        // FHIR string search: case-insensitive, matching the start of a family or given name.
        const std::string value = nextParam(params, prefix);
        const std::string names = "jsonb_array_elements(CASE WHEN jsonb_typeof(r.content->'name') = 'array'"
                                  " THEN r.content->'name' ELSE '[]'::jsonb END) n";
        const std::string family = "starts_with(lower(coalesce(n->>'family', '')), lower(" + value + "))";
        const std::string given = "EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(n->'given')"
                                  " = 'array' THEN n->'given' ELSE '[]'::jsonb END) g WHERE starts_with(lower(g), lower(" +
                                  value + ")))";
        const std::string text = "starts_with(lower(coalesce(n->>'text', '')), lower(" + value + "))";
        const std::string condition = kind == "family" ? family
                                      : kind == "given" ? given
                                                        : family + " OR " + given + " OR " + text;
        where += " AND EXISTS (SELECT 1 FROM " + names + " WHERE " + condition + ")";
    }
    for (const auto& bound : query.birthDates) {
        if (bound.sqlOperator == "=")
            where += " AND starts_with(coalesce(r.content->>'birthDate', ''), " + nextParam(params, bound.instant) + ")";
        else
            where += " AND r.content->>'birthDate' " + bound.sqlOperator + " " + nextParam(params, bound.instant);
    }
    if (query.caseloadUser) {
        const std::string user = nextParam(params, *query.caseloadUser);
        where += " AND (" + sql::visibleTo("r.compartment", user) + ")";
    }

    SearchPage page;
    if (query.totalWanted && !query.cursor) {
        auto counted = m_connection.query("SELECT count(*) FROM resources r" + where, params);
        if (!counted)
            return counted.error();
        page.total = counted->integer(0, 0);
    }
    if (query.count == 0)
        return page;
    std::string pageWhere = where;
    if (query.cursor)
        pageWhere += " AND r.seq > " + nextParam(params, std::to_string(*query.cursor)) + "::bigint";
    const std::string limit = nextParam(params, std::to_string(query.count + 1)) + "::integer";
    auto rows = m_connection.query("SELECT " + sql::resourceColumns("r") + " FROM resources r" + pageWhere +
                                       " ORDER BY r.seq LIMIT " + limit,
                                   params);
    if (!rows)
        return rows.error();
    for (int row = 0; row < rows->rows() && row < query.count; ++row)
        page.matches.push_back(rowToResource(rows.value(), row, false));
    if (rows->rows() > query.count)
        page.nextCursor = page.matches.back().seq;
    return page;
}

core::Result<SearchPage> ResourceRepository::history(const HistoryQuery& query)
{
    std::vector<SqlParam> params;
    std::string where = " WHERE v.resource_type = " + nextParam(params, query.type);
    if (query.id)
        where += " AND v.resource_id = " + nextParam(params, *query.id);
    if (query.since)
        where += " AND v.last_updated >= " + nextParam(params, *query.since) + "::timestamptz";
    if (query.caseloadUser) {
        // Decided on the resource's current compartment: a version is visible when its resource is.
        const std::string user = nextParam(params, *query.caseloadUser);
        where += " AND EXISTS (SELECT 1 FROM resources r WHERE r.resource_type = v.resource_type"
                 " AND r.resource_id = v.resource_id AND (" + sql::visibleTo("r.compartment", user) + "))";
    }
    SearchPage page;
    if (!query.cursor) {
        auto counted = m_connection.query("SELECT count(*) FROM resource_versions v" + where, params);
        if (!counted)
            return counted.error();
        page.total = counted->integer(0, 0);
    }
    if (query.count == 0)
        return page;
    if (query.cursor)
        where += " AND v.seq < " + nextParam(params, std::to_string(*query.cursor)) + "::bigint";
    const std::string limit = nextParam(params, std::to_string(query.count + 1)) + "::integer";
    auto rows = m_connection.query("SELECT " + sql::resourceColumns("v") + ", v.method FROM resource_versions v" + where +
                                       " ORDER BY v.seq DESC LIMIT " + limit,
                                   params);
    if (!rows)
        return rows.error();
    for (int row = 0; row < rows->rows() && row < query.count; ++row) {
        auto resource = rowToResource(rows.value(), row, false);
        resource.method = rows->text(row, 7);
        page.matches.push_back(std::move(resource));
    }
    if (rows->rows() > query.count)
        page.nextCursor = page.matches.back().seq;
    return page;
}

} // namespace avocet::hub

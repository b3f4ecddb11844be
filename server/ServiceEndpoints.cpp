#include "server/ServiceEndpoints.h"

#include "server/Log.h"
#include "server/OperationOutcome.h"

#include <algorithm>

namespace avocet::hub {

using nlohmann::json;

namespace {

std::optional<std::string> queryValue(const HubRequest& request, const std::string& name)
{
    for (const auto& [key, value] : request.query)
        if (key == name)
            return value;
    return std::nullopt;
}

std::optional<std::string> unknownParameter(const HubRequest& request, const std::vector<std::string>& known)
{
    for (const auto& [key, value] : request.query)
        if (std::find(known.begin(), known.end(), key) == known.end())
            return key;
    return std::nullopt;
}

HubResponse storeError(const std::string& what, const core::Error& error)
{
    logEvent("error", "store_failure", {{"route", what}, {"message", loggableError(error)}});
    return errorResponse(500, "exception", "the store failed; try again");
}

} // namespace

HubResponse serveCaseload(PgConnection& connection, const RequestContext& context, const HubRequest& request)
{
    if (request.method != "GET")
        return errorResponse(405, "not-supported", "/Caseload is read-only; administrators assign caseloads with "
                                                   "avocet-hub admin assign-caseload");
    if (context.caller.role == Role::ChangeManager)
        return errorResponse(403, "forbidden", "change managers have no access to caseloads");
    if (context.caller.role == Role::TeamManager)
        return errorResponse(403, "forbidden", "team managers read their teams' figures (GET /reports/...), not the "
                                               "patients on the caseloads");
    if (auto unknown = unknownParameter(request, {"team"}); unknown)
        return errorResponse(400, "invalid", "unknown parameter '" + *unknown + "' (only team= is supported)");
    const auto team = queryValue(request, "team");
    const bool everyTeam = context.caller.role == Role::Administrator;
    auto rows = connection.query(
        "SELECT t.name, c.patient_ref, to_char(c.added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        " FROM teams t LEFT JOIN caseload_members c ON c.team_id = t.team_id"
        " WHERE ($1::boolean OR t.team_id IN (SELECT m.team_id FROM team_members m WHERE m.username = $2))"
        " AND ($3::text IS NULL OR t.name = $3) ORDER BY t.name, c.added_at, c.patient_ref",
        {everyTeam ? "true" : "false", context.caller.username, team ? SqlParam(*team) : SqlParam()});
    if (!rows)
        return storeError("Caseload", rows.error());
    if (team && rows->rows() == 0)
        return errorResponse(404, "not-found", "you are not in a team called '" + *team + "'");

    std::vector<std::pair<std::string, json>> lists; // team -> List, in order
    std::vector<std::string> patientIds;
    for (int row = 0; row < rows->rows(); ++row) {
        const std::string name = rows->text(row, 0);
        if (lists.empty() || lists.back().first != name) {
            lists.emplace_back(name, json{{"resourceType", "List"},
                                          {"status", "current"},
                                          {"mode", "working"},
                                          {"title", "Caseload: " + name},
                                          {"code", {{"text", "caseload"}}},
                                          {"identifier", json::array({{{"system", "urn:avocet:team"}, {"value", name}}})},
                                          {"entry", json::array()}});
        }
        if (rows->isNull(row, 1))
            continue;
        const std::string reference = rows->text(row, 1);
        lists.back().second["entry"].push_back({{"item", {{"reference", reference}}}, {"date", rows->text(row, 2)}});
        if (reference.rfind("Patient/", 0) == 0)
            patientIds.push_back(reference.substr(8));
    }
    auto entries = json::array();
    for (auto& [name, list] : lists)
        entries.push_back({{"resource", list}, {"search", {{"mode", "match"}}}});
    if (!patientIds.empty()) {
        std::string array = "{";
        for (std::size_t i = 0; i < patientIds.size(); ++i)
            array += (i == 0 ? "\"" : ",\"") + patientIds[i] + "\"";
        array += "}";
        auto patients = connection.query("SELECT resource_id, content::text FROM resources WHERE resource_type = 'Patient'"
                                         " AND NOT is_deleted AND resource_id = ANY($1::text[]) ORDER BY seq",
                                         {array});
        if (!patients)
            return storeError("Caseload", patients.error());
        for (int row = 0; row < patients->rows(); ++row) {
            entries.push_back({{"fullUrl", context.baseUrl + "/Patient/" + patients->text(row, 0)},
                               {"resource", json::parse(patients->text(row, 1), nullptr, false)},
                               {"search", {{"mode", "include"}}}});
        }
    }
    json bundle = {{"resourceType", "Bundle"},
                   {"type", "searchset"},
                   {"total", lists.size()},
                   {"link", json::array({{{"relation", "self"}, {"url", context.baseUrl + "/Caseload"}}})},
                   {"entry", entries}};
    return jsonResponse(200, bundle);
}

HubResponse serveMappings(PgConnection& connection, MappingRegistry* registry, const RequestContext& context,
                          const HubRequest& request, const std::vector<std::string>& segments, const json& body)
{
    if (registry == nullptr)
        return errorResponse(404, "not-found", "this hub serves no EPR mappings");
    if (request.method == "POST" && segments.size() == 1) {
        if (context.caller.role != Role::ChangeManager && context.caller.role != Role::Administrator)
            return errorResponse(403, "forbidden", "only change managers publish mappings");
        auto published = registry->publish(connection, body, context.caller.username);
        if (!published) {
            switch (published.code()) {
            case core::ErrorCode::AlreadyExists:
                return errorResponse(409, "conflict", published.message());
            case core::ErrorCode::MappingInvalid:
                return errorResponse(422, "business-rule", published.message());
            case core::ErrorCode::InvalidArgument:
            case core::ErrorCode::ParseError:
                return errorResponse(400, "invalid", published.message());
            default:
                return storeError("mappings", published.error());
            }
        }
        logEvent("info", "mapping_published", {{"mapping", published->id + "@" + published->version},
                                               {"new", published->isNew}});
        auto response = plainJsonResponse(published->isNew ? 201 : 200,
                                  {{"id", published->id}, {"version", published->version}, {"status", "published"}});
        response.setHeader("Location", context.baseUrl + "/mappings/" + published->id + "/" + published->version);
        return response;
    }
    if (request.method != "GET")
        return errorResponse(405, "not-supported", request.method + " is not allowed on " + request.path);
    if (segments.size() == 1) {
        if (auto unknown = unknownParameter(request, {"template", "epr"}); unknown)
            return errorResponse(400, "invalid", "unknown parameter '" + *unknown + "' (template=, epr=)");
        auto listed = registry->list(connection, queryValue(request, "template"), queryValue(request, "epr"));
        if (!listed)
            return storeError("mappings", listed.error());
        return plainJsonResponse(200, {{"mappings", listed.value()}});
    }
    if (segments.size() == 2 && segments[1] == "active") {
        const auto templ = queryValue(request, "template");
        const auto epr = queryValue(request, "epr");
        if (!templ || !epr || templ->find('|') == std::string::npos)
            return errorResponse(400, "invalid", "give template=<url>|<version> and epr=<Paris|Mobius|SystmOne>");
        const auto bar = templ->find('|');
        auto active = registry->active(connection, *epr, templ->substr(0, bar), templ->substr(bar + 1));
        if (!active) {
            if (active.code() == core::ErrorCode::NotFound)
                return errorResponse(404, "not-found", active.message());
            return storeError("mappings", active.error());
        }
        auto document = registry->document(connection, (*active)->id, (*active)->version);
        if (!document || !document.value())
            return errorResponse(500, "exception", "the active mapping vanished; try again");
        return plainJsonResponse(200, **document);
    }
    if (segments.size() == 3) {
        auto document = registry->document(connection, segments[1], segments[2]);
        if (!document)
            return storeError("mappings", document.error());
        if (!document.value())
            return errorResponse(404, "not-found", "mapping " + segments[1] + "@" + segments[2] + " is not published");
        return plainJsonResponse(200, **document);
    }
    return errorResponse(404, "not-found", "no such endpoint: " + request.path);
}

} // namespace avocet::hub

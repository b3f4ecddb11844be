#include "server/MetricReports.h"

#include "server/HubSql.h"
#include "server/Log.h"
#include "server/OperationOutcome.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace avocet::hub {

using core::metrics::Duration;
using core::metrics::Method;
using core::metrics::Metric;
using core::metrics::MetricItem;
using nlohmann::json;

namespace {

constexpr const char* kLegalStatusUrl = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";

// A JSON array at `expr`, or an empty one: jsonb_array_elements fails on anything else.
std::string arrayAt(const std::string& expr)
{
    return "CASE jsonb_typeof(" + expr + ") WHEN 'array' THEN " + expr + " ELSE '[]'::jsonb END";
}

// A window measured on the clock: hours are hours and a day is 24 of them whatever the session's
// time zone, so a report run in summer and in winter counts alike.
std::string exactInterval(const Duration& d)
{
    switch (d.unit) {
    case Duration::Unit::Hours:
        return std::to_string(d.count) + " hours";
    case Duration::Unit::Days:
        return std::to_string(d.count * 24) + " hours";
    case Duration::Unit::Months:
        return std::to_string(d.count) + " months";
    }
    return d.text();
}

std::vector<std::string> codesOf(const std::vector<const MetricItem*>& items)
{
    std::vector<std::string> out;
    for (const MetricItem* item : items)
        if (item->isCoded())
            out.push_back(item->system + "|" + item->code);
    return out;
}

std::vector<std::string> templatesOf(const std::vector<const MetricItem*>& items)
{
    std::vector<std::string> out;
    for (const MetricItem* item : items)
        if (!item->questionnaire.empty())
            out.push_back(item->questionnaire);
    return out;
}

// $1 from, $2 to, $3 team, $4 every team, $5 user; a method's own parameters follow from $6.
const char* kHead =
    "WITH params AS (SELECT ($1::date)::timestamp AT TIME ZONE 'Europe/London' AS t0,"
    " ($2::date + 1)::timestamp AT TIME ZONE 'Europe/London' AS t1),"
    " visible_teams AS (SELECT t.team_id, t.name FROM teams t WHERE ($3::text IS NULL OR t.name = $3)"
    " AND ($4::boolean OR t.team_id IN (SELECT m.team_id FROM team_members m WHERE m.username = $5))),"
    " patient_team AS (SELECT c.patient_ref, v.name AS team FROM caseload_members c"
    " JOIN visible_teams v ON v.team_id = c.team_id),";

// `stays (unit, patient_ref, d)`: inpatient stays (Encounters of the population's class, finished, no
// Mental Health Act legal status) discharged (period.end) in the period.
std::string dischargedStays(const std::string& classSystem, const std::string& classCode)
{
    return std::string(" stays AS (SELECT e.resource_id AS unit, e.compartment AS patient_ref,"
                       " avocet_instant(e.content->'period'->>'end') AS d FROM resources e, params p"
                       " WHERE e.resource_type = 'Encounter' AND NOT e.is_deleted AND e.compartment LIKE 'Patient/%'"
                       " AND e.content->>'status' = 'finished' AND e.content->'class'->>'system' = ") +
           classSystem + " AND e.content->'class'->>'code' = " + classCode +
           " AND NOT coalesce(e.content->'extension', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('url', '" +
           kLegalStatusUrl +
           "'))"
           " AND avocet_instant(e.content->'period'->>'end') >= p.t0"
           " AND avocet_instant(e.content->'period'->>'end') < p.t1)";
}

// Each method ends in `units (unit, patient_ref, epr, counted, met)`: one row per thing counted.
std::string methodSql(const Metric& metric, std::vector<SqlParam>& params)
{
    switch (metric.method) {
    case Method::PairedOutcome:
        params.push_back(sql::textArray(codesOf(metric.itemsWithRole("score"))));
        params.push_back(exactInterval(*metric.startWindow));
        params.push_back(exactInterval(*metric.endWindow));
        return " episodes AS (SELECT r.resource_id AS unit, r.compartment AS patient_ref,"
               " avocet_instant(r.content->'period'->>'start') AS s, avocet_instant(r.content->'period'->>'end') AS e"
               " FROM resources r, params p WHERE r.resource_type = 'EpisodeOfCare' AND NOT r.is_deleted"
               " AND r.compartment LIKE 'Patient/%' AND r.content->>'status' = 'finished'"
               " AND avocet_instant(r.content->'period'->>'end') >= p.t0"
               " AND avocet_instant(r.content->'period'->>'end') < p.t1),"
               " scores AS (SELECT o.compartment AS patient_ref, k.key, avocet_instant(o.content->>'effectiveDateTime') AS t"
               " FROM resources o JOIN LATERAL (SELECT DISTINCT (c->>'system') || '|' || (c->>'code') AS key"
               " FROM jsonb_array_elements(" + arrayAt("o.content->'code'->'coding'") + ") c) k"
               " ON k.key = ANY($6::text[])"
               " WHERE o.resource_type = 'Observation' AND NOT o.is_deleted"
               " AND o.compartment IN (SELECT patient_ref FROM episodes)"
               " AND o.content->>'status' IN ('final', 'amended', 'corrected')"
               " AND (o.content ? 'valueInteger' OR o.content->'valueQuantity' ? 'value')),"
               " units AS (SELECT e.unit, e.patient_ref, NULL::text AS epr, true AS counted, EXISTS ("
               "SELECT 1 FROM scores a JOIN scores b ON b.patient_ref = a.patient_ref AND b.key = a.key AND b.t > a.t"
               " WHERE a.patient_ref = e.patient_ref AND a.t BETWEEN e.s - $7::interval AND e.s + $7::interval"
               " AND b.t BETWEEN e.e - $8::interval AND e.e + $8::interval) AS met FROM episodes e)";
    case Method::LatestWithinInterval: {
        params.push_back(sql::textArray(codesOf(metric.itemsWithRole("population"))));
        params.push_back(sql::textArray(codesOf(metric.itemsWithRole("evidence"))));
        params.push_back(sql::textArray(templatesOf(metric.itemsWithRole("evidence"))));
        params.push_back(metric.interval->text());
        auto hasCategory = [](const std::string& alias, const std::string& codes) {
            return "EXISTS (SELECT 1 FROM jsonb_array_elements(" + arrayAt(alias + ".content->'category'") +
                   ") cat, jsonb_array_elements(" + arrayAt("cat->'coding'") +
                   ") cd WHERE (cd->>'system') || '|' || (cd->>'code') = ANY(" + codes + "))";
        };
        // As at the end of the period: the caseload as it stands (it keeps no history), the
        // latest evidence on or before the last day, counted in London calendar days.
        return " population AS (SELECT DISTINCT pt.patient_ref FROM patient_team pt"
               " WHERE cardinality($6::text[]) = 0 OR EXISTS (SELECT 1 FROM resources cp"
               " WHERE cp.resource_type = 'CarePlan' AND NOT cp.is_deleted AND cp.compartment = pt.patient_ref"
               " AND cp.content->>'status' = 'active' AND " + hasCategory("cp", "$6::text[]") + ")),"
               " evidence AS (SELECT cp.compartment AS patient_ref,"
               " (avocet_instant(cp.content->'period'->>'start') AT TIME ZONE 'Europe/London')::date AS day"
               " FROM resources cp WHERE cp.resource_type = 'CarePlan' AND NOT cp.is_deleted"
               " AND cp.compartment IN (SELECT patient_ref FROM population)"
               " AND cp.content->>'status' IN ('active', 'completed') AND " + hasCategory("cp", "$7::text[]") +
               " UNION ALL SELECT q.compartment, (avocet_instant(q.content->>'authored') AT TIME ZONE 'Europe/London')::date"
               " FROM resources q WHERE q.resource_type = 'QuestionnaireResponse' AND NOT q.is_deleted"
               " AND q.compartment IN (SELECT patient_ref FROM population)"
               " AND q.content->>'status' IN ('completed', 'amended')"
               " AND split_part(q.content->>'questionnaire', '|', 1) = ANY($8::text[])),"
               " units AS (SELECT p.patient_ref AS unit, p.patient_ref, NULL::text AS epr, true AS counted,"
               " coalesce((SELECT max(ev.day) FROM evidence ev WHERE ev.patient_ref = p.patient_ref AND ev.day <= $2::date)"
               " >= ($2::date + 1 - $9::interval)::date, false) AS met FROM population p)";
    }
    case Method::DocumentAfterDischarge: {
        const MetricItem* stay = metric.itemsWithRole("population").front();
        const MetricItem* document = metric.itemsWithRole("document").front();
        params.push_back(stay->system);
        params.push_back(stay->code);
        params.push_back(document->system);
        params.push_back(document->code);
        params.push_back(exactInterval(*metric.within));
        // The document is about the stay when it names the stay (context.encounter) or its discharge
        // time (context.period.end); it counts when its recipient took it (delivered or accepted)
        // within the window. A discharge still inside its window and without one is not counted yet.
        return dischargedStays("$6", "$7") +
               ", sent AS (SELECT s.unit, min(m.delivered_at) AS at FROM stays s"
               " JOIN resources dr ON dr.resource_type = 'DocumentReference' AND NOT dr.is_deleted"
               " AND dr.compartment = s.patient_ref"
               " AND dr.content->'category' @> jsonb_build_array(jsonb_build_object('coding',"
               " jsonb_build_array(jsonb_build_object('system', $8::text, 'code', $9::text))))"
               " AND (dr.content->'context'->'encounter' @> jsonb_build_array(jsonb_build_object('reference',"
               " 'Encounter/' || s.unit)) OR avocet_instant(dr.content->'context'->'period'->>'end') = s.d)"
               " JOIN epr_messages m ON m.focus_type = 'DocumentReference' AND m.response_id = dr.resource_id"
               " AND m.state IN ('delivered', 'accepted') GROUP BY s.unit),"
               " units AS (SELECT s.unit, s.patient_ref, NULL::text AS epr,"
               " (x.at IS NOT NULL OR s.d + $10::interval <= clock_timestamp()) AS counted,"
               " coalesce(x.at <= s.d + $10::interval, false) AS met FROM stays s LEFT JOIN sent x ON x.unit = s.unit)";
    }
    case Method::FollowUpAfterDischarge: {
        const MetricItem* stay = metric.itemsWithRole("population").front();
        params.push_back(stay->system);
        params.push_back(stay->code);
        std::vector<std::string> statuses;
        for (const MetricItem* contact : metric.itemsWithRole("contact"))
            if (contact->isCoded())
                statuses.push_back(contact->code);
        params.push_back(sql::textArray(statuses));
        params.push_back(sql::textArray(templatesOf(metric.itemsWithRole("contact"))));
        params.push_back(exactInterval(*metric.within));
        return dischargedStays("$6", "$7") +
               ", units AS (SELECT s.unit, s.patient_ref, NULL::text AS epr, true AS counted, (EXISTS ("
               "SELECT 1 FROM resources a WHERE a.resource_type = 'Appointment' AND NOT a.is_deleted"
               " AND a.compartment = s.patient_ref AND a.content->>'status' = ANY($8::text[])"
               " AND avocet_instant(a.content->>'start') > s.d AND avocet_instant(a.content->>'start') <= s.d + $10::interval)"
               " OR EXISTS (SELECT 1 FROM resources q WHERE q.resource_type = 'QuestionnaireResponse' AND NOT q.is_deleted"
               " AND q.compartment = s.patient_ref AND q.content->>'status' IN ('completed', 'amended')"
               " AND ('*' = ANY($9::text[]) OR split_part(q.content->>'questionnaire', '|', 1) = ANY($9::text[]))"
               " AND avocet_instant(q.content->>'authored') > s.d"
               " AND avocet_instant(q.content->>'authored') <= s.d + $10::interval)) AS met FROM stays s)";
    }
    case Method::LegalStatusComplete: {
        params.push_back(metric.itemsWithRole("classification").front()->system);
        params.push_back(metric.itemsWithRole("context").front()->system);
        params.push_back(sql::textArray(codesOf(metric.itemsWithRole("informal"))));
        auto coded = [](const std::string& subUrl, const std::string& system) {
            return "(SELECT cd->>'code' FROM jsonb_array_elements(" + arrayAt("l.ls->'extension'") +
                   ") sub, jsonb_array_elements(" + arrayAt("sub->'valueCodeableConcept'->'coding'") +
                   ") cd WHERE sub->>'url' = '" + subUrl + "' AND cd->>'system' = " + system +
                   " AND coalesce(cd->>'code', '') <> '' LIMIT 1)";
        };
        // A detention whose start is unreadable is still counted (it is what the metric looks for):
        // from when the hub received it.
        return std::string(" detentions AS (SELECT e.resource_id AS unit, e.compartment AS patient_ref, e.last_updated,"
                           " e.content->'period'->>'start' AS start_text, e.content->'period'->>'end' AS end_text, ") +
               coded("legalStatusClassification", "$6") + " AS classification, " +
               coded("legalStatusContext", "$7") +
               " AS context FROM resources e CROSS JOIN LATERAL (SELECT x AS ls FROM jsonb_array_elements(" +
               arrayAt("e.content->'extension'") + ") x WHERE x->>'url' = '" + kLegalStatusUrl +
               "' LIMIT 1) l"
               " WHERE e.resource_type = 'Encounter' AND NOT e.is_deleted AND e.compartment LIKE 'Patient/%'"
               " AND coalesce(e.content->>'status', '') <> 'entered-in-error'),"
               " units AS (SELECT d.unit, d.patient_ref, NULL::text AS epr, true AS counted,"
               " (d.classification IS NOT NULL AND d.context IS NOT NULL"
               " AND coalesce(d.start_text ~ '^\\d{4}-\\d{2}-\\d{2}T', false) AND avocet_instant(d.start_text) IS NOT NULL"
               " AND (d.end_text IS NULL OR coalesce(avocet_instant(d.end_text) >= avocet_instant(d.start_text), false)))"
               " AS met FROM detentions d, params p"
               " WHERE (d.classification IS NULL OR NOT ($6 || '|' || d.classification) = ANY($8::text[]))"
               " AND coalesce(avocet_instant(d.start_text), d.last_updated) < p.t1"
               " AND (d.end_text IS NULL OR avocet_instant(d.end_text) IS NULL OR avocet_instant(d.end_text) >= p.t0))";
    }
    case Method::DeliveredWithin:
        params.push_back(exactInterval(*metric.within));
        params.push_back(sql::textArray(templatesOf(metric.itemsWithRole("form"))));
        // A delivery still inside its window is not counted yet: it may still arrive in time.
        return " units AS (SELECT m.message_id::text AS unit, m.patient_ref, m.epr,"
               " (m.delivered_at IS NOT NULL OR m.created_at + $6::interval <= clock_timestamp()) AS counted,"
               " coalesce(m.delivered_at <= m.created_at + $6::interval, false) AS met"
               " FROM epr_messages m, params p WHERE m.created_at >= p.t0 AND m.created_at < p.t1"
               " AND m.focus_type = 'QuestionnaireResponse'"
               " AND ('*' = ANY($7::text[]) OR EXISTS (SELECT 1 FROM resources q"
               " WHERE q.resource_type = 'QuestionnaireResponse' AND q.resource_id = m.response_id"
               " AND split_part(q.content->>'questionnaire', '|', 1) = ANY($7::text[]))))";
    }
    return {};
}

const char* kTail =
    ", patient_epr AS (SELECT 'Patient/' || i.resource_id AS patient_ref, (array_agg(CASE i.system"
    " WHEN 'https://fhir.avocet.example/Id/paris-record-id' THEN 'Paris'"
    " WHEN 'https://fhir.avocet.example/Id/mobius-record-id' THEN 'Mobius' ELSE 'SystmOne' END ORDER BY CASE i.system"
    " WHEN 'https://fhir.avocet.example/Id/paris-record-id' THEN 1"
    " WHEN 'https://fhir.avocet.example/Id/mobius-record-id' THEN 2 ELSE 3 END))[1] AS epr"
    " FROM resource_identifiers i WHERE i.resource_type = 'Patient' AND i.system IN"
    " ('https://fhir.avocet.example/Id/paris-record-id', 'https://fhir.avocet.example/Id/mobius-record-id',"
    " 'https://fhir.avocet.example/Id/systmone-record-id')"
    " AND 'Patient/' || i.resource_id IN (SELECT patient_ref FROM units) GROUP BY i.resource_id),"
    " scoped AS (SELECT u.unit, u.counted, u.met, coalesce(pt.team, '(no team)') AS team,"
    " coalesce(u.epr, pe.epr, '(no EPR)') AS epr FROM units u"
    " LEFT JOIN patient_team pt ON pt.patient_ref = u.patient_ref"
    " LEFT JOIN patient_epr pe ON pe.patient_ref = u.patient_ref"
    " WHERE pt.team IS NOT NULL OR ($4::boolean AND $3::text IS NULL))"
    " SELECT coalesce(team, ''), coalesce(epr, ''), count(DISTINCT unit) FILTER (WHERE counted),"
    " count(DISTINCT unit) FILTER (WHERE counted AND met), count(DISTINCT unit) FILTER (WHERE NOT counted),"
    " GROUPING(team, epr) FROM scoped GROUP BY GROUPING SETS ((team, epr), (team), ())"
    " ORDER BY GROUPING(team, epr), team, epr";

std::string percentText(long long numerator, long long denominator)
{
    if (denominator <= 0)
        return "";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", 100.0 * static_cast<double>(numerator) / static_cast<double>(denominator));
    return buffer;
}

json rowJson(const Metric& metric, const MetricRow& row)
{
    json out = {{"numerator", row.numerator}, {"denominator", row.denominator}};
    if (!row.team.empty())
        out["team"] = row.team;
    if (!row.epr.empty())
        out["epr"] = row.epr;
    if (row.denominator > 0)
        out["percent"] = std::round(1000.0 * static_cast<double>(row.numerator) / static_cast<double>(row.denominator)) / 10.0;
    else
        out["percent"] = nullptr;
    out["meetsTarget"] = metric.meetsTarget(row.numerator, row.denominator);
    return out;
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::optional<std::string> queryValue(const HubRequest& request, const std::string& name)
{
    for (const auto& [key, value] : request.query)
        if (key == name)
            return value;
    return std::nullopt;
}

} // namespace

std::optional<std::string> badDate(const std::string& name, const std::string& value)
{
    const bool shaped = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                        std::all_of(value.begin(), value.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    if (shaped) {
        const int month = std::stoi(value.substr(5, 2));
        const int day = std::stoi(value.substr(8, 2));
        if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
            return std::nullopt;
    }
    return name + " must be a date as YYYY-MM-DD, not '" + value + "'";
}

core::Result<MetricReport> computeMetric(PgConnection& connection, const Metric& metric,
                                         const std::string& libraryVersion, const ReportScope& scope)
{
    std::vector<SqlParam> params = {scope.from, scope.to, scope.team ? SqlParam(*scope.team) : SqlParam(),
                                    scope.everyTeam ? "true" : "false", scope.username};
    const std::string statement = std::string(kHead) + methodSql(metric, params) + kTail;
    auto rows = connection.query(statement, params);
    if (!rows)
        return rows.error();
    MetricReport report;
    report.metric = &metric;
    report.libraryVersion = libraryVersion;
    report.scope = scope;
    for (int row = 0; row < rows->rows(); ++row) {
        MetricRow out{rows->text(row, 0), rows->text(row, 1), rows->integer(row, 3), rows->integer(row, 2)};
        const long long grouping = rows->integer(row, 5);
        if (grouping == 0) {
            report.rows.push_back(out);
        } else if (grouping == 1) {
            out.epr.clear();
            report.teams.push_back(out);
        } else {
            out.team.clear();
            out.epr.clear();
            report.total = out;
            report.pending = rows->integer(row, 4);
        }
    }
    return report;
}

json metricJson(const Metric& metric)
{
    json reads = json::array();
    for (const auto& item : metric.reads) {
        json one = {{"role", item.role}, {"resource", item.resource}, {"display", item.display}};
        if (item.isCoded()) {
            one["system"] = item.system;
            if (!item.code.empty())
                one["code"] = item.code;
        } else {
            one["questionnaire"] = item.questionnaire;
            if (!item.linkId.empty())
                one["linkId"] = item.linkId;
        }
        reads.push_back(one);
    }
    json source = {{"type", std::string(toString(metric.source.type))}, {"reference", metric.source.reference}};
    if (!metric.source.code.empty()) {
        source["codeSystem"] = metric.source.codeSystem;
        source["code"] = metric.source.code;
    }
    json parameters = json::object();
    if (metric.startWindow)
        parameters["startWindow"] = metric.startWindow->text();
    if (metric.endWindow)
        parameters["endWindow"] = metric.endWindow->text();
    if (metric.interval)
        parameters["interval"] = metric.interval->text();
    if (metric.within)
        parameters["within"] = metric.within->text();
    return {{"id", metric.id},
            {"title", metric.title},
            {"source", source},
            {"method", std::string(toString(metric.method))},
            {"population", metric.population},
            {"denominator", metric.denominator},
            {"numerator", metric.numerator},
            {"period", metric.period},
            {"reads", reads},
            {"parameters", parameters},
            {"target", {{"atLeastPercent", metric.targetPercent}}}};
}

json libraryJson(const core::metrics::MetricSet& set)
{
    json metrics = json::array();
    for (const auto& metric : set.metrics)
        metrics.push_back(metricJson(metric));
    return {{"name", set.name},       {"version", set.version}, {"effectiveFrom", set.effectiveFrom},
            {"title", set.title},     {"approval", set.approval}, {"metrics", metrics}};
}

json reportJson(const MetricReport& report)
{
    const Metric& metric = *report.metric;
    json rows = json::array();
    for (const auto& row : report.rows)
        rows.push_back(rowJson(metric, row));
    json teams = json::array();
    for (const auto& row : report.teams)
        teams.push_back(rowJson(metric, row));
    json period = {{"from", report.scope.from}, {"to", report.scope.to}, {"timeZone", "Europe/London"}};
    json out = {{"metric", metric.id},
                {"title", metric.title},
                {"library", report.libraryVersion},
                {"period", period},
                {"target", {{"atLeastPercent", metric.targetPercent}}},
                {"total", rowJson(metric, report.total)},
                {"teams", teams},
                {"rows", rows}};
    if (report.scope.team)
        out["team"] = *report.scope.team;
    if (metric.method == Method::DeliveredWithin || metric.method == Method::DocumentAfterDischarge)
        out["notYetDue"] = report.pending;
    return out;
}

std::string reportCsv(const MetricReport& report)
{
    const Metric& metric = *report.metric;
    std::string out = "metric,library,from,to,team,epr,numerator,denominator,percent,target_percent,meets_target\r\n";
    char target[32];
    std::snprintf(target, sizeof target, "%g", metric.targetPercent);
    auto line = [&](const MetricRow& row, const std::string& team, const std::string& epr) {
        out += csvField(metric.id) + "," + csvField(report.libraryVersion) + "," + report.scope.from + "," +
               report.scope.to + "," + csvField(team) + "," + csvField(epr) + "," + std::to_string(row.numerator) +
               "," + std::to_string(row.denominator) + "," + percentText(row.numerator, row.denominator) + "," +
               target + "," + (metric.meetsTarget(row.numerator, row.denominator) ? "yes" : "no") + "\r\n";
    };
    for (const auto& row : report.rows)
        line(row, row.team, row.epr);
    for (const auto& row : report.teams)
        line(row, row.team, "(all)");
    line(report.total, "(all)", "(all)");
    return out;
}

HubResponse serveReports(PgConnection& connection, const Caller& caller, const HubRequest& request,
                         const std::vector<std::string>& segments)
{
    if (request.method != "GET")
        return errorResponse(405, "not-supported", "reports are read-only");
    if (caller.role == Role::EprFeed)
        return errorResponse(403, "forbidden", "EPR feed accounts write their EPR's records; they read no reports");
    auto library = core::metrics::MetricLibrary::builtin();
    if (!library)
        return errorResponse(500, "exception", "the metric library does not load: " + library.message());
    if (segments.size() == 2 && segments[1] == "metrics") {
        for (const auto& [key, value] : request.query)
            if (key != "date")
                return errorResponse(400, "invalid", "unknown parameter '" + key + "' (only date= is supported)");
        const auto date = queryValue(request, "date");
        if (date) {
            if (auto bad = badDate("date", *date); bad)
                return errorResponse(400, "invalid", *bad);
            auto set = library->activeOn(*date);
            if (!set)
                return errorResponse(404, "not-found", set.message());
            return plainJsonResponse(200, libraryJson(**set));
        }
        return plainJsonResponse(200, libraryJson(library->latest()));
    }
    if (segments.size() != 3 || segments[1] != "metric")
        return errorResponse(404, "not-found", "no such endpoint: " + request.path +
                                                   " (GET /reports/metrics or /reports/metric/<id>?from=&to=)");
    if (caller.role == Role::ChangeManager)
        return errorResponse(403, "forbidden", "change managers read the metric library (GET /reports/metrics), not "
                                               "the figures");
    for (const auto& [key, value] : request.query)
        if (key != "from" && key != "to" && key != "team" && key != "_format")
            return errorResponse(400, "invalid", "unknown parameter '" + key + "' (from=, to=, team=, _format=)");
    const auto from = queryValue(request, "from");
    const auto to = queryValue(request, "to");
    if (!from || !to)
        return errorResponse(400, "invalid", "give the period as from=YYYY-MM-DD&to=YYYY-MM-DD (both days included)");
    if (auto bad = badDate("from", *from); bad)
        return errorResponse(400, "invalid", *bad);
    if (auto bad = badDate("to", *to); bad)
        return errorResponse(400, "invalid", *bad);
    if (*to < *from)
        return errorResponse(400, "invalid", "the period ends (to=" + *to + ") before it starts (from=" + *from + ")");
    auto set = library->activeOn(*to);
    if (!set)
        return errorResponse(404, "not-found", set.message());
    const Metric* metric = (*set)->find(segments[2]);
    if (!metric)
        return errorResponse(404, "not-found", "no metric '" + segments[2] + "' in the library in force on " + *to +
                                                   " (GET /reports/metrics lists them)");

    ReportScope scope;
    scope.from = *from;
    scope.to = *to;
    scope.team = queryValue(request, "team");
    scope.everyTeam = caller.role == Role::Administrator;
    scope.username = caller.username;
    if (scope.team && !scope.everyTeam) {
        auto member = connection.query("SELECT 1 FROM team_members m JOIN teams t ON t.team_id = m.team_id"
                                       " WHERE m.username = $1 AND t.name = $2",
                                       {caller.username, *scope.team});
        if (!member)
            return errorResponse(500, "exception", "the store failed; try again");
        if (member->rows() == 0)
            return errorResponse(403, "forbidden", "you are not in a team called '" + *scope.team +
                                                       "'; reports show only your own teams");
    }
    auto report = computeMetric(connection, *metric, (*set)->version, scope);
    if (!report) {
        logEvent("error", "report_failed", {{"metric", metric->id}, {"message", loggableError(report.error())}});
        return errorResponse(500, "exception", "the report could not be computed; try again");
    }
    logEvent("info", "report", {{"metric", metric->id}, {"role", roleName(caller.role)}});
    const auto format = queryValue(request, "_format");
    const bool csv = format ? (*format == "csv" || *format == "text/csv")
                            : request.header("accept").find("text/csv") != std::string::npos;
    if (format && !csv && *format != "json" && *format != "application/json")
        return errorResponse(400, "invalid", "_format is csv or json");
    if (csv) {
        HubResponse response;
        response.status = 200;
        response.contentType = "text/csv; charset=utf-8";
        response.body = reportCsv(*report);
        response.setHeader("Content-Disposition",
                           "attachment; filename=\"" + metric->id + "_" + *from + "_" + *to + ".csv\"");
        return response;
    }
    return plainJsonResponse(200, reportJson(*report));
}

} // namespace avocet::hub

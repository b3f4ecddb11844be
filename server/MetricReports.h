#pragma once
// Performance metrics computed in PostgreSQL from the stored record (docs/metrics.md): each method
// of the metric library (core/metrics) is one SQL statement over the resource tables and the EPR
// channel, taking its codes and windows from the metric, grouped per team and EPR with subtotals
// and a total. Who may read which teams is decided here too (reportScope), for the HTTP endpoints
// (GET /reports/...) and `avocet-hub admin report` alike.

#include "core/common/Result.h"
#include "core/metrics/MetricLibrary.h"
#include "server/AccessControl.h"
#include "server/HttpTypes.h"
#include "server/PgConnection.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::hub {

// What one report counts over: the period (London calendar days, both included), the team asked
// for, and the teams the reader may see.
struct ReportScope
{
    std::string from; // YYYY-MM-DD
    std::string to;   // YYYY-MM-DD, on or after from
    std::optional<std::string> team;
    bool everyTeam = false; // administrators and the command line
    std::string username;   // otherwise: the teams this user is a member of
};

struct MetricRow
{
    std::string team; // "" in the total and the per-EPR subtotals
    std::string epr;  // "" in the total and the per-team subtotals
    long long numerator = 0;
    long long denominator = 0;
};

struct MetricReport
{
    const core::metrics::Metric* metric = nullptr;
    std::string libraryVersion;
    ReportScope scope;
    std::vector<MetricRow> rows; // team x EPR, ordered
    std::vector<MetricRow> teams; // per team
    MetricRow total;
    // Not counted yet: EPR deliveries still inside their window (delivered-within only).
    long long pending = 0;
};

// The team and EPR labels for records that are on no team's caseload or whose patient has no EPR record.
inline constexpr const char* kNoTeam = "(no team)";
inline constexpr const char* kNoEpr = "(no EPR)";

core::Result<MetricReport> computeMetric(PgConnection& connection, const core::metrics::Metric& metric,
                                         const std::string& libraryVersion, const ReportScope& scope);

nlohmann::json metricJson(const core::metrics::Metric& metric);
nlohmann::json libraryJson(const core::metrics::MetricSet& set);
nlohmann::json reportJson(const MetricReport& report);
// One header line, then one line per team x EPR, per team, and the total (RFC 4180 quoting).
std::string reportCsv(const MetricReport& report);

// Checks a YYYY-MM-DD date; the error says which parameter.
std::optional<std::string> badDate(const std::string& name, const std::string& value);

// GET /reports/metrics and GET /reports/metric/<id>?from=&to=[&team=][&_format=csv|json].
// Readers: administrators (every team), team managers, clinicians and ward staff (the teams they
// belong to); change managers read the library only; EPR feeds nothing.
HubResponse serveReports(PgConnection& connection, const Caller& caller, const HubRequest& request,
                         const std::vector<std::string>& segments);

} // namespace avocet::hub

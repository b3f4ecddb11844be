#pragma once
// Use case: the clinician's own caseload figures for the metric library (core/metrics), computed
// off-line from the synced record in the encrypted cache: the patients of the user's caseload teams
// and the Encounters, EpisodeOfCare, Appointments, CarePlans, Observations and forms sync holds for
// them. Each method counts exactly as the hub's SQL does (server/MetricReports), so after a sync the
// desktop and the hub give the same figures for the same caseload (docs/metrics.md); the test
// MetricReports.CaseloadFiguresFromTheCacheMatchTheHubsAfterASync holds them to it.
//
// Not from the cache: "delivered within" (when the EPR acknowledged each form is held on the hub).
#include "core/common/Result.h"
#include "core/metrics/MetricLibrary.h"

#include <string>
#include <vector>

namespace avocet::core::store {
class Cache;
class Database;
} // namespace avocet::core::store

namespace avocet::core::usecases {

struct CaseloadMetricGroup
{
    std::string team;
    long long numerator = 0;
    long long denominator = 0;
};

struct CaseloadMetricResult
{
    const metrics::Metric* metric = nullptr;
    std::string from; // YYYY-MM-DD, London calendar days, both included
    std::string to;
    long long numerator = 0;
    long long denominator = 0;
    bool meetsTarget = true;
    std::vector<CaseloadMetricGroup> teams; // per caseload team, by name
    // The patients (index ids) behind the records counted and not meeting the metric, once each:
    // who needs something done.
    std::vector<std::string> patientsMissing;
};

// Errors: InvalidArgument for a bad period; Unsupported for a metric that needs what only the hub holds.
Result<CaseloadMetricResult> caseloadMetric(store::Database& db, const metrics::Metric& metric,
                                            const std::string& from, const std::string& to);
Result<CaseloadMetricResult> caseloadMetric(store::Cache& cache, const metrics::Metric& metric,
                                            const std::string& from, const std::string& to);

// Whether the cache can compute this metric at all.
bool computableFromCache(const metrics::Metric& metric);

// What the clinician's dashboard shows: what needs doing on their caseload now, and each metric
// the cache can compute for this month so far, against its target.
struct CaseloadWorklist
{
    long long patients = 0;
    // Patients whose care plan or risk assessment is not reviewed within its interval (the
    // library's care-plan-reviewed and risk-assessment-current, as at today).
    long long reviewsOverdue = 0;
    // Patients in an open episode of care (EpisodeOfCare active) whose latest paired-outcome score
    // is older than the metric's end window, or who have none: the measure to record next.
    long long outcomeMeasuresDue = 0;
    // Forms completed on this computer not yet delivered to every EPR: waiting to send, or sent
    // and not yet acknowledged (pending, failing, failed).
    long long formsWaiting = 0;
    std::vector<CaseloadMetricResult> metrics;
};

// today: YYYY-MM-DD (London). The figures are from the first day of today's month to today.
Result<CaseloadWorklist> caseloadWorklist(store::Cache& cache, const metrics::MetricSet& set, const std::string& today);

} // namespace avocet::core::usecases

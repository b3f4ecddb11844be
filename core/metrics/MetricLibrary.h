#pragma once
// The performance metric library: versioned data (resources/metrics/*.json, schema
// "avocet-metric-library/1"), read like the alert rule tables. Each metric names its population,
// numerator, denominator and period in words for the people who read the figures, the coded items
// it reads (system and code, or a template and link id) and its source (an MHSDS item, the NHS
// Oversight Framework or a commissioner KPI). Its `method` names how it is computed from the
// clinical record; the method takes every code and window from the metric, so a changed code or
// window is a new library version, not a code change. The hub computes each method in PostgreSQL
// (server/MetricReports) and the desktop from its cache (core/usecases CaseloadMetrics).
//
// A bad file fails with ErrorCode::MetricsInvalid and a message naming the file and the place in
// it ("metrics.json: /metrics/2/parameters/within: expected exactly one of ..."), or the line and
// column of a JSON syntax error. Unknown keys are errors; keys named "comment" are allowed anywhere.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/Result.h"

namespace avocet::core::metrics {

inline constexpr std::string_view kMetricSchema = "avocet-metric-library/1";

// How a metric is computed (docs/metrics.md, "Methods").
enum class Method {
    PairedOutcome,          // episodes ended in the period with a score near the start and a later one near the end
    LatestWithinInterval,   // caseload patients whose latest evidence is within the interval before the period end
    FollowUpAfterDischarge, // inpatient discharges in the period followed by a contact within the window
    LegalStatusComplete,    // detentions running in the period with every legal-status item recorded
    DeliveredWithin,        // EPR deliveries planned in the period that were acknowledged within the window
    DocumentAfterDischarge, // inpatient discharges in the period whose document reached its recipient within the window
};
std::string_view toString(Method method);
std::optional<Method> parseMethod(std::string_view text);

enum class SourceType { Mhsds, OversightFramework, CommissionerKpi };
std::string_view toString(SourceType type);

struct Duration
{
    enum class Unit { Hours, Days, Months };
    Unit unit = Unit::Days;
    int count = 0;
    // "72 hours", "28 days", "12 months": also a valid PostgreSQL interval.
    std::string text() const;
    bool operator==(const Duration&) const = default;
};

// One item a metric reads: a coded element (system, and code when one code is meant) of a
// resource, or an item of a template (questionnaire url, "*" = any template, and its linkId).
struct MetricItem
{
    std::string role;     // what the method uses it for (score, evidence, population, contact, ...)
    std::string resource; // FHIR resource type
    std::string system;
    std::string code;          // empty: any code of the system
    std::string questionnaire; // QuestionnaireResponse items: canonical url without version, or "*"
    std::string linkId;
    std::string display;

    bool isCoded() const { return !system.empty(); }
};

struct MetricSource
{
    SourceType type = SourceType::Mhsds;
    std::string reference;
    std::string codeSystem; // the local MHSDS return code system, when the metric has a code there
    std::string code;
};

struct Metric
{
    std::string id;
    std::string title;
    MetricSource source;
    Method method = Method::PairedOutcome;
    std::string population;
    std::string denominator;
    std::string numerator;
    std::string period; // "events", "as-at-end" or "overlapping": how the reporting period selects
    std::vector<MetricItem> reads;
    // Method parameters; those a method does not take are absent.
    std::optional<Duration> startWindow; // paired-outcome
    std::optional<Duration> endWindow;   // paired-outcome
    std::optional<Duration> interval;    // latest-within-interval
    std::optional<Duration> within;      // follow-up-after-discharge, delivered-within, document-after-discharge
    double targetPercent = 0;            // the figure meets its target at or above this

    std::vector<const MetricItem*> itemsWithRole(std::string_view role) const;
    bool meetsTarget(long long numerator, long long denominator) const;
};

struct MetricSet
{
    std::string name;
    std::string version;
    std::string effectiveFrom; // YYYY-MM-DD
    std::string title;
    std::string approval;
    std::string source; // file name or "builtin:<name>"
    std::vector<Metric> metrics;

    const Metric* find(std::string_view id) const;
};

Result<MetricSet> parseMetricSet(std::string_view jsonText, const std::string& sourceName);

class MetricLibrary
{
public:
    // Fails (MetricsInvalid) on no sets, two sets with the same effective-from date or version.
    static Result<MetricLibrary> fromSets(std::vector<MetricSet> sets);
    // The library compiled into the program (resources/metrics/*.json, see BuiltinMetrics.h).
    static Result<MetricLibrary> builtin();
    // One set per .json file; a directory contributes every *.json file in it.
    static Result<MetricLibrary> fromPaths(const std::vector<std::filesystem::path>& paths);

    // The set in force on `date` (YYYY-MM-DD); NotFound before the earliest set.
    Result<const MetricSet*> activeOn(std::string_view date) const;
    const MetricSet& latest() const { return m_sets.back(); }
    const std::vector<MetricSet>& sets() const { return m_sets; }

private:
    std::vector<MetricSet> m_sets; // ascending effective-from
};

// Which metrics of `set` read a template's item: the QuestionnaireResponse items naming the
// template (or any template) and the coded items whose system and code the item carries.
struct ItemCode
{
    std::string system;
    std::string code;
};
std::vector<const Metric*> metricsReadingItem(const MetricSet& set, std::string_view templateUrl,
                                              std::string_view linkId, const std::vector<ItemCode>& codes);

} // namespace avocet::core::metrics

// avocetctl report: the user's own caseload figures for the metric library, from the encrypted
// cache, off-line (core/usecases CaseloadMetrics; docs/metrics.md):
//
//   avocetctl report --metric ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
//   avocetctl report --list [--json]
//
// The period is London calendar days, both included; by default from the first of this month to
// today. The figure comes with the patients behind the records that miss it (index ids, no names).

#include "app/avocetctl/CliSupport.h"
#include "app/avocetctl/Commands.h"
#include "core/alerts/LondonTime.h"
#include "core/metrics/MetricLibrary.h"
#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "core/usecases/CaseloadMetrics.h"
#include "core/usecases/SyncedRecords.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace avocet::ctl {

namespace {

using nlohmann::json;
namespace metrics = core::metrics;
namespace usecases = core::usecases;

constexpr const char* kUsage =
    "usage: avocetctl report --metric ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json] | avocetctl report --list";

} // namespace

int runReportCommand(CliContext& ctx, const Args& args)
{
    auto library = metrics::MetricLibrary::builtin();
    if (!library)
        return fail(ctx, 1, library.message());
    const auto today = core::alerts::london::localDate(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    const std::string to = optionValue(args, "--to").value_or(core::alerts::formatDate(today));
    const std::string from = optionValue(args, "--from").value_or(
        core::alerts::formatDate(std::chrono::year_month_day(today.year(), today.month(), std::chrono::day(1))));
    if (!core::alerts::parseIsoDate(to) || !core::alerts::parseIsoDate(from))
        return fail(ctx, 2, "--from and --to are dates as YYYY-MM-DD");
    auto set = library->activeOn(to);
    if (!set)
        return fail(ctx, 2, set.message());

    if (hasFlag(args, "--list")) {
        json listed = json::array();
        std::ostringstream text;
        for (const auto& metric : (*set)->metrics) {
            listed.push_back({{"id", metric.id},
                              {"title", metric.title},
                              {"source", std::string(metrics::toString(metric.source.type))},
                              {"fromCache", usecases::computableFromCache(metric)}});
            text << metric.id << "  " << metric.title
                 << (usecases::computableFromCache(metric) ? "" : "  (on the hub only)") << "\n";
        }
        return succeed(ctx, {{"library", (*set)->version}, {"metrics", listed}}, text.str());
    }
    const auto id = optionValue(args, "--metric");
    if (!id)
        return fail(ctx, 2, kUsage);
    const metrics::Metric* metric = (*set)->find(*id);
    if (!metric)
        return fail(ctx, 2, "no metric '" + *id + "' in the library in force on " + to + " (avocetctl report --list)");

    core::store::ProfileStore profiles(ctx.profileRoot);
    int exitCode = 0;
    auto cache = unlockProfile(ctx, profiles, exitCode);
    if (!cache)
        return exitCode;
    if (auto wiped = usecases::wipeExpiredBriefcase(*cache, std::chrono::system_clock::now()); !wiped)
        return fail(ctx, 1, wiped.message());
    auto result = usecases::caseloadMetric(*cache, *metric, from, to);
    if (!result)
        return fail(ctx, result.code() == core::ErrorCode::Unsupported ? 1 : exitCodeFor(result.code()),
                    result.message());

    json teams = json::array();
    for (const auto& team : result->teams)
        teams.push_back({{"team", team.team}, {"numerator", team.numerator}, {"denominator", team.denominator}});
    json out = {{"metric", metric->id},
                {"title", metric->title},
                {"library", (*set)->version},
                {"period", {{"from", from}, {"to", to}, {"timeZone", "Europe/London"}}},
                {"numerator", result->numerator},
                {"denominator", result->denominator},
                {"percent", nullptr},
                {"target", {{"atLeastPercent", metric->targetPercent}}},
                {"meetsTarget", result->meetsTarget},
                {"teams", teams},
                {"patientsMissing", result->patientsMissing},
                {"source", "cache"}};
    std::ostringstream text;
    text << metric->title << ", " << from << " to " << to << ": " << result->numerator << " of "
         << result->denominator;
    if (result->denominator > 0) {
        const double percent = 100.0 * static_cast<double>(result->numerator) / static_cast<double>(result->denominator);
        out["percent"] = std::round(percent * 10) / 10;
        char shown[32];
        std::snprintf(shown, sizeof shown, " (%.1f %%)", percent);
        text << shown;
    }
    text << (result->meetsTarget ? ", meets" : ", below") << " the target of " << metric->targetPercent << " %\n";
    for (const auto& team : result->teams)
        text << "  " << team.team << ": " << team.numerator << " of " << team.denominator << "\n";
    if (!result->patientsMissing.empty())
        text << result->patientsMissing.size() << " patient(s) need something done (--json lists them)\n";
    return succeed(ctx, out, text.str());
}

} // namespace avocet::ctl

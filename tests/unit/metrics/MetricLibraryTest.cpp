#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/metrics/BuiltinMetrics.h"
#include "core/metrics/MetricLibrary.h"
#include "tests/support/TempDir.h"

namespace avocet::core::metrics {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path metricsDir() { return fs::path(AVOCET_SOURCE_DIR) / "resources" / "metrics"; }

// The shipped library as a JSON document; each test breaks one thing in it.
json shipped()
{
    return json::parse(test::readFile(metricsDir() / "avocet-metrics-2026-04-01.json"));
}

json& metricNamed(json& library, const std::string& id)
{
    for (auto& metric : library["metrics"])
        if (metric["id"] == id)
            return metric;
    throw std::runtime_error("no metric " + id);
}

void expectInvalid(const json& document, const std::string& fragment)
{
    auto parsed = parseMetricSet(document.dump(2), "broken.json");
    ASSERT_FALSE(parsed.ok()) << "expected an error containing: " << fragment;
    EXPECT_EQ(parsed.code(), ErrorCode::MetricsInvalid);
    EXPECT_EQ(parsed.message().rfind("broken.json: ", 0), 0u) << parsed.message();
    EXPECT_NE(parsed.message().find(fragment), std::string::npos) << parsed.message();
}

TEST(BuiltinMetrics, MatchTheFilesInResourcesMetricsByteForByte)
{
    std::vector<std::string> onDisk;
    for (const auto& entry : fs::directory_iterator(metricsDir()))
        if (entry.path().extension() == ".json")
            onDisk.push_back(entry.path().filename().string());
    std::sort(onDisk.begin(), onDisk.end());
    std::vector<std::string> compiled;
    for (const auto& file : builtinMetricFiles())
        compiled.emplace_back(file.name);
    ASSERT_EQ(compiled, onDisk) << "run: cmake -P core/metrics/GenerateBuiltinMetrics.cmake";
    for (const auto& file : builtinMetricFiles())
        EXPECT_EQ(file.text, test::readFile(metricsDir() / std::string(file.name)))
            << file.name << " differs from the compiled copy; run: cmake -P core/metrics/GenerateBuiltinMetrics.cmake";
}

TEST(MetricLibrary, TheShippedLibraryHoldsTheStartingSetWithItsSourcesAndItems)
{
    auto library = MetricLibrary::builtin();
    ASSERT_TRUE(library.ok()) << library.message();
    const MetricSet& set = library->latest();
    EXPECT_EQ(set.version, "1.1.0");
    EXPECT_EQ(set.source, "builtin:avocet-metrics-2026-04-01.json");
    std::vector<std::string> ids;
    for (const auto& metric : set.metrics)
        ids.push_back(metric.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"paired-outcome-measure", "care-plan-reviewed", "follow-up-72h",
                                             "risk-assessment-current", "legal-status-complete",
                                             "forms-delivered-24h", "discharge-summary-24h"}));

    const Metric* paired = set.find("paired-outcome-measure");
    ASSERT_NE(paired, nullptr);
    EXPECT_EQ(paired->method, Method::PairedOutcome);
    EXPECT_EQ(paired->source.type, SourceType::Mhsds);
    ASSERT_EQ(paired->itemsWithRole("score").size(), 2u);
    EXPECT_EQ(paired->itemsWithRole("score")[0]->system, "http://loinc.org");
    EXPECT_EQ(paired->itemsWithRole("score")[0]->code, "44261-6"); // PHQ-9 total, as the shipped template codes it
    EXPECT_EQ(paired->itemsWithRole("score")[1]->code, "70274-6"); // GAD-7 total
    EXPECT_EQ(paired->startWindow->text(), "28 days");
    EXPECT_DOUBLE_EQ(paired->targetPercent, 40);

    const Metric* followUp = set.find("follow-up-72h");
    ASSERT_NE(followUp, nullptr);
    EXPECT_EQ(followUp->source.type, SourceType::OversightFramework);
    EXPECT_EQ(followUp->within->text(), "72 hours");
    EXPECT_EQ(set.find("forms-delivered-24h")->source.type, SourceType::CommissionerKpi);
    EXPECT_EQ(set.find("forms-delivered-24h")->within->text(), "24 hours");
    EXPECT_EQ(set.find("care-plan-reviewed")->interval->text(), "12 months");
    EXPECT_EQ(set.find("risk-assessment-current")->interval->text(), "6 months");
    EXPECT_EQ(set.find("no-such-metric"), nullptr);
}

TEST(MetricLibrary, LoadsTheShippedFilesFromDiskAndPicksTheSetInForce)
{
    auto library = MetricLibrary::fromPaths({metricsDir()});
    ASSERT_TRUE(library.ok()) << library.message();
    auto inForce = library->activeOn("2026-12-01");
    ASSERT_TRUE(inForce.ok()) << inForce.message();
    EXPECT_EQ((*inForce)->version, "1.1.0");
    auto before = library->activeOn("2025-01-01");
    ASSERT_FALSE(before.ok());
    EXPECT_EQ(before.code(), ErrorCode::NotFound);
    EXPECT_NE(before.message().find("2026-04-01"), std::string::npos) << before.message();
}

TEST(MetricLibrary, ANewVersionTakesOverFromItsDateAndTwoFilesCannotClaimOneDate)
{
    json next = shipped();
    next["version"] = "1.2.0";
    next["effectiveFrom"] = "2027-04-01";
    metricNamed(next, "follow-up-72h")["parameters"]["within"] = {{"hours", 48}};
    test::TempDir dir;
    {
        std::ofstream(dir.path() / "a.json") << shipped().dump();
        std::ofstream(dir.path() / "b.json") << next.dump();
    }
    auto library = MetricLibrary::fromPaths({dir.path()});
    ASSERT_TRUE(library.ok()) << library.message();
    EXPECT_EQ((*library->activeOn("2027-03-31"))->find("follow-up-72h")->within->count, 72);
    EXPECT_EQ((*library->activeOn("2027-04-01"))->find("follow-up-72h")->within->count, 48);

    next["effectiveFrom"] = "2026-04-01";
    { std::ofstream(dir.path() / "b.json") << next.dump(); }
    auto clash = MetricLibrary::fromPaths({dir.path()});
    ASSERT_FALSE(clash.ok());
    EXPECT_NE(clash.message().find("both effective from 2026-04-01"), std::string::npos) << clash.message();

    next["effectiveFrom"] = "2027-04-01";
    next["version"] = "1.1.0";
    { std::ofstream(dir.path() / "b.json") << next.dump(); }
    auto sameVersion = MetricLibrary::fromPaths({dir.path()});
    ASSERT_FALSE(sameVersion.ok());
    EXPECT_NE(sameVersion.message().find("both claim version 1.1.0"), std::string::npos) << sameVersion.message();
}

TEST(MetricLibrary, AMissingFileIsNamed)
{
    auto library = MetricLibrary::fromPaths({"/nonexistent/metrics.json"});
    ASSERT_FALSE(library.ok());
    EXPECT_EQ(library.code(), ErrorCode::MetricsInvalid);
    EXPECT_NE(library.message().find("/nonexistent/metrics.json: cannot open"), std::string::npos) << library.message();
}

TEST(MetricParser, ReportsLineAndColumnOfAJsonSyntaxError)
{
    auto parsed = parseMetricSet("{\n  \"schema\": \"avocet-metric-library/1\",\n  \"name\": oops\n}", "broken.json");
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.message().find("broken.json: not valid JSON"), std::string::npos) << parsed.message();
    EXPECT_NE(parsed.message().find("line 3"), std::string::npos) << parsed.message();
}

TEST(MetricParser, NamesTheMisspeltKeyAndWhereItIs)
{
    json library = shipped();
    metricNamed(library, "follow-up-72h")["parameters"] = {{"witihn", {{"hours", 72}}}};
    expectInvalid(library, "/metrics/2/parameters/witihn: unknown key \"witihn\"");
}

TEST(MetricParser, RefusesAnotherSchemaAnUnknownMethodAndAnUnknownSource)
{
    json library = shipped();
    library["schema"] = "avocet-metric-library/2";
    expectInvalid(library, "/schema: unsupported schema");

    library = shipped();
    metricNamed(library, "care-plan-reviewed")["method"] = "latest";
    expectInvalid(library, "/metrics/1/method: unknown method \"latest\"");

    library = shipped();
    metricNamed(library, "care-plan-reviewed")["source"]["type"] = "cquin";
    expectInvalid(library, "/metrics/1/source/type: unknown source \"cquin\"");
}

TEST(MetricParser, AWindowHasExactlyOneUnitTheMethodAccepts)
{
    json library = shipped();
    metricNamed(library, "paired-outcome-measure")["parameters"]["startWindow"] = {{"days", 28}, {"hours", 3}};
    expectInvalid(library, "/metrics/0/parameters/startWindow/hours: this window is not given in hours");

    library = shipped();
    metricNamed(library, "follow-up-72h")["parameters"]["within"] = json::object();
    expectInvalid(library, "/metrics/2/parameters/within: expected exactly one of \"hours\" or \"days\"");

    library = shipped();
    metricNamed(library, "follow-up-72h")["parameters"]["within"] = {{"hours", 0}};
    expectInvalid(library, "/metrics/2/parameters/within/hours: expected a whole number from 1 to 1000");
}

TEST(MetricParser, EachMethodChecksTheItemsItReads)
{
    json library = shipped();
    metricNamed(library, "paired-outcome-measure")["reads"][1].erase("code");
    expectInvalid(library, "/metrics/0/reads/1: a \"score\" item names one code");

    library = shipped();
    metricNamed(library, "paired-outcome-measure")["reads"][0]["role"] = "total";
    expectInvalid(library, "/metrics/0/reads/0/role: the paired-outcome method has no role \"total\"");

    library = shipped();
    auto& reads = metricNamed(library, "care-plan-reviewed")["reads"];
    reads[2]["questionnaire"] = "https://fhir.avocet.example/Questionnaire/cpa-review|1.0.0";
    expectInvalid(library, "/metrics/1/reads/2/questionnaire: give the template's canonical url without a version");

    library = shipped();
    metricNamed(library, "follow-up-72h")["reads"][0]["system"] = nullptr;
    metricNamed(library, "follow-up-72h")["reads"][0].erase("system");
    metricNamed(library, "follow-up-72h")["reads"][0].erase("code");
    expectInvalid(library, "/metrics/2/reads/0: an item names either a coded element");

    library = shipped();
    metricNamed(library, "legal-status-complete")["reads"].erase(1);
    expectInvalid(library, "/metrics/4/reads: the legal-status-complete method reads 1 item(s) with role \"context\"");
}

TEST(MetricParser, ThePeriodMustBeTheOneTheMethodCounts)
{
    json library = shipped();
    metricNamed(library, "forms-delivered-24h")["period"] = "as-at-end";
    expectInvalid(library, "/metrics/5/period: the delivered-within method counts \"events\"");
}

TEST(MetricParser, RefusesDuplicateIdsAndIdsThatCannotGoInAUrl)
{
    json library = shipped();
    library["metrics"][1]["id"] = "paired-outcome-measure";
    expectInvalid(library, "/metrics/1/id: duplicate metric id \"paired-outcome-measure\"");

    library = shipped();
    library["metrics"][1]["id"] = "Care plan";
    expectInvalid(library, "/metrics/1/id: an id is lower-case letters");
}

TEST(MetricParser, ATargetIsAPercentage)
{
    json library = shipped();
    metricNamed(library, "follow-up-72h")["target"] = {{"atLeastPercent", 180}};
    expectInvalid(library, "/metrics/2/target/atLeastPercent: expected a number from 0 to 100");
}

TEST(Metric, MeetsItsTargetAtOrAboveThePercentage)
{
    auto library = MetricLibrary::builtin();
    ASSERT_TRUE(library.ok()) << library.message();
    const Metric* care = library->latest().find("care-plan-reviewed"); // 95 %
    EXPECT_TRUE(care->meetsTarget(19, 20));
    EXPECT_FALSE(care->meetsTarget(18, 20));
    EXPECT_TRUE(care->meetsTarget(0, 0));
}

TEST(MetricLibrary, NamesTheMetricsThatReadATemplateItemOrACode)
{
    auto library = MetricLibrary::builtin();
    ASSERT_TRUE(library.ok()) << library.message();
    const MetricSet& set = library->latest();
    auto ids = [](const std::vector<const Metric*>& metrics) {
        std::vector<std::string> out;
        for (const Metric* m : metrics)
            out.push_back(m->id);
        return out;
    };
    // The PHQ-9 total item carries SNOMED CT and LOINC codes; the LOINC one is read.
    EXPECT_EQ(ids(metricsReadingItem(set, "https://fhir.avocet.example/Questionnaire/phq9-outcome", "phq9-total",
                                     {{"http://snomed.info/sct", "720433000"}, {"http://loinc.org", "44261-6"}})),
              std::vector<std::string>{"paired-outcome-measure"});
    EXPECT_EQ(ids(metricsReadingItem(set, "https://fhir.avocet.example/Questionnaire/risk-assessment",
                                     "assessment-date", {})),
              std::vector<std::string>{"risk-assessment-current"});
    EXPECT_TRUE(metricsReadingItem(set, "https://fhir.avocet.example/Questionnaire/phq9-outcome", "phq9-1",
                                   {{"http://loinc.org", "44250-9"}})
                    .empty());
}

} // namespace
} // namespace avocet::core::metrics

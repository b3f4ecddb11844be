#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/metrics/MetricImpact.h"
#include "tests/support/TempDir.h"

namespace avocet::core::metrics {
namespace {

using nlohmann::json;

json shippedPhq9()
{
    return json::parse(test::readFile(std::filesystem::path(AVOCET_SOURCE_DIR) / "resources" / "templates" /
                                      "phq9-outcome-1.0.0.json"));
}

json* itemNamed(json& items, const std::string& linkId)
{
    for (auto& item : items) {
        if (item.value("linkId", "") == linkId)
            return &item;
        if (item.contains("item"))
            if (json* found = itemNamed(item["item"], linkId))
                return found;
    }
    return nullptr;
}

std::vector<mapping::ImpactFinding> impactOf(const json& before, const json& after)
{
    auto library = MetricLibrary::builtin();
    EXPECT_TRUE(library.ok()) << library.message();
    auto from = mapping::readTemplate(before, "from");
    auto to = mapping::readTemplate(after, "to");
    EXPECT_TRUE(from.ok() && to.ok());
    return metricImpact(*from, *to, library->latest());
}

TEST(MetricImpact, TheShippedPhq9TotalIsReadByThePairedOutcomeMetric)
{
    auto library = MetricLibrary::builtin();
    ASSERT_TRUE(library.ok());
    auto outline = mapping::readTemplate(shippedPhq9(), "phq9");
    ASSERT_TRUE(outline.ok());
    const auto* total = outline->find("phq9-total");
    ASSERT_NE(total, nullptr);
    const auto metrics = metricsReadingItem(library->latest(), *outline, *total);
    ASSERT_EQ(metrics.size(), 1u);
    EXPECT_EQ(metrics[0]->id, "paired-outcome-measure");
    EXPECT_TRUE(metricsReadingItem(library->latest(), *outline, *outline->find("phq9-2")).empty());
}

TEST(MetricImpact, AnUnchangedTemplateBreaksNoMetric)
{
    EXPECT_TRUE(impactOf(shippedPhq9(), shippedPhq9()).empty());
}

TEST(MetricImpact, DroppingTheLoincCodeOfTheTotalBreaksThePairedOutcome)
{
    json after = shippedPhq9();
    json* total = itemNamed(after["item"], "phq9-total");
    ASSERT_NE(total, nullptr);
    json kept = json::array();
    for (const auto& code : (*total)["code"])
        if (code.value("system", "") != "http://loinc.org")
            kept.push_back(code);
    (*total)["code"] = kept;
    const auto findings = impactOf(shippedPhq9(), after);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].severity, "breaking");
    EXPECT_EQ(findings[0].kind, "metricCodeRemoved");
    EXPECT_EQ(findings[0].linkId, "phq9-total");
    EXPECT_EQ(findings[0].mapping, "metric paired-outcome-measure");
    EXPECT_NE(findings[0].message.find("http://loinc.org|44261-6"), std::string::npos) << findings[0].message;
}

TEST(MetricImpact, RemovingTheTotalOrRetypingItBreaksIt)
{
    json removed = shippedPhq9();
    auto& items = removed["item"];
    items.erase(std::remove_if(items.begin(), items.end(),
                               [](const json& item) { return item.value("linkId", "") == "phq9-total"; }),
                items.end());
    auto findings = impactOf(shippedPhq9(), removed);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].kind, "metricItemRemoved");

    json retyped = shippedPhq9();
    (*itemNamed(retyped["item"], "phq9-total"))["type"] = "decimal";
    findings = impactOf(shippedPhq9(), retyped);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].kind, "metricItemRetyped");
}

TEST(MetricImpact, ChangingAnotherCodeOfTheTotalOnlyAltersIt)
{
    json after = shippedPhq9();
    json* total = itemNamed(after["item"], "phq9-total");
    (*total)["code"].push_back({{"system", "https://fhir.avocet.example/CodeSystem/mhsds-return"}, {"code", "phq9-total"}});
    const auto findings = impactOf(shippedPhq9(), after);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].severity, "altering");
    EXPECT_EQ(findings[0].kind, "metricCodesChanged");
}

} // namespace
} // namespace avocet::core::metrics

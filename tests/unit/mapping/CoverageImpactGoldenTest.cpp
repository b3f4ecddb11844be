// Golden coverage for every shipped mapping, and golden impact of two template changes.
#include "core/mapping/Coverage.h"
#include "core/mapping/Impact.h"
#include "tests/unit/mapping/MappingTestSupport.h"

using namespace avocet::test::mapping;

TEST(CoverageReport, MatchesTheGoldenReportForEveryShippedMapping)
{
    for (const auto& s : shippedMappings()) {
        SCOPED_TRACE(s.mapping);
        const auto report = m::assessCoverage(loadOutline(s.templ), loadMapping(s.mapping));
        EXPECT_TRUE(report.isComplete()) << report.toText();
        expectMatchesGolden(report.toJson(), "tests/unit/mapping/golden/coverage/" + s.name + ".json");
    }
}

TEST(CoverageReport, ListsLossyItemsAndTheNativeFieldsNoItemFills)
{
    const auto report = m::assessCoverage(loadOutline("resources/templates/risk-assessment-1.0.0.json"),
                                          loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json"));
    EXPECT_EQ(report.count("missing"), 0);
    ASSERT_EQ(report.unfilledFields.size(), 1u);
    EXPECT_EQ(report.unfilledFields[0].id, "RA_ASSESSOR_GRADE");
    for (const auto& item : report.items) {
        if (item.linkId == "risk-summary") {
            EXPECT_EQ(item.status, "lossy") << "template holds 4000 characters, Paris 1000";
        }
    }
}

TEST(CoverageReport, MarksAnItemWithNoEntryAsMissing)
{
    auto mapping = loadMapping("resources/mappings/risk-assessment/1.0.0/paris.json");
    mapping.entries.erase(mapping.entries.begin() + 2); // suicidal-ideation
    const auto report = m::assessCoverage(loadOutline("resources/templates/risk-assessment-1.0.0.json"), mapping);
    EXPECT_EQ(report.count("missing"), 1);
    EXPECT_FALSE(report.isComplete());
}

TEST(ImpactReport, ListsEveryMappingEntryTheRiskAssessmentChangeBreaksOrAlters)
{
    std::vector<m::EprMapping> mappings;
    for (const char* epr : {"paris", "mobius", "systmone"})
        mappings.push_back(loadMapping(std::string("resources/mappings/risk-assessment/1.0.0/") + epr + ".json"));
    const auto report = m::assessImpact(loadOutline("resources/templates/risk-assessment-1.0.0.json"),
                                        loadOutline("tests/unit/mapping/data/risk-assessment-1.1.0.json"), mappings);
    expectMatchesGolden(report.toJson(), "tests/unit/mapping/golden/impact/risk-assessment-1.0.0-to-1.1.0.json");
    EXPECT_TRUE(report.hasBreaking());
    std::map<std::string, int> kinds;
    for (const auto& f : report.findings)
        ++kinds[f.kind];
    EXPECT_EQ(kinds["linkIdRemoved"], 3);   // suicidal-ideation, in all three mappings
    EXPECT_EQ(kinds["linkIdRetyped"], 3);   // safeguarding-concern boolean -> choice
    EXPECT_EQ(kinds["linkIdAdded"], 3);     // substance-misuse
    EXPECT_EQ(kinds["itemMoved"], 3);       // next-review-date
    EXPECT_EQ(kinds["answerCodeAdded"], 3); // self-harm-risk: not-assessed
    EXPECT_EQ(kinds["answerCodeRemoved"], 3); // violence-risk: very-high
    EXPECT_EQ(kinds["versionNotFitted"], 3);
}

TEST(ImpactReport, ListsTheReportCodesAPhq9ChangeRemovesOrAlters)
{
    std::vector<m::EprMapping> mappings;
    for (const char* epr : {"paris", "mobius", "systmone"})
        mappings.push_back(loadMapping(std::string("resources/mappings/phq9-outcome/1.0.0/") + epr + ".json"));
    const auto report = m::assessImpact(loadOutline("resources/templates/phq9-outcome-1.0.0.json"),
                                        loadOutline("tests/unit/mapping/data/phq9-outcome-2.0.0.json"), mappings);
    expectMatchesGolden(report.toJson(), "tests/unit/mapping/golden/impact/phq9-outcome-1.0.0-to-2.0.0.json");
    std::map<std::string, int> kinds;
    for (const auto& f : report.findings)
        ++kinds[f.kind];
    EXPECT_EQ(kinds["reportCodeRemoved"], 1);  // difficulty (LOINC 69722-7)
    EXPECT_EQ(kinds["reportCodeChanged"], 1);  // total loses LOINC 44261-6, keeps SNOMED 720433000
    EXPECT_EQ(kinds["answerScoreChanged"], 1); // item 9 rescored
    EXPECT_EQ(kinds["templateCodeChanged"], 1);
    EXPECT_EQ(kinds["linkIdRemoved"], 3);      // difficulty: Paris and SystmOne map it, Mobius omits it
}

TEST(ImpactReport, FindsNothingBreakingWhenTheTemplateIsUnchanged)
{
    const auto outline = loadOutline("resources/templates/cpa-review-1.0.0.json");
    const auto report = m::assessImpact(outline, outline, {loadMapping("resources/mappings/cpa-review/1.0.0/paris.json")});
    EXPECT_TRUE(report.findings.empty()) << report.toText();
}

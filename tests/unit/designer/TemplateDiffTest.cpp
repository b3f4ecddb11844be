#include <gtest/gtest.h>

#include "core/forms/TemplateDiff.h"
#include "core/forms/TemplateEditor.h"
#include "core/forms/TemplateVersioning.h"
#include "core/mapping/Impact.h"
#include "tests/unit/designer/DesignerTestSupport.h"

namespace avocet::test::designer {
namespace {

namespace forms = core::forms;
namespace mapping = core::mapping;

const char* kPhq9 = "resources/templates/phq9-outcome-1.0.0.json";

// PHQ-9 1.0.0 -> a change touching every kind the diff reports.
json changedPhq9()
{
    forms::TemplateEditor editor(readJson(kPhq9));
    EXPECT_TRUE(editor.setRoot("version", "2.0.0"));
    EXPECT_TRUE(editor.setField("phq9-1", "text", "Little interest or pleasure in doing things (past fortnight)"));
    EXPECT_TRUE(editor.removeItem("difficulty"));
    json comment = forms::makeItem("comment", "text", "Anything else?");
    EXPECT_TRUE(editor.insertItem("", 3, comment));
    EXPECT_TRUE(editor.setField("comment", "enableWhen",
                                json::array({json{{"question", "phq9-9"}, {"operator", "exists"}, {"answerBoolean", true}}})));
    json options = editor.item("phq9-2")->at("answerOption");
    options[3]["extension"][0]["valueDecimal"] = 4;
    EXPECT_TRUE(editor.setField("phq9-2", "answerOption", options));
    json codes = editor.item("phq9-total")->at("code");
    codes.erase(codes.begin()); // drops the SNOMED tool code the national return uses
    EXPECT_TRUE(editor.setField("phq9-total", "code", codes));
    EXPECT_TRUE(editor.moveItem("assessment-date", "phq9-items", 0));
    return editor.json();
}

std::vector<mapping::EprMapping> phq9Mappings()
{
    std::vector<mapping::EprMapping> out;
    for (const char* epr : {"paris", "mobius", "systmone"}) {
        const std::string rel = std::string("resources/mappings/phq9-outcome/1.0.0/") + epr + ".json";
        auto loaded = mapping::loadMappingFile(sourcePath(rel));
        EXPECT_TRUE(loaded.ok()) << loaded.message();
        if (loaded.ok()) {
            loaded->source = rel; // goldens hold no absolute paths
            out.push_back(*loaded);
        }
    }
    return out;
}

TEST(TemplateDiff, IdenticalVersionsHaveNoChangesAndNeedNoNewVersion)
{
    const json phq9 = readJson(kPhq9);
    const auto diff = forms::diffTemplates(phq9, phq9);
    EXPECT_TRUE(diff.isEmpty());
    EXPECT_EQ(forms::requiredBump(diff), forms::VersionBump::None);
}

TEST(TemplateDiff, KeyedOnLinkIdReportsAddedRemovedTextCodesAndLogicGolden)
{
    const auto diff = forms::diffTemplates(readJson(kPhq9), changedPhq9());
    expectGolden("phq9-1.0.0-to-2.0.0.diff.json", diff.toJson());
    EXPECT_TRUE(diff.isIncompatible());
    auto kinds = [&](const std::string& linkId) {
        std::vector<std::string> out;
        for (const auto* change : diff.forLinkId(linkId))
            out.push_back(change->kind);
        return out;
    };
    EXPECT_EQ(kinds("difficulty"), std::vector<std::string>{"removed"});
    EXPECT_EQ(kinds("comment"), std::vector<std::string>{"added"});
    EXPECT_EQ(kinds("phq9-1"), std::vector<std::string>{"textChanged"});
    EXPECT_EQ(kinds("phq9-2"), std::vector<std::string>{"scoresChanged"});
    EXPECT_EQ(kinds("phq9-total"), std::vector<std::string>{"codesChanged"});
    EXPECT_EQ(kinds("assessment-date"), std::vector<std::string>{"moved"});
}

TEST(TemplateDiff, ImpactOnEveryEprMappingAndReportCodeGolden)
{
    auto from = mapping::readTemplate(readJson(kPhq9), kPhq9);
    auto to = mapping::readTemplate(changedPhq9(), "phq9-outcome-2.0.0.json");
    ASSERT_TRUE(from.ok() && to.ok());
    const auto impact = mapping::assessImpact(*from, *to, phq9Mappings());
    expectGolden("phq9-1.0.0-to-2.0.0.impact.json", impact.toJson());
    EXPECT_TRUE(impact.hasBreaking());
}

TEST(TemplateDiff, WordingOnlyNeedsAPatchAndANewQuestionAMinorVersion)
{
    const json phq9 = readJson(kPhq9);
    forms::TemplateEditor wording(phq9);
    ASSERT_TRUE(wording.setField("phq9-3", "text", "Sleep trouble"));
    const auto patch = forms::diffTemplates(phq9, wording.json());
    EXPECT_EQ(forms::requiredBump(patch), forms::VersionBump::Patch);
    EXPECT_FALSE(patch.isIncompatible());

    forms::TemplateEditor added(phq9);
    ASSERT_TRUE(added.insertItem("", 99, forms::makeItem("notes", "text", "Notes")));
    EXPECT_EQ(forms::requiredBump(forms::diffTemplates(phq9, added.json())), forms::VersionBump::Minor);
}

TEST(TemplateDiff, RemovingAnAnswerOptionOrChangingRepeatsIsIncompatible)
{
    const json phq9 = readJson(kPhq9);
    forms::TemplateEditor editor(phq9);
    json options = editor.item("phq9-4")->at("answerOption");
    options.erase(options.size() - 1);
    ASSERT_TRUE(editor.setField("phq9-4", "answerOption", options));
    ASSERT_TRUE(editor.setField("phq9-5", "repeats", true));
    const auto diff = forms::diffTemplates(phq9, editor.json());
    EXPECT_EQ(forms::requiredBump(diff), forms::VersionBump::Major);
    EXPECT_EQ(diff.forLinkId("phq9-4").at(0)->kind, "answerCodesChanged");
    EXPECT_EQ(diff.forLinkId("phq9-5").at(0)->what, "repeats");
}

TEST(TemplateVersioning, WorkflowGoesDraftInReviewActiveRetiredAndNeverBack)
{
    json q = forms::TemplateEditor::blankTemplate("https://fhir.avocet.example/Questionnaire/w", "W");
    EXPECT_EQ(forms::workflowStageOf(q), forms::WorkflowStage::Draft);
    EXPECT_FALSE(forms::moveToStage(q, forms::WorkflowStage::Active)) << "review comes first";
    ASSERT_TRUE(forms::moveToStage(q, forms::WorkflowStage::InReview));
    EXPECT_EQ(q["status"], "draft") << "clinicians never receive a template under review";
    EXPECT_EQ(forms::workflowStageOf(q), forms::WorkflowStage::InReview);
    ASSERT_TRUE(forms::moveToStage(q, forms::WorkflowStage::Active));
    EXPECT_EQ(q["status"], "active");
    EXPECT_FALSE(q.contains("extension"));
    EXPECT_FALSE(forms::moveToStage(q, forms::WorkflowStage::Draft));
    ASSERT_TRUE(forms::moveToStage(q, forms::WorkflowStage::Retired));
    EXPECT_TRUE(forms::allowedNextStages(forms::WorkflowStage::Retired).empty());
}

TEST(TemplateVersioning, PublishingAnIncompatibleChangeNeedsANewMajorVersion)
{
    const json published = readJson(kPhq9);
    json candidate = changedPhq9();
    candidate["version"] = "1.1.0";
    auto check = forms::checkPublish(&published, candidate, 0);
    EXPECT_FALSE(check.allowed);
    EXPECT_EQ(check.required, forms::VersionBump::Major);
    EXPECT_EQ(check.suggestedVersion, "2.0.0");
    ASSERT_FALSE(check.reasons.empty());
    EXPECT_NE(check.reasons[0].find("major"), std::string::npos);

    candidate["version"] = "2.0.0";
    EXPECT_TRUE(forms::checkPublish(&published, candidate, 0).allowed);
    EXPECT_FALSE(forms::checkPublish(&published, candidate, 2).allowed) << "lint errors block publishing";
    candidate["version"] = "1.0.0";
    EXPECT_FALSE(forms::checkPublish(&published, candidate, 0).allowed) << "the version must go up";
    EXPECT_TRUE(forms::checkPublish(nullptr, candidate, 0).allowed) << "first publication";
}

TEST(TemplateVersioning, BumpsFollowSemanticVersioning)
{
    EXPECT_EQ(*forms::bumpVersion("1.4.2", forms::VersionBump::Patch), "1.4.3");
    EXPECT_EQ(*forms::bumpVersion("1.4.2", forms::VersionBump::Minor), "1.5.0");
    EXPECT_EQ(*forms::bumpVersion("1.4.2", forms::VersionBump::Major), "2.0.0");
    EXPECT_FALSE(forms::bumpVersion("1.4", forms::VersionBump::Patch).ok());
}

} // namespace
} // namespace avocet::test::designer

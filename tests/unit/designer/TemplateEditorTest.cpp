#include <gtest/gtest.h>

#include <filesystem>

#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireLinter.h"
#include "core/forms/SdcExtensions.h"
#include "core/forms/TemplateEditor.h"
#include "tests/support/TempDir.h"
#include "tests/unit/designer/DesignerTestSupport.h"

namespace avocet::test::designer {
namespace {

namespace forms = core::forms;

json imported()
{
    return json::parse(R"({
      "resourceType": "Questionnaire", "url": "https://fhir.avocet.example/Questionnaire/t", "version": "1.0.0",
      "status": "draft", "_title": {"extension": [{"url": "http://example.org/unknown", "valueString": "kept"}]},
      "meta": {"profile": ["http://example.org/profile"]},
      "item": [
        {"linkId": "a", "type": "boolean", "text": "A?", "_text": {"extension": [{"url": "http://example.org/x", "valueString": "y"}]},
         "extension": [{"url": "http://example.org/first", "valueString": "1"},
                       {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true, "id": "keep-me"},
                       {"url": "http://example.org/last", "valueString": "2"}],
         "designNote": "unknown element"},
        {"linkId": "g", "type": "group", "text": "Group", "item": [
          {"linkId": "b", "type": "string", "text": "B", "enableWhen": [{"question": "a", "operator": "=", "answerBoolean": true}]}
        ]}
      ]})");
}

TEST(TemplateEditor, KeepsUnknownElementsWhenEditingText)
{
    forms::TemplateEditor editor(imported());
    ASSERT_TRUE(editor.setField("a", "text", "Changed?"));
    json expected = imported();
    expected["item"][0]["text"] = "Changed?";
    EXPECT_EQ(editor.json(), expected);
}

TEST(TemplateEditor, ReplacesAnExtensionValueInPlaceKeepingItsOtherElementsAndOrder)
{
    forms::TemplateEditor editor(imported());
    ASSERT_TRUE(editor.setHidden("a", true));
    EXPECT_EQ(editor.json(), imported());
    ASSERT_TRUE(editor.setItemControl("a", "check-box"));
    const json& extensions = editor.json()["item"][0]["extension"];
    ASSERT_EQ(extensions.size(), 4u);
    EXPECT_EQ(extensions[1]["id"], "keep-me");
    EXPECT_EQ(extensions[3]["valueCodeableConcept"]["coding"][0]["code"], "check-box");
    ASSERT_TRUE(editor.setHidden("a", false));
    EXPECT_EQ(editor.json()["item"][0]["extension"].size(), 3u);
    EXPECT_EQ(editor.json()["item"][0]["extension"][0]["url"], "http://example.org/first");
}

TEST(TemplateEditor, RenamingALinkIdUpdatesEveryEnableWhenThatNamesIt)
{
    forms::TemplateEditor editor(imported());
    ASSERT_TRUE(editor.renameLinkId("a", "consent"));
    EXPECT_EQ(editor.json()["item"][1]["item"][0]["enableWhen"][0]["question"], "consent");
    EXPECT_FALSE(editor.renameLinkId("consent", "b")) << "b is taken";
}

TEST(TemplateEditor, RefusesAnInsertThatWouldDuplicateALinkId)
{
    forms::TemplateEditor editor(imported());
    json group = forms::makeItem("h", "group", "H");
    group["item"].push_back(forms::makeItem("b", "string", "dup"));
    const auto status = editor.insertItem("", 0, group);
    EXPECT_EQ(status.code(), core::ErrorCode::AlreadyExists);
    EXPECT_EQ(editor.json(), imported());
}

TEST(TemplateEditor, MovesItemsBetweenGroupsButNeverIntoThemselves)
{
    forms::TemplateEditor editor(imported());
    ASSERT_TRUE(editor.moveItem("a", "g", 1));
    EXPECT_EQ(editor.parentOf("a"), "g");
    EXPECT_EQ(editor.linkIds(), (std::vector<std::string>{"g", "b", "a"}));
    EXPECT_EQ(editor.json()["item"][0]["item"][1]["designNote"], "unknown element");
    EXPECT_FALSE(editor.moveItem("g", "g", 0));
    ASSERT_TRUE(editor.moveItem("a", "", 0));
    EXPECT_EQ(editor.json(), imported());
}

TEST(TemplateEditor, RemovingTheLastChildDropsTheEmptyItemArrayOnlyInsideGroups)
{
    forms::TemplateEditor editor(imported());
    ASSERT_TRUE(editor.removeItem("b"));
    EXPECT_FALSE(editor.json()["item"][1].contains("item"));
    ASSERT_TRUE(editor.removeItem("a"));
    ASSERT_TRUE(editor.removeItem("g"));
    EXPECT_TRUE(editor.json()["item"].is_array());
}

TEST(TemplateEditor, ScoreExpressionIsComputedByTheEngineAndReadBackByTheBuilder)
{
    forms::TemplateEditor editor(forms::TemplateEditor::blankTemplate("https://fhir.avocet.example/Questionnaire/s", "S"));
    for (const char* id : {"q1", "q2"}) {
        json question = forms::makeItem(id, "choice", id);
        question["answerOption"] = json::array({forms::makeCodingOption("http://loinc.org", "LA6568-5", "Not at all", "0"),
                                                forms::makeCodingOption("http://loinc.org", "LA6571-9", "Nearly every day", "3")});
        ASSERT_TRUE(editor.insertItem("", 99, question));
    }
    ASSERT_TRUE(editor.insertItem("", 99, forms::makeItem("total", "integer", "Total")));
    const std::string expression = forms::scoreExpression({"q1", "q2"});
    ASSERT_TRUE(editor.setCalculatedExpression("total", expression));
    ASSERT_TRUE(editor.setField("total", "readOnly", true));
    EXPECT_EQ(forms::scoreExpressionItems(expression), (std::vector<std::string>{"q1", "q2"}));

    auto q = forms::Questionnaire::fromJson(editor.json());
    ASSERT_TRUE(q.ok()) << q.message();
    const auto findings = forms::QuestionnaireLinter(*q).run();
    EXPECT_FALSE(forms::QuestionnaireLinter::hasErrors(findings));
    auto session = forms::FormSession::open(*q);
    ASSERT_TRUE(session.ok()) << session.message();
    ASSERT_TRUE(session->chooseOption("q1", "LA6571-9"));
    ASSERT_TRUE(session->chooseOption("q2", "LA6571-9"));
    const auto total = session->answers("total");
    ASSERT_EQ(total.size(), 1u);
    EXPECT_EQ(total[0].value("valueInteger", -1), 6);
}

TEST(TemplateEditor, BrokenTemplateTextSaysWhatIsWrongAndWhere)
{
    auto syntax = forms::TemplateEditor::parseTemplate("{\n  \"resourceType\": \"Questionnaire\",\n  \"item\": [ }");
    ASSERT_FALSE(syntax.ok());
    EXPECT_NE(syntax.message().find("line 3"), std::string::npos) << syntax.message();
    auto other = forms::TemplateEditor::parseTemplate(R"({"resourceType": "Patient"})");
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.message().find("not a FHIR Questionnaire"), std::string::npos);
}

TEST(TemplateEditor, EveryFixtureExportsUnchanged)
{
    TempDir dir;
    int count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(sourcePath("tests/fixtures/questionnaires"))) {
        if (entry.path().extension() != ".json" || entry.path().string().find("/negative/") != std::string::npos)
            continue;
        const json original = readJson(fs::relative(entry.path(), sourcePath("")).string());
        if (original.value("resourceType", "") != "Questionnaire")
            continue;
        auto loaded = forms::readTemplateFile(entry.path());
        ASSERT_TRUE(loaded.ok()) << loaded.message();
        forms::TemplateEditor editor(*loaded);
        const fs::path out = dir.path() / entry.path().filename();
        ASSERT_TRUE(forms::writeTemplateFile(out, editor.json()));
        auto back = forms::readTemplateFile(out);
        ASSERT_TRUE(back.ok()) << back.message();
        EXPECT_EQ(*back, original) << entry.path();
        ++count;
    }
    EXPECT_GE(count, 10);
}

} // namespace
} // namespace avocet::test::designer

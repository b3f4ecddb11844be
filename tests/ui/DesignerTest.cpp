// avocet_designer_ui_tests: the template designer on the offscreen platform — a template built
// from scratch (enableWhen, score, mapping), lint, the real renderer's score, export/import, every
// shared fixture round-tripped, a broken import that keeps the current work, the diff and impact
// view, and publishing to an in-process FHIR server found again by a second client.
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <filesystem>

#include "core/forms/SdcExtensions.h"
#include "core/forms/TemplateEditor.h"
#include "core/mapping/EprMapping.h"
#include "core/sync/FhirClient.h"
#include "tests/support/FakeFhirServer.h"
#include "tests/ui/DesignerScenario.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/DesignerWindow.h"
#include "ui/designer/MappingEditor.h"
#include "ui/designer/PropertyPanel.h"
#include "core/forms/FormSession.h"
#include "ui/forms/FormView.h"

using nlohmann::json;
namespace cf = avocet::core::forms;
namespace ud = avocet::ui::designer;

namespace {

void screenshot(QWidget* widget, const QString& name)
{
    widget->resize(1500, 900);
    widget->show();
    QTest::qWait(400);
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    widget->grab().save(QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name);
    QDir().mkpath(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR));
    widget->grab().save(QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR "/") + name);
}

} // namespace

class DesignerTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsATemplateFromScratchWithConditionScoreAndMapping();
    void importsEverySharedFixtureAndExportsItUnchanged();
    void brokenImportShowsWhatIsWrongAndKeepsTheCurrentWork();
    void showsTheDiffAndItsImpactOnEveryEprMapping();
    void publishesOnlyWithANewMajorVersionAndASecondClientFindsIt();
    void editsExpressionsAndAnswerValueSetInThePropertyPanelWithUndo();
};

void DesignerTest::buildsATemplateFromScratchWithConditionScoreAndMapping()
{
    ud::DesignerWindow window;
    auto& doc = window.document();
    avocet::test::MoodCheck built;
    avocet::test::buildMoodCheck(window, built);
    if (QTest::currentTestFailed())
        return;
    const QString q1 = built.q1, q2 = built.q2, support = built.support, total = built.total;
    // Undo and redo every edit.
    const json before = doc.questionnaire();
    doc.undoStack()->undo();
    QVERIFY(doc.questionnaire() != before);
    doc.undoStack()->redo();
    QVERIFY(doc.questionnaire() == before);

    // Fill as a clinician: the real renderer computes the score.
    window.fillMode()->setChecked(true);
    window.rebuildPreviewNow();
    QVERIFY(window.preview());
    QVERIFY(window.preview()->session().chooseOption(q1.toStdString(), "LA6570-1"));
    QVERIFY(window.preview()->session().chooseOption(q2.toStdString(), "LA6571-9"));
    const auto score = window.preview()->session().answers(total.toStdString());
    QCOMPARE(score.size(), std::size_t{1});
    QCOMPARE(score[0].value("valueInteger", -1), 5);
    QVERIFY(window.preview()->session().isEnabled(support.toStdString()));
    window.rebuildPreviewNow(); // answers survive an edit in fill mode
    QCOMPARE(window.preview()->session().answers(total.toStdString()).at(0).value("valueInteger", -1), 5);
    window.selectItem(q2);
    screenshot(&window, QStringLiteral("designer-tree-properties-preview.png"));

    // Mapping to Paris's (illustrative) PHQ-9 form, coverage as it changes.
    ud::MappingEditor* paris = window.mappingEditor(QStringLiteral("Paris"));
    QVERIFY(paris);
    avocet::test::mapMoodCheckToParis(*paris, built);
    if (QTest::currentTestFailed())
        return;
    window.tabs()->setCurrentWidget(paris);
    screenshot(&window, QStringLiteral("designer-mapping-editor.png"));

    // Export and import again: the same JSON.
    const QString path = QStringLiteral(AVOCET_UI_TEST_TMP "/mood-check.json");
    QString error;
    QVERIFY2(window.exportFile(path, &error), qPrintable(error));
    ud::DesignerWindow second;
    QVERIFY2(second.importFile(path, &error), qPrintable(error));
    QVERIFY(second.document().questionnaire() == doc.questionnaire());
}

void DesignerTest::importsEverySharedFixtureAndExportsItUnchanged()
{
    namespace fs = std::filesystem;
    int count = 0;
    ud::DesignerWindow window;
    for (const auto& entry : fs::recursive_directory_iterator(AVOCET_FIXTURES_DIR "/questionnaires")) {
        if (entry.path().extension() != ".json" || entry.path().string().find("/negative/") != std::string::npos)
            continue;
        auto original = avocet::core::mapping::readJsonFile(entry.path());
        QVERIFY(original.ok());
        if (original->value("resourceType", "") != "Questionnaire")
            continue;
        QString error;
        QVERIFY2(window.importFile(QString::fromStdString(entry.path().string()), &error), qPrintable(error));
        const QString out = QStringLiteral(AVOCET_UI_TEST_TMP "/export-") + QString::fromStdString(entry.path().filename().string());
        QVERIFY(window.exportFile(out, &error));
        auto back = avocet::core::mapping::readJsonFile(out.toStdString());
        QVERIFY(back.ok());
        QVERIFY2(*back == *original, entry.path().c_str());
        ++count;
    }
    QVERIFY(count >= 10);
}

void DesignerTest::brokenImportShowsWhatIsWrongAndKeepsTheCurrentWork()
{
    ud::DesignerWindow window;
    window.addItem(QStringLiteral("string"), QStringLiteral("Keep me"));
    const json before = window.document().questionnaire();
    QString error;
    QVERIFY(!window.importText("{\n \"resourceType\": \"Questionnaire\",\n \"item\": [ {\"linkId\": 3 ", &error));
    QVERIFY2(error.contains(QStringLiteral("line")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("unchanged")));
    QVERIFY(window.document().questionnaire() == before);
    QVERIFY(!window.importFile(QStringLiteral(AVOCET_FIXTURES_DIR "/questionnaires/does-not-exist.json"), &error));
    QVERIFY(window.document().questionnaire() == before);
}

void DesignerTest::showsTheDiffAndItsImpactOnEveryEprMapping()
{
    ud::DesignerWindow window;
    QString error;
    QVERIFY2(window.importFile(QStringLiteral(AVOCET_SOURCE_DIR "/resources/templates/phq9-outcome-1.0.0.json"), &error),
             qPrintable(error));
    QVERIFY(window.mappingEditor(QStringLiteral("Mobius"))->coverageSummary().contains(QStringLiteral("Coverage")));
    QVERIFY(window.document().edit(QStringLiteral("remove"), [](cf::TemplateEditor& e) { return e.removeItem("difficulty"); }));
    QVERIFY(window.document().edit(QStringLiteral("text"), [](cf::TemplateEditor& e) {
        return e.setField("phq9-3", "text", "Trouble sleeping");
    }));
    QVERIFY(window.diffTable()->rowCount() >= 2);
    QVERIFY(window.impactTable()->rowCount() >= 1);
    window.tabs()->setCurrentIndex(window.tabs()->count() - 1);
    screenshot(&window, QStringLiteral("designer-diff-impact.png"));
}

void DesignerTest::publishesOnlyWithANewMajorVersionAndASecondClientFindsIt()
{
    avocet::test::FakeFhirServer server;
    const json published = cf::TemplateEditor(*avocet::core::mapping::readJsonFile(
                                                  AVOCET_SOURCE_DIR "/resources/templates/phq9-outcome-1.0.0.json"))
                               .json();
    cf::TemplateEditor editor(published);
    QVERIFY(editor.removeItem("difficulty"));
    QVERIFY(editor.setRoot("version", "1.1.0"));
    ud::PublishTarget target{QString::fromStdString(server.baseUrl()), {}, {}};
    auto refused = ud::DesignerWindow::publishNow(editor.json(), published, target);
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QStringLiteral("major")), qPrintable(refused.message));
    QCOMPARE(server.requests(), 0);

    QVERIFY(editor.setRoot("version", "2.0.0"));
    auto done = ud::DesignerWindow::publishNow(editor.json(), published, target);
    QVERIFY2(done.ok, qPrintable(done.message));
    auto again = ud::DesignerWindow::publishNow(editor.json(), published, target); // a retry creates nothing new
    QVERIFY2(again.ok, qPrintable(again.message));
    QCOMPARE(server.live("Questionnaire").size(), std::size_t{1});

    // A second client (a clinician's sync) finds version 2.0.0.
    auto client = avocet::core::sync::FhirClient::connect(server.baseUrl(), {}, avocet::core::sync::systemClock(),
                                                          avocet::core::sync::systemRandom());
    QVERIFY(client.ok());
    auto found = (*client)->get("Questionnaire?identifier=https://fhir.avocet.example/Id/template-version%7C"
                                "https://fhir.avocet.example/Questionnaire/phq9-outcome%7C2.0.0");
    QVERIFY(found.ok());
    QCOMPARE(found->status, 200);
    QCOMPARE(found->body["entry"].size(), std::size_t{1});
    QCOMPARE(found->body["entry"][0]["resource"]["version"].get<std::string>(), std::string("2.0.0"));
}

void DesignerTest::editsExpressionsAndAnswerValueSetInThePropertyPanelWithUndo()
{
    ud::DesignerWindow window;
    auto& doc = window.document();
    const json contained = json::parse(R"([{"resourceType": "ValueSet", "id": "moods", "status": "active",
        "title": "Moods", "expansion": {"contains": [{"system": "http://snomed.info/sct", "code": "285854004",
        "display": "Emotion"}]}}])");
    QVERIFY(doc.edit(QStringLiteral("contained"), [&](cf::TemplateEditor& e) { return e.setRoot("contained", contained); }));
    const QString mood = window.addItem(QStringLiteral("choice"), QStringLiteral("Mood today"));
    const QString note = window.addItem(QStringLiteral("string"), QStringLiteral("Anything else?"));
    window.selectItem(mood);
    auto* panel = window.properties();
    QCOMPARE(panel->linkId(), mood.toStdString());

    // answerValueSet: pick the contained ValueSet from the list.
    auto* valueSet = qobject_cast<QComboBox*>(panel->editor(QStringLiteral("answerValueSet")));
    QVERIFY(valueSet);
    const int picked = valueSet->findData(QStringLiteral("#moods"));
    QVERIFY(picked > 0);
    valueSet->setCurrentIndex(picked);
    Q_EMIT valueSet->activated(picked);
    QCOMPARE(doc.editor().item(mood.toStdString())->value("answerValueSet", ""), std::string("#moods"));
    auto* problem = panel->findChild<QLabel*>(QStringLiteral("answerValueSetProblem"));
    QVERIFY(problem);
    QVERIFY2(problem->isHidden(), qPrintable(problem->text()));

    // A typed canonical URL that does not resolve shows the lint finding beside the field.
    valueSet->setEditText(QStringLiteral("https://fhir.avocet.example/ValueSet/not-here"));
    Q_EMIT valueSet->lineEdit()->editingFinished();
    QCOMPARE(doc.editor().item(mood.toStdString())->value("answerValueSet", ""),
             std::string("https://fhir.avocet.example/ValueSet/not-here"));
    QVERIFY(!problem->isHidden());
    QVERIFY2(problem->text().contains(QStringLiteral("not-here")), qPrintable(problem->text()));
    doc.undoStack()->undo(); // back to the contained one, and the panel follows
    QCOMPARE(doc.editor().item(mood.toStdString())->value("answerValueSet", ""), std::string("#moods"));
    QCOMPARE(valueSet->currentData().toString(), QStringLiteral("#moods"));

    // Expressions: enableWhenExpression, initialExpression, answerExpression; each an undoable edit.
    window.selectItem(note);
    const std::vector<std::pair<QString, const char*>> expressions = {
        {QStringLiteral("enableWhenExpression"), cf::ext::kEnableWhenExpression},
        {QStringLiteral("initialExpression"), cf::ext::kInitialExpression},
        {QStringLiteral("answerExpression"), cf::ext::kAnswerExpression}};
    for (const auto& [name, url] : expressions) {
        auto* edit = qobject_cast<QLineEdit*>(panel->editor(name));
        QVERIFY2(edit, qPrintable(name));
        const std::string expression = "%resource.item.where(linkId='" + mood.toStdString() + "').exists()";
        edit->setText(QString::fromStdString(expression));
        Q_EMIT edit->editingFinished();
        const cf::TemplateEditor edited = doc.editor(); // a copy: extension() points into it
        const json* ext = edited.extension(note.toStdString(), url);
        QVERIFY2(ext, url);
        QCOMPARE(ext->at("valueExpression").value("expression", ""), expression);
        QCOMPARE(ext->at("valueExpression").value("language", ""), std::string("text/fhirpath"));
        doc.undoStack()->undo();
        QVERIFY2(!doc.editor().extension(note.toStdString(), url), url);
        QVERIFY(edit->text().isEmpty());
        doc.undoStack()->redo();
        QVERIFY(doc.editor().extension(note.toStdString(), url));
        QCOMPARE(edit->text(), QString::fromStdString(expression));
        edit->clear(); // an empty field removes it
        Q_EMIT edit->editingFinished();
        QVERIFY(!doc.editor().extension(note.toStdString(), url));
    }
    window.selectItem(mood);
    valueSet->setEditText(QStringLiteral("https://fhir.avocet.example/ValueSet/not-here")); // show the lint finding
    Q_EMIT valueSet->lineEdit()->editingFinished();
    window.resize(1500, 900);
    window.show();
    for (QWidget* w = panel; w; w = w->parentWidget())
        if (auto* scroll = qobject_cast<QScrollArea*>(w)) {
            scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
            break;
        }
    screenshot(&window, QStringLiteral("designer-value-set-expressions.png"));
}

QTEST_MAIN(DesignerTest)
#include "DesignerTest.moc"

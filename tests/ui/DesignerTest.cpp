// avocet_designer_ui_tests: the template designer on the offscreen platform — a template built
// from scratch (enableWhen, score, mapping), lint, the real renderer's score, export/import, every
// shared fixture round-tripped, a broken import that keeps the current work, the diff and impact
// view, and publishing to an in-process FHIR server found again by a second client.
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <filesystem>

#include "core/forms/TemplateEditor.h"
#include "core/mapping/EprMapping.h"
#include "core/sync/FhirClient.h"
#include "tests/support/FakeFhirServer.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/DesignerWindow.h"
#include "ui/designer/MappingEditor.h"
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

json phq9Options()
{
    ud::CodeListEditor answers(ud::CodeListEditor::Mode::AnswerOptions, json());
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6568-5"), QStringLiteral("Not at all"), QStringLiteral("0"));
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6569-3"), QStringLiteral("Several days"), QStringLiteral("1"));
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6570-1"), QStringLiteral("More than half the days"), QStringLiteral("2"));
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6571-9"), QStringLiteral("Nearly every day"), QStringLiteral("3"));
    return answers.result();
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
};

void DesignerTest::buildsATemplateFromScratchWithConditionScoreAndMapping()
{
    ud::DesignerWindow window;
    auto& doc = window.document();
    QVERIFY(doc.edit(QStringLiteral("title"), [](cf::TemplateEditor& e) {
        if (auto s = e.setRoot("url", "https://fhir.avocet.example/Questionnaire/mood-check"); !s)
            return s;
        return e.setRoot("title", "Mood check");
    }));
    window.addItem(QStringLiteral("date"), QStringLiteral("Date completed"));
    const QString q1 = window.addItem(QStringLiteral("choice"), QStringLiteral("Little interest or pleasure in doing things"));
    const QString q2 = window.addItem(QStringLiteral("choice"), QStringLiteral("Feeling down, depressed, or hopeless"));
    for (const QString& id : {q1, q2})
        QVERIFY(doc.edit(QStringLiteral("answers"), [&](cf::TemplateEditor& e) {
            return e.setField(id.toStdString(), "answerOption", phq9Options());
        }));
    // enableWhen through the builder: ask for support only when item 2 is answered "Nearly every day".
    const QString support = window.addItem(QStringLiteral("text"), QStringLiteral("What support would help?"));
    {
        ud::EnableWhenBuilder builder(doc.questionnaire(), support.toStdString());
        QCOMPARE(ud::operatorsForType(QStringLiteral("choice")).size(), 3);
        QCOMPARE(ud::operatorsForType(QStringLiteral("integer")).size(), 7);
        builder.addCondition(q2, QStringLiteral("="), QStringLiteral("LA6571-9"));
        const json conditions = builder.conditions();
        QCOMPARE(conditions.size(), std::size_t{1});
        QCOMPARE(conditions[0]["answerCoding"]["code"].get<std::string>(), std::string("LA6571-9"));
        QVERIFY(doc.edit(QStringLiteral("conditions"), [&](cf::TemplateEditor& e) {
            return e.setField(support.toStdString(), "enableWhen", conditions);
        }));
    }
    // Score through the builder.
    const QString total = window.addItem(QStringLiteral("integer"), QStringLiteral("Total score"));
    {
        ud::ScoreBuilder builder(doc.questionnaire(), total.toStdString(), {});
        builder.setChosen({q1.toStdString(), q2.toStdString()});
        QVERIFY(builder.preview()->text().contains(QStringLiteral("ordinal().sum()")));
        QVERIFY(doc.edit(QStringLiteral("score"), [&](cf::TemplateEditor& e) {
            if (auto s = e.setCalculatedExpression(total.toStdString(), builder.expression().toStdString()); !s)
                return s;
            if (auto s = e.setField(total.toStdString(), "code",
                                    json::array({json{{"system", cf::kSnomedSystem}, {"code", "720433000"},
                                                      {"display", "Patient Health Questionnaire Nine Item score"}}}));
                !s)
                return s;
            return e.setField(total.toStdString(), "readOnly", true);
        }));
    }
    QCOMPARE(window.lintErrorCount(), 0);
    // Undo and redo every edit.
    const json built = doc.questionnaire();
    doc.undoStack()->undo();
    QVERIFY(doc.questionnaire() != built);
    doc.undoStack()->redo();
    QVERIFY(doc.questionnaire() == built);

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
    paris->createMapping(QStringLiteral("PAR_PHQ9"));
    QVERIFY(paris->coverageSummary().contains(QStringLiteral("incomplete")));
    QVERIFY(paris->setEntry(QStringLiteral("date"), QStringLiteral("map"), QStringLiteral("PHQ_DATE")));
    QVERIFY(paris->setEntry(q1, QStringLiteral("map"), QStringLiteral("PHQ_Q1")));
    QVERIFY(paris->setEntry(q2, QStringLiteral("map"), QStringLiteral("PHQ_Q2")));
    QVERIFY(paris->setEntry(support, QStringLiteral("omit"), {}, QStringLiteral("Paris PHQ-9 form has no free text")));
    QVERIFY(paris->setEntry(total, QStringLiteral("map"), QStringLiteral("PHQ_TOTAL")));
    QVERIFY2(paris->isCoverageComplete(), qPrintable(paris->coverageSummary()));
    QVERIFY(paris->coverageSummary().contains(QStringLiteral("1 unmapped")));
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

QTEST_MAIN(DesignerTest)
#include "DesignerTest.moc"

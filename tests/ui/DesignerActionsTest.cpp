// avocet_designer_actions_ui_tests: what change managers met in the template designer, each as they
// met it, on the offscreen platform with the real widgets: the answers dialog on a new choice item
// and on a field-library item, lists whose entries are not objects, an action that throws (a message
// in the designer; the main window and the session carry on), autosave to the encrypted cache and
// the offer to continue, publishing that checks approval before asking anything and says plainly
// when the hub cannot be reached, the score builder with number questions, the Add item menu on one
// click, Undo/Redo labels that do not move the toolbar, and Tab out of the property text editors.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>
#include <stdexcept>

#include "core/crypto/KeyWrap.h"
#include "core/forms/DesignerDraftStore.h"
#include "core/forms/SdcExtensions.h"
#include "core/forms/TemplateEditor.h"
#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "tests/support/FileScan.h"
#include "tests/ui/DesignerScenario.h"
#include "ui/ActionGuard.h"
#include "ui/MainWindow.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/DesignerWindow.h"
#include "ui/designer/PropertyPanel.h"
#include "ui/forms/FormView.h"

using nlohmann::json;
namespace cf = avocet::core::forms;
namespace ud = avocet::ui::designer;
using avocet::test::buttonNamed;
using avocet::test::clickAndHandleDialog;
using avocet::ui::MainWindow;

namespace {

constexpr const char* kUser = "d.okafor";
constexpr const char* kPassphrase = "designer drafts stay here";

QAbstractButton* panelButton(ud::DesignerWindow& window, const char* name)
{
    return qobject_cast<QAbstractButton*>(window.properties()->editor(QString::fromLatin1(name)));
}

std::size_t undoCount(const ud::DesignerWindow& window) { return std::size_t(window.document().undoStack()->count()); }

QMessageBox* visibleMessage(QWidget* window, const char* name)
{
    for (auto* box : window->findChildren<QMessageBox*>(QString::fromLatin1(name)))
        if (box->isVisible())
            return box;
    return nullptr;
}

bool anyDialogVisible()
{
    for (QWidget* widget : QApplication::topLevelWidgets())
        if (qobject_cast<QDialog*>(widget) && widget->isVisible())
            return true;
    return false;
}

// Versions and impact: Send for review, then Approve (active), as a change manager does.
void approve(ud::DesignerWindow& window)
{
    for (const QString& label : {QStringLiteral("Send for review"), QStringLiteral("Approve (active)")}) {
        QPushButton* found = nullptr;
        for (auto* button : window.findChildren<QPushButton*>())
            if (button->text() == label)
                found = button;
        QVERIFY2(found, qPrintable(label));
        found->click();
    }
    QCOMPARE(window.document().questionnaire().value("status", ""), std::string("active"));
}

} // namespace

class DesignerActionsTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void answersOpenForANewChoiceItemAndForTheLibraryPhq9Item();
    void answersCodesAndConditionsReadEntriesThatAreNotObjects();
    void anExceptionInADesignerActionIsAMessageThereAndTheSessionCarriesOn();
    void autosavesEncryptedInTheCacheAndOffersTheTemplateBack();
    void withoutASessionAutosaveIsOffAndSaysSoInTheStatusBar();
    void publishingAsksNothingUntilTheTemplateIsApproved();
    void publishingToAnUnreachableHubSaysSoAndKeepsTheTemplate();
    void scoreBuilderAddsNumberQuestionsToScoredChoices();
    void addItemOpensItsTypeMenuOnOneClick();
    void undoAndRedoKeepTheirLabelsSoTheToolbarStaysPut();
    void tabMovesFocusOutOfEveryPropertyTextEditor();

private:
    ud::DesignerWindow* openDesignerFromTheMainWindow();

    QTemporaryDir m_dir;
    std::unique_ptr<avocet::core::store::ProfileStore> m_profiles;
    std::unique_ptr<avocet::ui::Session> m_session;
    std::unique_ptr<MainWindow> m_main;
};

void DesignerActionsTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    avocet::ui::initResources();
    m_profiles = std::make_unique<avocet::core::store::ProfileStore>(m_dir.filePath(QStringLiteral("profiles")).toStdString());
    QVERIFY(m_profiles->create(kUser, kPassphrase, avocet::core::crypto::KdfParams::minimal()).ok());
    m_session = std::make_unique<avocet::ui::Session>(*m_profiles);
    avocet::ui::MainWindowOptions options;
    options.preferredUser = QString::fromLatin1(kUser);
    options.watchDesktop = false;
    options.idleLockMs = 0;
    m_main = std::make_unique<MainWindow>(*m_session, options);
    m_main->resize(1200, 760);
    m_main->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_main.get()));
    m_main->start();
    QTRY_COMPARE(m_main->screen(), MainWindow::Screen::Unlock);
    auto* unlock = m_main->unlockView();
    QTRY_VERIFY(!unlock->isBusy());
    QTest::keyClicks(unlock->passphraseEdit(), QString::fromLatin1(kPassphrase));
    QTest::keyClick(unlock->passphraseEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->isUnlocked(), 20000);
    QTRY_VERIFY(m_main->screen() == MainWindow::Screen::Patients || m_main->screen() == MainWindow::Screen::Caseload);
}

void DesignerActionsTest::cleanupTestCase()
{
    m_main.reset();
    m_session.reset();
}

ud::DesignerWindow* DesignerActionsTest::openDesignerFromTheMainWindow()
{
    auto* open = m_main->findChild<QAction*>(QStringLiteral("openTemplateDesigner"));
    if (!open)
        return nullptr;
    const auto before = m_main->findChildren<ud::DesignerWindow*>();
    open->trigger();
    for (auto* designer : m_main->findChildren<ud::DesignerWindow*>())
        if (!before.contains(designer)) {
            if (!QTest::qWaitForWindowExposed(designer))
                return nullptr;
            return designer;
        }
    return nullptr;
}

// The answers dialog read the item through a pointer into a copy of the template that was already
// gone: "Answers…" ended the application (json type_error 306) on any choice item.
void DesignerActionsTest::answersOpenForANewChoiceItemAndForTheLibraryPhq9Item()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto& doc = window.document();
    const int caught = avocet::ui::GuardedApplication::caughtCount();

    // A new choice item: an empty list; one answer added and accepted.
    const QString mood = window.addItem(QStringLiteral("choice"), QStringLiteral("Mood today"));
    window.selectItem(mood);
    auto* answers = panelButton(window, "answerOptionButton");
    QVERIFY(answers && answers->isEnabled());
    int rows = -1;
    QVERIFY(clickAndHandleDialog(answers, [&](QDialog* dialog) {
        auto* editor = qobject_cast<ud::CodeListEditor*>(dialog);
        rows = editor ? editor->table()->rowCount() : -2;
        if (editor) {
            buttonNamed(dialog, QStringLiteral("Add"))->click();
            editor->table()->item(0, 1)->setText(QStringLiteral("low"));
            editor->table()->item(0, 2)->setText(QStringLiteral("Low"));
            editor->table()->item(0, 3)->setText(QStringLiteral("1"));
        }
        dialog->accept();
    }));
    QCOMPARE(rows, 0);
    const json& options = doc.editor().item(mood.toStdString())->at("answerOption");
    QCOMPARE(options.size(), std::size_t{1});
    QCOMPARE(options[0]["valueCoding"]["code"].get<std::string>(), std::string("low"));
    QCOMPARE(options[0]["extension"][0]["valueDecimal"].get<int>(), 1);

    // A field-library item (PHQ-9 block › phq9-2): its four LOINC answers with their scores; cancel
    // and an unchanged OK both leave the template as it was.
    window.newTemplate();
    QVERIFY(window.insertLibraryBlock(QStringLiteral("phq9-block")));
    window.selectItem(QStringLiteral("phq9-2"));
    const ud::DesignState before = doc.state();
    const std::size_t edits = undoCount(window);
    QStringList codes;
    QStringList scores;
    QVERIFY(clickAndHandleDialog(answers, [&](QDialog* dialog) {
        if (auto* editor = qobject_cast<ud::CodeListEditor*>(dialog))
            for (int row = 0; row < editor->table()->rowCount(); ++row) {
                codes << editor->table()->item(row, 1)->text();
                scores << editor->table()->item(row, 3)->text();
            }
        dialog->reject();
    }));
    QCOMPARE(codes, (QStringList{QStringLiteral("LA6568-5"), QStringLiteral("LA6569-3"), QStringLiteral("LA6570-1"),
                                 QStringLiteral("LA6571-9")}));
    QCOMPARE(scores, (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    QVERIFY(doc.state() == before);
    QVERIFY(clickAndHandleDialog(answers, [](QDialog* dialog) { dialog->accept(); }));
    QVERIFY(doc.state() == before);
    QCOMPARE(undoCount(window), edits);
    QCOMPARE(avocet::ui::GuardedApplication::caughtCount(), caught);
}

// Imported templates may hold a number or null where FHIR expects an object: the panel and the
// builders show what they can and keep the rest exactly.
void DesignerActionsTest::answersCodesAndConditionsReadEntriesThatAreNotObjects()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto& doc = window.document();
    const int caught = avocet::ui::GuardedApplication::caughtCount();
    const QString other = window.addItem(QStringLiteral("boolean"), QStringLiteral("Any other worries?"));
    const QString odd = window.addItem(QStringLiteral("choice"), QStringLiteral("Imported answers"));
    const json answerList = json::parse(R"([5, null, {"valueCoding": 7}, {"valueInteger": 3, "extension": [null,
        {"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": null}]},
        {"valueCoding": {"code": "a", "display": 5}, "extension": 3}, {"valueString": "plain"}])");
    const json codeList = json::parse(R"([null, 4, {"code": 9, "system": ["x"]}, {"system": "http://snomed.info/sct", "code": "1"}])");
    const json conditions = json::parse(R"([7, {"question": 3, "operator": null, "answerCoding": 5},
        {"question": "boolean", "operator": "=", "answerBoolean": true}])");
    QVERIFY(doc.edit(QStringLiteral("odd"), [&](cf::TemplateEditor& e) -> avocet::core::Status {
        for (const auto& [key, value] : {std::pair{std::string("answerOption"), answerList}, {"code", codeList},
                                          {"enableWhen", conditions}, {"initial", json::array({5})}})
            if (auto s = e.setField(odd.toStdString(), key, value); !s)
                return s;
        return e.setExtension(odd.toStdString(), cf::ext::kCalculatedExpression, "valueExpression", json(12));
    }));
    window.selectItem(odd); // the panel reads every one of them
    QCOMPARE(window.properties()->linkId(), odd.toStdString());
    const ud::DesignState before = doc.state();
    const std::size_t edits = undoCount(window);

    int answerRows = -1;
    QVERIFY(clickAndHandleDialog(panelButton(window, "answerOptionButton"), [&](QDialog* dialog) {
        answerRows = qobject_cast<ud::CodeListEditor*>(dialog)->table()->rowCount();
        dialog->accept(); // unchanged: every entry kept exactly, numbers and nulls included
    }));
    QCOMPARE(answerRows, int(answerList.size()));
    QVERIFY(doc.state() == before);
    int codeRows = -1;
    QVERIFY(clickAndHandleDialog(panelButton(window, "codeButton"), [&](QDialog* dialog) {
        codeRows = qobject_cast<ud::CodeListEditor*>(dialog)->table()->rowCount();
        dialog->accept();
    }));
    QCOMPARE(codeRows, int(codeList.size()));
    QVERIFY(doc.state() == before);
    int conditionRows = -1;
    QVERIFY(clickAndHandleDialog(panelButton(window, "enableWhenButton"), [&](QDialog* dialog) {
        conditionRows = qobject_cast<ud::EnableWhenBuilder*>(dialog)->table()->rowCount();
        dialog->reject();
    }));
    QCOMPARE(conditionRows, 2); // the two conditions that are objects
    QVERIFY(doc.state() == before);
    QCOMPARE(undoCount(window), edits);
    QVERIFY(!other.isEmpty());
    QCOMPARE(avocet::ui::GuardedApplication::caughtCount(), caught);
}

void DesignerActionsTest::anExceptionInADesignerActionIsAMessageThereAndTheSessionCarriesOn()
{
    const MainWindow::Screen screenBefore = m_main->screen();
    ud::DesignerWindow* designer = openDesignerFromTheMainWindow();
    QVERIFY(designer);
    QPointer<ud::DesignerWindow> alive(designer);
    const QString item = designer->addItem(QStringLiteral("choice"), QStringLiteral("Sleep quality"));
    designer->selectItem(item);
    const ud::DesignState before = designer->document().state();
    designer->setActionHook([](const QString& what) {
        if (what == QStringLiteral("Edit answers"))
            throw std::runtime_error("the list of answers could not be read (test)");
    });
    const int caught = avocet::ui::GuardedApplication::caughtCount();
    QTest::mouseClick(panelButton(*designer, "answerOptionButton"), Qt::LeftButton);

    QTRY_VERIFY(visibleMessage(designer, "actionFailedMessage"));
    QMessageBox* box = visibleMessage(designer, "actionFailedMessage");
    QVERIFY2(box->text().contains(QStringLiteral("Edit answers could not be completed")), qPrintable(box->text()));
    QVERIFY2(box->text().contains(QStringLiteral("the list of answers could not be read (test)")), qPrintable(box->text()));
    QCOMPARE(box->parentWidget(), static_cast<QWidget*>(designer)); // in the designer, not over the main window
    QCOMPARE(avocet::ui::GuardedApplication::caughtCount(), caught + 1);
    // Nothing else happened: the designer, its template, the main window and the session are as they were.
    QVERIFY(alive && designer->isVisible());
    QVERIFY(designer->document().state() == before);
    QVERIFY(m_main->isVisible());
    QVERIFY(m_session->isUnlocked());
    QCOMPARE(m_main->screen(), screenBefore);
    box->accept();

    // The same action works again once nothing throws.
    designer->setActionHook({});
    QVERIFY(clickAndHandleDialog(panelButton(*designer, "answerOptionButton"), [](QDialog* dialog) { dialog->reject(); }));
    designer->close();
    QTRY_VERIFY(!alive);
}

void DesignerActionsTest::autosavesEncryptedInTheCacheAndOffersTheTemplateBack()
{
    ud::DesignerWindow* designer = openDesignerFromTheMainWindow();
    QVERIFY(designer);
    QPointer<ud::DesignerWindow> alive(designer);
    // The templates of the tests before were autosaved when their designers closed: the first is
    // offered back; starting a new template forgets it, and then nothing is offered.
    QTRY_VERIFY(designer->isAutosaveOn() || visibleMessage(designer, "continueDraftQuestion"));
    if (QMessageBox* offered = visibleMessage(designer, "continueDraftQuestion")) {
        auto* fresh = offered->findChild<QPushButton*>(QStringLiteral("discardDraft"));
        QVERIFY(fresh);
        QTest::mouseClick(fresh, Qt::LeftButton);
        designer->close();
        QTRY_VERIFY(!alive);
        designer = openDesignerFromTheMainWindow();
        QVERIFY(designer);
        alive = designer;
    }
    QTRY_VERIFY(designer->isAutosaveOn()); // nothing saved now, so nothing offered
    QVERIFY(!visibleMessage(designer, "continueDraftQuestion"));
    QCOMPARE(designer->autosaveLine()->text(), QStringLiteral("Autosave on"));
    designer->setAutosaveDelay(20);
    const QString question = designer->addItem(QStringLiteral("string"), QStringLiteral("Hours of restful sleep"));
    QTRY_VERIFY2(designer->autosaveLine()->text().startsWith(QStringLiteral("Saved on this computer")),
                 qPrintable(designer->autosaveLine()->text()));
    const json saved = designer->document().questionnaire();
    // Encrypted: the question's text is nowhere in the profile's files.
    const auto plain = avocet::test::findInFiles(m_profiles->directoryOf(kUser), {"Hours of restful sleep"});
    QVERIFY2(plain.empty(), plain.empty() ? "" : plain.front().c_str());
    designer->close();
    QTRY_VERIFY(!alive);

    // Opened again: offered back, and continued.
    designer = openDesignerFromTheMainWindow();
    QVERIFY(designer);
    alive = designer;
    QTRY_VERIFY(visibleMessage(designer, "continueDraftQuestion"));
    QMessageBox* offer = visibleMessage(designer, "continueDraftQuestion");
    QCOMPARE(offer->text(), QStringLiteral("Continue the template you were editing?"));
    QVERIFY(!designer->isAutosaveOn()); // held until answered: the blank template saves nothing over it
    QTest::mouseClick(offer->findChild<QPushButton*>(QStringLiteral("continueDraft")), Qt::LeftButton);
    QTRY_VERIFY(designer->document().questionnaire() == saved);
    QVERIFY(designer->document().editor().item(question.toStdString()));
    QVERIFY(designer->isAutosaveOn());
    designer->close();
    QTRY_VERIFY(!alive);

    // Opened again: a new start forgets the saved one.
    designer = openDesignerFromTheMainWindow();
    QVERIFY(designer);
    alive = designer;
    QTRY_VERIFY(visibleMessage(designer, "continueDraftQuestion"));
    offer = visibleMessage(designer, "continueDraftQuestion");
    QTest::mouseClick(offer->findChild<QPushButton*>(QStringLiteral("discardDraft")), Qt::LeftButton);
    QTRY_VERIFY(designer->isAutosaveOn());
    QVERIFY(!designer->document().editor().item(question.toStdString()));
    bool answered = false;
    bool stillThere = true;
    m_session->withCache<bool>(
        designer,
        [](avocet::core::store::Cache& cache) -> avocet::ui::Reply<bool> {
            auto loaded = cf::DesignerDraftStore(cache.database()).load();
            avocet::ui::Reply<bool> reply;
            reply.value = !loaded.ok() || loaded->has_value();
            return reply;
        },
        [&](avocet::ui::Reply<bool> reply) {
            answered = true;
            stillThere = reply.value;
        });
    QTRY_VERIFY(answered);
    QVERIFY(!stillThere);
    designer->close();
    QTRY_VERIFY(!alive);
}

void DesignerActionsTest::withoutASessionAutosaveIsOffAndSaysSoInTheStatusBar()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.addItem(QStringLiteral("string"), QStringLiteral("Anything else?"));
    window.saveDraftNow(); // does nothing without a session
    QVERIFY(!window.isAutosaveOn());
    QCOMPARE(window.autosaveLine()->text(), QStringLiteral("Autosave off (not signed in)"));
    QVERIFY(window.autosaveLine()->isVisible());
    QVERIFY(!anyDialogVisible()); // said in the status bar, not in a dialog
    QVERIFY(window.statusLine()->text().isEmpty());
}

void DesignerActionsTest::publishingAsksNothingUntilTheTemplateIsApproved()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    avocet::test::MoodCheck built;
    avocet::test::buildMoodCheck(window, built);
    if (QTest::currentTestFailed())
        return;
    int asked = 0;
    window.setPublishPrompt([&asked]() -> std::optional<ud::PublishTarget> {
        ++asked;
        return std::nullopt;
    });
    auto* publish = window.findChild<QAction*>(QStringLiteral("publishTemplate"));
    QVERIFY(publish);
    publish->trigger();
    QCOMPARE(asked, 0);
    QVERIFY(!anyDialogVisible());
    QVERIFY2(window.statusLine()->text().contains(QStringLiteral("not approved yet")),
             qPrintable(window.statusLine()->text()));
    QVERIFY(window.statusLine()->text().contains(QStringLiteral("Nothing was sent")));
    // Once approved, the same action asks where and as whom.
    approve(window);
    if (QTest::currentTestFailed())
        return;
    publish->trigger();
    QCOMPARE(asked, 1);
}

void DesignerActionsTest::publishingToAnUnreachableHubSaysSoAndKeepsTheTemplate()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    avocet::test::MoodCheck built;
    avocet::test::buildMoodCheck(window, built);
    if (QTest::currentTestFailed())
        return;
    approve(window);
    if (QTest::currentTestFailed())
        return;
    const ud::DesignState before = window.document().state();
    QTcpServer probe; // a port that nothing listens on any more
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    window.setPublishPrompt([&address]() -> std::optional<ud::PublishTarget> {
        return ud::PublishTarget{address, QStringLiteral("designer"), QStringLiteral("not-a-real-password")};
    });
    window.findChild<QAction*>(QStringLiteral("publishTemplate"))->trigger();
    const QString expected =
        QStringLiteral("The hub at %1 cannot be reached. Nothing was published and your template is kept.").arg(address);
    QTRY_COMPARE_WITH_TIMEOUT(window.statusLine()->text(), expected, 20000);
    QVERIFY(window.document().state() == before);
}

// A total of scored choices and number questions, built without writing FHIRPath, computed live.
void DesignerActionsTest::scoreBuilderAddsNumberQuestionsToScoredChoices()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto& doc = window.document();
    const QString mood = window.addItem(QStringLiteral("choice"), QStringLiteral("Feeling down"));
    QVERIFY(doc.edit(QStringLiteral("answers"), [&](cf::TemplateEditor& e) {
        return e.setField(mood.toStdString(), "answerOption", avocet::test::phq9Options());
    }));
    const QString nights = window.addItem(QStringLiteral("integer"), QStringLiteral("Nights of broken sleep this week"));
    QVERIFY(doc.edit(QStringLiteral("range"), [&](cf::TemplateEditor& e) {
        if (auto s = e.setExtension(nights.toStdString(), cf::ext::kMinValue, "valueInteger", 0); !s)
            return s;
        return e.setExtension(nights.toStdString(), cf::ext::kMaxValue, "valueInteger", 7);
    }));
    const QString total = window.addItem(QStringLiteral("integer"), QStringLiteral("Total"));
    window.selectItem(total);
    QStringList listed;
    QString range;
    QVERIFY(clickAndHandleDialog(panelButton(window, "scoreButton"), [&](QDialog* dialog) {
        auto* builder = qobject_cast<ud::ScoreBuilder*>(dialog);
        for (int i = 0; i < builder->items()->count(); ++i) {
            listed << builder->items()->item(i)->data(Qt::UserRole).toString();
            builder->items()->item(i)->setCheckState(Qt::Checked);
        }
        range = builder->range()->text();
        dialog->accept();
    }));
    QCOMPARE(listed, (QStringList{mood, nights})); // the total itself is not offered
    QVERIFY2(range.contains(QStringLiteral("from 0 to 10")), qPrintable(range)); // 0–3 plus 0–7
    const json* ext = doc.editor().extension(total.toStdString(), cf::ext::kCalculatedExpression);
    QVERIFY(ext);
    const std::string expression = ext->at("valueExpression").value("expression", "");
    QCOMPARE(expression, ud::totalExpression({mood.toStdString()}, {nights.toStdString()}));
    QCOMPARE(ud::totalExpressionItems(expression), (std::vector<std::string>{mood.toStdString(), nights.toStdString()}));
    QVERIFY(doc.editor().item(total.toStdString())->value("readOnly", false));

    // Filled as a clinician: "More than half the days" (2) and 4 nights make 6.
    window.fillMode()->setChecked(true);
    window.rebuildPreviewNow();
    QVERIFY(window.preview());
    auto& session = window.preview()->session();
    QVERIFY(session.chooseOption(mood.toStdString(), "LA6570-1"));
    QVERIFY(session.setAnswer(nights.toStdString(), json{{"valueInteger", 4}}));
    const auto answers = session.answers(total.toStdString());
    QCOMPARE(answers.size(), std::size_t{1});
    QCOMPARE(answers[0].value("valueInteger", -1), 6);

    // Opened again, the builder ticks what the expression reads.
    QStringList ticked;
    QVERIFY(clickAndHandleDialog(panelButton(window, "scoreButton"), [&](QDialog* dialog) {
        auto* builder = qobject_cast<ud::ScoreBuilder*>(dialog);
        for (const auto& id : builder->chosen())
            ticked << QString::fromStdString(id);
        dialog->reject();
    }));
    QCOMPARE(ticked, (QStringList{mood, nights}));
}

void DesignerActionsTest::addItemOpensItsTypeMenuOnOneClick()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* button = window.findChild<QToolButton*>(QStringLiteral("addItemButton"));
    QVERIFY(button);
    QCOMPARE(button->popupMode(), QToolButton::InstantPopup);
    QString opened;
    QTimer::singleShot(50, &window, [&opened] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu)
            return;
        opened = menu->objectName();
        for (QAction* type : menu->actions())
            if (type->objectName() == QStringLiteral("add-integer")) {
                menu->close();
                type->trigger();
            }
    });
    QTest::mouseClick(button, Qt::LeftButton); // one click, no holding
    QTRY_COMPARE(opened, QStringLiteral("addItemMenu"));
    QTRY_VERIFY(window.document().editor().item("integer"));
}

void DesignerActionsTest::undoAndRedoKeepTheirLabelsSoTheToolbarStaysPut()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* undo = window.findChild<QAction*>(QStringLiteral("undo"));
    auto* redo = window.findChild<QAction*>(QStringLiteral("redo"));
    auto* add = window.findChild<QToolButton*>(QStringLiteral("addItemButton"));
    QVERIFY(undo && redo && add);
    QCoreApplication::processEvents();
    const int addAt = add->mapTo(&window, QPoint()).x();
    QVERIFY(!undo->isEnabled());
    window.addItem(QStringLiteral("open-choice"), QStringLiteral("Where do you sleep best?"));
    window.document().undoStack()->undo();
    QCoreApplication::processEvents();
    QCOMPARE(undo->text(), QStringLiteral("Undo"));
    QCOMPARE(redo->text(), QStringLiteral("Redo"));
    QVERIFY(redo->isEnabled());
    QVERIFY2(redo->toolTip().contains(QStringLiteral("Add open-choice")), qPrintable(redo->toolTip()));
    QCOMPARE(add->mapTo(&window, QPoint()).x(), addAt);
    window.document().undoStack()->redo();
    QCoreApplication::processEvents();
    QVERIFY(undo->toolTip().contains(QStringLiteral("Add open-choice")));
    QCOMPARE(add->mapTo(&window, QPoint()).x(), addAt);
}

void DesignerActionsTest::tabMovesFocusOutOfEveryPropertyTextEditor()
{
    ud::DesignerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const QString item = window.addItem(QStringLiteral("integer"), QStringLiteral("Cups of coffee"));
    window.selectItem(item);
    const auto editors = window.properties()->findChildren<QPlainTextEdit*>();
    QVERIFY(editors.size() >= 3);
    for (QPlainTextEdit* editor : editors) {
        QVERIFY2(editor->tabChangesFocus(), qPrintable(editor->objectName()));
        const QString text = editor->toPlainText();
        editor->setFocus();
        QTRY_VERIFY(editor->hasFocus());
        QTest::keyClick(editor, Qt::Key_Tab);
        QVERIFY2(!editor->hasFocus(), qPrintable(editor->objectName()));
        QCOMPARE(editor->toPlainText(), text);
    }
    QCOMPARE(window.document().editor().item(item.toStdString())->value("text", ""), std::string("Cups of coffee"));
}

QTEST_MAIN(DesignerActionsTest)
#include "DesignerActionsTest.moc"

// avocet_designer_walk_ui_tests: a change manager's walk through the designer, as a user: every
// shipped template (resources/templates) and every field-library block (resources/library) opened,
// every item of every type selected, and every property-panel action used — Conditions…, Answers…,
// Codes…, Score builder… (cancelled, accepted unchanged, accepted with a change and undone), the
// check boxes (toggled and undone) and each text field left unchanged. Nothing may throw, nothing
// may change without an edit, every accepted edit changes the template, and undo gives the template
// back exactly. Any exception caught by the action guard fails the walk.
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QTableWidget>
#include <QTest>
#include <QUndoStack>

#include <set>

#include "core/forms/Questionnaire.h"
#include "tests/ui/DesignerScenario.h"
#include "ui/ActionGuard.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/DesignerWindow.h"
#include "ui/designer/PropertyPanel.h"

using nlohmann::json;
namespace cf = avocet::core::forms;
namespace ud = avocet::ui::designer;
using avocet::test::buttonNamed;
using avocet::test::clickAndHandleDialog;

namespace {

struct Walked
{
    int items = 0;
    int dialogs = 0;
    int changes = 0;
    std::set<std::string> types;
};

QString where(const QString& source, const std::string& linkId, const char* what)
{
    return QStringLiteral("%1 › %2: %3").arg(source, QString::fromStdString(linkId), QString::fromLatin1(what));
}

} // namespace

class DesignerWalkTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void walksEveryShippedTemplateAndLibraryBlockThroughEveryPropertyAction();

private:
    void walk(const QString& source);
    void walkItem(const QString& source, const std::string& linkId);
    // Opens the dialog behind `button` three times: cancel (no change), OK as it is (no change, for
    // the lists and conditions), OK after `change` (a change, then undone).
    void useDialog(const QString& source, const std::string& linkId, const char* button, bool unchangedOkKeeps,
                   const std::function<bool(QDialog*)>& change);

    ud::DesignerWindow* m_window = nullptr;
    Walked m_walked;
};

void DesignerWalkTest::initTestCase()
{
    m_window = new ud::DesignerWindow;
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void DesignerWalkTest::walksEveryShippedTemplateAndLibraryBlockThroughEveryPropertyAction()
{
    const int caught = avocet::ui::GuardedApplication::caughtCount();
    const QStringList templates =
        QDir(QStringLiteral(AVOCET_SOURCE_DIR "/resources/templates")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(templates.size() >= 3);
    for (const QString& name : templates) {
        QString error;
        QVERIFY2(m_window->importFile(QStringLiteral(AVOCET_SOURCE_DIR "/resources/templates/") + name, &error), qPrintable(error));
        walk(name);
        if (QTest::currentTestFailed())
            return;
    }
    const QStringList blocks = ud::DesignerWindow::libraryBlocks();
    QVERIFY(blocks.size() >= 4);
    for (const QString& block : blocks) {
        m_window->newTemplate();
        QVERIFY2(m_window->insertLibraryBlock(block), qPrintable(block));
        walk(QStringLiteral("library/") + block);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(avocet::ui::GuardedApplication::caughtCount(), caught);
    QVERIFY(!m_window->findChild<QMessageBox*>(QStringLiteral("actionFailedMessage")));
    // The walk met every kind of item the shipped files hold, and really used the dialogs.
    for (const char* type : {"group", "choice", "integer", "string", "text", "boolean", "date", "quantity"})
        QVERIFY2(m_walked.types.count(type), type);
    QVERIFY(m_walked.items >= 40);
    QVERIFY(m_walked.dialogs >= 4 * m_walked.items / 2);
    qInfo("walked %d items, %d dialogs, %d accepted changes", m_walked.items, m_walked.dialogs, m_walked.changes);
}

void DesignerWalkTest::walk(const QString& source)
{
    const std::vector<std::string> linkIds = m_window->document().editor().linkIds();
    QVERIFY2(!linkIds.empty(), qPrintable(source));
    const json original = m_window->document().questionnaire();
    for (const std::string& linkId : linkIds) {
        walkItem(source, linkId);
        if (QTest::currentTestFailed())
            return;
    }
    // After all of it (every change undone), the template is the one opened, and still loads.
    QVERIFY2(m_window->document().questionnaire() == original, qPrintable(source));
    QVERIFY2(cf::Questionnaire::fromJson(m_window->document().questionnaire()).ok(), qPrintable(source));
}

void DesignerWalkTest::walkItem(const QString& source, const std::string& linkId)
{
    m_window->selectItem(QString::fromStdString(linkId));
    ud::PropertyPanel* panel = m_window->properties();
    QCOMPARE(panel->linkId(), linkId);
    const json* item = m_window->document().editor().item(linkId);
    QVERIFY(item);
    const std::string type = item->value("type", "");
    ++m_walked.items;
    m_walked.types.insert(type);
    const ud::DesignState before = m_window->document().state();

    // Every text field committed as it is: nothing changes.
    for (auto* edit : panel->findChildren<QLineEdit*>()) {
        if (!edit->isEnabled() || !edit->isVisibleTo(panel))
            continue;
        Q_EMIT edit->editingFinished();
        QVERIFY2(m_window->document().state() == before,
                 qPrintable(where(source, linkId, "a text field committed unchanged changed the template: ") + edit->objectName()));
    }

    // Each check box: toggled (a change), then undone (exactly the template before).
    for (const char* name : {"required", "repeats", "readOnly", "hidden"}) {
        auto* box = qobject_cast<QCheckBox*>(panel->editor(QString::fromLatin1(name)));
        QVERIFY2(box, name);
        QTest::mouseClick(box, Qt::LeftButton);
        QVERIFY2(!(m_window->document().state() == before), qPrintable(where(source, linkId, name)));
        m_window->document().undoStack()->undo();
        QVERIFY2(m_window->document().state() == before, qPrintable(where(source, linkId, name)));
        ++m_walked.changes;
    }

    // Conditions: one more condition on the first question offered.
    useDialog(source, linkId, "enableWhenButton", true, [](QDialog* dialog) {
        auto* builder = qobject_cast<ud::EnableWhenBuilder*>(dialog);
        const int rows = builder->table()->rowCount();
        buttonNamed(dialog, QStringLiteral("Add condition"))->click();
        return builder->table()->rowCount() == rows + 1;
    });
    // Answers (choice items only) and codes: one more coded row.
    auto addRow = [](QDialog* dialog) {
        auto* editor = qobject_cast<ud::CodeListEditor*>(dialog);
        const int row = editor->table()->rowCount();
        buttonNamed(dialog, QStringLiteral("Add"))->click();
        editor->table()->item(row, 1)->setText(QStringLiteral("walk-%1").arg(row));
        editor->table()->item(row, 2)->setText(QStringLiteral("Added on the walk"));
        return editor->table()->rowCount() == row + 1;
    };
    useDialog(source, linkId, "answerOptionButton", true, addRow);
    useDialog(source, linkId, "codeButton", true, addRow);
    // Score builder (number items): tick the first question it offers.
    useDialog(source, linkId, "scoreButton", false, [](QDialog* dialog) {
        auto* builder = qobject_cast<ud::ScoreBuilder*>(dialog);
        if (builder->items()->count() == 0)
            return false;
        auto* first = builder->items()->item(0);
        first->setCheckState(first->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
        return true;
    });
    QVERIFY2(m_window->document().state() == before, qPrintable(where(source, linkId, "after the walk of the item")));
}

void DesignerWalkTest::useDialog(const QString& source, const std::string& linkId, const char* name,
                                 bool unchangedOkKeeps, const std::function<bool(QDialog*)>& change)
{
    auto* button = qobject_cast<QAbstractButton*>(m_window->properties()->editor(QString::fromLatin1(name)));
    QVERIFY2(button, name);
    if (!button->isEnabled())
        return; // not for this type of item (answers on a non-choice, score on a non-number)
    ud::DesignerDocument& doc = m_window->document();
    const ud::DesignState before = doc.state();
    const int edits = doc.undoStack()->count();

    QVERIFY2(clickAndHandleDialog(button, [](QDialog* dialog) { dialog->reject(); }), qPrintable(where(source, linkId, name)));
    QVERIFY2(doc.state() == before, qPrintable(where(source, linkId, "cancel changed the template")));
    ++m_walked.dialogs;

    if (unchangedOkKeeps) {
        QVERIFY2(clickAndHandleDialog(button, [](QDialog* dialog) { dialog->accept(); }), qPrintable(where(source, linkId, name)));
        QVERIFY2(doc.state() == before, qPrintable(where(source, linkId, name) + QStringLiteral(": OK without a change changed it")));
        QCOMPARE(doc.undoStack()->count(), edits);
        ++m_walked.dialogs;
    }

    bool changed = false;
    QVERIFY2(clickAndHandleDialog(button,
                                  [&](QDialog* dialog) {
                                      changed = change(dialog);
                                      dialog->accept();
                                  }),
             qPrintable(where(source, linkId, name)));
    ++m_walked.dialogs;
    if (changed) {
        QVERIFY2(!(doc.state() == before), qPrintable(where(source, linkId, name) + QStringLiteral(": an accepted edit changed nothing")));
        QVERIFY2(cf::Questionnaire::fromJson(doc.questionnaire()).ok(), qPrintable(where(source, linkId, name)));
        doc.undoStack()->undo();
        ++m_walked.changes;
    } else if (!(doc.state() == before)) {
        doc.undoStack()->undo();
    }
    QVERIFY2(doc.state() == before, qPrintable(where(source, linkId, name) + QStringLiteral(": undo did not restore it")));
}

QTEST_MAIN(DesignerWalkTest)
#include "DesignerWalkTest.moc"

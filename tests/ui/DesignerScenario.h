#pragma once
// The template the designer tests build from scratch through the builders: a date, two PHQ-style
// choice questions, a free-text question shown only when question 2 is "Nearly every day"
// (enableWhen), and a read-only total (score). Shared by DesignerTest (FakeFhirServer) and
// DesignerHubTest (the real avocet-hub on PostgreSQL). Failures are QTest failures of the caller's
// test function: check QTest::currentTestFailed() after the call. Also: driving the designer's
// modal dialogs the way a user does (press a button, act on the dialog that opens).
#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QPushButton>
#include <QString>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <functional>
#include <optional>

#include "core/forms/TemplateEditor.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/DesignerWindow.h"
#include "ui/designer/MappingEditor.h"

namespace avocet::test {

// Clicks button as a user would and lets `act` handle the modal dialog it opens, from inside the
// dialog's exec(); act must close the dialog. True when a dialog opened.
inline bool clickAndHandleDialog(QAbstractButton* button, const std::function<void(QDialog*)>& act)
{
    bool met = false;
    QTimer timer;
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, &timer, [&] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        if (!dialog || met)
            return;
        met = true;
        timer.stop();
        act(dialog);
    });
    timer.start();
    QTest::mouseClick(button, Qt::LeftButton);
    timer.stop();
    return met;
}

// A button of a dialog by its text (Add, OK, Cancel ...), or null.
inline QAbstractButton* buttonNamed(QWidget* dialog, const QString& text)
{
    for (auto* button : dialog->findChildren<QAbstractButton*>())
        if (button->text().remove(QLatin1Char('&')) == text)
            return button;
    return nullptr;
}

struct MoodCheck
{
    QString q1, q2, support, total;
};

inline nlohmann::json phq9Options()
{
    namespace ud = avocet::ui::designer;
    ud::CodeListEditor answers(ud::CodeListEditor::Mode::AnswerOptions, nlohmann::json());
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6568-5"), QStringLiteral("Not at all"), QStringLiteral("0"));
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6569-3"), QStringLiteral("Several days"), QStringLiteral("1"));
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6570-1"), QStringLiteral("More than half the days"), QStringLiteral("2"));
    answers.addRow(QStringLiteral("http://loinc.org"), QStringLiteral("LA6571-9"), QStringLiteral("Nearly every day"), QStringLiteral("3"));
    return answers.result();
}

inline void buildMoodCheck(avocet::ui::designer::DesignerWindow& window, MoodCheck& built)
{
    namespace cf = avocet::core::forms;
    namespace ud = avocet::ui::designer;
    using nlohmann::json;
    auto& doc = window.document();
    QVERIFY(doc.edit(QStringLiteral("title"), [](cf::TemplateEditor& e) {
        if (auto s = e.setRoot("url", "https://fhir.avocet.example/Questionnaire/mood-check"); !s)
            return s;
        return e.setRoot("title", "Mood check");
    }));
    window.addItem(QStringLiteral("date"), QStringLiteral("Date completed"));
    built.q1 = window.addItem(QStringLiteral("choice"), QStringLiteral("Little interest or pleasure in doing things"));
    built.q2 = window.addItem(QStringLiteral("choice"), QStringLiteral("Feeling down, depressed, or hopeless"));
    for (const QString& id : {built.q1, built.q2})
        QVERIFY(doc.edit(QStringLiteral("answers"), [&](cf::TemplateEditor& e) {
            return e.setField(id.toStdString(), "answerOption", phq9Options());
        }));
    // enableWhen through the builder: ask for support only when item 2 is answered "Nearly every day".
    built.support = window.addItem(QStringLiteral("text"), QStringLiteral("What support would help?"));
    {
        ud::EnableWhenBuilder builder(doc.questionnaire(), built.support.toStdString());
        QCOMPARE(ud::operatorsForType(QStringLiteral("choice")).size(), 3);
        QCOMPARE(ud::operatorsForType(QStringLiteral("integer")).size(), 7);
        builder.addCondition(built.q2, QStringLiteral("="), QStringLiteral("LA6571-9"));
        const json conditions = builder.conditions();
        QCOMPARE(conditions.size(), std::size_t{1});
        QCOMPARE(conditions[0]["answerCoding"]["code"].get<std::string>(), std::string("LA6571-9"));
        QVERIFY(doc.edit(QStringLiteral("conditions"), [&](cf::TemplateEditor& e) {
            return e.setField(built.support.toStdString(), "enableWhen", conditions);
        }));
    }
    // Score through the builder.
    built.total = window.addItem(QStringLiteral("integer"), QStringLiteral("Total score"));
    {
        ud::ScoreBuilder builder(doc.questionnaire(), built.total.toStdString(), {});
        builder.setChosen({built.q1.toStdString(), built.q2.toStdString()});
        QVERIFY(builder.preview()->text().contains(QStringLiteral("ordinal().sum()")));
        QVERIFY(doc.edit(QStringLiteral("score"), [&](cf::TemplateEditor& e) {
            if (auto s = e.setCalculatedExpression(built.total.toStdString(), builder.expression().toStdString()); !s)
                return s;
            if (auto s = e.setField(built.total.toStdString(), "code",
                                    json::array({json{{"system", cf::kSnomedSystem}, {"code", "720433000"},
                                                      {"display", "Patient Health Questionnaire Nine Item score"}}}));
                !s)
                return s;
            return e.setField(built.total.toStdString(), "readOnly", true);
        }));
    }
    QCOMPARE(window.lintErrorCount(), 0);
}

// A clinician's sign-off on every entry of one EPR's mapping that loses information (omit,
// attach, append, truncate, a shared code), recorded through the mapping editor's "Clinical
// sign-off…" button as a change manager would, with the dialog pre-answered.
inline void signOffLossyEntries(avocet::ui::designer::MappingEditor& editor)
{
    const QStringList awaiting = editor.awaitingSignOff();
    QVERIFY(!awaiting.isEmpty());
    for (const QString& linkId : awaiting) {
        int row = -1;
        for (int r = 0; r < editor.items()->rowCount(); ++r)
            if (editor.items()->item(r, 0) && editor.items()->item(r, 0)->text() == linkId)
                row = r;
        QVERIFY2(row >= 0, qPrintable(linkId));
        QVERIFY(editor.items()->item(row, 5)->text().contains(QStringLiteral("needs a clinical sign-off")));
        editor.items()->setCurrentCell(row, 0);
        QVERIFY(editor.signOffButton()->isEnabled());
        QString asked;
        editor.setSignOffPrompt([&asked](const QString& item, const QString& loss) {
            asked = item + QStringLiteral(": ") + loss;
            return std::optional<avocet::ui::designer::SignOffAnswer>(
                {QStringLiteral("Test clinical safety officer"), QDate(2026, 11, 30),
                 QStringLiteral("reviewed with the EPR team for the test")});
        });
        editor.signOffButton()->click(); // the mapping tab may not be the one on show
        QVERIFY2(asked.startsWith(linkId + QStringLiteral(": ")), qPrintable(asked));
        editor.setSignOffPrompt({});
    }
    QVERIFY2(editor.awaitingSignOff().isEmpty(), qPrintable(editor.awaitingSignOff().join(QLatin1Char(','))));
    // A sign-off with a part missing is not recorded.
    QVERIFY(!editor.setSignOff(awaiting.front(), {QStringLiteral("Someone"), QDate(2026, 11, 30), QStringLiteral("  ")}));
}

// Maps the template onto Paris's (illustrative) PHQ-9 form; coverage must end complete.
inline void mapMoodCheckToParis(avocet::ui::designer::MappingEditor& paris, const MoodCheck& built)
{
    paris.createMapping(QStringLiteral("PAR_PHQ9"));
    QVERIFY(paris.coverageSummary().contains(QStringLiteral("incomplete")));
    QVERIFY(paris.setEntry(QStringLiteral("date"), QStringLiteral("map"), QStringLiteral("PHQ_DATE")));
    QVERIFY(paris.setEntry(built.q1, QStringLiteral("map"), QStringLiteral("PHQ_Q1")));
    QVERIFY(paris.setEntry(built.q2, QStringLiteral("map"), QStringLiteral("PHQ_Q2")));
    QVERIFY(paris.setEntry(built.support, QStringLiteral("omit"), {}, QStringLiteral("Paris PHQ-9 form has no free text")));
    QVERIFY(paris.setEntry(built.total, QStringLiteral("map"), QStringLiteral("PHQ_TOTAL")));
    signOffLossyEntries(paris);
    QVERIFY2(paris.isCoverageComplete(), qPrintable(paris.coverageSummary()));
    QVERIFY(paris.coverageSummary().contains(QStringLiteral("1 unmapped")));
}

} // namespace avocet::test

// Offscreen tests of the form renderer: the real widgets over the real forms engine, driven by
// keyboard and mouse as a clinician would, and compared with what the engine alone says. Saves
// screenshots of the main form states into the build's screenshots folder.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

#include "core/forms/DraftStore.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/store/ProfileStore.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/forms/AnswerControl.h"
#include "ui/forms/FormDrafts.h"
#include "ui/forms/FormView.h"
#include "ui/forms/FormWindow.h"
#include <QListWidget>

using namespace avocet;
using core::forms::FormSession;
using core::forms::Questionnaire;
using ui::forms::FormView;
using ui::forms::QuestionWidget;
using nlohmann::json;

namespace {

const char* kLformsPhq9Items[] = {"/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7",
                                  "/44258-2", "/44252-5", "/44253-3", "/44260-8"};

QString fixture(const QString& relative)
{
    return QStringLiteral(AVOCET_FIXTURES_DIR "/questionnaires/") + relative;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::unique_ptr<FormView> openFormText(std::string_view text, const QString& name)
{
    auto q = Questionnaire::fromText(text);
    if (!q)
        qWarning("cannot load %s: %s", qPrintable(name), q.message().c_str());
    if (!q)
        return nullptr;
    auto session = FormSession::open(*q);
    if (!session)
        return nullptr;
    auto view = std::make_unique<FormView>(std::move(*session));
    view->resize(960, 760);
    view->show();
    return view;
}

std::unique_ptr<FormView> openForm(const QString& path)
{
    const QByteArray text = readAll(path);
    return openFormText(std::string_view(text.constData(), std::size_t(text.size())), path);
}

// Open-choice that repeats: options to tick and any number of typed answers.
const char* kTriggersForm = R"({"resourceType":"Questionnaire","url":"https://fhir.avocet.example/Questionnaire/triggers",
  "version":"1.0.0","status":"active","title":"Relapse signature","item":[
  {"linkId":"triggers","type":"open-choice","repeats":true,"text":"What makes things worse?","answerOption":[
    {"valueCoding":{"system":"https://fhir.avocet.example/CodeSystem/trigger","code":"noise","display":"Noise"}},
    {"valueCoding":{"system":"https://fhir.avocet.example/CodeSystem/trigger","code":"crowds","display":"Crowds"}},
    {"valueCoding":{"system":"https://fhir.avocet.example/CodeSystem/trigger","code":"sleep","display":"Poor sleep"}}]}]})";

// A care plan: needs (repeating), each with its own actions (repeating).
const char* kCarePlanForm = R"({"resourceType":"Questionnaire","url":"https://fhir.avocet.example/Questionnaire/nested",
  "version":"1.0.0","status":"active","title":"Care plan","item":[
  {"linkId":"need","type":"group","text":"Need","repeats":true,"item":[
    {"linkId":"need-text","type":"string","text":"What is needed"},
    {"linkId":"action","type":"group","text":"Action","repeats":true,"item":[
      {"linkId":"action-text","type":"string","text":"Action"}]}]}]})";

// A choice whose options come from an SDC answerExpression over another answer.
const char* kLeadTeamForm = R"({"resourceType":"Questionnaire","url":"https://fhir.avocet.example/Questionnaire/lead",
  "version":"1.0.0","status":"active","title":"Referral","item":[
  {"linkId":"team","type":"choice","repeats":true,"text":"Teams involved","answerOption":[
    {"valueCoding":{"system":"urn:team","code":"cmht","display":"Community team"}},
    {"valueCoding":{"system":"urn:team","code":"eip","display":"Early intervention"}},
    {"valueCoding":{"system":"urn:team","code":"crisis","display":"Crisis team"}}]},
  {"linkId":"lead","type":"choice","text":"Lead team","extension":[{"url":
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression","valueExpression":
    {"language":"text/fhirpath","expression":"%resource.item.where(linkId = 'team').answer.value"}}]}]})";

json coding(const char* code, const char* display)
{
    return {{"valueCoding", {{"system", "https://fhir.avocet.example/CodeSystem/trigger"}, {"code", code}, {"display", display}}}};
}

QLineEdit* lineEditOf(FormView& view, const std::string& linkId, std::size_t instance)
{
    auto* question = view.questionWidget(linkId, instance);
    return question ? qobject_cast<QLineEdit*>(question->control()->focusTarget()) : nullptr;
}

QStringList typedRows(QWidget* control)
{
    QStringList out;
    for (auto* row : control->findChildren<QWidget*>(QStringLiteral("otherAnswer"))) {
        if (!row->isHidden()) // removed rows are hidden at once, deleted later
            out << row->findChild<QLineEdit*>()->text();
    }
    return out;
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    QTest::qWait(50);
    const QString path = QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}

bool hiddenByTemplate(const core::forms::QuestionnaireItem* def)
{
    for (auto* p = def; p != nullptr; p = p->parent) {
        if (p->hidden)
            return true;
    }
    return def->type == core::forms::ItemType::Display && def->itemControl == "help";
}

QString calculatedText(FormView& view, const std::string& linkId)
{
    auto* question = view.questionWidget(linkId);
    if (!question)
        return QStringLiteral("<no widget>");
    auto* edit = qobject_cast<QLineEdit*>(question->control()->focusTarget());
    return edit ? edit->text() : QStringLiteral("<no field>");
}

double numberAnswer(const FormSession& session, const std::string& linkId)
{
    auto answers = session.answers(linkId);
    if (answers.empty())
        return -1;
    const json& value = answers.front().begin().value();
    return value.is_object() ? value.value("value", -1.0) : value.get<double>();
}

// Picks a drop-down entry with the keyboard, as a clinician would: focus, Home, then Down n times.
void chooseByKeyboard(QComboBox* combo, int downPresses)
{
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < downPresses; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
}

json firstAnswer(const FormSession& session, const std::string& linkId, std::size_t instance = 0)
{
    auto answers = session.answers(linkId, instance);
    return answers.empty() ? json::object() : answers.front();
}

QRadioButton* radioLabelled(QWidget* parent, const QString& text)
{
    for (auto* b : parent->findChildren<QRadioButton*>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

} // namespace

class FormRendererTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ui::initResources();
        ui::applyTheme(*qApp);
    }

    void rendersEveryFixtureWithAWidgetPerEnabledItem()
    {
        QDirIterator it(QStringLiteral(AVOCET_FIXTURES_DIR "/questionnaires"), {QStringLiteral("*.json")}, QDir::Files,
                        QDirIterator::Subdirectories);
        int rendered = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QStringLiteral("/negative/")))
                continue;
            const json doc = json::parse(readAll(path).toStdString(), nullptr, false);
            if (doc.value("resourceType", std::string()) != "Questionnaire")
                continue; // the SDC example response is loaded in the PHQ-9 test
            auto view = openForm(path);
            QVERIFY2(view, qPrintable(path));
            QVERIFY(QTest::qWaitForWindowExposed(view.get()));
            int checked = 0;
            for (const std::string& linkId : view->session().enabledLinkIds()) {
                const auto* def = view->session().questionnaire().findItem(linkId);
                if (hiddenByTemplate(def))
                    continue;
                auto* widget = view->itemWidget(linkId);
                QVERIFY2(widget, qPrintable(path + QStringLiteral(": no widget for ") + QString::fromStdString(linkId)));
                QVERIFY2(!widget->isHidden(), qPrintable(path + QStringLiteral(": hidden ") + QString::fromStdString(linkId)));
                ++checked;
            }
            // Disabled items have no visible widget.
            for (auto* widget : view->itemWidgets()) {
                if (!view->session().isEnabled(widget->item().linkId, widget->instance()))
                    QVERIFY(widget->isHidden() || !widget->isEnabled());
            }
            QVERIFY2(checked > 0, qPrintable(path));
            ++rendered;
        }
        QVERIFY(rendered >= 11);
    }

    void lformsPhq9ScoresZeroAndTwentySevenThroughTheDropDowns()
    {
        auto view = openForm(fixture(QStringLiteral("lforms/phq9.json")));
        QVERIFY(view);
        for (const char* item : kLformsPhq9Items) {
            auto* combo = view->questionWidget(item)->findChild<QComboBox*>();
            QVERIFY(combo);
            chooseByKeyboard(combo, 4); // "Nearly every day", ordinal 3
        }
        QCOMPARE(numberAnswer(view->session(), "/44261-6"), 27.0);
        QCOMPARE(calculatedText(*view, "/44261-6"), QStringLiteral("27"));
        QVERIFY(view->scoreStrip()->text().contains(QStringLiteral(": 27")));
        view->resize(960, 1100);
        saveScreenshot(*view, QStringLiteral("form-phq9-filled.png"));
        for (const char* item : kLformsPhq9Items)
            chooseByKeyboard(view->questionWidget(item)->findChild<QComboBox*>(), 1); // "Not at all"
        QCOMPARE(numberAnswer(view->session(), "/44261-6"), 0.0);
        QCOMPARE(calculatedText(*view, "/44261-6"), QStringLiteral("0"));
    }

    // The shipped PHQ-9 follows its published rule: a blank form has no total (never 0), seven of
    // nine are prorated, and a declined item 9 (never estimated) leaves no total; the note under
    // the total says which, in words.
    void aPhq9WithMissingOrDeclinedItemsSaysSoUnderTheTotal()
    {
        auto view = openForm(QStringLiteral(AVOCET_SOURCE_DIR "/resources/templates/phq9-outcome-1.0.0.json"));
        QVERIFY(view);
        auto* total = view->questionWidget("phq9-total");
        QVERIFY(total);
        auto* note = total->findChild<QLabel*>(QStringLiteral("scoreNote"));
        QVERIFY(note);
        QCOMPARE(calculatedText(*view, "phq9-total"), QStringLiteral("Not yet known"));
        QVERIFY(!note->isHidden());
        QCOMPARE(note->text(), QStringLiteral("0 of 9 answered: no total yet."));
        const auto choose = [&](const std::string& linkId, const QString& display) {
            auto* question = view->questionWidget(linkId);
            QVERIFY(question);
            if (auto* radio = radioLabelled(question, display)) {
                radio->click();
                return;
            }
            auto* combo = question->findChild<QComboBox*>();
            QVERIFY2(combo, linkId.c_str());
            const int index = combo->findText(display);
            QVERIFY2(index >= 0, qPrintable(display));
            combo->setCurrentIndex(index);
        };
        for (int i = 1; i <= 7; ++i)
            choose("phq9-" + std::to_string(i), QStringLiteral("Several days"));
        choose("phq9-9", QStringLiteral("Not at all"));
        QCOMPARE(calculatedText(*view, "phq9-total"), QStringLiteral("8")); // 7 over 8 answered: 7 x 9 / 8 = 7.875
        QCOMPARE(note->text(), QStringLiteral("8 of 9 answered: total estimated from the answered items, as the "
                                              "published rule allows."));
        choose("phq9-9", QStringLiteral("Declined to answer"));
        QCOMPARE(calculatedText(*view, "phq9-total"), QStringLiteral("Not yet known"));
        QCOMPARE(note->text(), QStringLiteral("7 of 9 answered; declined: item 9: no total, because item 9 is never "
                                              "estimated."));
        view->resize(960, 1400);
        saveScreenshot(*view, QStringLiteral("form-phq9-item9-declined.png"));
    }

    void sdcPhq9ScoresLiveAsRadioButtonsAreClicked()
    {
        auto view = openForm(fixture(QStringLiteral("sdc-example/Questionnaire-sdc-example-PHQ9.json")));
        QVERIFY(view);
        int clicked = 0;
        for (int i = 1; i <= 9; ++i) {
            const std::string linkId = "H1/T1/Q" + std::to_string(i);
            auto* button = radioLabelled(view->questionWidget(linkId), QStringLiteral("Nearly every day"));
            QVERIFY(button);
            QTest::mouseClick(button, Qt::LeftButton);
            ++clicked;
            QCOMPARE(numberAnswer(view->session(), "H1/TS"), 3.0 * clicked); // live, after every click
        }
        QCOMPARE(numberAnswer(view->session(), "H1/TS"), 27.0);
        QVERIFY(calculatedText(*view, "H1/TS").startsWith(QStringLiteral("27")));
        for (int i = 1; i <= 9; ++i) {
            const std::string linkId = "H1/T1/Q" + std::to_string(i);
            QTest::mouseClick(radioLabelled(view->questionWidget(linkId), QStringLiteral("Not at all")), Qt::LeftButton);
        }
        QCOMPARE(numberAnswer(view->session(), "H1/TS"), 0.0);
        // The widgets produce the same response as the engine alone given the same answers.
        const QByteArray text = readAll(fixture(QStringLiteral("sdc-example/Questionnaire-sdc-example-PHQ9.json")));
        auto q = Questionnaire::fromText(std::string_view(text.constData(), std::size_t(text.size())));
        auto engineOnly = FormSession::open(*q);
        for (int i = 1; i <= 9; ++i)
            QVERIFY(engineOnly->chooseOption("H1/T1/Q" + std::to_string(i), "Not-at-all").ok());
        QCOMPARE(QString::fromStdString(view->session().responseItems().dump()),
                 QString::fromStdString(engineOnly->responseItems().dump()));
    }

    void sdcExampleResponseLoadsIntoTheWidgets()
    {
        const QByteArray qText = readAll(fixture(QStringLiteral("sdc-example/Questionnaire-sdc-example-PHQ9.json")));
        auto q = Questionnaire::fromText(std::string_view(qText.constData(), std::size_t(qText.size())));
        auto session = FormSession::open(*q);
        const json response = json::parse(readAll(fixture(QStringLiteral("sdc-example/QuestionnaireResponse-sdc-example-PHQ9.json"))).toStdString());
        QVERIFY(core::forms::QuestionnaireResponseCodec::read(*session, response).ok());
        const double expected = numberAnswer(*session, "H1/TS");
        FormView view(std::move(*session));
        QVERIFY(expected >= 0);
        QVERIFY(calculatedText(view, "H1/TS").startsWith(QString::number(expected)));
        int checked = 0;
        for (auto* b : view.findChildren<QRadioButton*>())
            checked += b->isChecked() ? 1 : 0;
        QCOMPARE(checked, 9);
    }

    void enableWhenShowsAndHidesTheDependentQuestion()
    {
        auto view = openForm(fixture(QStringLiteral("android-fhir/behavior_skip_logic.json")));
        QVERIFY(view);
        auto* dependent = view->itemWidget("1.1");
        QVERIFY(dependent);
        QVERIFY(dependent->isHidden());
        QTest::mouseClick(radioLabelled(view->questionWidget("1.0"), QStringLiteral("Yes")), Qt::LeftButton);
        QVERIFY(!dependent->isHidden());
        QTest::mouseClick(radioLabelled(view->questionWidget("1.0"), QStringLiteral("No")), Qt::LeftButton);
        QVERIFY(dependent->isHidden());
        // Clicking the chosen radio again clears the answer (radios here can be unset).
        QTest::mouseClick(radioLabelled(view->questionWidget("1.0"), QStringLiteral("No")), Qt::LeftButton);
        QVERIFY(view->session().answers("1.0").empty());
    }

    void disabledAnswersAreKeptOnScreenButNotSubmitted()
    {
        auto view = openForm(fixture(QStringLiteral("android-fhir/behavior_skip_logic.json")));
        QTest::mouseClick(radioLabelled(view->questionWidget("1.0"), QStringLiteral("Yes")), Qt::LeftButton);
        auto* date = qobject_cast<QLineEdit*>(view->questionWidget("1.1")->control()->focusTarget());
        QVERIFY(date);
        QTest::keyClicks(date, QStringLiteral("01/10/2024"));
        QVERIFY(firstAnswer(view->session(), "1.1")["valueDate"] == "2024-10-01");
        QVERIFY(view->session().responseItems().dump().find("2024-10-01") != std::string::npos);
        QTest::mouseClick(radioLabelled(view->questionWidget("1.0"), QStringLiteral("No")), Qt::LeftButton);
        QVERIFY(view->session().responseItems().dump().find("2024-10-01") == std::string::npos);
    }

    void repeatingGroupAddsAndRemovesCopies()
    {
        auto view = openForm(fixture(QStringLiteral("android-fhir/component_repeated_group.json")));
        QVERIFY(view);
        QCOMPARE(view->session().instanceCount("1"), std::size_t(1));
        QPushButton* add = view->addButton("1");
        QVERIFY(add);
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_COMPARE(view->session().instanceCount("1"), std::size_t(2));
        QTRY_VERIFY(view->itemWidget("1-1", 1) != nullptr);
        auto* secondDate = qobject_cast<QLineEdit*>(view->questionWidget("1-1", 1)->control()->focusTarget());
        QTest::keyClicks(secondDate, QStringLiteral("2024-03-02"));
        QVERIFY(firstAnswer(view->session(), "1-1", 1)["valueDate"] == "2024-03-02");
        QVERIFY(view->session().answers("1-1", 0).empty());

        auto* group = view->itemWidget("1", 0);
        auto* remove = group->findChild<QPushButton*>(QStringLiteral("removeInstance"));
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE(view->session().instanceCount("1"), std::size_t(1));
        // The remaining copy is the one with the answer, and it is shown.
        QVERIFY(firstAnswer(view->session(), "1-1", 0)["valueDate"] == "2024-03-02");
        QTRY_VERIFY(view->questionWidget("1-1", 0) != nullptr);
        auto* date = qobject_cast<QLineEdit*>(view->questionWidget("1-1", 0)->control()->focusTarget());
        QCOMPARE(date->text(), QStringLiteral("02/03/2024"));
        QVERIFY(view->itemWidget("1-1", 1) == nullptr);
    }

    void openChoiceThatRepeatsTakesSeveralOptionsAndTypedAnswers()
    {
        auto view = openFormText(kTriggersForm, QStringLiteral("triggers"));
        QVERIFY(view);
        QuestionWidget* question = view->questionWidget("triggers");
        QVERIFY(question);
        QWidget* control = question->control();
        auto boxes = control->findChildren<QCheckBox*>();
        QCOMPARE(boxes.size(), 3);
        auto* entry = control->findChild<QLineEdit*>(QStringLiteral("otherAnswerEntry"));
        auto* add = control->findChild<QPushButton*>(QStringLiteral("addOtherAnswer"));
        QVERIFY(entry && add);
        QVERIFY(!entry->accessibleName().isEmpty());

        QTest::mouseClick(boxes[0], Qt::LeftButton); // Noise
        QTest::mouseClick(boxes[1], Qt::LeftButton); // Crowds
        QTest::keyClicks(entry, QStringLiteral("Being alone at night"));
        QTest::keyClick(entry, Qt::Key_Return);
        QCOMPARE(entry->text(), QString());
        QTest::keyClicks(entry, QStringLiteral("Anniversaries"));
        QTest::mouseClick(add, Qt::LeftButton);
        QTest::keyClicks(entry, QStringLiteral("poor SLEEP")); // names an option: ticks it, no typed copy
        QTest::keyClick(entry, Qt::Key_Return);
        QTest::keyClicks(entry, QStringLiteral("anniversaries")); // already typed: not added twice
        QTest::keyClick(entry, Qt::Key_Return);
        QVERIFY(boxes[2]->isChecked());
        QCOMPARE(typedRows(control), (QStringList{QStringLiteral("Being alone at night"), QStringLiteral("Anniversaries")}));

        const std::vector<json> expected{coding("noise", "Noise"), coding("crowds", "Crowds"), coding("sleep", "Poor sleep"),
                                         json{{"valueString", "Being alone at night"}},
                                         json{{"valueString", "Anniversaries"}}};
        QCOMPARE(QString::fromStdString(json(view->session().answers("triggers")).dump()),
                 QString::fromStdString(json(expected).dump()));
        // The widgets' response equals the engine's for the same answers.
        auto engineOnly = FormSession::open(view->session().questionnaire());
        QVERIFY(engineOnly.ok());
        QVERIFY(engineOnly->setAnswers("triggers", expected).ok());
        QCOMPARE(QString::fromStdString(view->session().responseItems().dump()),
                 QString::fromStdString(engineOnly->responseItems().dump()));
        view->resize(760, 420);
        saveScreenshot(*view, QStringLiteral("form-open-choice-repeats.png"));

        // Editing a typed answer, then removing one, updates the session.
        QLineEdit* firstTyped = control->findChildren<QWidget*>(QStringLiteral("otherAnswer")).at(0)->findChild<QLineEdit*>();
        firstTyped->selectAll();
        QTest::keyClicks(firstTyped, QStringLiteral("Being alone"));
        QVERIFY(view->session().answers("triggers").at(3)["valueString"] == "Being alone");
        QToolButton* remove = control->findChildren<QWidget*>(QStringLiteral("otherAnswer")).at(1)->findChild<QToolButton*>();
        QVERIFY(remove->accessibleName().contains(QStringLiteral("Anniversaries")));
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(view->session().answers("triggers").size(), std::size_t(4));
        QTest::mouseClick(boxes[1], Qt::LeftButton); // untick Crowds
        QCOMPARE(view->session().answers("triggers").size(), std::size_t(3));

        // Round trip through a QuestionnaireResponse into a new form: ticks and typed lines come back.
        core::forms::ResponseHeader header;
        auto response = core::forms::QuestionnaireResponseCodec::write(view->session(), header);
        QVERIFY(response.ok());
        auto again = FormSession::open(view->session().questionnaire());
        QVERIFY(again.ok());
        QVERIFY(core::forms::QuestionnaireResponseCodec::read(*again, *response).ok());
        FormView reopened(std::move(*again));
        reopened.show();
        QWidget* control2 = reopened.questionWidget("triggers")->control();
        auto boxes2 = control2->findChildren<QCheckBox*>();
        QVERIFY(boxes2[0]->isChecked() && !boxes2[1]->isChecked() && boxes2[2]->isChecked());
        QCOMPARE(typedRows(control2), QStringList{QStringLiteral("Being alone")});
        QCOMPARE(QString::fromStdString(reopened.session().responseItems().dump()),
                 QString::fromStdString(view->session().responseItems().dump()));
    }

    void nestedRepeatingGroupsAddInsideTheirOwnOuterCopy()
    {
        auto view = openFormText(kCarePlanForm, QStringLiteral("care plan"));
        QVERIFY(view);
        QTest::mouseClick(view->addButton("need"), Qt::LeftButton);
        QTRY_COMPARE(view->session().instanceCount("need"), std::size_t(2));
        QTRY_VERIFY(view->addButton("action", 1) != nullptr); // every need has its own "Add another action"
        QTest::keyClicks(lineEditOf(*view, "action-text", 0), QStringLiteral("Call the council"));
        QTest::keyClicks(lineEditOf(*view, "action-text", 1), QStringLiteral("CV workshop"));

        QTest::mouseClick(view->addButton("action", 0), Qt::LeftButton); // a second action for the FIRST need
        QTRY_COMPARE(view->session().instanceCount("action"), std::size_t(3));
        QTRY_VERIFY(lineEditOf(*view, "action-text", 1) != nullptr);
        QCOMPARE(lineEditOf(*view, "action-text", 2)->text(), QStringLiteral("CV workshop"));
        QTest::keyClicks(lineEditOf(*view, "action-text", 1), QStringLiteral("Book a viewing"));
        QVERIFY(view->itemWidget("need", 0)->isAncestorOf(view->itemWidget("action", 1)));
        QVERIFY(view->itemWidget("need", 1)->isAncestorOf(view->itemWidget("action", 2)));

        const json items = view->session().responseItems();
        QCOMPARE(int(items.size()), 2);
        QCOMPARE(int(items[0]["item"].size()), 2); // both actions of the first need
        QCOMPARE(int(items[1]["item"].size()), 1);
        QVERIFY(items[0]["item"][1]["item"][0]["answer"][0]["valueString"] == "Book a viewing");
        QVERIFY(items[1]["item"][0]["item"][0]["answer"][0]["valueString"] == "CV workshop");

        // The second need's only action offers no Remove; the first need's two actions do.
        QVERIFY(view->itemWidget("action", 2)->findChild<QPushButton*>(QStringLiteral("removeInstance")) == nullptr);
        auto* remove = view->itemWidget("action", 0)->findChild<QPushButton*>(QStringLiteral("removeInstance"));
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE(view->session().instanceCount("action"), std::size_t(2));
        QTRY_VERIFY(lineEditOf(*view, "action-text", 0) != nullptr);
        QCOMPARE(lineEditOf(*view, "action-text", 0)->text(), QStringLiteral("Book a viewing"));
        QCOMPARE(lineEditOf(*view, "action-text", 1)->text(), QStringLiteral("CV workshop"));
        saveScreenshot(*view, QStringLiteral("form-nested-repeating-groups.png"));
    }

    void answerExpressionChoicesFollowTheAnswersTheyAreWorkedOutFrom()
    {
        auto view = openFormText(kLeadTeamForm, QStringLiteral("lead team"));
        QVERIFY(view);
        auto* lead = view->questionWidget("lead")->findChild<QComboBox*>();
        QVERIFY(lead);
        QCOMPARE(lead->count(), 1); // only "Choose…" until a team is ticked
        auto teams = view->questionWidget("team")->findChildren<QCheckBox*>();
        QCOMPARE(teams.size(), 3);
        QTest::mouseClick(teams[0], Qt::LeftButton);
        QTest::mouseClick(teams[2], Qt::LeftButton);
        QCOMPARE(lead->count(), 3);
        QCOMPARE(lead->itemText(2), QStringLiteral("Crisis team"));
        chooseByKeyboard(lead, 2);
        QVERIFY(firstAnswer(view->session(), "lead")["valueCoding"]["code"] == "crisis");
        QVERIFY(view->session().issuesFor("lead").empty());

        // Crisis team is no longer involved: it leaves the list and the kept answer is flagged.
        QTest::mouseClick(teams[2], Qt::LeftButton);
        QCOMPARE(lead->count(), 2);
        QCOMPARE(view->session().issuesFor("lead").size(), std::size_t(1));
        QVERIFY(view->questionWidget("lead")->problemLabel()->text().contains(QStringLiteral("not one of the choices")));
    }

    void markCompleteIsOnlyAvailableWhenTheFormIsValid()
    {
        auto view = openForm(fixture(QStringLiteral("researchkit/GAD-7.json")));
        QVERIFY(view);
        QVERIFY(!view->completeButton()->isEnabled());
        QVERIFY(!view->session().isComplete());
        std::vector<std::string> required;
        for (const auto* def : view->session().questionnaire().allItems()) {
            if (def->required && def->isQuestion())
                required.push_back(def->linkId);
        }
        QVERIFY(!required.empty());
        for (std::size_t i = 0; i < required.size(); ++i) {
            QVERIFY(!view->completeButton()->isEnabled());
            auto buttons = view->questionWidget(required[i])->findChildren<QRadioButton*>();
            QVERIFY(!buttons.isEmpty());
            QTest::mouseClick(buttons.at(qsizetype(i % std::size_t(buttons.size()))), Qt::LeftButton);
        }
        QVERIFY(view->session().isComplete());
        QVERIFY(view->completeButton()->isEnabled());
        saveScreenshot(*view, QStringLiteral("form-gad7.png"));
        QSignalSpy completed(view.get(), &FormView::completed);
        QTest::mouseClick(view->completeButton(), Qt::LeftButton);
        QCOMPARE(completed.count(), 1);
        QVERIFY(view->completedResponse()["status"] == "completed");
    }

    void everyControlWorksAndProblemsShowBesideTheirItems()
    {
        auto view = openForm(QStringLiteral(AVOCET_FORMS_TEST_DIR "/every-control.json"));
        QVERIFY(view);
        QVERIFY(view->pages());
        QCOMPARE(view->pages()->count(), 3);
        QVERIFY(view->itemWidget("hidden-flag") == nullptr); // questionnaire-hidden
        QVERIFY(view->itemWidget("seen-where")->isHidden());
        QTest::mouseClick(radioLabelled(view->questionWidget("seen-at"), QStringLiteral("Somewhere else")), Qt::LeftButton);
        QVERIFY(!view->itemWidget("seen-where")->isHidden());
        auto* nhs = qobject_cast<QLineEdit*>(view->questionWidget("nhs-number")->control()->focusTarget());
        QCOMPARE(nhs->placeholderText(), QStringLiteral("999 999 9999"));
        QTest::keyClicks(nhs, QStringLiteral("12345"));
        QVERIFY(view->questionWidget("nhs-number")->problemLabel()->isVisibleTo(view.get())); // regex
        auto* date = qobject_cast<QLineEdit*>(view->questionWidget("visit-date")->control()->focusTarget());
        QTest::keyClicks(date, QStringLiteral("31/02/2024"));
        QVERIFY(view->questionWidget("visit-date")->problemLabel()->text().contains(QStringLiteral("real date")));
        auto* ref = qobject_cast<QLineEdit*>(view->questionWidget("internal-ref")->control()->focusTarget());
        QVERIFY(ref->isReadOnly());
        QCOMPARE(ref->text(), QStringLiteral("AV-TEST-0001"));
        QVERIFY(!view->completeButton()->isEnabled());
        view->showAllIssues();
        saveScreenshot(*view, QStringLiteral("form-validation-errors.png"));

        // Page two: slider, units, check boxes, drop-down, autocomplete.
        view->pages()->setCurrentIndex(1);
        auto* slider = view->questionWidget("mood")->findChild<QSlider*>();
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_Right);
        QTest::keyClick(slider, Qt::Key_Right);
        QVERIFY(firstAnswer(view->session(), "mood")["valueInteger"] == 2);
        auto* sleep = qobject_cast<QLineEdit*>(view->questionWidget("sleep")->control()->focusTarget());
        QTest::keyClicks(sleep, QStringLiteral("30"));
        QVERIFY(view->questionWidget("sleep")->problemLabel()->isVisibleTo(view.get())); // above maxValue
        sleep->clear();
        QTest::keyClicks(sleep, QStringLiteral("7.5"));
        QVERIFY(!view->questionWidget("sleep")->problemLabel()->isVisibleTo(view.get()));
        auto* weight = qobject_cast<QLineEdit*>(view->questionWidget("weight")->control()->focusTarget());
        QTest::keyClicks(weight, QStringLiteral("72.5"));
        QVERIFY(firstAnswer(view->session(), "weight")["valueQuantity"]["code"] == "kg");
        auto boxes = view->questionWidget("supports")->findChildren<QCheckBox*>();
        QCOMPARE(boxes.size(), 3);
        QTest::mouseClick(boxes[0], Qt::LeftButton);
        QTest::mouseClick(boxes[2], Qt::LeftButton);
        QCOMPARE(view->session().answers("supports").size(), std::size_t(2));
        chooseByKeyboard(view->questionWidget("team")->findChild<QComboBox*>(), 2);
        QVERIFY(firstAnswer(view->session(), "team")["valueString"] == "Crisis team");
        auto* gp = view->questionWidget("gp-practice")->findChild<QComboBox*>();
        QVERIFY(gp->isEditable());
        gp->setFocus();
        QTest::keyClicks(gp->lineEdit(), QStringLiteral("Southend Surgery"));
        QTest::keyClick(gp->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE(view->session().answers("gp-practice").size(), std::size_t(1));
        QVERIFY(firstAnswer(view->session(), "gp-practice")["valueCoding"]["code"] == "F81003");
        saveScreenshot(*view, QStringLiteral("form-every-control-page2.png"));

        // Page three: a gtable with rows and tabs.
        view->pages()->setCurrentIndex(2);
        QTest::mouseClick(view->addButton("meds"), Qt::LeftButton);
        QTRY_COMPARE(view->session().instanceCount("meds"), std::size_t(2));
        QTRY_VERIFY(view->questionWidget("med-name", 1) != nullptr);
        QTest::keyClicks(qobject_cast<QLineEdit*>(view->questionWidget("med-name", 1)->control()->focusTarget()),
                         QStringLiteral("Sertraline"));
        QVERIFY(firstAnswer(view->session(), "med-name", 1)["valueString"] == "Sertraline");
        QTRY_COMPARE(view->pages()->currentIndex(), 2); // the rebuild stays on this page
        saveScreenshot(*view, QStringLiteral("form-every-control-page3.png"));
    }

    void everyControlHasAnAccessibleName()
    {
        auto view = openForm(QStringLiteral(AVOCET_FORMS_TEST_DIR "/every-control.json"));
        for (auto* w : view->findChildren<QWidget*>()) {
            const bool input = qobject_cast<QLineEdit*>(w) || qobject_cast<QComboBox*>(w) ||
                               qobject_cast<QAbstractButton*>(w) || qobject_cast<QSlider*>(w);
            if (!input || w->focusPolicy() == Qt::NoFocus || qobject_cast<QComboBox*>(w->parentWidget()))
                continue;
            const bool named = !w->accessibleName().isEmpty() ||
                               (qobject_cast<QAbstractButton*>(w) && !qobject_cast<QAbstractButton*>(w)->text().isEmpty());
            QVERIFY2(named, qPrintable(QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(' ') +
                                       w->parentWidget()->property("linkId").toString()));
        }
    }

    void bitOfEverythingScreenshot()
    {
        auto view = openForm(fixture(QStringLiteral("lforms/bit-of-everything.json")));
        QVERIFY(view);
        view->resize(960, 1400);
        saveScreenshot(*view, QStringLiteral("form-bit-of-everything.png"));
    }

    void draftSurvivesTheFormBeingClosedAndReopens()
    {
        QTemporaryDir dir(QStringLiteral(AVOCET_UI_TEST_TMP "/form-draft-XXXXXX"));
        QVERIFY(dir.isValid());
        core::store::ProfileStore profiles(dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(profiles.create("f.nightingale", "correct horse battery", core::crypto::KdfParams::minimal()).ok());
        ui::Session session(profiles);
        bool unlocked = false;
        session.unlock(QStringLiteral("f.nightingale"), QStringLiteral("correct horse battery"), &session,
                       [&](ui::Reply<ui::Done> reply) { unlocked = reply.ok(); });
        QTRY_VERIFY(unlocked);
        ui::forms::FormDrafts drafts(session);

        const QString draftId = QString::fromStdString(core::forms::DraftStore::newId());
        json before;
        {
            auto view = openForm(fixture(QStringLiteral("lforms/phq9.json")));
            view->attachDrafts(&drafts, draftId, QStringLiteral("patient-test-1"));
            QSignalSpy saved(view.get(), &FormView::draftSaved);
            chooseByKeyboard(view->questionWidget(kLformsPhq9Items[0])->findChild<QComboBox*>(), 3);
            chooseByKeyboard(view->questionWidget(kLformsPhq9Items[8])->findChild<QComboBox*>(), 2);
            QVERIFY(view->hasUnsavedChanges());
            QTRY_VERIFY_WITH_TIMEOUT(saved.count() >= 1, 2000); // within two seconds of the change
            QVERIFY(!view->hasUnsavedChanges());
            QVERIFY(view->saveStatusText().startsWith(QStringLiteral("Draft saved")));
            // A last change, then the form is closed at once: the destructor queues the save.
            chooseByKeyboard(view->questionWidget(kLformsPhq9Items[4])->findChild<QComboBox*>(), 4);
            before = view->session().responseItems();
        }
        std::optional<core::forms::Draft> loaded;
        drafts.load(draftId, &session, [&](ui::Reply<std::optional<core::forms::Draft>> reply) {
            QVERIFY(reply.ok());
            loaded = std::move(reply.value);
        });
        QTRY_VERIFY(loaded.has_value());
        auto restored = core::forms::DraftStore::restore(*loaded);
        QVERIFY(restored.ok());
        FormView view(std::move(*restored));
        QCOMPARE(QString::fromStdString(view.session().responseItems().dump()), QString::fromStdString(before.dump()));
        QCOMPARE(view.questionWidget(kLformsPhq9Items[0])->findChild<QComboBox*>()->currentIndex(), 3);
        QCOMPARE(view.questionWidget(kLformsPhq9Items[4])->findChild<QComboBox*>()->currentIndex(), 4);
        QCOMPARE(calculatedText(view, "/44261-6"), QString::number(numberAnswer(view.session(), "/44261-6")));
        QVERIFY(loaded->summary.patientId == "patient-test-1");

        // The form window: built-in templates are listed; a started form is saved when the session
        // locks (the lock path calls saveNow()), the window closes, and the draft is offered again.
        if (ui::forms::FormWindow::builtInTemplates().isEmpty()) { // resources/templates not in this checkout
            session.lock();
            QSKIP("no built-in templates to open in the form window");
        }
        QPointer<ui::forms::FormWindow> window = new ui::forms::FormWindow(drafts, QStringLiteral("patient-test-2"), QStringLiteral("TEST, Patient"));
        window->show();
        QTRY_VERIFY(window->formList()->count() == ui::forms::FormWindow::builtInTemplates().size());
        // The CPA review: a transfer-of-care document would first read the patient's record, and this
        // test's patient is not held in the cache (ui.TransferOfCare opens those).
        QListWidgetItem* cpaReview = nullptr;
        for (int row = 0; row < window->formList()->count() && !cpaReview; ++row)
            if (window->formList()->item(row)->text().contains(QStringLiteral("(CPA) review")))
                cpaReview = window->formList()->item(row);
        QVERIFY(cpaReview);
        Q_EMIT window->formList()->itemActivated(cpaReview);
        QTRY_VERIFY(window->formView() != nullptr);
        auto* first = window->formView()->itemWidgets().front();
        QVERIFY(first);
        QVERIFY(window->formView()->session().enabledLinkIds().size() > 0);
        QLineEdit* anyEdit = nullptr; // the first field a person can type in (not a calculated total)
        for (auto* edit : window->formView()->findChildren<QLineEdit*>())
            if (!anyEdit && !edit->isReadOnly() && edit->isEnabled())
                anyEdit = edit;
        QVERIFY(anyEdit);
        QTest::keyClicks(anyEdit, QStringLiteral("01/02/2025"));
        QVERIFY(window->formView()->hasUnsavedChanges());
        QVERIFY(window->saveNow()); // what MainWindow::lockSession does first
        session.lock();
        QTRY_VERIFY(window.isNull()); // closed (and deleted) when the session locked
        bool again = false;
        session.unlock(QStringLiteral("f.nightingale"), QStringLiteral("correct horse battery"), &session,
                       [&](ui::Reply<ui::Done> reply) { again = reply.ok(); });
        QTRY_VERIFY(again);
        std::vector<core::forms::DraftSummary> listed;
        bool done = false;
        drafts.listForPatient(QStringLiteral("patient-test-2"), &session, [&](ui::Reply<std::vector<core::forms::DraftSummary>> reply) {
            listed = reply.value;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(listed.size(), std::size_t(1));
        session.lock();
    }
};

QTEST_MAIN(FormRendererTest)
#include "FormRendererTest.moc"

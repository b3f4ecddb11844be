// Offscreen UI tests that act as a clinician does, through the keyboard and the real widgets: every
// question of every shipped template answered to its last option by keyboard alone, one forms window
// per patient, the patient banner on every form, where a completed form goes, a form reopened after
// lock and unlock, the guard that keeps the session alive when an action throws, search by part of a
// name and by an NHS number typed with dashes, the demo's alerts backed by its history, Help; a PHQ-9
// completed with item 9 scored raises its alert on the patient screen at once, with no sync.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QSet>
#include <QTextBrowser>
#include <QTimeZone>
#include <QTreeWidget>

#include <memory>
#include <stdexcept>

#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "ui/ActionGuard.h"
#include "ui/CaseloadView.h"
#include "ui/DemoCaseload.h"
#include "ui/EmbeddedResource.h"
#include "ui/MainWindow.h"
#include "ui/PatientBanner.h"
#include "ui/PatientListView.h"
#include "ui/PatientTableModel.h"
#include "ui/PatientView.h"
#include "ui/Session.h"
#include "ui/SessionClock.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/forms/AnswerControl.h"
#include "ui/forms/FormItemWidget.h"
#include "ui/forms/FormView.h"
#include "ui/forms/FormWindow.h"
#include "ui/history/PatientFormsView.h"
#include "ui/sync/DeliveryStatusView.h"
#include "ui/sync/SyncController.h"
#include "ui/sync/SyncStatusWidget.h"
#include "ui/sync/SyncUi.h"

using namespace avocet;
using ui::MainWindow;
using ui::forms::FormView;
using ui::forms::FormWindow;
using ui::forms::QuestionWidget;

namespace {

constexpr const char* kUser = "a.okafor";
constexpr const char* kPassphrase = "kingfisher over the estuary";

class FakeClock final : public ui::SessionClock
{
public:
    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(9, 0), Qt::UTC);
    qint64 m_monotonic = 1'000'000;
};

void saveScreenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    QTest::qWait(50);
    const QString path = QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}

std::unique_ptr<FormView> openTemplate(const QString& path)
{
    const auto text = ui::readEmbeddedResource(path);
    if (!text)
        return nullptr;
    auto q = core::forms::Questionnaire::fromText(std::string_view(text->constData(), std::size_t(text->size())));
    if (!q)
        return nullptr;
    auto session = core::forms::FormSession::open(*q);
    if (!session)
        return nullptr;
    auto view = std::make_unique<FormView>(std::move(*session));
    view->resize(1000, 760);
    view->show();
    return view;
}

// The buttons of a question's answer control, in the order they are shown.
QList<QAbstractButton*> buttonsOf(QuestionWidget* question)
{
    QList<QAbstractButton*> out;
    for (auto* b : question->control()->findChildren<QAbstractButton*>())
        if (qobject_cast<QRadioButton*>(b) || qobject_cast<QCheckBox*>(b))
            out << b;
    return out;
}

QString answerKey(const nlohmann::json& answer)
{
    for (auto it = answer.begin(); it != answer.end(); ++it)
        if (it.key().rfind("value", 0) == 0)
            return QString::fromStdString(it.value().is_object() ? it.value().value("code", it.value().dump())
                                                                 : it.value().dump());
    return {};
}

// Answers one question by keyboard only: focus arrives as Tab brings it (the control's tab stop),
// arrows move to the last option, Space ticks a check box. Returns what went wrong, empty when fine.
QString answerLastOptionByKeyboard(FormView& view, QuestionWidget* question)
{
    const auto& item = question->item();
    QWidget* target = question->control()->focusTarget();
    if (!target)
        return QStringLiteral("%1: no focus target").arg(QString::fromStdString(item.linkId));
    if (!(target->focusPolicy() & Qt::TabFocus))
        return QStringLiteral("%1: not reachable with Tab").arg(QString::fromStdString(item.linkId));
    target->setFocus(Qt::TabFocusReason);
    if (!target->hasFocus())
        return QStringLiteral("%1: focus refused").arg(QString::fromStdString(item.linkId));
    const auto buttons = buttonsOf(question);
    if (auto* combo = qobject_cast<QComboBox*>(target)) {
        for (int i = 0; i < combo->count() + 1; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        const auto answers = view.session().answers(item.linkId, question->instance());
        if (answers.empty())
            return QStringLiteral("%1: the drop-down took no answer").arg(QString::fromStdString(item.linkId));
        return {};
    }
    if (buttons.isEmpty())
        return {};
    const bool checkBoxes = qobject_cast<QCheckBox*>(buttons.front()) != nullptr;
    QScrollArea* scroll = nullptr;
    for (QWidget* w = question; w && !scroll; w = w->parentWidget())
        scroll = qobject_cast<QScrollArea*>(w);
    for (int i = 0; i < buttons.size() + 1; ++i) { // one more than needed: the last press must stay put
        QWidget* focused = QApplication::focusWidget();
        const int scrolled = scroll ? scroll->verticalScrollBar()->value() : 0;
        QTest::keyClick(focused, Qt::Key_Down);
        if (scroll && scroll->verticalScrollBar()->value() != scrolled && i == buttons.size())
            return QStringLiteral("%1: Down at the last option scrolled the form").arg(QString::fromStdString(item.linkId));
    }
    if (QApplication::focusWidget() != buttons.last())
        return QStringLiteral("%1: arrows did not reach the last option").arg(QString::fromStdString(item.linkId));
    if (checkBoxes)
        QTest::keyClick(buttons.last(), Qt::Key_Space);
    if (!buttons.last()->isChecked())
        return QStringLiteral("%1: the last option is not chosen").arg(QString::fromStdString(item.linkId));
    const auto answers = view.session().answers(item.linkId, question->instance());
    const auto& options = item.answerOptions;
    if (!options.empty()) {
        const QString last = answerKey(nlohmann::json{{options.back().valueKey, options.back().value}});
        bool found = false;
        for (const auto& a : answers)
            found = found || answerKey(a) == last;
        if (!found)
            return QStringLiteral("%1: the form did not record the last option").arg(QString::fromStdString(item.linkId));
    }
    // A single answer is one Tab stop: Tab leaves the question instead of visiting each option.
    if (!checkBoxes) {
        QTest::keyClick(buttons.last(), Qt::Key_Tab);
        if (buttons.contains(qobject_cast<QAbstractButton*>(QApplication::focusWidget())))
            return QStringLiteral("%1: Tab stayed inside the options").arg(QString::fromStdString(item.linkId));
    }
    return {};
}

void typeAndUnlock(MainWindow& window, const QString& passphrase)
{
    auto* unlock = window.unlockView();
    QTRY_VERIFY(!unlock->isBusy());
    unlock->passphraseEdit()->clear();
    QTest::keyClicks(unlock->passphraseEdit(), passphrase);
    QTest::keyClick(unlock->passphraseEdit(), Qt::Key_Return);
}

QList<FormWindow*> formWindows()
{
    QList<FormWindow*> out;
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* f = qobject_cast<FormWindow*>(w); f && f->isVisible())
            out << f;
    return out;
}

} // namespace

class UserTourTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ui::initResources();
        ui::installTranslations(*qApp);
        ui::applyTheme(*qApp);
        m_profiles = std::make_unique<core::store::ProfileStore>(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(m_profiles->create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
        {
            auto cache = m_profiles->unlock(kUser, kPassphrase, "test-seed");
            QVERIFY(cache.ok());
            core::identity::SyntheticOptions options;
            options.count = 200;
            m_patients = core::identity::generateSyntheticPatients(options);
            QVERIFY((*cache)->patients().upsert(m_patients).ok());
            QVERIFY(ui::seedDemoCaseload(**cache, m_clock.nowUtc()).ok());
            (*cache)->lock();
        }
        m_session = std::make_unique<ui::Session>(*m_profiles);
        ui::MainWindowOptions options;
        options.preferredUser = QString::fromLatin1(kUser);
        options.clock = &m_clock;
        options.watchDesktop = false;
        options.idleLockMs = 0;
        m_window = std::make_unique<MainWindow>(*m_session, options);
        m_window->resize(1280, 760);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->start();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Caseload);
        QTRY_VERIFY(m_window->caseloadModel()->rowCount() > 0);
    }

    void everyQuestionOfEveryShippedTemplateIsAnsweredToItsLastOptionByKeyboard()
    {
        const QStringList templates = FormWindow::builtInTemplates();
        QVERIFY(templates.size() >= 3);
        int radios = 0;
        int boxes = 0;
        for (const QString& path : templates) {
            auto view = openTemplate(path);
            QVERIFY2(view, qPrintable(path));
            QVERIFY(QTest::qWaitForWindowExposed(view.get()));
            // Questions appear as earlier answers enable them: go round until nothing new is answered.
            QSet<QuestionWidget*> done;
            for (bool more = true; more;) {
                more = false;
                for (auto* w : view->itemWidgets()) {
                    auto* question = qobject_cast<QuestionWidget*>(w);
                    if (!question || done.contains(question) || !question->isItemEnabled() || !question->isVisible() ||
                        question->item().readOnly || question->item().isCalculated())
                        continue;
                    done.insert(question);
                    more = true;
                    const auto buttons = buttonsOf(question);
                    if (!buttons.isEmpty())
                        (qobject_cast<QCheckBox*>(buttons.front()) ? boxes : radios) += 1;
                    if (buttons.isEmpty() && !qobject_cast<QComboBox*>(question->control()->focusTarget()))
                        continue; // typed answers: covered by the renderer tests
                    const QString problem = answerLastOptionByKeyboard(*view, question);
                    QVERIFY2(problem.isEmpty(), qPrintable(path + QStringLiteral(": ") + problem));
                }
            }
        }
        QVERIFY2(radios >= 15, qPrintable(QString::number(radios))); // PHQ-9 alone has ten
    }

    void aBlankPhq9ShowsNoTotalUntilSomethingIsAnswered()
    {
        auto view = openTemplate(QStringLiteral(":/templates/phq9-outcome-1.0.0.json"));
        QVERIFY(view);
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        const QString blank = view->scoreStrip()->text();
        QVERIFY2(!blank.contains(QStringLiteral(": 0")), qPrintable(blank));
        QVERIFY2(blank.contains(QStringLiteral("not yet known")), qPrintable(blank));
        QuestionWidget* first = nullptr;
        for (auto* w : view->itemWidgets())
            if (auto* q = qobject_cast<QuestionWidget*>(w); q && !first && !buttonsOf(q).isEmpty())
                first = q;
        QVERIFY(first);
        QVERIFY(answerLastOptionByKeyboard(*view, first).isEmpty());
        // One of nine answered: the PHQ-9's published rule gives no total yet, and says why.
        auto* total = view->questionWidget("phq9-total");
        QVERIFY(total);
        auto* note = total->findChild<QLabel*>(QStringLiteral("scoreNote"));
        QVERIFY(note);
        QTRY_COMPARE(note->text(), QStringLiteral("1 of 9 answered: no total, because item 9 is never estimated."));
        QVERIFY2(!QRegularExpression(QStringLiteral(": \\d+")).match(view->scoreStrip()->text()).hasMatch(),
                 qPrintable(view->scoreStrip()->text()));
    }

    void aSecondOpenFormRaisesTheFirstWindowAndTheFormSaysWhoseItIs()
    {
        openCaseloadPatient(0);
        const auto patient = m_window->patientView()->record().patient;
        QVERIFY(m_window->patientView()->formsButton()->isVisible());
        QTest::mouseClick(m_window->patientView()->formsButton(), Qt::LeftButton);
        QTRY_COMPARE(formWindows().size(), 1);
        FormWindow* first = formWindows().front();
        QTRY_VERIFY2(first->banner()->text().contains(patient.nhsNumber), qPrintable(first->banner()->text()));
        QVERIFY(first->banner()->text().contains(patient.name));
        QVERIFY(first->banner()->text().contains(QStringLiteral("Born ")));
        QVERIFY(first->banner()->isVisible());
        // The same again, from the menu's shortcut and from the method: still one window, raised.
        QCOMPARE(m_window->openForms(), first);
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::qWait(50);
        QCOMPARE(formWindows().size(), 1);
        first->close();
        QTRY_COMPARE(formWindows().size(), 0);
    }

    void thePatientScreenStatesDatesOneWay()
    {
        openCaseloadPatient(0); // the Section 2 patient (first of today's visits)
        auto* view = m_window->patientView();
        QVERIFY(view->record().legal.present);
        const QRegularExpression iso(QStringLiteral("\\d{4}-\\d{2}-\\d{2}"));
        bool lastDay = false;
        for (int i = 0; i < view->alertList()->count(); ++i) {
            const QString text = view->alertList()->item(i)->text();
            QVERIFY2(!iso.match(text).hasMatch(), qPrintable(text));
            lastDay = lastDay || text.contains(QStringLiteral("Last day "));
        }
        QVERIFY(lastDay);
        // The banner, the alert and the caseload name the same last day.
        const QString banner = view->banner()->legalLabel()->text();
        const QString day = banner.section(QStringLiteral("last day "), 1).section(QStringLiteral(" · "), 0, 0);
        QVERIFY2(!day.isEmpty(), qPrintable(banner));
        bool same = false;
        for (int i = 0; i < view->alertList()->count(); ++i)
            same = same || view->alertList()->item(i)->text().contains(day);
        QVERIFY2(same, qPrintable(day));
    }

    void aCompletedFormShowsWhereItGoesAtOnce()
    {
        openCaseloadPatient(1);
        const auto patient = m_window->patientView()->record().patient;
        FormWindow* forms = m_window->openForms();
        QVERIFY(forms);
        QVERIFY(QTest::qWaitForWindowExposed(forms));
        QTRY_VERIFY(forms->formList()->count() > 0);
        QListWidgetItem* phq9 = nullptr;
        for (int i = 0; i < forms->formList()->count(); ++i)
            if (forms->formList()->item(i)->text().contains(QStringLiteral("PHQ-9")))
                phq9 = forms->formList()->item(i);
        QVERIFY(phq9);
        Q_EMIT forms->formList()->itemActivated(phq9);
        QTRY_VERIFY(forms->formView());
        FormView* view = forms->formView();
        for (auto* w : view->itemWidgets())
            if (auto* q = qobject_cast<QuestionWidget*>(w); q && q->isItemEnabled() && !buttonsOf(q).isEmpty())
                QVERIFY(answerLastOptionByKeyboard(*view, q).isEmpty());
        // The assessment date, typed.
        auto* date = qobject_cast<QuestionWidget*>(view->itemWidget("assessment-date"));
        QVERIFY(date);
        QWidget* dateEdit = date->control()->focusTarget();
        dateEdit->setFocus(Qt::TabFocusReason);
        QTest::keyClicks(dateEdit, QStringLiteral("23/11/2026"));
        QTest::keyClick(dateEdit, Qt::Key_Tab);
        QTRY_VERIFY2(view->completeButton()->isEnabled(), qPrintable(QString::number(view->problemCount())));
        const int before = m_window->syncUi()->controller()->state().pending;
        QTest::mouseClick(view->completeButton(), Qt::LeftButton);
        QTRY_VERIFY(!forms->formView());
        // Sync is not set up on this computer: the message says so, and that nothing is lost.
        QString message;
        for (auto* label : forms->findChildren<QLabel*>())
            if (label->objectName() == QStringLiteral("emptyState"))
                message = label->text();
        QVERIFY2(message.contains(QStringLiteral("Sync is not set up")), qPrintable(message));
        QVERIFY2(message.contains(patient.epr), qPrintable(message));
        // Without reopening the patient: the submission, under its title, for the patient's EPR. The
        // list refreshes off the UI thread, so wait for the new line itself (the patient's earlier,
        // sent PHQ-9s are listed already and say nothing about this one).
        const QString waiting = QStringLiteral("Waiting to send from this computer, for ") + patient.epr;
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_window->syncUi()->deliveryView()->lines().join(QLatin1Char('\n')).contains(waiting),
            qPrintable(m_window->syncUi()->deliveryView()->lines().join(QLatin1Char('\n'))), 30000);
        const QString lines = m_window->syncUi()->deliveryView()->lines().join(QLatin1Char('\n'));
        QVERIFY2(!lines.contains(QStringLiteral("phq9-outcome")), qPrintable(lines));
        // The waiting line sits under the form's own title.
        const QStringList each = m_window->syncUi()->deliveryView()->lines();
        bool underTitle = false;
        for (qsizetype i = 1; i < each.size(); ++i)
            underTitle = underTitle || (each[i].contains(waiting) && each[i - 1].contains(QStringLiteral("PHQ-9")));
        QVERIFY2(underTitle, qPrintable(lines));
        // ... and the status bar counts it without a lock and unlock, as one form: the Observations
        // its coded answers stand for travel with it and are not counted on their own.
        QTRY_COMPARE(m_window->syncUi()->controller()->state().pending, before + 1);
        QTRY_VERIFY(m_window->syncUi()->statusWidget()->findChild<QLabel*>(QStringLiteral("syncPending"))->text().contains(
            QStringLiteral("waiting to send")));
        saveScreenshot(*forms, QStringLiteral("forms-completed-where-it-goes.png"));
        forms->close();
    }

    void aPhq9CompletedHereRaisesItsItem9AlertAtOnceWithoutSync()
    {
        // A caseload patient with no score alert yet.
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        QTRY_VERIFY(model->rowCount() > 0);
        int row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            const auto& record = model->entryAt(r)->record;
            bool scored = false;
            for (const auto& alert : record.alerts)
                scored = scored || alert.kind == QStringLiteral("score");
            if (!scored)
                row = r;
        }
        QVERIFY(row >= 0);
        openCaseloadPatient(row);
        auto* patientView = m_window->patientView();
        const QString patientId = patientView->patientId();
        m_completedHere.insert(patientId);
        auto item9Alert = [patientView] {
            for (const auto& alert : patientView->record().alerts)
                if (alert.kind == QStringLiteral("score") && alert.title.contains(QStringLiteral("item 9")))
                    return alert;
            return ui::AlertItem{};
        };
        QVERIFY(item9Alert().key.isEmpty());
        const int unseenBefore = patientView->record().unacknowledged;
        QVERIFY2(!m_window->syncUi()->controller()->state().isConfigured(), "no sync on this computer");

        FormWindow* forms = m_window->openForms();
        QVERIFY(forms);
        QVERIFY(QTest::qWaitForWindowExposed(forms));
        QTRY_VERIFY(forms->formList()->count() > 0);
        QListWidgetItem* phq9 = nullptr;
        for (int i = 0; i < forms->formList()->count(); ++i)
            if (forms->formList()->item(i)->text().startsWith(QStringLiteral("New:")) &&
                forms->formList()->item(i)->text().contains(QStringLiteral("PHQ-9")))
                phq9 = forms->formList()->item(i);
        QVERIFY(phq9);
        Q_EMIT forms->formList()->itemActivated(phq9);
        QTRY_VERIFY(forms->formView());
        FormView* view = forms->formView();
        // Items 1 to 8 "Not at all"; item 9 "More than half the days", clicked as a clinician does.
        for (int i = 1; i <= 9; ++i) {
            auto* question = qobject_cast<QuestionWidget*>(view->itemWidget("phq9-" + std::to_string(i)));
            QVERIFY(question);
            const auto buttons = buttonsOf(question);
            QCOMPARE(buttons.size(), i == 9 ? 5 : 4); // item 9 also offers "Declined to answer"
            QAbstractButton* choice = buttons[i == 9 ? 2 : 0];
            if (i == 9)
                QVERIFY2(choice->text().contains(QStringLiteral("More than half the days")), qPrintable(choice->text()));
            QTest::mouseClick(choice, Qt::LeftButton);
            QVERIFY(choice->isChecked());
        }
        auto* date = qobject_cast<QuestionWidget*>(view->itemWidget("assessment-date"));
        QVERIFY(date);
        QWidget* dateEdit = date->control()->focusTarget();
        dateEdit->setFocus(Qt::TabFocusReason);
        QTest::keyClicks(dateEdit, QStringLiteral("24/11/2026"));
        QTest::keyClick(dateEdit, Qt::Key_Tab);
        QTRY_VERIFY2(view->completeButton()->isEnabled(), qPrintable(QString::number(view->problemCount())));
        QTest::mouseClick(view->completeButton(), Qt::LeftButton);
        QTRY_VERIFY(!forms->formView());

        // Without any sync: the patient screen behind the form shows the item 9 alert, high and not
        // yet acknowledged, in the alerts panel and on the banner; the caseload counts it too.
        QTRY_VERIFY2(!item9Alert().key.isEmpty(), "the item 9 alert did not appear");
        const ui::AlertItem alert = item9Alert();
        QCOMPARE(alert.severity, ui::AlertItem::Severity::High);
        QVERIFY(!alert.acknowledged);
        QVERIFY2(alert.title.contains(QStringLiteral("scored 2")), qPrintable(alert.title));
        QCOMPARE(patientView->record().unacknowledged, unseenBefore + 1);
        bool listed = false;
        for (int i = 0; i < patientView->alertList()->count(); ++i)
            listed = listed || patientView->alertList()->item(i)->text().contains(alert.title);
        QVERIFY(listed);
        QVERIFY(patientView->banner()->alertsLabel()->isVisible());
        QVERIFY2(patientView->banner()->alertsLabel()->text().startsWith(QStringLiteral("⚠")),
                 qPrintable(patientView->banner()->alertsLabel()->text()));
        QVERIFY(!m_window->syncUi()->controller()->state().isConfigured());
        auto caseloadHasIt = [&] {
            for (int r = 0; r < model->rowCount(); ++r)
                if (model->entryAt(r)->record.patient.id == patientId)
                    for (const auto& a : model->entryAt(r)->record.alerts)
                        if (a.key == alert.key)
                            return true;
            return false;
        };
        QTRY_VERIFY(caseloadHasIt());
        saveScreenshot(*m_window, QStringLiteral("phq9-item9-alert-without-sync.png"));
        forms->close();
        QTRY_COMPARE(formWindows().size(), 0);
    }

    void theOpenFormComesBackWithItsDraftAfterLockAndUnlock()
    {
        openCaseloadPatient(2);
        FormWindow* forms = m_window->openForms();
        QVERIFY(forms);
        QTRY_VERIFY(forms->formList()->count() > 0);
        QListWidgetItem* risk = nullptr;
        for (int i = 0; i < forms->formList()->count(); ++i)
            if (forms->formList()->item(i)->text().startsWith(QStringLiteral("New:")) &&
                forms->formList()->item(i)->text().contains(QStringLiteral("isk")))
                risk = forms->formList()->item(i);
        QVERIFY(risk);
        Q_EMIT forms->formList()->itemActivated(risk);
        QTRY_VERIFY(forms->formView());
        FormView* view = forms->formView();
        QuestionWidget* answered = nullptr;
        for (auto* w : view->itemWidgets())
            if (auto* q = qobject_cast<QuestionWidget*>(w); q && !answered && q->isItemEnabled() && buttonsOf(q).size() > 1 &&
                                                            !qobject_cast<QCheckBox*>(buttonsOf(q).front()))
                answered = q;
        QVERIFY(answered);
        const std::string linkId = answered->item().linkId;
        QVERIFY(answerLastOptionByKeyboard(*view, answered).isEmpty());
        const QString draftId = view->draftId();
        QVERIFY(!draftId.isEmpty());

        m_window->lockSession();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QTRY_COMPARE(formWindows().size(), 0); // nothing about the patient stays on screen
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        QTRY_COMPARE(formWindows().size(), 1);
        FormWindow* again = formWindows().front();
        QTRY_VERIFY(again->formView());
        QCOMPARE(again->formView()->draftId(), draftId);
        QTRY_VERIFY(!again->formView()->session().answers(linkId).empty());
        again->close();
        QTRY_COMPARE(formWindows().size(), 0);
    }

    void anExceptionFromAnActionIsShownAndTheSessionCarriesOn()
    {
        const int before = ui::GuardedApplication::caughtCount();
        QWidget other;
        other.setWindowTitle(QStringLiteral("Another window"));
        auto* button = new QPushButton(QStringLiteral("Throw"), &other);
        QObject::connect(button, &QPushButton::clicked, &other,
                         [] { throw std::runtime_error("type_error.306: cannot use value() with number"); });
        other.show();
        QVERIFY(QTest::qWaitForWindowExposed(&other));
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(ui::GuardedApplication::caughtCount(), before + 1);
        QMessageBox* shown = nullptr;
        QTRY_VERIFY((shown = other.findChild<QMessageBox*>(QStringLiteral("actionFailedMessage"))) != nullptr);
        QVERIFY2(shown->text().contains(QStringLiteral("your work in this one are kept")), qPrintable(shown->text()));
        shown->close();
        // The session and its window are untouched.
        QVERIFY(m_session->isUnlocked());
        QVERIFY(m_window->isVisible());
        QVERIFY(m_window->lockAction()->isEnabled());
        // The slot guard does the same for a single action, without reaching the application.
        QVERIFY(!ui::runGuarded(&other, QStringLiteral("Edit answers"), [] { throw std::logic_error("bad"); }));
        QCOMPARE(ui::GuardedApplication::caughtCount(), before + 2);
    }

    void searchFindsPartOfANameAndNhsNumbersTypedWithDashes()
    {
        // A family name's middle ("gerald" in FITZGERALD): prefix search alone missed it.
        const auto& someone = *std::find_if(m_patients.begin(), m_patients.end(),
                                            [](const auto& p) { return p.familyName.size() >= 7; });
        const QString family = QString::fromStdString(someone.familyName);
        const QString middle = family.mid(2, 4).toLower();
        auto* list = m_window->patientListView();
        m_window->showCaseload();
        for (QAction* action : m_window->findChildren<QAction*>())
            if (action->shortcut() == QKeySequence(QKeySequence::Find))
                action->trigger();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patients);
        list->trustScope()->setChecked(true);
        list->setQuery(middle);
        auto* model = m_window->patientModel();
        auto contains = [&](const QString& id) {
            for (int row = 0; row < model->rowCount(); ++row)
                if (model->index(row, 0).data(ui::PatientTableModel::PatientIdRole).toString() == id)
                    return true;
            return false;
        };
        const QString id = QString::fromStdString(someone.id);
        QTRY_VERIFY2(contains(id), qPrintable(middle));
        const std::string nhs = *someone.nhsNumber;
        const QString dashed = QString::fromStdString(nhs.substr(0, 3) + "-" + nhs.substr(3, 3) + "-" + nhs.substr(6));
        list->setQuery(dashed);
        QTRY_COMPARE(model->rowCount(), 1);
        QVERIFY(contains(id));
        list->setQuery(QStringLiteral("zzqx"));
        QTRY_COMPARE(model->rowCount(), 0);
        auto emptyText = [list] {
            for (auto* label : list->findChildren<QLabel*>())
                if (label->isVisible() && label->text().contains(QStringLiteral("zzqx")))
                    return label->text();
            return QString();
        };
        QTRY_VERIFY(!emptyText().isEmpty());
        const QString empty = emptyText();
        QVERIFY2(empty.contains(QStringLiteral("on this computer")), qPrintable(empty));
        QVERIFY2(!empty.contains(QStringLiteral("whole trust"), Qt::CaseInsensitive) ||
                     empty.contains(QStringLiteral("held on this computer")),
                 qPrintable(empty));
        list->clearQuery();
    }

    void theDemoItem9AlertHasItsPhq9InTheHistory()
    {
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        int row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            if (m_completedHere.contains(model->entryAt(r)->record.patient.id))
                continue; // an item 9 alert from a PHQ-9 an earlier test completed, not the demo's
            for (const auto& alert : model->entryAt(r)->record.alerts)
                if (alert.kind == QStringLiteral("score") && alert.title.contains(QStringLiteral("item 9")))
                    row = r;
        }
        QVERIFY(row >= 0);
        m_window->openPatient(model->entryAt(row)->record.patient.id);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        auto* history = m_window->patientView()->formsView();
        QTRY_VERIFY(!history->entries().isEmpty());
        const QDate yesterday = m_clock.nowUtc().date().addDays(-1);
        bool found = false;
        for (const auto& entry : history->entries())
            found = found || (entry.title.contains(QStringLiteral("PHQ-9")) &&
                              entry.when.toTimeZone(QTimeZone("Europe/London")).date() == yesterday &&
                              entry.score.contains(QStringLiteral("14")));
        QVERIFY2(found, "the PHQ-9 behind the item 9 alert is not in the history");
    }

    void anAcknowledgementMadeByMistakeCanBeUndone()
    {
        // Still on the patient with the item 9 alert (previous test).
        QCOMPARE(m_window->screen(), MainWindow::Screen::Patient);
        auto* view = m_window->patientView();
        int row = -1;
        for (int i = 0; i < view->record().alerts.size(); ++i)
            if (view->record().alerts[i].kind == QStringLiteral("score") && !view->record().alerts[i].acknowledged)
                row = i;
        QVERIFY(row >= 0);
        const QString key = view->record().alerts[row].key;
        view->alertList()->setCurrentRow(row);
        QCOMPARE(view->acknowledgeButton()->text(), QStringLiteral("&Acknowledge"));
        QTest::mouseClick(view->acknowledgeButton(), Qt::LeftButton);
        auto state = [&]() -> int { // -1 absent, 0 unseen, 1 acknowledged
            for (const auto& a : view->record().alerts)
                if (a.key == key)
                    return a.acknowledged ? 1 : 0;
            return -1;
        };
        QTRY_COMPARE(state(), 1);
        for (int i = 0; i < view->alertList()->count(); ++i)
            if (view->alertList()->item(i)->text().contains(QStringLiteral("acknowledged")))
                view->alertList()->setCurrentRow(i);
        QCOMPARE(view->acknowledgeButton()->text(), QStringLiteral("&Undo acknowledge"));
        QVERIFY(view->acknowledgeButton()->isEnabled());
        QTest::mouseClick(view->acknowledgeButton(), Qt::LeftButton);
        QTRY_COMPARE(state(), 0);
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("undone")));
    }

    void helpOpensTheUserGuide()
    {
        QTextBrowser* guide = m_window->showUserGuide();
        QVERIFY(guide);
        QTRY_VERIFY(guide->toPlainText().contains(QStringLiteral("Avocet")));
        QVERIFY(guide->document()->toPlainText().size() > 1000);
        guide->window()->close();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
    }

private:
    void openCaseloadPatient(int row)
    {
        m_window->showCaseload();
        QTRY_VERIFY(m_window->caseloadModel()->rowCount() > row);
        m_window->openPatient(m_window->caseloadModel()->entryAt(row)->record.patient.id);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        QTRY_VERIFY(!m_window->patientView()->patientId().isEmpty());
    }

    QTemporaryDir m_dir{QStringLiteral(AVOCET_UI_TEST_TMP "/tour-XXXXXX")};
    FakeClock m_clock;
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::vector<core::identity::Patient> m_patients;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    QSet<QString> m_completedHere; // patients whose only PHQ-9 is one a test completed (not the demo's)
};

int main(int argc, char** argv)
{
    // The desktop app's own application class: an exception escaping a handler becomes a message.
    ui::GuardedApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    UserTourTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "UserTourTest.moc"

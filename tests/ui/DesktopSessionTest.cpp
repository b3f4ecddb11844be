// Offscreen UI tests for the clinician's desktop: caseload and filters, patient banner
// with the Mental Health Act countdown, break-glass, acknowledging alerts, the secure clipboard,
// locking on desktop signals and on a wall-clock jump, a second instance for the same user, and
// logs free of identifiers. Time is a fake clock: nothing here waits for real time to pass.
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "ui/AlertNotifier.h"
#include "ui/BreakGlassDialog.h"
#include "ui/CaseloadView.h"
#include "ui/ClinicalService.h"
#include "ui/DemoCaseload.h"
#include "ui/MainWindow.h"
#include "ui/PatientBanner.h"
#include "ui/PatientRow.h"
#include "ui/PatientView.h"
#include "ui/RenewalDialog.h"
#include "ui/SecureClipboard.h"
#include "ui/Session.h"
#include "ui/SessionClock.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"

using namespace avocet;
using ui::CaseloadModel;
using ui::MainWindow;

namespace {

constexpr const char* kUser = "c.mensah";
constexpr const char* kPassphrase = "correct horse battery";

class FakeClock final : public ui::SessionClock
{
public:
    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    void advance(qint64 ms) // time passes normally: both clocks move
    {
        m_now = m_now.addMSecs(ms);
        m_monotonic += ms;
    }
    void jumpWall(qint64 ms) { m_now = m_now.addMSecs(ms); }
    QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(9, 0), Qt::UTC);
    qint64 m_monotonic = 1'000'000;
};

// Stands in for the form renderer's hook: any widget with saveNow() is asked to save on lock.
class FakeOpenForm : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;
    Q_INVOKABLE void saveNow() { ++saves; }
    int saves = 0;
};

QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    g_log << message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    QTest::qWait(50); // let the last layout and paint settle
    const QString path = QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}

QStringList visibleTexts(QWidget& window)
{
    QStringList texts;
    for (auto* label : window.findChildren<QLabel*>())
        if (label->isVisible())
            texts << label->text();
    for (auto* edit : window.findChildren<QLineEdit*>())
        texts << edit->text();
    return texts;
}

void typeAndUnlock(MainWindow& window, const QString& passphrase)
{
    auto* unlock = window.unlockView();
    QTRY_VERIFY(!unlock->isBusy());
    unlock->passphraseEdit()->clear();
    QTest::keyClicks(unlock->passphraseEdit(), passphrase);
    QTest::keyClick(unlock->passphraseEdit(), Qt::Key_Return);
}

int rowWhere(CaseloadModel& model, const std::function<bool(const ui::CaseloadEntry&)>& match)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (match(*model.entryAt(row)))
            return row;
    return -1;
}

} // namespace

class DesktopSessionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        g_previousHandler = qInstallMessageHandler(captureLog);
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
            options.count = 300;
            m_patients = core::identity::generateSyntheticPatients(options);
            QVERIFY((*cache)->patients().upsert(m_patients).ok());
            QVERIFY(ui::seedDemoCaseload(**cache, m_clock.nowUtc()).ok());
            // A caseload patient whose legal status names a power no rule table knows.
            auto caseload = core::store::CaseloadStore((*cache)->database()).caseloadPatients(40);
            QVERIFY(caseload.ok() && caseload->size() > 7);
            m_unreadablePatient = QString::fromStdString((*caseload)[7].id);
            QVERIFY(core::store::CaseloadStore((*cache)->database())
                        .upsertLegalStatus({"ls-canary-unknown", (*caseload)[7].id, "s99", "2026-11-20T10:00:00Z", {}, false, {}})
                        .ok());
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

    void idleLockFollowsTheTrustPolicyDefaultOfFiveMinutes()
    {
        ui::Session session(*m_profiles);
        MainWindow window(session, {});
        QCOMPARE(window.idleLockMs(), 5 * 60 * 1000);
    }

    void caseloadShowsOnlyTheTeamWithTodaysVisitsFirst()
    {
        auto* model = m_window->caseloadModel();
        const auto onTeam = std::count_if(m_patients.begin(), m_patients.end(),
                                          [](const auto& p) { return p.team == ui::kDemoTeam; });
        QCOMPARE(model->totalEntries(), int(onTeam));
        QVERIFY(model->totalEntries() < int(m_patients.size()));
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->entryAt(row)->record.patient.team, QString::fromLatin1(ui::kDemoTeam));
        QCOMPARE(model->index(0, CaseloadModel::VisitColumn).data().toString(), QStringLiteral("09:30 Home visit"));
        QCOMPARE(model->index(4, CaseloadModel::VisitColumn).data().toString(), QStringLiteral("16:30 Phone call"));
        QVERIFY(model->index(5, CaseloadModel::VisitColumn).data().toString().isEmpty());
        QVERIFY(model->index(0, CaseloadModel::LegalColumn).data().toString().startsWith(QStringLiteral("s2 · last day ")));
        // The PHQ-9 item 9 alert is high: announced once as a desktop notification, naming no patient.
        QCOMPARE(m_window->alertNotifier()->shown().size(), 1);
        const QString note = m_window->alertNotifier()->shown().first();
        QVERIFY2(note.contains(QStringLiteral("PHQ-9 item 9")), qPrintable(note));
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(!note.contains(model->entryAt(row)->record.patient.name));
        m_window->caseloadView()->table()->setFocus();
        saveScreenshot(*m_window, QStringLiteral("desktop-caseload.png"));
    }

    void caseloadFiltersByVisitsOverdueItemsAndAlerts()
    {
        auto* view = m_window->caseloadView();
        auto* model = m_window->caseloadModel();
        const int all = model->rowCount();
        QTest::mouseClick(view->filterButton(CaseloadModel::Filter::VisitsToday), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 5);
        QVERIFY(view->filterButton(CaseloadModel::Filter::VisitsToday)->text().contains(QStringLiteral("(5)")));
        QTest::mouseClick(view->filterButton(CaseloadModel::Filter::Overdue), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 1); // the risk review last done seven months ago
        QVERIFY(model->index(0, CaseloadModel::AlertsColumn).data().toString().contains(QStringLiteral("overdue")));
        QTest::mouseClick(view->filterButton(CaseloadModel::Filter::Alerts), Qt::LeftButton);
        QVERIFY(model->rowCount() >= 3); // s2 ending this week, PHQ-9 item 9, overdue review
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(model->entryAt(row)->record.unacknowledged > 0);
        QVERIFY(rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s2"); }) >= 0);
        QTest::mouseClick(view->filterButton(CaseloadModel::Filter::All), Qt::LeftButton);
        QCOMPARE(model->rowCount(), all);
    }

    void bannerShowsNhsNumberAgeEprAndTheSectionCountdown()
    {
        auto* model = m_window->caseloadModel();
        const int row = rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s2"); });
        QVERIFY(row >= 0);
        const ui::PatientRow patient = model->entryAt(row)->record.patient;
        m_window->caseloadView()->table()->setCurrentIndex(model->index(row, 0));
        QTest::keyClick(m_window->caseloadView()->table(), Qt::Key_Return);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        auto* banner = m_window->patientView()->banner();
        QCOMPARE(banner->nameLabel()->text(), patient.name);
        QVERIFY2(QRegularExpression(QStringLiteral("^NHS No\\. 999 \\d{3} \\d{4}$")).match(banner->nhsLabel()->text()).hasMatch(),
                 qPrintable(banner->nhsLabel()->text()));
        const int age = ui::ageInYears(patient.birthDate, QDate(2026, 11, 24));
        QVERIFY2(banner->birthLabel()->text().endsWith(QStringLiteral("(%1 y)").arg(age)), qPrintable(banner->birthLabel()->text()));
        QCOMPARE(banner->eprLabel()->text(), QStringLiteral("Record in %1").arg(patient.epr));
        // Section 2 from 14:00 on 31 Oct 2026: 28 days beginning with that day end at 00:00 GMT on 28 Nov.
        const QString legal = banner->legalLabel()->text();
        QVERIFY2(!legal.contains(QStringLiteral("legal status")), qPrintable(legal)); // the code is for returns, not the ward
        QVERIFY2(banner->legalLabel()->toolTip().contains(QStringLiteral("Legal status code 02")),
                 qPrintable(banner->legalLabel()->toolTip()));
        // The caseload and the banner state the same last day; the end instant is in the tooltip.
        QVERIFY2(legal.contains(QStringLiteral("last day Fri 27-Nov-2026 · ends in 3 days 15 hours")), qPrintable(legal));
        QVERIFY2(model->index(row, CaseloadModel::LegalColumn).data().toString().endsWith(QStringLiteral("last day 27-Nov-2026")),
                 qPrintable(model->index(row, CaseloadModel::LegalColumn).data().toString()));
        QVERIFY2(banner->legalLabel()->toolTip().contains(QStringLiteral("Sat 28-Nov-2026 00:00 GMT")),
                 qPrintable(banner->legalLabel()->toolTip()));
        QVERIFY(banner->alertsLabel()->isVisible());
        // The EPR's risk flag is on the banner with the EPR it came from; the GP-held allergy is on
        // the patient screen, read-only, with its source (all fed as FHIR resources, then projected).
        QVERIFY(banner->flagsLabel()->isVisible());
        QVERIFY2(banner->flagsLabel()->text().contains(QStringLiteral("Risk: Risk of harm to others")),
                 qPrintable(banner->flagsLabel()->text()));
        QVERIFY2(banner->flagsLabel()->text().contains(QStringLiteral("(%1)").arg(patient.epr)),
                 qPrintable(banner->flagsLabel()->text()));
        QCOMPARE(model->index(row, CaseloadModel::FlagsColumn).data().toString(), QStringLiteral("Risk"));
        const QString held = m_window->patientView()->heldLabel()->text();
        QVERIFY2(held.contains(QStringLiteral("Penicillin — Anaphylaxis; high criticality")), qPrintable(held));
        QVERIFY2(held.contains(QStringLiteral("(from SystmOne)")), qPrintable(held));
        QVERIFY2(held.contains(QStringLiteral("Medicines (GP record, read only): none held")), qPrintable(held));
        // A flag whose period has ended is not on the caseload.
        const int ended = rowWhere(*model, [](const auto& e) { return !e.record.flags.isEmpty() && !e.record.flags.first().current; });
        QVERIFY(ended >= 0);
        QVERIFY(model->index(ended, CaseloadModel::FlagsColumn).data().toString().isEmpty());
        saveScreenshot(*m_window, QStringLiteral("desktop-patient-banner.png"));

        m_clock.advance(2LL * 24 * 3600 * 1000); // two days later the countdown is in hours
        banner->refreshCountdown();
        QVERIFY2(banner->legalLabel()->text().contains(QStringLiteral("ends in 39 hours 0 minutes")),
                 qPrintable(banner->legalLabel()->text()));
        QCOMPARE(ui::PatientBanner::remainingText(m_clock.nowUtc(), m_clock.nowUtc().addSecs(125)),
                 QStringLiteral("2 minutes"));
        m_clock.advance(-2LL * 24 * 3600 * 1000);
        banner->refreshCountdown();
    }

    void copiedNhsNumberIsSecretAndClearedAfterThirtySecondsIfUnchanged()
    {
        QCOMPARE(m_window->screen(), MainWindow::Screen::Patient);
        auto* banner = m_window->patientView()->banner();
        const QString nhs = m_window->patientView()->record().patient.nhsNumber;
        QTest::mouseClick(banner->copyButton(), Qt::LeftButton);
        auto* clipboard = QGuiApplication::clipboard();
        QCOMPARE(clipboard->text(), nhs);
        QCOMPARE(clipboard->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));
        auto* secure = m_window->secureClipboard();
        m_clock.advance(29'000);
        secure->checkExpiry();
        QCOMPARE(clipboard->text(), nhs);
        m_clock.advance(1'000);
        secure->checkExpiry();
        QVERIFY(clipboard->text().isEmpty());
        QVERIFY(!secure->isPending());

        // Something else copied meanwhile is the user's: left alone.
        QTest::mouseClick(banner->copyButton(), Qt::LeftButton);
        clipboard->setText(QStringLiteral("ward round notes"));
        m_clock.advance(31'000);
        secure->checkExpiry();
        QCOMPARE(clipboard->text(), QStringLiteral("ward round notes"));
        clipboard->clear();
    }

    void acknowledgingAnAlertIsStoredAndAudited()
    {
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        QTRY_VERIFY(rowWhere(*model, [](const auto& e) { return e.record.unacknowledged > 0 &&
                                                              e.record.alerts.first().kind == QStringLiteral("score"); }) >= 0);
        const int row = rowWhere(*model, [](const auto& e) {
            return e.record.alerts.first().kind == QStringLiteral("score");
        });
        m_window->openPatient(model->entryAt(row)->record.patient.id);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        auto* view = m_window->patientView();
        QCOMPARE(view->alertList()->currentRow(), 0);
        QVERIFY(view->alertList()->currentItem()->text().contains(QStringLiteral("PHQ-9 item 9 scored 1")));
        QVERIFY(view->acknowledgeButton()->isEnabled());
        m_acknowledgedKey = view->record().alerts.first().key;
        m_acknowledgedPatient = view->patientId();
        QTest::mouseClick(view->acknowledgeButton(), Qt::LeftButton);
        QTRY_VERIFY(view->record().alerts.size() > 0 && view->record().alerts.last().key == m_acknowledgedKey &&
                    view->record().alerts.last().acknowledged);
        QVERIFY(!view->banner()->alertsLabel()->text().contains(QStringLiteral("PHQ-9")));
    }

    void breakGlassDialogNeedsAReason()
    {
        ui::BreakGlassDialog dialog;
        auto* ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        dialog.reasonPicker()->setCurrentIndex(3);
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.reason(), QStringLiteral("Duty worker / crisis call"));
        dialog.reasonPicker()->setCurrentIndex(dialog.reasonPicker()->count() - 1); // Other
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog.detailEdit(), QStringLiteral("Safeguarding enquiry"));
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.reason(), QStringLiteral("Other (explain below): Safeguarding enquiry"));
    }

    void patientOutsideTheCaseloadNeedsAnAuditedBreakGlassReason()
    {
        const auto other = std::find_if(m_patients.begin(), m_patients.end(),
                                        [](const auto& p) { return p.team != ui::kDemoTeam; });
        m_outsider = QString::fromStdString(other->id);
        m_window->showCaseload();
        int asked = 0;
        m_window->setBreakGlassPrompt([&asked] { ++asked; return QString(); });
        m_window->openPatient(m_outsider);
        QTRY_COMPARE(asked, 1);
        QTest::qWait(20);
        QCOMPARE(m_window->screen(), MainWindow::Screen::Caseload); // refused: nothing shown
        QVERIFY(m_window->patientView()->patientId().isEmpty());
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("reason")));

        m_window->setBreakGlassPrompt([&asked] { ++asked; return QStringLiteral("Duty worker / crisis call"); });
        m_window->openPatient(m_outsider);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        QCOMPARE(asked, 2);
        QCOMPARE(m_window->patientView()->patientId(), m_outsider);
        QVERIFY(!m_window->patientView()->record().onCaseload);
        // Once granted, the same user reaches that patient again without a second prompt.
        m_window->showCaseload();
        m_window->openPatient(m_outsider);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        QCOMPARE(asked, 2);
        m_window->setBreakGlassPrompt({});
    }

    void screenLockSignalSavesDraftsLocksAndUnlockReturnsToThePatient()
    {
        QCOMPARE(m_window->screen(), MainWindow::Screen::Patient);
        const QString patientId = m_window->patientView()->patientId();
        const QString name = m_window->patientView()->record().patient.name;
        auto* form = new FakeOpenForm(m_window.get());
        QSignalSpy locked(m_session.get(), &ui::Session::locked);
        m_window->sessionGuard()->onScreenSaverActiveChanged(true); // as org.freedesktop.ScreenSaver sends it
        QCOMPARE(form->saves, 1);
        QCOMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QCOMPARE(m_window->caseloadModel()->rowCount(), 0);
        for (const QString& text : visibleTexts(*m_window))
            QVERIFY2(!text.contains(name), "a patient name is still on screen after locking");
        QTRY_COMPARE(locked.count(), 1);
        QVERIFY(!m_session->isUnlocked());
        QVERIFY(m_window->statusText().contains(QStringLiteral("screen was locked")));
        delete form;

        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        QCOMPARE(m_window->patientView()->patientId(), patientId);
    }

    void suspendAndUserSwitchSignalsLock()
    {
        m_window->sessionGuard()->onPrepareForSleep(true);
        QCOMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QVERIFY(m_window->statusText().contains(QStringLiteral("sleep")));
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        m_window->sessionGuard()->onSessionPropertiesChanged(QStringLiteral("org.freedesktop.login1.Session"),
                                                             {{QStringLiteral("Active"), false}}, {});
        QCOMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QVERIFY(m_window->statusText().contains(QStringLiteral("another user")));
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
    }

    void wallClockJumpWhileIdleLocksAtTheNextTick()
    {
        auto* guard = m_window->sessionGuard();
        QVERIFY(guard->isArmed());
        m_clock.advance(5'000);
        guard->tick();
        QCOMPARE(m_window->screen(), MainWindow::Screen::Patient); // ordinary tick: nothing happens
        m_clock.jumpWall(2LL * 3600 * 1000); // resumed from two hours of sleep the bus never reported
        m_clock.advance(5'000);
        guard->tick();
        QCOMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QVERIFY(m_window->statusText().contains(QStringLiteral("clock jumped")));
        QVERIFY(!guard->isArmed());
    }

    void secondInstanceForTheSameUserIsRefusedClearly()
    {
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        ui::Session second(*m_profiles);
        ui::MainWindowOptions options;
        options.preferredUser = QString::fromLatin1(kUser);
        options.watchDesktop = false;
        MainWindow window(second, options);
        window.show();
        window.start();
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);
        typeAndUnlock(window, QString::fromLatin1(kPassphrase));
        QTRY_VERIFY(window.unlockView()->errorLabel()->isVisible());
        QVERIFY2(window.unlockView()->errorLabel()->text().contains(QStringLiteral("already has Avocet open")),
                 qPrintable(window.unlockView()->errorLabel()->text()));
        QCOMPARE(window.screen(), MainWindow::Screen::Unlock);
        QVERIFY(!second.isUnlocked());
        QVERIFY(m_session->isUnlocked()); // the first one is untouched
    }

    // The banner states a "beginning with" period by its last day and an hour-based one "at the
    // latest", the end instant in the tooltip; a power running beside the leading one (a s.58 clock
    // beside a s.3) has its own chip and its own alert.
    void bannerStatesTheLastDayAndThePowersRunningBesideIt()
    {
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        const int row = rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s3"); });
        QVERIFY(row >= 0);
        QVERIFY2(model->index(row, CaseloadModel::LegalColumn).data().toString().endsWith(QStringLiteral(" +s58")),
                 qPrintable(model->index(row, CaseloadModel::LegalColumn).data().toString()));
        const QString s3Patient = model->entryAt(row)->record.patient.id;
        m_window->openPatient(s3Patient);
        QTRY_COMPARE(m_window->patientView()->patientId(), s3Patient);
        auto* banner = m_window->patientView()->banner();
        // Section 3 from 14 Jul 2026: six months beginning with that day, last day 13 Jan 2027.
        QVERIFY2(banner->legalLabel()->text().contains(QStringLiteral("last day Wed 13-Jan-2027 · ends in")),
                 qPrintable(banner->legalLabel()->text()));
        // The s.58 clock from the first dose on 29 Aug: three months, last day 28 Nov; the end
        // instant (midnight, GMT) only in the tooltip.
        QVERIFY(banner->otherPowersLabel()->isVisible());
        QCOMPARE(banner->otherPowersLabel()->text(), QStringLiteral("Also: s58 · last day 28-Nov-2026"));
        QVERIFY2(banner->otherPowersLabel()->toolTip().contains(QStringLiteral("Sun 29-Nov-2026 00:00 GMT")),
                 qPrintable(banner->otherPowersLabel()->toolTip()));
        bool s58Alert = false;
        for (const auto& alert : m_window->patientView()->record().alerts)
            s58Alert = s58Alert || (alert.title.startsWith(QStringLiteral("s58:")) && alert.detail.startsWith(QStringLiteral("Last day Sat 28-Nov-2026")));
        QVERIFY2(s58Alert, "the s.58 clock raises its own alert, stated by its last day");
        saveScreenshot(*m_window, QStringLiteral("desktop-banner-several-powers.png"));

        // A Section 136 begun at 02:00 GMT and extended by 6 hours: 30 real hours, an instant.
        m_window->showCaseload();
        const int s136 = rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s136"); });
        QVERIFY(s136 >= 0);
        m_window->openPatient(model->entryAt(s136)->record.patient.id);
        QTRY_COMPARE(m_window->patientView()->patientId(), model->entryAt(s136)->record.patient.id);
        QVERIFY2(banner->legalLabel()->text().contains(QStringLiteral("at the latest Wed 25-Nov-2026 08:00 GMT")),
                 qPrintable(banner->legalLabel()->text()));
        QVERIFY(!banner->legalLabel()->text().contains(QStringLiteral("last day")));
        QVERIFY(banner->legalLabel()->property("urgent").toBool());
        QVERIFY(!banner->otherPowersLabel()->isVisible());
        saveScreenshot(*m_window, QStringLiteral("desktop-banner-s136-extended.png"));
    }

    // Record renewal…: a report dated before the examination window is refused with the reason and
    // changes nothing; one within it moves the Section 3 into its renewal period at once (audited).
    void aRenewalRecordedOnThePatientScreenMovesThePeriodOrIsRefusedWithTheReason()
    {
        auto* model = m_window->caseloadModel();
        m_window->showCaseload();
        const int row = rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s3"); });
        QVERIFY(row >= 0);
        const QString patient = model->entryAt(row)->record.patient.id;
        m_window->openPatient(patient);
        QTRY_COMPARE(m_window->patientView()->patientId(), patient);
        auto* view = m_window->patientView();
        QVERIFY(view->renewalButton()->isVisible());
        {
            ui::RenewalDialog dialog(view->record(), QDate(2026, 11, 24));
            QCOMPARE(dialog.powerPicker()->count(), 2); // the s.3 and its s.58 clock
            QCOMPARE(dialog.reportedEdit()->maximumDate(), QDate(2026, 11, 24));
        }
        QDate reported(2026, 10, 1);
        m_window->setRenewalPrompt([&reported](const ui::PatientRecord& record) {
            return std::optional<ui::RenewalChoice>(ui::RenewalChoice{record.legal.recordId, reported, {}});
        });
        QTest::mouseClick(view->renewalButton(), Qt::LeftButton);
        QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("before the examination window opened (2026-11-14)")),
                     qPrintable(m_window->statusBar()->currentMessage()));
        QVERIFY(view->banner()->legalLabel()->text().contains(QStringLiteral("last day Wed 13-Jan-2027")));

        reported = QDate(2026, 11, 20);
        QTest::mouseClick(view->renewalButton(), Qt::LeftButton);
        // The renewal period: six months beginning with 14 Jan 2027, last day 13 Jul 2027.
        QTRY_VERIFY2(view->banner()->legalLabel()->text().contains(QStringLiteral("last day Tue 13-Jul-2027")),
                     qPrintable(view->banner()->legalLabel()->text()));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("Renewal 1 of s3 recorded (audited): last day Tue 13-Jul-2027")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(view->record().legal.renewalsRecorded, 1);
        m_window->setRenewalPrompt({});
        saveScreenshot(*m_window, QStringLiteral("desktop-renewal-recorded.png"));

        // Entered in error: withdrawn with a reason, the period falls back; then recorded again.
        QVERIFY(view->withdrawRenewalButton()->isVisible());
        {
            ui::RenewalDialog dialog(view->record(), QDate(2026, 11, 24), nullptr, ui::RenewalDialog::Mode::Withdraw);
            QCOMPARE(dialog.powerPicker()->count(), 1); // only the s.3 has a renewal recorded
            QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
            QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("entered against the wrong power"));
            QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
            QCOMPARE(dialog.choice().reason, QStringLiteral("entered against the wrong power"));
        }
        QString reason = QStringLiteral(" ");
        m_window->setRenewalWithdrawalPrompt([&reason](const ui::PatientRecord& record) {
            return std::optional<ui::RenewalChoice>(ui::RenewalChoice{record.legal.recordId, {}, reason});
        });
        QTest::mouseClick(view->withdrawRenewalButton(), Qt::LeftButton);
        QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("Renewal not withdrawn")) &&
                         m_window->statusBar()->currentMessage().contains(QStringLiteral("say why")),
                     qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(view->record().legal.renewalsRecorded, 1);
        reason = QStringLiteral("entered against the wrong power");
        QTest::mouseClick(view->withdrawRenewalButton(), Qt::LeftButton);
        QTRY_VERIFY2(view->banner()->legalLabel()->text().contains(QStringLiteral("last day Wed 13-Jan-2027")),
                     qPrintable(view->banner()->legalLabel()->text()));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(
                     QStringLiteral("Renewal 1 of s3 withdrawn as entered in error (audited); 0 renewals now count")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(view->record().legal.renewalsRecorded, 0);
        QTRY_VERIFY(!view->withdrawRenewalButton()->isVisible());
        m_window->setRenewalWithdrawalPrompt({});

        m_window->setRenewalPrompt([&reported](const ui::PatientRecord& record) {
            return std::optional<ui::RenewalChoice>(ui::RenewalChoice{record.legal.recordId, reported, {}});
        });
        QTest::mouseClick(view->renewalButton(), Qt::LeftButton);
        QTRY_VERIFY2(view->banner()->legalLabel()->text().contains(QStringLiteral("last day Tue 13-Jul-2027")),
                     qPrintable(view->banner()->legalLabel()->text()));
        QCOMPARE(view->record().legal.renewalsRecorded, 1);
        m_window->setRenewalPrompt({});
    }

    // A patient whose legal status cannot be counted (a power no rule table knows) stays on the
    // caseload with a high "could not be read" alert, and the rest of the caseload is shown.
    void aRecordThatCannotBeReadShowsAsAnAlertAndNeverEmptiesTheCaseload()
    {
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        QTRY_VERIFY(model->rowCount() > 8);
        const int row = rowWhere(*model, [this](const auto& e) { return e.record.patient.id == m_unreadablePatient; });
        QVERIFY(row >= 0);
        const auto& record = model->entryAt(row)->record;
        QVERIFY(!record.legal.present);
        QVERIFY(!record.alerts.isEmpty());
        QCOMPARE(record.alerts.first().key, QStringLiteral("unreadable:legal-status:ls-canary-unknown"));
        QCOMPARE(record.alerts.first().title, QStringLiteral("Legal status could not be read"));
        QCOMPARE(record.alerts.first().severity, ui::AlertItem::Severity::High);
        QVERIFY(rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s2"); }) >= 0);
        QVERIFY2(g_log.join(QLatin1Char('\n')).contains(QStringLiteral("unreadable:legal-status:ls-canary-unknown")),
                 "logged by its record id, without patient data");
    }

    void aPatientWhoseRecordsCannotBeReadAtAllIsListedWithAnAlertAndTheRestStillShow()
    {
        // Not one bad row but a database error on one patient's records: the caseload still lists
        // that patient, with "Records could not be read", and every other patient as before.
        m_window->lockSession();
        QTRY_VERIFY(!m_session->isUnlocked());
        QTest::qWait(50);
        std::string broken;
        {
            auto cache = m_profiles->unlock(kUser, kPassphrase, "test-break");
            QVERIFY2(cache.ok(), cache.message().c_str());
            auto& db = (*cache)->database();
            auto patients = core::store::CaseloadStore(db).caseloadPatients(40);
            QVERIFY(patients.ok() && patients->size() > 9);
            broken = (*patients)[9].id;
            // Every patient's alerts read their discharges. As a view whose column fails (malformed
            // JSON) on this patient's row only, reading this patient's records fails as a damaged
            // page or an I/O error would, while the other patients read normally.
            QVERIFY(db.exec("ALTER TABLE discharges RENAME TO discharges_held").ok());
            QVERIFY(db.exec("INSERT INTO discharges_held (id, patient_id, discharged_at) VALUES ('dis-canary-broken', '" +
                            broken + "', '2026-11-30T10:00:00Z')")
                        .ok());
            QVERIFY(db.exec("CREATE VIEW discharges AS SELECT id, patient_id, CASE WHEN patient_id = '" + broken +
                            "' THEN json('{canary') ELSE discharged_at END AS discharged_at, summary, source "
                            "FROM discharges_held")
                        .ok());
            (*cache)->lock();
        }
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_VERIFY(m_session->isUnlocked());
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        QTRY_VERIFY(model->rowCount() > 8);
        QTRY_VERIFY(rowWhere(*model, [&](const auto& e) { return e.record.patient.id.toStdString() == broken; }) >= 0);
        const int row = rowWhere(*model, [&](const auto& e) { return e.record.patient.id.toStdString() == broken; });
        const auto& record = model->entryAt(row)->record;
        QVERIFY(!record.alerts.isEmpty());
        QCOMPARE(record.alerts.first().key, QStringLiteral("unreadable:patient"));
        QCOMPARE(record.alerts.first().title, QStringLiteral("Records could not be read"));
        QCOMPARE(record.alerts.first().severity, ui::AlertItem::Severity::High);
        QVERIFY2(rowWhere(*model, [](const auto& e) { return e.record.legal.powerCode == QStringLiteral("s2"); }) >= 0,
                 "the other patients' legal status still shows");
        QVERIFY2(g_log.join(QLatin1Char('\n')).contains(QStringLiteral("a caseload patient's alerts could not be worked out")),
                 "logged, by its error code only");
    }

    void aRestrictionOrderHasNoFixedEndAndIsNeverShownAsEnded()
    {
        // A s.37/41 hospital order with restrictions has no end date and is not renewed: it is in
        // force, never "period ended".
        m_window->lockSession();
        QTRY_VERIFY(!m_session->isUnlocked());
        QTest::qWait(50);
        std::string restricted;
        {
            auto cache = m_profiles->unlock(kUser, kPassphrase, "test-restricted");
            QVERIFY2(cache.ok(), cache.message().c_str());
            core::store::CaseloadStore caseload((*cache)->database());
            auto patients = caseload.caseloadPatients(40);
            QVERIFY(patients.ok());
            for (std::size_t i = 10; i < patients->size(); ++i) { // 7 and 9 hold the unreadable records
                auto current = caseload.currentLegalStatus((*patients)[i].id);
                QVERIFY(current.ok());
                if (!*current) {
                    restricted = (*patients)[i].id;
                    break;
                }
            }
            QVERIFY(!restricted.empty());
            const std::string start =
                m_clock.nowUtc().addDays(-60).toString(Qt::ISODate).toStdString(); // two months ago
            QVERIFY(caseload.upsertLegalStatus({"ls-canary-restricted", restricted, "s37/41", start, {}, false, {}}).ok());
            (*cache)->lock();
        }
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_VERIFY(m_session->isUnlocked());
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        QTRY_VERIFY(rowWhere(*model, [&](const auto& e) { return e.record.patient.id.toStdString() == restricted; }) >= 0);
        const int row = rowWhere(*model, [&](const auto& e) { return e.record.patient.id.toStdString() == restricted; });
        const auto& record = model->entryAt(row)->record;
        QVERIFY(record.legal.present);
        QVERIFY(record.legal.noFixedEnd);
        QVERIFY(!record.legal.lapsed);
        QVERIFY2(record.legal.noExpiryReason.contains(QStringLiteral("restriction order")), qPrintable(record.legal.noExpiryReason));
        const QString column = model->index(row, CaseloadModel::LegalColumn).data().toString();
        QCOMPARE(column, QStringLiteral("s37/41 · no fixed end"));

        m_window->openPatient(QString::fromStdString(restricted));
        QTRY_COMPARE(m_window->patientView()->patientId(), QString::fromStdString(restricted));
        auto* banner = m_window->patientView()->banner();
        QTRY_VERIFY2(banner->legalLabel()->text().contains(QStringLiteral("no fixed end")),
                     qPrintable(banner->legalLabel()->text()));
        QVERIFY(!banner->legalLabel()->text().contains(QStringLiteral("period ended")));
        QVERIFY(!banner->legalLabel()->property("urgent").toBool());
        QVERIFY(banner->legalLabel()->toolTip().contains(QStringLiteral("No fixed end")));
        QVERIFY2(!m_window->patientView()->renewalButton()->isVisible(), "a restriction order is not renewed");
        saveScreenshot(*m_window, QStringLiteral("desktop-restriction-order.png"));
    }

    void auditHoldsTheBreakGlassReasonAndTheAcknowledgement()
    {
        m_window->lockSession();
        QTRY_VERIFY(!m_session->isUnlocked());
        QTest::qWait(50);
        auto cache = m_profiles->unlock(kUser, kPassphrase, "test-audit");
        QVERIFY2(cache.ok(), cache.message().c_str());
        auto events = (*cache)->audit().events(0, 5000);
        QVERIFY(events.ok());
        int breakGlass = 0;
        int acknowledged = 0;
        int views = 0;
        int renewals = 0;
        int withdrawals = 0;
        for (const auto& event : *events) {
            if (event.action == core::audit::action::BreakGlass) {
                ++breakGlass;
                QCOMPARE(QString::fromStdString(event.patientId.value_or("")), m_outsider);
                QCOMPARE(QString::fromStdString(event.detail), QStringLiteral("Duty worker / crisis call"));
            }
            if (event.action == ui::ClinicalService::kAcknowledgeAction) {
                ++acknowledged;
                QCOMPARE(QString::fromStdString(event.patientId.value_or("")), m_acknowledgedPatient);
                QCOMPARE(QString::fromStdString(event.detail), m_acknowledgedKey);
            }
            views += event.action == core::audit::action::View ? 1 : 0;
            renewals += event.action == std::string("mha-renewal-record") ? 1 : 0;
            withdrawals += event.action == std::string("mha-renewal-withdraw") ? 1 : 0;
        }
        QCOMPARE(breakGlass, 1); // the refused attempt wrote nothing and showed nothing
        QCOMPARE(renewals, 2); // recorded, withdrawn, recorded again; the refused one wrote nothing
        QCOMPARE(withdrawals, 1); // the one without a reason wrote nothing
        QCOMPARE(acknowledged, 1);
        QVERIFY(views >= 5);
        auto verified = (*cache)->audit().verify();
        QVERIFY(verified.ok() && verified->intact);
        (*cache)->lock();
    }

    void logsNeverHoldNhsNumbersOrNames()
    {
        const QString all = g_log.join(QLatin1Char('\n'));
        QVERIFY(!all.isEmpty());
        QVERIFY2(!QRegularExpression(QStringLiteral("999 ?\\d{3} ?\\d{4}")).match(all).hasMatch(), qPrintable(all));
        for (const auto& p : m_patients)
            QVERIFY2(!all.contains(QString::fromStdString(p.familyName).toUpper() + QStringLiteral(", ")),
                     "a patient name appeared in the log");
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
        qInstallMessageHandler(g_previousHandler);
    }

private:
    QTemporaryDir m_dir{QStringLiteral(AVOCET_UI_TEST_TMP "/desktop-test-XXXXXX")};
    FakeClock m_clock;
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::vector<core::identity::Patient> m_patients;
    QString m_outsider;
    QString m_acknowledgedKey;
    QString m_acknowledgedPatient;
    QString m_unreadablePatient;
};

QTEST_MAIN(DesktopSessionTest)
#include "DesktopSessionTest.moc"

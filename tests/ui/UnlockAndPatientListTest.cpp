// Offscreen UI tests: the real widgets over a real encrypted profile in a temporary folder under
// the build tree. Each step also saves a screenshot for the user guide.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "ui/DemoWorkspace.h"
#include "ui/MainWindow.h"
#include "ui/PatientListView.h"
#include "ui/PatientTableModel.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/WelcomeView.h"

using namespace avocet;
using ui::MainWindow;
using ui::PatientTableModel;

namespace {

constexpr const char* kUser = "r.okafor";
constexpr const char* kPassphrase = "correct horse battery";
constexpr int kPatients = 1200; // more than two pages of the model

void saveScreenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    QTest::qWait(50); // let the last layout and paint settle
    const QString path = QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}

// Every piece of text a widget in the window currently shows.
QStringList visibleTexts(QWidget& window)
{
    QStringList texts;
    for (auto* label : window.findChildren<QLabel*>())
        texts << label->text();
    for (auto* edit : window.findChildren<QLineEdit*>())
        texts << edit->text();
    return texts;
}

void typeAndUnlock(MainWindow& window, const QString& passphrase)
{
    auto* unlock = window.unlockView();
    unlock->passphraseEdit()->clear();
    QTest::keyClicks(unlock->passphraseEdit(), passphrase);
    QTest::keyClick(unlock->passphraseEdit(), Qt::Key_Return);
}

} // namespace

class UnlockAndPatientListTest : public QObject
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
            options.count = kPatients;
            m_patients = core::identity::generateSyntheticPatients(options);
            QVERIFY((*cache)->patients().upsert(m_patients).ok());
            (*cache)->lock();
        }
        m_session = std::make_unique<ui::Session>(*m_profiles);
        ui::MainWindowOptions options;
        options.preferredUser = QString::fromLatin1(kUser);
        m_window = std::make_unique<MainWindow>(*m_session, options);
        m_window->resize(1100, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->start();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
    }

    void unlockScreenPreselectsTheUserAndFocusesThePassphrase()
    {
        auto* unlock = m_window->unlockView();
        QCOMPARE(unlock->selectedUser(), QString::fromLatin1(kUser));
        QCOMPARE(unlock->passphraseEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(!unlock->unlockButton()->isEnabled()); // nothing typed yet
        QVERIFY(!m_window->lockAction()->isEnabled());
        saveScreenshot(*m_window, QStringLiteral("unlock.png"));
    }

    void wrongPassphraseShowsAnErrorAndKeepsTheUnlockScreen()
    {
        typeAndUnlock(*m_window, QStringLiteral("not the passphrase"));
        auto* unlock = m_window->unlockView();
        QTRY_VERIFY(unlock->errorLabel()->isVisible());
        QVERIFY(unlock->errorLabel()->text().contains(QStringLiteral("not right")));
        QCOMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QVERIFY(!m_session->isUnlocked());
        QCOMPARE(m_window->patientModel()->rowCount(), 0);
        saveScreenshot(*m_window, QStringLiteral("unlock-wrong-passphrase.png"));
    }

    void rightPassphraseOpensThePatientList()
    {
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patients);
        QVERIFY(m_session->isUnlocked());
        QVERIFY(m_window->unlockView()->passphraseEdit()->text().isEmpty()); // not kept after unlocking
        auto* model = m_window->patientModel();
        QTRY_COMPARE(model->rowCount(), kPatients);
        QTRY_VERIFY(model->isLoaded(0));
        const QString nhs = model->index(0, PatientTableModel::NhsNumberColumn).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^999 \\d{3} \\d{4}$")).match(nhs).hasMatch(), qPrintable(nhs));
        QVERIFY(model->index(0, PatientTableModel::NameColumn).data().toString().contains(QLatin1Char(',')));
        QVERIFY(m_window->statusText().contains(QString::fromLatin1(kUser)));
        QTRY_VERIFY2(m_window->statusText().contains(QStringLiteral("1,200 patients")),
                     qPrintable(m_window->statusText()));
        const QString born = model->index(0, PatientTableModel::BirthDateColumn).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{2}-[A-Z][a-z]{2}-\\d{4} \\(\\d+ y\\)$")).match(born).hasMatch(),
                 qPrintable(born));
        QVERIFY(m_window->lockAction()->isEnabled());
        QTest::qWait(100);
        saveScreenshot(*m_window, QStringLiteral("patient-list.png"));
    }

    void rowsFarDownTheListArriveWhenScrolledTo()
    {
        auto* model = m_window->patientModel();
        const int farRow = kPatients - 3; // third page
        QVERIFY(!model->isLoaded(farRow));
        m_window->patientListView()->scrollToRow(farRow);
        QTRY_VERIFY(model->isLoaded(farRow));
        QVERIFY(!model->index(farRow, PatientTableModel::NhsNumberColumn).data().toString().isEmpty());
        m_window->patientListView()->scrollToRow(0);
    }

    void searchAsYouTypeNarrowsTheList()
    {
        const auto& target = m_patients.at(7);
        const QString family = QString::fromStdString(target.familyName);
        auto* search = m_window->patientListView()->searchEdit();
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, family);
        auto* model = m_window->patientModel();
        QTRY_VERIFY(model->isSearching() && model->rowCount() > 0);
        QTRY_VERIFY(model->rowCount() < kPatients);
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(model->index(row, PatientTableModel::NameColumn)
                        .data()
                        .toString()
                        .startsWith(family.toUpper(), Qt::CaseInsensitive));
        saveScreenshot(*m_window, QStringLiteral("patient-search.png"));

        // An NHS number typed with spaces finds exactly that patient.
        search->clear();
        QTest::keyClicks(search, QStringLiteral("999 000 0018"));
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, PatientTableModel::NhsNumberColumn).data().toString(), QStringLiteral("999 000 0018"));
    }

    void lockHidesEveryPatientAndLocksTheCache()
    {
        auto* model = m_window->patientModel();
        const QString shownName = model->index(0, PatientTableModel::NameColumn).data().toString();
        QVERIFY(!shownName.isEmpty());
        QSignalSpy locked(m_session.get(), &ui::Session::locked);
        m_window->activateWindow();
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(m_window->patientListView()->searchEdit()->text().isEmpty());
        for (const QString& text : visibleTexts(*m_window)) {
            QVERIFY2(!text.contains(shownName), "a patient name is still on screen after locking");
            QVERIFY2(!text.contains(QStringLiteral("999 000 0018")), "an NHS number is still on screen after locking");
        }
        QTRY_COMPARE(locked.count(), 1);
        QVERIFY(!m_session->isUnlocked());
        QVERIFY(!m_window->lockAction()->isEnabled());
        saveScreenshot(*m_window, QStringLiteral("locked.png"));
    }

    void unlockingAgainReturnsToTheSameView()
    {
        QTRY_COMPARE(m_window->unlockView()->selectedUser(), QString::fromLatin1(kUser));
        typeAndUnlock(*m_window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patients);
        QCOMPARE(m_window->patientListView()->query(), QStringLiteral("999 000 0018"));
        auto* model = m_window->patientModel();
        QTRY_COMPARE(model->rowCount(), 1);
        QVERIFY(model->isSearching());
        QCOMPARE(model->index(0, PatientTableModel::NhsNumberColumn).data().toString(), QStringLiteral("999 000 0018"));
        QTRY_VERIFY2(m_window->statusText().contains(QStringLiteral("1 match · 1,200 patients in the cache")),
                     qPrintable(m_window->statusText()));
    }

    void auditRecordsOneLoginForTheSessionAndEachLock()
    {
        m_window->lockSession();
        QTRY_VERIFY(!m_session->isUnlocked());
        QTest::qWait(50);
        auto cache = m_profiles->unlock(kUser, kPassphrase, "test-audit");
        QVERIFY2(cache.ok(), cache.message().c_str());
        auto events = (*cache)->audit().events(0, 1000);
        QVERIFY(events.ok());
        int logins = 0;
        int locks = 0;
        for (const auto& event : *events) {
            logins += event.action == core::audit::action::Login ? 1 : 0;
            locks += event.action == core::audit::action::Lock ? 1 : 0;
        }
        QCOMPARE(logins, 1);
        QVERIFY(locks >= 3); // seeding, and the two locks in this test
        auto verified = (*cache)->audit().verify();
        QVERIFY(verified.ok() && verified->intact);
        (*cache)->lock();
    }

    void idleSessionLocksItselfButTypingKeepsItOpen()
    {
        ui::Session session(*m_profiles);
        ui::MainWindowOptions options;
        options.idleLockMs = 400;
        MainWindow window(session, options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.start();
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);
        typeAndUnlock(window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Patients);
        // Typing every 150 ms for over a second: never idle for 400 ms, so still open.
        for (int i = 0; i < 8; ++i) {
            QTest::keyClick(window.patientListView()->searchEdit(), Qt::Key_A);
            QTest::qWait(150);
        }
        QCOMPARE(window.screen(), MainWindow::Screen::Patients);
        QVERIFY(session.isUnlocked());
        // Hands off: it locks by itself.
        QTRY_COMPARE_WITH_TIMEOUT(window.screen(), MainWindow::Screen::Unlock, 3000);
        QTRY_VERIFY(!session.isUnlocked());
        QCOMPARE(window.patientModel()->rowCount(), 0);
        QVERIFY(window.statusText().contains(QStringLiteral("without use")));
    }

    void demoWelcomeShowsTheCredentialsAndPreparesTheWorkspace()
    {
        core::store::ProfileStore demoProfiles(m_dir.filePath(QStringLiteral("demo-profiles")).toStdString());
        ui::Session session(demoProfiles);
        ui::MainWindowOptions options;
        options.demo = true;
        options.workspace.kdf = core::crypto::KdfParams::minimal();
        MainWindow window(session, options);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.start();
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Welcome);
        const QStringList texts = visibleTexts(window);
        QVERIFY(texts.contains(QString::fromLatin1(ui::kDemoUser)));
        QVERIFY(texts.contains(QString::fromLatin1(ui::kDemoPassphrase)));
        saveScreenshot(window, QStringLiteral("welcome-demo.png"));

        // "Open the demo workspace" goes straight in: the passphrase was just shown, it is not asked again.
        QTest::mouseClick(window.welcomeView()->continueButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.screen(), MainWindow::Screen::Caseload, 30000);
        QVERIFY(demoProfiles.exists(ui::kDemoUser));
        // After a lock the unlock screen offers the demo user with the passphrase shown beside it.
        window.lockSession();
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);
        QCOMPARE(window.unlockView()->selectedUser(), QString::fromLatin1(ui::kDemoUser));
        QVERIFY(visibleTexts(window).join(QLatin1Char('\n')).contains(QString::fromLatin1(ui::kDemoPassphrase)));
        saveScreenshot(window, QStringLiteral("unlock-demo.png"));
        typeAndUnlock(window, QString::fromLatin1(ui::kDemoPassphrase));
        // The demo user has a team caseload, so it opens first; Ctrl+F searches that caseload, and
        // "Whole trust" (Alt+W) every patient in the cache, those outside the caseload marked.
        QTRY_COMPARE_WITH_TIMEOUT(window.screen(), MainWindow::Screen::Caseload, 10000);
        QTRY_VERIFY(window.caseloadModel()->rowCount() > 0);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Patients);
        auto* list = window.patientListView();
        QTRY_VERIFY(list->caseloadScope()->isChecked());
        QTRY_COMPARE(window.patientModel()->rowCount(), window.caseloadModel()->totalEntries());
        QVERIFY(window.patientModel()->rowCount() < ui::kDemoPatientCount);
        const auto outsideCaseload = [&window] {
            int outside = 0;
            auto* model = window.patientModel();
            for (int row = 0; row < model->rowCount(); ++row)
                outside += model->index(row, PatientTableModel::TeamColumn).data(Qt::ToolTipRole).isValid() ? 1 : 0;
            return outside;
        };
        QCOMPARE(outsideCaseload(), 0);
        saveScreenshot(window, QStringLiteral("demo-patient-search-caseload.png"));
        QTest::keyClick(list->searchEdit(), Qt::Key_W, Qt::AltModifier);
        QTRY_VERIFY(list->trustScope()->isChecked());
        QTRY_COMPARE(window.patientModel()->rowCount(), ui::kDemoPatientCount);
        QTRY_COMPARE(outsideCaseload(), ui::kDemoPatientCount - window.caseloadModel()->totalEntries());
        QTest::qWait(100);
        saveScreenshot(window, QStringLiteral("demo-patient-list.png"));
    }

    void tenThousandPatientsScrollWithoutLoadingThemAll()
    {
        constexpr int kMany = 10'000;
        core::store::ProfileStore profiles(m_dir.filePath(QStringLiteral("big-profiles")).toStdString());
        QVERIFY(profiles.create("w.bennett", kPassphrase, core::crypto::KdfParams::minimal()).ok());
        {
            auto cache = profiles.unlock("w.bennett", kPassphrase, "test-seed");
            QVERIFY(cache.ok());
            core::identity::SyntheticOptions options;
            options.count = kMany;
            QVERIFY((*cache)->patients().upsert(core::identity::generateSyntheticPatients(options)).ok());
            (*cache)->lock();
        }
        ui::Session session(profiles);
        MainWindow window(session, {});
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.start();
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Unlock);
        typeAndUnlock(window, QString::fromLatin1(kPassphrase));
        QTRY_COMPARE(window.screen(), MainWindow::Screen::Patients);
        auto* model = window.patientModel();
        QTRY_COMPARE(model->rowCount(), kMany);
        QTRY_VERIFY(model->isLoaded(0));
        QVERIFY(!model->isLoaded(kMany - 1)); // only what was painted is fetched

        // Jump through the list as a scroll bar drag would: every stop paints at once (rows not yet
        // fetched show "Loading…") and fills in from the worker without blocking the UI thread.
        auto* table = window.patientListView()->table();
        QElapsedTimer slowest;
        qint64 worstPaintMs = 0;
        for (int row = 733; row < kMany; row += 733) {
            window.patientListView()->scrollToRow(row);
            slowest.start();
            table->viewport()->repaint();
            worstPaintMs = std::max(worstPaintMs, slowest.elapsed());
            // The paint did not wait for the page: it is fetched on the worker and arrives later
            // (how fast a paint is belongs to bench/ui, not to a test).
            QVERIFY2(!model->isLoaded(row), qPrintable(QStringLiteral("row %1 was fetched while painting").arg(row)));
            QCOMPARE(model->index(row, PatientTableModel::NameColumn).data().toString(), QStringLiteral("Loading…"));
            QTRY_VERIFY(model->isLoaded(row));
        }
        window.patientListView()->scrollToRow(kMany - 1);
        QTRY_VERIFY(model->isLoaded(kMany - 1));
        QVERIFY(model->loadedPages() <= PatientTableModel::kMaxPages);
        qInfo("10,000 patients: slowest repaint while scrolling %lld ms, %d pages held", worstPaintMs,
              model->loadedPages());
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset(); // locks and waits for the worker
    }

private:
    QTemporaryDir m_dir{QStringLiteral(AVOCET_UI_TEST_TMP "/ui-test-XXXXXX")};
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::vector<core::identity::Patient> m_patients;
};

QTEST_MAIN(UnlockAndPatientListTest)
#include "UnlockAndPatientListTest.moc"

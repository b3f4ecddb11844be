// Offscreen UI test of the clinician's dashboard and the patient's score charts (docs/metrics.md):
// a real encrypted profile with the demo caseload (seeded through the clinical projection, as the
// EPR feeds would leave it), the real main window, the figures computed from the cache off-line.
// Saves screenshots of both into AVOCET_SCREENSHOT_DIR.
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QtCharts/QChartView>
#include <memory>

#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "ui/CaseloadDashboard.h"
#include "ui/CaseloadModel.h"
#include "ui/DemoCaseload.h"
#include "ui/MainWindow.h"
#include "ui/PatientView.h"
#include "ui/ScoreChartView.h"
#include "ui/Session.h"
#include "ui/SessionClock.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"

using namespace avocet;
using ui::MainWindow;

namespace {

constexpr const char* kUser = "d.okafor";
constexpr const char* kPassphrase = "correct horse battery dashboard";

class FixedClock final : public ui::SessionClock
{
public:
    QDateTime nowUtc() const override { return QDateTime(QDate(2026, 11, 24), QTime(9, 0), Qt::UTC); }
    qint64 monotonicMs() const override { return 1'000'000; }
};

void saveScreenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
    QTest::qWait(100); // let the last layout and paint settle
    const QString path = QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}

QString cell(QTableWidget* table, int row, int column)
{
    auto* item = table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace

class DashboardTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ui::initResources();
        ui::applyTheme(*qApp);
        m_profiles = std::make_unique<core::store::ProfileStore>(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(m_profiles->create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
        {
            auto cache = m_profiles->unlock(kUser, kPassphrase, "test-seed");
            QVERIFY(cache.ok());
            core::identity::SyntheticOptions options;
            options.count = 120;
            QVERIFY((*cache)->patients().upsert(core::identity::generateSyntheticPatients(options)).ok());
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
        m_window->resize(1280, 860);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->start();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        auto* unlock = m_window->unlockView();
        QTRY_VERIFY(!unlock->isBusy());
        QTest::keyClicks(unlock->passphraseEdit(), QString::fromLatin1(kPassphrase));
        QTest::keyClick(unlock->passphraseEdit(), Qt::Key_Return);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Caseload);
        QTRY_VERIFY(m_window->caseloadModel()->rowCount() > 0);
    }

    void theDashboardCountsWhatNeedsDoingOnTheCaseload()
    {
        const int caseload = m_window->caseloadModel()->totalEntries();
        m_window->dashboardAction()->trigger();
        QCOMPARE(m_window->screen(), MainWindow::Screen::Dashboard);
        auto* dashboard = m_window->dashboard();
        QTRY_VERIFY(!dashboard->isLoading() && dashboard->worklistTable()->rowCount() == 3);
        auto* table = dashboard->worklistTable();
        QCOMPARE(cell(table, 0, 0), QStringLiteral("Reviews overdue"));
        // The demo record: a risk assessment within 6 months for the first five patients (the first
        // patient's risk plan reviewed a month ago, and each of the five has a Paris risk assessment
        // form from about 90 days ago in the harmonised history); both care plans were reviewed
        // within 12 months. Everyone else's risk assessment is overdue.
        QCOMPARE(cell(table, 0, 1), QString::number(caseload - 5));
        // Open episodes for six patients (five, and the one discharged from the ward three hours ago,
        // whose care coordinator's episode runs on); only the one with yesterday's PHQ-9 has a recent
        // measure.
        QCOMPARE(cell(table, 1, 0), QStringLiteral("Outcome measures due"));
        QCOMPARE(cell(table, 1, 1), QStringLiteral("5"));
        QCOMPARE(cell(table, 2, 0), QStringLiteral("Forms waiting for delivery"));
        QCOMPARE(cell(table, 2, 1), QStringLiteral("0"));
        // Every metric the cache computes, with its target, as a table beside the chart.
        auto* metrics = dashboard->metricsTable();
        QCOMPARE(metrics->rowCount(), 5);
        QCOMPARE(cell(metrics, 0, 0), QStringLiteral("Paired outcome measure at the start and end of care"));
        QCOMPARE(cell(metrics, 3, 0), QStringLiteral("Risk assessment within 6 months"));
        QCOMPARE(cell(metrics, 3, 1), QStringLiteral("5"));
        QCOMPARE(cell(metrics, 3, 2), QString::number(caseload));
        QCOMPARE(cell(metrics, 3, 5), QStringLiteral("no"));
        QVERIFY(!dashboard->worklistChart()->accessibleName().isEmpty());
        QVERIFY(!dashboard->metricsTable()->accessibleName().isEmpty());
        QCOMPARE(dashboard->worklistChart()->chart()->series().size(), 1);
        saveScreenshot(*m_window, QStringLiteral("dashboard-caseload.png"));
    }

    void thePatientScreenChartsEachScoredMeasureOverItsSeverityBands()
    {
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        QTRY_VERIFY(model->rowCount() > 0);
        QString id;
        for (int row = 0; row < model->rowCount() && id.isEmpty(); ++row)
            for (const auto& alert : model->entryAt(row)->record.alerts)
                if (alert.kind == QStringLiteral("score"))
                    id = model->entryAt(row)->record.patient.id;
        QVERIFY(!id.isEmpty());
        m_window->openPatient(id);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        auto* view = m_window->patientView();
        QVERIFY(view->recordTabs() != nullptr);
        view->recordTabs()->setCurrentWidget(view->scoreCharts());
        auto* charts = view->scoreCharts();
        QTRY_COMPARE(charts->instruments(), (QStringList{QStringLiteral("GAD-7"), QStringLiteral("PHQ-9")}));
        QCOMPARE(charts->table()->rowCount(), 7); // GAD-7 three times, PHQ-9 four times
        QCOMPARE(cell(charts->table(), 6, 0), QStringLiteral("PHQ-9"));
        QCOMPARE(cell(charts->table(), 6, 2), QStringLiteral("14"));
        QCOMPARE(cell(charts->table(), 6, 3), QStringLiteral("Moderate"));
        QCOMPARE(cell(charts->table(), 3, 2), QStringLiteral("19"));
        QCOMPARE(cell(charts->table(), 3, 3), QStringLiteral("Moderately severe"));
        QCOMPARE(ui::severityBands(QStringLiteral("GAD-7")).size(), 4);
        const auto views = charts->findChildren<QChartView*>();
        QCOMPARE(views.size(), 2);
        // The bands are drawn under the scores: five PHQ-9 bands, a line and its points.
        bool sawPhq9 = false;
        for (auto* chartView : views) {
            if (!chartView->chart()->title().startsWith(QStringLiteral("PHQ-9")))
                continue;
            sawPhq9 = true;
            QCOMPARE(chartView->chart()->series().size(), 5 + 2);
        }
        QVERIFY(sawPhq9);
        saveScreenshot(*m_window, QStringLiteral("patient-score-charts.png"));
    }

    void lockingClearsTheDashboard()
    {
        m_window->dashboardAction()->trigger();
        QTRY_VERIFY(!m_window->dashboard()->isLoading() && m_window->dashboard()->worklistTable()->rowCount() == 3);
        m_window->lockSession();
        QCOMPARE(m_window->dashboard()->worklistTable()->rowCount(), 0);
        QCOMPARE(m_window->dashboard()->metricsTable()->rowCount(), 0);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
    }

private:
    QTemporaryDir m_dir;
    FixedClock m_clock;
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(DashboardTest)
#include "DashboardTest.moc"

// Offscreen UI tests for sync in the desktop app (issue 6, Client UI): the real engine on the sync
// thread against the in-process FakeFhirServer (real sockets), the status area, the conflicts view
// and the delivery status. Nothing here asserts a duration: the "UI never blocked" test checks that
// the event loop and the session worker keep working while a request hangs.
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

#include <nlohmann/json.hpp>

#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "tests/support/FakeFhirServer.h"
#include "ui/PatientView.h"
#include "ui/SecureClipboard.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/SessionClock.h"
#include "ui/sync/ConflictsView.h"
#include "ui/sync/DeliveryStatusView.h"
#include "ui/sync/SyncStatusWidget.h"
#include "ui/sync/SyncUi.h"

using namespace avocet;
using nlohmann::json;
using ui::sync::SyncState;

namespace {

constexpr const char* kUser = "s.okafor";
constexpr const char* kPassphrase = "correct horse battery";

json phq9Response(const std::string& patientId, int item9)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq-9|1.0"},
            {"subject", {{"reference", "Patient/" + patientId}}},
            {"authored", "2026-11-24T10:15:00Z"},
            {"item",
             json::array({{{"linkId", "phq9-1"},
                           {"text", "Little interest or pleasure in doing things"},
                           {"answer", json::array({{{"valueInteger", 1}}})}},
                          {{"linkId", "phq9-2"},
                           {"text", "Feeling down, depressed, or hopeless"},
                           {"answer", json::array({{{"valueInteger", 2}}})}},
                          {{"linkId", "phq9-9"},
                           {"text", "Thoughts that you would be better off dead"},
                           {"answer", json::array({{{"valueInteger", item9}}})}}})}};
}

void saveShot(QWidget& widget, const QString& name)
{
    const QPixmap shot = widget.grab();
    for (const QString& dir : {QStringLiteral(AVOCET_SCREENSHOT_DIR), QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR)}) {
        QDir().mkpath(dir);
        const QString path = dir + QStringLiteral("/") + name;
        QVERIFY2(shot.save(path), qPrintable(path));
    }
}

} // namespace

class SyncUiTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<QMainWindow> m_window;
    ui::SystemClock m_clock;
    std::unique_ptr<ui::SecureClipboard> m_clipboard;
    ui::PatientView* m_patientView = nullptr;
    ui::sync::SyncUi* m_sync = nullptr;
    std::unique_ptr<test::FakeFhirServer> m_server;
    int m_profileCount = 0;

    ui::sync::SyncController& controller() { return *m_sync->controller(); }
    const SyncState& state() { return m_sync->controller()->state(); }

    // A fresh profile, session and window for every test; short timeouts so hangs end quickly.
    void openSession(ui::sync::SyncControllerOptions options = {})
    {
        const QString root = m_dir.filePath(QStringLiteral("profiles-%1").arg(++m_profileCount));
        m_profiles = std::make_unique<core::store::ProfileStore>(root.toStdString());
        QVERIFY(m_profiles->create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
        m_session = std::make_unique<ui::Session>(*m_profiles);
        m_window = std::make_unique<QMainWindow>();
        m_window->setWindowTitle(QStringLiteral("Avocet"));
        auto* toolbar = m_window->addToolBar(QStringLiteral("Session"));
        m_clipboard = std::make_unique<ui::SecureClipboard>(m_clock);
        m_patientView = new ui::PatientView(m_clock, *m_clipboard, m_window.get());
        m_window->setCentralWidget(m_patientView);
        options.watchNetwork = false;
        options.periodicMs = 0;
        options.offlineProbeMs = 0;
        options.transport.connectTimeout = core::sync::Millis(500);
        options.transport.receiveTimeout = core::sync::Millis(400);
        options.transport.sendTimeout = core::sync::Millis(400);
        options.retry.maxAttempts = 2;
        options.retry.baseDelay = core::sync::Millis(20);
        m_sync = new ui::sync::SyncUi(*m_window, *m_session, toolbar, nullptr, m_patientView, options);
        auto* user = new QLabel(QStringLiteral("s.okafor · Chelmsford CMHT"), m_window.get());
        m_window->statusBar()->addWidget(user, 1);
        m_window->resize(900, 560);
        m_window->show();

        bool done = false;
        m_session->unlock(QString::fromLatin1(kUser), QString::fromLatin1(kPassphrase), this,
                          [&](ui::Reply<ui::Done> reply) {
                              QVERIFY(reply.ok());
                              done = true;
                          });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        // The run started by the unlock finds no server.
        QTRY_COMPARE_WITH_TIMEOUT(state().phase, SyncState::Phase::NotConfigured, 10000);
        QTRY_VERIFY(!controller().isRunning());
    }

    void closeSession()
    {
        m_window.reset(); // deletes the SyncUi and its controller first
        m_clipboard.reset();
        m_session.reset();
        m_profiles.reset();
        m_server.reset();
    }

    void useServer(const std::string& url)
    {
        bool done = false;
        controller().setServer(QString::fromStdString(url), this, [&](ui::Reply<ui::Done> reply) {
            QVERIFY2(reply.ok(), qPrintable(reply.message));
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

    // Runs work with the open cache on the session worker and waits for it.
    template <typename F>
    void withCache(F work)
    {
        bool done = false;
        m_session->withCache<ui::Done>(
            this,
            [work](core::store::Cache& cache) {
                work(cache);
                return ui::Reply<ui::Done>{};
            },
            [&](ui::Reply<ui::Done> reply) {
                QVERIFY(reply.ok());
                done = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

    std::string createLocal(const json& resource)
    {
        std::string localId;
        withCache([&](core::store::Cache& cache) {
            core::sync::SyncStore store(cache.database());
            auto created = store.createLocal(resource);
            if (created)
                localId = created->localId;
        });
        return localId;
    }

    bool syncAndWait()
    {
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);
        controller().syncNow();
        if (!finished.wait(30000))
            return false;
        return finished.first().first().toBool();
    }

private Q_SLOTS:
    void initTestCase() { ui::installTranslations(*qApp); } // as the app: en_GB plurals ("1 conflict")
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup() { closeSession(); }

    void syncPushesPendingChangeAndStatusGoesSyncingThenUpToDate()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-1", 0));
        m_sync->controller()->refresh();
        QTRY_COMPARE(state().pending, 1);
        QTRY_VERIFY(m_sync->statusWidget()->summary().contains(QStringLiteral("1 waiting to send")));

        QVector<SyncState::Phase> phases;
        connect(&controller(), &ui::sync::SyncController::stateChanged, this,
                [&](const SyncState& s) { phases.push_back(s.phase); });
        QVERIFY(syncAndWait());
        QVERIFY(phases.contains(SyncState::Phase::Syncing));
        QCOMPARE(phases.last(), SyncState::Phase::UpToDate);
        QCOMPARE(state().pending, 0);
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));
        QVERIFY(m_sync->statusWidget()->phaseLabelText().startsWith(QStringLiteral("Up to date at ")));
        QCOMPARE(m_sync->statusWidget()->pendingText(), QStringLiteral("nothing waiting"));
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-up-to-date.png"));

        // A delivery receipt from the hub reaches the patient screen on the next sync.
        const auto responses = m_server->live("QuestionnaireResponse");
        const std::string responseId = responses.front().value("id", "");
        for (const auto& [epr, stateCode, extra] :
             {std::tuple<std::string, std::string, json>{"Paris", "delivered",
                                                          {{"output", json::array({{{"type", {{"text", "deliveredAt"}}},
                                                                                    {"valueDateTime", "2026-11-24T14:02:00Z"}}})}}},
              std::tuple<std::string, std::string, json>{
                  "Mobius", "failing",
                  {{"statusReason", {{"text", "Mobius answered 503"}}},
                   {"extension", json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/delivery-next-attempt"},
                                               {"valueDateTime", "2026-11-24T14:40:00Z"}}})}}}}) {
            json task = {{"resourceType", "Task"},
                         {"status", stateCode == "delivered" ? "completed" : "in-progress"},
                         {"intent", "order"},
                         {"code", {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/task-type"},
                                                            {"code", "epr-delivery"}}})}}},
                         {"businessStatus",
                          {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/epr-delivery-state"},
                                                    {"code", stateCode}}})}}},
                         {"focus", {{"reference", "QuestionnaireResponse/" + responseId + "/_history/1"}}},
                         {"for", {{"reference", "Patient/pat-1"}}},
                         {"owner", {{"display", epr}}}};
            task.update(extra);
            (void)m_server->put(task);
        }
        QVERIFY(syncAndWait());
        ui::PatientRow patient;
        patient.id = QStringLiteral("pat-1");
        m_sync->showPatient(patient);
        auto* delivery = m_sync->deliveryView();
        QTRY_VERIFY(delivery->lines().size() >= 3);
        const QString shown = delivery->lines().join(QLatin1Char('\n'));
        QVERIFY2(shown.contains(QStringLiteral("Paris: delivered")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Mobius: failing — Mobius answered 503; retry at")), qPrintable(shown));
        saveShot(*delivery, QStringLiteral("sync-delivery-status.png"));
    }

    void serverErrorShowsFailureThenRecovers()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-2", 0));
        test::FaultRule always;
        always.fault = test::Fault::Status503;
        always.times = -1;
        always.retryAfterSeconds = 0;
        m_server->addFault(always);
        QVERIFY(!syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::Failed);
        QCOMPARE(state().pending, 1);
        QCOMPARE(m_sync->statusWidget()->phaseLabelText(), QStringLiteral("Sync failed"));
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-failed.png"));

        m_server->clearFaults();
        QVERIFY(syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::UpToDate);
        QCOMPARE(state().pending, 0);
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));
    }

    void uiThreadAndSessionWorkerKeepWorkingWhileTheServerHangs()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-3", 0));
        test::FaultRule hang;
        hang.fault = test::Fault::Hang;
        hang.times = -1;
        hang.hang = std::chrono::milliseconds(1200);
        m_server->addFault(hang);

        int ticks = 0;
        QTimer timer;
        timer.setInterval(5);
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start();
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);
        controller().syncNow();
        QVERIFY(controller().isRunning());
        // The UI thread keeps turning while a request hangs…
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= 3, 20000);
        QTRY_COMPARE(state().phase, SyncState::Phase::Syncing);
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-syncing.png"));
        // …and the session worker can still read the cache: the sync thread let go of it.
        bool counted = false;
        m_session->countPatients(this, [&](ui::Reply<qint64> reply) { counted = reply.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(counted, 20000);
        QVERIFY2(finished.isEmpty() || ticks > 0, "the count should not have waited for the sync");
        QVERIFY(finished.wait(30000));
        QVERIFY(ticks >= 3);
        QVERIFY(state().phase != SyncState::Phase::UpToDate);
        QCOMPARE(state().pending, 1);
        m_server->clearFaults();
        QTest::qWait(1500); // the fake server's hanging handler finishes before the server goes
    }

    void conflictAppearsWithBothVersionsAndKeepMineResolvesIt()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        const std::string localId = createLocal(phq9Response("pat-4", 0));
        QVERIFY(syncAndWait());
        auto responses = m_server->live("QuestionnaireResponse");
        QCOMPARE(responses.size(), std::size_t(1));
        // Another clinician changes item 9 on the server…
        json theirs = responses.front();
        theirs["item"][2]["answer"] = json::array({{{"valueInteger", 2}}});
        (void)m_server->put(theirs);
        // …while this computer, off-line, changed item 2 and item 9.
        withCache([&](core::store::Cache& cache) {
            core::sync::SyncStore store(cache.database());
            auto local = store.get("QuestionnaireResponse", localId);
            json mine = (*local)->content;
            mine["item"][1]["answer"] = json::array({{{"valueInteger", 3}}});
            mine["item"][2]["answer"] = json::array({{{"valueInteger", 1}}});
            (void)store.updateLocal("QuestionnaireResponse", localId, mine);
        });
        (void)syncAndWait();
        QTRY_COMPARE(state().conflicts.size(), 1);
        QVERIFY(m_sync->statusWidget()->conflictsButton()->isVisibleTo(m_sync->statusWidget()));
        QCOMPARE(m_sync->statusWidget()->conflictsButton()->text(), QStringLiteral("1 conflict"));
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-conflict.png"));

        // Clicking the count opens the conflicts view with both versions, item by item.
        QTest::mouseClick(m_sync->statusWidget()->conflictsButton(), Qt::LeftButton);
        ui::sync::ConflictsView* view = m_sync->showConflicts();
        QTRY_COMPARE(view->conflictList()->count(), 1);
        QTableWidget* table = view->comparison();
        int item2 = -1;
        int item9 = -1;
        int item1 = -1;
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString key = table->item(r, 0)->text();
            if (key == QStringLiteral("phq9-1"))
                item1 = r;
            if (key == QStringLiteral("phq9-2"))
                item2 = r;
            if (key == QStringLiteral("phq9-9"))
                item9 = r;
        }
        QVERIFY(item1 >= 0 && item2 >= 0 && item9 >= 0);
        QCOMPARE(table->item(item9, 1)->text(), QStringLiteral("Thoughts that you would be better off dead"));
        QCOMPARE(table->item(item9, 2)->text(), QStringLiteral("1"));
        QCOMPARE(table->item(item9, 3)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(item2, 2)->text(), QStringLiteral("3"));
        QCOMPARE(table->item(item2, 3)->text(), QStringLiteral("2"));
        const QColor plain = table->item(item1, 2)->background().color();
        QVERIFY(table->item(item9, 2)->background().color() != plain); // differing rows highlighted
        QVERIFY(table->item(item1, 2)->text() == table->item(item1, 3)->text());
        auto* window = view->window();
        window->resize(1000, 520);
        QTest::qWait(50);
        saveShot(*window, QStringLiteral("sync-conflicts.png"));

        QSignalSpy resolved(view, &ui::sync::ConflictsView::resolved);
        QTest::mouseClick(view->keepMineButton(), Qt::LeftButton);
        QVERIFY(resolved.wait(10000));
        QTRY_COMPARE(state().conflicts.size(), 0);
        QVERIFY(!m_sync->statusWidget()->conflictsButton()->isVisibleTo(m_sync->statusWidget()));
        // The resolution syncs: the server now holds mine.
        QVERIFY(syncAndWait());
        const auto after = m_server->live("QuestionnaireResponse");
        QCOMPARE(after.size(), std::size_t(1));
        QCOMPARE(after.front()["item"][2]["answer"][0].value("valueInteger", -1), 1);
        QCOMPARE(after.front()["item"][1]["answer"][0].value("valueInteger", -1), 3);
    }

    void serverDownShowsOfflineAndPendingCount()
    {
        std::string url;
        {
            test::FakeFhirServer gone; // a port nobody listens on any more
            url = gone.baseUrl();
        }
        openSession();
        useServer(url);
        createLocal(phq9Response("pat-5", 0));
        createLocal(phq9Response("pat-6", 1));
        QVERIFY(!syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::Offline);
        QCOMPARE(state().pending, 2);
        QCOMPARE(m_sync->statusWidget()->phaseLabelText(), QStringLiteral("Off-line"));
        QCOMPARE(m_sync->statusWidget()->pendingText(), QStringLiteral("2 waiting to send"));
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-offline.png"));
    }

    void lockingEndsARunInFlightAndClearsTheStatusArea()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-7", 0));
        test::FaultRule hang;
        hang.fault = test::Fault::Hang;
        hang.times = -1;
        hang.hang = std::chrono::milliseconds(1200);
        m_server->addFault(hang);
        controller().syncNow();
        QTRY_COMPARE(state().phase, SyncState::Phase::Syncing);
        QSignalSpy locked(m_session.get(), &ui::Session::locked);
        m_session->lock();
        QVERIFY(locked.wait(10000));
        QCOMPARE(state().phase, SyncState::Phase::NotConfigured);
        QCOMPARE(state().pending, 0);
        QVERIFY(!m_sync->statusWidget()->isVisibleTo(m_window.get()));
        m_server->clearFaults();
        QTest::qWait(1500); // the fake server's hanging handler finishes before the server goes
    }
};

QTEST_MAIN(SyncUiTest)
#include "SyncUiTest.moc"

// Offscreen UI tests for sync in the desktop app: the real engine on the sync
// thread against the in-process FakeFhirServer (real sockets), the status area, the conflicts view
// and the delivery status; what starts a run (the network coming back, the off-line probe, the
// periodic timer, Sync now and F5). Nothing here asserts a duration: the "UI never blocked" test
// checks that the event loop and the session worker keep working while a request hangs, and the
// trigger tests wait on signals and conditions with generous timeouts.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkInformation>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

#include <nlohmann/json.hpp>

#include "core/forms/DraftStore.h"
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
#include "ui/sync/SyncDialogs.h"
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

// The test default: short timeouts so hangs end quickly, and every automatic trigger (network
// information, off-line probe, periodic timer) off unless a test turns one on.
ui::sync::SyncControllerOptions quietOptions()
{
    ui::sync::SyncControllerOptions options;
    options.watchNetwork = false;
    options.periodicMs = 0;
    options.offlineProbeMs = 0;
    options.transport.connectTimeout = core::sync::Millis(500);
    options.transport.receiveTimeout = core::sync::Millis(400);
    options.transport.sendTimeout = core::sync::Millis(400);
    options.retry.maxAttempts = 2;
    options.retry.baseDelay = core::sync::Millis(20);
    return options;
}

// Every request of the fake server answered by closing the connection: the network is "down".
test::FaultRule networkDown()
{
    test::FaultRule down;
    down.fault = test::Fault::DropBeforeCommit;
    down.times = -1;
    return down;
}

int rowOf(const QTableWidget& table, const QString& key)
{
    for (int r = 0; r < table.rowCount(); ++r)
        if (table.item(r, 0) != nullptr && table.item(r, 0)->text() == key)
            return r;
    return -1;
}

void saveShot(QWidget& widget, const QString& name)
{
    // Lay out what changed since the last turn of the event loop, as the user would see it.
    // (a label's new size reaches the status bar one layout level per round).
    for (int round = 0; round < 4; ++round)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
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

    // A fresh profile, session and window for every test.
    void openSession(ui::sync::SyncControllerOptions options = quietOptions())
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

    // What the cache holds for a local record now, and what it has queued for it.
    std::pair<core::sync::LocalResource, std::optional<core::sync::OutboxRow>> storedLocal(const std::string& localId)
    {
        core::sync::LocalResource resource;
        std::optional<core::sync::OutboxRow> queued;
        withCache([&](core::store::Cache& cache) {
            core::sync::SyncStore store(cache.database());
            auto local = store.get("QuestionnaireResponse", localId);
            if (local && *local)
                resource = **local;
            auto row = store.outboxFor("QuestionnaireResponse", localId);
            if (row)
                queued = *row;
        });
        return {resource, queued};
    }

    // A form synced, then changed on the server by another clinician (item 9 to 2) and here,
    // off-line (item 2 to 3, item 9 to 1): the next run stores a conflict. Returns the local id.
    std::string makeConflict(const std::string& patientId)
    {
        const std::string localId = createLocal(phq9Response(patientId, 0));
        if (!syncAndWait())
            return {};
        const auto responses = m_server->live("QuestionnaireResponse");
        if (responses.size() != 1)
            return {};
        json theirs = responses.front();
        theirs["item"][2]["answer"] = json::array({{{"valueInteger", 2}}});
        (void)m_server->put(theirs);
        withCache([&](core::store::Cache& cache) {
            core::sync::SyncStore store(cache.database());
            auto local = store.get("QuestionnaireResponse", localId);
            json mine = (*local)->content;
            mine["item"][1]["answer"] = json::array({{{"valueInteger", 3}}});
            mine["item"][2]["answer"] = json::array({{{"valueInteger", 1}}});
            (void)store.updateLocal("QuestionnaireResponse", localId, mine);
        });
        (void)syncAndWait();
        return localId;
    }

    // Opens the conflicts view from the status area's count, showing the one conflict; nullptr when
    // there is no conflict to show.
    ui::sync::ConflictsView* openConflicts()
    {
        if (!QTest::qWaitFor([&] { return state().conflicts.size() == 1; }, 10000))
            return nullptr;
        QTest::mouseClick(m_sync->statusWidget()->conflictsButton(), Qt::LeftButton);
        ui::sync::ConflictsView* view = m_sync->showConflicts();
        if (!QTest::qWaitFor([&] { return view->conflictList()->count() == 1; }, 10000))
            return nullptr;
        return view;
    }

    // A session against a fresh fake server with one conflict (makeConflict) open in the conflicts
    // view; nullptr when that could not be set up.
    ui::sync::ConflictsView* conflictOpenInTheView(const std::string& patientId, std::string& localId)
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        localId = makeConflict(patientId);
        return localId.empty() ? nullptr : openConflicts();
    }

    // The conflicts window at the size of the docs' screenshots, saved as `name`.
    static void saveConflictsShot(ui::sync::ConflictsView& view, const QString& name)
    {
        QWidget* window = view.window();
        window->resize(1000, 520);
        QTest::qWait(50);
        saveShot(*window, name);
    }

    // Clicks one of the view's choices; the id the view reports resolved once the controller shows
    // no conflict any more, or -1.
    qint64 chooseInView(ui::sync::ConflictsView& view, QPushButton* choice)
    {
        QSignalSpy resolved(&view, &ui::sync::ConflictsView::resolved);
        QTest::mouseClick(choice, Qt::LeftButton);
        if (!resolved.wait(10000) || !QTest::qWaitFor([&] { return state().conflicts.isEmpty(); }, 10000))
            return -1;
        return resolved.first().first().toLongLong();
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
        QVERIFY2(m_sync->statusWidget()->phaseToolTip().contains(QStringLiteral("kept on this computer")),
                 qPrintable(m_sync->statusWidget()->phaseToolTip()));

        m_server->clearFaults();
        QVERIFY(syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::UpToDate);
        QCOMPARE(state().pending, 0);
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));

        // Failing again after a good sync: the status says how current this computer's records are.
        const QDateTime lastGood = state().upToDateAt;
        QVERIFY(lastGood.isValid());
        createLocal(phq9Response("pat-2", 1));
        m_server->addFault(always);
        QVERIFY(!syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::Failed);
        QCOMPARE(m_sync->statusWidget()->phaseLabelText(),
                 QStringLiteral("Sync failed (last up to date at %1)")
                     .arg(lastGood.toLocalTime().toString(QStringLiteral("HH:mm"))));
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-failed.png"));
        m_server->clearFaults();
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
        // The push of the one waiting change is on the wire: "Syncing 0 of 1…".
        QCOMPARE(m_sync->statusWidget()->phaseLabelText(), QStringLiteral("Syncing 0 of 1…"));
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

    // The clinician keeps typing while a sync pulls many pages, each fetched ahead on a helper
    // thread: every draft the session reported saved is in the cache afterwards, none joined the
    // sync's transactions, and the sync thread alone let go of the cache and took it back.
    void draftsSavedWhileASyncReadsAheadAreAllKept()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        for (int i = 0; i < 240; ++i)
            (void)m_server->put(json{{"resourceType", "Patient"},
                                     {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"},
                                                                  {"value", std::to_string(9990030000LL + i)}}})},
                                     {"name", json::array({{{"family", "CANARY-DRAFTS"}, {"given", {"Test"}}}})}});
        auto options = quietOptions();
        options.pageSize = 8; // thirty pages, each fetched while the one before is applied
        options.linkedPageSize = 8;
        openSession(options);
        useServer(m_server->baseUrl());

        const nlohmann::json form = {{"resourceType", "Questionnaire"}, {"url", "https://fhir.avocet.example/Questionnaire/t"},
                                     {"version", "1"}, {"status", "active"}, {"item", json::array()}};
        QSet<QString> saved;
        int failed = 0;
        int inFlight = 0;
        int issued = 0;
        bool typing = true;
        QTimer keys;
        keys.setInterval(1);
        connect(&keys, &QTimer::timeout, this, [&] {
            if (!typing || inFlight >= 3)
                return;
            ++inFlight;
            const QString id = QStringLiteral("draft-%1").arg(++issued);
            m_session->withCache<ui::Done>(
                this,
                [id, form](core::store::Cache& cache) {
                    core::forms::Draft draft;
                    draft.summary.id = id.toStdString();
                    draft.summary.patientId = "pat-typing";
                    draft.summary.questionnaire = "https://fhir.avocet.example/Questionnaire/t|1";
                    draft.summary.title = "Typing";
                    draft.questionnaireJson = form;
                    draft.response = {{"resourceType", "QuestionnaireResponse"}, {"status", "in-progress"}};
                    ui::Reply<ui::Done> reply;
                    if (core::Status st = core::forms::DraftStore(cache.database()).save(draft); !st) {
                        reply.code = st.code();
                        reply.message = QString::fromStdString(st.message());
                    }
                    return reply;
                },
                [&, id](ui::Reply<ui::Done> reply) {
                    --inFlight;
                    if (reply.ok())
                        saved.insert(id);
                    else
                        ++failed;
                });
        });
        keys.start();
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);
        controller().syncNow();
        QVERIFY(finished.wait(120000));
        typing = false;
        QTRY_COMPARE_WITH_TIMEOUT(inFlight, 0, 20000);
        keys.stop();
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(failed, 0);
        QVERIFY2(saved.size() >= 10, qPrintable(QString::number(saved.size())));
        QCOMPARE(m_server->live("Patient").size(), std::size_t(240));

        QStringList missing;
        int patients = 0;
        withCache([&](core::store::Cache& cache) {
            core::forms::DraftStore drafts(cache.database());
            for (const QString& id : saved) {
                auto loaded = drafts.load(id.toStdString());
                if (!loaded || !*loaded)
                    missing << id;
            }
            core::sync::SyncStore store(cache.database());
            if (auto all = store.list("Patient"))
                patients = int(all->size());
        });
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char(' '))));
        QCOMPARE(patients, 240);
    }

    void conflictAppearsWithBothVersionsAndKeepMineResolvesIt()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        QVERIFY(!makeConflict("pat-4").empty());
        QTRY_COMPARE(state().conflicts.size(), 1);
        QVERIFY(m_sync->statusWidget()->conflictsButton()->isVisibleTo(m_sync->statusWidget()));
        QCOMPARE(m_sync->statusWidget()->conflictsButton()->text(), QStringLiteral("1 conflict"));
        saveShot(*m_window->statusBar(), QStringLiteral("sync-status-conflict.png"));

        // Clicking the count opens the conflicts view with both versions, item by item.
        ui::sync::ConflictsView* view = openConflicts();
        QVERIFY(view != nullptr);
        QTableWidget* table = view->comparison();
        const int item1 = rowOf(*table, QStringLiteral("phq9-1"));
        const int item2 = rowOf(*table, QStringLiteral("phq9-2"));
        const int item9 = rowOf(*table, QStringLiteral("phq9-9"));
        QVERIFY(item1 >= 0 && item2 >= 0 && item9 >= 0);
        QCOMPARE(table->item(item9, 1)->text(), QStringLiteral("Thoughts that you would be better off dead"));
        QCOMPARE(table->item(item9, 2)->text(), QStringLiteral("1"));
        QCOMPARE(table->item(item9, 3)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(item2, 2)->text(), QStringLiteral("3"));
        QCOMPARE(table->item(item2, 3)->text(), QStringLiteral("2"));
        const QColor plain = table->item(item1, 2)->background().color();
        QVERIFY(table->item(item9, 2)->background().color() != plain); // differing rows highlighted
        QVERIFY(table->item(item1, 2)->text() == table->item(item1, 3)->text());
        saveConflictsShot(*view, QStringLiteral("sync-conflicts.png"));

        QVERIFY(chooseInView(*view, view->keepMineButton()) > 0);
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

    // --- What starts a run -------------------------------------------------------------------

    // Qt's network information reporting the network back starts a run; the run asks the server
    // first (GET metadata) and stays "Off-line" while it does not answer. Where a network
    // information backend is loaded, the report goes through its reachabilityChanged signal, so the
    // controller's own connection to it is what is driven; otherwise through the same slot directly.
    void networkComingBackStartsARunThatSendsWhatWaited()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        auto options = quietOptions();
        options.watchNetwork = true;
        openSession(options);
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-8", 0));
        m_server->addFault(networkDown());
        QVERIFY(!syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::Offline);
        QCOMPARE(state().pending, 1);

        QNetworkInformation* info = QNetworkInformation::instance();
        qInfo("network information backend: %s", info ? qPrintable(info->backendName()) : "none");
        auto report = [&](bool online) {
            if (info != nullptr)
                Q_EMIT info->reachabilityChanged(online ? QNetworkInformation::Reachability::Online
                                                        : QNetworkInformation::Reachability::Disconnected);
            else
                controller().setNetworkReachable(online);
        };
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);

        // The network comes back but the server still does not answer: the probe keeps it off-line.
        report(false);
        QCOMPARE(state().phase, SyncState::Phase::Offline);
        const int probes = m_server->requests("GET", "/metadata");
        const int writes = m_server->requests("POST", "/");
        report(true);
        QVERIFY(controller().isRunning());
        QVERIFY(finished.wait(30000));
        QVERIFY(!finished.takeFirst().first().toBool());
        QVERIFY(m_server->requests("GET", "/metadata") > probes);
        QCOMPARE(state().phase, SyncState::Phase::Offline);
        QCOMPARE(state().pending, 1);
        QCOMPARE(m_server->requests("POST", "/"), writes); // the probe failed: nothing was sent

        // The server answers again: the next time the network comes back, the change goes.
        m_server->clearFaults();
        report(false);
        report(true);
        QVERIFY(controller().isRunning());
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.takeFirst().first().toBool());
        QCOMPARE(state().phase, SyncState::Phase::UpToDate);
        QCOMPARE(state().pending, 0);
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));

        // Reachability reported again while up to date with nothing waiting starts nothing.
        controller().setNetworkReachable(true);
        QVERIFY(!controller().isRunning());
    }

    // While off-line with no news from the network information (none here: no backend watched),
    // the cheap probe on its timer finds the server again and the run sends what waited.
    void offlineProbeSyncsWhenTheServerAnswersAgain()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        auto options = quietOptions();
        options.offlineProbeMs = 200;
        openSession(options);
        QVERIFY(!controller().offlineProbeTimer()->isActive()); // not off-line yet
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-9", 0));
        m_server->addFault(networkDown());
        QVERIFY(!syncAndWait());
        QCOMPARE(state().phase, SyncState::Phase::Offline);
        QVERIFY(controller().offlineProbeTimer()->isActive());
        QCOMPARE(controller().offlineProbeTimer()->interval(), 200);

        // Nobody presses anything: the probe keeps asking while the server is unreachable…
        const int probes = m_server->requests("GET", "/metadata");
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requests("GET", "/metadata") >= probes + 2, 30000);
        QVERIFY(m_server->live("QuestionnaireResponse").empty());
        QCOMPARE(state().phase, SyncState::Phase::Offline);

        // …and once it answers, a run sends the waiting change; the probe stops.
        m_server->clearFaults();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->live("QuestionnaireResponse").size(), std::size_t(1), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(state().phase, SyncState::Phase::UpToDate, 30000);
        QCOMPARE(state().pending, 0);
        QVERIFY(!controller().offlineProbeTimer()->isActive());
    }

    // The periodic timer (SyncControllerOptions::periodicMs, five minutes in the app) starts runs
    // by itself while unlocked, and stops when the session locks.
    void periodicTimerStartsARun()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        auto options = quietOptions();
        options.periodicMs = 250;
        openSession(options);
        QVERIFY(controller().periodicTimer()->isActive());
        QCOMPARE(controller().periodicTimer()->interval(), 250);
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-10", 0));

        // Nothing else starts a run here (no Sync now, no network report, no probe).
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->live("QuestionnaireResponse").size(), std::size_t(1), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(state().pending, 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(state().phase, SyncState::Phase::UpToDate, 30000);
        QVERIFY(!finished.isEmpty());

        QSignalSpy locked(m_session.get(), &ui::Session::locked);
        m_session->lock();
        QVERIFY(locked.wait(10000));
        QVERIFY(!controller().periodicTimer()->isActive());
    }

    // "Sync now" is in the Sync menu and on the toolbar, with F5 as its shortcut: the key and the
    // toolbar button each start a run.
    void syncNowActionAndF5StartARun()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        openSession();
        useServer(m_server->baseUrl());
        auto* action = m_window->findChild<QAction*>(QStringLiteral("syncNowAction"));
        QVERIFY(action != nullptr);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::Key_F5));
        QVERIFY(action->isEnabled());
        bool inMenu = false;
        for (QMenu* menu : m_window->menuBar()->findChildren<QMenu*>())
            inMenu = inMenu || menu->actions().contains(action);
        QVERIFY(inMenu);
        auto* toolbar = m_window->findChild<QToolBar*>();
        QVERIFY(toolbar != nullptr && toolbar->actions().contains(action));

        // F5 in the main window.
        createLocal(phq9Response("pat-11", 0));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.takeFirst().first().toBool());
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));

        // The toolbar button.
        createLocal(phq9Response("pat-12", 1));
        auto* button = qobject_cast<QToolButton*>(toolbar->widgetForAction(action));
        QVERIFY(button != nullptr);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.takeFirst().first().toBool());
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(2));
        QCOMPARE(state().pending, 0);
    }

    // --- The status area's texts ---------------------------------------------------------------

    // "Syncing n of m…" as the push goes: 1 of 3 when the connection fails after the first change,
    // then 0 of 2 and 2 of 2 on the next run, which ends "Up to date at".
    void statusAreaCountsThePushAsItGoes()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        m_server->setBatchSupported(false); // one request per change, so the count moves one by one
        openSession();
        useServer(m_server->baseUrl());
        for (int i = 0; i < 3; ++i)
            createLocal(phq9Response("pat-13", i));
        test::FaultRule afterFirst = networkDown();
        afterFirst.method = "POST";
        afterFirst.pathPrefix = "/QuestionnaireResponse";
        afterFirst.skip = 1;
        m_server->addFault(afterFirst);

        // The status area's text after every state the controller reports (the widget is updated
        // first: SyncUi connected before this test did).
        QStringList shown;
        connect(&controller(), &ui::sync::SyncController::stateChanged, this,
                [&](const SyncState&) { shown << m_sync->statusWidget()->phaseLabelText(); });
        QVERIFY(!syncAndWait());
        QVERIFY2(shown.contains(QStringLiteral("Syncing 0 of 3…")), qPrintable(shown.join(QStringLiteral(" | "))));
        QVERIFY2(shown.contains(QStringLiteral("Syncing 1 of 3…")), qPrintable(shown.join(QStringLiteral(" | "))));
        QCOMPARE(state().pending, 2);
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));

        m_server->clearFaults();
        m_server->setBatchSupported(true); // the audit chain goes up in a Bundle only
        shown.clear();
        const bool complete = syncAndWait();
        QVERIFY2(complete, qPrintable(state().lastError + QStringLiteral(" / ") + shown.join(QStringLiteral(" | "))));
        const QStringList expected{QStringLiteral("Syncing 0 of 2…"), QStringLiteral("Syncing 2 of 2…")};
        QVERIFY2(shown.indexOf(expected[0]) >= 0 && shown.indexOf(expected[0]) < shown.indexOf(expected[1]),
                 qPrintable(shown.join(QStringLiteral(" | "))));
        QVERIFY(shown.last().startsWith(QStringLiteral("Up to date at ")));
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(3));
    }

    // A change the server refuses: "1 failed" in the status area; the click shows the record with
    // the reason; "Send again" sends it once the server takes it.
    void refusedChangeShowsFailedCountAndTheReason()
    {
        m_server = std::make_unique<test::FakeFhirServer>();
        m_server->setMaxBundleEntries(0); // every Bundle is too large: 413 down to one entry
        openSession();
        useServer(m_server->baseUrl());
        createLocal(phq9Response("pat-14", 0));
        (void)syncAndWait();
        QTRY_COMPARE(state().failures.size(), 1);
        QCOMPARE(state().pending, 0);
        auto* status = m_sync->statusWidget();
        QVERIFY(status->failuresButton()->isVisibleTo(status));
        QCOMPARE(status->failuresButton()->text(), QStringLiteral("1 failed"));
        QVERIFY2(status->summary().contains(QStringLiteral("1 failed")), qPrintable(status->summary()));

        QTest::mouseClick(status->failuresButton(), Qt::LeftButton);
        ui::sync::FailuresDialog* dialog = m_sync->showFailures();
        QVERIFY(dialog->isVisible());
        QTableWidget* table = dialog->table();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Form"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("the server refused the record as too large"));
        QVERIFY(m_server->live("QuestionnaireResponse").empty());

        // The server takes it now; Send again queues it and runs.
        m_server->setMaxBundleEntries(500);
        auto* retry = dialog->findChild<QPushButton*>(QStringLiteral("sendAgain"));
        QVERIFY(retry != nullptr && retry->isEnabled());
        QSignalSpy finished(&controller(), &ui::sync::SyncController::runFinished);
        QTest::mouseClick(retry, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QTRY_COMPARE(state().failures.size(), 0);
        QCOMPARE(m_server->live("QuestionnaireResponse").size(), std::size_t(1));
        QVERIFY(!status->failuresButton()->isVisibleTo(status));
        QCOMPARE(table->rowCount(), 0);
    }

    // --- Conflicts: keep theirs, merge per item --------------------------------------------------

    void keepTheirsInTheViewTakesTheServersVersion()
    {
        std::string localId;
        ui::sync::ConflictsView* view = conflictOpenInTheView("pat-15", localId);
        QVERIFY(view != nullptr);
        const std::string serverId = state().conflicts.front().serverId.toStdString();
        QCOMPARE(view->keepTheirsButton()->text(), QStringLiteral("Keep theirs"));

        QVERIFY(chooseInView(*view, view->keepTheirsButton()) > 0);
        QCOMPARE(view->message(), QStringLiteral("Saved. It will be sent at the next sync."));

        // The cache holds the server's version and sends nothing for it.
        const auto [local, queued] = storedLocal(localId);
        QCOMPARE(local.content["item"][1]["answer"][0].value("valueInteger", -1), 2);
        QCOMPARE(local.content["item"][2]["answer"][0].value("valueInteger", -1), 2);
        QCOMPARE(local.versionId.value_or(""), std::string("2"));
        QVERIFY(!queued.has_value());
        QCOMPARE(state().pending, 0);
        QVERIFY(syncAndWait());
        QCOMPARE(m_server->versionsOf("QuestionnaireResponse", serverId), std::size_t(2));
        QCOMPARE(m_server->current("QuestionnaireResponse", serverId)->at("item")[1]["answer"][0].value("valueInteger", -1), 2);
    }

    // Merge per item: item 9 ticked "Take theirs", item 2 left as mine. The merged form is what the
    // cache keeps, queued as an update on top of the server's version, and what the server ends with.
    void mergePerItemInTheViewStoresAndSendsTheMergedForm()
    {
        std::string localId;
        ui::sync::ConflictsView* view = conflictOpenInTheView("pat-16", localId);
        QVERIFY(view != nullptr);
        const auto conflict = state().conflicts.front();
        QCOMPARE(conflict.serverVersion, QStringLiteral("2"));

        QTableWidget* table = view->comparison();
        constexpr int takeTheirsColumn = 4;
        const int item1 = rowOf(*table, QStringLiteral("phq9-1"));
        const int item2 = rowOf(*table, QStringLiteral("phq9-2"));
        const int item9 = rowOf(*table, QStringLiteral("phq9-9"));
        QVERIFY(item1 >= 0 && item2 >= 0 && item9 >= 0);
        // Only the rows that differ can be ticked.
        QVERIFY(!(table->item(item1, takeTheirsColumn)->flags() & Qt::ItemIsUserCheckable));
        QVERIFY(table->item(item9, takeTheirsColumn)->flags() & Qt::ItemIsUserCheckable);
        QCOMPARE(table->item(item9, takeTheirsColumn)->checkState(), Qt::Unchecked);
        QVERIFY(view->mergeButton()->isEnabled());

        // Tick item 9 from the keyboard, as a user would: the cell, then Space.
        table->setFocus();
        table->setCurrentCell(item9, takeTheirsColumn);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(table->item(item9, takeTheirsColumn)->checkState(), Qt::Checked);
        QCOMPARE(table->item(item2, takeTheirsColumn)->checkState(), Qt::Unchecked);
        saveConflictsShot(*view, QStringLiteral("sync-conflicts-merge.png"));

        QCOMPARE(chooseInView(*view, view->mergeButton()), conflict.id);
        QCOMPARE(state().pending, 1);

        // Stored: item 2 mine (3), item 9 theirs (2), the rest as both had it; queued as an update
        // whose base is the server's version (so it is sent with If-Match: W/"2").
        const auto [local, queued] = storedLocal(localId);
        QCOMPARE(local.content["item"][0]["answer"][0].value("valueInteger", -1), 1);
        QCOMPARE(local.content["item"][1]["answer"][0].value("valueInteger", -1), 3);
        QCOMPARE(local.content["item"][2]["answer"][0].value("valueInteger", -1), 2);
        QCOMPARE(local.content.value("id", ""), conflict.serverId.toStdString());
        QCOMPARE(local.versionId.value_or(""), std::string("2"));
        QVERIFY(queued.has_value());
        QCOMPARE(queued->op, std::string("update"));
        QCOMPARE(queued->baseVersion.value_or(""), std::string("2"));
        QCOMPARE(queued->state, std::string("pending"));

        // The merge syncs: version 3 on the server is the merged form.
        QVERIFY(syncAndWait());
        const std::string serverId = conflict.serverId.toStdString();
        QCOMPARE(m_server->versionsOf("QuestionnaireResponse", serverId), std::size_t(3));
        const json onServer = *m_server->current("QuestionnaireResponse", serverId);
        QCOMPARE(onServer["item"][1]["answer"][0].value("valueInteger", -1), 3);
        QCOMPARE(onServer["item"][2]["answer"][0].value("valueInteger", -1), 2);
        QCOMPARE(state().conflicts.size(), 0);
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

#include "ui/sync/SyncController.h"

#include "core/sync/LoopbackRedirect.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QUrl>

#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <mutex>

#include "core/store/Cache.h"
#include "core/sync/DesktopProjection.h"
#include "core/usecases/SyncedRecords.h"
#include "core/sync/FhirClient.h"
#include "core/sync/SyncEngine.h"
#include "core/sync/SyncStore.h"
#include "ui/sync/SyncGate.h"

Q_LOGGING_CATEGORY(lcSync, "avocet.ui.sync")

namespace avocet::ui::sync {

using core::ErrorCode;
namespace cs = core::sync;

namespace {

// Why the hub ended the sign-on, in the user's words (the hub's own words for a reason not named here).
QString signOnEndedText(const std::string& reason, const std::string& serverWords)
{
    if (reason == "ended-at-provider")
        return SyncController::tr("Your session at the trust's sign-in service ended (you signed out there, or it "
                                  "was ended for you).");
    if (reason == "revoked-at-provider")
        return SyncController::tr("The trust's sign-in service no longer vouches for your account.");
    if (reason == "no-role")
        return SyncController::tr("Your trust account no longer has a role in Avocet; ask the service desk if that "
                                  "is wrong.");
    return QString::fromStdString(serverWords);
}

template <typename T, typename R>
Reply<T> failure(const R& result)
{
    Reply<T> reply;
    reply.code = result.code();
    reply.message = QString::fromStdString(result.message());
    return reply;
}

// The engine's probe (GET metadata) told apart: no answer at all is off-line; an answer of 500 or
// more means the network is there but the server is failing.
enum class Reach { Offline, ServerFailing, Reachable };

Reach probe(cs::SyncEngine& engine, const std::string& server)
{
    auto url = cs::parseBaseUrl(server);
    if (!url || engine.client() == nullptr)
        return Reach::Offline;
    cs::HttpRequest request{"GET", url->basePath + "/metadata", {{"Accept", "application/fhir+json"}}, {}};
    auto response = engine.client()->transport().send(request);
    if (!response)
        return Reach::Offline;
    return response->status < 500 ? Reach::Reachable : Reach::ServerFailing;
}

// What the run brought, into the desktop's patient index and caseload teams (core/sync
// DesktopProjection): the hub's caseload lists when it answers, the synced Patients always; then
// their clinical record (ClinicalProjection). True when the index, the teams or the record changed.
bool projectToDesktop(cs::SyncEngine& engine, core::store::Cache& cache, bool askServer)
{
    auto projected = core::usecases::projectSyncedRecords(engine, cache, askServer);
    if (!projected) {
        qCWarning(lcSync) << "synced patients not shown, code" << int(projected.code());
        return false;
    }
    if (projected->caseloadError.code != core::ErrorCode::Ok)
        qCWarning(lcSync) << "caseload lists not read, code" << int(projected->caseloadError.code);
    if (projected->summary.unplaced > 0)
        qCInfo(lcSync) << projected->summary.unplaced
                       << "synced patient(s) have no EPR record identifier and are not listed";
    if (projected->clinical.skipped() > 0)
        qCInfo(lcSync) << projected->clinical.skipped()
                       << "synced clinical record(s) could not be read and are not shown";
    return projected->summary.changed() || projected->clinical.changed;
}

} // namespace

// The sync thread's half. Shared with the session's before-close hook, which may run after the
// controller is gone (the session outlives the window).
struct SyncController::Core
{
    Core(Session& s, SyncControllerOptions o) : session(s), options(std::move(o))
    {
        pool.setMaxThreadCount(1); // one sync thread: runs, resolutions and logins in order
        pool.setExpiryTimeout(-1);
    }

    Session& session;
    SyncControllerOptions options;
    QThreadPool pool;
    std::atomic<bool> closing{true};
    std::atomic<bool> patientsChanged{false}; // set on the sync thread, read by the UI thread

    // Sync thread only.
    std::unique_ptr<cs::SyncEngine> engine;
    std::unique_lock<std::mutex>* held = nullptr; // the running job's hold on the cache
    std::mutex gateMutex;                          // guards gate (aborted from other threads)
    std::shared_ptr<SyncGate> gate;
    std::string engineServer;
    SyncState last; // the last full snapshot, to which progress adds phase and counts

    std::mutex sinkMutex;
    std::function<void(const SyncState&)> sink;

    // Session worker (before the cache closes) or UI thread (controller destroyed): ends any run
    // at once and drops the engine, which refers to the cache's database.
    void close()
    {
        closing.store(true);
        abortGate();
        pool.waitForDone();
        engine.reset();
        currentGate(nullptr);
        engineServer.clear();
        last = {};
    }

    void abortGate()
    {
        std::lock_guard lock(gateMutex);
        if (gate)
            gate->abort();
    }
    // Replaces the gate (sync thread) and returns the one now in use.
    std::shared_ptr<SyncGate> currentGate(std::shared_ptr<SyncGate> replacement, bool replace = true)
    {
        std::lock_guard lock(gateMutex);
        if (replace)
            gate = std::move(replacement);
        return gate;
    }
    std::shared_ptr<SyncGate> currentGate() { return currentGate(nullptr, false); }

    void publish(const SyncState& state)
    {
        last = state;
        std::lock_guard lock(sinkMutex);
        if (sink)
            sink(state);
    }

    // Runs work on the sync thread with the open cache held; a "locked" reply when there is none.
    template <typename T, typename Work>
    Reply<T> withCache(Work work)
    {
        if (closing.load())
            return Session::lockedReply<T>();
        std::unique_lock hold(session.cacheMutex());
        core::store::Cache* cache = session.openCache();
        if (cache == nullptr || closing.load())
            return Session::lockedReply<T>();
        held = &hold;
        if (auto current = currentGate())
            current->attach(&hold, &cache->database());
        Reply<T> reply = work(*cache);
        if (auto current = currentGate())
            current->detach();
        held = nullptr;
        return reply;
    }

    core::Result<std::optional<std::string>> configuredServer(core::store::Cache& cache)
    {
        cs::SyncStore store(cache.database());
        return store.state("server");
    }

    // The engine for `server` (the configured one when empty); nullptr when none is configured.
    core::Result<cs::SyncEngine*> engineFor(core::store::Cache& cache, std::string server = {})
    {
        if (server.empty()) {
            auto stored = configuredServer(cache);
            if (!stored)
                return stored.error();
            server = stored->value_or("");
        }
        if (server.empty()) {
            engine.reset();
            engineServer.clear();
            return static_cast<cs::SyncEngine*>(nullptr);
        }
        if (engine && engineServer == server)
            return engine.get();
        engine.reset();
        cs::SyncConfig config;
        config.baseUrl = server;
        config.transport = options.transport;
        config.retry = options.retry;
        config.pullMappings = true; // published EPR mappings reach the clinician (none on other servers)
        if (options.pageSize > 0)
            config.pageSize = options.pageSize;
        if (options.linkedPageSize > 0)
            config.linkedPageSize = options.linkedPageSize;
        auto url = cs::parseBaseUrl(server);
        if (!url)
            return url.error();
        auto transport = cs::makePocoTransport(server, config.transport);
        if (!transport)
            return transport.error();
        auto newGate = std::make_shared<SyncGate>();
        auto clock = std::make_shared<GatedClock>(newGate);
        auto client = std::make_unique<cs::FhirClient>(std::make_unique<GatedTransport>(std::move(*transport), newGate),
                                                       url->basePath, config.retry, clock, cs::systemRandom());
        engine = std::make_unique<cs::SyncEngine>(cache.database(), config, std::move(client), clock);
        engine->setAuditLog(&cache.audit());
        if (core::Status st = engine->loadStoredToken(); !st)
            qCWarning(lcSync) << "could not read the stored sign-in, code" << int(st.code());
        engine->onProgress([this](const cs::SyncStatus& progress) {
            SyncState state = last;
            state.phase = progress.phase == cs::SyncPhase::Syncing ? SyncState::Phase::Syncing : state.phase;
            state.done = progress.done;
            state.total = progress.total;
            publish(state);
        });
        engineServer = server;
        newGate->attach(held, &cache.database()); // this job's hold on the cache
        currentGate(std::move(newGate));
        return engine.get();
    }

    // The status from the cache, with or without an engine.
    SyncState snapshot(core::store::Cache& cache)
    {
        const QString server = QString::fromStdString(engineServer);
        if (engine)
            return fromCore(engine->status(), server);
        cs::SyncStatus status;
        cs::SyncStore store(cache.database());
        if (auto pending = store.pendingChangeCount())
            status.pending = *pending;
        if (auto failures = store.failures())
            status.failures = std::move(*failures);
        if (auto conflicts = store.conflicts(true))
            status.conflicts = std::move(*conflicts);
        return fromCore(status, server);
    }
};

SyncController::SyncController(Session& session, SyncControllerOptions options, QObject* parent)
    : QObject(parent), m_session(session), m_options(options), m_core(std::make_shared<Core>(session, options))
{
    qRegisterMetaType<SyncState>();
    {
        std::lock_guard lock(m_core->sinkMutex);
        m_core->sink = [this](const SyncState& state) {
            QMetaObject::invokeMethod(this, [this, state] { applyState(state); }, Qt::QueuedConnection);
        };
    }
    session.setBeforeCacheCloses([core = m_core] { core->close(); });
    connect(&session, &Session::unlocked, this, &SyncController::onUnlocked);
    connect(&session, &Session::locked, this, &SyncController::onLocked);

    m_periodic.setInterval(m_options.periodicMs);
    connect(&m_periodic, &QTimer::timeout, this, [this] { syncNow(Trigger::Timer); });
    m_offlineProbe.setInterval(m_options.offlineProbeMs);
    connect(&m_offlineProbe, &QTimer::timeout, this, [this] { syncNow(Trigger::NetworkBack); });
    if (m_options.watchNetwork)
        watchNetwork();
    if (session.isUnlocked())
        onUnlocked();
}

SyncController::~SyncController()
{
    {
        std::lock_guard lock(m_core->sinkMutex);
        m_core->sink = nullptr;
    }
    // The hook stays with the session (it holds the core); stop what runs now.
    m_core->closing.store(true);
    m_core->abortGate();
    m_core->pool.waitForDone();
}

void SyncController::watchNetwork()
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcSync) << "no network information backend: relying on the probe and the timer";
        return;
    }
    auto* info = QNetworkInformation::instance();
    connect(info, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
        setNetworkReachable(r == QNetworkInformation::Reachability::Online ||
                            r == QNetworkInformation::Reachability::Site);
    });
}

void SyncController::setNetworkReachable(bool reachable)
{
    if (!m_unlocked || !m_state.isConfigured())
        return;
    if (reachable) {
        if (m_state.phase != SyncState::Phase::UpToDate || m_state.pending > 0)
            syncNow(Trigger::NetworkBack);
        return;
    }
    SyncState state = m_state;
    state.phase = SyncState::Phase::Offline;
    applyState(state);
}

template <typename T>
void SyncController::post(QObject* context, std::function<Reply<T>()> work, std::function<void(Reply<T>)> done)
{
    auto* watcher = new QFutureWatcher<Reply<T>>(context);
    connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&m_core->pool, std::move(work)));
}

void SyncController::onUnlocked()
{
    m_unlocked = true;
    m_core->closing.store(false);
    if (m_options.periodicMs > 0)
        m_periodic.start();
    if (m_options.syncOnUnlock)
        syncNow(Trigger::Unlock);
    else
        refresh();
}

void SyncController::onLocked()
{
    m_unlocked = false;
    m_again = false;
    m_periodic.stop();
    m_offlineProbe.stop();
    applyState(SyncState{}); // nothing of the last user's records stays in the status area
}

void SyncController::applyState(const SyncState& state)
{
    if (!m_unlocked && state.isConfigured())
        return; // a late report after locking
    m_state = state;
    if (m_state.phase == SyncState::Phase::Offline && m_options.offlineProbeMs > 0 && m_unlocked) {
        if (!m_offlineProbe.isActive())
            m_offlineProbe.start();
    } else {
        m_offlineProbe.stop();
    }
    Q_EMIT stateChanged(m_state);
}

void SyncController::refresh()
{
    auto core = m_core;
    post<Done>(
        this,
        [core]() {
            return core->withCache<Done>([&](core::store::Cache& cache) -> Reply<Done> {
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<Done>(engine);
                SyncState state = core->snapshot(cache);
                core->publish(state);
                return {};
            });
        },
        [](Reply<Done>) {});
}

void SyncController::syncNow(Trigger trigger)
{
    if (!m_unlocked)
        return;
    if (m_running) {
        m_again = trigger == Trigger::SyncNow || trigger == Trigger::NetworkBack || trigger == Trigger::FormCompleted ||
                  m_again;
        return;
    }
    m_running = true;
    auto core = m_core;
    const bool probeFirst =
        trigger == Trigger::Timer || trigger == Trigger::NetworkBack || trigger == Trigger::FormCompleted;
    post<bool>(
        this,
        [core, probeFirst]() {
            return core->withCache<bool>([&](core::store::Cache& cache) -> Reply<bool> {
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<bool>(engine);
                if (*engine == nullptr) {
                    core->publish(core->snapshot(cache));
                    return {};
                }
                SyncState before = core->snapshot(cache);
                if (probeFirst) {
                    if (const Reach reach = probe(**engine, core->engineServer); reach != Reach::Reachable) {
                        before.phase = reach == Reach::Offline ? SyncState::Phase::Offline : SyncState::Phase::Failed;
                        core->publish(before);
                        return {};
                    }
                }
                before.phase = SyncState::Phase::Syncing;
                before.done = 0;
                before.total = before.pending;
                core->publish(before);
                auto summary = (*engine)->syncNow();
                if (projectToDesktop(**engine, cache, summary.ok() && summary->error.empty()))
                    core->patientsChanged.store(true);
                SyncState after = core->snapshot(cache);
                if (!summary) {
                    after.phase = SyncState::Phase::Failed;
                    after.lastError = QString::fromStdString(summary.message());
                    core->publish(after);
                    return failure<bool>(summary);
                }
                // The engine calls a run that could not reach the server "off-line"; ask once more
                // whether the network or the server is at fault.
                if (!summary->complete && after.failures.isEmpty() && after.conflicts.isEmpty()) {
                    const Reach reach = probe(**engine, core->engineServer);
                    if (reach == Reach::Offline)
                        after.phase = SyncState::Phase::Offline;
                    else if (after.phase == SyncState::Phase::Offline || after.phase == SyncState::Phase::UpToDate)
                        after.phase = SyncState::Phase::Failed;
                }
                core->publish(after);
                if (!summary->signOnEnded.empty()) {
                    // Not a network failure: the sign-on itself ended. The done handler locks.
                    Reply<bool> ended;
                    ended.code = ErrorCode::WrongPassphrase;
                    ended.message = signOnEndedText(summary->signOnEndedReason, summary->signOnEnded);
                    return ended;
                }
                Reply<bool> reply;
                reply.value = summary->complete;
                return reply;
            });
        },
        [this](Reply<bool> reply) {
            m_running = false;
            if (!reply.ok() && reply.code == ErrorCode::WrongPassphrase) {
                qCWarning(lcSync) << "the identity provider ended the sign-on";
                Q_EMIT signOnEnded(reply.message);
            } else if (!reply.ok() && reply.code != ErrorCode::ProfileLocked) {
                qCWarning(lcSync) << "sync run failed, code" << int(reply.code);
            }
            Q_EMIT runFinished(reply.ok() && reply.value);
            if (m_core->patientsChanged.exchange(false))
                Q_EMIT patientsChanged();
            if (m_again && m_unlocked) {
                m_again = false;
                syncNow(Trigger::SyncNow);
            }
        });
}

void SyncController::prepareForOffline(int hours)
{
    if (!m_unlocked)
        return;
    auto core = m_core;
    post<QString>(
        this,
        [core, hours]() {
            return core->withCache<QString>([&](core::store::Cache& cache) -> Reply<QString> {
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<QString>(engine);
                if (*engine == nullptr) {
                    Reply<QString> reply;
                    reply.code = ErrorCode::SyncFailed;
                    reply.message = SyncController::tr("No server is set up.");
                    return reply;
                }
                SyncState state = core->snapshot(cache);
                state.preparing = true;
                state.phase = SyncState::Phase::Syncing;
                core->publish(state);
                cs::BriefcaseOptions options;
                options.lifetime = std::chrono::hours(hours);
                auto briefcase = (*engine)->prepareBriefcase(options);
                if (projectToDesktop(**engine, cache, briefcase.ok()))
                    core->patientsChanged.store(true);
                SyncState after = core->snapshot(cache);
                if (after.phase == SyncState::Phase::Syncing || after.phase == SyncState::Phase::Idle)
                    after.phase = briefcase ? SyncState::Phase::UpToDate : SyncState::Phase::Failed;
                core->publish(after);
                if (!briefcase)
                    return failure<QString>(briefcase);
                Reply<QString> reply;
                reply.value = QString::fromStdString(briefcase->expiresAt);
                return reply;
            });
        },
        [this](Reply<QString> reply) {
            if (m_core->patientsChanged.exchange(false))
                Q_EMIT patientsChanged();
            if (reply.ok())
                Q_EMIT briefcaseFinished(true, reply.value);
            else
                Q_EMIT briefcaseFinished(false, reply.message);
        });
}

void SyncController::checkSignIn(const QString& url, const QString& username, const QString& password,
                                 QObject* context, std::function<void(Reply<Done>)> done)
{
    auto core = m_core;
    post<Done>(
        context,
        [core, server = url.trimmed().toStdString(), user = username.trimmed().toStdString(),
         secret = password.toUtf8()]() mutable -> Reply<Done> {
            cs::SyncConfig config;
            config.baseUrl = server;
            config.transport = core->options.transport;
            config.retry = core->options.retry;
            auto client = cs::FhirClient::connect(server, config, cs::systemClock(), cs::systemRandom());
            if (!client) {
                secret.fill('\0');
                return failure<Done>(client);
            }
            auto signedIn =
                (*client)->login(user, std::string(secret.constData(), static_cast<std::size_t>(secret.size())));
            secret.fill('\0');
            if (!signedIn)
                return failure<Done>(signedIn);
            return {};
        },
        std::move(done));
}

void SyncController::searchTrust(const QString& typed, QObject* context,
                                 std::function<void(Reply<core::usecases::TrustSearchResult>)> done)
{
    using Result = core::usecases::TrustSearchResult;
    if (!canSearchTrust()) {
        Reply<Result> reply;
        reply.code = ErrorCode::Unsupported;
        reply.message = m_state.isConfigured()
                            ? tr("Off-line: only patients held on this computer can be found. The whole trust can "
                                 "be searched when the connection is back.")
                            : tr("Sync is not set up on this computer, so only patients held here can be found.");
        done(reply);
        return;
    }
    auto query = core::usecases::parseTrustQuery(typed.toStdString());
    if (!query) {
        done(failure<Result>(query));
        return;
    }
    auto core = m_core;
    post<Result>(
        context,
        [core, query = *query]() {
            return core->withCache<Result>([&](core::store::Cache& cache) -> Reply<Result> {
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<Result>(engine);
                if (*engine == nullptr)
                    return failure<Result>(core::Status(core::makeError(
                        core::ErrorCode::SyncFailed, "Sync is not set up on this computer")));
                auto found = core::usecases::searchTrust(*(*engine)->client(), query);
                if (!found)
                    return failure<Result>(found);
                Reply<Result> reply;
                reply.value = std::move(*found);
                return reply;
            });
        },
        std::move(done));
}

void SyncController::openTrustPatient(const QString& serverId, const QString& reason, QObject* context,
                                      std::function<void(Reply<QString>)> done)
{
    auto core = m_core;
    post<QString>(
        context,
        [core, id = serverId.toStdString(), why = reason.trimmed().toStdString()]() {
            return core->withCache<QString>([&](core::store::Cache& cache) -> Reply<QString> {
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<QString>(engine);
                if (*engine == nullptr)
                    return failure<QString>(core::Status(core::makeError(
                        core::ErrorCode::SyncFailed, "Sync is not set up on this computer")));
                auto opened = core::usecases::openTrustPatient(cache, *(*engine)->client(), id, why);
                if (!opened)
                    return failure<QString>(opened);
                qCInfo(lcSync) << "record opened from the whole trust for this session:" << opened->resources
                               << "resources";
                Reply<QString> reply;
                reply.value = QString::fromStdString(opened->patientId);
                return reply;
            });
        },
        std::move(done));
}

void SyncController::setServer(const QString& url, QObject* context, std::function<void(Reply<Done>)> done)
{
    auto core = m_core;
    post<Done>(
        context,
        [core, server = url.trimmed().toStdString()]() {
            return core->withCache<Done>([&](core::store::Cache& cache) -> Reply<Done> {
                cs::SyncStore store(cache.database());
                core::Status st = server.empty() ? store.clearState("server") : store.setState("server", server);
                if (!st)
                    return failure<Done>(st);
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<Done>(engine);
                core->publish(core->snapshot(cache));
                return {};
            });
        },
        std::move(done));
}

void SyncController::login(const QString& url, const QString& username, const QString& password, QObject* context,
                           std::function<void(Reply<Done>)> done)
{
    auto core = m_core;
    post<Done>(
        context,
        [core, server = url.trimmed().toStdString(), user = username.trimmed().toStdString(),
         secret = password.toUtf8()]() mutable {
            auto reply = core->withCache<Done>([&](core::store::Cache& cache) -> Reply<Done> {
                auto engine = core->engineFor(cache, server);
                if (!engine)
                    return failure<Done>(engine);
                const std::string pass(secret.constData(), static_cast<std::size_t>(secret.size()));
                core::Status st = (*engine)->login(user, pass);
                if (!st) {
                    (void)cache.record(core::audit::action::Login, std::nullopt, "server login", "failure");
                    return failure<Done>(st);
                }
                cs::SyncStore store(cache.database());
                if (core::Status saved = store.setState("server", server); !saved)
                    return failure<Done>(saved);
                (void)cache.record(core::audit::action::Login, std::nullopt, "server login");
                core->publish(core->snapshot(cache));
                return {};
            });
            secret.fill('\0');
            return reply;
        },
        std::move(done));
}

void SyncController::signOnInBrowser(const QString& url, QObject* context,
                                     std::function<void(Reply<cs::LoginResult>)> done)
{
    auto core = m_core;
    post<cs::LoginResult>(
        context,
        [core, server = url.trimmed().toStdString()]() -> Reply<cs::LoginResult> {
            cs::SyncConfig config;
            config.baseUrl = server;
            config.transport = core->options.transport;
            config.retry = core->options.retry;
            auto parsed = cs::parseBaseUrl(server);
            if (!parsed)
                return failure<cs::LoginResult>(parsed);
            auto client = cs::FhirClient::connect(server, config, cs::systemClock(), cs::systemRandom());
            if (!client)
                return failure<cs::LoginResult>(client);
            std::function<void(const std::string&)> open = core->options.openBrowser;
            if (!open)
                open = [](const std::string& address) {
                    // The browser is the desktop's; it is opened on the UI thread.
                    QMetaObject::invokeMethod(
                        QCoreApplication::instance(),
                        [address] { QDesktopServices::openUrl(QUrl(QString::fromStdString(address))); },
                        Qt::QueuedConnection);
                };
            auto signedOn = cs::signOnThroughBrowser((*client)->transport(), open,
                                                     std::chrono::milliseconds(core->options.signOnTimeoutMs),
                                                     parsed->basePath);
            if (!signedOn)
                return failure<cs::LoginResult>(signedOn);
            Reply<cs::LoginResult> reply;
            reply.value = *signedOn;
            return reply;
        },
        std::move(done));
}

void SyncController::keepSignOn(const QString& url, const cs::LoginResult& signedOn, QObject* context,
                                std::function<void(Reply<Done>)> done)
{
    auto core = m_core;
    post<Done>(
        context,
        [core, server = url.trimmed().toStdString(), signedOn]() {
            return core->withCache<Done>([&](core::store::Cache& cache) -> Reply<Done> {
                auto engine = core->engineFor(cache, server);
                if (!engine)
                    return failure<Done>(engine);
                if (core::Status kept = (*engine)->adoptTokens(signedOn); !kept)
                    return failure<Done>(kept);
                cs::SyncStore store(cache.database());
                if (core::Status saved = store.setState("server", server); !saved)
                    return failure<Done>(saved);
                (void)cache.record(core::audit::action::Login, std::nullopt, "server sign-on");
                core->publish(core->snapshot(cache));
                return {};
            });
        },
        std::move(done));
}

void SyncController::signOut(QObject* context, std::function<void(Reply<QString>)> done)
{
    auto core = m_core;
    post<QString>(
        context,
        [core]() {
            return core->withCache<QString>([&](core::store::Cache& cache) -> Reply<QString> {
                auto engine = core->engineFor(cache);
                if (!engine)
                    return failure<QString>(engine);
                if (*engine == nullptr)
                    return {}; // no server: nothing to end but the session itself
                auto ended = (*engine)->signOut();
                (void)cache.record(core::audit::action::Logout, std::nullopt, "server sign-out",
                                   ended ? "success" : "failure");
                core->publish(core->snapshot(cache));
                if (!ended)
                    return failure<QString>(ended);
                Reply<QString> reply;
                reply.value = QString::fromStdString(*ended);
                return reply;
            });
        },
        std::move(done));
}

void SyncController::resolveConflict(qint64 conflictId, ConflictChoice choice, const QByteArray& mergedJson,
                                     QObject* context, std::function<void(Reply<Done>)> done)
{
    auto core = m_core;
    post<Done>(
        context,
        [core, conflictId, choice, merged = mergedJson]() {
            return core->withCache<Done>([&](core::store::Cache& cache) -> Reply<Done> {
                cs::SyncStore store(cache.database());
                nlohmann::json body = nullptr;
                auto resolution = cs::Resolution::KeepLocal;
                if (choice == ConflictChoice::KeepTheirs)
                    resolution = cs::Resolution::KeepServer;
                if (choice == ConflictChoice::Merge) {
                    resolution = cs::Resolution::Merged;
                    body = nlohmann::json::parse(merged.toStdString(), nullptr, false);
                    if (!body.is_object()) {
                        Reply<Done> reply;
                        reply.code = ErrorCode::InvalidArgument;
                        reply.message = SyncController::tr("The merged version could not be read.");
                        return reply;
                    }
                }
                if (core::Status st = store.resolveConflict(conflictId, resolution, body); !st)
                    return failure<Done>(st);
                if (!core->engine) // keep the server shown as configured
                    (void)core->engineFor(cache);
                core->publish(core->snapshot(cache));
                return {};
            });
        },
        std::move(done));
}

void SyncController::retryFailed()
{
    auto core = m_core;
    post<Done>(
        this,
        [core]() {
            return core->withCache<Done>([&](core::store::Cache& cache) -> Reply<Done> {
                cs::SyncStore store(cache.database());
                if (core::Status st = store.retryFailed(); !st)
                    return failure<Done>(st);
                return {};
            });
        },
        [this](Reply<Done> reply) {
            if (reply.ok())
                syncNow(Trigger::SyncNow);
        });
}

} // namespace avocet::ui::sync

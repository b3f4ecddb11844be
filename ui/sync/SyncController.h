#pragma once
// Runs the sync engine (core/sync) for the desktop session, never on the UI thread.
//
// The engine works on the session's open cache from one dedicated sync thread, serialised with
// the session's worker through Session::cacheMutex(); it lets go of the cache while it waits on the
// network (SyncGate), so the caseload keeps loading during a slow sync. Runs start on unlock (when
// a server is configured), when the network comes back (Qt's network information, then the
// engine's cheap probe), on a timer, and on "Sync now". Every change of state reaches the UI as a
// queued stateChanged().
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

#include "core/sync/FhirClient.h"
#include "core/sync/SyncTypes.h"
#include "core/usecases/TrustSearch.h"
#include "ui/Session.h"
#include "ui/sync/SyncState.h"

namespace avocet::ui::sync {

struct SyncControllerOptions
{
    int periodicMs = 5 * 60 * 1000;   // sync every 5 minutes while unlocked; 0 = never
    int offlineProbeMs = 30 * 1000;   // while off-line, probe the server this often; 0 = never
    bool watchNetwork = true;         // QNetworkInformation reachability, where a backend exists
    bool syncOnUnlock = true;
    int pageSize = 0;       // pull page size (_count); 0 = the engine's default
    int linkedPageSize = 0; // once the server links its pages; 0 = the engine's default
    int syncAfterFormMs = 4000; // a completed form is sent this soon after (debounced) when on-line; 0 = never
    core::sync::TransportOptions transport; // timeouts, TLS
    // Opens the identity provider's sign-in page, called off the UI thread; null = the system
    // browser (QDesktopServices). Tests put a browser of their own here.
    std::function<void(const std::string&)> openBrowser;
    int signOnTimeoutMs = 5 * 60 * 1000; // how long the browser may take before the sign-in gives up
    core::sync::RetryPolicy retry = [] {
        core::sync::RetryPolicy policy;
        policy.maxAttempts = 4; // a desktop retries on the next tick rather than for minutes
        return policy;
    }();
};

enum class ConflictChoice { KeepMine, KeepTheirs, Merge };

class SyncController : public QObject
{
    Q_OBJECT
public:
    enum class Trigger { Unlock, SyncNow, Timer, NetworkBack, FormCompleted };

    SyncController(Session& session, SyncControllerOptions options = {}, QObject* parent = nullptr);
    ~SyncController() override;

    const SyncState& state() const { return m_state; }
    bool isRunning() const { return m_running; }
    QString server() const { return m_state.server; }
    const SyncControllerOptions& options() const { return m_options; }

    // A run unless one is going (then one more follows it). "Sync now" also probes nothing first.
    void syncNow(Trigger trigger = Trigger::SyncNow);
    // "Prepare for off-line": downloads the caseload with an expiry of `hours`.
    void prepareForOffline(int hours = 12);
    // Reads the configured server and the status from the cache (no network).
    void refresh();
    // Stores the FHIR base URL in the encrypted cache (where `avocetctl login --server` keeps it).
    void setServer(const QString& url, QObject* context, std::function<void(Reply<Done>)> done);
    // Logs in to the server (avocet-hub): the token is stored only in the encrypted cache.
    // Asks the server whether these credentials are good, without a profile open and without
    // keeping anything (first sign-in on this computer: nothing is created unless the server says yes).
    void checkSignIn(const QString& url, const QString& username, const QString& password, QObject* context,
                     std::function<void(Reply<Done>)> done);
    void login(const QString& url, const QString& username, const QString& password, QObject* context,
               std::function<void(Reply<Done>)> done);
    // First sign-in through the trust's identity provider: the sign-in page opens in the browser and
    // the hub's answer comes back on a loopback address; nothing is kept (no profile is open yet).
    // done gets the user name the sign-on names and the hub's pair.
    void signOnInBrowser(const QString& url, QObject* context,
                         std::function<void(Reply<core::sync::LoginResult>)> done);
    // Keeps the pair signOnInBrowser gave in the now-open profile, with the server.
    void keepSignOn(const QString& url, const core::sync::LoginResult& signedOn, QObject* context,
                    std::function<void(Reply<Done>)> done);
    // Sign-out: ends the hub login (POST /auth/logout) and forgets the token kept in the cache, also
    // when the hub cannot be reached (the reply then says so, with the token already gone). done gets
    // the identity provider's end-session address to open in the browser ("" when it offers none).
    void signOut(QObject* context, std::function<void(Reply<QString>)> done);
    // The choice is stored in the cache and syncs on the next run. mergedJson only for Merge.
    void resolveConflict(qint64 conflictId, ConflictChoice choice, const QByteArray& mergedJson, QObject* context,
                         std::function<void(Reply<Done>)> done);
    // Puts the changes the server refused back in the queue.
    void retryFailed();

    // The whole trust, on-line (core/usecases TrustSearch): finds patients in the hub's trust-wide
    // index from what was typed (an NHS number, or a name with a given name or date of birth).
    // Off-line, or with no server set up, the reply says that only patients held on this
    // computer can be found.
    void searchTrust(const QString& typed, QObject* context,
                     std::function<void(Reply<core::usecases::TrustSearchResult>)> done);
    // Reads one found patient's record from the hub with the break-glass reason given, for this
    // session only; replies with the local patient id to open.
    void openTrustPatient(const QString& serverId, const QString& reason, QObject* context,
                          std::function<void(Reply<QString>)> done);
    // Whether the trust-wide search can be tried now: a server is set up and not known to be off-line.
    bool canSearchTrust() const
    {
        return m_unlocked && m_state.isConfigured() && m_state.phase != SyncState::Phase::Offline;
    }

    // Test seams (the intervals themselves come from SyncControllerOptions).
    QTimer* periodicTimer() { return &m_periodic; }
    QTimer* offlineProbeTimer() { return &m_offlineProbe; }
    // Simulates Qt's network information reporting the network back (or gone).
    void setNetworkReachable(bool reachable);

    struct Core; // the sync thread's half, shared with the session's before-close hook

Q_SIGNALS:
    void stateChanged(const avocet::ui::sync::SyncState& state);
    void runFinished(bool complete);
    void briefcaseFinished(bool ok, const QString& message);
    // A run or a briefcase brought patients or caseload teams into the cache: views reload.
    void patientsChanged();
    // The trust's identity provider no longer vouches for the user's sign-on (disabled, signed
    // out there): the window locks (SyncUi); message says why, for the lock screen.
    void signOnEnded(const QString& message);

private:
    void onUnlocked();
    void onLocked();
    void watchNetwork();
    void applyState(const SyncState& state);
    template <typename T>
    void post(QObject* context, std::function<Reply<T>()> work, std::function<void(Reply<T>)> done);

    Session& m_session;
    SyncControllerOptions m_options;
    std::shared_ptr<Core> m_core;
    SyncState m_state;
    bool m_running = false;
    bool m_again = false;
    bool m_unlocked = false;
    QTimer m_periodic;
    QTimer m_offlineProbe;
};

} // namespace avocet::ui::sync

#pragma once
// The desktop session: the bridge between the views and the core profile store.
//
// Every core call (Argon2id, SQLCipher reads and writes, directory listings) runs on one private
// worker thread, in the order it was asked for, so the UI thread never waits on disk and the
// single-threaded core objects (ProfileStore's throttle, the open Cache) are only touched there.
// Replies come back on the caller's thread through a callback bound to a context object; if the
// context is destroyed first the reply is dropped.
#include <QFutureWatcher>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QVector>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/common/Result.h"
#include "ui/DemoWorkspace.h"
#include "ui/PatientRow.h"
#include "ui/SessionClock.h"

namespace avocet::core::store {
class Cache;
class ProfileStore;
} // namespace avocet::core::store

namespace avocet::ui {

template <typename T>
struct Reply
{
    T value{};
    core::ErrorCode code = core::ErrorCode::Ok;
    QString message;      // the core's English message; the views translate by code
    int retryAfterMs = 0; // set when an unlock was throttled or failed into the throttle
    bool ok() const { return code == core::ErrorCode::Ok; }
};

struct Done
{
};

// A failed Reply carrying a core Result's or Status's code and message.
template <typename T, typename R>
Reply<T> failedReply(const R& result)
{
    Reply<T> reply;
    reply.code = result.code();
    reply.message = QString::fromStdString(result.message());
    return reply;
}

// Wraps a completion so it runs only while the caller's context still exists (the work itself
// runs regardless).
template <typename T>
std::function<void(Reply<T>)> whileAlive(QObject* context, std::function<void(Reply<T>)> done)
{
    return [context = QPointer<QObject>(context), done = std::move(done)](Reply<T> reply) {
        if (context && done)
            done(std::move(reply));
    };
}

class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(core::store::ProfileStore& profiles, QObject* parent = nullptr);
    ~Session() override;

    // True between a successful unlock and the completion of lock(); safe from any thread.
    bool isUnlocked() const { return m_unlocked.load(); }
    // The unlocked user's name (UI thread), empty when locked.
    QString user() const { return m_user; }

    void listUsers(QObject* context, std::function<void(Reply<QStringList>)> done);
    void unlock(const QString& user, const QString& passphrase, QObject* context,
                std::function<void(Reply<Done>)> done);
    // Creates the demo profile and seeds synthetic patients when missing; reports demoProgress.
    void prepareDemo(const DemoWorkspace& demo, QObject* context, std::function<void(Reply<Done>)> done);
    // The unlocked user's passphrase (re-wraps the data key; a wrong current one is throttled).
    void changePassphrase(const QString& current, const QString& replacement, QObject* context,
                          std::function<void(Reply<Done>)> done);
    // A new user's own encrypted profile on this computer (first sign-in), then unlocked like unlock().
    // Refused when the user already has one here.
    void createProfile(const QString& user, const QString& passphrase, QObject* context,
                       std::function<void(Reply<Done>)> done);
    void countPatients(QObject* context, std::function<void(Reply<qint64>)> done);
    void listPatients(int limit, int offset, QObject* context,
                      std::function<void(Reply<QVector<PatientRow>>)> done);
    // caseloadOnly: patients of the user's teams only (PatientStore SearchScope::Caseload). Every
    // row says whether the patient is on the caseload.
    void searchPatients(const QString& query, int limit, bool caseloadOnly, QObject* context,
                        std::function<void(Reply<QVector<PatientRow>>)> done);
    // Whether the user has a caseload (team) on this computer.
    void hasCaseload(QObject* context, std::function<void(Reply<bool>)> done);
    // Audits the lock, closes the database and wipes the key; emits locked() when done.
    void lock();
    // The wall clock an unlock checks the off-line briefcase's expiry against (tests move it); null,
    // the default, is the system's. Set before unlocking; it must outlive the session.
    void setClock(const SessionClock* clock) { m_clock.store(clock); }

    // Runs work on the worker with the open cache (a locked reply when there is none), then done
    // on the context's thread. For the views' own core calls (caseload, alerts, break-glass).
    template <typename T>
    void withCache(QObject* context, std::function<Reply<T>(core::store::Cache&)> work,
                   std::function<void(Reply<T>)> done)
    {
        post<Reply<T>>(
            context,
            [this, work = std::move(work)]() -> Reply<T> {
                if (!m_cache || !m_unlocked.load())
                    return lockedReply<T>();
                return work(*m_cache);
            },
            std::move(done));
    }
    template <typename T>
    static Reply<T> lockedReply()
    {
        Reply<T> reply;
        reply.code = core::ErrorCode::ProfileLocked;
        reply.message = QStringLiteral("The session is locked.");
        return reply;
    }
    // Where the per-user instance lock (a second Avocet process for the same user) lives.
    QString instanceLockPath(const QString& user) const;

    // --- Keychain unlock (ui/KeychainUnlock; core ProfileStore's keychain wrap) ------------------
    // The keychain entry that holds a user's secret for this computer's profiles (no disk access).
    QString keychainEntryOf(const QString& user) const;
    // The users whose profile has a keychain wrap.
    void keychainUsers(QObject* context, std::function<void(Reply<QStringList>)> done);
    // Checks the unlocked user's passphrase (throttled) and wraps the data key under a fresh secret;
    // writes nothing. The secret goes to the keychain, then the wrap to writeKeychainWrap.
    struct KeychainOffer
    {
        QString user;
        QByteArray secret;   // the caller wipes it once the keychain has it
        QByteArray wrapJson; // what writeKeychainWrap keeps
    };
    void prepareKeychainWrap(const QString& passphrase, QObject* context,
                             std::function<void(Reply<KeychainOffer>)> done);
    void writeKeychainWrap(const QString& user, const QByteArray& wrapJson, QObject* context,
                           std::function<void(Reply<Done>)> done);
    // Unlocks like unlock(), with the keychain's secret instead of a passphrase (wiped here).
    void unlockWithKeychainSecret(const QString& user, QByteArray secret, QObject* context,
                                  std::function<void(Reply<Done>)> done);
    // Removes the user's keychain wrap; true when there was one.
    void removeKeychainWrap(const QString& user, QObject* context, std::function<void(Reply<bool>)> done);

    // --- Sync (ui/sync) ---------------------------------------------------------------------
    // Every worker job holds cacheMutex(), so the sync thread may use the open cache while it holds
    // it (and releases it while it waits on the network). openCache() needs the mutex held.
    std::mutex& cacheMutex() { return m_cacheMutex; }
    core::store::Cache* openCache() { return m_unlocked.load() ? m_cache.get() : nullptr; }
    // Called on the worker, without the mutex, before the cache closes: the sync thread ends its
    // run and lets go of the database. Set once, before the first unlock.
    void setBeforeCacheCloses(std::function<void()> hook) { m_beforeCacheCloses = std::move(hook); }

Q_SIGNALS:
    void unlocked(const QString& user);
    void locked();
    void demoProgress(int done, int total);

private:
    template <typename T, typename Work>
    void post(QObject* context, Work work, std::function<void(T)> done)
    {
        auto* watcher = new QFutureWatcher<T>(context);
        connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
            done(watcher->result());
            watcher->deleteLater();
        });
        watcher->setFuture(QtConcurrent::run(&m_worker, [this, work = std::move(work)]() mutable {
            std::lock_guard hold(m_cacheMutex); // ui/sync: serialised with the sync thread
            return work();
        }));
    }

    // Worker-thread halves.
    // The UI-thread end of an unlock: the session's user and the unlocked signal, then `done`.
    std::function<void(Reply<Done>)> whenUnlocked(const QString& user, std::function<void(Reply<Done>)> done);
    Reply<Done> unlockNow(const std::string& user, QByteArray passphrase);
    // The shared half of every unlock: the instance lock, open (the profile store's call), then the
    // briefcase and session checks. secret is wiped whatever happens.
    Reply<Done> unlockWith(const std::string& user, QByteArray secret,
                           const std::function<core::Result<std::unique_ptr<core::store::Cache>>(std::string_view)>& open);
    Reply<Done> prepareDemoNow(const DemoWorkspace& demo);
    Reply<QStringList> usersWhere(const std::function<bool(const std::string&)>& keep);
    void lockNow();

    core::store::ProfileStore& m_profiles;
    QThreadPool m_worker;
    std::unique_ptr<core::store::Cache> m_cache; // worker thread only
    std::atomic<const SessionClock*> m_clock{nullptr}; // read on the worker at unlock
    std::set<std::string> m_loggedIn;            // worker thread only: users who logged in this session
    std::unique_ptr<QLockFile> m_instanceLock;   // worker thread only: held while a user is unlocked
    std::atomic<bool> m_unlocked{false};
    QString m_user;
    std::mutex m_cacheMutex;                     // ui/sync: held by every worker job and the sync thread
    std::function<void()> m_beforeCacheCloses;   // ui/sync
};

} // namespace avocet::ui

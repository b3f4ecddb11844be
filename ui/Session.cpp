#include "ui/Session.h"
#include "core/usecases/SyncedRecords.h"
#include "core/usecases/TrustSearch.h"

#include <QDate>
#include <QDateTime>
#include <QPointer>

#include <algorithm>

#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/DesktopProjection.h"
#include "core/sync/SyncEngine.h"
#include "ui/DemoCaseload.h"
#include "ui/UiLog.h"

namespace avocet::ui {

using core::ErrorCode;

namespace {

template <typename T, typename R>
Reply<T> failure(const R& result)
{
    Reply<T> reply;
    reply.code = result.code();
    reply.message = QString::fromStdString(result.message());
    return reply;
}

Reply<QVector<PatientRow>> toRows(const core::Result<std::vector<core::identity::Patient>>& patients,
                                  core::store::Database& db)
{
    if (!patients)
        return failure<QVector<PatientRow>>(patients);
    auto teams = core::store::CaseloadStore(db).teams();
    if (!teams)
        return failure<QVector<PatientRow>>(teams);
    const std::set<std::string> caseload(teams->begin(), teams->end());
    Reply<QVector<PatientRow>> reply;
    const QDate today = QDate::currentDate();
    reply.value.reserve(static_cast<qsizetype>(patients->size()));
    for (const auto& patient : *patients) {
        reply.value.push_back(toPatientRow(patient, today));
        reply.value.back().onCaseload = patient.team && caseload.count(*patient.team) > 0;
    }
    return reply;
}

} // namespace

Session::Session(core::store::ProfileStore& profiles, QObject* parent) : QObject(parent), m_profiles(profiles)
{
    // One thread, kept alive: core calls run in order and the throttle/cache see one thread at a time.
    m_worker.setMaxThreadCount(1);
    m_worker.setExpiryTimeout(-1);
}

Session::~Session()
{
    // Quitting locks: the last job closes the database and wipes the key before the process ends.
    (void)QtConcurrent::run(&m_worker, [this] {
        std::lock_guard hold(m_cacheMutex);
        lockNow();
    });
    m_worker.waitForDone();
}

void Session::listUsers(QObject* context, std::function<void(Reply<QStringList>)> done)
{
    post<Reply<QStringList>>(context, [this] { return usersWhere([](const std::string&) { return true; }); },
                             std::move(done));
}

Reply<QStringList> Session::usersWhere(const std::function<bool(const std::string&)>& keep)
{
    auto users = m_profiles.users();
    if (!users)
        return failure<QStringList>(users);
    Reply<QStringList> reply;
    for (const auto& user : *users)
        if (keep(user))
            reply.value.push_back(QString::fromStdString(user));
    return reply;
}

std::function<void(Reply<Done>)> Session::whenUnlocked(const QString& user, std::function<void(Reply<Done>)> done)
{
    return [self = QPointer<Session>(this), user, done = std::move(done)](Reply<Done> reply) {
        if (self && reply.ok()) {
            self->m_user = user;
            Q_EMIT self->unlocked(user);
        }
        done(std::move(reply));
    };
}

void Session::unlock(const QString& user, const QString& passphrase, QObject* context,
                     std::function<void(Reply<Done>)> done)
{
    post<Reply<Done>>(
        context, [this, u = user.toStdString(), bytes = passphrase.toUtf8()]() mutable {
            return unlockNow(u, std::move(bytes));
        },
        whenUnlocked(user, std::move(done)));
}

void Session::changePassphrase(const QString& current, const QString& replacement, QObject* context,
                               std::function<void(Reply<Done>)> done)
{
    post<Reply<Done>>(
        context,
        [this, oldBytes = current.toUtf8(), newBytes = replacement.toUtf8()]() mutable -> Reply<Done> {
            Reply<Done> reply;
            if (!m_cache || m_cache->isLocked()) {
                reply = lockedReply<Done>();
            } else {
                const std::string user = m_cache->user();
                core::Status st = m_profiles.changePassphrase(
                    user, std::string_view(oldBytes.constData(), size_t(oldBytes.size())),
                    std::string_view(newBytes.constData(), size_t(newBytes.size())), std::nullopt, m_cache.get());
                if (!st) {
                    reply = failure<Done>(st);
                    reply.retryAfterMs = int(m_profiles.throttle().waitBefore(user).count());
                } else if (core::Status audited = m_cache->record(core::audit::action::PassphraseChange, std::nullopt,
                                                                  "desktop");
                           !audited) {
                    qCWarning(lcSession) << "could not audit the passphrase change, code" << int(audited.code());
                }
            }
            oldBytes.fill('\0');
            newBytes.fill('\0');
            return reply;
        },
        std::move(done));
}

void Session::createProfile(const QString& user, const QString& passphrase, QObject* context,
                            std::function<void(Reply<Done>)> done)
{
    post<Reply<Done>>(
        context,
        [this, u = user.toStdString(), bytes = passphrase.toUtf8()]() mutable -> Reply<Done> {
            if (m_profiles.exists(u)) {
                bytes.fill('\0');
                Reply<Done> reply;
                reply.code = ErrorCode::AlreadyExists;
                reply.message = Session::tr("%1 already has a profile on this computer: unlock it instead.")
                                    .arg(QString::fromStdString(u));
                return reply;
            }
            if (core::Status st = m_profiles.create(u, std::string_view(bytes.constData(), size_t(bytes.size())));
                !st) {
                bytes.fill('\0');
                return failure<Done>(st);
            }
            qCInfo(lcSession) << "profile created at first sign-in";
            return unlockNow(u, std::move(bytes));
        },
        whenUnlocked(user, std::move(done)));
}

Reply<Done> Session::unlockNow(const std::string& user, QByteArray passphrase)
{
    return unlockWith(user, std::move(passphrase),
                      [this, &user](std::string_view secret) { return m_profiles.unlock(user, secret); });
}

Reply<Done> Session::unlockWith(
    const std::string& user, QByteArray secret,
    const std::function<core::Result<std::unique_ptr<core::store::Cache>>(std::string_view)>& open)
{
    lockNow(); // one cache open at a time: a user switch closes the previous one first
    // A second Avocet process for the same user is refused before the key is derived.
    m_instanceLock = std::make_unique<QLockFile>(instanceLockPath(QString::fromStdString(user)));
    m_instanceLock->setStaleLockTime(0); // only a dead process's lock is stale
    if (!m_instanceLock->tryLock(0)) {
        m_instanceLock.reset();
        secret.fill('\0');
        Reply<Done> reply;
        reply.code = ErrorCode::ProfileInUse;
        reply.message = Session::tr("Another Avocet is open for this user.");
        qCInfo(lcSession) << "unlock refused: another Avocet holds this user's instance lock";
        return reply;
    }
    auto cache = open(std::string_view(secret.constData(), size_t(secret.size())));
    secret.fill('\0');
    if (!cache) {
        m_instanceLock.reset();
        auto reply = failure<Done>(cache);
        reply.retryAfterMs = int(m_profiles.throttle().waitBefore(user).count());
        qCInfo(lcSession) << "unlock refused, code" << int(cache.code());
        return reply;
    }
    m_cache = std::move(*cache);
    if (m_loggedIn.insert(user).second) {
        if (core::Status st = m_cache->record(core::audit::action::Login, std::nullopt, "avocet"); !st)
            qCWarning(lcSession) << "could not audit the login, code" << int(st.code());
    }
    // Sync (ui/sync): an expired, revoked or untrustworthy briefcase goes before any data is shown.
    const SessionClock* clock = m_clock.load();
    const auto now = clock != nullptr ? std::chrono::system_clock::time_point(
                                            std::chrono::milliseconds(clock->nowUtc().toMSecsSinceEpoch()))
                                      : std::chrono::system_clock::now();
    if (auto wiped = core::usecases::wipeExpiredBriefcase(*m_cache, now); !wiped)
        qCWarning(lcSession) << "could not check the off-line briefcase, code" << int(wiped.code());
    else if (*wiped > 0)
        qCInfo(lcSession) << "expired off-line briefcase wiped:" << *wiped << "records";
    // Records opened from the whole trust last one session: any left by a session that ended
    // without locking go now.
    if (auto forgotten = core::usecases::forgetSessionPatients(*m_cache); !forgotten)
        qCWarning(lcSession) << "could not remove records opened in an earlier session, code" << int(forgotten.code());
    else if (*forgotten > 0)
        qCInfo(lcSession) << "records opened in an earlier session removed:" << *forgotten << "patients";
    m_unlocked = true;
    qCInfo(lcSession) << "cache unlocked";
    return {};
}

void Session::prepareDemo(const DemoWorkspace& demo, QObject* context, std::function<void(Reply<Done>)> done)
{
    post<Reply<Done>>(context, [this, demo] { return prepareDemoNow(demo); }, std::move(done));
}

Reply<Done> Session::prepareDemoNow(const DemoWorkspace& demo)
{
    const std::string user = demo.user.toStdString();
    const QByteArray passphrase = demo.passphrase.toUtf8();
    const std::string_view pass(passphrase.constData(), size_t(passphrase.size()));
    const int total = demo.patientCount;
    auto progress = [this, total](int value) {
        QMetaObject::invokeMethod(this, [this, value, total] { Q_EMIT demoProgress(value, total); },
                                  Qt::QueuedConnection);
    };
    progress(0);
    const bool fresh = !m_profiles.exists(user);
    if (fresh) {
        if (core::Status st = m_profiles.create(user, pass, demo.kdf); !st)
            return failure<Done>(st);
    }
    auto cache = m_profiles.unlock(user, pass, "avocet-demo");
    if (!cache) {
        // Someone changed the demo passphrase: leave the profile alone, the unlock screen will ask.
        if (!fresh && cache.code() == ErrorCode::WrongPassphrase)
            return {};
        return failure<Done>(cache);
    }
    auto& patients = (*cache)->patients();
    auto existing = patients.count();
    if (!existing)
        return failure<Done>(existing);
    if (*existing == 0) {
        core::identity::SyntheticOptions options;
        options.count = total;
        const auto generated = core::identity::generateSyntheticPatients(options);
        constexpr std::size_t kChunk = 50;
        for (std::size_t first = 0; first < generated.size(); first += kChunk) {
            const auto last = std::min(generated.size(), first + kChunk);
            std::vector<core::identity::Patient> chunk(generated.begin() + std::ptrdiff_t(first),
                                                       generated.begin() + std::ptrdiff_t(last));
            if (core::Status st = patients.upsert(chunk); !st)
                return failure<Done>(st);
            progress(int(last));
        }
        qCInfo(lcSession) << "demo workspace seeded with" << generated.size() << "synthetic patients";
    }
    if (core::Status st = seedDemoCaseload(**cache, QDateTime::currentDateTimeUtc()); !st)
        return failure<Done>(st);
    progress(total);
    (*cache)->lock();
    return {};
}

void Session::countPatients(QObject* context, std::function<void(Reply<qint64>)> done)
{
    post<Reply<qint64>>(
        context,
        [this]() -> Reply<qint64> {
            if (!m_cache || m_cache->isLocked())
                return lockedReply<qint64>();
            auto count = m_cache->patients().count();
            if (!count)
                return failure<qint64>(count);
            Reply<qint64> reply;
            reply.value = *count;
            return reply;
        },
        std::move(done));
}

void Session::listPatients(int limit, int offset, QObject* context,
                           std::function<void(Reply<QVector<PatientRow>>)> done)
{
    post<Reply<QVector<PatientRow>>>(
        context,
        [this, limit, offset]() -> Reply<QVector<PatientRow>> {
            if (!m_cache || m_cache->isLocked())
                return lockedReply<QVector<PatientRow>>();
            return toRows(m_cache->patients().list(limit, offset), m_cache->database());
        },
        std::move(done));
}

void Session::searchPatients(const QString& query, int limit, bool caseloadOnly, QObject* context,
                             std::function<void(Reply<QVector<PatientRow>>)> done)
{
    post<Reply<QVector<PatientRow>>>(
        context,
        [this, q = query.trimmed().toStdString(), limit, caseloadOnly]() -> Reply<QVector<PatientRow>> {
            if (!m_cache || m_cache->isLocked())
                return lockedReply<QVector<PatientRow>>();
            const auto scope = caseloadOnly ? core::store::SearchScope::Caseload : core::store::SearchScope::Everyone;
            return toRows(m_cache->patients().search(q, limit, scope), m_cache->database());
        },
        std::move(done));
}

void Session::hasCaseload(QObject* context, std::function<void(Reply<bool>)> done)
{
    post<Reply<bool>>(
        context,
        [this]() -> Reply<bool> {
            if (!m_cache || m_cache->isLocked())
                return lockedReply<bool>();
            auto teams = core::store::CaseloadStore(m_cache->database()).teams();
            if (!teams)
                return failure<bool>(teams);
            Reply<bool> reply;
            reply.value = !teams->empty();
            return reply;
        },
        std::move(done));
}

QString Session::instanceLockPath(const QString& user) const
{
    const auto root = QString::fromStdString(m_profiles.root().string());
    return root + QStringLiteral("/.") + user + QStringLiteral(".instance.lock");
}

void Session::lock()
{
    m_user.clear();
    post<Reply<Done>>(
        this,
        [this] {
            lockNow();
            return Reply<Done>{};
        },
        [this](Reply<Done>) { Q_EMIT locked(); });
}

void Session::lockNow()
{
    if (!m_cache)
        return;
    if (m_beforeCacheCloses) { // ui/sync: the sync thread finishes with the database first
        m_cacheMutex.unlock(); // every caller holds it (post, the destructor)
        m_beforeCacheCloses();
        m_cacheMutex.lock();
    }
    // A record opened from the whole trust is held for this session only.
    if (auto forgotten = core::usecases::forgetSessionPatients(*m_cache); !forgotten)
        qCWarning(lcSession) << "could not remove the records opened this session, code" << int(forgotten.code())
                             << "(they go at the next unlock)";
    m_cache->lock(); // audits the lock, closes the database, wipes the key, releases the profile lock
    m_cache.reset();
    m_instanceLock.reset();
    m_unlocked = false;
    qCInfo(lcSession) << "cache locked";
}

QString Session::keychainEntryOf(const QString& user) const
{
    return QString::fromStdString(m_profiles.keychainEntryOf(user.toStdString()));
}

void Session::keychainUsers(QObject* context, std::function<void(Reply<QStringList>)> done)
{
    post<Reply<QStringList>>(
        context,
        [this] { return usersWhere([this](const std::string& user) { return m_profiles.hasKeychainWrap(user); }); },
        std::move(done));
}

void Session::prepareKeychainWrap(const QString& passphrase, QObject* context,
                                  std::function<void(Reply<KeychainOffer>)> done)
{
    post<Reply<KeychainOffer>>(
        context,
        [this, bytes = passphrase.toUtf8()]() mutable -> Reply<KeychainOffer> {
            if (!m_cache || m_cache->isLocked()) {
                bytes.fill('\0');
                return lockedReply<KeychainOffer>();
            }
            const std::string user = m_cache->user();
            auto prepared =
                m_profiles.prepareKeychainWrap(user, std::string_view(bytes.constData(), size_t(bytes.size())));
            bytes.fill('\0');
            if (!prepared) {
                auto reply = failure<KeychainOffer>(prepared);
                reply.retryAfterMs = int(m_profiles.throttle().waitBefore(user).count());
                return reply;
            }
            Reply<KeychainOffer> reply;
            reply.value.user = QString::fromStdString(user);
            reply.value.secret = QByteArray(reinterpret_cast<const char*>(prepared->secret.data()),
                                            qsizetype(prepared->secret.size()));
            reply.value.wrapJson = QByteArray::fromStdString(prepared->wrap.toJson().dump());
            return reply;
        },
        std::move(done));
}

void Session::writeKeychainWrap(const QString& user, const QByteArray& wrapJson, QObject* context,
                                std::function<void(Reply<Done>)> done)
{
    post<Reply<Done>>(
        context,
        [this, u = user.toStdString(), wrapJson]() -> Reply<Done> {
            auto wrap = core::crypto::KeychainWrap::fromJson(nlohmann::json::parse(wrapJson.toStdString(), nullptr, false));
            if (!wrap)
                return failure<Done>(wrap);
            const core::store::Cache* open = m_cache && !m_cache->isLocked() ? m_cache.get() : nullptr;
            if (core::Status st = m_profiles.writeKeychainWrap(u, *wrap, open); !st)
                return failure<Done>(st);
            if (open != nullptr && open->user() == u)
                (void)m_cache->record("keychain-unlock-on", std::nullopt, "desktop");
            qCInfo(lcSession) << "keychain unlock turned on";
            return {};
        },
        std::move(done));
}

void Session::unlockWithKeychainSecret(const QString& user, QByteArray secret, QObject* context,
                                       std::function<void(Reply<Done>)> done)
{
    post<Reply<Done>>(
        context,
        [this, u = user.toStdString(), secret = std::move(secret)]() mutable {
            return unlockWith(u, std::move(secret), [this, &u](std::string_view bytes) {
                const auto key = core::crypto::SecureBuffer::copyOf(bytes);
                return m_profiles.unlockWithKeychainSecret(u, key, "avocet keychain");
            });
        },
        whenUnlocked(user, std::move(done)));
}

void Session::removeKeychainWrap(const QString& user, QObject* context, std::function<void(Reply<bool>)> done)
{
    post<Reply<bool>>(
        context,
        [this, u = user.toStdString()]() -> Reply<bool> {
            auto removed = m_profiles.removeKeychainWrap(u);
            if (!removed)
                return failure<bool>(removed);
            if (*removed) {
                if (m_cache && !m_cache->isLocked() && m_cache->user() == u)
                    (void)m_cache->record("keychain-unlock-off", std::nullopt, "desktop");
                qCInfo(lcSession) << "keychain unlock turned off";
            }
            Reply<bool> reply;
            reply.value = *removed;
            return reply;
        },
        std::move(done));
}

} // namespace avocet::ui

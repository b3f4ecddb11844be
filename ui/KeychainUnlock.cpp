#include "ui/KeychainUnlock.h"

#include <QPointer>

#include <memory>

#include "platform/Keychain.h"
#include "ui/UiLog.h"

namespace avocet::ui {

using core::ErrorCode;
using platform::KeychainReply;

namespace {

// What a keychain refusal means for the user, in their words; nothing was changed in every case.
Reply<Done> keychainFailure(const KeychainReply& reply)
{
    Reply<Done> out;
    out.code = ErrorCode::Unsupported;
    switch (reply.outcome) {
    case KeychainReply::Outcome::Unavailable:
        out.message = KeychainUnlock::tr("This computer's keychain is not available (%1). Avocet goes on asking for "
                                         "your passphrase; nothing was changed.")
                          .arg(reply.detail);
        break;
    case KeychainReply::Outcome::Denied:
        out.message = KeychainUnlock::tr("This computer's keychain refused (%1). Unlock it, or use your passphrase; "
                                         "nothing was changed.")
                          .arg(reply.detail);
        break;
    case KeychainReply::Outcome::NotFound:
        out.code = ErrorCode::NotFound;
        out.message = KeychainUnlock::tr("This computer's keychain holds no key for your profile any more. Unlock "
                                         "with your passphrase; you can turn keychain unlock on again after.");
        break;
    case KeychainReply::Outcome::Failed:
    case KeychainReply::Outcome::Ok:
        out.message = KeychainUnlock::tr("This computer's keychain could not be used (%1). Unlock with your "
                                         "passphrase; nothing was changed.")
                          .arg(reply.detail);
        break;
    }
    return out;
}

// A failed reply of one type as another (the value is not carried).
template <typename T, typename U>
Reply<T> failedAs(const Reply<U>& failed)
{
    Reply<T> out;
    out.code = failed.code;
    out.message = failed.message;
    return out;
}

} // namespace

KeychainUnlock::KeychainUnlock(Session& session, platform::Keychain* keychain, DevicePolicy policy, QObject* parent)
    : QObject(parent), m_session(session), m_keychain(keychain), m_policy(policy)
{
}

bool KeychainUnlock::isOffered() const
{
    return m_keychain != nullptr && m_policy.keepsKeychainKeys();
}

Reply<Done> KeychainUnlock::notOffered() const
{
    Reply<Done> reply;
    reply.code = ErrorCode::Unsupported;
    reply.message = m_keychain == nullptr
                        ? tr("This build of Avocet cannot use the computer's keychain. Unlock with your passphrase.")
                        : tr("This is a shared computer (touchdown PC): Avocet never keeps a key in its keychain "
                             "here. Unlock with your passphrase.");
    return reply;
}

void KeychainUnlock::turnOn(const QString& passphrase, QObject* context, std::function<void(Reply<Done>)> done)
{
    done = whileAlive(context, std::move(done));
    if (!isOffered())
        return done(notOffered());
    m_session.prepareKeychainWrap(passphrase, this, [this, done](Reply<Session::KeychainOffer> offer) mutable {
        if (!offer.ok()) {
            Reply<Done> failed = failedAs<Done>(offer);
            failed.retryAfterMs = offer.retryAfterMs;
            return done(failed);
        }
        const QString user = offer.value.user;
        const QString entry = m_session.keychainEntryOf(user);
        QByteArray secret = std::move(offer.value.secret);
        m_keychain->write(entry, secret, this,
                          [this, done, user, entry, wrap = offer.value.wrapJson](KeychainReply kept) mutable {
                              if (!kept.ok()) {
                                  qCInfo(lcSession) << "keychain unlock not turned on: the keychain answered"
                                                    << int(kept.outcome);
                                  return done(keychainFailure(kept));
                              }
                              m_session.writeKeychainWrap(user, wrap, this, [this, done, entry](Reply<Done> written) {
                                  if (!written.ok()) // the entry would open nothing: take it back
                                      m_keychain->remove(entry, this, [](KeychainReply) {});
                                  done(written);
                              });
                          });
        secret.fill('\0');
    });
}

void KeychainUnlock::turnOff(const QString& user, QObject* context, std::function<void(Reply<Done>)> done)
{
    done = whileAlive(context, std::move(done));
    // The wrap goes first: without it the keychain's secret opens nothing, whatever the keychain does.
    m_session.removeKeychainWrap(user, this, [this, user, done](Reply<bool> removed) {
        if (!removed.ok())
            return done(failedAs<Done>(removed));
        if (m_keychain == nullptr)
            return done({});
        m_keychain->remove(m_session.keychainEntryOf(user), this, [done](KeychainReply gone) {
            // No keychain here means there is no entry to remove.
            if (!gone.ok() && gone.outcome != KeychainReply::Outcome::Unavailable) {
                Reply<Done> failed = keychainFailure(gone);
                failed.message = tr("Keychain unlock is off (the key on this computer's disk is gone), but the "
                                    "keychain kept its entry: %1")
                                     .arg(gone.detail);
                return done(failed);
            }
            done({});
        });
    });
}

void KeychainUnlock::isOn(const QString& user, QObject* context, std::function<void(Reply<bool>)> done)
{
    m_session.keychainUsers(context, [user, done = std::move(done)](Reply<QStringList> users) {
        Reply<bool> reply;
        reply.code = users.code;
        reply.message = users.message;
        reply.value = users.ok() && users.value.contains(user);
        done(reply);
    });
}

void KeychainUnlock::startCandidates(QObject* context, std::function<void(Reply<QStringList>)> done)
{
    if (!isOffered())
        return whileAlive(context, std::move(done))(Reply<QStringList>{});
    m_session.keychainUsers(context, std::move(done));
}

void KeychainUnlock::unlockAtStart(const QString& user, QObject* context, std::function<void(Reply<Done>)> done)
{
    done = whileAlive(context, std::move(done));
    if (!isOffered())
        return done(notOffered());
    m_keychain->read(m_session.keychainEntryOf(user), this, [this, user, done](KeychainReply read) mutable {
        if (!read.ok()) {
            qCInfo(lcSession) << "keychain unlock at start not possible: the keychain answered" << int(read.outcome);
            return done(keychainFailure(read));
        }
        m_session.unlockWithKeychainSecret(user, std::move(read.secret), this, [done](Reply<Done> opened) {
            if (opened.code == ErrorCode::KeyFileDamaged)
                opened.message = tr("The key in this computer's keychain does not open your profile (it was changed "
                                    "or damaged). Unlock with your passphrase; nothing was changed.");
            done(opened);
        });
    });
}

void KeychainUnlock::enforcePolicy(QObject* context, std::function<void(Reply<int>)> done)
{
    done = whileAlive(context, std::move(done));
    if (m_policy.keepsKeychainKeys())
        return done({});
    m_session.listUsers(this, [this, done](Reply<QStringList> users) {
        if (!users.ok())
            return done(failedAs<int>(users));
        auto removed = std::make_shared<int>(0);
        auto waiting = std::make_shared<int>(int(users.value.size()));
        if (*waiting == 0)
            return done({});
        for (const QString& user : users.value) {
            m_session.removeKeychainWrap(user, this, [this, user, removed, waiting, done](Reply<bool> wrap) {
                if (wrap.ok() && wrap.value)
                    ++*removed;
                auto finished = [removed, waiting, done](KeychainReply) {
                    if (--*waiting == 0) {
                        if (*removed > 0)
                            qCInfo(lcSession) << "touchdown PC: removed" << *removed << "keychain unlock wraps";
                        Reply<int> reply;
                        reply.value = *removed;
                        done(reply);
                    }
                };
                if (m_keychain == nullptr)
                    return finished({});
                m_keychain->remove(m_session.keychainEntryOf(user), this, finished);
            });
        }
    });
}

} // namespace avocet::ui

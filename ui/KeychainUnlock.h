#pragma once
// Keychain unlock on managed laptops (docs/security.md, "Keychain unlock"): the profile's data key is
// wrapped a second time under a random secret the operating system's keychain keeps, so after a
// reboot Avocet opens at start without a second secret; the wrap is in the profile folder and the
// secret is not, so a copy of the disk alone opens nothing. The passphrase always unlocks too.
//
// The device class decides (ui/DevicePolicy): a touchdown PC never keeps a key in the keychain and
// enforcePolicy() removes any it finds; only a managed laptop offers turnOn(). The keychain calls
// run on the UI thread (they are asynchronous), the profile's files on the session's worker.
#include <QObject>
#include <QString>

#include <functional>

#include "ui/DevicePolicy.h"
#include "ui/Session.h"

namespace avocet::platform {
class Keychain;
}

namespace avocet::ui {

class KeychainUnlock : public QObject
{
    Q_OBJECT
public:
    // keychain may be null (no keychain support in this build): nothing is offered then.
    KeychainUnlock(Session& session, platform::Keychain* keychain, DevicePolicy policy, QObject* parent = nullptr);

    // A managed laptop with a keychain: "Unlock with this computer's keychain" is offered.
    bool isOffered() const;
    const DevicePolicy& policy() const { return m_policy; }

    // The unlocked user: confirms the passphrase, keeps a fresh secret in the keychain, then writes the
    // wrap. Any failure leaves the profile as it was.
    void turnOn(const QString& passphrase, QObject* context, std::function<void(Reply<Done>)> done);
    // Removes the user's wrap and their keychain entry (turned off, sign-out, a touchdown PC).
    void turnOff(const QString& user, QObject* context, std::function<void(Reply<Done>)> done);
    // Whether the user's profile has a keychain wrap.
    void isOn(const QString& user, QObject* context, std::function<void(Reply<bool>)> done);
    // Unlocks the user with the keychain's secret (at start, after a reboot). On any failure nothing
    // changes and the message says to use the passphrase.
    void unlockAtStart(const QString& user, QObject* context, std::function<void(Reply<Done>)> done);
    // The users this computer could open at start with the keychain (managed laptops; else none).
    void startCandidates(QObject* context, std::function<void(Reply<QStringList>)> done);
    // A touchdown PC: removes every profile's keychain wrap and entry; replies how many wraps went.
    void enforcePolicy(QObject* context, std::function<void(Reply<int>)> done);

private:
    Reply<Done> notOffered() const;

    Session& m_session;
    platform::Keychain* m_keychain = nullptr;
    DevicePolicy m_policy;
};

} // namespace avocet::ui

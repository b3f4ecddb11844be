#pragma once
// Puts trust sign-on's desktop pieces into the main window with a handful of calls from MainWindow:
// - keychain unlock on managed laptops (Session ▸ Unlock with this computer's keychain…, and the
//   unlock at start after a reboot); on a touchdown PC the keys of every profile are removed at start;
// - Session ▸ Sign out: ends the hub login, opens the identity provider's end-session page in the
//   system browser where it offers one, removes the user's keychain key, and returns to the unlock
//   screen with nothing of the user's session left on it.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

#include "ui/DevicePolicy.h"
#include "ui/KeychainDialog.h"

class QAction;
class QMenu;

namespace avocet::platform {
class CardPresenceMonitor;
class Keychain;
}

namespace avocet::ui {

class KeychainUnlock;
class Session;
namespace sync {
class SyncController;
}

class SignOnUi : public QObject
{
    Q_OBJECT
public:
    // openBrowser: opens an address in the system browser (QDesktopServices when null; tests observe).
    SignOnUi(QWidget& window, Session& session, sync::SyncController& sync, platform::Keychain* keychain,
             DevicePolicy policy, std::function<void(const std::string&)> openBrowser, QObject* parent = nullptr);

    // Adds the actions to the Session menu, before `before`.
    void addActions(QMenu& menu, QAction* before);
    // The unlock screen is showing users at start: a touchdown PC removes every keychain key; a managed
    // laptop opens the preferred user (or the only one with a key) from the keychain. Once per process.
    void atStart(const QStringList& users, const QString& preferred);
    // The session opened or locked (updates the actions).
    void setUnlocked(bool unlocked, const QString& user);
    // The first sign-in through the trust's page just created the user's profile with this
    // passphrase: a managed laptop keeps a keychain key for it at once, so Avocet opens after a
    // reboot without a second secret (without a keychain it says so, and the passphrase goes on
    // unlocking); a touchdown PC never does.
    void afterFirstSignOn(const QString& user, const QString& passphrase);

    // With policy/smartcardRemovalLocks on: starts watching the reader; a card taken out of it while
    // the session is unlocked asks the window to lock (lockRequested). Off: the monitor is not started.
    void watchCard(platform::CardPresenceMonitor* monitor);

    KeychainUnlock* keychain() const { return m_keychain; }
    QAction* keychainAction() const { return m_keychainAction; }
    QAction* signOutAction() const { return m_signOutAction; }
    KeychainDialog* keychainDialog() const { return m_dialog; }
    void signOut();

Q_SIGNALS:
    // atStart: the keychain is opening `user` (the unlock screen shows it busy) / did or did not.
    void unlockingAtStart(const QString& user);
    void unlockedAtStart(const QString& user);
    void unlockAtStartFailed(const QString& user, const QString& message);
    // Sign-out finished: the window locks with this text and forgets the user's place.
    void signedOut(const QString& message);
    // A short note for the status bar.
    void note(const QString& message);
    // The window should lock now, saying why (the smartcard was taken out).
    void lockRequested(const QString& reason);
    // afterFirstSignOn on a managed laptop: whether the keychain key was kept, and what the user was told.
    void firstSignOnKeychain(bool kept, const QString& message);

private:
    void toggleKeychain();
    void openInBrowser(const QString& address);

    QWidget& m_window;
    Session& m_session;
    sync::SyncController& m_sync;
    KeychainUnlock* m_keychain = nullptr;
    std::function<void(const std::string&)> m_openBrowser;
    QAction* m_keychainAction = nullptr;
    QAction* m_signOutAction = nullptr;
    QPointer<KeychainDialog> m_dialog;
    QString m_user;
    bool m_startDone = false;
    bool m_signingOut = false;
};

} // namespace avocet::ui

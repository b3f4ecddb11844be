#include "ui/SignOnUi.h"

#include <QAction>
#include <QDesktopServices>
#include <QMenu>
#include <QUrl>

#include "core/sync/HttpTransport.h"
#include "platform/CardPresenceMonitor.h"
#include "ui/KeychainDialog.h"
#include "ui/KeychainUnlock.h"
#include "ui/Session.h"
#include "ui/UiLog.h"
#include "ui/sync/SyncController.h"

namespace avocet::ui {

SignOnUi::SignOnUi(QWidget& window, Session& session, sync::SyncController& sync, platform::Keychain* keychain,
                   DevicePolicy policy, std::function<void(const std::string&)> openBrowser, QObject* parent)
    : QObject(parent), m_window(window), m_session(session), m_sync(sync), m_openBrowser(std::move(openBrowser))
{
    m_keychain = new KeychainUnlock(session, keychain, policy, this);

    m_keychainAction = new QAction(tr("Unlock with this computer's &keychain…"), this);
    m_keychainAction->setObjectName(QStringLiteral("keychainAction"));
    m_keychainAction->setCheckable(true);
    m_keychainAction->setToolTip(tr("Open Avocet at start without your passphrase, with a key kept in this "
                                    "computer's keychain (managed laptops only)."));
    m_keychainAction->setVisible(m_keychain->isOffered());
    connect(m_keychainAction, &QAction::triggered, this, [this] { toggleKeychain(); });

    m_signOutAction = new QAction(tr("Sign &out"), this);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_signOutAction->setToolTip(tr("End your sign-in to the trust on this computer and return to the sign-in "
                                   "screen."));
    connect(m_signOutAction, &QAction::triggered, this, &SignOnUi::signOut);
    setUnlocked(false, {});
}

void SignOnUi::addActions(QMenu& menu, QAction* before)
{
    menu.insertAction(before, m_keychainAction);
    menu.insertAction(before, m_signOutAction);
}

void SignOnUi::setUnlocked(bool unlocked, const QString& user)
{
    m_user = unlocked ? user : QString();
    m_keychainAction->setEnabled(unlocked && m_keychain->isOffered());
    m_signOutAction->setEnabled(unlocked && !m_signingOut);
    if (!unlocked || !m_keychain->isOffered()) {
        m_keychainAction->setChecked(false);
        return;
    }
    m_keychain->isOn(user, this, [this, user](Reply<bool> on) {
        if (m_user == user)
            m_keychainAction->setChecked(on.ok() && on.value);
    });
}

void SignOnUi::afterFirstSignOn(const QString& user, const QString& passphrase)
{
    if (!m_keychain->policy().keepsKeychainKeys())
        return; // a touchdown PC never keeps a key
    auto told = [this](bool kept, const QString& message) {
        qCInfo(lcSession) << "first sign-on on a managed laptop:" << (kept ? "keychain key kept" : "no keychain key");
        Q_EMIT note(message);
        Q_EMIT firstSignOnKeychain(kept, message);
    };
    if (!m_keychain->isOffered())
        return told(false, tr("This build of Avocet cannot use the computer's keychain, so your passphrase unlocks "
                              "Avocet at start."));
    m_keychain->turnOn(passphrase, this, [this, user, told](Reply<Done> on) {
        if (on.ok() && m_user == user)
            m_keychainAction->setChecked(true);
        told(on.ok(), on.ok() ? tr("Keychain unlock is on: after a restart Avocet opens on this computer without "
                                   "your passphrase.")
                              : on.message);
    });
}

void SignOnUi::atStart(const QStringList& users, const QString& preferred)
{
    if (m_startDone)
        return; // after a lock the passphrase is asked for: the keychain opens Avocet at start only
    m_startDone = true;
    if (!m_keychain->policy().keepsKeychainKeys()) {
        m_keychain->enforcePolicy(this, [](Reply<int>) {});
        return;
    }
    m_keychain->startCandidates(this, [this, users, preferred](Reply<QStringList> candidates) {
        if (!candidates.ok() || candidates.value.isEmpty())
            return;
        QString user;
        if (!preferred.isEmpty() && candidates.value.contains(preferred))
            user = preferred;
        else if (preferred.isEmpty() && candidates.value.size() == 1)
            user = candidates.value.constFirst();
        if (user.isEmpty() || !users.contains(user))
            return;
        Q_EMIT unlockingAtStart(user);
        m_keychain->unlockAtStart(user, this, [this, user](Reply<Done> opened) {
            if (opened.ok())
                Q_EMIT unlockedAtStart(user);
            else
                Q_EMIT unlockAtStartFailed(user, opened.message);
        });
    });
}

void SignOnUi::watchCard(platform::CardPresenceMonitor* monitor)
{
    if (monitor == nullptr || !m_keychain->policy().smartcardRemovalLocks)
        return;
    connect(monitor, &platform::CardPresenceMonitor::cardRemoved, this, [this] {
        if (!m_session.isUnlocked())
            return;
        qCInfo(lcSession) << "locking: the smartcard was taken out of its reader";
        Q_EMIT lockRequested(tr("Locked because your smartcard was taken out of the reader"));
    });
    connect(monitor, &platform::CardPresenceMonitor::unavailable, this, [](const QString& detail) {
        qCWarning(lcSession) << "no smartcard reader service, so card removal cannot lock:" << detail;
    });
    monitor->start();
}

void SignOnUi::toggleKeychain()
{
    if (!m_keychainAction->isChecked()) { // it was on: turn it off, no passphrase needed
        m_keychain->turnOff(m_user, this, [this](Reply<Done> off) {
            Q_EMIT note(off.ok() ? tr("Keychain unlock is off: Avocet asks for your passphrase at start.")
                                 : off.message);
        });
        return;
    }
    m_keychainAction->setChecked(false); // on only once the dialog succeeds
    if (!m_dialog) {
        m_dialog = new KeychainDialog(*m_keychain, &m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &QDialog::accepted, this, [this] {
            m_keychainAction->setChecked(true);
            Q_EMIT note(tr("Keychain unlock is on: Avocet opens at start without your passphrase on this computer."));
        });
    }
    m_dialog->open();
}

void SignOnUi::openInBrowser(const QString& address)
{
    // Only a web address the transport rules accept (https, or http to this computer): the address
    // came from the server and is opened by the system browser.
    if (!core::sync::parseBaseUrl(address.toStdString())) {
        qCWarning(lcSession) << "the identity provider's end-session address was not opened: not an https address";
        return;
    }
    if (m_openBrowser)
        m_openBrowser(address.toStdString());
    else
        QDesktopServices::openUrl(QUrl(address));
}

void SignOnUi::signOut()
{
    if (m_signingOut || !m_session.isUnlocked())
        return;
    m_signingOut = true;
    m_signOutAction->setEnabled(false);
    const QString user = m_user;
    Q_EMIT note(tr("Signing out…"));
    m_sync.signOut(this, [this, user](Reply<QString> ended) {
        if (ended.ok() && !ended.value.isEmpty())
            openInBrowser(ended.value); // the provider's own session ends in the browser
        const QString told = ended.ok() ? tr("Signed out.") : ended.message;
        // The keychain key goes too: after signing out, this computer needs the passphrase again.
        m_keychain->turnOff(user, this, [this, told](Reply<Done> off) {
            m_signingOut = false;
            qCInfo(lcSession) << "signed out";
            Q_EMIT signedOut(off.ok() ? told : told + QLatin1Char(' ') + off.message);
        });
    });
}

} // namespace avocet::ui

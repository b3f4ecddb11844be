#pragma once
// First sign-in on a computer (a touchdown PC, a new laptop): the user signs in with their trust
// account against avocet-hub; Avocet checks it with the server, creates their own encrypted profile
// here (their password, or a passphrase of their choosing, unlocks it later when off-line), keeps
// the sign-in token inside it and fetches their caseload. Nothing is created when the server says no.
#include <QDialog>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace avocet::ui {
class Session;
}

namespace avocet::ui::sync {

class SyncController;

class FirstSignInDialog : public QDialog
{
    Q_OBJECT
public:
    FirstSignInDialog(Session& session, SyncController& controller, QWidget* parent = nullptr);

    // The trust's server from system policy (policy/hubUrl in the system-wide settings), if set.
    static QString policyServer();

    QLineEdit* serverEdit() const { return m_server; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }
    QLineEdit* passphraseEdit() const { return m_passphrase; }
    QLineEdit* confirmEdit() const { return m_confirm; }
    QPushButton* signInButton() const { return m_signIn; }
    // Sign-in through the trust's identity provider in the browser: only the server and the
    // passphrase for this computer are typed here. A user who already has a profile here (signing
    // in again after the trust sign-in ended) opens it with its passphrase and keeps the new sign-in.
    QPushButton* signOnButton() const { return m_signOn; }
    QString message() const;

    // Runs once the profile of a sign-on through the trust's page exists and is unlocked, with the
    // passphrase typed here: a managed laptop keeps its keychain key then (ui/SignOnUi).
    void setAfterSignOnProfile(std::function<void(const QString& user, const QString& passphrase)> step)
    {
        m_afterSignOnProfile = std::move(step);
    }

Q_SIGNALS:
    // The user's profile exists and is unlocked: the main window opens their session.
    void profileOpened(const QString& user);

private:
    void submit();
    void submitSignOn();
    void fail(const QString& text);

    Session& m_session;
    SyncController& m_controller;
    QLineEdit* m_server = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_confirm = nullptr;
    QPushButton* m_signIn = nullptr;
    QPushButton* m_signOn = nullptr;
    QLabel* m_message = nullptr;
    std::function<void(const QString&, const QString&)> m_afterSignOnProfile;
};

} // namespace avocet::ui::sync

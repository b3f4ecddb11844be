#pragma once
// The unlock screen: pick a user, type the passphrase, Enter unlocks. While Argon2id runs on the
// worker the form is disabled and a busy bar shows; errors appear in place, the screen stays.
#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace avocet::ui {

class UnlockView : public QWidget
{
    Q_OBJECT
public:
    explicit UnlockView(QWidget* parent = nullptr);

    void setUsers(const QStringList& users, const QString& preferred);
    // Shows the demo passphrase under the form while the demo user is selected.
    void setDemoHint(const QString& user, const QString& passphrase);
    void setBusy(bool busy);
    // Shows an error and keeps the form; disables Unlock for retryAfterMs when throttled.
    void showError(const QString& message, int retryAfterMs = 0);
    // A notice above the form that stays until the next unlock (why the session was locked when the
    // user must know: the trust sign-in ended). Empty hides it.
    void showNotice(const QString& message);
    // Forget the typed passphrase and any error (after unlocking, and before showing again).
    void reset();
    void focusPassphrase();

    QString selectedUser() const;
    bool isBusy() const { return m_busy; }

    // Test seams.
    QLineEdit* passphraseEdit() const { return m_passphrase; }
    QComboBox* userPicker() const { return m_users; }
    QPushButton* unlockButton() const { return m_unlock; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* noticeLabel() const { return m_notice; }

Q_SIGNALS:
    void unlockRequested(const QString& user, const QString& passphrase);
    void firstSignInRequested();

private:
    void submit();
    void updateHint();
    void updateUnlockEnabled();

    QComboBox* m_users = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QPushButton* m_unlock = nullptr;
    QPushButton* m_firstSignIn = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_hint = nullptr;
    QProgressBar* m_busyBar = nullptr;
    QTimer* m_retryTimer = nullptr;
    QString m_demoUser;
    QString m_demoPassphrase;
    bool m_busy = false;
};

} // namespace avocet::ui

#pragma once
// First-run / --demo welcome: explains the demo workspace and shows its user name and passphrase.
// Preparing the workspace (creating the encrypted profile, seeding synthetic patients) runs on the
// worker; this view shows its progress.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace avocet::ui {

struct DemoWorkspace;

class WelcomeView : public QWidget
{
    Q_OBJECT
public:
    enum class Reason { DemoRequested, NoProfileYet };

    explicit WelcomeView(QWidget* parent = nullptr);

    void setWorkspace(const DemoWorkspace& demo, Reason reason);
    void setProgress(int done, int total);
    void setPreparing(bool preparing);
    void showError(const QString& message);

    QPushButton* continueButton() const { return m_continue; }

Q_SIGNALS:
    void continueRequested();
    void firstSignInRequested(); // a real user's first sign-in (ui/sync FirstSignInDialog)

private:
    QLabel* m_intro = nullptr;
    QLabel* m_user = nullptr;
    QLabel* m_passphrase = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_continue = nullptr;
};

} // namespace avocet::ui

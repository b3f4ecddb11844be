#pragma once
// The desktop window. One window for the whole session: welcome (demo) → unlock → patient list,
// and back to unlock on Lock, so no patient data stays on screen behind a dialog.
#include <QMainWindow>
#include <QHash>
#include <QPointer>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ui/CaseloadModel.h"
#include "ui/DemoWorkspace.h"
#include "core/documents/DocumentView.h"
#include "ui/DevicePolicy.h"
#include "ui/RenewalDialog.h"
#include "ui/SessionGuard.h"

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QTextBrowser;
class QToolBar;

namespace avocet::platform {
class CardPresenceMonitor;
class Keychain;
}

namespace avocet::ui {

namespace forms {
class FormDrafts;
class FormWindow;
}
namespace sync {
class FirstSignInDialog;
class SyncUi;
}

class AlertNotifier;
class CaseloadView;
class CaseloadDashboard;
class ClinicalService;
class IdleWatcher;
class PatientView;
class SecureClipboard;
class SessionClock;
class SignOnUi;
class PatientListView;
class PatientTableModel;
class Session;
class UnlockView;
class WelcomeView;

struct MainWindowOptions
{
    bool demo = false;       // --demo: show the welcome screen and prepare the demo workspace
    QString preferredUser;   // --user NAME: preselected on the unlock screen
    DemoWorkspace workspace; // what the demo is made of (tests make it faster)
    int idleLockMs = -1; // lock after this long without keyboard or mouse; 0 = never; -1 = trust policy
    const SessionClock* clock = nullptr; // tests pass a fake; nullptr = the system clocks
    bool watchDesktop = true;            // subscribe to screen-lock/suspend/user-switch signals on D-Bus
    // Trust sign-on (ui/SignOnUi): the operating system's keychain (null: none), the device policy
    // (unset: the system-wide settings), and how addresses open in the system browser (null:
    // QDesktopServices; tests observe the provider's sign-in and end-session pages here).
    platform::Keychain* keychain = nullptr;
    std::optional<DevicePolicy> devicePolicy;
    std::function<void(const std::string&)> openBrowser;
    // Lock when the smartcard leaves its reader (policy/smartcardRemovalLocks); null: no reader watched.
    platform::CardPresenceMonitor* cardMonitor = nullptr;
    // The trust on the letterhead of discharge summaries, letters and notices (unset: the system-wide
    // settings' [letterhead], print/Letterhead.h; the demo trust when they name none).
    std::optional<core::documents::Sender> letterhead;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Screen { Starting, Welcome, Unlock, Patients, Caseload, Patient, Dashboard };

    MainWindow(Session& session, MainWindowOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Looks at the profiles on this computer and shows the welcome or the unlock screen.
    void start();
    // Hides every patient, locks the cache and shows the unlock screen.
    // reason is shown in the status bar while locked ("Locked" when empty).
    void lockSession(const QString& reason = {});

    Screen screen() const;
    // The caseload (the default screen after unlocking) and one patient's screen with the banner.
    void showCaseload();
    // The clinician's dashboard (ui/CaseloadDashboard), from the cache, for today.
    void showDashboard();
    void openPatient(const QString& patientId);
    // A patient found by the whole-trust search (PatientListView): the break-glass reason, then the
    // record read from the hub for this session only.
    void openTrustPatient(const QString& serverId, bool onCaseload);
    void updateTrustSearch();
    // The forms window of the open patient: one per patient (a second request raises the first, so
    // one draft is never edited in two windows). Null when no patient is open.
    forms::FormWindow* openForms();
    // Help ▸ User guide (F1): the guide embedded in the app, with its screenshots.
    QTextBrowser* showUserGuide();
    // Asks for a break-glass reason ("" = cancelled). Tests pre-answer it; default shows a dialog.
    void setBreakGlassPrompt(std::function<QString()> prompt) { m_breakGlassPrompt = std::move(prompt); }
    // Asks which power was renewed and when it was reported (nullopt = cancelled). Tests pre-answer
    // it; default shows RenewalDialog.
    void setRenewalPrompt(std::function<std::optional<RenewalChoice>(const PatientRecord&)> prompt)
    {
        m_renewalPrompt = std::move(prompt);
    }
    // Asks which power's latest renewal to withdraw and why (nullopt = cancelled). Tests pre-answer
    // it; default shows RenewalDialog in its withdraw mode.
    void setRenewalWithdrawalPrompt(std::function<std::optional<RenewalChoice>(const PatientRecord&)> prompt)
    {
        m_renewalWithdrawalPrompt = std::move(prompt);
    }
    CaseloadView* caseloadView() const { return m_caseload; }
    CaseloadModel* caseloadModel() const { return m_caseloadModel; }
    PatientView* patientView() const { return m_patient; }
    CaseloadDashboard* dashboard() const { return m_dashboard; }
    QAction* dashboardAction() const { return m_dashboardAction; }
    SessionGuard* sessionGuard() const { return m_guard; }
    SecureClipboard* secureClipboard() const { return m_clipboard; }
    AlertNotifier* alertNotifier() const { return m_notifier; }
    int idleLockMs() const { return m_options.idleLockMs; }
    // Test seams.
    UnlockView* unlockView() const { return m_unlock; }
    WelcomeView* welcomeView() const { return m_welcome; }
    QAction* changePassphraseAction() const { return m_passphraseAction; }
    sync::FirstSignInDialog* firstSignInDialog() const;
    PatientListView* patientListView() const { return m_patients; }
    PatientTableModel* patientModel() const { return m_model; }
    QAction* lockAction() const { return m_lockAction; }
    QAction* findAction() const { return m_findAction; }
    sync::SyncUi* syncUi() const { return m_sync; } // ui/sync: status area, Sync menu, conflicts
    SignOnUi* signOnUi() const { return m_signOn; } // keychain unlock, sign-out
    QString statusText() const;

private:
    void createActions();
    void showWelcome(bool noProfileYet);
    void showUnlock(const QStringList& users, const QString& preferred);
    void refreshUsersThenUnlock(const QString& preferred);
    void prepareDemo();
    void requestUnlock(const QString& user, const QString& passphrase);
    void enterSession(const QString& user);
    void onPopulated(qint64 total, int shown, bool searching);
    void setUnlockedUi(bool unlocked);
    void createClinicalViews();
    void reloadAfterSync();
    void showFirstSignIn();
    void loadCaseload();
    void showPatient(const PatientRecord& record);
    void acknowledgeAlert(const QString& patientId, const QString& key);
    void recordRenewal();
    void withdrawRenewal();
    void saveOpenDrafts();
    forms::FormWindow* formsWindowFor(const QString& patientId, const QString& label);
    QString askBreakGlassReason();
    static QString lockReasonText(SessionGuard::Reason reason);

    Session& m_session;
    MainWindowOptions m_options;
    bool m_demoShown = false;

    QStackedWidget* m_stack = nullptr;
    QWidget* m_starting = nullptr;
    WelcomeView* m_welcome = nullptr;
    UnlockView* m_unlock = nullptr;
    PatientListView* m_patients = nullptr;
    PatientTableModel* m_model = nullptr;
    QLabel* m_userLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QAction* m_lockAction = nullptr;
    QAction* m_passphraseAction = nullptr;
    QAction* m_findAction = nullptr;
    QToolBar* m_toolbar = nullptr;
    IdleWatcher* m_idle = nullptr;
    std::unique_ptr<SessionClock> m_systemClock;
    const SessionClock* m_clock = nullptr;
    ClinicalService* m_clinical = nullptr;
    CaseloadModel* m_caseloadModel = nullptr;
    CaseloadView* m_caseload = nullptr;
    PatientView* m_patient = nullptr;
    CaseloadDashboard* m_dashboard = nullptr;
    SecureClipboard* m_clipboard = nullptr;
    SessionGuard* m_guard = nullptr;
    AlertNotifier* m_notifier = nullptr;
    QAction* m_openFormAction = nullptr;  // ui/forms
    forms::FormDrafts* m_formDrafts = nullptr;
    QHash<QString, QPointer<forms::FormWindow>> m_formWindows; // by patient id
    struct OpenForm
    {
        QString patientId;
        QString draftId;
    };
    QVector<OpenForm> m_savedForms; // reopened when the same user unlocks
    sync::SyncUi* m_sync = nullptr; // ui/sync
    SignOnUi* m_signOn = nullptr;
    QMenu* m_sessionMenu = nullptr;
    QAction* m_quitAction = nullptr;
    bool m_forgetPlaceOnLock = false;
    void createSignOn(QMenu& sessionMenu, QAction* before);
    // Signing out forgets where the user was (no patient, search or form reopens for the next person).
    void forgetPlace();
    QAction* m_caseloadAction = nullptr;
    QAction* m_dashboardAction = nullptr;
    std::function<QString()> m_breakGlassPrompt;
    std::function<std::optional<RenewalChoice>(const PatientRecord&)> m_renewalPrompt;
    std::function<std::optional<RenewalChoice>(const PatientRecord&)> m_renewalWithdrawalPrompt;
    Screen m_savedScreen = Screen::Caseload;
    QString m_savedPatientId;

    // Where the user was when they locked, restored when the same user unlocks again.
    QString m_lastUser;
    bool m_caseloadKnown = false;
    QPointer<sync::FirstSignInDialog> m_firstSignIn; // whether the patient search knows if this user has a caseload
    QString m_savedQuery;
    int m_savedTopRow = -1;
    int m_pendingTopRow = -1;
    QString m_lockedText;
    QPointer<QTextBrowser> m_guide;
};

} // namespace avocet::ui

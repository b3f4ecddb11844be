#include "ui/MainWindow.h"

#include "print/Letterhead.h"
#include "ui/forms/FormEvents.h"

#include <QTimeZone>
#include <QAction>
#include <QRadioButton>
#include <QApplication>
#include <QDialog>
#include <QScreen>
#include <QTextBrowser>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/AlertNotifier.h"
#include "ui/BreakGlassDialog.h"
#include "ui/RenewalDialog.h"
#include "ui/CaseloadDashboard.h"
#include "ui/ChangePassphraseDialog.h"
#include "ui/CaseloadView.h"
#include "ui/ClinicalService.h"
#include "ui/ErrorText.h"
#include "ui/IdleWatcher.h"
#include "ui/LockPolicy.h"
#include "ui/PatientBanner.h"
#include "ui/PatientView.h"
#include "ui/SecureClipboard.h"
#include "ui/SessionClock.h"
#include "ui/SignOnUi.h"
#include "ui/PatientListView.h"
#include "ui/PatientTableModel.h"
#include "ui/Session.h"
#include "ui/UiLog.h"
#include "ui/UnlockView.h"
#include "ui/WelcomeView.h"
#include "ui/designer/DesignerWindow.h" // template designer
#include "ui/forms/FormDrafts.h"
#include "ui/forms/FormWindow.h"
#include "ui/sync/FirstSignIn.h"
#include "ui/sync/SyncController.h"
#include "ui/sync/SyncUi.h"

namespace avocet::ui {

MainWindow::MainWindow(Session& session, MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_options(std::move(options))
{
    setWindowTitle(tr("Avocet"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/avocet.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    if (m_options.idleLockMs < 0)
        m_options.idleLockMs = idleLockMinutesFromPolicy() * 60 * 1000;
    if (!m_options.clock)
        m_systemClock = std::make_unique<SystemClock>();
    m_clock = m_options.clock ? m_options.clock : m_systemClock.get();

    m_model = new PatientTableModel(m_session, this);
    m_stack = new QStackedWidget(this);
    m_starting = new QWidget(m_stack);
    m_welcome = new WelcomeView(m_stack);
    m_unlock = new UnlockView(m_stack);
    m_patients = new PatientListView(*m_model, m_stack);
    m_stack->addWidget(m_starting);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_unlock);
    m_stack->addWidget(m_patients);
    setCentralWidget(m_stack);
    createClinicalViews();

    m_userLabel = new QLabel(this);
    m_countLabel = new QLabel(this);
    statusBar()->addWidget(m_userLabel, 1);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->setSizeGripEnabled(false);

    createActions();
    sync::SyncControllerOptions syncOptions;
    syncOptions.openBrowser = m_options.openBrowser;
    m_sync = new sync::SyncUi(*this, m_session, m_toolbar, m_lockAction, m_patient, syncOptions); // ui/sync
    createSignOn(*m_sessionMenu, m_quitAction);
    // Sync brought patients or caseload teams (core/sync DesktopProjection): the caseload and the
    // search show them at once.
    connect(m_sync->controller(), &sync::SyncController::patientsChanged, this, &MainWindow::reloadAfterSync);
    // The whole trust, on-line: offered while a server is set up and not known to be off-line.
    connect(m_sync->controller(), &sync::SyncController::stateChanged, this, &MainWindow::updateTrustSearch);
    updateTrustSearch();
    connect(m_patients, &PatientListView::trustSearchRequested, this, [this](const QString& typed) {
        m_sync->controller()->searchTrust(typed, this, [this](Reply<core::usecases::TrustSearchResult> reply) {
            if (!m_session.isUnlocked())
                return;
            if (!reply.ok())
                return m_patients->showTrustMessage(reply.message);
            m_patients->showTrustResults(reply.value);
        });
    });
    connect(m_patients, &PatientListView::trustPatientChosen, this, &MainWindow::openTrustPatient);
    // The hub ended the sign-on (the trust's sign-in service ended the session or no longer vouches
    // for the user, or the user has no role any more): lock at once, saying why and how to go on;
    // the passphrase still unlocks off-line, and a new sign-in is needed to sync.
    connect(m_sync->controller(), &sync::SyncController::signOnEnded, this, [this](const QString& message) {
        if (!m_session.isUnlocked())
            return;
        lockSession(tr("Your trust sign-in has ended: %1").arg(message));
        statusBar()->clearMessage(); // the lock's reason, not the last note, is what the bar shows now
        m_unlock->showNotice(tr("Your trust sign-in has ended. %1\n\n"
                                "To sync again, sign in with your trust account. Until then your passphrase still "
                                "unlocks the records kept on this computer, off-line, until they expire.")
                                 .arg(message));
    });

    connect(m_welcome, &WelcomeView::continueRequested, this, &MainWindow::prepareDemo);
    connect(&m_session, &Session::demoProgress, m_welcome, &WelcomeView::setProgress);
    connect(m_unlock, &UnlockView::unlockRequested, this, &MainWindow::requestUnlock);
    connect(m_unlock, &UnlockView::firstSignInRequested, this, &MainWindow::showFirstSignIn);
    connect(m_welcome, &WelcomeView::firstSignInRequested, this, &MainWindow::showFirstSignIn);
    connect(m_model, &PatientTableModel::populated, this, &MainWindow::onPopulated);
    connect(m_model, &PatientTableModel::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10'000); });

    m_idle = new IdleWatcher(m_options.idleLockMs, this);
    connect(m_idle, &IdleWatcher::idle, this, [this] {
        qCInfo(lcViews) << "locking after" << m_options.idleLockMs << "ms without input";
        lockSession(tr("Locked after %n minute(s) without use", nullptr, std::max(1, m_options.idleLockMs / 60000)));
    });

    setUnlockedUi(false);
    resize(1100, 700);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_lockAction = new QAction(QIcon(QStringLiteral(":/ui/lock.svg")), tr("&Lock"), this);
    m_lockAction->setObjectName(QStringLiteral("lockAction"));
    m_lockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_lockAction->setShortcutContext(Qt::ApplicationShortcut);
    m_lockAction->setToolTip(tr("Lock Avocet now (Ctrl+L). Patient details are hidden until you unlock."));
    connect(m_lockAction, &QAction::triggered, this, [this] { lockSession(); });

    m_findAction = new QAction(QIcon(QStringLiteral(":/ui/search.svg")), tr("&Find patient"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_stack->setCurrentWidget(m_patients);
        m_patients->focusSearch();
    });
    m_caseloadAction = new QAction(tr("My &caseload"), this);
    m_caseloadAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_caseloadAction->setToolTip(tr("Your team's patients, today's visits and alerts (Ctrl+1)"));
    connect(m_caseloadAction, &QAction::triggered, this, &MainWindow::showCaseload);
    m_dashboardAction = new QAction(tr("My &dashboard"), this);
    m_dashboardAction->setObjectName(QStringLiteral("dashboardAction"));
    m_dashboardAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_dashboardAction->setToolTip(tr("Reviews overdue, outcome measures due, forms waiting, and this month's figures "
                                     "against target (Ctrl+2)"));
    connect(m_dashboardAction, &QAction::triggered, this, &MainWindow::showDashboard);

    auto* quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* about = new QAction(tr("&About Avocet"), this);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Avocet"),
                           tr("<p><b>Avocet</b> %1</p><p>Clinical records for mental-health and community "
                              "services. Records on this computer are kept in an encrypted cache.</p>")
                               .arg(QStringLiteral(AVOCET_VERSION)));
    });

    m_passphraseAction = new QAction(tr("Change &passphrase…"), this);
    m_passphraseAction->setObjectName(QStringLiteral("changePassphrase"));
    connect(m_passphraseAction, &QAction::triggered, this, [this] {
        auto* dialog = new ChangePassphraseDialog(m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this] { statusBar()->showMessage(tr("Passphrase changed for this computer."), 8000); });
        dialog->open();
    });
    auto* fileMenu = menuBar()->addMenu(tr("&Session"));
    fileMenu->addAction(m_lockAction);
    fileMenu->addAction(m_passphraseAction);
    fileMenu->addSeparator();
    fileMenu->addAction(quit);
    m_sessionMenu = fileMenu;
    m_quitAction = quit;
    auto* patientMenu = menuBar()->addMenu(tr("&Patients"));
    patientMenu->addAction(m_caseloadAction);
    patientMenu->addAction(m_dashboardAction);
    patientMenu->addAction(m_findAction);
    // Forms (ui/forms): the open patient's drafts and templates, in their own window.
    m_openFormAction = new QAction(tr("Open &form…"), this);
    m_openFormAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(m_openFormAction, &QAction::triggered, this, [this] { openForms(); });
    patientMenu->addAction(m_openFormAction);
    // Template designer (ui/designer): open to any user; publishing asks the hub, which
    // only accepts it from a change manager.
    auto* designerAction = new QAction(tr("Template &designer…"), this);
    designerAction->setObjectName(QStringLiteral("openTemplateDesigner"));
    connect(designerAction, &QAction::triggered, this, [this] {
        // With the session: the designer autosaves to an encrypted draft in the user's cache.
        auto* designer = new designer::DesignerWindow(m_session, this);
        designer->setAttribute(Qt::WA_DeleteOnClose);
        designer->setWindowFlag(Qt::Window);
        designer->show();
    });
    menuBar()->addMenu(tr("&Tools"))->addAction(designerAction);
    auto* guide = new QAction(tr("&User guide"), this);
    guide->setObjectName(QStringLiteral("userGuideAction"));
    guide->setShortcut(QKeySequence::HelpContents);
    connect(guide, &QAction::triggered, this, [this] { showUserGuide(); });
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(guide);
    helpMenu->addSeparator();
    helpMenu->addAction(about);

    m_toolbar = addToolBar(tr("Session"));
    auto* toolbar = m_toolbar;
    toolbar->setObjectName(QStringLiteral("sessionToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(20, 20));
    toolbar->addAction(m_caseloadAction);
    toolbar->addAction(m_dashboardAction);
    toolbar->addAction(m_findAction);
    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addAction(m_lockAction);
}

MainWindow::Screen MainWindow::screen() const
{
    QWidget* current = m_stack->currentWidget();
    if (current == m_welcome)
        return Screen::Welcome;
    if (current == m_unlock)
        return Screen::Unlock;
    if (current == m_patients)
        return Screen::Patients;
    if (current == m_caseload)
        return Screen::Caseload;
    if (current == m_patient)
        return Screen::Patient;
    if (current == m_dashboard)
        return Screen::Dashboard;
    return Screen::Starting;
}

QString MainWindow::statusText() const
{
    return m_userLabel->text() + QLatin1Char(' ') + m_countLabel->text();
}

void MainWindow::start()
{
    m_userLabel->setText(tr("Looking for profiles on this computer…"));
    m_session.listUsers(this, [this](Reply<QStringList> reply) {
        if (!reply.ok()) {
            showUnlock({}, {});
            m_unlock->showError(ErrorText::general(reply.code, reply.message));
            return;
        }
        if (m_options.demo || reply.value.isEmpty()) {
            showWelcome(reply.value.isEmpty());
        } else {
            showUnlock(reply.value, m_options.preferredUser);
            m_signOn->atStart(reply.value, m_options.preferredUser); // keychain unlock or its removal
        }
    });
}

void MainWindow::createSignOn(QMenu& sessionMenu, QAction* before)
{
    const DevicePolicy policy = m_options.devicePolicy.value_or(devicePolicyFromSystem());
    m_signOn = new SignOnUi(*this, m_session, *m_sync->controller(), m_options.keychain, policy,
                            m_options.openBrowser, this);
    m_signOn->addActions(sessionMenu, before);
    connect(m_signOn, &SignOnUi::note, this, [this](const QString& message) { statusBar()->showMessage(message, 10'000); });
    connect(m_signOn, &SignOnUi::unlockingAtStart, this, [this](const QString& user) {
        m_unlock->setUsers({user}, user);
        m_unlock->setBusy(true);
        m_userLabel->setText(tr("Opening with this computer's keychain…"));
    });
    connect(m_signOn, &SignOnUi::unlockedAtStart, this, [this](const QString& user) {
        m_unlock->setBusy(false);
        enterSession(user);
    });
    connect(m_signOn, &SignOnUi::unlockAtStartFailed, this, [this](const QString& user, const QString& message) {
        m_unlock->setBusy(false);
        m_session.listUsers(this, [this, user, message](Reply<QStringList> users) {
            showUnlock(users.value, user);
            m_unlock->showError(message);
        });
    });
    connect(m_signOn, &SignOnUi::lockRequested, this, [this](const QString& reason) { lockSession(reason); });
    m_signOn->watchCard(m_options.cardMonitor);
    connect(m_signOn, &SignOnUi::signedOut, this, [this](const QString& message) {
        m_forgetPlaceOnLock = true;
        lockSession(message);
    });
    connect(&m_session, &Session::unlocked, m_signOn, [this](const QString& user) { m_signOn->setUnlocked(true, user); });
    connect(&m_session, &Session::locked, m_signOn, [this] { m_signOn->setUnlocked(false, {}); });
}

void MainWindow::forgetPlace()
{
    // The forms windows have closed with their drafts saved (encrypted) as at any lock; none reopens.
    m_savedForms.clear();
    m_savedScreen = Screen::Caseload;
    m_savedPatientId.clear();
    m_savedQuery.clear();
    m_savedTopRow = -1;
    m_patients->clearQuery();
    m_lastUser.clear();
}

void MainWindow::showWelcome(bool noProfileYet)
{
    m_demoShown = true;
    m_welcome->setWorkspace(m_options.workspace,
                            noProfileYet ? WelcomeView::Reason::NoProfileYet : WelcomeView::Reason::DemoRequested);
    m_stack->setCurrentWidget(m_welcome);
    m_welcome->continueButton()->setFocus();
    m_userLabel->setText(tr("Demo workspace"));
}

void MainWindow::prepareDemo()
{
    m_welcome->setPreparing(true);
    m_session.prepareDemo(m_options.workspace, this, [this](Reply<Done> reply) {
        m_welcome->setPreparing(false);
        if (!reply.ok()) {
            m_welcome->showError(ErrorText::general(reply.code, reply.message));
            return;
        }
        m_unlock->setDemoHint(m_options.workspace.user, m_options.workspace.passphrase);
        // Straight in: the passphrase is the one the welcome screen has just shown. The unlock screen
        // (with the demo hint) is where the session returns after a lock.
        const QString user = m_options.workspace.user;
        const QString passphrase = m_options.workspace.passphrase;
        m_session.listUsers(this, [this, user, passphrase](Reply<QStringList> users) {
            showUnlock(users.value, user);
            requestUnlock(user, passphrase);
        });
    });
}

void MainWindow::refreshUsersThenUnlock(const QString& preferred)
{
    m_session.listUsers(this, [this, preferred](Reply<QStringList> reply) {
        showUnlock(reply.value, preferred);
        if (!reply.ok())
            m_unlock->showError(ErrorText::general(reply.code, reply.message));
    });
}

void MainWindow::showUnlock(const QStringList& users, const QString& preferred)
{
    if (m_demoShown)
        m_unlock->setDemoHint(m_options.workspace.user, m_options.workspace.passphrase);
    m_unlock->setUsers(users, preferred);
    m_stack->setCurrentWidget(m_unlock);
    m_unlock->focusPassphrase();
    m_userLabel->setText(users.isEmpty() ? tr("No profiles on this computer")
                                         : m_lockedText.isEmpty() ? tr("Locked") : m_lockedText);
    m_countLabel->clear();
    if (users.isEmpty())
        m_unlock->showError(tr("There is no Avocet profile on this computer. Start Avocet with --demo to try "
                               "the demo workspace, or ask the service desk to set up your profile."));
}

void MainWindow::requestUnlock(const QString& user, const QString& passphrase)
{
    m_unlock->setBusy(true);
    m_session.unlock(user, passphrase, this, [this, user](Reply<Done> reply) {
        m_unlock->setBusy(false);
        if (reply.code == core::ErrorCode::ProfileInUse) {
            m_unlock->showError(tr("%1 already has Avocet open on this computer, in another window or program. "
                                   "Switch to it (or lock it and quit there), then unlock here.")
                                    .arg(user));
            return;
        }
        if (!reply.ok()) {
            m_unlock->showError(ErrorText::forUnlock(reply.code, reply.message, reply.retryAfterMs),
                                reply.retryAfterMs);
            return;
        }
        enterSession(user);
    });
}

void MainWindow::enterSession(const QString& user)
{
    m_unlock->reset();
    m_unlock->showNotice({});
    m_lockedText.clear();
    const bool sameUser = user == m_lastUser;
    if (!sameUser)
        m_notifier->reset();
    m_lastUser = user;
    const Screen returnTo = sameUser ? m_savedScreen : Screen::Caseload;
    const QString returnPatient = sameUser ? m_savedPatientId : QString();
    m_savedScreen = Screen::Caseload;
    m_savedPatientId.clear();
    m_stack->setCurrentWidget(returnTo == Screen::Patients ? static_cast<QWidget*>(m_patients) : m_caseload);
    setUnlockedUi(true);
    m_userLabel->setText(tr("Logged in as %1").arg(user));
    m_countLabel->setText(tr("Loading patients…"));
    m_pendingTopRow = sameUser && m_savedQuery.isEmpty() ? m_savedTopRow : -1;
    // The same user again, whose caseload is known: the search in the scope they had ("My caseload"
    // or "Whole trust"); otherwise everyone, until the caseload is known and narrows it.
    if (sameUser && (!m_savedQuery.isEmpty() || m_caseloadKnown))
        m_patients->setQuery(m_savedQuery);
    else
        m_model->showAll();
    m_savedQuery.clear();
    m_savedTopRow = -1;
    if (!sameUser || !m_caseloadKnown) {
        m_session.hasCaseload(this, [this](Reply<bool> reply) {
            m_caseloadKnown = reply.ok();
            m_patients->setCaseloadAvailable(reply.ok() && reply.value);
        });
    }
    loadCaseload();
    const QVector<OpenForm> forms = sameUser ? m_savedForms : QVector<OpenForm>();
    m_savedForms.clear();
    for (const OpenForm& form : forms) {
        // The forms windows they had open, with the draft they were typing (it was saved at the lock).
        auto* window = formsWindowFor(form.patientId, QString()); // the window reads the patient itself
        window->openDraftById(form.draftId);
    }
    if (returnTo == Screen::Patient && !returnPatient.isEmpty())
        openPatient(returnPatient); // where they were: the grant of a break-glass lasts until user switch
    else if (returnTo == Screen::Patients)
        m_patients->focusSearch();
    else
        m_caseload->table()->setFocus();
    qCInfo(lcViews) << "session opened";
}

void MainWindow::onPopulated(qint64 total, int shown, bool searching)
{
    if (searching && m_model->caseloadOnly())
        m_countLabel->setText(shown >= PatientTableModel::kSearchLimit
                                  ? tr("Showing the first %1 matches on your caseload").arg(shown)
                                  : tr("%Ln match(es) on your caseload", nullptr, shown));
    else if (searching)
        m_countLabel->setText(shown >= PatientTableModel::kSearchLimit
                                  ? tr("Showing the first %1 matches of %Ln patient(s)", nullptr, int(total)).arg(shown)
                                  : tr("%Ln match(es)", nullptr, shown) + QStringLiteral(" · ") +
                                        tr("%Ln patient(s) in the cache", nullptr, int(total)));
    else
        m_countLabel->setText(tr("%Ln patient(s)", nullptr, int(total)));
    if (!searching && m_pendingTopRow >= 0) {
        m_patients->scrollToRow(m_pendingTopRow);
        m_pendingTopRow = -1;
    }
}

void MainWindow::lockSession(const QString& reason)
{
    m_lockedText = reason.isEmpty() ? tr("Locked") : reason;
    const Screen current = screen();
    const bool onSessionScreen = current == Screen::Patients || current == Screen::Caseload ||
                                 current == Screen::Patient || current == Screen::Dashboard;
    if (!onSessionScreen && !m_session.isUnlocked())
        return;
    // Typing is never lost: open forms save an encrypted draft before anything closes, and the
    // same user finds them open again after unlocking.
    saveOpenDrafts();
    m_savedForms.clear();
    for (auto it = m_formWindows.cbegin(); it != m_formWindows.cend(); ++it)
        if (it.value() && it.value()->isVisible()) // closed ones wait only for their deletion
            m_savedForms.push_back({it.key(), it.value()->openDraftId()}); // no name kept while locked
    if (onSessionScreen) {
        m_savedScreen = current == Screen::Dashboard ? Screen::Caseload : current;
        m_savedPatientId = current == Screen::Patient ? m_patient->patientId() : QString();
    }
    if (current == Screen::Patients) {
        m_savedQuery = m_patients->query();
        m_savedTopRow = m_patients->topRow();
    }
    // Hide first, then lock: nothing about a patient stays on screen, in a model or on the clipboard.
    m_clipboard->clearNow();
    m_model->clear();
    m_caseloadModel->clear();
    m_patient->clear();
    m_dashboard->clear();
    m_sync->clearPatientData(); // ui/sync: conflicts, refused changes, delivery status
    m_patients->clearQuery();
    setUnlockedUi(false);
    m_unlock->reset();
    m_stack->setCurrentWidget(m_unlock);
    m_session.lock();
    m_userLabel->setText(m_lockedText);
    m_countLabel->clear();
    m_unlock->focusPassphrase();
    qCInfo(lcViews) << "session locked by the user";
    if (m_forgetPlaceOnLock) { // signed out: the next person finds nothing of this session
        m_forgetPlaceOnLock = false;
        forgetPlace();
    }
    refreshUsersThenUnlock(m_lastUser);
}

void MainWindow::setUnlockedUi(bool unlocked)
{
    m_lockAction->setEnabled(unlocked);
    m_passphraseAction->setEnabled(unlocked);
    m_toolbar->setVisible(unlocked); // nothing to act on while locked: keep the unlock screen plain
    if (unlocked)
        m_idle->arm();
    else
        m_idle->disarm();
    m_findAction->setEnabled(unlocked);
    m_caseloadAction->setEnabled(unlocked);
    m_dashboardAction->setEnabled(unlocked);
    if (unlocked)
        m_guard->arm();
    else
        m_guard->disarm();
}

void MainWindow::createClinicalViews()
{
    m_clinical = new ClinicalService(m_session, this);
    m_clipboard = new SecureClipboard(*m_clock, this);
    m_notifier = new AlertNotifier(this);
    m_caseloadModel = new CaseloadModel(this);
    m_caseload = new CaseloadView(*m_caseloadModel, m_stack);
    m_patient = new PatientView(*m_clock, *m_clipboard, m_stack);
    m_patient->attachForms(m_session); // ui/history: forms list and harmonised history
    m_dashboard = new CaseloadDashboard(m_session, m_stack);
    m_stack->addWidget(m_caseload);
    m_stack->addWidget(m_patient);
    m_stack->addWidget(m_dashboard);
    connect(m_caseload, &CaseloadView::patientActivated, this, &MainWindow::openPatient);
    connect(m_patients->table(), &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        openPatient(index.data(PatientTableModel::PatientIdRole).toString());
    });
    connect(m_patient, &PatientView::acknowledgeRequested, this, &MainWindow::acknowledgeAlert);
    connect(m_patient, &PatientView::withdrawRequested, this, [this](const QString& patientId, const QString& key) {
        m_clinical->withdrawAcknowledgement(patientId, key, this, [this, patientId](Reply<Done> reply) {
            if (!reply.ok())
                return statusBar()->showMessage(ErrorText::general(reply.code, reply.message), 10'000);
            statusBar()->showMessage(tr("Acknowledgement undone: the alert shows as not yet seen."), 5'000);
            if (screen() == Screen::Patient && m_patient->patientId() == patientId)
                openPatient(patientId);
            loadCaseload();
        });
    });
    connect(m_patient, &PatientView::formsRequested, this, [this] { openForms(); });
    connect(m_patient, &PatientView::renewalRequested, this, &MainWindow::recordRenewal);
    connect(m_patient, &PatientView::renewalWithdrawalRequested, this, &MainWindow::withdrawRenewal);
    // A form completed or amended here changes the patient's scores at once (the submission re-runs
    // the clinical projection): the banner, the alerts panel and the caseload show it without a sync.
    connect(&forms::FormEvents::instance(), &forms::FormEvents::changed, this, [this](const QString& patientId) {
        if (!m_session.isUnlocked())
            return;
        if (screen() == Screen::Patient && m_patient->patientId() == patientId)
            openPatient(patientId);
        loadCaseload();
    });
    connect(m_notifier, &AlertNotifier::announced, this,
            [this](const QString& message) { statusBar()->showMessage(message, 15'000); });

    m_guard = new SessionGuard(*m_clock, this);
    if (m_options.watchDesktop)
        (void)m_guard->connectToDesktop();
    connect(m_guard, &SessionGuard::lockRequested, this,
            [this](SessionGuard::Reason reason) { lockSession(lockReasonText(reason)); });
}

QString MainWindow::lockReasonText(SessionGuard::Reason reason)
{
    switch (reason) {
    case SessionGuard::Reason::ScreenLocked: return tr("Locked because the screen was locked");
    case SessionGuard::Reason::Suspending: return tr("Locked because the computer went to sleep");
    case SessionGuard::Reason::UserSwitched: return tr("Locked because another user took over this computer");
    case SessionGuard::Reason::ClockJumped: return tr("Locked because the computer's clock jumped");
    }
    return tr("Locked");
}

QTextBrowser* MainWindow::showUserGuide()
{
    if (m_guide) {
        m_guide->window()->raise();
        m_guide->window()->activateWindow();
        return m_guide;
    }
    auto* dialog = new QDialog(this, Qt::Window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Avocet user guide"));
    auto* layout = new QVBoxLayout(dialog);
    layout->setContentsMargins(0, 0, 0, 0);
    m_guide = new QTextBrowser(dialog);
    m_guide->setObjectName(QStringLiteral("userGuide"));
    m_guide->setOpenExternalLinks(true);
    m_guide->setSource(QUrl(QStringLiteral("qrc:/help/user-guide.md")), QTextDocument::MarkdownResource);
    layout->addWidget(m_guide);
    const QScreen* display = QWidget::screen();
    const QRect area = display ? display->availableGeometry() : QRect(0, 0, 1024, 768);
    dialog->resize(std::min(900, area.width() - 40), std::min(800, area.height() - 60));
    dialog->show();
    return m_guide;
}

forms::FormWindow* MainWindow::openForms()
{
    if (screen() != Screen::Patient || m_patient->patientId().isEmpty()) {
        statusBar()->showMessage(tr("Open a patient first, then choose Open form."), 8000);
        return nullptr;
    }
    return formsWindowFor(m_patient->patientId(), m_patient->record().patient.name);
}

forms::FormWindow* MainWindow::formsWindowFor(const QString& patientId, const QString& label)
{
    if (QPointer<forms::FormWindow> open = m_formWindows.value(patientId); open && open->isVisible()) {
        open->showNormal();
        open->raise();
        open->activateWindow();
        return open;
    }
    if (!m_formDrafts)
        m_formDrafts = new forms::FormDrafts(m_session, &m_session); // outlives the form windows
    auto* window = new forms::FormWindow(*m_formDrafts, patientId, label, this);
    m_formWindows.insert(patientId, window); // a closed window leaves a null QPointer, replaced next time
    window->setSyncSetUp(m_sync->controller()->state().isConfigured());
    if (!m_options.letterhead) {
        std::vector<std::string> warnings;
        m_options.letterhead = print::letterheadFromSystem(&warnings);
        for (const auto& warning : warnings)
            qCWarning(lcSession) << QString::fromStdString(warning);
    }
    window->setLetterhead(*m_options.letterhead);
    connect(m_sync->controller(), &sync::SyncController::stateChanged, window,
            [window](const sync::SyncState& state) { window->setSyncSetUp(state.isConfigured()); });
    window->show();
    return window;
}

void MainWindow::saveOpenDrafts()
{
    // The form renderer (ui/forms) offers saveNow(); any open form, in this window or its own,
    // saves an encrypted draft synchronously before the cache closes.
    for (QWidget* widget : QApplication::allWidgets()) {
        if (widget->metaObject()->indexOfMethod("saveNow()") >= 0)
            QMetaObject::invokeMethod(widget, "saveNow", Qt::DirectConnection);
    }
}

void MainWindow::showCaseload()
{
    if (!m_session.isUnlocked())
        return;
    m_patient->clear();
    m_stack->setCurrentWidget(m_caseload);
    m_caseload->table()->setFocus();
    loadCaseload();
}

void MainWindow::showDashboard()
{
    if (!m_session.isUnlocked())
        return;
    m_patient->clear();
    m_stack->setCurrentWidget(m_dashboard);
    m_dashboard->refresh(m_clock->nowUtc().toTimeZone(QTimeZone("Europe/London")).date());
}

void MainWindow::loadCaseload()
{
    m_caseload->setLoading(m_caseloadModel->totalEntries() == 0);
    m_clinical->loadCaseload(m_clock->nowUtc(), this, [this](Reply<QVector<CaseloadEntry>> reply) {
        m_caseload->setLoading(false);
        if (!m_lockAction->isEnabled())
            return; // locked meanwhile: keep nothing
        if (!reply.ok()) {
            if (reply.code != core::ErrorCode::ProfileLocked)
                statusBar()->showMessage(ErrorText::general(reply.code, reply.message), 10'000);
            return;
        }
        m_notifier->announce(reply.value);
        const bool noCaseload = reply.value.isEmpty();
        m_caseloadModel->setEntries(std::move(reply.value));
        if (noCaseload && screen() == Screen::Caseload) {
            // No team caseload on this computer yet (not synced, or a role without one): search instead.
            m_stack->setCurrentWidget(m_patients);
            m_patients->focusSearch();
        }
    });
}

sync::FirstSignInDialog* MainWindow::firstSignInDialog() const
{
    return m_firstSignIn.data();
}

void MainWindow::showFirstSignIn()
{
    if (m_firstSignIn) {
        m_firstSignIn->raise();
        m_firstSignIn->activateWindow();
        return;
    }
    // The dialog checks the account with the server, creates and unlocks the user's profile (the
    // session's unlocked signal opens their caseload as for any unlock), keeps the token, syncs.
    m_firstSignIn = new sync::FirstSignInDialog(m_session, *m_sync->controller(), this);
    m_firstSignIn->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_firstSignIn, &sync::FirstSignInDialog::profileOpened, this, &MainWindow::enterSession);
    m_firstSignIn->setAfterSignOnProfile([signOn = QPointer<SignOnUi>(m_signOn)](const QString& user,
                                                                                 const QString& passphrase) {
        if (signOn)
            signOn->afterFirstSignOn(user, passphrase);
    });
    m_firstSignIn->open();
}

void MainWindow::reloadAfterSync()
{
    if (!m_session.isUnlocked())
        return;
    loadCaseload();
    m_session.hasCaseload(this, [this](Reply<bool> reply) {
        if (!reply.ok() || !m_session.isUnlocked())
            return;
        m_caseloadKnown = true;
        if (m_patients->caseloadScope()->isEnabled() != reply.value)
            m_patients->setCaseloadAvailable(reply.value); // re-runs the search in the new scope
        else if (screen() == Screen::Patients)
            m_patients->setQuery(m_patients->query());
    });
}

QString MainWindow::askBreakGlassReason()
{
    if (m_breakGlassPrompt)
        return m_breakGlassPrompt();
    BreakGlassDialog dialog(this);
    return dialog.exec() == QDialog::Accepted ? dialog.reason() : QString();
}

void MainWindow::openPatient(const QString& patientId)
{
    if (patientId.isEmpty() || !m_session.isUnlocked())
        return;
    m_clinical->openPatient(patientId, m_clock->nowUtc(), this, [this, patientId](Reply<OpenedPatient> reply) {
        if (!reply.ok()) {
            statusBar()->showMessage(ErrorText::general(reply.code, reply.message), 10'000);
            return;
        }
        if (!reply.value.needsBreakGlass) {
            showPatient(reply.value.record);
            return;
        }
        const QString reason = askBreakGlassReason();
        if (reason.trimmed().isEmpty()) {
            statusBar()->showMessage(tr("Not opened: a reason is needed for a patient outside your caseload."),
                                     10'000);
            return;
        }
        m_clinical->breakGlass(patientId, reason, m_clock->nowUtc(), this, [this](Reply<OpenedPatient> opened) {
            if (!opened.ok() || opened.value.needsBreakGlass) {
                statusBar()->showMessage(ErrorText::general(opened.code, opened.message), 10'000);
                return;
            }
            showPatient(opened.value.record);
        });
    });
}

void MainWindow::updateTrustSearch()
{
    const auto* controller = m_sync->controller();
    m_patients->setTrustSearchAvailable(
        controller->canSearchTrust(),
        controller->state().isConfigured()
            ? tr("Off-line: only patients held on this computer can be found.")
            : tr("Sync is not set up on this computer: only patients held here can be found."));
}

void MainWindow::openTrustPatient(const QString& serverId, bool onCaseload)
{
    if (serverId.isEmpty() || !m_session.isUnlocked())
        return;
    if (onCaseload) {
        openPatient(serverId); // held here once sync has brought the caseload
        return;
    }
    const QString reason = askBreakGlassReason();
    if (reason.trimmed().isEmpty()) {
        statusBar()->showMessage(tr("Not opened: a reason is needed for a patient outside your caseload."), 10'000);
        return;
    }
    statusBar()->showMessage(tr("Opening the record from the trust…"));
    m_sync->controller()->openTrustPatient(serverId, reason, this, [this, reason](Reply<QString> reply) {
        if (!m_session.isUnlocked())
            return;
        if (!reply.ok()) {
            statusBar()->showMessage(tr("Not opened: %1").arg(reply.message), 15'000);
            return;
        }
        statusBar()->showMessage(tr("Opened for this session: the record leaves this computer when you lock."),
                                 10'000);
        // The hub and the use case have recorded the break-glass with this reason.
        m_clinical->breakGlass(
            reply.value, reason, m_clock->nowUtc(), this,
            [this](Reply<OpenedPatient> opened) {
                if (!opened.ok() || opened.value.needsBreakGlass) {
                    statusBar()->showMessage(ErrorText::general(opened.code, opened.message), 10'000);
                    return;
                }
                showPatient(opened.value.record);
            },
            true);
    });
}

void MainWindow::showPatient(const PatientRecord& record)
{
    if (!m_lockAction->isEnabled())
        return; // locked while the record was loading: show nothing
    m_patient->setRecord(record);
    m_sync->showPatient(record.patient); // ui/sync: delivery status per EPR
    m_stack->setCurrentWidget(m_patient);
    m_patient->alertList()->setFocus();
}

void MainWindow::acknowledgeAlert(const QString& patientId, const QString& key)
{
    m_clinical->acknowledge(patientId, key, m_clock->nowUtc(), this, [this, patientId](Reply<Done> reply) {
        if (!reply.ok()) {
            statusBar()->showMessage(ErrorText::general(reply.code, reply.message), 10'000);
            return;
        }
        statusBar()->showMessage(tr("Alert acknowledged. Select it and choose Undo acknowledge if that was a mistake."),
                                 8'000);
        if (screen() == Screen::Patient && m_patient->patientId() == patientId)
            openPatient(patientId);
        loadCaseload();
    });
}

void MainWindow::recordRenewal()
{
    const PatientRecord record = m_patient->record();
    if (record.patient.id.isEmpty() || !m_session.isUnlocked())
        return;
    std::optional<RenewalChoice> choice;
    if (m_renewalPrompt) {
        choice = m_renewalPrompt(record);
    } else {
        RenewalDialog dialog(record, m_clock->nowUtc().toTimeZone(QTimeZone("Europe/London")).date(), this);
        if (dialog.exec() == QDialog::Accepted)
            choice = dialog.choice();
    }
    if (!choice || choice->recordId.isEmpty())
        return;
    const QString patientId = record.patient.id;
    m_clinical->recordRenewal(patientId, choice->recordId, choice->reported, m_clock->nowUtc(), this,
                              [this, patientId](Reply<RecordedRenewal> reply) {
                                  if (!reply.ok()) {
                                      statusBar()->showMessage(
                                          tr("Renewal not recorded: %1").arg(ErrorText::general(reply.code, reply.message)),
                                          15'000);
                                      return;
                                  }
                                  statusBar()->showMessage(
                                      tr("Renewal %1 of %2 recorded (audited): %3. It is sent to the hub at the next sync.")
                                          .arg(reply.value.number)
                                          .arg(reply.value.power, PatientBanner::deadlineText(reply.value.periodEnds,
                                                                                              reply.value.lastDay)),
                                      10'000);
                                  if (screen() == Screen::Patient && m_patient->patientId() == patientId)
                                      openPatient(patientId);
                                  loadCaseload();
                              });
}

void MainWindow::withdrawRenewal()
{
    const PatientRecord record = m_patient->record();
    if (record.patient.id.isEmpty() || !m_session.isUnlocked())
        return;
    std::optional<RenewalChoice> choice;
    if (m_renewalWithdrawalPrompt) {
        choice = m_renewalWithdrawalPrompt(record);
    } else {
        RenewalDialog dialog(record, m_clock->nowUtc().toTimeZone(QTimeZone("Europe/London")).date(), this,
                             RenewalDialog::Mode::Withdraw);
        if (dialog.exec() == QDialog::Accepted)
            choice = dialog.choice();
    }
    if (!choice || choice->recordId.isEmpty())
        return;
    const QString patientId = record.patient.id;
    m_clinical->withdrawRenewal(
        patientId, choice->recordId, choice->reason, m_clock->nowUtc(), this,
        [this, patientId](Reply<WithdrawnRenewal> reply) {
            if (!reply.ok()) {
                statusBar()->showMessage(
                    tr("Renewal not withdrawn: %1").arg(ErrorText::general(reply.code, reply.message)), 15'000);
                return;
            }
            statusBar()->showMessage(tr("Renewal %1 of %2 withdrawn as entered in error (audited); %n renewal(s) now "
                                        "count. It is sent to the hub at the next sync.",
                                        "", reply.value.counted)
                                         .arg(reply.value.number)
                                         .arg(reply.value.power),
                                     10'000);
            if (screen() == Screen::Patient && m_patient->patientId() == patientId)
                openPatient(patientId);
            loadCaseload();
        });
}

} // namespace avocet::ui

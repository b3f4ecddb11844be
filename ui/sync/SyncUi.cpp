#include "ui/sync/SyncUi.h"

#include <QAction>
#include <QBoxLayout>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "ui/PatientView.h"
#include "ui/Session.h"
#include "ui/forms/FormEvents.h"
#include "ui/sync/ConflictsView.h"
#include "ui/sync/DeliveryStatusView.h"
#include "ui/sync/TransferDocumentsView.h"
#include "ui/sync/SyncDialogs.h"
#include "ui/sync/SyncStatusWidget.h"

namespace avocet::ui::sync {

SyncUi::SyncUi(QMainWindow& window, Session& session, QToolBar* toolbar, QAction* toolbarAnchor,
               PatientView* patientView, SyncControllerOptions options)
    : QObject(&window), m_window(window), m_session(session)
{
    m_controller = new SyncController(session, std::move(options), this);
    m_status = new SyncStatusWidget(&window);
    window.statusBar()->addPermanentWidget(m_status);

    m_syncNow = new QAction(tr("Sync &now"), this);
    m_syncNow->setObjectName(QStringLiteral("syncNowAction"));
    m_syncNow->setShortcut(QKeySequence(Qt::Key_F5));
    m_syncNow->setShortcutContext(Qt::ApplicationShortcut);
    m_syncNow->setToolTip(tr("Send your changes and fetch the latest from the server now (F5)."));
    m_prepare = new QAction(tr("&Prepare for off-line…"), this);
    m_prepare->setToolTip(tr("Download your caseload to use without a network for the next 12 hours."));
    m_conflictsAction = new QAction(tr("&Conflicts…"), this);
    m_failuresAction = new QAction(tr("&Refused changes…"), this);
    m_serverAction = new QAction(tr("&Server and sign-in…"), this);
    auto* menu = window.menuBar()->addMenu(tr("S&ync"));
    menu->addAction(m_syncNow);
    menu->addAction(m_prepare);
    menu->addSeparator();
    menu->addAction(m_conflictsAction);
    menu->addAction(m_failuresAction);
    menu->addSeparator();
    menu->addAction(m_serverAction);
    if (toolbar != nullptr)
        toolbar->insertAction(toolbarAnchor, m_syncNow);

    connect(m_syncNow, &QAction::triggered, this, [this] {
        if (!m_controller->state().isConfigured())
            return showServerLogin();
        m_controller->syncNow();
    });
    connect(m_prepare, &QAction::triggered, this, [this] {
        if (!m_controller->state().isConfigured())
            return showServerLogin();
        m_window.statusBar()->showMessage(tr("Preparing for off-line: downloading your caseload…"));
        m_controller->prepareForOffline(12);
    });
    connect(m_conflictsAction, &QAction::triggered, this, [this] { (void)showConflicts(); });
    connect(m_failuresAction, &QAction::triggered, this, [this] { (void)showFailures(); });
    connect(m_serverAction, &QAction::triggered, this, &SyncUi::showServerLogin);
    connect(m_status, &SyncStatusWidget::conflictsRequested, this, [this] { (void)showConflicts(); });
    connect(m_status, &SyncStatusWidget::failuresRequested, this, [this] { (void)showFailures(); });
    connect(m_controller, &SyncController::stateChanged, this, &SyncUi::onState);
    connect(m_controller, &SyncController::briefcaseFinished, this, [this](bool ok, const QString& message) {
        if (ok) {
            const QDateTime until = QDateTime::fromString(message, Qt::ISODateWithMs);
            m_window.statusBar()->showMessage(
                tr("Ready for off-line until %1").arg(until.toLocalTime().toString(QStringLiteral("ddd HH:mm"))), 15'000);
        } else {
            m_window.statusBar()->showMessage(tr("Could not prepare for off-line: %1").arg(message), 15'000);
        }
    });
    connect(m_controller, &SyncController::runFinished, this, [this](bool) {
        if (m_delivery->isVisible())
            m_delivery->reload(); // receipts may have arrived
        if (m_documents->isVisible())
            m_documents->reload();
    });

    m_delivery = new DeliveryStatusView(session, patientView);
    m_documents = new TransferDocumentsView(session, patientView);
    if (patientView != nullptr) {
        if (auto* box = qobject_cast<QBoxLayout*>(patientView->layout())) {
            box->addWidget(m_delivery);
            box->addWidget(m_documents);
        }
    }
    // A form completed or amended: its patient's submissions and the waiting count show it at once,
    // and when the server is reachable it is sent shortly after (receipts come back without a click).
    m_afterForm = new QTimer(this);
    m_afterForm->setSingleShot(true);
    m_afterForm->setInterval(m_controller->options().syncAfterFormMs);
    connect(m_afterForm, &QTimer::timeout, this, [this] {
        const SyncState& state = m_controller->state();
        if (state.isConfigured() && state.phase != SyncState::Phase::Offline)
            m_controller->syncNow(SyncController::Trigger::FormCompleted);
    });
    connect(&forms::FormEvents::instance(), &forms::FormEvents::changed, this, [this](const QString& patientId) {
        if (!m_session.isUnlocked())
            return;
        if (patientId == m_delivery->patientId())
            m_delivery->reload();
        if (patientId == m_documents->patientId())
            m_documents->reload();
        m_controller->refresh();
        if (m_controller->options().syncAfterFormMs > 0)
            m_afterForm->start();
    });
    connect(&session, &Session::unlocked, this, [this] { setUnlocked(true); });
    connect(&session, &Session::locked, this, [this] { setUnlocked(false); });
    setUnlocked(session.isUnlocked());
}

void SyncUi::setUnlocked(bool unlocked)
{
    for (QAction* action : {m_syncNow, m_prepare, m_conflictsAction, m_failuresAction, m_serverAction})
        action->setEnabled(unlocked);
    m_status->setVisible(unlocked);
    if (!unlocked)
        clearPatientData();
}

void SyncUi::showPatient(const PatientRow& patient)
{
    m_delivery->showPatient(patient);
    m_documents->showPatient(patient);
}

void SyncUi::clearPatientData()
{
    m_delivery->clear();
    m_documents->clear();
    if (m_conflicts)
        m_conflicts->clear();
    if (m_conflictsWindow)
        m_conflictsWindow->hide();
    if (m_failures) {
        m_failures->setFailures({});
        m_failures->hide();
    }
}

void SyncUi::onState(const SyncState& state)
{
    m_status->setState(state);
    if (m_conflicts)
        m_conflicts->setConflicts(state.conflicts);
    if (m_failures)
        m_failures->setFailures(state.failures);
}

ConflictsView* SyncUi::showConflicts()
{
    if (!m_conflictsWindow) {
        auto* dialog = new QDialog(&m_window);
        dialog->setObjectName(QStringLiteral("conflictsWindow"));
        dialog->setWindowTitle(tr("Sync conflicts"));
        auto* layout = new QVBoxLayout(dialog);
        m_conflicts = new ConflictsView(*m_controller, dialog);
        layout->addWidget(m_conflicts);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::hide);
        layout->addWidget(buttons);
        dialog->resize(980, 560);
        m_conflictsWindow = dialog;
    }
    m_conflicts->setConflicts(m_controller->state().conflicts);
    m_conflictsWindow->show();
    m_conflictsWindow->raise();
    return m_conflicts;
}

FailuresDialog* SyncUi::showFailures()
{
    if (!m_failures)
        m_failures = new FailuresDialog(*m_controller, &m_window);
    m_failures->setFailures(m_controller->state().failures);
    m_failures->show();
    m_failures->raise();
    return m_failures;
}

void SyncUi::showServerLogin()
{
    auto* dialog = new ServerLoginDialog(*m_controller, m_session.user(), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace avocet::ui::sync

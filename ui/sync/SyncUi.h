#pragma once
// Puts sync into the main window with a handful of calls from MainWindow: the status bar area,
// the Sync menu (Sync now F5, Prepare for off-line, Conflicts, Refused changes, Server and sign-in),
// "Sync now" on the toolbar, the conflicts and refused-changes windows, and the delivery status
// on the patient screen.
#include <QObject>
#include <QPointer>

#include "ui/PatientRow.h"
#include "ui/sync/SyncController.h"

class QAction;
class QDialog;
class QMainWindow;
class QToolBar;

namespace avocet::ui {
class PatientView;
class Session;
}

class QTimer;

namespace avocet::ui::sync {

class ConflictsView;
class DeliveryStatusView;
class TransferDocumentsView;
class FailuresDialog;
class SyncStatusWidget;

class SyncUi : public QObject
{
    Q_OBJECT
public:
    SyncUi(QMainWindow& window, Session& session, QToolBar* toolbar, QAction* toolbarAnchor, PatientView* patientView,
           SyncControllerOptions options = {});

    // MainWindow: a patient is on screen / the session is locking (hide every record now).
    void showPatient(const PatientRow& patient);
    void clearPatientData();

    SyncController* controller() const { return m_controller; }
    SyncStatusWidget* statusWidget() const { return m_status; }
    DeliveryStatusView* deliveryView() const { return m_delivery; }
    TransferDocumentsView* documentsView() const { return m_documents; }
    QAction* syncNowAction() const { return m_syncNow; }
    QAction* prepareAction() const { return m_prepare; }
    // Opens (or raises) the conflicts window; returns its view.
    ConflictsView* showConflicts();
    FailuresDialog* showFailures();
    void showServerLogin();

private:
    void setUnlocked(bool unlocked);
    void onState(const SyncState& state);

    QMainWindow& m_window;
    Session& m_session;
    SyncController* m_controller = nullptr;
    SyncStatusWidget* m_status = nullptr;
    DeliveryStatusView* m_delivery = nullptr;
    TransferDocumentsView* m_documents = nullptr;
    QPointer<QDialog> m_conflictsWindow;
    ConflictsView* m_conflicts = nullptr;
    QPointer<FailuresDialog> m_failures;
    QAction* m_syncNow = nullptr;
    QAction* m_prepare = nullptr;
    QAction* m_conflictsAction = nullptr;
    QAction* m_failuresAction = nullptr;
    QAction* m_serverAction = nullptr;
    bool m_lastRunFailed = false;
    QTimer* m_afterForm = nullptr; // a completed form is sent soon after, once for a burst of forms
};

} // namespace avocet::ui::sync

#pragma once
// On the patient screen: the patient's submissions with their delivery status per EPR
// ("Paris: delivered 14:02", "Mobius: pending — retry at 14:40"), read on the session worker.
#include <QWidget>

#include "ui/PatientRow.h"
#include "ui/sync/DeliveryStatus.h"

class QLabel;
class QTreeWidget;

namespace avocet::ui {
class Session;
}

namespace avocet::ui::sync {

class DeliveryStatusView : public QWidget
{
    Q_OBJECT
public:
    explicit DeliveryStatusView(Session& session, QWidget* parent = nullptr);

    // Loads the patient's submissions (again after each sync); clear() empties it on lock.
    void showPatient(const PatientRow& patient);
    void reload();
    QString patientId() const { return m_patient.id; }
    void clear();

    void setDeliveries(const QVector<SubmissionDelivery>& deliveries);
    QTreeWidget* tree() const { return m_tree; }
    QLabel* emptyLabel() const { return m_empty; }
    QStringList lines() const; // what the view says, line by line (tests)

private:
    Session& m_session;
    PatientRow m_patient;
    quint64 m_generation = 0;
    QLabel* m_title = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_empty = nullptr; // one line instead of an empty pane, so the history gets the room
};

} // namespace avocet::ui::sync

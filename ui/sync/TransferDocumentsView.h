#pragma once
// On the patient screen: the transfer-of-care documents signed off about the patient — discharge
// summaries, clinic letters, Care Act notices — every version, and what each recipient said
// ("Accepted by Riverside Medical Practice 12:07", "Rejected by …: the practice's reason"), from
// the hub's receipts that sync brings back (core/usecases TransferDocuments). Read on the session
// worker, again after each sync and each sign-off.
#include <QDateTime>
#include <QVector>
#include <QWidget>

#include "ui/PatientRow.h"

class QLabel;
class QTreeWidget;

namespace avocet::ui {
class Session;
}

namespace avocet::ui::sync {

struct DocumentReceipt
{
    QString recipient;
    QString state; // pending | failing | delivered | accepted | rejected | failed
    QString reason;
    QDateTime at;
};

struct SentDocument
{
    QString title;
    int version = 1;
    bool current = true;
    QString recipient; // name (ODS code)
    QString signedBy;
    QDateTime signedAt;
    bool sent = false;
    QVector<DocumentReceipt> receipts;
};

class TransferDocumentsView : public QWidget
{
    Q_OBJECT
public:
    explicit TransferDocumentsView(Session& session, QWidget* parent = nullptr);

    void showPatient(const PatientRow& patient);
    void reload();
    void clear();
    QString patientId() const { return m_patient.id; }

    void setDocuments(const QVector<SentDocument>& documents);
    QTreeWidget* tree() const { return m_tree; }
    QStringList lines() const; // what the view says, line by line (tests)

private:
    Session& m_session;
    PatientRow m_patient;
    quint64 m_generation = 0;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_empty = nullptr;
};

// "Accepted by Riverside Medical Practice (Y90001) · Fri 14-Mar 12:07", "Rejected by …: reason".
QString documentReceiptText(const DocumentReceipt& receipt);

} // namespace avocet::ui::sync

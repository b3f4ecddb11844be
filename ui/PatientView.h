#pragma once
// One patient's screen: the banner on top, then the alerts with Acknowledge, then the record.
// Forms, drafts and the harmonised history are added by their own views as they land.
#include <QWidget>

#include "ui/ClinicalRecords.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;

namespace avocet::ui {

class PatientBanner;
class ScoreChartView;
class SecureClipboard;
class Session;
class SessionClock;

namespace history {
class PatientFormsView;
}

class PatientView : public QWidget
{
    Q_OBJECT
public:
    PatientView(const SessionClock& clock, SecureClipboard& clipboard, QWidget* parent = nullptr);

    void setRecord(const PatientRecord& record);
    void clear();
    QString patientId() const { return m_record.patient.id; }
    const PatientRecord& record() const { return m_record; }

    PatientBanner* banner() const { return m_banner; }
    QListWidget* alertList() const { return m_alerts; }
    QPushButton* acknowledgeButton() const { return m_acknowledge; }
    QPushButton* formsButton() const { return m_openForms; }
    // "Record renewal…": a renewal or extension of one of the patient's powers (audited).
    QPushButton* renewalButton() const { return m_renewal; }
    // "Withdraw renewal…": one recorded here in error (audited); shown when a power has a renewal.
    QPushButton* withdrawRenewalButton() const { return m_withdrawRenewal; }
    // EPR flags, GP-held allergies and medicines, each with its source (read-only).
    QLabel* heldLabel() const { return m_held; }
    // The patient's forms and harmonised history (ui/history), loaded through the session.
    void attachForms(Session& session);
    history::PatientFormsView* formsView() const { return m_forms; }
    // Scores over time (PHQ-9, GAD-7, ...) with severity bands, beside the forms (after attachForms).
    ScoreChartView* scoreCharts() const { return m_scores; }
    QTabWidget* recordTabs() const { return m_tabs; }
    // What heldLabel says for a record.
    static QString heldText(const PatientRecord& record);

Q_SIGNALS:
    void acknowledgeRequested(const QString& patientId, const QString& alertKey);
    // The selected alert was acknowledged by mistake: make it unseen again (audited).
    void withdrawRequested(const QString& patientId, const QString& alertKey);
    // "Forms…" pressed: start a form or continue a draft for this patient.
    void formsRequested();
    // "Record renewal…" pressed for the patient shown.
    void renewalRequested();
    // "Withdraw renewal…" pressed for the patient shown.
    void renewalWithdrawalRequested();

private:
    void updateAcknowledge();

    PatientRecord m_record;
    PatientBanner* m_banner = nullptr;
    QLabel* m_alertsTitle = nullptr;
    QListWidget* m_alerts = nullptr;
    QPushButton* m_acknowledge = nullptr;
    QPushButton* m_openForms = nullptr;
    QPushButton* m_renewal = nullptr;
    QPushButton* m_withdrawRenewal = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_held = nullptr; // EPR flags, GP-held allergies and medicines, read-only
    history::PatientFormsView* m_forms = nullptr;
    ScoreChartView* m_scores = nullptr;
    QTabWidget* m_tabs = nullptr;
};

} // namespace avocet::ui

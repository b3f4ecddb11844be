#pragma once
// Records a renewal (s.20) or extension (s.20A) of one of the patient's powers from the responsible
// clinician's report: which power, and the date the report was furnished. What may be recorded is
// decided by the rule tables in core (the examination window, the last day); the dialog only asks.
// In its withdraw mode it asks which power's latest renewal was entered in error, and why.
#include <QDate>
#include <QDialog>
#include <QString>

#include "ui/ClinicalRecords.h"

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLineEdit;

namespace avocet::ui {

struct RenewalChoice
{
    QString recordId;
    QDate reported; // Record
    QString reason; // Withdraw
};

class RenewalDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Record, Withdraw };
    // today: the London date now (the latest date a report may carry).
    RenewalDialog(const PatientRecord& record, const QDate& today, QWidget* parent = nullptr,
                  Mode mode = Mode::Record);

    RenewalChoice choice() const;
    // The powers in force that a renewal could be recorded for, as the dialog lists them.
    static QVector<LegalStatusView> powersOf(const PatientRecord& record);
    // The powers with a renewal recorded, which a withdrawal could be for.
    static QVector<LegalStatusView> renewedPowersOf(const PatientRecord& record);

    QComboBox* powerPicker() const { return m_powers; }
    QDateEdit* reportedEdit() const { return m_reported; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    QComboBox* m_powers = nullptr;
    QDateEdit* m_reported = nullptr;
    QLineEdit* m_reason = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace avocet::ui

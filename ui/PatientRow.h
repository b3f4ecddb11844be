#pragma once
// One patient as the list shows it: display-ready Qt strings, made on the worker thread so the UI
// thread only copies values.
#include <QDate>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace avocet::core::identity {
struct Patient;
}

namespace avocet::ui {

struct PatientRow
{
    QString id;        // local id, for later navigation and audit; never shown
    QString name;      // "FAMILY, Given" as the NHS shows it
    QString nhsNumber; // 3-3-4, empty when unknown
    bool nhsVerified = false;
    QDate birthDate;
    int ageYears = -1;
    QString epr;       // Paris | Mobius | SystmOne
    QString team;
    bool onCaseload = true; // false: outside the user's teams, opening asks for a reason (break-glass)
};

// Whole years between birth and today (-1 when the birth date is unknown).
int ageInYears(const QDate& birth, const QDate& today);
PatientRow toPatientRow(const core::identity::Patient& patient, const QDate& today);

} // namespace avocet::ui

Q_DECLARE_METATYPE(avocet::ui::PatientRow)

#include "ui/PatientRow.h"

#include "core/identity/NhsNumber.h"
#include "core/identity/Patient.h"

namespace avocet::ui {

int ageInYears(const QDate& birth, const QDate& today)
{
    if (!birth.isValid() || !today.isValid() || birth > today)
        return -1;
    int years = today.year() - birth.year();
    if (today.month() < birth.month() || (today.month() == birth.month() && today.day() < birth.day()))
        --years;
    return years;
}

PatientRow toPatientRow(const core::identity::Patient& patient, const QDate& today)
{
    PatientRow row;
    row.id = QString::fromStdString(patient.id);
    row.name = QString::fromStdString(patient.familyName).toUpper() + QStringLiteral(", ") +
               QString::fromStdString(patient.givenName);
    if (patient.nhsNumber)
        row.nhsNumber = QString::fromStdString(core::identity::formatNhsNumber(*patient.nhsNumber));
    row.nhsVerified = patient.nhsVerified;
    row.birthDate = QDate::fromString(QString::fromStdString(patient.birthDate), Qt::ISODate);
    row.ageYears = ageInYears(row.birthDate, today);
    row.epr = QString::fromStdString(core::identity::eprName(patient.epr));
    row.team = QString::fromStdString(patient.team.value_or(std::string()));
    return row;
}

} // namespace avocet::ui

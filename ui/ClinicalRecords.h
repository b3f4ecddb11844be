#pragma once
// What the caseload, the patient banner and the alerts panel show, made on the worker from the
// cache and the alert rule tables (core/alerts), as display-ready Qt values.
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

#include "ui/PatientRow.h"

namespace avocet::ui {

struct AlertItem
{
    enum class Severity { Low, Medium, High };
    QString key; // stable key the acknowledgement is stored and audited under
    QString kind; // "mental-health-act" | "review" | "score"
    Severity severity = Severity::Medium;
    QString title;
    QString detail;
    QDateTime due; // invalid when the alert has no due time
    bool acknowledged = false;
};

struct LegalStatusView
{
    bool present = false;    // false: no Mental Health Act power recorded (informal)
    QString powerCode;       // "s2"
    QString powerName;       // "Section 2 admission for assessment"
    QString legalStatusCode; // UK Core, e.g. "02"
    QDateTime start;
    QDateTime periodEnd;     // end of the period now running (invalid when lapsed)
    QString periodLabel;     // e.g. "Detention ends"
    bool lapsed = false;
};

struct PatientRecord
{
    PatientRow patient;
    LegalStatusView legal;
    QVector<AlertItem> alerts;
    int unacknowledged = 0;
    bool onCaseload = true;
};

struct CaseloadEntry
{
    PatientRecord record;
    QDateTime visitStart; // today's visit, invalid when none
    int visitMinutes = 0;
    QString visitKind;
    bool hasOverdue = false; // an overdue review or a lapsed power
};

} // namespace avocet::ui

Q_DECLARE_METATYPE(avocet::ui::AlertItem)

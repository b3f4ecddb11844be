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
    QDate dueLastDay; // a calendar period's last day (valid), or invalid for an hour-based end
    bool acknowledged = false;
};

struct LegalStatusView
{
    bool present = false;    // false: no Mental Health Act power recorded (informal)
    QString powerCode;       // "s2"
    QString powerName;       // "Section 2 admission for assessment"
    QString legalStatusCode; // UK Core, e.g. "02"
    QDateTime start;
    QDateTime periodEnd;     // end of the period now running (invalid when lapsed or with no fixed end)
    QDate periodLastDay;     // its last day for a "beginning with" period; invalid for an hour-based end
    QString periodLabel;     // e.g. "Detention ends"
    bool lapsed = false;
    // In force with no end of its own (a restriction order, a limitation or restriction direction,
    // leave): not "ended". noExpiryReason says why, from the rule tables.
    bool noFixedEnd = false;
    QString noExpiryReason;
    QString recordId;        // the legal-status record (what a renewal is recorded against)
    int renewalsRecorded = 0;
};

// A record an EPR or the GP system holds, shown read-only with where it came from: an EPR flag
// (risk, safeguarding, child protection, MAPPA), an allergy or a medicine.
struct HeldItem
{
    QString title;   // "Safeguarding: concern about children in the home", "Penicillin", "Olanzapine 10mg tablets"
    QString detail;  // "since 01-Oct-2026", "Anaphylaxis; high criticality", "One at night; since 01-Mar-2026"
    QString source;  // "Paris", "Mobius", "SystmOne", or empty when not known
    bool current = true; // a flag still in force; an allergy not resolved; a medicine being taken
};

struct PatientRecord
{
    PatientRow patient;
    LegalStatusView legal;            // the power the patient is held or cared for under
    QVector<LegalStatusView> otherPowers; // running beside it: a s.58 clock, a recall, leave …
    QVector<AlertItem> alerts;
    QVector<HeldItem> flags;       // EPR flags, current first
    QVector<HeldItem> allergies;   // GP-held
    QVector<HeldItem> medications; // GP-held, current first
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

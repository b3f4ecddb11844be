#include "ui/ClinicalService.h"
#include "ui/PatientBanner.h"

#include <QLocale>
#include <QRegularExpression>

#include <QTimeZone>

#include "core/alerts/PatientAlerts.h"
#include "core/alerts/RuleLibrary.h"
#include "core/audit/AuditLog.h"
#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "core/usecases/HeldRecords.h"
#include "core/usecases/MhaRenewals.h"
#include "core/usecases/PatientAlerts.h"
#include "ui/UiLog.h"

namespace avocet::ui {

using core::ErrorCode;
namespace alerts = core::alerts;
namespace store = core::store;

namespace {

QDateTime toQt(alerts::Instant instant)
{
    return QDateTime::fromSecsSinceEpoch(instant.time_since_epoch().count(), Qt::UTC);
}

QDate toQt(alerts::LocalDate day)
{
    return QDate(int(day.year()), int(unsigned(day.month())), int(unsigned(day.day())));
}

// A power in force as the banner and the caseload show it.
LegalStatusView legalView(const alerts::DetentionSummary& d)
{
    LegalStatusView legal;
    legal.present = true;
    legal.powerCode = QString::fromStdString(d.powerCode);
    legal.powerName = QString::fromStdString(d.powerName);
    legal.legalStatusCode = QString::fromStdString(d.legalStatusCode.value_or(std::string()));
    legal.start = toQt(d.start);
    legal.lapsed = d.lapsed;
    legal.recordId = QString::fromStdString(d.recordId);
    legal.renewalsRecorded = d.renewalsRecorded;
    if (d.currentPeriodEnd) {
        legal.periodEnd = toQt(d.currentPeriodEnd->due);
        if (d.currentPeriodEnd->lastDay)
            legal.periodLastDay = toQt(*d.currentPeriodEnd->lastDay);
        legal.periodLabel = QString::fromStdString(d.currentPeriodEnd->label);
    }
    legal.noFixedEnd = !d.lapsed && !d.currentPeriodEnd;
    if (legal.noFixedEnd && !d.notes.empty())
        legal.noExpiryReason = QString::fromStdString(d.notes.front());
    return legal;
}

alerts::Instant toInstant(const QDateTime& when)
{
    return alerts::Instant{std::chrono::seconds{when.toSecsSinceEpoch()}};
}

// The rule engine's ISO dates ("2026-10-31", "2026-11-28 00:00") as every screen shows dates:
// "31-Oct-2026", "28-Nov-2026 00:00".
QString readableDates(QString text)
{
    static const QRegularExpression iso(QStringLiteral("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b"));
    QString out;
    qsizetype from = 0;
    for (auto it = iso.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QDate day(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        out += text.mid(from, m.capturedStart() - from);
        out += day.isValid() ? QLocale::c().toString(day, QStringLiteral("dd-MMM-yyyy")) : m.captured(0);
        from = m.capturedEnd();
    }
    return out + text.mid(from);
}

AlertItem toItem(const alerts::PatientAlert& alert)
{
    AlertItem item;
    item.key = QString::fromStdString(alert.key);
    item.kind = QString::fromStdString(alerts::toString(alert.kind));
    item.severity = alert.severity == alerts::AlertSeverity::High     ? AlertItem::Severity::High
                    : alert.severity == alerts::AlertSeverity::Medium ? AlertItem::Severity::Medium
                                                                      : AlertItem::Severity::Low;
    item.title = QString::fromStdString(alert.title);
    item.detail = readableDates(QString::fromStdString(alert.detail));
    if (alert.lastDay)
        item.dueLastDay = toQt(*alert.lastDay);
    if (alert.due) {
        item.due = toQt(*alert.due);
        // A Mental Health Act deadline reads as the banner and the caseload state it.
        static const QRegularExpression due(QStringLiteral("^Due [^(]*\\("));
        if (item.kind == QLatin1String("mental-health-act") && due.match(item.detail).hasMatch()) {
            QString text = PatientBanner::deadlineText(item.due, item.dueLastDay);
            text[0] = text[0].toUpper();
            item.detail.replace(due, text + QStringLiteral(" ("));
        }
    }
    item.acknowledged = alert.acknowledged;
    return item;
}

QString readableDay(const std::string& iso)
{
    const QDate day = QDate::fromString(QString::fromStdString(iso).left(10), Qt::ISODate);
    return day.isValid() ? QLocale::c().toString(day, QStringLiteral("dd-MMM-yyyy")) : QString::fromStdString(iso);
}

QString q(const std::string& text) { return QString::fromStdString(text); }

// What an EPR or the GP system holds, as the banner, caseload and patient screen show it.
void addHeld(PatientRecord& record, const core::usecases::HeldRecords& held)
{
    for (const auto& flag : held.flags) {
        HeldItem item;
        item.title = flag.category.empty() ? q(flag.text)
                     : flag.text.empty()   ? q(flag.category)
                                           : ClinicalService::tr("%1: %2").arg(q(flag.category), q(flag.text));
        if (!flag.start.empty())
            item.detail = flag.current || flag.end.empty()
                              ? ClinicalService::tr("since %1").arg(readableDay(flag.start))
                              : ClinicalService::tr("%1 to %2").arg(readableDay(flag.start), readableDay(flag.end));
        if (!flag.current)
            item.detail = ClinicalService::tr("no longer in force") + (item.detail.isEmpty() ? QString() : QStringLiteral("; ") + item.detail);
        item.source = q(flag.source);
        item.current = flag.current;
        record.flags.push_back(item);
    }
    for (const auto& allergy : held.allergies) {
        HeldItem item;
        item.title = q(allergy.substance);
        QStringList parts;
        if (!allergy.reaction.empty())
            parts << q(allergy.reaction);
        if (allergy.criticality == "high")
            parts << ClinicalService::tr("high criticality");
        if (!allergy.recorded.empty())
            parts << ClinicalService::tr("recorded %1").arg(readableDay(allergy.recorded));
        item.detail = parts.join(QStringLiteral("; "));
        item.source = q(allergy.source);
        item.current = allergy.clinicalStatus.empty() || allergy.clinicalStatus == "active";
        record.allergies.push_back(item);
    }
    for (const auto& medication : held.medications) {
        HeldItem item;
        item.title = q(medication.medicine);
        QStringList parts;
        if (!medication.dosage.empty())
            parts << q(medication.dosage);
        if (!medication.since.empty())
            parts << ClinicalService::tr("since %1").arg(readableDay(medication.since));
        if (medication.status != "active" && !medication.status.empty())
            parts << q(medication.status);
        item.detail = parts.join(QStringLiteral("; "));
        item.source = q(medication.source);
        item.current = medication.status == "active";
        record.medications.push_back(item);
    }
}

// Everything the banner and the alerts panel need for one patient (worker thread).
core::Result<PatientRecord> buildRecord(store::Cache& cache, const alerts::RuleLibrary& rules,
                                        const core::identity::Patient& patient, alerts::Instant now, QDate today,
                                        const core::usecases::HeldRecords& held)
{
    store::CaseloadStore caseload(cache.database());
    PatientRecord record;
    record.patient = toPatientRow(patient, today);

    auto report = core::usecases::patientAlerts(cache, rules, patient.id, now);
    if (!report)
        return report.error();
    if (report->detention)
        record.legal = legalView(*report->detention);
    for (const auto& concurrent : report->concurrentPowers)
        record.otherPowers.push_back(legalView(concurrent));
    for (const auto& alert : report->alerts)
        record.alerts.push_back(toItem(alert));
    record.unacknowledged = report->unacknowledged();
    addHeld(record, held);
    return record;
}

// The alert a caseload patient shows when their records could not be turned into alerts at all.
AlertItem unreadableAlert()
{
    AlertItem item;
    item.key = QStringLiteral("unreadable:patient");
    item.kind = QStringLiteral("mental-health-act");
    item.severity = AlertItem::Severity::High;
    item.title = ClinicalService::tr("Records could not be read");
    item.detail = ClinicalService::tr("This patient's legal status, reviews and scores could not be read on this computer, "
                                      "so no deadline is shown: check the EPR and the Mental Health Act office today.");
    return item;
}

} // namespace

core::Status ClinicalService::ensureRules()
{
    if (m_rules)
        return core::Status::success();
    auto rules = alerts::RuleLibrary::builtin();
    if (!rules)
        return rules.error();
    m_rules = std::make_unique<alerts::RuleLibrary>(std::move(*rules));
    return core::Status::success();
}

void ClinicalService::logUnreadable(const PatientRecord& record)
{
    // Once per record and session: the kind and the record's id, never the patient.
    for (const AlertItem& alert : record.alerts)
        if (alert.key.startsWith(QLatin1String("unreadable:")) && m_loggedUnreadable.insert(alert.key.toStdString()).second)
            qCWarning(lcViews) << "a record could not be read and shows as an alert:" << alert.key;
}

ClinicalService::ClinicalService(Session& session, QObject* parent) : QObject(parent), m_session(session) {}

ClinicalService::~ClinicalService() = default;

void ClinicalService::loadCaseload(const QDateTime& nowUtc, QObject* context,
                                   std::function<void(Reply<QVector<CaseloadEntry>>)> done)
{
    m_session.withCache<QVector<CaseloadEntry>>(
        context,
        [this, nowUtc](store::Cache& cache) -> Reply<QVector<CaseloadEntry>> {
            if (core::Status st = ensureRules(); !st)
                return failedReply<QVector<CaseloadEntry>>(st);
            store::CaseloadStore caseload(cache.database());
            auto patients = caseload.caseloadPatients();
            if (!patients)
                return failedReply<QVector<CaseloadEntry>>(patients);
            const QTimeZone london("Europe/London");
            const QDate today = nowUtc.toTimeZone(london).date();
            const QDateTime dayStart(today, QTime(0, 0), london);
            const QDateTime dayEnd(today.addDays(1), QTime(0, 0), london);
            auto visits = caseload.visitsBetween(dayStart.toUTC().toString(Qt::ISODate).toStdString(),
                                                 dayEnd.toUTC().toString(Qt::ISODate).toStdString());
            if (!visits)
                return failedReply<QVector<CaseloadEntry>>(visits);
            // EPR flags for the whole caseload in one pass.
            auto held = core::usecases::heldRecordsFor(cache, *patients, today.toString(Qt::ISODate).toStdString());
            if (!held)
                return failedReply<QVector<CaseloadEntry>>(held);
            Reply<QVector<CaseloadEntry>> reply;
            reply.value.reserve(qsizetype(patients->size()));
            for (const auto& patient : *patients) {
                auto record = buildRecord(cache, *m_rules, patient, toInstant(nowUtc), today, (*held)[patient.id]);
                CaseloadEntry entry;
                if (record) {
                    entry.record = std::move(*record);
                } else {
                    // One patient whose records cannot be read never empties the caseload: the
                    // patient is listed with an alert saying so (logged without patient data).
                    qCWarning(lcViews) << "a caseload patient's alerts could not be worked out, error code"
                                       << int(record.code());
                    entry.record.patient = toPatientRow(patient, today);
                    entry.record.alerts.push_back(unreadableAlert());
                    entry.record.unacknowledged = 1;
                }
                logUnreadable(entry.record);
                for (const auto& visit : *visits) {
                    if (visit.patientId != patient.id || visit.status == "cancelled")
                        continue;
                    entry.visitStart = QDateTime::fromString(QString::fromStdString(visit.startsAt), Qt::ISODate);
                    entry.visitMinutes = visit.minutes;
                    entry.visitKind = QString::fromStdString(visit.kind);
                    break;
                }
                entry.hasOverdue = entry.record.legal.lapsed;
                for (const auto& other : entry.record.otherPowers)
                    entry.hasOverdue = entry.hasOverdue || other.lapsed;
                for (const auto& alert : entry.record.alerts)
                    entry.hasOverdue = entry.hasOverdue || (alert.kind == QStringLiteral("review") &&
                                                            alert.title.endsWith(QStringLiteral("overdue")));
                reply.value.push_back(std::move(entry));
            }
            return reply;
        },
        std::move(done));
}

void ClinicalService::openPatient(const QString& patientId, const QDateTime& nowUtc, QObject* context,
                                  std::function<void(Reply<OpenedPatient>)> done)
{
    breakGlass(patientId, {}, nowUtc, context, std::move(done));
}

void ClinicalService::breakGlass(const QString& patientId, const QString& reason, const QDateTime& nowUtc,
                                 QObject* context, std::function<void(Reply<OpenedPatient>)> done,
                                 bool alreadyRecorded)
{
    m_session.withCache<OpenedPatient>(
        context,
        [this, id = patientId.toStdString(), why = reason.trimmed().toStdString(), nowUtc,
         alreadyRecorded](store::Cache& cache) -> Reply<OpenedPatient> {
            if (m_grantsUser != cache.user()) { // a user switch forgets the previous user's grants
                m_grants.clear();
                m_grantsUser = cache.user();
            }
            if (core::Status st = ensureRules(); !st)
                return failedReply<OpenedPatient>(st);
            store::CaseloadStore caseload(cache.database());
            auto onCaseload = caseload.isOnCaseload(id);
            if (!onCaseload)
                return failedReply<OpenedPatient>(onCaseload);
            Reply<OpenedPatient> reply;
            if (!*onCaseload && !m_grants.count(id)) {
                if (why.empty()) {
                    reply.value.needsBreakGlass = true; // the view asks for a reason; nothing shown yet
                    return reply;
                }
                if (!alreadyRecorded)
                    if (core::Status st = cache.record(core::audit::action::BreakGlass, id, why); !st)
                        return failedReply<OpenedPatient>(st); // no audit, no access
                m_grants.insert(id);
                qCInfo(lcSession) << "break-glass access recorded";
            }
            auto patient = cache.patients().get(id);
            if (!patient)
                return failedReply<OpenedPatient>(patient);
            const QDate today = nowUtc.toTimeZone(QTimeZone("Europe/London")).date();
            auto held = core::usecases::heldRecords(cache, id, today.toString(Qt::ISODate).toStdString());
            if (!held)
                return failedReply<OpenedPatient>(held);
            auto record = buildRecord(cache, *m_rules, *patient, toInstant(nowUtc), today, *held);
            if (!record)
                return failedReply<OpenedPatient>(record);
            if (core::Status st = cache.record(core::audit::action::View, id, *onCaseload ? "caseload" : "break-glass");
                !st)
                return failedReply<OpenedPatient>(st);
            reply.value.record = std::move(*record);
            reply.value.record.onCaseload = *onCaseload;
            logUnreadable(reply.value.record);
            return reply;
        },
        std::move(done));
}

void ClinicalService::acknowledge(const QString& patientId, const QString& alertKey, const QDateTime& nowUtc,
                                  QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        context,
        [id = patientId.toStdString(), key = alertKey.toStdString(), nowUtc](store::Cache& cache) -> Reply<Done> {
            if (core::Status st =
                    core::usecases::acknowledgeAlert(cache, id, key, nowUtc.toString(Qt::ISODate).toStdString());
                !st)
                return failedReply<Done>(st);
            return {};
        },
        std::move(done));
}

void ClinicalService::withdrawAcknowledgement(const QString& patientId, const QString& alertKey, QObject* context,
                                              std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        context,
        [id = patientId.toStdString(), key = alertKey.toStdString()](store::Cache& cache) -> Reply<Done> {
            if (core::Status st = core::usecases::withdrawAlertAcknowledgement(cache, id, key); !st)
                return failedReply<Done>(st);
            return {};
        },
        std::move(done));
}

} // namespace avocet::ui

namespace avocet::ui {

void ClinicalService::recordRenewal(const QString& patientId, const QString& recordId, const QDate& reported,
                                    const QDateTime& nowUtc, QObject* context,
                                    std::function<void(Reply<RecordedRenewal>)> done)
{
    m_session.withCache<RecordedRenewal>(
        context,
        [this, id = patientId.toStdString(), record = recordId.toStdString(), reported,
         nowUtc](store::Cache& cache) -> Reply<RecordedRenewal> {
            if (core::Status st = ensureRules(); !st)
                return failedReply<RecordedRenewal>(st);
            const alerts::LocalDate day{std::chrono::year(reported.year()), std::chrono::month(unsigned(reported.month())),
                                        std::chrono::day(unsigned(reported.day()))};
            auto renewal = core::usecases::recordRenewal(cache, *m_rules, id, record, day, toInstant(nowUtc), cache.user());
            if (!renewal)
                return failedReply<RecordedRenewal>(renewal);
            Reply<RecordedRenewal> reply;
            reply.value.number = renewal->number;
            reply.value.power = QString::fromStdString(renewal->power);
            reply.value.periodEnds = toQt(renewal->periodEnds);
            if (renewal->lastDay)
                reply.value.lastDay = toQt(*renewal->lastDay);
            return reply;
        },
        std::move(done));
}

void ClinicalService::withdrawRenewal(const QString& patientId, const QString& recordId, const QString& reason,
                                      const QDateTime& nowUtc, QObject* context,
                                      std::function<void(Reply<WithdrawnRenewal>)> done)
{
    m_session.withCache<WithdrawnRenewal>(
        context,
        [this, id = patientId.toStdString(), record = recordId.toStdString(), why = reason.trimmed().toStdString(),
         nowUtc](store::Cache& cache) -> Reply<WithdrawnRenewal> {
            if (core::Status st = ensureRules(); !st)
                return failedReply<WithdrawnRenewal>(st);
            auto withdrawn =
                core::usecases::withdrawRenewal(cache, *m_rules, id, record, why, toInstant(nowUtc), cache.user());
            if (!withdrawn)
                return failedReply<WithdrawnRenewal>(withdrawn);
            Reply<WithdrawnRenewal> reply;
            reply.value.number = withdrawn->number;
            reply.value.counted = withdrawn->counted;
            reply.value.power = QString::fromStdString(withdrawn->power);
            return reply;
        },
        std::move(done));
}

} // namespace avocet::ui

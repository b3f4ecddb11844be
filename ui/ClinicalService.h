#pragma once
// The views' core calls for caseloads, patient records, break-glass and alerts. Runs on the
// Session's worker (Session::withCache); every record view and break-glass is audited there.
//
// Access (SECURITY-RELIABILITY.md 12): a patient whose team is on the user's caseload opens
// directly; any other needs a break-glass reason, which is audited and then lets this user open
// that patient until they switch user or quit.
#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "core/usecases/PatientAlerts.h"
#include "ui/ClinicalRecords.h"
#include "ui/Session.h"

namespace avocet::core::alerts {
class RuleLibrary;
}

namespace avocet::ui {

struct OpenedPatient
{
    bool needsBreakGlass = false; // not on the caseload and no break-glass yet: record is empty
    PatientRecord record;
};

// A renewal recorded through the patient screen: which one, and when the period it begins ends.
struct WithdrawnRenewal
{
    int number = 0;  // the renewal withdrawn
    int counted = 0; // the renewals that count now
    QString power;
};

struct RecordedRenewal
{
    int number = 0;
    QString power;
    QDateTime periodEnds;
    QDate lastDay; // valid for a calendar period
};

class ClinicalService : public QObject
{
    Q_OBJECT
public:
    explicit ClinicalService(Session& session, QObject* parent = nullptr);
    ~ClinicalService() override;

    // The caseload with today's visits (London day of nowUtc), legal status and alerts.
    void loadCaseload(const QDateTime& nowUtc, QObject* context,
                      std::function<void(Reply<QVector<CaseloadEntry>>)> done);
    // Opens a patient (audited "view") when on the caseload or already broken into.
    void openPatient(const QString& patientId, const QDateTime& nowUtc, QObject* context,
                     std::function<void(Reply<OpenedPatient>)> done);
    // Records "break-glass" with the reason and opens the patient. An empty reason is refused.
    // alreadyRecorded: the break-glass was recorded with this reason where the record was read
    // (a patient opened from the whole trust, core/usecases TrustSearch); it is not recorded twice.
    void breakGlass(const QString& patientId, const QString& reason, const QDateTime& nowUtc, QObject* context,
                    std::function<void(Reply<OpenedPatient>)> done, bool alreadyRecorded = false);
    // Stores the acknowledgement and audits it ("alert-acknowledge", patient, alert key).
    void acknowledge(const QString& patientId, const QString& alertKey, const QDateTime& nowUtc, QObject* context,
                     std::function<void(Reply<Done>)> done);

    static constexpr const char* kAcknowledgeAction = core::usecases::kAcknowledgeAction;
    // Withdraws an acknowledgement made by mistake, audited ("alert-acknowledge-withdrawn").
    void withdrawAcknowledgement(const QString& patientId, const QString& alertKey, QObject* context,
                                 std::function<void(Reply<Done>)> done);
    static constexpr const char* kWithdrawAction = core::usecases::kWithdrawAcknowledgementAction;

    // Records the next renewal (s.20) or extension (s.20A) of the patient's power `recordId` on the
    // responsible clinician's report of `reported` (core/usecases recordRenewal: checked against the
    // rule tables, audited, queued for the hub, alerts moved at once). Refusals carry the reason.
    void recordRenewal(const QString& patientId, const QString& recordId, const QDate& reported,
                       const QDateTime& nowUtc, QObject* context, std::function<void(Reply<RecordedRenewal>)> done);
    // Withdraws the latest renewal of the power `recordId` recorded in Avocet, as entered in error,
    // with the reason (core/usecases withdrawRenewal: audited, queued for the hub, alerts moved back
    // at once). Refusals carry the reason (none recorded here, the EPR's own, no reason given).
    void withdrawRenewal(const QString& patientId, const QString& recordId, const QString& reason,
                         const QDateTime& nowUtc, QObject* context, std::function<void(Reply<WithdrawnRenewal>)> done);

private:
    core::Status ensureRules();                     // worker thread
    void logUnreadable(const PatientRecord& record); // worker thread

    Session& m_session;
    // Worker thread only.
    std::unique_ptr<core::alerts::RuleLibrary> m_rules;
    std::string m_grantsUser;
    std::set<std::string> m_grants;
    std::set<std::string> m_loggedUnreadable;
};

} // namespace avocet::ui

Q_DECLARE_METATYPE(avocet::ui::CaseloadEntry)

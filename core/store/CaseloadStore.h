#pragma once
// The clinician's caseload in the encrypted cache: the teams whose patients this user may see
// without break-glass, planned visits, Mental Health Act legal status, care-plan and risk review
// dates, questionnaire scores that can raise alerts, and which alerts have been acknowledged.
// Tables come from migration 3 (core/store/Schema.cpp). Rows refer to patients by local id only.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/store/Database.h"

namespace avocet::core::store {

struct Visit
{
    std::string id;
    std::string patientId;
    std::string startsAt; // ISO 8601 UTC
    int minutes = 30;
    std::string kind;     // "Home visit", "Depot clinic", "Ward review" …
    std::string place;
    std::string status = "planned"; // planned | done | cancelled
};

// One Mental Health Act power (or informal status) for a patient; ended when endedAt is set.
struct LegalStatusRecord
{
    std::string id;
    std::string patientId;
    std::string power;                         // as the rule tables accept it: "s2", "s3", "cto" …
    std::string startedAt;                     // ISO 8601 UTC
    std::optional<std::string> precedingStart; // start of an earlier power it inherits from
    bool extended = false;                     // s.135/136 extension authorised
    std::optional<std::string> endedAt;
    // Renewals (s.20) or extensions (s.20A) recorded for this power, each a fact from the
    // responsible clinician's report; a period that ends without one has ended.
    int renewalsRecorded = 0;
    // The inputs the law counts some deadlines from, where the EPR recorded them (core/alerts
    // DeadlineRequest says what each means); absent when not recorded.
    std::optional<int> extensionHours = {};          // s.135/136 extension authorised, in hours (1-12)
    std::optional<std::string> firstAdmission = {};  // ISO 8601 UTC: the s.68 applicable day
    std::optional<std::string> lastTribunal = {};    // YYYY-MM-DD: the Tribunal last considered the case
    std::optional<std::string> nearestRelativeApplied = {};  // ISO 8601 UTC: s.29(4) application made
    std::optional<std::string> nearestRelativeDisposed = {}; // ISO 8601 UTC: finally disposed of
    bool nearestRelativeOrderMade = false;                   // an order was made on the application
    std::vector<std::string> courtLastDays = {};     // YYYY-MM-DD each: s.35, s.36, s.38 as the court set them
    std::optional<std::string> relatedStart = {};    // ISO 8601 UTC: Part 4A, the first dose of the s.58 clock
    // Set when the EPR's record of a power that has not ended could not be read (an unknown code, a
    // start without a zone …): the patient shows "could not be read", never an informal status.
    std::optional<std::string> unreadable = {};
};

struct ReviewRecord
{
    std::string patientId;
    std::string subject;  // "care-plan" | "risk-assessment"
    std::string setting;  // "community" | "inpatient"
    std::string lastDone; // YYYY-MM-DD
};

struct ScoreRecord
{
    std::string id;
    std::string patientId;
    std::string instrument; // "PHQ-9"
    std::string item;       // "9" or "total"
    double value = 0;       // not a score when absentReason is set
    std::string recordedAt; // ISO 8601 UTC
    std::string code;         // the item's code ("44260-8"), which alert rules match
    std::string absentReason; // why there is no value ("asked-declined"), else empty
};

// An inpatient stay that has ended, and where its discharge summary to the GP is.
struct DischargeRecord
{
    std::string id; // the stay's row id
    std::string patientId;
    std::string dischargedAt;     // ISO 8601 UTC
    std::string summary = "none"; // none | queued (signed off here, not yet synced) | sent (the hub has it) | rejected | failed
};

// Who wrote a visit, legal-status, review or score row. The clinical-record projection
// (core/sync/ClinicalProjection) replaces its own rows on every run and never touches the others.
enum class RowSource { Local, Projection };

class CaseloadStore
{
public:
    explicit CaseloadStore(Database& db) : m_db(db) {}

    // The teams this user works in; their patients are the user's caseload.
    Status setTeams(const std::vector<std::string>& teams);
    Result<std::vector<std::string>> teams();
    Result<bool> isOnCaseload(const std::string& patientId);
    // Caseload patients ordered by name (at most limit).
    Result<std::vector<identity::Patient>> caseloadPatients(int limit = 5000);
    Result<std::int64_t> caseloadCount();

    Status upsertVisit(const Visit& visit, RowSource source = RowSource::Local);
    // Visits starting in [fromIso, toIso), by start time.
    Result<std::vector<Visit>> visitsBetween(const std::string& fromIso, const std::string& toIso);

    Status upsertLegalStatus(const LegalStatusRecord& status, RowSource source = RowSource::Local);
    // The latest power that has not ended, if any.
    Result<std::optional<LegalStatusRecord>> currentLegalStatus(const std::string& patientId);
    // Every power that has not ended (several can run at once: a s.3 and its s.58 clock, a CTO and
    // a recall), latest start first.
    Result<std::vector<LegalStatusRecord>> openLegalStatuses(const std::string& patientId);

    Status upsertReview(const ReviewRecord& review, RowSource source = RowSource::Local);
    Result<std::vector<ReviewRecord>> reviews(const std::string& patientId);

    Status addScore(const ScoreRecord& score, RowSource source = RowSource::Local);

    Status upsertDischarge(const DischargeRecord& discharge, RowSource source = RowSource::Local);
    // The patient's discharges, latest first.
    Result<std::vector<DischargeRecord>> discharges(const std::string& patientId);

    // Removes every visit, legal-status, review, score and discharge row the projection wrote (joins
    // the caller's transaction), so that a run can write the rows afresh.
    Status clearProjected();
    Result<std::vector<ScoreRecord>> scores(const std::string& patientId);

    // Idempotent: acknowledging the same alert twice keeps the first time.
    Status acknowledge(const std::string& alertKey, const std::string& patientId, const std::string& atIso);
    // Undoes an acknowledgement made by mistake: the alert counts as unseen again.
    Status withdrawAcknowledgement(const std::string& alertKey, const std::string& patientId);
    Result<std::set<std::string>> acknowledgedAlerts(const std::string& patientId);

private:
    Database& m_db;
};

} // namespace avocet::core::store

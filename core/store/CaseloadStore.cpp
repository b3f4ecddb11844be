#include "core/store/CaseloadStore.h"

namespace avocet::core::store {

namespace {

constexpr const char* kPatientColumns =
    "p.id, p.nhs_number, p.nhs_verified, p.given_name, p.family_name, p.birth_date, p.sex, p.postcode, p.epr, "
    "p.epr_id, p.team, p.notes, p.updated_at";

identity::Patient readPatient(const Statement& s)
{
    identity::Patient p;
    p.id = s.text(0);
    p.nhsNumber = s.optionalText(1);
    p.nhsVerified = s.int64(2) != 0;
    p.givenName = s.text(3);
    p.familyName = s.text(4);
    p.birthDate = s.text(5);
    p.sex = s.text(6);
    p.postcode = s.optionalText(7);
    p.epr = identity::eprFromName(s.text(8)).value_or(identity::Epr::Paris);
    p.eprId = s.text(9);
    p.team = s.optionalText(10);
    p.notes = s.optionalText(11);
    p.updatedAt = s.text(12);
    return p;
}

// Steps through every row, handing each to read.
template <typename T, typename Read>
Result<std::vector<T>> collect(Statement& stmt, Read read)
{
    std::vector<T> out;
    for (;;) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(read(stmt));
    }
}

const char* sourceName(RowSource source)
{
    return source == RowSource::Projection ? "projection" : "local";
}

} // namespace

Status CaseloadStore::setTeams(const std::vector<std::string>& teams)
{
    auto tx = ScopedWrite::begin(m_db); // joins a caller's transaction (sync's projection)
    if (!tx)
        return tx.error();
    if (Status st = m_db.exec("DELETE FROM caseload_teams"); !st)
        return st;
    auto stmt = m_db.prepare("INSERT OR IGNORE INTO caseload_teams(team) VALUES (?)");
    if (!stmt)
        return stmt.error();
    for (const auto& team : teams) {
        stmt->bind(1, team);
        if (Status st = stmt->run(); !st)
            return st;
    }
    return tx->commit();
}

Result<std::vector<std::string>> CaseloadStore::teams()
{
    auto stmt = m_db.prepare("SELECT team FROM caseload_teams ORDER BY team");
    if (!stmt)
        return stmt.error();
    return collect<std::string>(*stmt, [](const Statement& s) { return s.text(0); });
}

Result<bool> CaseloadStore::isOnCaseload(const std::string& patientId)
{
    auto stmt = m_db.prepare(
        "SELECT 1 FROM patients p JOIN caseload_teams t ON t.team = p.team WHERE p.id = ? LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, patientId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row;
}

Result<std::vector<identity::Patient>> CaseloadStore::caseloadPatients(int limit)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kPatientColumns +
                             " FROM patients p JOIN caseload_teams t ON t.team = p.team"
                             " ORDER BY p.family_name, p.given_name, p.birth_date LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, static_cast<std::int64_t>(limit));
    return collect<identity::Patient>(*stmt, readPatient);
}

Result<std::int64_t> CaseloadStore::caseloadCount()
{
    return m_db.queryInt("SELECT count(*) FROM patients p JOIN caseload_teams t ON t.team = p.team");
}

Status CaseloadStore::upsertVisit(const Visit& visit, RowSource source)
{
    auto stmt = m_db.prepare("INSERT OR REPLACE INTO visits(id, patient_id, starts_at, minutes, kind, place, status,"
                             " source) VALUES (?,?,?,?,?,?,?,?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(visit.id, visit.patientId, visit.startsAt, static_cast<std::int64_t>(visit.minutes), visit.kind,
                  visit.place, visit.status, std::string(sourceName(source)));
    return stmt->run();
}

Result<std::vector<Visit>> CaseloadStore::visitsBetween(const std::string& fromIso, const std::string& toIso)
{
    auto stmt = m_db.prepare("SELECT id, patient_id, starts_at, minutes, kind, place, status FROM visits"
                             " WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(fromIso, toIso);
    return collect<Visit>(*stmt, [](const Statement& s) {
        return Visit{s.text(0), s.text(1), s.text(2), static_cast<int>(s.int64(3)), s.text(4), s.text(5), s.text(6)};
    });
}

Status CaseloadStore::upsertLegalStatus(const LegalStatusRecord& status, RowSource source)
{
    auto stmt = m_db.prepare("INSERT OR REPLACE INTO legal_status(id, patient_id, power, started_at,"
                             " preceding_start, extended, ended_at, source, renewals_recorded, extension_hours,"
                             " first_admission, last_tribunal, nr_applied, nr_disposed, nr_order_made,"
                             " court_last_days, related_start, unreadable) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!stmt)
        return stmt.error();
    std::string courtDays;
    for (const auto& day : status.courtLastDays)
        courtDays += (courtDays.empty() ? "" : ",") + day;
    stmt->bindAll(status.id, status.patientId, status.power, status.startedAt, status.precedingStart,
                  static_cast<std::int64_t>(status.extended), status.endedAt, std::string(sourceName(source)),
                  static_cast<std::int64_t>(status.renewalsRecorded));
    if (status.extensionHours)
        stmt->bind(10, static_cast<std::int64_t>(*status.extensionHours));
    else
        stmt->bindNull(10);
    stmt->bind(11, status.firstAdmission);
    stmt->bind(12, status.lastTribunal);
    stmt->bind(13, status.nearestRelativeApplied);
    stmt->bind(14, status.nearestRelativeDisposed);
    stmt->bind(15, static_cast<std::int64_t>(status.nearestRelativeOrderMade));
    stmt->bind(16, courtDays);
    stmt->bind(17, status.relatedStart);
    stmt->bind(18, status.unreadable);
    return stmt->run();
}

namespace {

LegalStatusRecord readLegalStatus(const Statement& s)
{
    LegalStatusRecord record{s.text(0),         s.text(1),         s.text(2),
                             s.text(3),         s.optionalText(4), s.int64(5) != 0,
                             s.optionalText(6), static_cast<int>(s.int64(7))};
    if (!s.isNull(8))
        record.extensionHours = static_cast<int>(s.int64(8));
    record.firstAdmission = s.optionalText(9);
    record.lastTribunal = s.optionalText(10);
    record.nearestRelativeApplied = s.optionalText(11);
    record.nearestRelativeDisposed = s.optionalText(12);
    record.nearestRelativeOrderMade = s.int64(13) != 0;
    const std::string days = s.text(14);
    for (std::size_t from = 0; from < days.size();) {
        const auto comma = days.find(',', from);
        const auto to = comma == std::string::npos ? days.size() : comma;
        record.courtLastDays.push_back(days.substr(from, to - from));
        from = to + 1;
    }
    record.relatedStart = s.optionalText(15);
    record.unreadable = s.optionalText(16);
    return record;
}

} // namespace

Result<std::vector<LegalStatusRecord>> CaseloadStore::openLegalStatuses(const std::string& patientId)
{
    auto stmt = m_db.prepare("SELECT id, patient_id, power, started_at, preceding_start, extended, ended_at,"
                             " renewals_recorded, extension_hours, first_admission, last_tribunal, nr_applied,"
                             " nr_disposed, nr_order_made, court_last_days, related_start, unreadable FROM legal_status"
                             " WHERE patient_id = ? AND ended_at IS NULL ORDER BY started_at DESC, id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, patientId);
    return collect<LegalStatusRecord>(*stmt, readLegalStatus);
}

Result<std::optional<LegalStatusRecord>> CaseloadStore::currentLegalStatus(const std::string& patientId)
{
    auto rows = openLegalStatuses(patientId);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<LegalStatusRecord>{};
    return std::optional<LegalStatusRecord>{std::move(rows->front())};
}

Status CaseloadStore::upsertReview(const ReviewRecord& review, RowSource source)
{
    auto stmt = m_db.prepare(
        "INSERT OR REPLACE INTO reviews(patient_id, subject, setting, last_done, source) VALUES (?,?,?,?,?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(review.patientId, review.subject, review.setting, review.lastDone, std::string(sourceName(source)));
    return stmt->run();
}

Status CaseloadStore::upsertDischarge(const DischargeRecord& discharge, RowSource source)
{
    auto stmt = m_db.prepare(
        "INSERT OR REPLACE INTO discharges(id, patient_id, discharged_at, summary, source) VALUES (?,?,?,?,?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(discharge.id, discharge.patientId, discharge.dischargedAt, discharge.summary,
                  std::string(sourceName(source)));
    return stmt->run();
}

Result<std::vector<DischargeRecord>> CaseloadStore::discharges(const std::string& patientId)
{
    auto stmt = m_db.prepare("SELECT id, patient_id, discharged_at, summary FROM discharges WHERE patient_id = ?"
                             " ORDER BY discharged_at DESC, id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, patientId);
    return collect<DischargeRecord>(*stmt, [](const Statement& s) {
        return DischargeRecord{s.text(0), s.text(1), s.text(2), s.text(3)};
    });
}

Result<std::vector<ReviewRecord>> CaseloadStore::reviews(const std::string& patientId)
{
    auto stmt = m_db.prepare(
        "SELECT patient_id, subject, setting, last_done FROM reviews WHERE patient_id = ? ORDER BY subject");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, patientId);
    return collect<ReviewRecord>(*stmt, [](const Statement& s) {
        return ReviewRecord{s.text(0), s.text(1), s.text(2), s.text(3)};
    });
}

Status CaseloadStore::addScore(const ScoreRecord& score, RowSource source)
{
    auto stmt = m_db.prepare("INSERT OR REPLACE INTO score_results(id, patient_id, instrument, item, value,"
                             " recorded_at, source, code, absent_reason) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(score.id, score.patientId, score.instrument, score.item, score.value, score.recordedAt,
                  std::string(sourceName(source)), score.code, score.absentReason);
    return stmt->run();
}

Status CaseloadStore::clearProjected()
{
    auto tx = ScopedWrite::begin(m_db);
    if (!tx)
        return tx.error();
    for (const char* sql : {"DELETE FROM visits WHERE source = 'projection'",
                            "DELETE FROM legal_status WHERE source = 'projection'",
                            "DELETE FROM reviews WHERE source = 'projection'",
                            "DELETE FROM score_results WHERE source = 'projection'",
                            "DELETE FROM discharges WHERE source = 'projection'"})
        if (Status st = m_db.exec(sql); !st)
            return st;
    return tx->commit();
}

Result<std::vector<ScoreRecord>> CaseloadStore::scores(const std::string& patientId)
{
    auto stmt = m_db.prepare("SELECT id, patient_id, instrument, item, value, recorded_at, code, absent_reason"
                             " FROM score_results WHERE patient_id = ? ORDER BY recorded_at, id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, patientId);
    return collect<ScoreRecord>(*stmt, [](const Statement& s) {
        return ScoreRecord{s.text(0), s.text(1), s.text(2), s.text(3), s.real(4), s.text(5), s.text(6), s.text(7)};
    });
}

Status CaseloadStore::acknowledge(const std::string& alertKey, const std::string& patientId, const std::string& atIso)
{
    auto stmt = m_db.prepare(
        "INSERT OR IGNORE INTO alert_acknowledgements(alert_key, patient_id, acknowledged_at) VALUES (?,?,?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(alertKey, patientId, atIso);
    return stmt->run();
}

Status CaseloadStore::withdrawAcknowledgement(const std::string& alertKey, const std::string& patientId)
{
    auto stmt = m_db.prepare("DELETE FROM alert_acknowledgements WHERE alert_key = ? AND patient_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(alertKey, patientId);
    return stmt->run();
}

Result<std::set<std::string>> CaseloadStore::acknowledgedAlerts(const std::string& patientId)
{
    auto stmt = m_db.prepare("SELECT alert_key FROM alert_acknowledgements WHERE patient_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, patientId);
    auto keys = collect<std::string>(*stmt, [](const Statement& s) { return s.text(0); });
    if (!keys)
        return keys.error();
    return std::set<std::string>(keys->begin(), keys->end());
}

} // namespace avocet::core::store

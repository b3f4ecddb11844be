#include "core/identity/PatientIndex.h"

#include <cstdio>
#include <random>
#include <set>

#include "core/common/Time.h"
#include "core/identity/NhsNumber.h"

namespace avocet::core::identity {

namespace {

constexpr const char* kRecordColumns = "epr, epr_id, person_id, nhs_number, nhs_verified, given_name, family_name, "
                                       "birth_date, postcode, link_basis, no_auto_link, sex";

std::string randomUuid()
{
    std::random_device rd;
    std::uniform_int_distribution<unsigned> byte(0, 255);
    unsigned char b[16];
    for (auto& x : b)
        x = static_cast<unsigned char>(byte(rd));
    b[6] = static_cast<unsigned char>((b[6] & 0x0FU) | 0x40U);
    b[8] = static_cast<unsigned char>((b[8] & 0x3FU) | 0x80U);
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

bool isIsoDate(const std::string& s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

std::string swapDayMonth(const std::string& date)
{
    return isIsoDate(date) ? date.substr(0, 5) + date.substr(8, 2) + "-" + date.substr(5, 2) : date;
}

IndexedRecord readRecord(const store::Statement& st)
{
    IndexedRecord out;
    out.record.epr = eprFromName(st.text(0)).value_or(Epr::Paris);
    out.record.eprId = st.text(1);
    out.record.id = st.text(2);
    out.record.nhsNumber = st.optionalText(3);
    out.record.nhsVerified = st.int64(4) != 0;
    out.record.givenName = st.text(5);
    out.record.familyName = st.text(6);
    out.record.birthDate = st.text(7);
    out.record.postcode = st.optionalText(8);
    out.linkBasis = st.text(9);
    out.autoLinkBlocked = st.int64(10) != 0;
    out.record.sex = st.text(11);
    return out;
}

Result<std::vector<IndexedRecord>> collect(Result<store::Statement> st)
{
    if (!st)
        return st.error();
    std::vector<IndexedRecord> out;
    while (true) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(readRecord(*st));
    }
}

// Checks the record before anything is written, and normalises its NHS number to bare digits.
Result<Patient> validated(const Patient& input)
{
    Patient record = input;
    if (record.eprId.empty())
        return makeError(ErrorCode::IdentityInvalid, "the record has no " + eprName(record.epr) + " identifier");
    if (!isIsoDate(record.birthDate))
        return makeError(ErrorCode::IdentityInvalid, "the " + eprName(record.epr) +
                                                         " record's date of birth is missing or not YYYY-MM-DD");
    if (record.familyName.empty())
        return makeError(ErrorCode::IdentityInvalid, "the " + eprName(record.epr) + " record has no family name");
    if (record.nhsNumber && record.nhsNumber->empty())
        record.nhsNumber.reset();
    if (record.nhsNumber) {
        auto number = NhsNumber::parse(*record.nhsNumber);
        if (!number)
            return makeError(ErrorCode::IdentityInvalid, "the " + eprName(record.epr) +
                                                             " record's NHS number is invalid: " + number.message());
        record.nhsNumber = number->digits();
    } else if (record.nhsVerified) {
        return makeError(ErrorCode::IdentityInvalid, "a record cannot be verified without an NHS number");
    }
    return record;
}

template <typename... Args>
Result<store::Statement> prepared(store::Database& db, const std::string& sql, const Args&... args)
{
    auto st = db.prepare(sql);
    if (st)
        st->bindAll(args...);
    return st;
}

template <typename... Args>
Status run(store::Database& db, const std::string& sql, const Args&... args)
{
    auto st = prepared(db, sql, args...);
    if (!st)
        return st.error();
    return st->run();
}

} // namespace

PatientIndex::PatientIndex(store::Database& db, IdSource newId, Clock now)
    : m_db(db), m_newId(newId ? std::move(newId) : IdSource(randomUuid)), m_now(now ? std::move(now) : Clock(utcNowIso))
{
}

Result<std::optional<IndexedRecord>> PatientIndex::find(const EprRecordRef& ref)
{
    auto rows = collect(prepared(m_db, std::string("SELECT ") + kRecordColumns +
                                           " FROM pmi_records WHERE epr = ? AND epr_id = ?",
                                 eprName(ref.epr), ref.eprId));
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<IndexedRecord>();
    return std::optional<IndexedRecord>(std::move(rows->front()));
}

Result<std::vector<IndexedRecord>> PatientIndex::candidatesFor(const Patient& record)
{
    return collect(prepared(m_db,
                            std::string("SELECT ") + kRecordColumns +
                                " FROM pmi_records WHERE NOT (epr = ? AND epr_id = ?) AND (nhs_number = ? OR "
                                "birth_date = ? OR birth_date = ?) ORDER BY epr, epr_id",
                            eprName(record.epr), record.eprId, record.nhsNumber, record.birthDate,
                            swapDayMonth(record.birthDate)));
}

Status PatientIndex::newPerson(const std::string& personId)
{
    return run(m_db, "INSERT INTO pmi_persons(id, created_at) VALUES (?, ?)", personId, m_now());
}

Status PatientIndex::insertRecord(const Patient& r, const std::string& personId, const std::string& basis)
{
    return run(m_db,
               "INSERT INTO pmi_records(epr, epr_id, person_id, nhs_number, nhs_verified, given_name, family_name, "
               "birth_date, postcode, link_basis, no_auto_link, updated_at, sex) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?)",
               eprName(r.epr), r.eprId, personId, r.nhsNumber, r.nhsVerified ? 1 : 0, r.givenName, r.familyName,
               r.birthDate, r.postcode, basis, m_now(), r.sex);
}

Status PatientIndex::logEvent(const std::string& action, const EprRecordRef& ref, const std::string& personId,
                              const std::string& by, const std::string& reason)
{
    return run(m_db,
               "INSERT INTO pmi_events(at, action, epr, epr_id, person_id, by_user, reason) VALUES (?,?,?,?,?,?,?)",
               m_now(), action, eprName(ref.epr), ref.eprId, personId, by, reason);
}

Result<bool> PatientIndex::pairDecided(const EprRecordRef& a, const EprRecordRef& b)
{
    auto st = prepared(m_db,
                       "SELECT count(*) FROM pmi_review WHERE (epr_a = ? AND epr_id_a = ? AND epr_b = ? AND "
                       "epr_id_b = ?) OR (epr_a = ? AND epr_id_a = ? AND epr_b = ? AND epr_id_b = ?)",
                       eprName(a.epr), a.eprId, eprName(b.epr), b.eprId, eprName(b.epr), b.eprId, eprName(a.epr),
                       a.eprId);
    if (!st)
        return st.error();
    auto row = st->step();
    if (!row)
        return row.error();
    return *row && st->int64(0) > 0;
}

Result<std::optional<std::int64_t>> PatientIndex::queueReview(const EprRecordRef& a, const EprRecordRef& b,
                                                              const std::string& reason)
{
    auto known = pairDecided(a, b);
    if (!known)
        return known.error();
    if (*known)
        return std::optional<std::int64_t>(); // already queued or decided: never asked twice
    if (auto st = run(m_db,
                      "INSERT INTO pmi_review(epr_a, epr_id_a, epr_b, epr_id_b, reason, status, created_at) "
                      "VALUES (?,?,?,?,?,'open',?)",
                      eprName(a.epr), a.eprId, eprName(b.epr), b.eprId, reason, m_now());
        !st)
        return st.error();
    return std::optional<std::int64_t>(m_db.lastInsertRowId());
}

Result<AddOutcome> PatientIndex::matchAndPlace(const Patient& record, const std::optional<std::string>& existingPerson,
                                               bool autoLinkBlocked, const std::string& by)
{
    const EprRecordRef ref{record.epr, record.eprId};
    auto candidates = candidatesFor(record);
    if (!candidates)
        return candidates.error();
    std::set<std::string> autoPeople;
    std::vector<std::pair<const IndexedRecord*, std::string>> reviews;
    for (const auto& c : *candidates) {
        if (existingPerson && c.record.id == *existingPerson)
            continue;
        const MatchAssessment match = assessMatch(record, c.record);
        if (match.kind == MatchKind::AutoLink) {
            if (autoLinkBlocked || c.autoLinkBlocked)
                reviews.emplace_back(&c, match.reasonText() + "; automatic linking is blocked since an unlink");
            else
                autoPeople.insert(c.record.id);
        } else if (match.kind == MatchKind::Review) {
            reviews.emplace_back(&c, match.reasonText());
        }
    }
    std::optional<std::string> target;
    if (autoPeople.size() == 1) {
        target = *autoPeople.begin();
        auto theirs = recordsOf(*target);
        if (!theirs)
            return theirs.error();
        for (const auto& r : *theirs) {
            auto decided = prepared(m_db, "SELECT count(*) FROM pmi_review WHERE status = 'distinct' AND ((epr_a = ? "
                                          "AND epr_id_a = ? AND epr_b = ? AND epr_id_b = ?) OR (epr_a = ? AND "
                                          "epr_id_a = ? AND epr_b = ? AND epr_id_b = ?))",
                                    eprName(ref.epr), ref.eprId, eprName(r.record.epr), r.record.eprId,
                                    eprName(r.record.epr), r.record.eprId, eprName(ref.epr), ref.eprId);
            if (!decided)
                return decided.error();
            auto row = decided->step();
            if (!row)
                return row.error();
            const bool markedDistinct = *row && decided->int64(0) > 0;
            if (r.record.epr == record.epr || markedDistinct) {
                // Never two records of one EPR in a person without a human, never against a decision.
                for (const auto& c : *candidates)
                    if (c.record.id == *target)
                        reviews.emplace_back(&c, std::string("verified NHS number and date of birth match, but ") +
                                                     (markedDistinct ? "a reviewer marked these records distinct"
                                                                     : "that person already has a " +
                                                                           eprName(record.epr) + " record"));
                target.reset();
                break;
            }
        }
    } else if (autoPeople.size() > 1) {
        for (const auto& c : *candidates)
            if (autoPeople.contains(c.record.id))
                reviews.emplace_back(&c, "verified NHS number and date of birth match records of " +
                                             std::to_string(autoPeople.size()) +
                                             " different people; a person must decide");
    }

    AddOutcome outcome;
    outcome.autoLinked = target.has_value();
    if (target) {
        outcome.personId = *target;
    } else if (existingPerson) {
        outcome.personId = *existingPerson;
    } else {
        outcome.personId = m_newId();
        if (auto st = newPerson(outcome.personId); !st)
            return st.error();
    }
    const std::string basis = target ? "auto: verified NHS number and date of birth" : "new";
    if (existingPerson) {
        if (target) {
            if (auto st = run(m_db, "UPDATE pmi_records SET person_id = ?, link_basis = ? WHERE epr = ? AND epr_id = ?",
                              *target, basis, eprName(ref.epr), ref.eprId);
                !st)
                return st.error();
            if (auto st = run(m_db, "DELETE FROM pmi_persons WHERE id = ?", *existingPerson); !st)
                return st.error();
        }
    } else if (auto st = insertRecord(record, outcome.personId, basis); !st) {
        return st.error();
    }
    if (auto st = logEvent(target ? "auto-link" : (existingPerson ? "update" : "add"), ref, outcome.personId, by,
                           target ? "verified NHS number and date of birth match" : "");
        !st)
        return st.error();
    for (const auto& [candidate, reason] : reviews) {
        if (candidate->record.id == outcome.personId)
            continue;
        auto queued = queueReview(ref, {candidate->record.epr, candidate->record.eprId}, reason);
        if (!queued)
            return queued.error();
        if (*queued)
            outcome.queuedReviews.push_back(**queued);
    }
    return outcome;
}

Result<AddOutcome> PatientIndex::addRecord(const Patient& input, const std::string& by)
{
    auto record = validated(input);
    if (!record)
        return record.error();
    auto tx = store::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    const EprRecordRef ref{record->epr, record->eprId};
    auto existing = find(ref);
    if (!existing)
        return existing.error();
    Result<AddOutcome> outcome = AddOutcome{};
    if (*existing) {
        const IndexedRecord& was = **existing;
        if (auto st = run(m_db,
                          "UPDATE pmi_records SET nhs_number = ?, nhs_verified = ?, given_name = ?, family_name = ?, "
                          "birth_date = ?, postcode = ?, updated_at = ?, sex = ? WHERE epr = ? AND epr_id = ?",
                          record->nhsNumber, record->nhsVerified ? 1 : 0, record->givenName, record->familyName,
                          record->birthDate, record->postcode, m_now(), record->sex, eprName(ref.epr), ref.eprId);
            !st)
            return st.error();
        auto people = recordsOf(was.record.id);
        if (!people)
            return people.error();
        const bool corrected = was.record.nhsNumber != record->nhsNumber || was.record.birthDate != record->birthDate;
        if (people->size() > 1 && corrected)
            outcome = reopenAfterCorrection(*record, was, *people, by);
        else if (people->size() == 1)
            outcome = matchAndPlace(*record, was.record.id, was.autoLinkBlocked, by);
        else if (auto logged = logEvent("update", ref, was.record.id, by, ""); !logged)
            return logged.error();
        else
            outcome = AddOutcome{was.record.id, false, {}};
    } else {
        outcome = matchAndPlace(*record, std::nullopt, false, by);
    }
    if (!outcome)
        return outcome; // the transaction rolls back: nothing changes
    if (auto st = tx->commit(); !st)
        return st.error();
    return outcome;
}

// An EPR corrected the NHS number or birth date of a record that is linked to others: the link was
// made on what was wrong, so it is not trusted any more. The record gets a person of its own (so
// nothing is routed to the others on the strength of it) and each former pair is asked again,
// even one a reviewer decided before.
Result<AddOutcome> PatientIndex::reopenAfterCorrection(const Patient& record, const IndexedRecord& was,
                                                       const std::vector<IndexedRecord>& linked, const std::string& by)
{
    const EprRecordRef ref{record.epr, record.eprId};
    const std::string what = was.record.nhsNumber != record.nhsNumber
                                 ? (was.record.birthDate != record.birthDate ? "NHS number and date of birth"
                                                                             : "NHS number")
                                 : "date of birth";
    const std::string reason = what + " corrected in " + eprName(record.epr) + " on a linked record: check the link";
    const std::string person = m_newId();
    if (auto st = newPerson(person); !st)
        return st.error();
    if (auto st = run(m_db, "UPDATE pmi_records SET person_id = ?, link_basis = ? WHERE epr = ? AND epr_id = ?", person,
                      "review: " + what + " corrected", eprName(ref.epr), ref.eprId);
        !st)
        return st.error();
    if (auto st = logEvent("correction", ref, person, by, reason); !st)
        return st.error();
    AddOutcome outcome{person, false, {}};
    for (const IndexedRecord& other : linked) {
        const EprRecordRef otherRef{other.record.epr, other.record.eprId};
        if (otherRef.epr == ref.epr && otherRef.eprId == ref.eprId)
            continue;
        // Any earlier decision on this pair was made on the wrong details: open it again.
        if (auto st = run(m_db,
                          "DELETE FROM pmi_review WHERE (epr_a = ? AND epr_id_a = ? AND epr_b = ? AND epr_id_b = ?) "
                          "OR (epr_a = ? AND epr_id_a = ? AND epr_b = ? AND epr_id_b = ?)",
                          eprName(ref.epr), ref.eprId, eprName(otherRef.epr), otherRef.eprId, eprName(otherRef.epr),
                          otherRef.eprId, eprName(ref.epr), ref.eprId);
            !st)
            return st.error();
        auto queued = queueReview(ref, otherRef, reason);
        if (!queued)
            return queued.error();
        if (*queued)
            outcome.queuedReviews.push_back(**queued);
    }
    return outcome;
}

Result<std::optional<std::string>> PatientIndex::personOf(const EprRecordRef& ref)
{
    auto found = find(ref);
    if (!found)
        return found.error();
    if (!*found)
        return std::optional<std::string>();
    return std::optional<std::string>((*found)->record.id);
}

Result<std::optional<IndexedRecord>> PatientIndex::recordOf(const EprRecordRef& ref) { return find(ref); }

Result<std::vector<IndexedRecord>> PatientIndex::recordsWithVerifiedNhsNumber(const std::string& nhsNumber)
{
    auto number = NhsNumber::parse(nhsNumber);
    if (!number)
        return makeError(ErrorCode::IdentityInvalid, "the NHS number to look up is invalid: " + number.message());
    return collect(prepared(m_db, std::string("SELECT ") + kRecordColumns +
                                      " FROM pmi_records WHERE nhs_number = ? AND nhs_verified = 1 ORDER BY epr, epr_id",
                            number->digits()));
}

Result<std::vector<IndexedRecord>> PatientIndex::recordsOf(const std::string& personId)
{
    return collect(prepared(m_db, std::string("SELECT ") + kRecordColumns +
                                      " FROM pmi_records WHERE person_id = ? ORDER BY epr, epr_id",
                            personId));
}

Result<std::int64_t> PatientIndex::personCount() { return m_db.queryInt("SELECT count(*) FROM pmi_persons"); }

Result<std::vector<ReviewCase>> PatientIndex::openReviews()
{
    auto st = m_db.prepare("SELECT id, epr_a, epr_id_a, epr_b, epr_id_b, reason, status FROM pmi_review "
                           "WHERE status = 'open' ORDER BY id");
    if (!st)
        return st.error();
    std::vector<ReviewCase> out;
    while (true) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back({st->int64(0),
                       {eprFromName(st->text(1)).value_or(Epr::Paris), st->text(2)},
                       {eprFromName(st->text(3)).value_or(Epr::Paris), st->text(4)},
                       st->text(5),
                       st->text(6)});
    }
}

Status PatientIndex::mergePeople(const std::string& keep, const std::string& absorb, const std::string& by,
                                 const std::string& reason)
{
    auto moved = recordsOf(absorb);
    if (!moved)
        return moved.error();
    if (auto st = run(m_db, "UPDATE pmi_records SET person_id = ?, link_basis = ? WHERE person_id = ?", keep,
                      "manual: " + by, absorb);
        !st)
        return st;
    if (auto st = run(m_db, "DELETE FROM pmi_persons WHERE id = ?", absorb); !st)
        return st;
    for (const auto& r : *moved)
        if (auto st = logEvent("link", {r.record.epr, r.record.eprId}, keep, by, reason); !st)
            return st;
    return Status::success();
}

Status PatientIndex::link(const EprRecordRef& a, const EprRecordRef& b, const std::string& by,
                          const std::string& reason)
{
    auto tx = store::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto first = find(a);
    auto second = find(b);
    if (!first || !second)
        return !first ? first.error() : second.error();
    if (!*first || !*second)
        return makeError(ErrorCode::NotFound, "a record to link is not in the patient index");
    if ((*first)->record.id == (*second)->record.id)
        return makeError(ErrorCode::InvalidArgument, "the records already belong to the same person");
    if (auto st = mergePeople((*second)->record.id, (*first)->record.id, by, reason); !st)
        return st;
    if (auto st = run(m_db,
                      "UPDATE pmi_review SET status = 'linked', resolved_at = ?, resolved_by = ? WHERE status = "
                      "'open' AND ((epr_a = ? AND epr_id_a = ? AND epr_b = ? AND epr_id_b = ?) OR (epr_a = ? AND "
                      "epr_id_a = ? AND epr_b = ? AND epr_id_b = ?))",
                      m_now(), by, eprName(a.epr), a.eprId, eprName(b.epr), b.eprId, eprName(b.epr), b.eprId,
                      eprName(a.epr), a.eprId);
        !st)
        return st;
    return tx->commit();
}

Status PatientIndex::resolveReview(std::int64_t reviewId, ReviewDecision decision, const std::string& by)
{
    auto open = openReviews();
    if (!open)
        return open.error();
    for (const auto& review : *open) {
        if (review.id != reviewId)
            continue;
        if (decision == ReviewDecision::Link)
            return link(review.a, review.b, by, "review " + std::to_string(reviewId) + ": " + review.reason);
        return run(m_db, "UPDATE pmi_review SET status = 'distinct', resolved_at = ?, resolved_by = ? WHERE id = ?",
                   m_now(), by, reviewId);
    }
    return makeError(ErrorCode::NotFound, "review " + std::to_string(reviewId) + " is not open");
}

Result<std::string> PatientIndex::unlink(const EprRecordRef& ref, const std::string& by, const std::string& reason)
{
    auto tx = store::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto found = find(ref);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(ErrorCode::NotFound, "the " + eprName(ref.epr) + " record is not in the patient index");
    auto siblings = recordsOf((*found)->record.id);
    if (!siblings)
        return siblings.error();
    if (siblings->size() < 2)
        return makeError(ErrorCode::InvalidArgument, "the record is not linked to any other record");
    const std::string person = m_newId();
    if (auto st = newPerson(person); !st)
        return st.error();
    if (auto st = run(m_db,
                      "UPDATE pmi_records SET person_id = ?, link_basis = ?, no_auto_link = 1 WHERE epr = ? AND "
                      "epr_id = ?",
                      person, "unlinked: " + by, eprName(ref.epr), ref.eprId);
        !st)
        return st.error();
    if (auto st = logEvent("unlink", ref, person, by, reason); !st)
        return st.error();
    if (auto st = tx->commit(); !st)
        return st.error();
    return person;
}

} // namespace avocet::core::identity

#include "core/store/PatientStore.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace avocet::core::store {

using identity::Patient;

namespace {

constexpr const char* kColumns = "id, nhs_number, nhs_verified, given_name, family_name, birth_date, sex, "
                                 "postcode, epr, epr_id, team, notes, updated_at";

Patient readPatient(const Statement& s)
{
    Patient p;
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

Result<std::vector<Patient>> collect(Statement& stmt)
{
    std::vector<Patient> out;
    for (;;) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(readPatient(stmt));
    }
    return out;
}

} // namespace

Status PatientStore::upsert(const std::vector<Patient>& patients, std::size_t batchSize)
{
    batchSize = std::max<std::size_t>(batchSize, 1);
    for (std::size_t start = 0; start < patients.size(); start += batchSize) {
        auto tx = Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        auto stmt = m_db.prepare(std::string("INSERT OR REPLACE INTO patients(") + kColumns +
                                 ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        const std::size_t end = std::min(patients.size(), start + batchSize);
        for (std::size_t i = start; i < end; ++i) {
            const Patient& p = patients[i];
            stmt->bindAll(p.id, p.nhsNumber, static_cast<std::int64_t>(p.nhsVerified), p.givenName, p.familyName,
                          p.birthDate, p.sex, p.postcode, identity::eprName(p.epr), p.eprId, p.team, p.notes,
                          p.updatedAt);
            if (Status st = stmt->run(); !st)
                return st;
        }
        if (Status st = tx->commit(); !st)
            return st;
    }
    return {};
}

Result<std::int64_t> PatientStore::count() { return m_db.queryInt("SELECT count(*) FROM patients"); }

Result<std::vector<Patient>> PatientStore::list(int limit, int offset)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kColumns +
                             " FROM patients ORDER BY family_name, given_name, birth_date LIMIT ? OFFSET ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset));
    return collect(*stmt);
}

Result<Patient> PatientStore::get(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kColumns + " FROM patients WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto rows = collect(*stmt);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return makeError(ErrorCode::NotFound, "That patient is not in this cache.");
    return std::move(rows->front());
}

Result<std::vector<Patient>> PatientStore::search(const std::string& query, int limit)
{
    // Each word becomes an FTS5 prefix term: "smi jo" finds Jones Smith; "999 000 00" (spaces or
    // not) finds NHS numbers starting 99900000; "1966-09" finds dates of birth in that month.
    std::string digits;
    bool allDigitsAndSpaces = true;
    for (char c : query) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits.push_back(c);
        else if (c != ' ')
            allDigitsAndSpaces = false;
    }
    std::string match;
    auto addTerm = [&match](const std::string& column, const std::string& term) {
        if (term.empty())
            return;
        std::string quoted = "\"";
        for (char c : term) {
            if (c == '"')
                quoted += "\"\"";
            else
                quoted.push_back(c);
        }
        match += (match.empty() ? "" : " AND ") + (column.empty() ? "" : column + " : ") + quoted + "\" *";
    };
    if (allDigitsAndSpaces && !digits.empty()) {
        addTerm("nhs_number", digits);
    } else {
        std::string word;
        std::istringstream words(query);
        while (words >> word) {
            std::string cleaned;
            for (char c : word)
                if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
                    cleaned.push_back(c);
                else if (!cleaned.empty() && (c == '-' || c == '\'' || c == ','))
                    cleaned.push_back(' ');
            std::istringstream parts(cleaned);
            std::string part;
            while (parts >> part)
                addTerm("", part);
        }
    }
    if (match.empty())
        return list(limit, 0);
    auto stmt = m_db.prepare(std::string("SELECT ") + kColumns +
                             " FROM patients WHERE rowid IN (SELECT rowid FROM patient_search WHERE patient_search "
                             "MATCH ?1) ORDER BY family_name, given_name, birth_date LIMIT ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, match).bind(2, static_cast<std::int64_t>(limit));
    return collect(*stmt);
}

} // namespace avocet::core::store

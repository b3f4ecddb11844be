#pragma once
// Patients held in the encrypted cache.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/store/Database.h"

namespace avocet::core::store {

enum class SearchScope
{
    Everyone, // the whole cache
    Caseload, // patients of the user's teams only
};

class PatientStore
{
public:
    explicit PatientStore(Database& db) : m_db(db) {}

    // Inserts or replaces (by id), in batches of batchSize rows per transaction (or all within the
    // caller's transaction when one is open).
    Status upsert(const std::vector<identity::Patient>& patients, std::size_t batchSize = 500);
    Result<std::int64_t> count();
    // Ordered by family name, given name (case-insensitive), date of birth.
    Result<std::vector<identity::Patient>> list(int limit = -1, int offset = 0);
    Result<identity::Patient> get(const std::string& id);
    // As-you-type search: name prefix, NHS number (spaces ignored) or date of birth (YYYY-MM-DD,
    // or DD/MM/YYYY). Name searches are ordered by name, NHS numbers by number, dates by date.
    // SearchScope::Caseload finds only patients of the teams in caseload_teams.
    Result<std::vector<identity::Patient>> search(const std::string& query, int limit = 50,
                                                  SearchScope scope = SearchScope::Everyone);

    // The SQL search() runs for a query, exposed so the benchmark can run the same statements bare.
    // Statements bind params as ?1..?n and (rowsSql, naiveSql) the row limit as ?(n+1).
    //  - rowsSql: one ordered, limited SELECT of patients (NHS numbers, dates, an empty query).
    //  - matchSql: the rowids of every FTS5 match (names); search() orders them by their position
    //    in patients_by_name, held in memory, and fetches only the first `limit` rows.
    //    naiveSql is what SQLite alone would run for it: fetch every match, sort, LIMIT.
    struct SearchPlan
    {
        std::vector<std::string> params;
        std::string rowsSql;
        std::string matchSql;
        std::string naiveSql;
        // Names: rowids of patients whose names contain every word of three letters or more
        // anywhere ("gerald" finds FITZGERALD); run when the prefix matches leave room, listed
        // after them. Empty when a word is shorter.
        std::string containsSql;
        std::vector<std::string> containsParams;
        bool empty = false;    // the scope holds no patients: nothing to run
        bool everyone = false; // no query, whole cache: list()'s first page (naiveSql is the plain SQL)
    };
    Result<SearchPlan> planSearch(const std::string& query, SearchScope scope);

private:
    // Position of each patient (by rowid) in name order; rebuilt when meta.patients_generation
    // (bumped by triggers on every write to patients) has moved since it was built.
    struct NameRanks
    {
        std::string generation;
        std::vector<std::uint32_t> dense;                           // rowid -> rank + 1
        std::vector<std::pair<std::int64_t, std::uint32_t>> sparse; // (rowid, rank), when rowids are sparse
        std::vector<std::int64_t> order;                            // rowids in name order
        std::uint32_t rankOf(std::int64_t rowid) const;
    };
    Status refreshNameRanks();
    Result<std::vector<identity::Patient>> fetchRows(const std::vector<std::int64_t>& rowids);

    Database& m_db;
    NameRanks m_ranks;
};

} // namespace avocet::core::store

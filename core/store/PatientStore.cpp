#include "core/store/PatientStore.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
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
    if (Status st = stmt.forEachRow([&out](const Statement& row) { out.push_back(readPatient(row)); }); !st)
        return st.error();
    return out;
}

} // namespace

Status PatientStore::upsert(const std::vector<Patient>& patients, std::size_t batchSize)
{
    batchSize = std::max<std::size_t>(batchSize, 1);
    for (std::size_t start = 0; start < patients.size(); start += batchSize) {
        auto tx = ScopedWrite::begin(m_db); // joins a caller's transaction (sync's projection)
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
    // Pages of the name order held in memory: each page reads only its own rows.
    if (Status st = refreshNameRanks(); !st)
        return st.error();
    const std::size_t from = std::min(m_ranks.order.size(), static_cast<std::size_t>(std::max(offset, 0)));
    const std::size_t to = limit < 0 ? m_ranks.order.size() : std::min(m_ranks.order.size(), from + limit);
    return fetchRows(std::vector<std::int64_t>(m_ranks.order.begin() + from, m_ranks.order.begin() + to));
}

Result<std::vector<Patient>> PatientStore::fetchRows(const std::vector<std::int64_t>& rowids)
{
    auto fetch = m_db.prepare(std::string("SELECT ") + kColumns + " FROM patients WHERE rowid = ?");
    if (!fetch)
        return fetch.error();
    std::vector<Patient> out;
    out.reserve(rowids.size());
    for (const std::int64_t rowid : rowids) {
        fetch->bind(1, rowid);
        auto row = fetch->step();
        if (!row)
            return row.error();
        if (*row)
            out.push_back(readPatient(*fetch));
        if (Status st = fetch->reset(); !st)
            return st.error();
    }
    return out;
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

namespace {

// One FTS5 prefix term, quoted; `columns` is an FTS5 column filter ("" for every column).
std::string prefixTerm(const std::string& columns, const std::string& term)
{
    std::string quoted = "\"";
    for (char c : term) {
        if (c == '"')
            quoted += "\"\"";
        else
            quoted.push_back(c);
    }
    return (columns.empty() ? "" : columns + " : ") + quoted + "\" *";
}

void addTerm(std::string& match, const std::string& term)
{
    if (!term.empty())
        match += (match.empty() ? "" : " AND ") + term;
}

// The words of a name query: "O'Brien-Smith, jo" -> O, Brien, Smith, jo (as the tokenizer splits names).
std::vector<std::string> nameWords(const std::string& query)
{
    std::vector<std::string> words;
    std::istringstream in(query);
    std::string word;
    while (in >> word) {
        std::string cleaned;
        for (char c : word)
            if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
                cleaned.push_back(c);
            else if (!cleaned.empty() && (c == '-' || c == '\'' || c == ','))
                cleaned.push_back(' ');
        std::istringstream parts(cleaned);
        std::string part;
        while (parts >> part)
            words.push_back(part);
    }
    return words;
}

bool allDigits(const std::string& s, std::size_t from, std::size_t to)
{
    for (std::size_t i = from; i < to; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return true;
}

// A date-of-birth query as an ISO prefix: "1957-", "1957-04", "1957-04-1" as typed, or a whole UK
// date "12/04/1957" (or 12-04-1957). A bare "1957" is an NHS number prefix, not a year.
std::optional<std::string> birthDatePrefix(const std::string& query)
{
    const std::string q = query;
    if (q.size() >= 5 && q.size() <= 10 && allDigits(q, 0, 4) && q[4] == '-') {
        for (std::size_t i = 5; i < q.size(); ++i)
            if (!std::isdigit(static_cast<unsigned char>(q[i])) && !(q[i] == '-' && i == 7))
                return std::nullopt;
        return q;
    }
    const auto first = q.find_first_of("/-");
    const auto second = first == std::string::npos ? std::string::npos : q.find(q[first], first + 1);
    if (second == std::string::npos || q.size() - second - 1 != 4 || first < 1 || first > 2 || second - first < 2 ||
        second - first > 3 || !allDigits(q, 0, first) || !allDigits(q, first + 1, second) ||
        !allDigits(q, second + 1, q.size()))
        return std::nullopt;
    const int day = std::stoi(q.substr(0, first));
    const int month = std::stoi(q.substr(first + 1, second - first - 1));
    if (day < 1 || day > 31 || month < 1 || month > 12)
        return std::nullopt;
    char iso[11];
    std::snprintf(iso, sizeof iso, "%s-%02d-%02d", q.substr(second + 1).c_str(), month, day);
    return std::string(iso);
}

// The smallest string greater than every string starting with prefix (prefixes here are ASCII).
std::string prefixEnd(std::string prefix)
{
    prefix.back() = static_cast<char>(prefix.back() + 1);
    return prefix;
}

} // namespace

Result<PatientStore::SearchPlan> PatientStore::planSearch(const std::string& query, SearchScope scope)
{
    SearchPlan plan;
    std::string teamMatch;
    if (scope == SearchScope::Caseload) {
        auto teams = m_db.prepare("SELECT hex(team) FROM caseload_teams ORDER BY team");
        if (!teams)
            return teams.error();
        std::string keys;
        if (Status st = teams->forEachRow([&keys](const Statement& row) {
                keys += (keys.empty() ? "\"" : " OR \"") + row.text(0) + "\"";
            });
            !st)
            return st.error();
        if (keys.empty()) {
            plan.empty = true; // no caseload on this computer: nobody to find
            return plan;
        }
        teamMatch = "team_key : (" + keys + ")";
    }

    std::string trimmed = query;
    trimmed.erase(0, trimmed.find_first_not_of(' '));
    trimmed.erase(trimmed.find_last_not_of(' ') + 1);
    std::string digits;
    bool numeric = !trimmed.empty();
    bool dashed = false;
    for (char c : trimmed) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits.push_back(c);
        else if (c == '-')
            dashed = true;
        else if (c != ' ')
            numeric = false;
    }
    // Digits with dashes are a date of birth when they read as one ("12-03-1961"), else an NHS
    // number typed with dashes ("999-000-0018").
    const auto date = numeric && !dashed ? std::nullopt : birthDatePrefix(trimmed);
    numeric = numeric && !digits.empty() && !date;
    const std::string select = std::string("SELECT ") + kColumns + " FROM patients ";
    const bool caseload = scope == SearchScope::Caseload;
    const std::string inCaseload = "team IN (SELECT team FROM caseload_teams)";

    // NHS numbers (spaces or not) are a prefix range over their own index, in number order; for a
    // caseload the range runs per team over a covering index and only the rowids of the first
    // `limit` are sorted before any row is read. Dates of birth come in date order.
    if (numeric) {
        plan.params = {digits, prefixEnd(digits)};
        const std::string range = "nhs_number >= ?1 AND nhs_number < ?2";
        if (!caseload)
            plan.rowsSql = select + "INDEXED BY patients_by_nhs WHERE " + range + " ORDER BY nhs_number LIMIT ?3";
        else
            plan.rowsSql = select + "WHERE rowid IN (SELECT rowid FROM patients INDEXED BY patients_by_team_nhs WHERE " +
                           inCaseload + " AND " + range + " ORDER BY nhs_number LIMIT ?3) ORDER BY nhs_number";
        return plan;
    }
    if (date) {
        // The date's numbers as birth_date terms narrow the FTS side (a year is 1/80 of the
        // patients); the range makes it exact. No b-tree on dates: see cache migration 10.
        std::string spaced = *date;
        std::replace(spaced.begin(), spaced.end(), '-', ' ');
        std::istringstream parts(spaced);
        std::string part, match;
        while (parts >> part)
            addTerm(match, prefixTerm("birth_date", part));
        addTerm(match, teamMatch);
        plan.params = {*date, prefixEnd(*date), match};
        plan.rowsSql = select + "WHERE rowid IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?3) AND "
                                "birth_date >= ?1 AND birth_date < ?2 ORDER BY birth_date, family_name COLLATE NOCASE, "
                                "given_name COLLATE NOCASE LIMIT ?4";
        return plan;
    }

    // Each word of a name becomes an FTS5 prefix term: "smi jo" finds Jones Smith.
    std::string match;
    for (const auto& word : nameWords(trimmed))
        addTerm(match, prefixTerm("{given_name family_name nhs_number birth_date}", word));
    addTerm(match, teamMatch);
    const std::string nameOrder = " ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE, birth_date, rowid";
    if (match.empty()) { // everyone, in name order: the first page of list()
        plan.everyone = true;
        plan.naiveSql = select + nameOrder + " LIMIT ?1";
        return plan;
    }
    plan.params = {match};
    plan.matchSql = "SELECT rowid FROM patient_search WHERE patient_search MATCH ?1";
    const auto words = nameWords(trimmed);
    const bool longWords = !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) {
        return w.size() >= 3;
    });
    if (longWords) {
        std::string where;
        for (const auto& word : words) {
            std::string lower = word;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const auto n = std::to_string(plan.containsParams.size() + 1);
            where += (where.empty() ? "" : " AND ") + std::string("(instr(lower(family_name), ?") + n +
                     ") > 0 OR instr(lower(given_name), ?" + n + ") > 0)";
            plan.containsParams.push_back(lower);
        }
        plan.containsSql = "SELECT rowid FROM patients WHERE " + where + (caseload ? " AND " + inCaseload : "");
    }
    plan.naiveSql = select + "WHERE rowid IN (" + plan.matchSql + ")" + nameOrder + " LIMIT ?2";
    return plan;
}

std::uint32_t PatientStore::NameRanks::rankOf(std::int64_t rowid) const
{
    constexpr std::uint32_t kLast = 0xffffffffu; // not ranked yet: after everyone else
    if (!dense.empty())
        return rowid >= 0 && static_cast<std::size_t>(rowid) < dense.size() && dense[rowid] ? dense[rowid] - 1 : kLast;
    auto it = std::lower_bound(sparse.begin(), sparse.end(), std::make_pair(rowid, std::uint32_t{0}));
    return it != sparse.end() && it->first == rowid ? it->second : kLast;
}

namespace {

// SQLite's NOCASE collation: ASCII letters folded, then byte order, then the shorter first.
int compareNoCase(const std::string& a, const std::string& b)
{
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        auto fold = [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
        };
        const unsigned char x = fold(a[i]);
        const unsigned char y = fold(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

} // namespace

Status PatientStore::refreshNameRanks()
{
    auto generation = m_db.queryText("SELECT value FROM meta WHERE key = 'patients_generation'");
    if (!generation)
        return generation.error();
    const std::string current = generation->value_or("");
    if (!m_ranks.generation.empty() && m_ranks.generation == current)
        return {};
    // Sorted here rather than kept in a b-tree: an index in name order would be written (and each
    // dirty page encrypted) on every insert (cache migration 10). The order matches
    // "ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE, birth_date, rowid".
    struct Key
    {
        std::int64_t rowid;
        std::string family, given, birth;
    };
    auto stmt = m_db.prepare("SELECT rowid, family_name, given_name, birth_date FROM patients");
    if (!stmt)
        return stmt.error();
    std::vector<Key> keys;
    if (Status st = stmt->forEachRow([&](const Statement& row) {
            keys.push_back({row.int64(0), row.text(1), row.text(2), row.text(3)});
        });
        !st)
        return st;
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        if (int c = compareNoCase(a.family, b.family))
            return c < 0;
        if (int c = compareNoCase(a.given, b.given))
            return c < 0;
        if (int c = a.birth.compare(b.birth))
            return c < 0;
        return a.rowid < b.rowid;
    });
    NameRanks ranks;
    ranks.generation = current;
    ranks.order.reserve(keys.size());
    std::int64_t maxRowid = 0;
    for (const auto& key : keys) {
        ranks.order.push_back(key.rowid);
        maxRowid = std::max(maxRowid, key.rowid);
    }
    const auto& order = ranks.order;
    if (maxRowid < static_cast<std::int64_t>(4 * order.size() + 65536)) {
        ranks.dense.assign(static_cast<std::size_t>(maxRowid) + 1, 0);
        for (std::size_t i = 0; i < order.size(); ++i)
            ranks.dense[static_cast<std::size_t>(order[i])] = static_cast<std::uint32_t>(i + 1);
    } else {
        ranks.sparse.reserve(order.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            ranks.sparse.emplace_back(order[i], static_cast<std::uint32_t>(i));
        std::sort(ranks.sparse.begin(), ranks.sparse.end());
    }
    m_ranks = std::move(ranks);
    return {};
}

Result<std::vector<Patient>> PatientStore::search(const std::string& query, int limit, SearchScope scope)
{
    auto plan = planSearch(query, scope);
    if (!plan)
        return plan.error();
    if (plan->empty)
        return std::vector<Patient>{};
    if (plan->everyone)
        return list(limit, 0);
    auto prepared = [&](const std::string& sql) -> Result<Statement> {
        auto stmt = m_db.prepare(sql);
        if (!stmt)
            return stmt.error();
        for (std::size_t i = 0; i < plan->params.size(); ++i)
            stmt->bind(static_cast<int>(i + 1), plan->params[i]);
        return stmt;
    };
    if (!plan->rowsSql.empty()) {
        auto stmt = prepared(plan->rowsSql);
        if (!stmt)
            return stmt.error();
        stmt->bind(static_cast<int>(plan->params.size() + 1), static_cast<std::int64_t>(limit));
        return collect(*stmt);
    }
    // Names: every match's rowid (cheap: the FTS index alone), ordered by its rank in name order,
    // then only the first `limit` rows are read from the table.
    if (Status st = refreshNameRanks(); !st)
        return st.error();
    auto matches = prepared(plan->matchSql);
    if (!matches)
        return matches.error();
    std::vector<std::pair<std::uint32_t, std::int64_t>> ranked;
    if (Status st = matches->forEachRow([&](const Statement& row) {
            const std::int64_t rowid = row.int64(0);
            ranked.emplace_back(m_ranks.rankOf(rowid), rowid);
        });
        !st)
        return st.error();
    const std::size_t keep = limit < 0 ? ranked.size() : std::min(ranked.size(), static_cast<std::size_t>(limit));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end());
    std::vector<std::int64_t> rowids;
    rowids.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i)
        rowids.push_back(ranked[i].second);
    // Room left: names that contain the words elsewhere ("gerald" → FITZGERALD), after the
    // names that start with them, in name order.
    const bool room = limit < 0 || rowids.size() < static_cast<std::size_t>(limit);
    if (room && !plan->containsSql.empty()) {
        auto contains = m_db.prepare(plan->containsSql);
        if (!contains)
            return contains.error();
        for (std::size_t i = 0; i < plan->containsParams.size(); ++i)
            contains->bind(static_cast<int>(i + 1), plan->containsParams[i]);
        std::vector<std::int64_t> seen;
        seen.reserve(ranked.size());
        for (const auto& entry : ranked)
            seen.push_back(entry.second);
        std::sort(seen.begin(), seen.end());
        std::vector<std::pair<std::uint32_t, std::int64_t>> extra;
        if (Status st = contains->forEachRow([&](const Statement& row) {
                const std::int64_t rowid = row.int64(0);
                if (!std::binary_search(seen.begin(), seen.end(), rowid))
                    extra.emplace_back(m_ranks.rankOf(rowid), rowid);
            });
            !st)
            return st.error();
        const std::size_t more = limit < 0 ? extra.size()
                                           : std::min(extra.size(), static_cast<std::size_t>(limit) - rowids.size());
        std::partial_sort(extra.begin(), extra.begin() + static_cast<std::ptrdiff_t>(more), extra.end());
        for (std::size_t i = 0; i < more; ++i)
            rowids.push_back(extra[i].second);
    }
    return fetchRows(rowids);
}

} // namespace avocet::core::store

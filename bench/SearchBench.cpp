// Patient search as you type (issue 7) over 10,000 and 300,000 cached patients: an encrypted cache
// made by ProfileStore (KdfParams::minimal, so unlocking is not what is measured), seeded with
// SyntheticPatients. Each keystroke of a set of typed queries (names, NHS numbers with and without
// spaces, dates of birth) runs PatientStore::search(query, 200) (200 = the patient list's limit).
// Baseline, alternating keystroke by keystroke: the raw SQL PatientStore::search runs for that
// keystroke (same FTS5 MATCH string, same SELECT ... ORDER BY ... LIMIT), prepared, bound and
// stepped on the same connection, reading every column as text.
// Figures: p95 keystroke-to-results / p95 raw SQL (target <= 2) and p95 / 16 ms (target <= 1).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bench/Bench.h"
#include "core/crypto/KeyWrap.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/PatientStore.h"
#include "core/store/ProfileStore.h"

namespace fs = std::filesystem;
using namespace avocet::core;
namespace bench = avocet::bench;

namespace {

// The MATCH expression PatientStore::search builds (core/store/PatientStore.cpp), rebuilt here so
// the baseline runs exactly the same SQL without the store's code around it.
std::string matchFor(const std::string& query)
{
    std::string digits;
    bool numeric = true;
    for (char c : query) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits.push_back(c);
        else if (c != ' ')
            numeric = false;
    }
    std::string match;
    auto term = [&match](const std::string& column, const std::string& text) {
        match += (match.empty() ? "" : " AND ") + (column.empty() ? "" : column + " : ") + "\"" + text + "\" *";
    };
    if (numeric && !digits.empty()) {
        term("nhs_number", digits);
        return match;
    }
    std::istringstream words(query);
    std::string word;
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
            term("", part);
    }
    return match;
}

std::size_t rawSearch(store::Database& db, const std::string& query, int limit)
{
    auto stmt = db.prepare("SELECT id, nhs_number, nhs_verified, given_name, family_name, birth_date, sex, postcode, "
                           "epr, epr_id, team, notes, updated_at FROM patients WHERE rowid IN (SELECT rowid FROM "
                           "patient_search WHERE patient_search MATCH ?1) ORDER BY family_name, given_name, "
                           "birth_date LIMIT ?2");
    if (!stmt)
        return 0;
    stmt->bind(1, matchFor(query)).bind(2, static_cast<std::int64_t>(limit));
    std::size_t bytes = 0;
    while (true) {
        auto row = stmt->step();
        if (!row || !*row)
            break;
        for (int c = 0; c < 13; ++c)
            bytes += stmt->text(c).size();
    }
    return bytes;
}

// What a clinician types, one keystroke at a time, built from patients that exist in the cache.
std::vector<std::string> keystrokes(const std::vector<identity::Patient>& patients)
{
    std::vector<std::string> typed;
    auto type = [&typed](const std::string& text) {
        for (std::size_t n = 1; n <= text.size(); ++n)
            if (text[n - 1] != ' ')
                typed.push_back(text.substr(0, n));
    };
    for (std::size_t i = 0; i < 12; ++i) {
        const auto& p = patients[(i * 7919) % patients.size()];
        type(p.familyName + " " + p.givenName.substr(0, 3));
        if (i % 3 == 0 && p.nhsNumber) {
            const std::string& d = *p.nhsNumber;
            type(d.substr(0, 3) + " " + d.substr(3, 3) + " " + d.substr(6)); // 3-3-4 as read from a letter
        }
        if (i % 4 == 1)
            type(p.birthDate);
    }
    return typed;
}

double percentile95(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, (v.size() * 95) / 100)];
}

int searchFigures(int count)
{
    const fs::path dir = fs::current_path() / ("avocet-bench-search-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    store::ProfileStore profiles(dir);
    if (Status st = profiles.create("bench", "benchmark passphrase", crypto::KdfParams::minimal()); !st) {
        std::fprintf(stderr, "create failed: %s\n", st.message().c_str());
        return 1;
    }
    auto cache = profiles.unlock("bench", "benchmark passphrase", "bench");
    if (!cache) {
        std::fprintf(stderr, "unlock failed: %s\n", cache.message().c_str());
        return 1;
    }
    identity::SyntheticOptions options;
    options.count = count;
    const auto patients = identity::generateSyntheticPatients(options);
    const double seed = bench::medianSeconds(1, [&] { (void)(*cache)->patients().upsert(patients, 5000); });
    std::fprintf(stderr, "seeded %d patients in %.1f s\n", count, seed);

    store::Database& db = (*cache)->database();
    store::PatientStore& store = (*cache)->patients();
    const auto typed = keystrokes(patients);
    for (const auto& q : typed) // warm the page cache once, as a session that has been open a while
        (void)store.search(q, 200);
    std::vector<double> searchTimes, rawTimes;
    std::size_t sink = 0;
    const int passes = count > 100000 ? 2 : 4;
    for (int pass = 0; pass < passes; ++pass) {
        for (std::size_t k = 0; k < typed.size(); ++k) {
            const auto& q = typed[k];
            auto timeSearch = [&] {
                const auto start = std::chrono::steady_clock::now();
                auto found = store.search(q, 200);
                sink += found ? found->size() : 0;
                return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            };
            auto timeRaw = [&] {
                const auto start = std::chrono::steady_clock::now();
                sink += rawSearch(db, q, 200);
                return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            };
            double s = 0, r = 0;
            if ((k + static_cast<std::size_t>(pass)) % 2 == 0) { // alternate which side goes first
                s = timeSearch();
                r = timeRaw();
            } else {
                r = timeRaw();
                s = timeSearch();
            }
            searchTimes.push_back(s);
            rawTimes.push_back(r);
        }
    }
    const double p95Search = percentile95(searchTimes);
    const double p95Raw = percentile95(rawTimes);
    std::fprintf(stderr, "%d patients, %zu keystrokes x %d: p95 search %.2f ms, p95 raw SQL %.2f ms (sink %zu)\n",
                 count, typed.size(), passes, p95Search * 1000, p95Raw * 1000, sink);
    const std::string size = count >= 1000 ? std::to_string(count / 1000) + "k" : std::to_string(count);
    int misses = bench::reportRatio("search.p95_keystroke_" + size + "_vs_raw_sql", p95Search / p95Raw, 2.0);
    misses += bench::reportRatio("search.p95_keystroke_" + size + "_vs_16ms_frame", p95Search / 0.016, 1.0);
    cache->reset();
    fs::remove_all(dir);
    return misses;
}

int searchScenario() { return searchFigures(10000) + searchFigures(300000); }

} // namespace

AVOCET_BENCHMARK("search", searchScenario);

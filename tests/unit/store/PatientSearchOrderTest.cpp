// As-you-type search: ordering, scopes and date formats, and the in-memory name ranks
// agreeing with what SQLite's ORDER BY gives for the same matches.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/identity/SyntheticPatients.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "core/store/PatientStore.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::store;
using avocet::test::TempDir;

namespace {

class PatientSearchOrder : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto db = Database::open(m_dir / "search.db", crypto::SecureBuffer::random(32), Database::Mode::CreateIfMissing);
        ASSERT_TRUE(db.ok()) << db.message();
        m_db = std::make_unique<Database>(std::move(db).value());
        ASSERT_TRUE(applyMigrations(*m_db, cacheMigrations()).ok());
        identity::SyntheticOptions options;
        options.count = 3000;
        m_patients = identity::generateSyntheticPatients(options);
        m_store = std::make_unique<PatientStore>(*m_db);
        ASSERT_TRUE(m_store->upsert(m_patients).ok());
    }

    // What SQLite alone answers for the query (every match fetched, ORDER BY, LIMIT).
    std::vector<std::string> naiveIds(const std::string& query, SearchScope scope, int limit)
    {
        auto plan = m_store->planSearch(query, scope);
        EXPECT_TRUE(plan.ok());
        EXPECT_FALSE(plan->naiveSql.empty()) << query;
        auto stmt = m_db->prepare(plan->naiveSql);
        EXPECT_TRUE(stmt.ok()) << stmt.message();
        for (std::size_t i = 0; i < plan->params.size(); ++i)
            stmt->bind(static_cast<int>(i + 1), plan->params[i]);
        stmt->bind(static_cast<int>(plan->params.size() + 1), static_cast<std::int64_t>(limit));
        std::vector<std::string> ids;
        while (*stmt->step())
            ids.push_back(stmt->text(0));
        return ids;
    }

    std::vector<std::string> ids(const std::string& query, SearchScope scope = SearchScope::Everyone, int limit = 200)
    {
        auto found = m_store->search(query, limit, scope);
        EXPECT_TRUE(found.ok()) << found.message();
        std::vector<std::string> out;
        for (const auto& p : *found)
            out.push_back(p.id);
        return out;
    }

    TempDir m_dir{"search-order"};
    std::unique_ptr<Database> m_db;
    std::unique_ptr<PatientStore> m_store;
    std::vector<identity::Patient> m_patients;
};

} // namespace

TEST_F(PatientSearchOrder, NameMatchesComeInTheSameOrderAsSqlWouldSortThem)
{
    for (const char* q : {"S", "Sm", "Smith", "J", "Jo", "smith j", "W", "Co", "e", "Zz"}) {
        const auto got = ids(q);
        EXPECT_EQ(got, naiveIds(q, SearchScope::Everyone, 200)) << q;
    }
    EXPECT_EQ(ids("S", SearchScope::Everyone, 7).size(), 7u); // the limit is one screen, not every match
}

TEST_F(PatientSearchOrder, NamesSortWithoutRegardToCaseAndNewPatientsAreRankedAtOnce)
{
    auto first = m_patients[0];
    first.id = "p-de-souza";
    first.nhsNumber = std::nullopt;
    first.eprId = "de-souza";
    first.familyName = "de Souza";
    first.givenName = "Aaliyah";
    auto second = first;
    second.id = "p-dean";
    second.eprId = "dean";
    second.familyName = "Dean";
    ASSERT_TRUE(m_store->upsert({first, second}).ok()); // after the ranks were built by an earlier search
    (void)ids("De");
    auto third = first;
    third.id = "p-deakin";
    third.eprId = "deakin";
    third.familyName = "DEAKIN";
    ASSERT_TRUE(m_store->upsert({third}).ok());
    const auto got = ids("De");
    const auto at = [&](const std::string& id) { return std::find(got.begin(), got.end(), id) - got.begin(); };
    ASSERT_LT(at("p-deakin"), static_cast<long>(got.size()));
    EXPECT_LT(at("p-de-souza"), at("p-deakin")); // de Souza < DEAKIN < Dean, whatever the case
    EXPECT_LT(at("p-deakin"), at("p-dean"));
    EXPECT_EQ(got, naiveIds("De", SearchScope::Everyone, 200));
}

TEST_F(PatientSearchOrder, NhsNumbersComeInNumberOrderWithOrWithoutSpaces)
{
    const auto found = m_store->search("999 000 0", 50);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 50u);
    for (std::size_t i = 1; i < found->size(); ++i)
        EXPECT_LT(*(*found)[i - 1].nhsNumber, *(*found)[i].nhsNumber);
    EXPECT_EQ(found->front().nhsNumber.value_or(""), "9990000018"); // the first valid number in the 999 range
    EXPECT_EQ(ids("9990000018"), ids("999 000 0018"));
    EXPECT_TRUE(ids("1234").empty());
}

TEST_F(PatientSearchOrder, DatesOfBirthAsTypedInIsoOrAsAWholeUkDate)
{
    const auto& p = m_patients[42];
    const std::string iso = p.birthDate; // YYYY-MM-DD
    const std::string uk = iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    const auto byIso = ids(iso);
    EXPECT_NE(std::find(byIso.begin(), byIso.end(), p.id), byIso.end());
    EXPECT_EQ(ids(uk), byIso);
    EXPECT_EQ(ids(iso.substr(8, 2) + "-" + iso.substr(5, 2) + "-" + iso.substr(0, 4)), byIso);
    const auto month = m_store->search(iso.substr(0, 7), 500);
    ASSERT_TRUE(month.ok());
    ASSERT_FALSE(month->empty());
    for (std::size_t i = 0; i < month->size(); ++i) {
        EXPECT_EQ((*month)[i].birthDate.substr(0, 7), iso.substr(0, 7));
        if (i > 0) {
            EXPECT_LE((*month)[i - 1].birthDate, (*month)[i].birthDate);
        }
    }
    EXPECT_TRUE(ids("31/02/19x9").empty()); // not a date, and not an error either
    EXPECT_TRUE(ids("45/13/1960").empty());
}

TEST_F(PatientSearchOrder, CaseloadScopeFindsOnlyTheTeamsPatientsAndTeamNamesDoNotOverlap)
{
    EXPECT_TRUE(ids("S", SearchScope::Caseload).empty()); // no caseload on this computer: nobody
    ASSERT_TRUE(m_db->exec("UPDATE patients SET team = 'North' WHERE rowid % 3 = 0").ok());
    ASSERT_TRUE(m_db->exec("UPDATE patients SET team = 'North East' WHERE rowid % 3 = 1").ok());
    ASSERT_TRUE(m_db->exec("INSERT INTO caseload_teams(team) VALUES ('North')").ok());
    auto teamOf = [&](const std::string& id) {
        auto stmt = m_db->prepare("SELECT team FROM patients WHERE id = ?");
        stmt->bind(1, id);
        (void)stmt->step();
        return stmt->text(0);
    };
    for (const char* q : {"", "S", "smith", "999 000", "1960-", "J"}) {
        const auto got = ids(q, SearchScope::Caseload, 100);
        EXPECT_FALSE(got.empty()) << q;
        for (const auto& id : got)
            EXPECT_EQ(teamOf(id), "North") << q;
    }
    EXPECT_EQ(ids("S", SearchScope::Caseload), naiveIds("S", SearchScope::Caseload, 200));
    const auto numbers = m_store->search("999", 100, SearchScope::Caseload);
    for (std::size_t i = 1; i < numbers->size(); ++i)
        EXPECT_LT(*(*numbers)[i - 1].nhsNumber, *(*numbers)[i].nhsNumber);
}

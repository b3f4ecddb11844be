// Drafts in a real encrypted cache database: saved, reopened on the version they were started on,
// listed per patient and removed.
#include <gtest/gtest.h>

#include "core/crypto/SecureBuffer.h"
#include "core/forms/DraftStore.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::forms;
using avocet::test::TempDir;
using nlohmann::json;

namespace {

const char* kPhq9 = "questionnaires/lforms/phq9.json";
const char* kItems[] = {"/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7",
                        "/44258-2", "/44252-5", "/44253-3", "/44260-8"};

store::Database openCache(const TempDir& dir, const crypto::SecureBuffer& key)
{
    auto db = store::Database::open(dir / "cache.db", key, store::Database::Mode::CreateIfMissing);
    EXPECT_TRUE(db.ok()) << db.message();
    EXPECT_TRUE(store::applyMigrations(*db, store::cacheMigrations()).ok());
    return std::move(db).value();
}

Questionnaire phq9(const std::string& version = {})
{
    json q = json::parse(avocet::test::readFile(avocet::test::fixturePath(kPhq9)));
    if (!version.empty()) {
        q["version"] = version;
    }
    auto loaded = Questionnaire::fromJson(q);
    EXPECT_TRUE(loaded.ok()) << loaded.message();
    return std::move(loaded).value();
}

FormSession open(const Questionnaire& q)
{
    auto s = FormSession::open(q);
    EXPECT_TRUE(s.ok()) << s.message();
    return std::move(s).value();
}

std::string total(const FormSession& s)
{
    auto answers = s.answers("/44261-6");
    return answers.empty() ? std::string() : answers.front().begin().value().dump();
}

} // namespace

TEST(DraftStore, ReopensADraftWithEveryAnswerAndTheRecomputedScore)
{
    TempDir dir("drafts");
    const auto key = crypto::SecureBuffer::random(32);
    const std::string id = DraftStore::newId();
    {
        auto db = openCache(dir, key);
        FormSession session = open(phq9());
        for (const char* item : kItems) {
            ASSERT_TRUE(session.chooseOption(item, "LA6570-1").ok()); // "More than half the days" = 2
        }
        ASSERT_EQ(total(session), "18");
        auto draft = DraftStore::capture(session, id, "patient-1");
        ASSERT_TRUE(draft.ok()) << draft.message();
        ASSERT_TRUE(DraftStore(db).save(*draft).ok());
    }
    auto db = openCache(dir, key); // closed and reopened: the draft is on disk, encrypted
    auto loaded = DraftStore(db).load(id);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    ASSERT_TRUE(loaded->has_value());
    auto restored = DraftStore::restore(**loaded);
    ASSERT_TRUE(restored.ok()) << restored.message();
    for (const char* item : kItems) {
        ASSERT_EQ(restored->answers(item).size(), 1u) << item;
        EXPECT_EQ(restored->answers(item).front()["valueCoding"]["code"], "LA6570-1") << item;
    }
    EXPECT_EQ(total(*restored), "18");
}

TEST(DraftStore, KeepsTheTemplateVersionTheDraftWasStartedOn)
{
    TempDir dir("drafts");
    const auto key = crypto::SecureBuffer::random(32);
    auto db = openCache(dir, key);
    DraftStore drafts(db);
    const std::string id = DraftStore::newId();

    FormSession old = open(phq9("1.0.0"));
    ASSERT_TRUE(old.chooseOption(kItems[0], "LA6571-9").ok());
    auto first = DraftStore::capture(old, id, "patient-1");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(drafts.save(*first).ok());

    // A newer version is installed; the same draft id saved again must not move to it.
    FormSession newer = open(phq9("2.0.0"));
    ASSERT_TRUE(newer.chooseOption(kItems[0], "LA6568-5").ok());
    auto second = DraftStore::capture(newer, id, "patient-1");
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(drafts.save(*second).ok());

    auto loaded = drafts.load(id);
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    EXPECT_EQ((*loaded)->summary.questionnaire, phq9("1.0.0").canonical());
    EXPECT_EQ((*loaded)->questionnaireJson["version"], "1.0.0");
    auto restored = DraftStore::restore(**loaded);
    ASSERT_TRUE(restored.ok()) << restored.message();
    EXPECT_EQ(restored->questionnaire().version(), "1.0.0");
    EXPECT_EQ(restored->answers(kItems[0]).front()["valueCoding"]["code"], "LA6568-5"); // the latest answers
}

TEST(DraftStore, ListsOnlyThePatientsDraftsAndForgetsRemovedOnes)
{
    TempDir dir("drafts");
    const auto key = crypto::SecureBuffer::random(32);
    auto db = openCache(dir, key);
    DraftStore drafts(db);
    FormSession session = open(phq9());
    const std::string a = DraftStore::newId();
    const std::string b = DraftStore::newId();
    EXPECT_NE(a, b);
    ASSERT_TRUE(drafts.save(*DraftStore::capture(session, a, "patient-1")).ok());
    ASSERT_TRUE(drafts.save(*DraftStore::capture(session, b, "patient-2")).ok());

    auto mine = drafts.listForPatient("patient-1");
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().id, a);
    EXPECT_EQ(mine->front().title, session.questionnaire().title());

    ASSERT_TRUE(drafts.remove(a).ok());
    EXPECT_TRUE(drafts.listForPatient("patient-1")->empty());
    EXPECT_FALSE(drafts.load(a)->has_value());
}

TEST(DraftStore, RefusesADraftWithoutAnId)
{
    FormSession session = open(phq9());
    EXPECT_FALSE(DraftStore::capture(session, "", "patient-1").ok());
}

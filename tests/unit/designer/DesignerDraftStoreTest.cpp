// The designer's autosave in a real encrypted cache database: the template being designed, its
// mappings and the version it is compared with come back exactly after the database is closed and
// reopened; saving again replaces the one draft; remove() forgets it; a damaged row is refused.
#include <gtest/gtest.h>

#include "core/crypto/SecureBuffer.h"
#include "core/forms/DesignerDraftStore.h"
#include "core/forms/TemplateEditor.h"
#include "core/store/Database.h"
#include "core/store/Migrations.h"
#include "tests/support/TempDir.h"
#include "tests/unit/designer/DesignerTestSupport.h"

using namespace avocet::core;
using namespace avocet::core::forms;
using avocet::test::TempDir;
using nlohmann::json;

namespace {

store::Database openCache(const TempDir& dir, const crypto::SecureBuffer& key)
{
    auto db = store::Database::open(dir / "cache.db", key, store::Database::Mode::CreateIfMissing);
    EXPECT_TRUE(db.ok()) << db.message();
    EXPECT_TRUE(store::applyMigrations(*db, store::cacheMigrations()).ok());
    return std::move(db).value();
}

DesignerDraft phq9Draft()
{
    DesignerDraft draft;
    draft.questionnaire = avocet::test::designer::readJson("resources/templates/phq9-outcome-1.0.0.json");
    draft.baseline = draft.questionnaire;
    TemplateEditor editor(draft.questionnaire);
    EXPECT_TRUE(editor.setField("phq9-3", "text", "Trouble falling asleep").ok());
    EXPECT_TRUE(editor.setRoot("version", "1.0.1").ok());
    draft.questionnaire = editor.json();
    draft.mappings["Paris"] =
        avocet::test::designer::readJson("resources/mappings/phq9-outcome/1.0.0/paris.json");
    draft.baselineMappings = draft.mappings;
    return draft;
}

} // namespace

TEST(DesignerDraftStore, KeepsTheTemplateItsMappingsAndTheComparedVersionAcrossAReopen)
{
    TempDir dir("designer-draft");
    const auto key = crypto::SecureBuffer::random(32);
    const DesignerDraft saved = phq9Draft();
    {
        auto db = openCache(dir, key);
        DesignerDraftStore store(db);
        auto none = store.load();
        ASSERT_TRUE(none.ok()) << none.message();
        EXPECT_FALSE(none->has_value());
        ASSERT_TRUE(store.save(saved).ok());
    }
    auto db = openCache(dir, key); // closed and reopened: the draft is on disk, encrypted
    auto loaded = DesignerDraftStore(db).load();
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    ASSERT_TRUE(loaded->has_value());
    const DesignerDraft& draft = **loaded;
    EXPECT_EQ(draft.questionnaire, saved.questionnaire);
    EXPECT_EQ(draft.mappings, saved.mappings);
    ASSERT_TRUE(draft.baseline.has_value());
    EXPECT_EQ(*draft.baseline, *saved.baseline);
    EXPECT_EQ(draft.baselineMappings, saved.baselineMappings);
    EXPECT_EQ(draft.title(), saved.questionnaire["title"].get<std::string>());
    EXPECT_FALSE(draft.updatedAt.empty());
}

TEST(DesignerDraftStore, SavingAgainReplacesTheDraftAndRemoveForgetsIt)
{
    TempDir dir("designer-draft-replace");
    const auto key = crypto::SecureBuffer::random(32);
    auto db = openCache(dir, key);
    DesignerDraftStore store(db);
    DesignerDraft first;
    first.questionnaire = TemplateEditor::blankTemplate("https://fhir.avocet.example/Questionnaire/a", "First");
    ASSERT_TRUE(store.save(first).ok());
    DesignerDraft second;
    second.questionnaire = TemplateEditor::blankTemplate("https://fhir.avocet.example/Questionnaire/b", "Second");
    ASSERT_TRUE(store.save(second).ok());
    EXPECT_EQ(*db.queryInt("SELECT count(*) FROM designer_drafts"), 1);
    auto loaded = store.load();
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    EXPECT_EQ((*loaded)->title(), "Second");
    EXPECT_FALSE((*loaded)->baseline.has_value());
    ASSERT_TRUE(store.remove().ok());
    auto gone = store.load();
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone->has_value());
}

TEST(DesignerDraftStore, RefusesADamagedDraftWithoutThrowing)
{
    TempDir dir("designer-draft-damaged");
    const auto key = crypto::SecureBuffer::random(32);
    auto db = openCache(dir, key);
    ASSERT_TRUE(db.exec("INSERT INTO designer_drafts VALUES ('current', 't', '[1, 2', '2026-01-01T00:00:00Z')").ok());
    auto damaged = DesignerDraftStore(db).load();
    EXPECT_FALSE(damaged.ok());
    EXPECT_EQ(damaged.code(), ErrorCode::StoreCorrupt);
    EXPECT_FALSE(DesignerDraft::fromJson(json{{"format", "avocet-designer-draft"}, {"questionnaire", 5}}).ok());
    DesignerDraft empty;
    EXPECT_FALSE(DesignerDraftStore(db).save(empty).ok()); // no template
}

// The forms a clinician can start (core/usecases FormCatalogue) on a real encrypted cache: a
// template published on the hub and synced supersedes the built-in one, a retired version leaves
// (and a form retired altogether leaves even though it is built in), a draft's or a response's
// version is still found, and the mappings a preview uses are the ones the submission is pinned to.
#include "core/store/ProfileStore.h"
#include "core/sync/MappingPins.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormCatalogue.h"
#include "tests/support/TempDir.h"

#include <gtest/gtest.h>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

constexpr const char* kUser = "j.adeyemi";
constexpr const char* kPass = "a long enough passphrase for tests";
constexpr const char* kPhq9 = "https://fhir.avocet.example/Questionnaire/phq9-outcome";
constexpr const char* kRisk = "https://fhir.avocet.example/Questionnaire/risk-assessment";

json questionnaire(const std::string& url, const std::string& version, const std::string& title,
                   const std::string& status = "active")
{
    return {{"resourceType", "Questionnaire"}, {"url", url},       {"version", version},
            {"title", title},                  {"status", status}, {"item", json::array()}};
}

json mappingDocument(const std::string& id, const std::string& version, const std::string& epr,
                     const std::string& fits, const std::string& status = "active")
{
    return {{"id", id},
            {"version", version},
            {"epr", epr},
            {"status", status},
            {"template", {{"url", kPhq9}, {"version", "1.0.0"}, {"fits", fits}}},
            {"fields", json::array()}};
}

class FormCatalogueTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create(kUser, kPass, crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock(kUser, kPass);
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        m_builtIns = {questionnaire(kPhq9, "1.0.0", "PHQ-9 (built in)"), questionnaire(kRisk, "1.0.0", "Risk assessment")};
    }

    // A Questionnaire as sync leaves it after pulling it from the hub.
    void synced(const json& resource, const std::string& serverId)
    {
        sync::LocalResource row;
        row.type = "Questionnaire";
        row.localId = "q-" + serverId;
        row.serverId = serverId;
        row.versionId = "1";
        row.content = resource;
        row.content["id"] = serverId;
        ASSERT_TRUE(sync::SyncStore(m_cache->database()).writeResource(row).ok());
    }

    std::vector<AvailableForm> available()
    {
        auto forms = availableForms(*m_cache, m_builtIns);
        EXPECT_TRUE(forms.ok()) << forms.message();
        return forms.ok() ? *forms : std::vector<AvailableForm>{};
    }

    test::TempDir m_dir{"catalogue"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<json> m_builtIns;
};

TEST_F(FormCatalogueTest, WithNothingSyncedTheBuiltInTemplatesAreOfferedSortedByTitle)
{
    const auto forms = available();
    ASSERT_EQ(forms.size(), 2u);
    EXPECT_EQ(forms[0].title, "PHQ-9 (built in)");
    EXPECT_EQ(forms[0].source, "built-in");
    EXPECT_EQ(forms[0].canonical, std::string(kPhq9) + "|1.0.0");
    EXPECT_EQ(forms[1].title, "Risk assessment");
}

TEST_F(FormCatalogueTest, APublishedVersionSupersedesTheBuiltInOneAndARetiredOneLeaves)
{
    synced(questionnaire(kPhq9, "1.1.0", "PHQ-9 (published)"), "phq9-110");
    synced(questionnaire(kPhq9, "1.2.0", "PHQ-9 (withdrawn)", "retired"), "phq9-120");
    synced(questionnaire(kPhq9, "2.0.0", "PHQ-9 (still a draft)", "draft"), "phq9-200");
    const auto forms = available();
    ASSERT_EQ(forms.size(), 2u);
    EXPECT_EQ(forms[0].title, "PHQ-9 (published)");
    EXPECT_EQ(forms[0].version, "1.1.0");
    EXPECT_EQ(forms[0].source, "published");
    EXPECT_EQ(forms[1].source, "built-in");
}

TEST_F(FormCatalogueTest, AFormTheHubHasRetiredLeavesEvenThoughItIsBuiltIn)
{
    synced(questionnaire(kRisk, "1.0.0", "Risk assessment", "retired"), "risk-100");
    const auto forms = available();
    ASSERT_EQ(forms.size(), 1u);
    EXPECT_EQ(forms[0].url, kPhq9);
}

TEST_F(FormCatalogueTest, AnOlderVersionIsStillFoundForADraftOrAnAmendmentAndAnUnknownOneIsNamed)
{
    synced(questionnaire(kPhq9, "1.2.0", "PHQ-9 (withdrawn)", "retired"), "phq9-120");
    auto retired = formTemplate(*m_cache, std::string(kPhq9) + "|1.2.0", m_builtIns);
    ASSERT_TRUE(retired.ok()) << retired.message();
    EXPECT_EQ(retired->value("title", ""), "PHQ-9 (withdrawn)");
    auto builtIn = formTemplate(*m_cache, std::string(kPhq9) + "|1.0.0", m_builtIns);
    ASSERT_TRUE(builtIn.ok());
    EXPECT_EQ(builtIn->value("title", ""), "PHQ-9 (built in)");
    auto missing = formTemplate(*m_cache, std::string(kPhq9) + "|9.9.9", m_builtIns);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.code(), ErrorCode::NotFound);
    EXPECT_NE(missing.message().find("9.9.9"), std::string::npos);
    auto malformed = formTemplate(*m_cache, "not a canonical", m_builtIns);
    ASSERT_FALSE(malformed.ok());
    EXPECT_EQ(malformed.code(), ErrorCode::InvalidArgument);
}

TEST_F(FormCatalogueTest, ThePreviewsMappingsAreExactlyTheOnesTheSubmissionIsPinnedTo)
{
    auto none = mappingsToPin(*m_cache, std::string(kPhq9) + "|1.0.0");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->held); // nothing from a hub: the front end previews with what it ships

    sync::SyncStore store(m_cache->database());
    ASSERT_TRUE(store.putMapping(mappingDocument("paris-phq9", "1.0.0", "Paris", "^1.0.0")).ok());
    ASSERT_TRUE(store.putMapping(mappingDocument("paris-phq9", "1.1.0", "Paris", "^1.0.0")).ok());
    ASSERT_TRUE(store.putMapping(mappingDocument("paris-phq9", "1.2.0", "Paris", "^1.0.0", "retired")).ok());
    ASSERT_TRUE(store.putMapping(mappingDocument("mobius-phq9", "2.0.0", "Mobius", "^1.0.0")).ok());

    auto pins = mappingsToPin(*m_cache, std::string(kPhq9) + "|1.0.0");
    ASSERT_TRUE(pins.ok()) << pins.message();
    EXPECT_TRUE(pins->held);
    std::set<std::string> previewed;
    for (const auto& document : pins->pinned)
        previewed.insert(document.value("id", "") + "|" + document.value("version", ""));
    EXPECT_EQ(previewed, (std::set<std::string>{"paris-phq9|1.1.0", "mobius-phq9|2.0.0"}));

    json response = {{"resourceType", "QuestionnaireResponse"}, {"questionnaire", std::string(kPhq9) + "|1.0.0"}};
    ASSERT_TRUE(sync::pinMappings(store, response).ok());
    std::set<std::string> pinned;
    for (const auto& tag : response["meta"]["tag"])
        pinned.insert(tag.value("code", ""));
    EXPECT_EQ(previewed, pinned);

    auto otherForm = mappingsToPin(*m_cache, std::string(kRisk) + "|1.0.0");
    ASSERT_TRUE(otherForm.ok());
    EXPECT_TRUE(otherForm->held);
    EXPECT_TRUE(otherForm->pinned.empty()); // held, but none for this form: the preview says so
}

} // namespace
} // namespace avocet::core::usecases

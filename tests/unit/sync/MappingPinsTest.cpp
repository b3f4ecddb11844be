// Mapping pins (core/sync MappingPins): which EPR mapping versions a queued QuestionnaireResponse
// pins, from the mapping documents this computer pulled from the hub.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/store/Database.h"
#include "core/sync/MappingPins.h"
#include "core/sync/SyncStore.h"
#include "tests/support/SyncChecks.h"

using namespace avocet::core;
using namespace avocet::core::sync;
using nlohmann::json;

namespace {

constexpr const char* kPhq9 = "https://fhir.avocet.example/Questionnaire/phq9-outcome";
constexpr const char* kRisk = "https://fhir.avocet.example/Questionnaire/risk-assessment";

json mappingDocument(const std::string& id, const std::string& version, const std::string& epr,
                     const std::string& templateUrl, const std::string& templateVersion,
                     const std::optional<std::string>& fits = std::nullopt,
                     const std::optional<std::string>& status = std::string("active"))
{
    json document = {{"format", "avocet-epr-mapping"},
                     {"formatVersion", 1},
                     {"id", id},
                     {"version", version},
                     {"epr", epr},
                     {"template", {{"url", templateUrl}, {"version", templateVersion}}},
                     {"entries", json::array()}};
    if (fits)
        document["template"]["fits"] = *fits;
    if (status)
        document["status"] = *status;
    return document;
}

json response(const std::string& canonical)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"status", "completed"},
            {"questionnaire", canonical},
            {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990000018"}}}}},
            {"item", json::array()}};
}

std::vector<std::string> pinsOf(const json& resource)
{
    std::vector<std::string> codes;
    if (!resource.contains("meta"))
        return codes;
    for (const auto& tag : resource["meta"].value("tag", json::array()))
        if (tag.value("system", "") == kMappingPinSystem)
            codes.push_back(tag.value("code", ""));
    return codes;
}

class MappingPins : public ::testing::Test
{
protected:
    void hold(const std::vector<json>& documents)
    {
        for (const auto& document : documents)
            ASSERT_TRUE(store.putMapping(document).ok());
    }

    // Two EPRs for PHQ-9 1.0.x, several versions each, plus mappings that must not be chosen.
    void holdTheUsualSet()
    {
        hold({mappingDocument("phq9.paris", "1.9.0", "Paris", kPhq9, "1.0.0", "~1.0.0"),
              mappingDocument("phq9.paris", "1.10.0", "Paris", kPhq9, "1.0.0", "~1.0.0"),
              mappingDocument("phq9.paris", "1.2.0", "Paris", kPhq9, "1.0.0", "~1.0.0"),
              mappingDocument("phq9.paris", "1.11.0", "Paris", kPhq9, "1.0.0", "~1.0.0", "retired"),
              mappingDocument("phq9.paris", "4.0.0", "Paris", kPhq9, "2.0.0", "^2.0.0"), // template 2.x only
              mappingDocument("phq9.mobius", "1.0.0", "Mobius", kPhq9, "1.0.0"),         // no status: active
              mappingDocument("phq9.mobius", "2.0.0", "Mobius", kPhq9, "1.0.0", std::nullopt, "draft"),
              mappingDocument("risk.mobius", "9.0.0", "Mobius", kRisk, "1.0.0", "~1.0.0")}); // another template
    }

    avocet::test::SyncCache cache{"mapping-pins"};
    SyncStore store{cache.db};
};

} // namespace

TEST_F(MappingPins, EachEprGetsItsHighestActiveVersionForTheTemplateBySemanticVersion)
{
    holdTheUsualSet();
    json qr = response(std::string(kPhq9) + "|1.0.0");
    auto added = pinMappings(store, qr);
    ASSERT_TRUE(added.ok()) << added.message();
    EXPECT_EQ(*added, 2);
    // "1.10.0" beats "1.9.0" (a string compare picks 1.9.0); the retired 1.11.0, the draft Mobius
    // 2.0.0, the mapping for template 2.x and the risk-assessment mapping are never pinned.
    EXPECT_EQ(pinsOf(qr), (std::vector<std::string>{"phq9.mobius|1.0.0", "phq9.paris|1.10.0"}));
    for (const auto& tag : qr["meta"]["tag"])
        EXPECT_EQ(tag.value("system", ""), "https://fhir.avocet.example/CodeSystem/epr-mapping");
}

TEST_F(MappingPins, TheFitsRangeDecidesWhichTemplateVersionsAMappingServes)
{
    holdTheUsualSet();
    // 1.0.3 is inside Paris's "~1.0.0" but not Mobius's exact "1.0.0" (no fits: the template version).
    json patch = response(std::string(kPhq9) + "|1.0.3");
    ASSERT_TRUE(pinMappings(store, patch).ok());
    EXPECT_EQ(pinsOf(patch), (std::vector<std::string>{"phq9.paris|1.10.0"}));

    json second = response(std::string(kPhq9) + "|2.1.0");
    ASSERT_TRUE(pinMappings(store, second).ok());
    EXPECT_EQ(pinsOf(second), (std::vector<std::string>{"phq9.paris|4.0.0"}));

    json risk = response(std::string(kRisk) + "|1.0.0");
    ASSERT_TRUE(pinMappings(store, risk).ok());
    EXPECT_EQ(pinsOf(risk), (std::vector<std::string>{"risk.mobius|9.0.0"}));

    json unversioned = response(kPhq9);
    auto none = pinMappings(store, unversioned);
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(*none, 0);
    EXPECT_FALSE(unversioned.contains("meta"));
}

TEST_F(MappingPins, NoMappingHeldLeavesTheResponseExactlyAsItWas)
{
    hold({mappingDocument("risk.mobius", "9.0.0", "Mobius", kRisk, "1.0.0", "~1.0.0")});
    for (const bool anyHeld : {false, true}) {
        avocet::test::SyncCache empty("mapping-pins-empty");
        SyncStore emptyStore(empty.db);
        SyncStore& from = anyHeld ? store : emptyStore; // none at all, or none for this template
        const json before = response(std::string(kPhq9) + "|1.0.0");
        json qr = before;
        auto added = pinMappings(from, qr);
        ASSERT_TRUE(added.ok()) << added.message();
        EXPECT_EQ(*added, 0);
        EXPECT_EQ(qr, before);
    }
}

TEST_F(MappingPins, PinsAlreadyOnTheResponseAreKept)
{
    holdTheUsualSet();
    json qr = response(std::string(kPhq9) + "|1.0.0");
    qr["meta"] = {{"tag", json::array({{{"system", "urn:other"}, {"code", "x"}},
                                       {{"system", kMappingPinSystem}, {"code", "phq9.paris|1.9.0"}}})}};
    auto added = pinMappings(store, qr);
    ASSERT_TRUE(added.ok()) << added.message();
    EXPECT_EQ(*added, 1);
    // Paris keeps the older version it was completed with; only the EPR without a pin gets one.
    EXPECT_EQ(pinsOf(qr), (std::vector<std::string>{"phq9.paris|1.9.0", "phq9.mobius|1.0.0"}));
    EXPECT_EQ(qr["meta"]["tag"][0], (json{{"system", "urn:other"}, {"code", "x"}}));

    // A pin naming a mapping this computer does not hold could be for any EPR: nothing is added.
    json foreign = response(std::string(kPhq9) + "|1.0.0");
    foreign["meta"] = {{"tag", json::array({{{"system", kMappingPinSystem}, {"code", "elsewhere.paris|7.0.0"}}})}};
    const json before = foreign;
    auto none = pinMappings(store, foreign);
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(*none, 0);
    EXPECT_EQ(foreign, before);
}

TEST_F(MappingPins, MappingPinsForIgnoresDocumentsThatDoNotParse)
{
    const std::vector<json> documents = {
        json(),
        json::array(),
        {{"id", 5}, {"version", "1.0.0"}, {"epr", "Paris"}, {"template", {{"url", kPhq9}, {"version", "1.0.0"}}}},
        mappingDocument("phq9.paris", "one", "Paris", kPhq9, "1.0.0"),
        mappingDocument("phq9.paris", "1.0.0", "Paris", kPhq9, "1.0.0", std::string("not a range")),
        mappingDocument("phq9.paris", "1.0.1", "Paris", kPhq9, "1.0.0", std::string("~1.0.0")),
    };
    EXPECT_EQ(mappingPinsFor(documents, std::string(kPhq9) + "|1.0.0"), (std::vector<std::string>{"phq9.paris|1.0.1"}));
    EXPECT_TRUE(mappingPinsFor(documents, std::string(kPhq9) + "|latest").empty());
}

// The callers (desktop queueCompleted, avocetctl submit) pin after createLocal, which drops `meta`,
// inside the same transaction; an amendment (SyncStore::updateLocal, as queueAmended) keeps them.
TEST_F(MappingPins, AQueuedResponseKeepsItsPinsThroughCommitAndAmendment)
{
    holdTheUsualSet();
    std::string localId;
    {
        auto tx = store::Transaction::begin(cache.db);
        ASSERT_TRUE(tx.ok());
        auto queued = store.createLocal(response(std::string(kPhq9) + "|1.0.0"));
        ASSERT_TRUE(queued.ok()) << queued.message();
        ASSERT_TRUE(pinQueuedResponse(store, *queued).ok());
        ASSERT_TRUE(tx->commit().ok());
        localId = queued->localId;
    }
    auto stored = store.get("QuestionnaireResponse", localId);
    ASSERT_TRUE(stored.ok() && *stored);
    EXPECT_EQ(pinsOf((*stored)->content), (std::vector<std::string>{"phq9.mobius|1.0.0", "phq9.paris|1.10.0"}));
    auto row = store.outboxFor("QuestionnaireResponse", localId);
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*row)->op, "create");

    // A newer Paris mapping arrives; the amendment, written afresh without meta, keeps 1.10.0.
    hold({mappingDocument("phq9.paris", "1.12.0", "Paris", kPhq9, "1.0.0", "~1.0.0")});
    json amended = response(std::string(kPhq9) + "|1.0.0");
    amended["status"] = "amended";
    ASSERT_TRUE(store.updateLocal("QuestionnaireResponse", localId, amended).ok());
    stored = store.get("QuestionnaireResponse", localId);
    ASSERT_TRUE(stored.ok() && *stored);
    EXPECT_EQ((*stored)->content.value("status", ""), "amended");
    EXPECT_EQ(pinsOf((*stored)->content), (std::vector<std::string>{"phq9.mobius|1.0.0", "phq9.paris|1.10.0"}));
}

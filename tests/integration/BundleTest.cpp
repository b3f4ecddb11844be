// Batch and transaction Bundles on avocet-hub.

#include "tests/integration/support/HubEnvironment.h"

#include <gtest/gtest.h>

using avocet::test::HubEnvironment;
using nlohmann::json;

namespace {
json entry(const std::string& fullUrl, const json& resource, const std::string& method, const std::string& url,
           const std::string& ifNoneExist = {})
{
    json request = {{"method", method}, {"url", url}};
    if (!ifNoneExist.empty())
        request["ifNoneExist"] = ifNoneExist;
    json result = {{"request", request}};
    if (!fullUrl.empty())
        result["fullUrl"] = fullUrl;
    if (!resource.is_null())
        result["resource"] = resource;
    return result;
}
} // namespace

TEST(HubBundles, TransactionResolvesPlaceholderReferencesAndIsIdempotentWithConditionalCreates)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const json patient = {{"resourceType", "Patient"},
                          {"identifier", json::array({{{"system", "https://fhir.nhs.uk/Id/nhs-number"},
                                                       {"value", "9990002012"}}})}};
    const json answers = {{"resourceType", "QuestionnaireResponse"},
                          {"status", "completed"},
                          {"identifier", {{"system", "urn:avocet:client-id"}, {"value", "bundle-qr-1"}}},
                          {"subject", {{"reference", "urn:uuid:11111111-1111-4111-8111-111111111111"}}}};
    const json bundle = {
        {"resourceType", "Bundle"},
        {"type", "transaction"},
        {"entry", json::array({entry("urn:uuid:22222222-2222-4222-8222-222222222222", answers, "POST",
                                     "QuestionnaireResponse", "identifier=urn:avocet:client-id|bundle-qr-1"),
                               entry("urn:uuid:11111111-1111-4111-8111-111111111111", patient, "POST", "Patient",
                                     "identifier=https://fhir.nhs.uk/Id/nhs-number|9990002012")})}};
    const auto first = client.post("/", bundle);
    ASSERT_EQ(first.status, 200) << first.body;
    const auto result = first.json();
    EXPECT_EQ(result["type"], "transaction-response");
    ASSERT_EQ(result["entry"].size(), 2u);
    EXPECT_EQ(result["entry"][0]["response"]["status"], "201 Created");
    const std::string patientId = result["entry"][1]["resource"]["id"];
    EXPECT_EQ(result["entry"][0]["resource"]["subject"]["reference"], "Patient/" + patientId);

    const auto retry = client.post("/", bundle).json();
    EXPECT_EQ(retry["entry"][0]["response"]["status"], "200 OK");
    EXPECT_EQ(retry["entry"][0]["resource"]["id"], result["entry"][0]["resource"]["id"]);
    EXPECT_EQ(retry["entry"][1]["resource"]["id"], patientId);
}

TEST(HubBundles, FailedTransactionStoresNothing)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const json flag = {{"resourceType", "Flag"},
                       {"status", "active"},
                       {"identifier", json::array({{{"system", "urn:test"}, {"value", "rolled-back-flag"}}})},
                       {"code", {{"text", "x"}}}};
    const json bundle = {{"resourceType", "Bundle"},
                         {"type", "transaction"},
                         {"entry", json::array({entry("", flag, "POST", "Flag"),
                                                entry("", json{{"resourceType", "Flag"}, {"id", "missing"}}, "PUT",
                                                      "Flag/missing")})}};
    const auto failed = client.post("/", bundle);
    EXPECT_EQ(failed.status, 404);
    EXPECT_EQ(failed.json()["resourceType"], "OperationOutcome");
    EXPECT_NE(failed.json()["issue"][0]["diagnostics"].get<std::string>().find("entry[1]"), std::string::npos);
    EXPECT_EQ(client.get("/Flag?identifier=urn:test|rolled-back-flag").json()["total"], 0);
}

TEST(HubBundles, BatchReportsEachEntryOnItsOwn)
{
    auto client = HubEnvironment::shared().clientFor("admin1");
    const json flag = {{"resourceType", "Flag"}, {"status", "active"}, {"code", {{"text", "batch"}}}};
    const json bundle = {{"resourceType", "Bundle"},
                         {"type", "batch"},
                         {"entry", json::array({entry("", flag, "POST", "Flag"), entry("", nullptr, "GET", "Flag/nope"),
                                                entry("", nullptr, "GET", "Flag?_count=1")})}};
    const auto result = client.post("/", bundle);
    ASSERT_EQ(result.status, 200) << result.body;
    const auto entries = result.json()["entry"];
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0]["response"]["status"], "201 Created");
    EXPECT_EQ(entries[1]["response"]["status"], "404 Not Found");
    EXPECT_EQ(entries[1]["response"]["outcome"]["resourceType"], "OperationOutcome");
    EXPECT_EQ(entries[2]["resource"]["type"], "searchset");
}

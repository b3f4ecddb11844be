// Which EPR(s) receive a submission.
#include <gtest/gtest.h>

#include "core/identity/EprRouting.h"
#include "core/mapping/EprMapping.h"

using namespace avocet::core;
using namespace avocet::core::identity;

namespace {

RoutingRules shippedRules()
{
    auto document = mapping::readJsonFile(std::string(AVOCET_SOURCE_DIR) + "/resources/epr/routing.json");
    EXPECT_TRUE(document.ok()) << document.message();
    auto rules = RoutingRules::parse(*document, "routing.json");
    EXPECT_TRUE(rules.ok()) << rules.message();
    return *rules;
}

Patient held(Epr epr, const std::string& id)
{
    Patient p;
    p.epr = epr;
    p.eprId = id;
    return p;
}

} // namespace

TEST(EprRouting, SendsANorthCommunitySubmissionToParisWithThePatientsParisId)
{
    auto decision = routeSubmission(shippedRules(), "north-community-mental-health",
                                    {held(Epr::Paris, "P100"), held(Epr::SystmOne, "S300")});
    ASSERT_TRUE(decision.ok());
    ASSERT_TRUE(decision->isComplete());
    ASSERT_EQ(decision->targets.size(), 1u);
    EXPECT_EQ(decision->targets[0].epr, Epr::Paris);
    EXPECT_EQ(decision->targets[0].eprId, "P100");
}

TEST(EprRouting, ReportsAPatientWithNoRecordInTheTargetEprInsteadOfGuessing)
{
    auto decision = routeSubmission(shippedRules(), "south-inpatient", {held(Epr::Paris, "P100")});
    ASSERT_TRUE(decision.ok());
    EXPECT_FALSE(decision->isComplete());
    EXPECT_TRUE(decision->targets.empty());
    ASSERT_EQ(decision->unroutable.size(), 1u);
    EXPECT_NE(decision->unroutable[0].find("no Mobius record"), std::string::npos);
}

TEST(EprRouting, SendsATrustWideServiceSubmissionToEveryEprOfRecord)
{
    auto decision = routeSubmission(shippedRules(), "crisis-resolution",
                                    {held(Epr::Paris, "P100"), held(Epr::SystmOne, "S300")});
    ASSERT_TRUE(decision.ok());
    ASSERT_EQ(decision->targets.size(), 2u);
    EXPECT_EQ(decision->targets[0].epr, Epr::Paris);
    EXPECT_EQ(decision->targets[1].epr, Epr::SystmOne);
    auto nobody = routeSubmission(shippedRules(), "crisis-resolution", {});
    ASSERT_TRUE(nobody.ok());
    EXPECT_FALSE(nobody->isComplete());
}

TEST(EprRouting, RefusesAnUnknownServiceAndReportsDuplicateRecordsInOneEpr)
{
    EXPECT_EQ(routeSubmission(shippedRules(), "made-up-team", {held(Epr::Paris, "P1")}).code(), ErrorCode::NotFound);
    auto duplicate =
        routeSubmission(shippedRules(), "north-inpatient", {held(Epr::Paris, "P1"), held(Epr::Paris, "P2")});
    ASSERT_TRUE(duplicate.ok());
    EXPECT_FALSE(duplicate->isComplete());
}

TEST(EprRouting, RefusesARuleNamingAnEprThatDoesNotExist)
{
    const nlohmann::json bad = {{"format", "avocet-epr-routing"},
                                {"rules", {{{"service", "x"}, {"eprs", {"Rio"}}}}}};
    auto rules = RoutingRules::parse(bad, "bad.json");
    ASSERT_FALSE(rules.ok());
    EXPECT_NE(rules.message().find("bad.json#/rules/0/eprs"), std::string::npos);
}

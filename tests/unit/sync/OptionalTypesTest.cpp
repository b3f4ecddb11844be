// A FHIR server that is not avocet-hub may not hold the clinical record's types: a search it answers
// 404 for an optional type is skipped and named (SyncSummary::typesNotOnServer), the rest is pulled
// and the run is complete; a 404 for a type the client cannot do without still fails the run.
#include "tests/unit/sync/SyncTestSupport.h"

#include <algorithm>

using namespace avocet::core::sync;
using nlohmann::json;

namespace avocet::test {
namespace {

class OptionalTypes : public SyncTest
{
};

TEST_F(OptionalTypes, AServerWithoutAnOptionalClinicalTypeIsSkippedAndTheRunCompletes)
{
    server.put(patient("9990000018", "CANARYFAMILY"));
    server.put(
        {{"resourceType", "Observation"},
         {"status", "final"},
         {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "44260-8"}}})}}},
         {"subject",
          {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", "9990000018"}}}}},
         {"effectiveDateTime", "2026-12-01T10:00:00Z"},
         {"valueInteger", 1}});
    server.setUnknownTypes({"Encounter", "Flag"});
    auto c = config();
    c.pullTypes = {"Patient", "Encounter", "Observation", "Flag"};
    ASSERT_TRUE(std::find(c.optionalTypes.begin(), c.optionalTypes.end(), "Encounter") !=
                c.optionalTypes.end());
    auto e = engine(c);
    ASSERT_TRUE(e);
    auto summary = e->syncNow();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_TRUE(summary->complete) << summary->error;
    EXPECT_EQ(summary->typesNotOnServer, (std::vector<std::string>{"Encounter", "Flag"}));
    SyncStore store(db);
    auto patients = store.count("Patient");
    auto observations = store.count("Observation");
    ASSERT_TRUE(patients.ok() && observations.ok());
    EXPECT_EQ(*patients, 1);
    EXPECT_EQ(*observations, 1) << "the types the server holds are still pulled";
    EXPECT_GE(server.requests("GET", "/Encounter"), 1) << "the type was asked for";

    // The next run asks again (the server may have gained the type) and is still complete.
    auto again = e->syncNow();
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_TRUE(again->complete) << again->error;
}

TEST_F(OptionalTypes, A404ForPatientStillFailsThePull)
{
    server.setUnknownTypes({"Patient"});
    auto c = config();
    c.pullTypes = {"Patient", "Observation"};
    auto e = engine(c);
    ASSERT_TRUE(e);
    auto summary = e->syncNow();
    EXPECT_TRUE(!summary.ok() || !summary->complete) << "Patient is not optional";
}

} // namespace
} // namespace avocet::test

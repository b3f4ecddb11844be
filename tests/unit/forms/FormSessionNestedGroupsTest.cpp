// Repeating groups inside repeating groups: every outer copy owns its own inner copies.
#include "tests/unit/forms/FormsTestSupport.h"

using namespace avocet::core::forms;
using avocet::test::loadInline;
using avocet::test::openSession;
using nlohmann::json;

namespace {

// A care plan: needs (repeating), each with actions (repeating) of a text and an owner.
const char* kCarePlan = R"({"resourceType":"Questionnaire","url":"https://fhir.avocet.example/Questionnaire/nested",
  "version":"1.0.0","status":"active","item":[
  {"linkId":"need","type":"group","text":"Need","repeats":true,"item":[
    {"linkId":"need-text","type":"string","text":"What is needed"},
    {"linkId":"action","type":"group","text":"Action","repeats":true,"item":[
      {"linkId":"action-text","type":"string","text":"Action"}]}]}]})";

std::vector<std::string> actionTexts(const json& need)
{
    std::vector<std::string> out;
    for (const json& item : need["item"]) {
        if (item["linkId"] == "action") {
            out.push_back(item["item"][0]["answer"][0]["valueString"].get<std::string>());
        }
    }
    return out;
}

} // namespace

TEST(FormSessionNestedGroups, AddingAnInnerCopyStaysInsideItsOuterCopy)
{
    FormSession s = openSession(loadInline(kCarePlan));
    ASSERT_EQ(*s.addGroupInstance("need"), 1u); // needs 0 and 1, each with one action (actions 0 and 1)
    ASSERT_EQ(s.instanceCount("action"), 2u);

    // Add a second action to the FIRST need: it becomes action 1, and need 1's action moves to 2.
    auto added = s.addGroupInstanceAfter("action", 0);
    ASSERT_TRUE(added.ok()) << added.message();
    EXPECT_EQ(*added, 1u);
    ASSERT_EQ(s.instanceCount("action"), 3u);
    EXPECT_EQ(s.siblingInstances("action", 0).count, 2u);
    EXPECT_EQ(s.siblingInstances("action", 1).first, 0u);
    EXPECT_EQ(s.siblingInstances("action", 2).first, 2u);
    EXPECT_EQ(s.siblingInstances("action", 2).count, 1u);
    EXPECT_EQ(s.siblingInstances("need", 1).count, 2u);

    ASSERT_TRUE(s.setAnswer("need-text", {{"valueString", "Housing"}}, 0).ok());
    ASSERT_TRUE(s.setAnswer("need-text", {{"valueString", "Work"}}, 1).ok());
    ASSERT_TRUE(s.setAnswer("action-text", {{"valueString", "Call the council"}}, 0).ok());
    ASSERT_TRUE(s.setAnswer("action-text", {{"valueString", "Book a viewing"}}, 1).ok());
    ASSERT_TRUE(s.setAnswer("action-text", {{"valueString", "CV workshop"}}, 2).ok());

    const json items = s.responseItems();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0]["item"][0]["answer"][0]["valueString"], "Housing");
    EXPECT_EQ(actionTexts(items[0]), (std::vector<std::string>{"Call the council", "Book a viewing"}));
    EXPECT_EQ(items[1]["item"][0]["answer"][0]["valueString"], "Work");
    EXPECT_EQ(actionTexts(items[1]), (std::vector<std::string>{"CV workshop"}));

    // The last action of the second need cannot be removed; one of the first need's can.
    EXPECT_FALSE(s.removeGroupInstance("action", 2).ok());
    ASSERT_TRUE(s.removeGroupInstance("action", 0).ok());
    EXPECT_FALSE(s.removeGroupInstance("action", 0).ok());
    EXPECT_EQ(s.answers("action-text", 0).at(0)["valueString"], "Book a viewing");
    EXPECT_EQ(s.answers("action-text", 1).at(0)["valueString"], "CV workshop");
}

TEST(FormSessionNestedGroups, AddingAfterTheLastCopyOfTheLastOuterCopyMatchesAddGroupInstance)
{
    FormSession s = openSession(loadInline(kCarePlan));
    ASSERT_TRUE(s.addGroupInstance("need").ok());
    ASSERT_EQ(*s.addGroupInstance("action"), 2u);
    EXPECT_EQ(s.siblingInstances("action", 2).first, 1u);
    EXPECT_EQ(s.siblingInstances("action", 0).count, 1u);
    EXPECT_FALSE(s.addGroupInstanceAfter("action", 7).ok());
    EXPECT_FALSE(s.addGroupInstanceAfter("need-text", 0).ok()); // not a repeating group
}

TEST(FormSessionNestedGroups, UnevenInnerCopiesLoadUnderTheirOwnOuterCopy)
{
    FormSession s = openSession(loadInline(kCarePlan));
    const json items = json::parse(R"([
      {"linkId":"need","item":[{"linkId":"need-text","answer":[{"valueString":"Housing"}]},
        {"linkId":"action","item":[{"linkId":"action-text","answer":[{"valueString":"a1"}]}]},
        {"linkId":"action","item":[{"linkId":"action-text","answer":[{"valueString":"a2"}]}]},
        {"linkId":"action","item":[{"linkId":"action-text","answer":[{"valueString":"a3"}]}]}]},
      {"linkId":"need","item":[{"linkId":"need-text","answer":[{"valueString":"Work"}]},
        {"linkId":"action","item":[{"linkId":"action-text","answer":[{"valueString":"b1"}]}]}]}])");
    EXPECT_TRUE(s.loadResponseItems(items).empty());
    EXPECT_EQ(s.siblingInstances("action", 0).count, 3u);
    EXPECT_EQ(s.siblingInstances("action", 3).first, 3u);
    EXPECT_EQ(s.siblingInstances("action", 3).count, 1u);
    EXPECT_EQ(actionTexts(s.responseItems()[0]), (std::vector<std::string>{"a1", "a2", "a3"}));
    EXPECT_EQ(actionTexts(s.responseItems()[1]), (std::vector<std::string>{"b1"}));
}

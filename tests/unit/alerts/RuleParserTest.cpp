#include <gtest/gtest.h>

#include <string>

#include "core/alerts/RuleParser.h"

namespace avocet::core::alerts {
namespace {

// The smallest valid table; each test breaks one thing in it.
std::string table(const std::string& powers = R"j([{"code": "s4", "name": "Section 4", "start": "admission",
      "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72}}]}])j",
                  const std::string& extra = "")
{
    return R"j({"schema": "avocet-alert-rules/1", "name": "test", "version": "9.9", "effectiveFrom": "2020-01-01",
      "title": "t", "basis": "b", "timeZone": "Europe/London", "powers": )j" +
           powers + extra + "}";
}

void expectInvalid(const std::string& json, const std::string& fragment)
{
    auto parsed = parseRuleSet(json, "broken.json");
    ASSERT_FALSE(parsed.ok()) << "expected an error containing: " << fragment;
    EXPECT_EQ(parsed.code(), ErrorCode::AlertRulesInvalid);
    EXPECT_EQ(parsed.message().rfind("broken.json: ", 0), 0u) << parsed.message();
    EXPECT_NE(parsed.message().find(fragment), std::string::npos) << parsed.message();
}

TEST(RuleParser, ReadsAMinimalTable)
{
    auto parsed = parseRuleSet(table(), "ok.json");
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    EXPECT_EQ(parsed->version, "9.9");
    EXPECT_EQ(parsed->source, "ok.json");
    ASSERT_EQ(parsed->powers.size(), 1u);
    EXPECT_EQ(parsed->powers[0].periods[0].length, (Span{Span::Unit::Hours, 72}));
    EXPECT_EQ(parsed->approval, "not recorded");
}

TEST(RuleParser, ReportsLineAndColumnOfAJsonSyntaxError)
{
    expectInvalid("{\n  \"schema\": \"avocet-alert-rules/1\",\n  \"name\": oops\n}", "line 3");
}

TEST(RuleParser, NamesTheMisspeltKey)
{
    expectInvalid(table(R"j([{"code": "s4", "name": "Section 4", "start": "admission",
      "periods": [{"id": "expiry", "label": "ends", "lenght": {"hours": 72}}]}])j"),
                  "/powers/0/periods/0/lenght: unknown key \"lenght\"");
}

TEST(RuleParser, RequiresExactlyOneUnitInASpan)
{
    expectInvalid(table(R"j([{"code": "s4", "name": "Section 4", "start": "admission",
      "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72, "days": 3}}]}])j"),
                  "/powers/0/periods/0/length: expected exactly one of");
}

TEST(RuleParser, RejectsNonPositiveLengths)
{
    expectInvalid(table(R"j([{"code": "s4", "name": "Section 4", "start": "admission",
      "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 0}}]}])j"),
                  "/powers/0/periods/0/length/hours: expected a whole number from 1");
}

TEST(RuleParser, RejectsAnUnsupportedSchemaAndTimeZone)
{
    std::string other = table();
    other.replace(other.find("avocet-alert-rules/1"), 20, "avocet-alert-rules/2");
    expectInvalid(other, "/schema: unsupported schema");
    std::string zone = table();
    zone.replace(zone.find("Europe/London"), 13, "Europe/Paris");
    expectInvalid(zone, "/timeZone");
}

TEST(RuleParser, RejectsABadEffectiveFromDate)
{
    std::string bad = table();
    bad.replace(bad.find("2020-01-01"), 10, "2020-02-30");
    expectInvalid(bad, "/effectiveFrom");
}

TEST(RuleParser, RejectsDuplicateCodesAndAliases)
{
    expectInvalid(table(R"j([{"code": "s4", "name": "a", "start": "x",
        "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72}}]},
      {"code": "S.4", "name": "b", "start": "x",
        "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72}}]}])j"),
                  "/powers/1: the code or alias \"S.4\" is used by more than one power");
}

TEST(RuleParser, RejectsInheritanceFromAnUnknownPower)
{
    expectInvalid(table(R"j([{"code": "s5(2)", "name": "a", "start": "x", "inheritsStartFrom": {"power": "s5(4)"},
        "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72}}]}])j"),
                  "/powers/0/inheritsStartFrom: no power \"s5(4)\"");
}

TEST(RuleParser, RejectsAnExtensionOnACalendarPeriod)
{
    expectInvalid(table(R"j([{"code": "s2", "name": "a", "start": "x",
        "periods": [{"id": "expiry", "label": "ends", "length": {"days": 28},
                     "extension": {"upTo": {"hours": 12}, "label": "x"}}]}])j"),
                  "/powers/0/periods/0/extension: an extension is only supported");
}

TEST(RuleParser, RejectsAPowerWithoutPeriods)
{
    expectInvalid(table(R"j([{"code": "s2", "name": "a", "start": "x", "periods": []}])j"),
                  "/powers/0/periods: a power needs at least one period");
}

TEST(RuleParser, ChecksScoreRules)
{
    expectInvalid(table(R"j([])j", R"j(, "scores": [{"id": "x", "instrument": "PHQ-9", "item": "9", "code": "44260-8", "panel": "44249-1", "op": "=>",
      "value": 0, "severity": "high", "message": "m"}])j"),
                  "/scores/0/op: unknown comparison");
    expectInvalid(table(R"j([])j", R"j(, "scores": [{"id": "x", "instrument": "PHQ-9", "item": "9", "code": "44260-8", "panel": "44249-1", "op": ">",
      "value": "0", "severity": "high", "message": "m"}])j"),
                  "/scores/0/value: expected a number");
}

TEST(RuleParser, ChecksReviewRules)
{
    expectInvalid(table(R"j([])j", R"j(, "reviews": [{"id": "x", "label": "l", "subject": "care-plan",
      "setting": "ward", "interval": {"months": 12}, "dueSoon": {"days": 28}}])j"),
                  "/reviews/0/setting");
    expectInvalid(table(R"j([])j", R"j(, "reviews": [{"id": "x", "label": "l", "subject": "care-plan",
      "interval": {"hours": 12}, "dueSoon": {"days": 28}}])j"),
                  "/reviews/0: a review interval is in days or months");
}

TEST(RuleParser, AllowsCommentKeys)
{
    auto parsed = parseRuleSet(table(R"j([{"comment": "why", "code": "s4", "name": "Section 4", "start": "a",
      "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72}}]}])j"),
                               "ok.json");
    EXPECT_TRUE(parsed.ok()) << parsed.message();
}

TEST(RuleSet, FindsPowersBySectionNameAliasOrLegalStatusCode)
{
    auto parsed = parseRuleSet(table(R"j([{"code": "s5(2)", "legalStatusCode": "05", "aliases": ["doctor holding power"],
      "name": "a", "start": "x", "periods": [{"id": "expiry", "label": "ends", "length": {"hours": 72}}]}])j"),
                               "ok.json");
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    for (const char* spelling : {"s5(2)", "S5(2)", "s.5(2)", "section 5(2)", "5(2)", "s5-2", "05", "Doctor holding power"})
        EXPECT_NE(parsed->findPower(spelling), nullptr) << spelling;
    EXPECT_EQ(parsed->findPower("s5(4)"), nullptr);
    EXPECT_EQ(parsed->findPower("5"), nullptr);
}

} // namespace
} // namespace avocet::core::alerts

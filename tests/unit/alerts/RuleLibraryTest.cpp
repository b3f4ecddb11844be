#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/alerts/BuiltinRules.h"
#include "core/alerts/DeadlineCalculator.h"
#include "core/alerts/RuleLibrary.h"
#include "tests/support/TempDir.h"

namespace avocet::core::alerts {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

fs::path rulesDir() { return fs::path(AVOCET_SOURCE_DIR) / "resources" / "rules"; }

RuleLibrary builtin()
{
    auto library = RuleLibrary::builtin();
    EXPECT_TRUE(library.ok()) << library.message();
    return library.ok() ? std::move(library).value() : RuleLibrary{};
}

Instant at(const char* text)
{
    auto parsed = parseIsoInstant(text);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? parsed.value() : Instant{};
}

TEST(BuiltinRules, MatchTheFilesInResourcesRulesByteForByte)
{
    std::vector<std::string> onDisk;
    for (const auto& entry : fs::directory_iterator(rulesDir())) {
        if (entry.path().extension() == ".json")
            onDisk.push_back(entry.path().filename().string());
    }
    std::sort(onDisk.begin(), onDisk.end());
    std::vector<std::string> compiled;
    for (const auto& file : builtinRuleFiles())
        compiled.emplace_back(file.name);
    ASSERT_EQ(compiled, onDisk) << "run: cmake -P core/alerts/GenerateBuiltinRules.cmake";
    for (const auto& file : builtinRuleFiles()) {
        EXPECT_EQ(file.text, test::readFile(rulesDir() / std::string(file.name)))
            << file.name << " differs from the compiled copy; run: cmake -P core/alerts/GenerateBuiltinRules.cmake";
    }
}

TEST(RuleLibrary, LoadsTheShippedTablesFromDisk)
{
    auto library = RuleLibrary::fromPaths({rulesDir()});
    ASSERT_TRUE(library.ok()) << library.message();
    ASSERT_EQ(library->sets().size(), 2u);
    EXPECT_EQ(library->sets()[0].version, "1.1.0");
    EXPECT_EQ(library->sets()[1].version, "2.2.0");
}

TEST(RuleLibrary, EveryShippedTableCoversEveryPowerInDomainMd)
{
    const RuleLibrary library = builtin();
    for (const auto& set : library.sets()) {
        for (const char* power : {"s5(4)", "s5(2)", "s4", "s135", "s136", "s2", "s3", "cto", "cto-recall", "s58"})
            EXPECT_NE(set.findPower(power), nullptr) << set.version << " lacks " << power;
        for (const auto& [code, power] : std::vector<std::pair<const char*, const char*>>{
                 {"02", "s2"}, {"03", "s3"}, {"04", "s4"}, {"05", "s5(2)"}, {"06", "s5(4)"}, {"19", "s135"}, {"20", "s136"}}) {
            ASSERT_NE(set.findPower(code), nullptr) << code;
            EXPECT_EQ(set.findPower(code)->code, power) << code;
        }
    }
}

TEST(RuleLibrary, SwitchesVersionOnTheCommencementDate)
{
    const RuleLibrary library = builtin();
    auto before = library.activeOn(2017y / December / 10d);
    auto on = library.activeOn(2017y / December / 11d);
    ASSERT_TRUE(before.ok() && on.ok());
    EXPECT_EQ(before.value()->version, "1.1.0");
    EXPECT_EQ(on.value()->version, "2.2.0");
    EXPECT_EQ(before.value()->findPower("s136")->periods[0].length, (Span{Span::Unit::Hours, 72}));
    EXPECT_EQ(on.value()->findPower("s136")->periods[0].length, (Span{Span::Unit::Hours, 24}));
}

TEST(RuleLibrary, HasNoTableBeforeTheEarliestEffectiveDate)
{
    auto none = builtin().activeOn(2008y / November / 2d);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.code(), ErrorCode::NotFound);
    EXPECT_NE(none.message().find("2008-11-03"), std::string::npos) << none.message();
}

TEST(RuleLibrary, RefusesTwoTablesWithTheSameEffectiveDate)
{
    test::TempDir dir("alerts");
    for (const char* name : {"a.json", "b.json"})
        fs::copy_file(rulesDir() / "mha-alert-rules-2017-12-11.json", dir / name);
    auto library = RuleLibrary::fromPaths({dir.path()});
    ASSERT_FALSE(library.ok());
    EXPECT_EQ(library.code(), ErrorCode::AlertRulesInvalid);
    EXPECT_NE(library.message().find("both effective from 2017-12-11"), std::string::npos) << library.message();
}

TEST(RuleLibrary, NamesTheFileThatCannotBeRead)
{
    auto library = RuleLibrary::fromPaths({fs::path("/nonexistent/rules.json")});
    ASSERT_FALSE(library.ok());
    EXPECT_EQ(library.code(), ErrorCode::AlertRulesInvalid);
    EXPECT_NE(library.message().find("/nonexistent/rules.json"), std::string::npos) << library.message();
}

TEST(RuleLibrary, NamesTheFileAndPlaceOfABrokenTable)
{
    test::TempDir dir("alerts");
    std::string text = test::readFile(rulesDir() / "mha-alert-rules-2017-12-11.json");
    text.replace(text.find("\"hours\": 72"), 11, "\"hours\": -72");
    const fs::path file = dir / "broken.json";
    std::ofstream(file) << text;
    auto library = RuleLibrary::fromPaths({file});
    ASSERT_FALSE(library.ok());
    EXPECT_NE(library.message().find(file.string() + ": /powers/1/periods/0/length/hours"), std::string::npos)
        << library.message();
}

TEST(DeadlineCalculator, RefusesAnExtensionUnderTheOlderRules)
{
    DeadlineRequest request{"s136", at("2017-06-01T10:00+01:00"), std::nullopt, true, std::nullopt};
    auto report = computeDeadlines(builtin(), request);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(report.message().find("cannot be extended under rule table 1.1.0"), std::string::npos) << report.message();
}

TEST(DeadlineCalculator, RefusesAnExtensionForAPowerWithoutOne)
{
    DeadlineRequest request{"s2", at("2024-06-01T10:00+01:00"), std::nullopt, true, std::nullopt};
    EXPECT_EQ(computeDeadlines(builtin(), request).code(), ErrorCode::InvalidArgument);
}

TEST(DeadlineCalculator, RefusesAnUnknownPowerAndListsTheKnownOnes)
{
    DeadlineRequest request{"s99", at("2024-06-01T10:00+01:00"), std::nullopt, false, std::nullopt};
    auto report = computeDeadlines(builtin(), request);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.message().find("known: s5(4), s5(2)"), std::string::npos) << report.message();
}

TEST(DeadlineCalculator, RefusesInheritanceFromAHoldingPowerThatHadEnded)
{
    // s.5(4) from 08:00 ended at 14:00; a s.5(2) at 15:00 runs from its own start.
    DeadlineRequest request{"s5(2)", at("2024-06-01T15:00+01:00"), at("2024-06-01T08:00+01:00"), false, std::nullopt};
    auto report = computeDeadlines(builtin(), request);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.message().find("had ended"), std::string::npos) << report.message();
}

TEST(DeadlineCalculator, RefusesAPrecedingStartAfterTheStart)
{
    DeadlineRequest request{"s5(2)", at("2024-06-01T10:00+01:00"), at("2024-06-01T11:00+01:00"), false, std::nullopt};
    EXPECT_EQ(computeDeadlines(builtin(), request).code(), ErrorCode::InvalidArgument);
}

TEST(DeadlineCalculator, RefusesAPrecedingStartForAPowerThatInheritsNone)
{
    DeadlineRequest request{"s3", at("2024-06-01T10:00+01:00"), at("2024-06-01T09:00+01:00"), false, std::nullopt};
    auto report = computeDeadlines(builtin(), request);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.message().find("does not inherit"), std::string::npos) << report.message();
}

TEST(DeadlineCalculator, RecordsWhereThePeriodsWereCountedFrom)
{
    DeadlineRequest request{"s5(2)", at("2024-06-01T14:00+01:00"), at("2024-06-01T10:00+01:00"), false, std::nullopt};
    auto report = computeDeadlines(builtin(), request);
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(report->inheritedFrom, std::optional<std::string>("s5(4)"));
    EXPECT_EQ(formatUtcIso(report->periodStart), "2024-06-01T09:00:00Z");
    EXPECT_EQ(formatUtcIso(report->start), "2024-06-01T13:00:00Z");
}

TEST(DeadlineCalculator, ListsEverySection3DeadlineInDateOrder)
{
    DeadlineRequest request{"s3", at("2024-01-05T10:00"), std::nullopt, false, std::nullopt};
    // Annual periods run on indefinitely; they are listed up to the one running at the horizon,
    // here the second (5 Jan 2026 to 4 Jan 2027).
    request.through = at("2026-06-01T12:00");
    auto report = computeDeadlines(builtin(), request);
    ASSERT_TRUE(report.ok()) << report.message();
    std::vector<std::string> ids;
    for (const auto& d : report->deadlines)
        ids.push_back(d.id);
    // Each period's Tribunal application ends with it; the periodic s.68(6) referral, with no
    // Tribunal consideration given, counts from the admission: 3 years beginning with 5 Jan 2024
    // end with 4 Jan 2027, the same day as the second annual period, and is listed after it.
    EXPECT_EQ(ids, (std::vector<std::string>{"expiry-window", "expiry", "expiry-tribunal-application",
                                             "tribunal-referral", "renewal-1-window", "renewal-1",
                                             "renewal-1-tribunal-application", "annual-1-window", "annual-1",
                                             "annual-1-tribunal-application", "annual-2-window", "annual-2",
                                             "annual-2-tribunal-application", "tribunal-referral-periodic"}));
    EXPECT_TRUE(std::is_sorted(report->deadlines.begin(), report->deadlines.end(),
                               [](const Deadline& a, const Deadline& b) { return a.due < b.due; }));
    EXPECT_EQ(report->deadlines[1].lastDay, std::optional<LocalDate>(2024y / July / 4d));
    EXPECT_EQ(report->deadlines[8].label, "Annual renewal period 1 (12 months) ends");
}

} // namespace
} // namespace avocet::core::alerts

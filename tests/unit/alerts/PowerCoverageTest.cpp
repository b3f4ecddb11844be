// What the golden table cannot show: powers with no expiry, deadlines left out (with a note) for
// want of an input, the s.29(4) extension while pending, and bad input refused with the reason.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "core/alerts/BuiltinRules.h"
#include "core/alerts/DeadlineCalculator.h"
#include "core/alerts/RuleParser.h"
#include "tests/unit/alerts/AlertsTestSupport.h"

namespace avocet::core::alerts {
namespace {

const RuleLibrary& rules() { return testing::builtinRules(); }

Instant at(const char* iso) { return testing::instant(iso); }

DeadlineRequest request(const char* power, const char* start)
{
    DeadlineRequest r;
    r.power = power;
    r.start = at(start);
    return r;
}

bool hasDeadline(const DeadlineReport& report, const std::string& id)
{
    return std::any_of(report.deadlines.begin(), report.deadlines.end(), [&](const Deadline& d) { return d.id == id; });
}

bool hasNote(const DeadlineReport& report, const std::string& text)
{
    return std::any_of(report.notes.begin(), report.notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

TEST(PowerCoverage, RestrictedPowersHaveNoExpiryButListTheirDuties)
{
    for (const char* power : {"s37/41", "s45a", "s47/49", "s48/49"}) {
        auto report = computeDeadlines(rules(), request(power, "2024-03-01T10:00"));
        ASSERT_TRUE(report.ok()) << power << ": " << report.message();
        EXPECT_TRUE(std::none_of(report->deadlines.begin(), report->deadlines.end(),
                                 [](const Deadline& d) { return d.period >= 0; }))
            << power << " lists a period";
        EXPECT_TRUE(hasNote(*report, "has no expiry")) << power;
        EXPECT_TRUE(hasDeadline(*report, "rc-report-1")) << power;
        EXPECT_TRUE(hasDeadline(*report, "secretary-of-state-referral")) << power;
    }
}

TEST(PowerCoverage, EachNewPowerCarriesItsLegalStatusCode)
{
    const std::pair<const char*, const char*> codes[] = {{"s35", "07"},    {"s36", "08"},    {"s37/41", "09"},
                                                         {"s37", "10"},    {"s38", "12"},    {"s47/49", "15"},
                                                         {"s47", "16"},    {"s48/49", "17"}, {"s48", "18"},
                                                         {"s7", "35"},     {"s45a", "37"}};
    for (const auto& [power, code] : codes) {
        const PowerRule* byCode = rules().sets().back().findPower(code);
        ASSERT_NE(byCode, nullptr) << code;
        EXPECT_EQ(byCode->code, power) << code;
    }
}

// A restricted patient detained since 2012 is under table 1.1.0: the powers whose periods did not
// change in 2017 are in both tables, so an older detention is never "unknown".
TEST(PowerCoverage, OlderDetentionsFindEveryPowerInTheEarlierTable)
{
    ASSERT_EQ(rules().sets().front().version, "1.1.0");
    for (const auto& power : rules().sets().back().powers)
        EXPECT_NE(rules().sets().front().findPower(power.code), nullptr) << power.code;
    auto report = computeDeadlines(rules(), request("09", "2012-05-01T10:00"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(report->ruleSetVersion, "1.1.0");
    EXPECT_TRUE(hasDeadline(*report, "secretary-of-state-referral"));
    // Detained since May 2012: the s.41(6) reports run on (the 13th was due by 30 Apr 2025, the
    // 14th by 30 Apr 2026), not stopping after three.
    auto since2012 = request("09", "2012-05-01T10:00");
    since2012.through = at("2025-06-01T12:00");
    auto later = computeDeadlines(rules(), since2012);
    ASSERT_TRUE(later.ok()) << later.message();
    EXPECT_TRUE(hasDeadline(*later, "rc-report-14"));
    EXPECT_FALSE(hasDeadline(*later, "rc-report-15"));
}

// Renewals of s.3, a CTO, hospital orders, transfers and guardianship, and the restricted
// patients' s.41(6) reports and s.70 application periods, are not limited in number: they run on
// for as long as the power does, listed lazily up to the horizon and never further.
TEST(PowerCoverage, AnnualPeriodsAndYearlyDutiesRunOnUpToTheHorizonAndNoFurther)
{
    for (const char* power : {"s3", "cto", "cto-revoked", "s37", "s47", "s48", "s7"}) {
        auto first = computeDeadlines(rules(), request(power, "2024-03-01T10:00"));
        ASSERT_TRUE(first.ok()) << power << ": " << first.message();
        EXPECT_TRUE(hasDeadline(*first, "annual-1")) << power;
        EXPECT_FALSE(hasDeadline(*first, "annual-2")) << power << ": listed beyond the horizon";

        // Annual period k runs 1 Mar (2024 + k) to the end of the next February: 10 Mar 2044 is in
        // the 20th (1 Mar 2044 to 28 Feb 2045), the last listed.
        auto later = request(power, "2024-03-01T10:00");
        later.through = at("2044-03-10T12:00");
        auto report = computeDeadlines(rules(), later);
        ASSERT_TRUE(report.ok()) << power << ": " << report.message();
        EXPECT_TRUE(hasDeadline(*report, "annual-20")) << power;
        EXPECT_FALSE(hasDeadline(*report, "annual-21")) << power << ": listed beyond the period running";
    }
    for (const char* power : {"s37/41", "s45a", "s47/49", "s48/49"}) {
        auto later = request(power, "2024-03-01T10:00");
        later.through = at("2044-03-10T12:00");
        auto report = computeDeadlines(rules(), later);
        ASSERT_TRUE(report.ok()) << power << ": " << report.message();
        // Report 20 was due by the end of 29 Feb 2044; report 21 is the next one due, and the last listed.
        EXPECT_TRUE(hasDeadline(*report, "rc-report-21")) << power;
        EXPECT_FALSE(hasDeadline(*report, "rc-report-22")) << power;
        EXPECT_TRUE(hasDeadline(*report, "tribunal-application-21")) << power;
        EXPECT_FALSE(hasDeadline(*report, "tribunal-application-22")) << power;
    }
    // A horizon centuries away lists no more than the cap.
    auto far = request("s3", "2024-03-01T10:00");
    far.through = at("2999-01-01T00:00Z");
    auto report = computeDeadlines(rules(), far);
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_LE(report->deadlines.size(), static_cast<std::size_t>(4 * kMaxListedOccurrences));
    EXPECT_FALSE(hasDeadline(*report, "annual-" + std::to_string(kMaxListedOccurrences)));
}

// Until a trust's Mental Health Act office signs a table off, it says so, and the command line and
// the desktop show it (alerts rules prints "Approval:").
TEST(PowerCoverage, EveryBuiltInTableStillAwaitsSignOff)
{
    ASSERT_FALSE(rules().sets().empty());
    for (const auto& set : rules().sets())
        EXPECT_EQ(set.approval.rfind("DRAFT: awaiting sign-off", 0), 0u) << set.version << ": " << set.approval;
}

TEST(PowerCoverage, HospitalOrderPatientCannotApplyInTheFirstPeriod)
{
    auto report = computeDeadlines(rules(), request("s37", "2024-03-01T10:00"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(hasDeadline(*report, "expiry-tribunal-application"));
    EXPECT_TRUE(hasDeadline(*report, "renewal-1-tribunal-application"));
    EXPECT_FALSE(hasDeadline(*report, "tribunal-referral")); // s.68(2) is omitted for hospital orders
}

// s.68 applies to hospital orders and unrestricted transfer directions with s.68(1)(a) and (2) to
// (5) omitted (Sch.1 Part 1 paras 2 and 10): the three-yearly s.68(6) reference stays. It is a
// table setting marked as a reading awaiting the Mental Health Act office's confirmation.
TEST(PowerCoverage, UnrestrictedPartThreePatientsAreReferredAfterThreeYearsAsAReadingToConfirm)
{
    for (const char* power : {"s37", "s47", "s48"}) {
        auto report = computeDeadlines(rules(), request(power, "2024-03-01T10:00"));
        ASSERT_TRUE(report.ok()) << power << ": " << report.message();
        EXPECT_TRUE(hasDeadline(*report, "tribunal-referral-periodic")) << power;
        EXPECT_FALSE(hasDeadline(*report, "tribunal-referral")) << power;
        EXPECT_TRUE(hasNote(*report, "no Tribunal consideration recorded")) << power;
        for (const auto& set : rules().sets()) {
            const PowerRule* rule = set.findPower(power);
            ASSERT_NE(rule, nullptr) << power;
            const auto periodic = std::find_if(rule->deadlines.begin(), rule->deadlines.end(),
                                               [](const FixedDeadlineRule& d) { return d.id == "tribunal-referral-periodic"; });
            ASSERT_NE(periodic, rule->deadlines.end()) << set.version << " " << power;
            EXPECT_TRUE(periodic->duty) << set.version << " " << power;
            ASSERT_TRUE(periodic->under18Within.has_value()) << set.version << " " << power;
        }
    }
    // The reading is recorded in the tables for the office to confirm.
    for (const auto& file : builtinRuleFiles()) {
        const auto table = nlohmann::json::parse(file.text);
        for (const auto& p : table.at("powers")) {
            const std::string code = p.at("code").get<std::string>();
            if (code != "s37" && code != "s47" && code != "s48")
                continue;
            bool marked = false;
            for (const auto& d : p.at("deadlines"))
                if (d.at("id") == "tribunal-referral-periodic")
                    marked = d.value("comment", "").rfind("READING TO CONFIRM, awaiting the Mental Health Act office", 0) == 0;
            EXPECT_TRUE(marked) << file.name << " " << code;
        }
    }
}

TEST(PowerCoverage, CtoReferralNeedsTheOriginalAdmissionAndSaysSo)
{
    auto report = computeDeadlines(rules(), request("cto", "2024-03-01T10:00"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(hasDeadline(*report, "tribunal-referral"));
    EXPECT_TRUE(hasNote(*report, "counts from the first admission"));
}

TEST(PowerCoverage, PeriodicReferralWithoutBirthDateWarnsAboutUnderEighteens)
{
    auto report = computeDeadlines(rules(), request("s3", "2024-03-01T10:00"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_TRUE(hasNote(*report, "no date of birth given"));
    EXPECT_TRUE(hasNote(*report, "no Tribunal consideration recorded"));
}

TEST(PowerCoverage, Section2WhileNearestRelativeProceedingsArePendingHasNoEnd)
{
    auto r = request("s2", "2024-02-10T14:00");
    r.nearestRelativeProceedings = DeadlineRequest::NearestRelativeProceedings{at("2024-03-01T10:00"), {}, false};
    auto report = computeDeadlines(rules(), r);
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(hasDeadline(*report, "expiry"));
    EXPECT_TRUE(hasNote(*report, "until the nearest-relative application"));
}

TEST(PowerCoverage, DisposalBeforeTheSection2EndedLeavesTheEnd)
{
    auto r = request("s2", "2024-02-10T14:00");
    r.nearestRelativeProceedings =
        DeadlineRequest::NearestRelativeProceedings{at("2024-02-20T10:00"), at("2024-02-25T10:00"), true};
    auto report = computeDeadlines(rules(), r);
    ASSERT_TRUE(report.ok()) << report.message();
    const auto end = std::find_if(report->deadlines.begin(), report->deadlines.end(),
                                  [](const Deadline& d) { return d.id == "expiry"; });
    ASSERT_NE(end, report->deadlines.end());
    EXPECT_EQ(formatUtcIso(end->due), "2024-03-09T00:00:00Z"); // 28 days, last day 8 Mar
}

// Part 4A: the certificate is needed from the later of the CTO's first month and the s.58 three
// months that began in detention.
TEST(PowerCoverage, Part4aFirstMonthRunsOnToTheEndOfALaterSection58Period)
{
    auto later = request("part4a", "2024-01-31T10:00");
    later.relatedStart = at("2023-12-20T09:00"); // 3 months beginning with 20 Dec 2023: last day 19 Mar 2024
    auto report = computeDeadlines(rules(), later);
    ASSERT_TRUE(report.ok()) << report.message();
    ASSERT_EQ(report->deadlines.size(), 1u);
    EXPECT_EQ(formatUtcIso(report->deadlines[0].due), "2024-03-20T00:00:00Z");
    EXPECT_EQ(report->deadlines[0].lastDay, std::optional<LocalDate>(testing::day("2024-03-19")));
    EXPECT_NE(report->deadlines[0].basis.find("the later of"), std::string::npos) << report->deadlines[0].basis;

    auto earlier = request("part4a", "2024-01-31T10:00");
    earlier.relatedStart = at("2023-11-10T09:00"); // last day 9 Feb 2024: the first month (29 Feb) governs
    auto first = computeDeadlines(rules(), earlier);
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(formatUtcIso(first->deadlines[0].due), "2024-03-01T00:00:00Z");

    auto unknown = computeDeadlines(rules(), request("part4a", "2024-01-31T10:00"));
    ASSERT_TRUE(unknown.ok()) << unknown.message();
    EXPECT_TRUE(hasNote(*unknown, "the s58 period ends later"));
}

// s.18(4), (5): the retaking limit needs the power the patient is absent from and its period end;
// without them it is left out with a note and listed as omitted, never guessed as 6 months.
TEST(PowerCoverage, TheRetakingLimitNeedsThePowerTheAbsenceIsFrom)
{
    auto report = computeDeadlines(rules(), request("awol", "2024-03-20T15:00"));
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_FALSE(hasDeadline(*report, "retaking-limit"));
    EXPECT_TRUE(hasNote(*report, "depends on the power the patient is absent from"));
    ASSERT_EQ(report->omitted.size(), 1u);
    EXPECT_EQ(report->omitted[0].id, "retaking-limit");

    // s.7 guardianship (s.18(3)): the later of the two, here the 6 months.
    auto guardianship = request("awol", "2024-03-20T15:00");
    guardianship.underlyingPower = "guardianship";
    guardianship.underlyingPeriodEnd = at("2024-04-01T00:00+01:00");
    auto counted = computeDeadlines(rules(), guardianship);
    ASSERT_TRUE(counted.ok()) << counted.message();
    const auto limit = std::find_if(counted->deadlines.begin(), counted->deadlines.end(),
                                    [](const Deadline& d) { return d.id == "retaking-limit"; });
    ASSERT_NE(limit, counted->deadlines.end());
    EXPECT_EQ(formatUtcIso(limit->due), "2024-09-19T23:00:00Z"); // 6 months beginning with 20 Mar: last day 19 Sep
    EXPECT_EQ(limit->lastDay, std::optional<LocalDate>(testing::day("2024-09-19")));
    EXPECT_NE(limit->basis.find("the later of 6 months beginning with 2024-03-20"), std::string::npos) << limit->basis;
}

// s.35: the court set the remand to end on 14 Mar and the further remand on 11 Apr; the next
// further remand is at most 28 days from 12 Apr (9 May), within the 12 weeks (23 May).
TEST(PowerCoverage, TheCourtsOwnDatesReplaceTheMaxima)
{
    auto r = request("s35", "2024-03-01T10:00");
    r.courtLastDays = {testing::day("2024-03-14"), testing::day("2024-04-11")};
    auto report = computeDeadlines(rules(), r);
    ASSERT_TRUE(report.ok()) << report.message();
    const auto due = [&](const std::string& id) {
        const auto it = std::find_if(report->deadlines.begin(), report->deadlines.end(),
                                     [&](const Deadline& d) { return d.id == id; });
        return it == report->deadlines.end() ? std::string("none") : formatUtcIso(it->due);
    };
    EXPECT_EQ(due("expiry"), "2024-03-15T00:00:00Z");
    EXPECT_EQ(due("further-remand-1"), "2024-04-11T23:00:00Z");
    EXPECT_EQ(due("further-remand-2"), "2024-05-09T23:00:00Z");
}

struct Refusal
{
    const char* name;
    DeadlineRequest request;
    const char* message;
};

TEST(PowerCoverage, RefusesBadInputWithTheReason)
{
    auto longExtension = request("s136", "2024-03-01T10:00");
    longExtension.extensionHours = 13;
    auto zeroExtension = request("s136", "2024-03-01T10:00");
    zeroExtension.extensionHours = 0;
    auto extensionOnS2 = request("s2", "2024-03-01T10:00");
    extensionOnS2.extensionHours = 4;
    auto admissionAfterStart = request("s3", "2024-03-01T10:00");
    admissionAfterStart.firstAdmission = at("2024-03-02T10:00");
    auto bornAfterStart = request("s3", "2024-03-01T10:00");
    bornAfterStart.birthDate = LocalDate{std::chrono::year{2024} / 3 / 2};
    auto applicationAfterS2Ended = request("s2", "2024-02-10T14:00");
    applicationAfterS2Ended.nearestRelativeProceedings =
        DeadlineRequest::NearestRelativeProceedings{at("2024-03-09T10:00"), {}, false};
    auto proceedingsForS3 = request("s3", "2024-02-10T14:00");
    proceedingsForS3.nearestRelativeProceedings =
        DeadlineRequest::NearestRelativeProceedings{at("2024-02-20T10:00"), {}, false};
    auto disposedBeforeApplied = request("s2", "2024-02-10T14:00");
    disposedBeforeApplied.nearestRelativeProceedings =
        DeadlineRequest::NearestRelativeProceedings{at("2024-02-20T10:00"), at("2024-02-19T10:00"), true};

    auto relatedAfterStart = request("part4a", "2024-01-31T10:00");
    relatedAfterStart.relatedStart = at("2024-02-01T10:00");
    auto relatedForS3 = request("s3", "2024-01-31T10:00");
    relatedForS3.relatedStart = at("2024-01-01T10:00");

    auto admissionForS136 = request("s136", "2024-01-31T10:00");
    admissionForS136.firstAdmission = at("2024-01-30T10:00");
    auto tribunalForS35 = request("s35", "2024-01-31T10:00");
    tribunalForS35.lastTribunal = testing::day("2024-01-30");

    auto courtBeyondTheLaw = request("s35", "2024-03-01T10:00");
    courtBeyondTheLaw.courtLastDays = {testing::day("2024-03-29")}; // 28 days end with 28 Mar
    auto courtForS3 = request("s3", "2024-03-01T10:00");
    courtForS3.courtLastDays = {testing::day("2024-03-29")};
    auto tooManyCourtDates = request("s36", "2024-03-01T10:00");
    tooManyCourtDates.courtLastDays = {testing::day("2024-03-10"), testing::day("2024-03-20"),
                                       testing::day("2024-03-30"), testing::day("2024-04-10")};

    auto underlyingForS3 = request("s3", "2024-03-01T10:00");
    underlyingForS3.underlyingPower = "s2";
    underlyingForS3.underlyingPeriodEnd = at("2024-03-20T10:00");
    auto underlyingWithoutEnd = request("awol", "2024-03-01T10:00");
    underlyingWithoutEnd.underlyingPower = "s3";
    auto restrictedUnderlying = request("awol", "2024-03-01T10:00");
    restrictedUnderlying.underlyingPower = "s37/41";
    restrictedUnderlying.underlyingPeriodEnd = at("2024-09-01T10:00");
    auto underlyingEndedBefore = request("awol", "2024-03-01T10:00");
    underlyingEndedBefore.underlyingPower = "s2";
    underlyingEndedBefore.underlyingPeriodEnd = at("2024-02-28T10:00");

    const Refusal refusals[] = {
        {"underlyingForS3", underlyingForS3, "counts nothing from an underlying power"},
        {"underlyingWithoutEnd", underlyingWithoutEnd, "give both the underlying power and the end"},
        {"restrictedUnderlying", restrictedUnderlying, "is not one awol counts against"},
        {"underlyingEndedBefore", underlyingEndedBefore, "so the patient was not liable to be detained under it"},
        {"courtBeyondTheLaw", courtBeyondTheLaw, "is outside that period"},
        {"courtForS3", courtForS3, "has no periods set by a court"},
        {"tooManyCourtDates", tooManyCourtDates, "the law allows only 3 periods"},
        {"admissionForS136", admissionForS136, "counts nothing from a first admission"},
        {"tribunalForS35", tribunalForS35, "counts nothing from the last Tribunal consideration"},
        {"relatedAfterStart", relatedAfterStart, "the s58 start"},
        {"relatedForS3", relatedForS3, "does not count from the start of a related power"},
        {"longExtension", longExtension, "allows 1 to 12 hours"},
        {"zeroExtension", zeroExtension, "allows 1 to 12 hours"},
        {"extensionOnS2", extensionOnS2, "cannot be extended"},
        {"admissionAfterStart", admissionAfterStart, "first admission"},
        {"bornAfterStart", bornAfterStart, "date of birth"},
        {"applicationAfterS2Ended", applicationAfterS2Ended, "does not extend it"},
        {"proceedingsForS3", proceedingsForS3, "extends a s.2 only"},
        {"disposedBeforeApplied", disposedBeforeApplied, "before it was made"},
    };
    for (const auto& refusal : refusals) {
        auto report = computeDeadlines(rules(), refusal.request);
        ASSERT_FALSE(report.ok()) << refusal.name;
        EXPECT_EQ(report.code(), ErrorCode::InvalidArgument) << refusal.name;
        EXPECT_NE(report.message().find(refusal.message), std::string::npos) << refusal.name << ": " << report.message();
    }
}

// The s.68(6) counting is a table setting: the other reading moves the referral one day later.
TEST(PowerCoverage, ReferralCountingIsATableSetting)
{
    const auto table = [](const char* counting) {
        return std::string(R"({"schema": "avocet-alert-rules/1", "name": "t", "version": "9", "effectiveFrom": "2020-01-01",
            "title": "t", "basis": "b", "timeZone": "Europe/London", "powers": [{"code": "x", "name": "x", "start": "s",
            "noExpiry": "why", "deadlines": [{"id": "d", "label": "l", "from": "last-tribunal", "within": {"months": 36},
            "counting": ")") + counting + R"("}]}]})";
    };
    std::string due[2];
    int i = 0;
    for (const char* counting : {"beginning-with-day", "beginning-with-day-after"}) {
        auto set = parseRuleSet(table(counting), "t.json");
        ASSERT_TRUE(set.ok()) << set.message();
        auto library = RuleLibrary::fromSets({std::move(set).value()});
        ASSERT_TRUE(library.ok()) << library.message();
        auto r = request("x", "2024-03-01T10:00");
        r.lastTribunal = testing::day("2024-06-15");
        auto report = computeDeadlines(*library, r);
        ASSERT_TRUE(report.ok()) << report.message();
        ASSERT_EQ(report->deadlines.size(), 1u);
        due[i++] = formatDate(*report->deadlines[0].lastDay);
    }
    EXPECT_EQ(due[0], "2027-06-14"); // 36 months beginning with 15 Jun 2024
    EXPECT_EQ(due[1], "2027-06-15"); // beginning with 16 Jun 2024
}

// The schema's new constructs refuse what they cannot mean, naming the place.
TEST(PowerCoverage, ParserRefusesInconsistentNewConstructs)
{
    const auto table = [](const std::string& power) {
        return R"({"schema": "avocet-alert-rules/1", "name": "t", "version": "9", "effectiveFrom": "2030-01-01",
                   "title": "t", "basis": "b", "timeZone": "Europe/London", "powers": [)" +
               power + "]}";
    };
    const std::pair<std::string, std::string> cases[] = {
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "periods": [{"id": "e", "label": "l", "length": {"days": 1}}]})",
         "/powers/0/noExpiry: a power with no expiry lists no periods"},
        {R"({"code": "x", "name": "x", "start": "s", "periods": []})", "/powers/0/periods: a power needs at least one"},
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"days": 1}, "from": "yesterday"}]})",
         "/powers/0/deadlines/0/from: unknown"},
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "immediate": true, "within": {"days": 1}}]})",
         "/powers/0/deadlines/0/within: an immediate deadline"},
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"days": 1}, "repeat": 2}]})",
         "/powers/0/deadlines/0/repeat: \"repeat\" needs \"every\""},
        {R"({"code": "x", "name": "x", "start": "s", "periods": [{"id": "e", "label": "l", "length": {"days": 28}}],
             "pendingProceedings": {"afterOrder": {"days": 7}, "counting": "whenever", "reading": "r", "label": "l"}})",
         "/powers/0/pendingProceedings/counting: expected"},
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"days": 1}, "counting": "fortnightly"}]})",
         "/powers/0/deadlines/0/counting: expected"},
        {R"({"code": "x", "name": "x", "start": "s",
             "periods": [{"id": "e", "label": "l", "length": {"months": 6}, "repeat": "forever"}]})",
         "/powers/0/periods/0/repeat: expected a whole number from 1 to 50, or \"indefinitely\""},
        {R"({"code": "x", "name": "x", "start": "s",
             "periods": [{"id": "a", "label": "l", "length": {"months": 12}, "repeat": "indefinitely"},
                         {"id": "b", "label": "l", "length": {"months": 6}}]})",
         "/powers/0/periods/0/repeat: only the last period of a power may repeat indefinitely"},
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"months": 12}, "repeat": "indefinitely"}]})",
         "/powers/0/deadlines/0/repeat: \"repeat\" needs \"every\""},
        {R"({"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"months": 6},
                            "underlying": {"powers": ["nowhere"]}}]})",
         "/powers/0/deadlines/0/underlying: \"nowhere\" must be another power of this rule set"},
        {R"({"code": "y", "name": "y", "start": "s", "periods": [{"id": "e", "label": "l", "length": {"days": 28}}]},
            {"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"hours": 6}, "underlying": {"powers": ["y"]}}]})",
         "/powers/1/deadlines/0/underlying: a deadline counted against an underlying power is a span in days or months"},
        {R"({"code": "y", "name": "y", "start": "s", "periods": [{"id": "e", "label": "l", "length": {"days": 28}}]},
            {"code": "z", "name": "z", "start": "s", "periods": [{"id": "e", "label": "l", "length": {"days": 28}}]},
            {"code": "x", "name": "x", "start": "s", "noExpiry": "why",
             "deadlines": [{"id": "d", "label": "l", "within": {"months": 6},
                            "underlying": {"powers": ["y"], "periodEndOnly": ["z"]}}]})",
         "/powers/2/deadlines/0/underlying: \"z\" in periodEndOnly is not among the powers"},
        {R"({"code": "x", "name": "x", "start": "s", "maximumTotal": {"months": 12},
             "periods": [{"id": "e", "label": "l", "length": {"hours": 6}}]})",
         "/powers/0/maximumTotal: a maximum total is only supported on calendar periods"},
    };
    for (const auto& [power, expected] : cases) {
        auto parsed = parseRuleSet(table(power), "t.json");
        ASSERT_FALSE(parsed.ok()) << power;
        EXPECT_NE(parsed.message().find(expected), std::string::npos) << parsed.message();
    }
}

} // namespace
} // namespace avocet::core::alerts

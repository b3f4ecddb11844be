// Performance metrics on the real hub and a throwaway PostgreSQL (docs/metrics.md): a small record
// is fed the way the EPRs feed it (Paris and Mobius integration engines, role epr_feed) and forms
// are completed through the hub's FHIR API by clinicians; every figure below was worked out by hand
// from that record, case by case, including the edges (a review exactly 12 months before, an
// appointment at 71 and at 73 hours, an episode ending at 23:30 London time on the last day).

#include "tests/support/CompletedForm.h"
#include "tests/support/ShellCommand.h"
#include "tests/integration/support/HubEnvironment.h"
#include "tests/integration/support/HubSql.h"
#include "tests/support/TempDir.h"

#include "core/crypto/KeyWrap.h"
#include "core/store/ProfileStore.h"

#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <sys/wait.h>

using avocet::test::HttpClient;
using avocet::test::HubEnvironment;
using nlohmann::json;

namespace {

const std::string kNhs = "https://fhir.nhs.uk/Id/nhs-number";
const std::string kParis = "https://fhir.avocet.example/Id/paris-record-id";
const std::string kMobius = "https://fhir.avocet.example/Id/mobius-record-id";
const std::string kChangedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";
const std::string kLegalStatus = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";
const std::string kReviewSubject = "https://fhir.avocet.example/CodeSystem/review-subject";
const std::string kSetting = "https://fhir.avocet.example/StructureDefinition/care-setting";
const std::string kTemplates = "https://fhir.avocet.example/Questionnaire/";

struct FedPatient
{
    std::string record; // the EPR's patient record id
    std::string nhs;
    std::string epr; // Paris or Mobius
    std::string team;
    std::string hubId;
};

json changed() { return json::array({{{"url", kChangedAt}, {"valueInstant", "2026-06-01T08:00:00Z"}}}); }

json recordSystem(const FedPatient& p) { return p.epr == "Paris" ? json(kParis) : json(kMobius); }

json recordId(const FedPatient& p, const std::string& value)
{
    return json::array({{{"system", recordSystem(p)}, {"value", value}}});
}

json byRecord(const FedPatient& p) { return {{"identifier", {{"system", recordSystem(p)}, {"value", p.record}}}}; }

json coded(const std::string& system, const std::string& code)
{
    return {{"coding", json::array({{{"system", system}, {"code", code}}})}};
}

class MetricWorld
{
public:
    static MetricWorld& shared()
    {
        static MetricWorld world;
        return world;
    }

    HubEnvironment& env = HubEnvironment::shared();
    std::map<std::string, FedPatient> patients;

    HttpClient feedFor(const FedPatient& p) const { return env.clientFor(p.epr == "Paris" ? "feed.paris.kpi" : "feed.mobius.kpi"); }

    void feed(const FedPatient& p, const json& resource)
    {
        auto client = feedFor(p);
        const auto sent = client.post("/" + resource["resourceType"].get<std::string>(), resource,
                                      {{"Content-Type", "application/fhir+json"}});
        if (sent.status != 200 && sent.status != 201)
            throw std::runtime_error("feed refused " + resource.dump() + ": " + sent.body);
    }

    // A form completed through the hub's FHIR API by a clinician of the patient's team.
    void submit(const FedPatient& p, const std::string& user, json response)
    {
        response["subject"] = {{"reference", "Patient/" + p.hubId}};
        auto client = env.clientFor(user);
        const auto posted = client.post("/QuestionnaireResponse", response, {{"Content-Type", "application/fhir+json"}});
        if (posted.status != 201)
            throw std::runtime_error("form refused: " + posted.body);
    }

private:
    MetricWorld()
    {
        for (const auto& step : std::vector<std::vector<std::string>>{
                 {"create-team", "kpi-north"},
                 {"create-team", "kpi-south"},
                 {"create-user", "feed.paris.kpi", "--role", "epr_feed", "--epr", "Paris"},
                 {"create-user", "feed.mobius.kpi", "--role", "epr_feed", "--epr", "Mobius"},
                 {"create-user", "nurse.kpi.north", "--role", "clinician", "--team", "kpi-north"},
                 {"create-user", "nurse.kpi.south", "--role", "clinician", "--team", "kpi-south"},
                 {"create-user", "manager.kpi.north", "--role", "team_manager", "--team", "kpi-north"}}) {
            if (env.admin(step) != 0)
                throw std::runtime_error("setup failed: " + step[0] + " " + step[1]);
        }
        const std::vector<FedPatient> people = {
            {"P1", "9990005206", "Paris", "kpi-north", ""}, {"P2", "9990005214", "Paris", "kpi-north", ""},
            {"P3", "9990005222", "Paris", "kpi-north", ""}, {"P4", "9990005230", "Paris", "kpi-north", ""},
            {"M1", "9990005249", "Mobius", "kpi-south", ""}, {"M2", "9990005257", "Mobius", "kpi-south", ""},
            {"M3", "9990005265", "Mobius", "kpi-south", ""}};
        auto admin = env.clientFor("admin1");
        for (auto p : people) {
            feed(p, {{"resourceType", "Patient"},
                     {"identifier", json::array({{{"system", recordSystem(p)}, {"value", p.record}},
                                                 {{"system", kNhs}, {"value", p.nhs}}})},
                     {"extension", changed()},
                     {"name", json::array({{{"family", "Kpi-" + p.record}, {"given", json::array({"Test"})}}})},
                     {"birthDate", "1980-01-01"}});
            const auto found =
                admin.get("/Patient?identifier=" + recordSystem(p).get<std::string>() + "|" + p.record).json();
            if (found.value("total", 0) != 1)
                throw std::runtime_error("patient " + p.record + " not on the hub: " + found.dump());
            p.hubId = found["entry"][0]["resource"]["id"];
            if (env.admin({"assign-caseload", p.team, p.hubId}) != 0)
                throw std::runtime_error("cannot assign " + p.record);
            patients[p.record] = p;
        }
        feedRecord();
    }

    const FedPatient& at(const std::string& record) { return patients.at(record); }

    void episode(const std::string& record, const std::string& id, const std::string& status,
                 const std::string& start, const std::string& end)
    {
        const auto& p = at(record);
        json e = {{"resourceType", "EpisodeOfCare"}, {"identifier", recordId(p, id)}, {"extension", changed()},
                  {"status", status}, {"patient", byRecord(p)}, {"period", {{"start", start}, {"end", end}}},
                  {"team", json::array({{{"display", p.team}}})}};
        feed(p, e);
    }

    void score(const std::string& record, const std::string& id, const std::string& loinc, int value,
               const std::string& when)
    {
        const auto& p = at(record);
        feed(p, {{"resourceType", "Observation"}, {"identifier", recordId(p, id)}, {"extension", changed()},
                 {"status", "final"}, {"code", coded("http://loinc.org", loinc)}, {"subject", byRecord(p)},
                 {"valueInteger", value}, {"effectiveDateTime", when}});
    }

    void review(const std::string& record, const std::string& id, const std::string& subject,
                const std::string& status, const std::string& start)
    {
        const auto& p = at(record);
        feed(p, {{"resourceType", "CarePlan"}, {"identifier", recordId(p, id)},
                 {"extension", json::array({changed()[0], {{"url", kSetting}, {"valueCode", "community"}}})},
                 {"status", status}, {"intent", "plan"}, {"category", json::array({coded(kReviewSubject, subject)})},
                 {"subject", byRecord(p)}, {"period", {{"start", start}}}});
    }

    void stay(const std::string& record, const std::string& id, const std::string& start, const std::string& end)
    {
        const auto& p = at(record);
        feed(p, {{"resourceType", "Encounter"}, {"identifier", recordId(p, id)}, {"extension", changed()},
                 {"status", "finished"},
                 {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
                 {"subject", byRecord(p)}, {"period", {{"start", start}, {"end", end}}}});
    }

    void appointment(const std::string& record, const std::string& id, const std::string& status,
                     const std::string& start)
    {
        const auto& p = at(record);
        feed(p, {{"resourceType", "Appointment"}, {"identifier", recordId(p, id)}, {"extension", changed()},
                 {"status", status}, {"appointmentType", {{"text", "Follow-up visit"}}}, {"start", start},
                 {"minutesDuration", 30},
                 {"participant", json::array({{{"actor", {{"type", "Patient"},
                                                         {"identifier", {{"system", kNhs}, {"value", p.nhs}}}}},
                                               {"status", "accepted"}}})}});
    }

    // A power as the feeds send it; `context` empty leaves the context sub-extension out.
    void power(const std::string& record, const std::string& id, const std::string& code, const std::string& context,
               const std::string& start, const std::string& end)
    {
        const auto& p = at(record);
        json legal = {{"url", kLegalStatus}, {"extension", json::array()}};
        if (!context.empty())
            legal["extension"].push_back(
                {{"url", "legalStatusContext"},
                 {"valueCodeableConcept", coded("https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext", context)}});
        legal["extension"].push_back(
            {{"url", "legalStatusClassification"},
             {"valueCodeableConcept",
              coded("https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland", code)}});
        json e = {{"resourceType", "Encounter"}, {"identifier", recordId(p, id)},
                  {"extension", json::array({changed()[0], legal})}, {"status", end.empty() ? "in-progress" : "finished"},
                  {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
                  {"subject", byRecord(p)}, {"period", {{"start", start}}}};
        if (!end.empty())
            e["period"]["end"] = end;
        feed(p, e);
    }

    // A form the forms engine accepts as complete (the hub refuses any other as completed), dated.
    static json form(const std::string& templ, const std::string& dateItem, const std::string& authored)
    {
        return avocet::test::completedResponse(std::string(AVOCET_SOURCE_DIR) + "/resources/templates/" + templ +
                                                   "-1.0.0.json",
                                               {{dateItem, {{"valueDate", authored.substr(0, 10)}}}}, authored);
    }

    void feedRecord()
    {
        // Paired outcome measure, May 2026: episodes ending in May are E1 (P1), E2 (P2), E3 (M1).
        episode("P1", "EOC-1", "finished", "2026-01-10", "2026-05-10"); // PHQ-9 fed at the start, by form at the end: paired
        score("P1", "OBS-1", "44261-6", 14, "2026-01-15T10:00:00Z");
        episode("P2", "EOC-2", "finished", "2026-02-01", "2026-05-20"); // PHQ-9 at the start, GAD-7 at the end: not paired
        score("P2", "OBS-2", "44261-6", 12, "2026-02-05T10:00:00Z");
        score("P2", "OBS-3", "70274-6", 9, "2026-05-18T10:00:00Z");
        episode("M1", "EOC-3", "finished", "2026-03-01", "2026-05-31T22:30:00Z"); // 23:30 London, 31 May: in May; GAD-7 paired
        score("M1", "OBS-4", "70274-6", 15, "2026-03-02T10:00:00Z");
        score("M1", "OBS-5", "70274-6", 6, "2026-05-30T10:00:00Z");
        episode("M2", "EOC-4", "finished", "2026-03-01", "2026-06-01T00:30:00+01:00"); // 1 June London: not in May
        score("M2", "OBS-6", "70274-6", 15, "2026-03-02T10:00:00Z");
        score("M2", "OBS-7", "70274-6", 5, "2026-05-29T10:00:00Z");
        episode("P3", "EOC-5", "active", "2026-01-01", "2026-05-12"); // not finished: not counted

        // Care plan reviewed within 12 months, as at 31 May 2026 (reviewed on or after 1 June 2025).
        review("P1", "CP-1", "care-plan", "active", "2025-06-01"); // exactly 12 months: met
        review("P2", "CP-2", "care-plan", "active", "2025-05-31"); // one day too old
        review("P3", "CP-3", "care-plan", "active", "2024-01-01"); // old, but a CPA review form in April: met
        review("M1", "CP-4", "care-plan", "active", "2026-06-10"); // reviewed only after the period: not met
        review("M2", "CP-5", "care-plan", "completed", "2026-01-01"); // no active care plan: not in the population

        // Risk assessment within 6 months, as at 31 May 2026 (on or after 1 December 2025), whole caseload.
        review("P1", "RA-1", "risk-assessment", "active", "2025-12-01"); // met
        review("P2", "RA-2", "risk-assessment", "active", "2025-11-30"); // not met
        review("M3", "RA-3", "risk-assessment", "active", "2026-01-15"); // met
        // P4 and M1 by form (below); P3, M2: none.

        // Follow-up within 72 hours of inpatient discharge, May 2026.
        stay("P1", "STAY-1", "2026-04-20T10:00:00Z", "2026-05-05T10:00:00Z");
        appointment("P1", "APT-1", "fulfilled", "2026-05-08T09:00:00Z"); // 71 hours: met
        stay("P2", "STAY-2", "2026-04-21T10:00:00Z", "2026-05-06T10:00:00Z");
        appointment("P2", "APT-2", "fulfilled", "2026-05-09T11:00:00Z"); // 73 hours: too late
        appointment("P2", "APT-3", "booked", "2026-05-07T11:00:00Z");    // booked, not attended
        stay("M1", "STAY-3", "2026-05-01T10:00:00Z", "2026-05-20T12:00:00Z"); // a form the next day: met
        stay("M3", "STAY-4", "2026-04-10T10:00:00Z", "2026-04-30T23:30:00Z"); // 00:30 London on 1 May: in May, no contact

        // Legal-status items, detentions running in May 2026.
        power("P4", "MHA-1", "02", "admission", "2026-04-20T10:00:00Z", "2026-05-05T12:00:00Z"); // complete
        power("P4", "MHA-2", "03", "admission", "2026-05-05T12:00:00Z", "");                     // complete
        power("M2", "MHA-3", "02", "", "2026-05-10T09:00:00Z", "");                              // no context
        power("M3", "MHA-4", "20", "admission", "2026-05-12", "");                               // start without a time
        power("P3", "MHA-5", "01", "admission", "2026-05-01T09:00:00Z", "");                     // informal: not a detention
        power("P2", "MHA-6", "02", "admission", "2026-03-01T09:00:00Z", "2026-04-10T09:00:00Z"); // ended before May

        // Forms completed through the hub's FHIR API by the teams' clinicians.
        json phq9 = json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) +
                                                        "/tests/fixtures/responses/phq9-completed.json"));
        phq9.erase("id");
        phq9["authored"] = "2026-05-02T10:00:00Z"; // P1's end-of-care PHQ-9: the hub derives its Observations
        submit(at("P1"), "nurse.kpi.north", phq9);
        submit(at("P3"), "nurse.kpi.north", form("cpa-review", "review-date", "2026-04-20T14:00:00Z"));
        submit(at("P4"), "nurse.kpi.north", form("risk-assessment", "assessment-date", "2026-03-01T11:00:00Z"));
        submit(at("M1"), "nurse.kpi.south", form("risk-assessment", "assessment-date", "2026-05-21T09:00:00Z"));
    }
};

struct Figure
{
    long long numerator;
    long long denominator;
};

Figure figure(const json& row) { return {row.at("numerator").get<long long>(), row.at("denominator").get<long long>()}; }

bool operator==(const Figure& a, const Figure& b) { return a.numerator == b.numerator && a.denominator == b.denominator; }

std::ostream& operator<<(std::ostream& out, const Figure& f) { return out << f.numerator << "/" << f.denominator; }

json report(const std::string& user, const std::string& metric, const std::string& query = "from=2026-05-01&to=2026-05-31")
{
    MetricWorld::shared();
    auto client = HubEnvironment::shared().clientFor(user);
    const auto answer = client.get("/reports/metric/" + metric + "?" + query);
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.status == 200 ? answer.json() : json::object();
}

Figure teamFigure(const json& answer, const std::string& team)
{
    for (const auto& row : answer.value("teams", json::array()))
        if (row.value("team", "") == team)
            return figure(row);
    return {-1, -1};
}

Figure cell(const json& answer, const std::string& team, const std::string& epr)
{
    for (const auto& row : answer.value("rows", json::array()))
        if (row.value("team", "") == team && row.value("epr", "") == epr)
            return figure(row);
    return {-1, -1};
}

// avocetctl --json with the profile, user and passphrase (and a hub password for login).
std::pair<int, json> ctl(const std::filesystem::path& profile, const std::string& user, const std::vector<std::string>& args)
{
    std::string command = "AVOCET_PASSPHRASE='canary metrics passphrase staple' AVOCET_PASSWORD=" +
                          avocet::test::shellQuoted(avocet::test::kTestPassword) + " " + avocet::test::shellQuoted(AVOCET_CTL_BINARY) +
                          " --json --profile " + avocet::test::shellQuoted(profile.string()) + " --user " + avocet::test::shellQuoted(user);
    for (const auto& arg : args)
        command += " " + avocet::test::shellQuoted(arg);
    const auto [status, text] = avocet::test::runShell(command + " 2>&1");
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded())
        parsed = text;
    return {status, parsed};
}

} // namespace

TEST(MetricReports, TheLibraryIsServedToEveryReaderAndListedByTheCommandLine)
{
    MetricWorld::shared();
    auto designer = HubEnvironment::shared().clientFor("designer");
    const auto listed = designer.get("/reports/metrics");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json library = listed.json();
    EXPECT_EQ(library["version"], "1.1.0");
    ASSERT_EQ(library["metrics"].size(), 7u);
    EXPECT_EQ(library["metrics"][0]["id"], "paired-outcome-measure");
    EXPECT_EQ(library["metrics"][0]["reads"][0]["code"], "44261-6");
    EXPECT_EQ(library["metrics"][2]["parameters"]["within"], "72 hours");

    std::string output;
    ASSERT_EQ(HubEnvironment::shared().admin({"metrics"}, &output), 0) << output;
    const json fromCommand = json::parse(output.substr(output.find('{')));
    EXPECT_EQ(fromCommand, library);
    EXPECT_EQ(HubEnvironment::shared().admin({"metrics", "--date", "2020-01-01"}, &output), 1) << output;
}

TEST(MetricReports, PairedOutcomeMeasuresCountEpisodesEndingInTheLondonPeriod)
{
    const json answer = report("admin1", "paired-outcome-measure");
    EXPECT_EQ(figure(answer["total"]), (Figure{2, 3})) << answer.dump(2);
    EXPECT_EQ(cell(answer, "kpi-north", "Paris"), (Figure{1, 2}));
    EXPECT_EQ(cell(answer, "kpi-south", "Mobius"), (Figure{1, 1}));
    EXPECT_EQ(answer["total"]["percent"], 66.7);
    EXPECT_EQ(answer["total"]["meetsTarget"], true); // target 40 %
    // June holds M2's episode (ended 00:30 London on 1 June): start and end GAD-7 within 28 days.
    const json june = report("admin1", "paired-outcome-measure", "from=2026-06-01&to=2026-06-30");
    EXPECT_EQ(figure(june["total"]), (Figure{1, 1})) << june.dump(2);
}

TEST(MetricReports, CarePlanReviewsCountTheFedReviewDateAndTheCpaReviewForm)
{
    const json answer = report("admin1", "care-plan-reviewed");
    EXPECT_EQ(figure(answer["total"]), (Figure{2, 4})) << answer.dump(2);
    EXPECT_EQ(teamFigure(answer, "kpi-north"), (Figure{2, 3}));
    EXPECT_EQ(teamFigure(answer, "kpi-south"), (Figure{0, 1}));
    EXPECT_EQ(answer["total"]["meetsTarget"], false);
    // As at the end of June, M1's review of 10 June counts, and P1's of 1 June 2025 no longer does.
    const json june = report("admin1", "care-plan-reviewed", "from=2026-06-01&to=2026-06-30");
    EXPECT_EQ(teamFigure(june, "kpi-north"), (Figure{1, 3})) << june.dump(2);
    EXPECT_EQ(teamFigure(june, "kpi-south"), (Figure{1, 1}));
}

TEST(MetricReports, RiskAssessmentsCountTheWholeCaseload)
{
    const json answer = report("admin1", "risk-assessment-current");
    EXPECT_EQ(figure(answer["total"]), (Figure{4, 7})) << answer.dump(2);
    EXPECT_EQ(cell(answer, "kpi-north", "Paris"), (Figure{2, 4}));
    EXPECT_EQ(cell(answer, "kpi-south", "Mobius"), (Figure{2, 3}));
}

TEST(MetricReports, FollowUpWithin72HoursOfDischargeCountsAttendedVisitsAndCompletedForms)
{
    const json answer = report("admin1", "follow-up-72h");
    EXPECT_EQ(figure(answer["total"]), (Figure{2, 4})) << answer.dump(2);
    EXPECT_EQ(teamFigure(answer, "kpi-north"), (Figure{1, 2}));
    EXPECT_EQ(teamFigure(answer, "kpi-south"), (Figure{1, 2}));
}

TEST(MetricReports, LegalStatusItemsAreCompleteOnlyWithClassificationContextAndATimedStart)
{
    const json answer = report("admin1", "legal-status-complete");
    EXPECT_EQ(figure(answer["total"]), (Figure{2, 4})) << answer.dump(2);
    EXPECT_EQ(cell(answer, "kpi-north", "Paris"), (Figure{2, 2}));
    EXPECT_EQ(cell(answer, "kpi-south", "Mobius"), (Figure{0, 2}));
}

TEST(MetricReports, FormDeliveriesStillInsideTheirWindowAreNotCountedYet)
{
    MetricWorld::shared();
    std::string output;
    ASSERT_EQ(HubEnvironment::shared().admin({"report", "--metric", "forms-delivered-24h", "--from", "2026-01-01",
                                              "--to", "2099-12-31", "--json"},
                                             &output),
              0)
        << output;
    const json answer = json::parse(output.substr(output.find('{')));
    // The forms were submitted moments ago and no EPR endpoint answers in this test hub: each
    // delivery the hub planned is still inside its 24 hours, so none is counted yet.
    const std::string planned =
        avocet::test::sqlValue(HubEnvironment::shared().conninfo(), "SELECT count(*) FROM epr_messages");
    EXPECT_EQ(figure(answer["total"]), (Figure{0, 0})) << answer.dump(2);
    EXPECT_EQ(std::to_string(answer["notYetDue"].get<long long>()), planned) << answer.dump(2);
}

TEST(MetricReports, ManagersAndCliniciansSeeOnlyTheirOwnTeams)
{
    const json manager = report("manager.kpi.north", "risk-assessment-current");
    EXPECT_EQ(figure(manager["total"]), (Figure{2, 4})) << manager.dump(2);
    EXPECT_EQ(manager["teams"].size(), 1u);
    EXPECT_EQ(teamFigure(manager, "kpi-north"), (Figure{2, 4}));
    const json nurse = report("nurse.kpi.south", "risk-assessment-current");
    EXPECT_EQ(figure(nurse["total"]), (Figure{2, 3})) << nurse.dump(2);

    auto env = &HubEnvironment::shared();
    auto managerClient = env->clientFor("manager.kpi.north");
    const auto otherTeam = managerClient.get("/reports/metric/risk-assessment-current?from=2026-05-01&to=2026-05-31&team=kpi-south");
    EXPECT_EQ(otherTeam.status, 403) << otherTeam.body;
    // A team manager reads figures, not records or caseload lists.
    EXPECT_EQ(managerClient.get("/Patient?_count=5").status, 403);
    EXPECT_EQ(managerClient.get("/Caseload").status, 403);
    // A change manager reads the library, not the figures; a feed reads nothing.
    auto designer = env->clientFor("designer");
    EXPECT_EQ(designer.get("/reports/metric/risk-assessment-current?from=2026-05-01&to=2026-05-31").status, 403);
    auto feed = env->clientFor("feed.paris.kpi");
    EXPECT_EQ(feed.get("/reports/metrics").status, 403);
}

TEST(MetricReports, CsvComesWithAcceptOrFormatAndFromTheCommandLine)
{
    MetricWorld::shared();
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const auto byAccept = admin.request("GET", "/reports/metric/legal-status-complete?from=2026-05-01&to=2026-05-31", "",
                                        {{"Accept", "text/csv"}});
    ASSERT_EQ(byAccept.status, 200) << byAccept.body;
    const std::string expected =
        "metric,library,from,to,team,epr,numerator,denominator,percent,target_percent,meets_target\r\n"
        "legal-status-complete,1.1.0,2026-05-01,2026-05-31,kpi-north,Paris,2,2,100.0,100,yes\r\n"
        "legal-status-complete,1.1.0,2026-05-01,2026-05-31,kpi-south,Mobius,0,2,0.0,100,no\r\n"
        "legal-status-complete,1.1.0,2026-05-01,2026-05-31,kpi-north,(all),2,2,100.0,100,yes\r\n"
        "legal-status-complete,1.1.0,2026-05-01,2026-05-31,kpi-south,(all),0,2,0.0,100,no\r\n"
        "legal-status-complete,1.1.0,2026-05-01,2026-05-31,(all),(all),2,4,50.0,100,no\r\n";
    EXPECT_EQ(byAccept.body, expected);
    const auto byFormat = admin.get("/reports/metric/legal-status-complete?from=2026-05-01&to=2026-05-31&_format=csv");
    EXPECT_EQ(byFormat.body, expected);

    std::string output;
    ASSERT_EQ(HubEnvironment::shared().admin({"report", "--metric", "legal-status-complete", "--from", "2026-05-01",
                                              "--to", "2026-05-31", "--team", "kpi-south", "--csv"},
                                             &output),
              0)
        << output;
    EXPECT_NE(output.find("legal-status-complete,1.1.0,2026-05-01,2026-05-31,(all),(all),0,2,0.0,100,no\r\n"),
              std::string::npos)
        << output;
    EXPECT_EQ(output.find("kpi-north"), std::string::npos) << output;
}

TEST(MetricReports, BadRequestsSayWhatIsWrong)
{
    MetricWorld::shared();
    auto admin = HubEnvironment::shared().clientFor("admin1");
    EXPECT_EQ(admin.get("/reports/metric/no-such?from=2026-05-01&to=2026-05-31").status, 404);
    const auto badDate = admin.get("/reports/metric/follow-up-72h?from=2026-5-1&to=2026-05-31");
    EXPECT_EQ(badDate.status, 400);
    EXPECT_NE(badDate.body.find("from must be a date as YYYY-MM-DD"), std::string::npos) << badDate.body;
    EXPECT_EQ(admin.get("/reports/metric/follow-up-72h?from=2026-06-01&to=2026-05-31").status, 400);
    EXPECT_EQ(admin.get("/reports/metric/follow-up-72h?from=2026-05-01").status, 400);
    std::string output;
    EXPECT_EQ(HubEnvironment::shared().admin({"report", "--metric", "follow-up-72h", "--from", "2026-05-01"}, &output), 2);
    EXPECT_EQ(HubEnvironment::shared().admin({"report", "--metric", "follow-up-72h", "--from", "2026-05-01", "--to",
                                              "2026-05-31", "--csv", "--json"},
                                             &output),
              2);
    EXPECT_EQ(HubEnvironment::shared().admin({"report", "--metric", "nope", "--from", "2026-05-01", "--to",
                                              "2026-05-31"},
                                             &output),
              2);
}

// The desktop's figures come from its encrypted cache, off-line, through the same use case the
// dashboard uses; after a sync they are the hub's figures for the same caseload.
TEST(MetricReports, CaseloadFiguresFromTheCacheMatchTheHubsAfterASync)
{
    MetricWorld::shared();
    avocet::test::TempDir profiles("metrics-cache");
    for (const auto& [user, team] : {std::pair<std::string, std::string>{"nurse.kpi.north", "kpi-north"},
                                     std::pair<std::string, std::string>{"nurse.kpi.south", "kpi-south"}}) {
        SCOPED_TRACE(user);
        avocet::core::store::ProfileStore store(profiles.path());
        ASSERT_TRUE(store.create(user, "canary metrics passphrase staple", avocet::core::crypto::KdfParams::minimal()).ok());
        const std::string url = "http://127.0.0.1:" + std::to_string(HubEnvironment::shared().port());
        ASSERT_EQ(ctl(profiles.path(), user, {"login", "--server", url}).first, 0);
        const auto synced = ctl(profiles.path(), user, {"sync"});
        ASSERT_EQ(synced.first, 0) << synced.second.dump(2);
        for (const char* metric : {"paired-outcome-measure", "care-plan-reviewed", "follow-up-72h",
                                   "risk-assessment-current", "legal-status-complete"}) {
            SCOPED_TRACE(metric);
            for (const std::string period : {"from=2026-05-01&to=2026-05-31", "from=2026-06-01&to=2026-06-30"}) {
                const json hub = report(user, metric, period);
                const auto [status, cache] = ctl(profiles.path(), user,
                                                 {"report", "--metric", metric, "--from", period.substr(5, 10),
                                                  "--to", period.substr(19, 10)});
                ASSERT_EQ(status, 0) << cache.dump(2);
                EXPECT_EQ(cache["source"], "cache");
                EXPECT_EQ((Figure{cache["numerator"].get<long long>(), cache["denominator"].get<long long>()}),
                          figure(hub["total"]))
                    << period << "\nhub: " << hub.dump(2) << "\ncache: " << cache.dump(2);
                EXPECT_EQ(cache["meetsTarget"], hub["total"]["meetsTarget"]);
            }
        }
        // The hub alone knows when each EPR acknowledged a form.
        const auto delivered = ctl(profiles.path(), user, {"report", "--metric", "forms-delivered-24h"});
        EXPECT_EQ(delivered.first, 1) << delivered.second.dump(2);
    }
    // Hand-checked, as on the hub: north's May figures from north's cache.
    const auto [status, north] = ctl(profiles.path(), "nurse.kpi.north",
                                     {"report", "--metric", "follow-up-72h", "--from", "2026-05-01", "--to", "2026-05-31"});
    ASSERT_EQ(status, 0);
    EXPECT_EQ((Figure{north["numerator"].get<long long>(), north["denominator"].get<long long>()}), (Figure{1, 2}));
    EXPECT_EQ(north["patientsMissing"].size(), 1u);
}

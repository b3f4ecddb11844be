// SDC observation-based extraction in the submit use case, on a real encrypted cache: a PHQ-9
// completed on this computer with item 9 scored raises its alert at once, before any sync, because
// the submission queues the Observations its coded answers stand for and re-runs the projection;
// an amendment follows the answers; a retry and the hub's copy coming back leave one score; a form
// without coded items extracts nothing.
#include "core/alerts/RuleLibrary.h"
#include "core/forms/FormSession.h"
#include "core/forms/ObservationExtract.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormSubmission.h"
#include "core/usecases/PatientAlerts.h"
#include "tests/support/TempDir.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

constexpr const char* kUser = "r.okafor";
constexpr const char* kPass = "a long enough passphrase for tests";

json readTemplate(const std::string& name)
{
    const char* root = std::getenv("AVOCET_SOURCE_DIR");
    std::ifstream in(std::string(root ? root : ".") + "/resources/templates/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
}

class ObservationExtractionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create(kUser, kPass, crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock(kUser, kPass);
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 6;
        m_patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
        auto rules = alerts::RuleLibrary::builtin();
        ASSERT_TRUE(rules.ok()) << rules.message();
        m_rules = std::make_unique<alerts::RuleLibrary>(std::move(*rules));
        m_phq9 = readTemplate("phq9-outcome-1.0.0.json");
        ASSERT_TRUE(m_phq9.is_object()) << "resources/templates/phq9-outcome-1.0.0.json (AVOCET_SOURCE_DIR)";
    }

    // A PHQ-9 completed through the form engine, as "Mark complete" writes it: every item
    // "Several days" (1) but item 9, scored `item9`.
    json phq9(const identity::Patient& patient, const std::string& item9Code,
              forms::ResponseStatus status = forms::ResponseStatus::Completed)
    {
        auto questionnaire = forms::Questionnaire::fromJson(m_phq9);
        EXPECT_TRUE(questionnaire.ok());
        auto session = forms::FormSession::open(*questionnaire);
        EXPECT_TRUE(session.ok());
        EXPECT_TRUE(session->setAnswer("assessment-date", {{"valueDate", "2026-12-01"}}).ok());
        for (int i = 1; i <= 8; ++i)
            EXPECT_TRUE(session->chooseOption("phq9-" + std::to_string(i), "LA6569-3").ok());
        EXPECT_TRUE(session->chooseOption("phq9-9", item9Code).ok());
        forms::ResponseHeader header;
        header.status = status;
        header.nhsNumber = *patient.nhsNumber;
        header.authored = "2026-12-01T10:00:00Z";
        auto written = forms::QuestionnaireResponseCodec::write(*session, header);
        EXPECT_TRUE(written.ok()) << written.message();
        return written.ok() ? *written : json();
    }

    Submission submission(const identity::Patient& patient, json response)
    {
        Submission out;
        out.patientId = patient.id;
        out.title = "PHQ-9 outcome record";
        out.response = std::move(response);
        out.questionnaire = m_phq9;
        return out;
    }

    alerts::PatientAlertReport alertsFor(const identity::Patient& patient)
    {
        auto now = alerts::parseIsoInstant("2026-12-01T12:00:00Z");
        EXPECT_TRUE(now.ok());
        auto report = patientAlerts(*m_cache, *m_rules, patient.id, *now);
        EXPECT_TRUE(report.ok()) << report.message();
        return report.ok() ? *report : alerts::PatientAlertReport{};
    }

    static bool hasItem9Alert(const alerts::PatientAlertReport& report)
    {
        for (const auto& alert : report.alerts)
            if (alert.key.find("phq9-item9") != std::string::npos)
                return true;
        return false;
    }

    std::vector<sync::LocalResource> observations()
    {
        auto all = sync::SyncStore(m_cache->database()).list("Observation");
        EXPECT_TRUE(all.ok());
        return all.ok() ? *all : std::vector<sync::LocalResource>{};
    }

    const sync::LocalResource* observationOf(const std::vector<sync::LocalResource>& all,
                                             const std::string& loinc)
    {
        for (const auto& resource : all)
            for (const auto& coding : resource.content["code"]["coding"])
                if (coding.value("code", "") == loinc)
                    return &resource;
        return nullptr;
    }

    std::vector<store::ScoreRecord> scores(const identity::Patient& patient)
    {
        auto held = store::CaseloadStore(m_cache->database()).scores(patient.id);
        EXPECT_TRUE(held.ok());
        return held.ok() ? *held : std::vector<store::ScoreRecord>{};
    }

    test::TempDir m_dir{"usecases-extract"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients;
    std::unique_ptr<alerts::RuleLibrary> m_rules;
    json m_phq9;
};

TEST_F(ObservationExtractionTest, APhq9WithItem9ScoredRaisesItsAlertAtOnceWithoutSync)
{
    const auto& patient = m_patients[0];
    ASSERT_FALSE(hasItem9Alert(alertsFor(patient)));
    auto queued = submitCompletedForm(*m_cache, submission(patient, phq9(patient, "LA6570-1"))); // 2
    ASSERT_TRUE(queued.ok()) << queued.message();
    EXPECT_FALSE(queued->alreadyQueued);
    // Nine items, the total and the difficulty question carry LOINC codes; the date does not.
    EXPECT_EQ(queued->observations, 10) << "phq9-1..9 and the total (difficulty was not answered)";

    const auto all = observations();
    ASSERT_EQ(all.size(), 10u);
    const auto* item9 = observationOf(all, "44260-8");
    ASSERT_NE(item9, nullptr);
    const json& observation = item9->content;
    EXPECT_EQ(item9->origin, "local");
    EXPECT_EQ(observation["status"], "final");
    EXPECT_EQ(observation["valueInteger"], 2) << observation.dump();
    EXPECT_EQ(observation["effectiveDateTime"], "2026-12-01T10:00:00Z");
    EXPECT_EQ(observation["subject"]["identifier"]["value"], *patient.nhsNumber);
    EXPECT_EQ(observation["subject"]["identifier"]["system"], "https://fhir.nhs.uk/Id/nhs-number");
    EXPECT_EQ(forms::derivedObservationKey(observation), queued->clientId + "#phq9-9");
    EXPECT_EQ(observation["derivedFrom"][0]["identifier"]["value"], queued->clientId);
    EXPECT_EQ(item9->patientRef.value_or(""), "Patient/" + patient.id);
    const auto* total = observationOf(all, "44261-6");
    ASSERT_NE(total, nullptr);
    EXPECT_EQ(total->content["valueInteger"], 10) << "8 x 1 + 2: the calculated total counts too";

    // The outbox holds the response and one create per Observation.
    auto outbox = sync::SyncStore(m_cache->database()).outbox();
    ASSERT_TRUE(outbox.ok());
    std::map<std::string, int> byType;
    for (const auto& row : *outbox) {
        EXPECT_EQ(row.op, "create");
        ++byType[row.type];
    }
    EXPECT_EQ(byType["QuestionnaireResponse"], 1);
    EXPECT_EQ(byType["Observation"], 10);
    EXPECT_EQ(queued->waiting, 11);

    // The scores and the alert, before any sync.
    const auto report = alertsFor(patient);
    EXPECT_TRUE(hasItem9Alert(report)) << "PHQ-9 item 9 scored 2 raises the item 9 alert at once";
    bool high = false;
    for (const auto& alert : report.alerts)
        high = high || (alert.key.find("phq9-item9") != std::string::npos &&
                        alert.severity == alerts::AlertSeverity::High);
    EXPECT_TRUE(high);
    EXPECT_EQ(scores(patient).size(), 2u) << "item 9 and the total are the scores the rules read";
}

TEST_F(ObservationExtractionTest, AnAmendmentToNotAtAllRemovesTheAlert)
{
    const auto& patient = m_patients[1];
    auto queued = submitCompletedForm(*m_cache, submission(patient, phq9(patient, "LA6571-9"))); // 3
    ASSERT_TRUE(queued.ok()) << queued.message();
    ASSERT_TRUE(hasItem9Alert(alertsFor(patient)));
    std::string alertKey;
    for (const auto& alert : alertsFor(patient).alerts)
        if (alert.key.find("phq9-item9") != std::string::npos)
            alertKey = alert.key;

    json amended = phq9(patient, "LA6568-5", forms::ResponseStatus::Amended); // 0
    ASSERT_TRUE(
        amendSubmittedForm(*m_cache, patient.id, queued->localId, "PHQ-9 outcome record", amended, m_phq9)
            .ok());
    EXPECT_FALSE(hasItem9Alert(alertsFor(patient))) << "item 9 amended to 0: no alert";
    const auto all = observations();
    EXPECT_EQ(all.size(), 10u) << "the amended answer replaces its Observation";
    const auto* item9 = observationOf(all, "44260-8");
    ASSERT_NE(item9, nullptr);
    EXPECT_EQ(item9->content["valueInteger"], 0);
    EXPECT_EQ(item9->content["status"], "final") << "never sent: still the create it was";
    auto outbox = sync::SyncStore(m_cache->database()).outbox();
    ASSERT_TRUE(outbox.ok());
    EXPECT_EQ(outbox->size(), 11u) << "coalesced: still one row per resource";
    for (const auto& score : scores(patient)) {
        if (score.item == "9") {
            EXPECT_EQ(score.value, 0);
        }
    }
    (void)alertKey;
}

TEST_F(ObservationExtractionTest, SubmittingTheSameResponseTwiceQueuesItOnce)
{
    const auto& patient = m_patients[2];
    const json response = phq9(patient, "LA6570-1");
    auto first = submitCompletedForm(*m_cache, submission(patient, response));
    ASSERT_TRUE(first.ok()) << first.message();
    auto again = submitCompletedForm(*m_cache, submission(patient, response));
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_TRUE(again->alreadyQueued);
    EXPECT_EQ(again->clientId, first->clientId);
    EXPECT_EQ(again->waiting, first->waiting);
    EXPECT_EQ(observations().size(), 10u);
    auto responses = sync::SyncStore(m_cache->database()).count("QuestionnaireResponse");
    ASSERT_TRUE(responses.ok());
    EXPECT_EQ(*responses, 1);
    int item9Alerts = 0;
    for (const auto& alert : alertsFor(patient).alerts)
        item9Alerts += alert.key.find("phq9-item9") != std::string::npos ? 1 : 0;
    EXPECT_EQ(item9Alerts, 1);
}

TEST_F(ObservationExtractionTest, TheHubsCopyComingBackLeavesOneScore)
{
    const auto& patient = m_patients[3];
    auto queued = submitCompletedForm(*m_cache, submission(patient, phq9(patient, "LA6570-1")));
    ASSERT_TRUE(queued.ok()) << queued.message();
    const auto before = scores(patient);
    ASSERT_EQ(before.size(), 2u);

    // The hub's copy pulled under its own id while the local row still waits (the push answer
    // lost): same derived identifier, origin server. One score, the one written here.
    sync::SyncStore store(m_cache->database());
    const auto held = observations();
    const auto* item9 = observationOf(held, "44260-8");
    ASSERT_NE(item9, nullptr);
    sync::LocalResource copy;
    copy.type = "Observation";
    copy.localId = "hub-obs-0001";
    copy.serverId = copy.localId;
    copy.versionId = "1";
    copy.content = item9->content;
    copy.content["id"] = copy.localId;
    copy.origin = "server";
    ASSERT_TRUE(store.writeResource(copy).ok());
    auto projected = sync::projectClinicalRecords(m_cache->database());
    ASSERT_TRUE(projected.ok()) << projected.message();
    const auto after = scores(patient);
    ASSERT_EQ(after.size(), 2u) << "one score per derived Observation, not two";
    for (const auto& score : after)
        EXPECT_NE(score.id, "hub-obs-0001");
    int item9Alerts = 0;
    for (const auto& alert : alertsFor(patient).alerts)
        item9Alerts += alert.key.find("phq9-item9") != std::string::npos ? 1 : 0;
    EXPECT_EQ(item9Alerts, 1);
}

TEST_F(ObservationExtractionTest, AFormWithoutCodedItemsExtractsNothing)
{
    const auto& patient = m_patients[4];
    json questionnaire = readTemplate("cpa-review-1.0.0.json");
    ASSERT_TRUE(questionnaire.is_object());
    questionnaire["extension"] = json::array(
        {{{"url", forms::kObservationExtractExtension}, {"valueBoolean", true}}}); // on, but nothing coded
    Submission form;
    form.patientId = patient.id;
    form.questionnaire = questionnaire;
    form.response = {
        {"resourceType", "QuestionnaireResponse"},
        {"status", "completed"},
        {"questionnaire", "https://fhir.avocet.example/Questionnaire/cpa-review|1.0.0"},
        {"authored", "2026-12-01T10:00:00Z"},
        {"subject",
         {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", *patient.nhsNumber}}}}},
        {"item",
         json::array({{{"linkId", "review"},
                       {"item", json::array({{{"linkId", "care-coordinator"},
                                              {"answer", json::array({{{"valueString", "Team A"}}})}}})}}})}};
    auto queued = submitCompletedForm(*m_cache, form);
    ASSERT_TRUE(queued.ok()) << queued.message();
    EXPECT_EQ(queued->observations, 0);
    EXPECT_TRUE(observations().empty());
    EXPECT_EQ(queued->waiting, 1);
}

TEST_F(ObservationExtractionTest, AResponseToAnotherFormIsRefused)
{
    const auto& patient = m_patients[5];
    Submission form = submission(patient, phq9(patient, "LA6570-1"));
    form.questionnaire = readTemplate("cpa-review-1.0.0.json");
    auto refused = submitCompletedForm(*m_cache, form);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::InvalidArgument);
    auto pending = sync::SyncStore(m_cache->database()).pendingCount();
    ASSERT_TRUE(pending.ok());
    EXPECT_EQ(*pending, 0);
}

TEST(ObservationExtract, AnItemCanOptOutUnderAFormThatOptsIn)
{
    json form = readTemplate("phq9-outcome-1.0.0.json");
    ASSERT_TRUE(form.is_object());
    form["item"][1]["item"][0]["extension"] =
        json::array({{{"url", forms::kObservationExtractExtension}, {"valueBoolean", false}}});
    auto questionnaire = forms::Questionnaire::fromJson(form);
    ASSERT_TRUE(questionnaire.ok());
    EXPECT_FALSE(forms::isExtracted(*questionnaire->findItem("phq9-1"), *questionnaire));
    EXPECT_TRUE(forms::isExtracted(*questionnaire->findItem("phq9-2"), *questionnaire));
    EXPECT_FALSE(forms::isExtracted(*questionnaire->findItem("assessment-date"), *questionnaire))
        << "no code";
}

} // namespace
} // namespace avocet::core::usecases

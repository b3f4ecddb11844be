// A CPA review or risk assessment completed on this computer sets the next review date at once,
// off-line, by the rule tables: the submit use case queues the CarePlan that records the review
// (category review-subject, period.start the day of the review, the care setting) beside the
// response and re-runs the projection, so the patient summary's "due by" moves from the day of the
// review by the rule's interval (12 months in the community, 7 days for a detained inpatient). An
// amendment moves it again and never doubles the plan; a template that declares a review subject
// the rules do not know is refused with what and where, and nothing is queued.
#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/CaseloadStore.h"
#include "core/store/ProfileStore.h"
#include "core/sync/DerivedReview.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/FormSubmission.h"
#include "core/usecases/PatientSummary.h"
#include "tests/support/TempDir.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

constexpr const char* kUser = "j.adeyemi";
constexpr const char* kPass = "a long enough passphrase for tests";

json readTemplate(const std::string& name)
{
    const char* root = std::getenv("AVOCET_SOURCE_DIR");
    std::ifstream in(std::string(root ? root : ".") + "/resources/templates/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
}

class ReviewCompletionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create(kUser, kPass, crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock(kUser, kPass);
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 4;
        m_patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
        auto rules = alerts::RuleLibrary::builtin();
        ASSERT_TRUE(rules.ok()) << rules.message();
        m_rules = std::make_unique<alerts::RuleLibrary>(std::move(*rules));
        m_cpa = readTemplate("cpa-review-1.0.0.json");
        m_risk = readTemplate("risk-assessment-1.0.0.json");
        ASSERT_TRUE(m_cpa.is_object() && m_risk.is_object()) << "resources/templates (AVOCET_SOURCE_DIR)";
    }

    json cpaReview(const identity::Patient& patient, const std::string& day, const json& questionnaire)
    {
        auto q = forms::Questionnaire::fromJson(questionnaire);
        EXPECT_TRUE(q.ok()) << q.message();
        auto session = forms::FormSession::open(*q);
        EXPECT_TRUE(session.ok());
        EXPECT_TRUE(session->setAnswer("review-date", {{"valueDate", day}}).ok());
        EXPECT_TRUE(session->chooseOption("cpa-level", "cpa").ok());
        EXPECT_TRUE(session->chooseOption("outcome", "continue-cpa").ok());
        forms::ResponseHeader header;
        header.status = forms::ResponseStatus::Completed;
        header.nhsNumber = *patient.nhsNumber;
        header.authored = "2026-12-02T16:40:00Z";
        auto written = forms::QuestionnaireResponseCodec::write(*session, header);
        EXPECT_TRUE(written.ok()) << written.message();
        return written.ok() ? *written : json();
    }

    json riskAssessment(const identity::Patient& patient, const std::string& day)
    {
        auto q = forms::Questionnaire::fromJson(m_risk);
        EXPECT_TRUE(q.ok());
        auto session = forms::FormSession::open(*q);
        EXPECT_TRUE(session.ok());
        EXPECT_TRUE(session->setAnswer("assessment-date", {{"valueDate", day}}).ok());
        EXPECT_TRUE(session->chooseOption("self-harm-risk", "medium").ok());
        EXPECT_TRUE(session->chooseOption("violence-risk", "low").ok());
        forms::ResponseHeader header;
        header.status = forms::ResponseStatus::Completed;
        header.nhsNumber = *patient.nhsNumber;
        header.authored = "2026-12-02T11:05:00Z";
        auto written = forms::QuestionnaireResponseCodec::write(*session, header);
        EXPECT_TRUE(written.ok()) << written.message();
        return written.ok() ? *written : json();
    }

    Result<QueuedSubmission> submit(const identity::Patient& patient, json response, const json& questionnaire,
                                    const std::string& title)
    {
        Submission s;
        s.patientId = patient.id;
        s.title = title;
        s.response = std::move(response);
        s.questionnaire = questionnaire;
        return submitCompletedForm(*m_cache, std::move(s));
    }

    std::optional<ReviewDue> reviewOf(const identity::Patient& patient, const std::string& subject)
    {
        auto now = alerts::parseIsoInstant("2026-12-02T17:00:00Z");
        EXPECT_TRUE(now.ok());
        auto summary = patientSummary(*m_cache, *m_rules, patient.id, *now);
        EXPECT_TRUE(summary.ok()) << summary.message();
        if (summary.ok())
            for (const auto& review : summary->reviews)
                if (review.subject == subject)
                    return review;
        return std::nullopt;
    }

    std::vector<sync::LocalResource> carePlans()
    {
        auto all = sync::SyncStore(m_cache->database()).list("CarePlan");
        EXPECT_TRUE(all.ok());
        return all.ok() ? *all : std::vector<sync::LocalResource>{};
    }

    test::TempDir m_dir{"usecases-review"};
    store::ProfileStore m_profiles{m_dir.path() / "profiles"};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients;
    std::unique_ptr<alerts::RuleLibrary> m_rules;
    json m_cpa;
    json m_risk;
};

TEST_F(ReviewCompletionTest, ACpaReviewCompletedHereSetsTheNextReviewTwelveMonthsOnBeforeAnySync)
{
    const auto& patient = m_patients[0];
    EXPECT_FALSE(reviewOf(patient, "care-plan")) << "no review is known before the form";
    auto queued = submit(patient, cpaReview(patient, "2026-11-30", m_cpa), m_cpa, "CPA review");
    ASSERT_TRUE(queued.ok()) << queued.message();

    const auto review = reviewOf(patient, "care-plan");
    ASSERT_TRUE(review);
    EXPECT_EQ(review->lastDone, "2026-11-30");
    EXPECT_EQ(review->setting, "community");
    EXPECT_EQ(review->dueBy, "2027-11-30"); // the rule table's 12 months, corresponding date
    EXPECT_EQ(review->state, "not-due");

    // The CarePlan waits to sync beside the response: linked to the patient, naming the response.
    const auto plans = carePlans();
    ASSERT_EQ(plans.size(), 1u);
    const auto& plan = plans.front();
    EXPECT_EQ(plan.origin, "local");
    EXPECT_EQ(plan.patientRef.value_or(""), "Patient/" + patient.id);
    EXPECT_EQ(plan.content["period"]["start"], "2026-11-30");
    EXPECT_EQ(plan.content["category"][0]["coding"][0]["code"], "care-plan");
    EXPECT_EQ(plan.content["subject"]["identifier"]["value"], *patient.nhsNumber);
    EXPECT_EQ(plan.content["supportingInfo"][0]["identifier"]["value"], queued->clientId);
    auto outbox = sync::SyncStore(m_cache->database()).outboxFor("CarePlan", plan.localId);
    ASSERT_TRUE(outbox.ok());
    EXPECT_TRUE(outbox->has_value()) << "the review's CarePlan is queued for sync";
}

TEST_F(ReviewCompletionTest, ARiskAssessmentForADetainedPatientIsDueAgainInSevenDays)
{
    const auto& patient = m_patients[1];
    store::LegalStatusRecord s3;
    s3.id = "enc-s3";
    s3.patientId = patient.id;
    s3.power = "s3";
    s3.startedAt = "2026-11-10T14:00:00Z";
    ASSERT_TRUE(store::CaseloadStore(m_cache->database()).upsertLegalStatus(s3).ok());

    auto queued = submit(patient, riskAssessment(patient, "2026-12-02"), m_risk, "Risk assessment");
    ASSERT_TRUE(queued.ok()) << queued.message();
    const auto review = reviewOf(patient, "risk-assessment");
    ASSERT_TRUE(review);
    EXPECT_EQ(review->setting, "inpatient") << "s3 is a hospital detention in the rule tables";
    EXPECT_EQ(review->lastDone, "2026-12-02");
    EXPECT_EQ(review->dueBy, "2026-12-09");
    EXPECT_FALSE(reviewOf(patient, "care-plan")) << "a risk assessment is not a care-plan review";
}

TEST_F(ReviewCompletionTest, AnAmendedReviewDayMovesTheDueDateAndKeepsOnePlan)
{
    const auto& patient = m_patients[2];
    auto queued = submit(patient, cpaReview(patient, "2026-11-30", m_cpa), m_cpa, "CPA review");
    ASSERT_TRUE(queued.ok()) << queued.message();
    auto held = sync::SyncStore(m_cache->database()).get("QuestionnaireResponse", queued->localId);
    ASSERT_TRUE(held.ok() && *held);
    json amended = (*held)->content;
    amended["item"][0]["item"][0]["answer"][0]["valueDate"] = "2026-12-01";
    ASSERT_EQ(amended["item"][0]["item"][0]["linkId"], "review-date");
    ASSERT_TRUE(amendSubmittedForm(*m_cache, patient.id, queued->localId, "CPA review", amended, m_cpa).ok());

    const auto review = reviewOf(patient, "care-plan");
    ASSERT_TRUE(review);
    EXPECT_EQ(review->lastDone, "2026-12-01");
    EXPECT_EQ(review->dueBy, "2027-12-01");
    EXPECT_EQ(carePlans().size(), 1u);

    // A retry of the same submission changes nothing.
    auto current = sync::SyncStore(m_cache->database()).get("QuestionnaireResponse", queued->localId);
    ASSERT_TRUE(current.ok() && *current);
    auto again = submit(patient, (*current)->content, m_cpa, "CPA review");
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_TRUE(again->alreadyQueued);
    EXPECT_EQ(carePlans().size(), 1u);
    EXPECT_EQ(reviewOf(patient, "care-plan")->dueBy, "2027-12-01");
}

TEST_F(ReviewCompletionTest, ATemplateNamingAReviewSubjectTheRulesDoNotKnowIsRefusedAndNothingIsQueued)
{
    const auto& patient = m_patients[3];
    json odd = m_cpa;
    odd["extension"][0]["extension"][0]["valueCode"] = "medication-review";
    auto queued = submit(patient, cpaReview(patient, "2026-11-30", odd), odd, "CPA review");
    ASSERT_FALSE(queued.ok());
    EXPECT_NE(queued.message().find("completes-review"), std::string::npos) << queued.message();
    EXPECT_NE(queued.message().find("medication-review"), std::string::npos) << queued.message();
    auto pending = sync::SyncStore(m_cache->database()).pendingCount();
    ASSERT_TRUE(pending.ok());
    EXPECT_EQ(*pending, 0);
    EXPECT_TRUE(carePlans().empty());

    json noDateItem = m_cpa;
    noDateItem["extension"][0]["extension"][1]["valueString"] = "cpa-level";
    auto refused = submit(patient, cpaReview(patient, "2026-11-30", noDateItem), noDateItem, "CPA review");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("not a date item"), std::string::npos) << refused.message();
}

} // namespace
} // namespace avocet::core::usecases

// Transfer-of-care documents on a real encrypted cache: the discharge summary is pre-filled from the
// clinical record sync holds (the stay's admission and discharge, the Mental Health Act powers during
// the stay and at discharge, s.117 after-care, SNOMED CT diagnoses, medicines, allergies, alerts,
// outcome scores, the 72-hour follow-up and the care coordinator), signing it off queues the
// response (the EPR copy) and the DocumentReference carrying the Bundle and PDF in one transaction,
// an amendment is version 2 replacing version 1, and a document without a recipient or with an
// unanswered required heading is refused with nothing queued.
#include "core/documents/DocumentView.h"
#include "core/documents/PdfRendition.h"
#include "core/documents/TransferEnvelope.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "core/alerts/RuleLibrary.h"
#include "core/sync/ClinicalProjection.h"
#include "core/usecases/PatientAlerts.h"
#include "core/usecases/TransferDocuments.h"
#include "tests/support/TempDir.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace avocet::core::usecases {
namespace {

using nlohmann::json;

constexpr const char* kUser = "a.okafor";
constexpr const char* kPass = "a long enough passphrase for tests";
constexpr const char* kLegalStatus = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";

json readTemplate(const std::string& name)
{
    const char* root = std::getenv("AVOCET_SOURCE_DIR");
    std::ifstream in(std::string(root ? root : ".") + "/resources/templates/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
}

// Stands in for print/'s QtGui renderer, which tests/cli checks with pdftotext.
class FakePdf : public documents::PdfRendition
{
public:
    Result<std::string> render(const documents::DocumentView& view) const override
    {
        ++calls;
        last = view;
        return "%PDF-1.4 " + view.title + " " + view.nhsNumber;
    }
    mutable int calls = 0;
    mutable documents::DocumentView last;
};

class TransferDocumentsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_profiles.create(kUser, kPass, crypto::KdfParams::minimal()).ok());
        auto cache = m_profiles.unlock(kUser, kPass);
        ASSERT_TRUE(cache.ok()) << cache.message();
        m_cache = std::move(*cache);
        identity::SyntheticOptions options;
        options.count = 3;
        m_patients = identity::generateSyntheticPatients(options);
        ASSERT_TRUE(m_cache->patients().upsert(m_patients).ok());
        m_patient = m_patients[0];
        m_questionnaire = readTemplate("discharge-summary-1.0.0.json");
        ASSERT_TRUE(m_questionnaire.is_object());
        seedRecord();
    }

    json byNhs() const
    {
        return {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", *m_patient.nhsNumber}}}};
    }

    void hold(json resource)
    {
        sync::SyncStore store(m_cache->database());
        sync::LocalResource local;
        local.type = resource["resourceType"];
        local.localId = resource["id"];
        local.serverId = local.localId;
        local.versionId = "1";
        local.lastUpdated = "2025-03-14T12:00:00Z";
        local.content = std::move(resource);
        ASSERT_TRUE(store.writeResource(local).ok());
    }

    static json legalStatus(const char* code)
    {
        return json::array({{{"url", kLegalStatus},
                             {"extension", json::array({{{"url", "legalStatusClassification"},
                                                         {"valueCodeableConcept",
                                                          {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland"},
                                                                                    {"code", code}}})}}}}})}}});
    }

    // A stay from 3 Feb to 14 Mar 2025 under s.2 converted to s.3, discharged informal.
    void seedRecord()
    {
        hold({{"resourceType", "Encounter"}, {"id", "stay-1"}, {"status", "finished"},
              {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
              {"subject", byNhs()},
              {"period", {{"start", "2025-02-03T16:20:00+00:00"}, {"end", "2025-03-14T10:30:00Z"}}},
              {"location", json::array({{{"location", {{"display", "Willow ward"}}}}})},
              {"hospitalization", {{"dischargeDisposition", {{"text", "Home"}}}}}});
        hold({{"resourceType", "Encounter"}, {"id", "power-s2"}, {"status", "finished"},
              {"class", {{"code", "IMP"}}}, {"subject", byNhs()}, {"extension", legalStatus("02")},
              {"period", {{"start", "2025-02-03T16:20:00Z"}, {"end", "2025-02-25T09:00:00Z"}}}});
        hold({{"resourceType", "Encounter"}, {"id", "power-s3"}, {"status", "finished"},
              {"class", {{"code", "IMP"}}}, {"subject", byNhs()}, {"extension", legalStatus("03")},
              {"period", {{"start", "2025-02-25T09:00:00Z"}, {"end", "2025-03-14T10:30:00Z"}}}});
        hold({{"resourceType", "Condition"}, {"id", "dx-1"}, {"subject", byNhs()},
              {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
              {"code", {{"coding", json::array({{{"system", "http://snomed.info/sct"}, {"code", "58214004"},
                                                 {"display", "Schizophrenia"}}})}}}});
        hold({{"resourceType", "MedicationStatement"}, {"id", "med-1"}, {"status", "active"}, {"subject", byNhs()},
              {"medicationCodeableConcept", {{"text", "Olanzapine 10 mg tablets"}}},
              {"dosage", json::array({{{"text", "one at night"}}})}});
        hold({{"resourceType", "MedicationStatement"}, {"id", "med-2"}, {"status", "stopped"}, {"subject", byNhs()},
              {"medicationCodeableConcept", {{"text", "Aripiprazole 10 mg tablets"}}}});
        hold({{"resourceType", "AllergyIntolerance"}, {"id", "allergy-1"}, {"patient", byNhs()},
              {"code", {{"text", "Penicillin"}}},
              {"reaction", json::array({{{"manifestation", json::array({{{"text", "Anaphylaxis"}}})}}})}});
        hold({{"resourceType", "Flag"}, {"id", "flag-1"}, {"status", "active"}, {"subject", byNhs()},
              {"category", json::array({{{"text", "Risk"}}})}, {"code", {{"text", "Self-neglect when unwell"}}}});
        hold({{"resourceType", "Observation"}, {"id", "phq9-old"}, {"status", "final"}, {"subject", byNhs()},
              {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "44261-6"},
                                                 {"display", "PHQ-9 total"}}})}}},
              {"effectiveDateTime", "2025-02-05T10:00:00Z"}, {"valueInteger", 19}});
        hold({{"resourceType", "Observation"}, {"id", "phq9-new"}, {"status", "final"}, {"subject", byNhs()},
              {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "44261-6"},
                                                 {"display", "PHQ-9 total"}}})}}},
              {"effectiveDateTime", "2025-03-10T10:00:00Z"}, {"valueInteger", 9}});
        hold({{"resourceType", "Appointment"}, {"id", "visit-1"}, {"status", "booked"},
              {"appointmentType", {{"text", "Home visit"}}}, {"start", "2025-03-16T11:00:00Z"},
              {"end", "2025-03-16T12:00:00Z"}, {"participant", json::array({{{"actor", byNhs()}}})}});
        hold({{"resourceType", "Appointment"}, {"id", "visit-2"}, {"status", "booked"},
              {"appointmentType", {{"text", "Outpatient review"}}}, {"start", "2025-04-20T11:00:00Z"},
              {"participant", json::array({{{"actor", byNhs()}}})}});
        hold({{"resourceType", "EpisodeOfCare"}, {"id", "episode-1"}, {"status", "active"}, {"patient", byNhs()},
              {"careManager", {{"display", "Jordan Ellis"}}}, {"team", json::array({{{"display", "Chelmsford CMHT"}}})}});
    }

    forms::FormSession openPrefilled()
    {
        auto context = documentLaunchContext(*m_cache, m_patient.id, m_author, m_questionnaire);
        EXPECT_TRUE(context.ok()) << context.message();
        auto q = forms::Questionnaire::fromJson(m_questionnaire);
        EXPECT_TRUE(q.ok());
        forms::SessionOptions options;
        options.launchContext = *context;
        auto session = forms::FormSession::open(*q, options);
        EXPECT_TRUE(session.ok()) << session.message();
        return std::move(*session);
    }

    json completed(forms::FormSession& session)
    {
        EXPECT_TRUE(session.setAnswer("gp-practice-name", {{"valueString", "Riverside Medical Practice"}}).ok());
        EXPECT_TRUE(session.setAnswer("gp-practice-ods", {{"valueString", "Y90001"}}).ok());
        EXPECT_TRUE(session.setAnswer("clinical-summary-text", {{"valueString", "Good recovery on olanzapine."}}).ok());
        EXPECT_TRUE(session.setAnswer("allergies-checked", {{"valueBoolean", true}}).ok());
        forms::ResponseHeader header;
        header.status = forms::ResponseStatus::Completed;
        header.nhsNumber = *m_patient.nhsNumber;
        header.authored = "2025-03-14T12:00:00Z";
        auto written = forms::QuestionnaireResponseCodec::write(session, header);
        EXPECT_TRUE(written.ok()) << written.message();
        return written.ok() ? *written : json();
    }

    static std::string firstText(const forms::FormSession& session, const std::string& linkId)
    {
        const auto answers = session.answers(linkId);
        if (answers.empty())
            return {};
        for (const auto& [key, value] : answers.front().items())
            return value.is_string() ? value.get<std::string>() : value.dump();
        return {};
    }

    test::TempDir m_dir;
    store::ProfileStore m_profiles{m_dir.path()};
    std::unique_ptr<store::Cache> m_cache;
    std::vector<identity::Patient> m_patients;
    identity::Patient m_patient;
    json m_questionnaire;
    DocumentAuthor m_author{kUser, "Dr Amara Okafor", "Specialty doctor", "Avocet demo NHS Foundation Trust"};
};

TEST_F(TransferDocumentsTest, TheDischargeSummaryIsPrefilledFromTheRecordHeldOnThisComputer)
{
    auto session = openPrefilled();
    EXPECT_EQ(firstText(session, "patient-nhs-number"), *m_patient.nhsNumber);
    EXPECT_EQ(firstText(session, "patient-name"), m_patient.givenName + " " + m_patient.familyName);
    EXPECT_EQ(firstText(session, "completed-by"), "Dr Amara Okafor");
    EXPECT_EQ(firstText(session, "admission-date"), "2025-02-03T16:20:00Z");
    EXPECT_EQ(firstText(session, "discharge-date"), "2025-03-14T10:30:00Z");
    EXPECT_EQ(firstText(session, "admission-ward"), "Willow ward");
    // Powers named from the rule tables (the feed sent codes without a display).
    EXPECT_EQ(firstText(session, "legal-status-admission"), "Section 2 admission for assessment");
    EXPECT_EQ(firstText(session, "legal-status-stay"),
              "Section 3 admission for treatment; Section 2 admission for assessment");
    EXPECT_EQ(firstText(session, "legal-status-discharge"), "Informal");
    EXPECT_EQ(session.answers("s117-aftercare").at(0)["valueBoolean"], true);
    const auto diagnoses = session.answers("diagnosis");
    ASSERT_EQ(diagnoses.size(), 1u);
    EXPECT_EQ(diagnoses[0]["valueCoding"]["code"], "58214004");
    const auto medicines = session.answers("medication");
    ASSERT_EQ(medicines.size(), 1u) << "a stopped medicine is not one on discharge";
    EXPECT_EQ(medicines[0]["valueString"], "Olanzapine 10 mg tablets: one at night");
    EXPECT_EQ(firstText(session, "allergy"), "Penicillin (Anaphylaxis)");
    EXPECT_EQ(firstText(session, "risk-alert"), "Risk: Self-neglect when unwell");
    EXPECT_EQ(firstText(session, "outcome-score"), "PHQ-9 total: 9 on 2025-03-10");
    EXPECT_EQ(firstText(session, "follow-up-72h"), "2025-03-16T11:00:00Z");
    EXPECT_EQ(firstText(session, "follow-up-72h-by"), "Home visit");
    EXPECT_EQ(firstText(session, "care-coordinator"), "Jordan Ellis");
    EXPECT_EQ(firstText(session, "care-team"), "Chelmsford CMHT");
}

TEST_F(TransferDocumentsTest, SigningOffQueuesTheEprCopyAndTheDocumentTogetherAndAnAmendmentReplacesIt)
{
    auto session = openPrefilled();
    const json response = completed(session);
    FakePdf pdf;
    DocumentSignOff request{m_patient.id, "", m_questionnaire, response, m_author, "2025-03-14T12:05:00Z", ""};
    auto signed1 = signOffDocument(*m_cache, request, pdf);
    ASSERT_TRUE(signed1.ok()) << signed1.message();
    EXPECT_EQ(signed1->version, 1);
    EXPECT_EQ(signed1->recipientCode, "Y90001");
    EXPECT_EQ(pdf.calls, 1);

    sync::SyncStore store(m_cache->database());
    auto outbox = store.outbox();
    ASSERT_TRUE(outbox.ok());
    int responses = 0, documents = 0;
    for (const auto& row : *outbox) {
        responses += row.type == "QuestionnaireResponse";
        documents += row.type == "DocumentReference";
    }
    EXPECT_EQ(responses, 1);
    EXPECT_EQ(documents, 1);
    auto held = store.get("DocumentReference", signed1->documentLocalId);
    ASSERT_TRUE(held.ok() && *held);
    auto envelope = documents::readDocumentReference((*held)->content, true);
    ASSERT_TRUE(envelope.ok()) << envelope.message();
    EXPECT_EQ(envelope->kind, "discharge-summary");
    EXPECT_EQ(envelope->dischargedAt, "2025-03-14T10:30:00Z");
    EXPECT_EQ(envelope->encounterReference, "Encounter/stay-1");
    EXPECT_EQ(envelope->bundle["type"], "document");
    EXPECT_EQ(envelope->pdf.rfind("%PDF", 0), 0u);
    auto queuedResponse = store.get("QuestionnaireResponse", signed1->responseLocalId);
    ASSERT_TRUE(queuedResponse.ok() && *queuedResponse);
    EXPECT_EQ(envelope->responseClientId, (*queuedResponse)->clientId.value_or("?"));

    auto listed = transferDocuments(*m_cache, m_patient.id);
    ASSERT_TRUE(listed.ok()) << listed.message();
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_FALSE(listed->at(0).sent);
    EXPECT_TRUE(listed->at(0).current);
    EXPECT_EQ(listed->at(0).signedBy, "Dr Amara Okafor");

    // Amended after sending: version 2 replaces version 1; the response is amended, not doubled.
    json amended = response;
    amended["item"] = session.responseItems();
    request.response = amended;
    request.replaces = signed1->documentLocalId;
    request.signedAt = "2025-03-15T09:00:00Z";
    auto signed2 = signOffDocument(*m_cache, request, pdf);
    ASSERT_TRUE(signed2.ok()) << signed2.message();
    EXPECT_EQ(signed2->version, 2);
    EXPECT_EQ(signed2->setId, signed1->setId);
    EXPECT_EQ(signed2->responseLocalId, signed1->responseLocalId);
    listed = transferDocuments(*m_cache, m_patient.id);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ(listed->at(0).version, 2);
    EXPECT_TRUE(listed->at(0).current);
    EXPECT_FALSE(listed->at(1).current);
    auto second = store.get("DocumentReference", signed2->documentLocalId);
    auto replaced = documents::readDocumentReference((*second)->content, false);
    ASSERT_TRUE(replaced.ok());
    EXPECT_EQ(replaced->replaces, signed1->bundleIdentifier);
    auto count = store.count("QuestionnaireResponse");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, 1);
    // Version 1 cannot be amended again: only the current version can.
    request.replaces = signed1->documentLocalId;
    EXPECT_FALSE(signOffDocument(*m_cache, request, pdf).ok());
}

// The projection finds the stay that ended and its summary: due with none, "waiting to sync" once
// signed off here, gone once the hub holds it.
TEST_F(TransferDocumentsTest, TheDischargeRaisesThe24HourAlertUntilTheSummaryIsSent)
{
    auto rules = alerts::RuleLibrary::builtin();
    ASSERT_TRUE(rules.ok());
    const auto now = *alerts::parseIsoInstant("2025-03-14T14:00:00Z");
    auto documentAlerts = [&] {
        EXPECT_TRUE(sync::projectClinicalRecords(m_cache->database()).ok());
        auto report = patientAlerts(*m_cache, *rules, m_patient.id, now);
        EXPECT_TRUE(report.ok()) << report.message();
        std::vector<alerts::PatientAlert> out;
        for (const auto& alert : report->alerts)
            if (alert.kind == alerts::AlertKind::TransferOfCare)
                out.push_back(alert);
        return out;
    };
    auto before = documentAlerts();
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].key, "document:stay-1:discharge-summary-24h");

    auto session = openPrefilled();
    FakePdf pdf;
    auto signedOff = signOffDocument(*m_cache, {m_patient.id, "", m_questionnaire, completed(session), m_author, "", ""}, pdf);
    ASSERT_TRUE(signedOff.ok()) << signedOff.message();
    auto queued = documentAlerts();
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_NE(queued[0].detail.find("next sync"), std::string::npos);

    // As a push leaves it: the hub's id on the row.
    ASSERT_TRUE(m_cache->database()
                    .exec("UPDATE sync_resources SET server_id = 'doc-1' WHERE type = 'DocumentReference'")
                    .ok());
    EXPECT_TRUE(documentAlerts().empty());
}

TEST_F(TransferDocumentsTest, ADocumentWithoutItsRecipientOrARequiredAnswerIsRefusedAndNothingIsQueued)
{
    auto session = openPrefilled();
    json response = completed(session);
    ASSERT_TRUE(session.clearAnswers("gp-practice-ods").ok());
    forms::ResponseHeader header;
    header.status = forms::ResponseStatus::InProgress;
    header.nhsNumber = *m_patient.nhsNumber;
    auto incomplete = forms::QuestionnaireResponseCodec::write(session, header);
    ASSERT_TRUE(incomplete.ok());
    json noRecipient = *incomplete;
    noRecipient["status"] = "completed";
    FakePdf pdf;
    auto refused = signOffDocument(*m_cache, {m_patient.id, "", m_questionnaire, noRecipient, m_author, "", ""}, pdf);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("gp-practice-ods"), std::string::npos) << refused.message();
    auto draft = signOffDocument(*m_cache, {m_patient.id, "", m_questionnaire, *incomplete, m_author, "", ""}, pdf);
    ASSERT_FALSE(draft.ok());
    EXPECT_EQ(pdf.calls, 0);
    sync::SyncStore store(m_cache->database());
    auto pending = store.pendingCount();
    ASSERT_TRUE(pending.ok());
    EXPECT_EQ(*pending, 0);
}

// A document is signed by a named clinician with their role (never the account name alone), the
// name and role are remembered for this user's next sign-off, and the sending trust (the letterhead
// the front end read from the trust's settings) is the Bundle's custodian and the PDF's letterhead.
TEST_F(TransferDocumentsTest, TheSignerIsTheNameAndRoleGivenRememberedForNextTimeAndTheTrustIsTheLetterheadGiven)
{
    auto remembered = rememberedSigner(*m_cache);
    ASSERT_TRUE(remembered.ok()) << remembered.message();
    EXPECT_TRUE(remembered->name.empty()) << "nothing signed yet";

    auto session = openPrefilled();
    const json response = completed(session);
    FakePdf pdf;
    DocumentSignOff blank{m_patient.id, "", m_questionnaire, response, {kUser, "   ", "Consultant psychiatrist", ""}, "", ""};
    auto refused = signOffDocument(*m_cache, blank, pdf);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("named clinician"), std::string::npos) << refused.message();
    EXPECT_EQ(pdf.calls, 0);
    sync::SyncStore store(m_cache->database());
    auto pending = store.pendingCount();
    ASSERT_TRUE(pending.ok());
    EXPECT_EQ(*pending, 0);

    DocumentSignOff request{m_patient.id, "", m_questionnaire, response,
                            {kUser, "  Dr Amara Okafor ", "Consultant psychiatrist", ""}, "2025-03-14T12:05:00Z", ""};
    request.sender.name = "Blackwater Valley NHS Foundation Trust (illustrative)";
    request.sender.odsCode = "Y99123";
    request.sender.address = "Riverside House, 2 Example Street, Maldon";
    request.sender.phone = "01621 000 000";
    auto signedOff = signOffDocument(*m_cache, request, pdf);
    ASSERT_TRUE(signedOff.ok()) << signedOff.message();

    // The PDF's view: signed by the name and role, on the trust's letterhead.
    ASSERT_TRUE(pdf.last.signOff.has_value());
    EXPECT_EQ(pdf.last.signOff->by, "Dr Amara Okafor");
    EXPECT_EQ(pdf.last.signOff->role, "Consultant psychiatrist");
    EXPECT_EQ(pdf.last.signOff->username, kUser);
    EXPECT_NE(pdf.last.statusLine.find("Dr Amara Okafor"), std::string::npos) << pdf.last.statusLine;
    EXPECT_EQ(pdf.last.statusLine.find(kUser), std::string::npos) << pdf.last.statusLine;
    EXPECT_EQ(pdf.last.sender.name, "Blackwater Valley NHS Foundation Trust (illustrative)");
    EXPECT_EQ(pdf.last.sender.phone, "01621 000 000");

    // The Bundle: the Practitioner is the name given with the role; the custodian is the trust given.
    auto held = store.get("DocumentReference", signedOff->documentLocalId);
    ASSERT_TRUE(held.ok() && *held);
    auto envelope = documents::readDocumentReference((*held)->content, true);
    ASSERT_TRUE(envelope.ok()) << envelope.message();
    EXPECT_EQ(envelope->signedBy, "Dr Amara Okafor");
    EXPECT_EQ(envelope->senderCode, "Y99123");
    EXPECT_EQ(envelope->sender, "Blackwater Valley NHS Foundation Trust (illustrative)");
    const json& composition = envelope->bundle["entry"][0]["resource"];
    std::map<std::string, json> byUrl;
    for (const auto& entry : envelope->bundle["entry"])
        byUrl[entry.value("fullUrl", "")] = entry["resource"];
    const json& attester = byUrl[composition["attester"][0]["party"].value("reference", "")];
    ASSERT_EQ(attester.value("resourceType", ""), "Practitioner") << composition["attester"].dump();
    EXPECT_EQ(attester["name"][0].value("text", ""), "Dr Amara Okafor");
    EXPECT_NE(attester.dump().find("Consultant psychiatrist"), std::string::npos) << attester.dump();
    const json& custodian = byUrl[composition["custodian"].value("reference", "")];
    EXPECT_EQ(custodian.value("name", ""), "Blackwater Valley NHS Foundation Trust (illustrative)");
    EXPECT_NE(custodian.dump().find("Y99123"), std::string::npos) << custodian.dump();

    // Offered again next time, trimmed as signed.
    auto again = rememberedSigner(*m_cache);
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->name, "Dr Amara Okafor");
    EXPECT_EQ(again->role, "Consultant psychiatrist");
}

} // namespace
} // namespace avocet::core::usecases

// Transfer-of-care documents built from a completed discharge summary: every PRSB heading of the
// template is a Composition section with its SNOMED CT code, the structured entries (diagnoses,
// medicines, allergies, alerts) follow the answers the clinician signed, the signer is the legal
// attester, an amended version replaces the one before it, and the same version always gives the
// same Bundle. The independent FHIR validation of these Bundles is in tests/cli (Medplum).
#include "core/documents/DocumentBundle.h"
#include "core/documents/DocumentView.h"
#include "core/forms/Questionnaire.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace avocet::core::documents {
namespace {

using nlohmann::json;

json readJson(const std::string& relative)
{
    const char* root = std::getenv("AVOCET_SOURCE_DIR");
    std::ifstream in(std::string(root ? root : ".") + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
}

// The PRSB mental health discharge headings with the SNOMED CT section codes NHS Digital's ITK3
// Mental Health eDischarge specification gives them (DOMAIN.md).
const std::set<std::string> kDischargeHeadings = {
    "886731000000109", "886711000000101", "887231000000104", "887181000000106", "887161000000102",
    "886921000000105", "886781000000108", "886811000000106", "886961000000102", "886931000000107",
    "887201000000105", "887141000000103", "1052951000000105", "1052901000000109", "1052891000000108",
    "887261000000109", "886751000000102", "933361000000108", "887051000000101", "887111000000104",
    "1082101000000102", "887171000000109", "1052941000000107"};

class DocumentBundleTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto questionnaire = forms::Questionnaire::fromJson(readJson("resources/templates/discharge-summary-1.0.0.json"));
        ASSERT_TRUE(questionnaire.ok()) << questionnaire.message();
        m_questionnaire = std::make_unique<forms::Questionnaire>(std::move(*questionnaire));
        auto transfer = transferTemplateOf(*m_questionnaire);
        ASSERT_TRUE(transfer.ok()) << transfer.message();
        ASSERT_TRUE(transfer->has_value());
        m_transfer = **transfer;
        m_response = readJson("tests/fixtures/transfer/discharge-summary-response.json");
        ASSERT_TRUE(m_response.is_object());
    }

    DocumentBundle build(const json& response)
    {
        auto view = documentView(*m_questionnaire, m_transfer, response);
        EXPECT_TRUE(view.ok()) << view.message();
        auto bundle = buildDocumentBundle(*m_questionnaire, m_transfer, response, *view);
        EXPECT_TRUE(bundle.ok()) << bundle.message();
        return bundle.ok() ? *bundle : DocumentBundle{};
    }

    static std::vector<json> resourcesOfType(const json& bundle, const std::string& type)
    {
        std::vector<json> out;
        for (const auto& entry : bundle["entry"])
            if (entry["resource"]["resourceType"] == type)
                out.push_back(entry["resource"]);
        return out;
    }

    std::unique_ptr<forms::Questionnaire> m_questionnaire;
    TransferTemplate m_transfer;
    json m_response;
};

TEST_F(DocumentBundleTest, TheDischargeTemplateCarriesEveryPrsbHeadingWithItsSnomedCode)
{
    EXPECT_EQ(m_transfer.kind, DocumentKind::DischargeSummary);
    EXPECT_EQ(m_transfer.documentType.code, "823701000000103");
    EXPECT_EQ(m_transfer.recipientItem, "gp-practice-ods");
    std::set<std::string> codes;
    for (const auto& heading : m_transfer.headings) {
        ASSERT_TRUE(heading.code) << heading.linkId;
        EXPECT_EQ(heading.code->system, kSnomedSystem) << heading.linkId;
        codes.insert(heading.code->code);
    }
    EXPECT_EQ(codes, kDischargeHeadings);
}

TEST_F(DocumentBundleTest, EveryHeadingIsASectionOfTheCompositionInTheTemplatesOrder)
{
    const auto document = build(m_response);
    const json& bundle = document.bundle;
    EXPECT_EQ(bundle["type"], "document");
    EXPECT_EQ(bundle["entry"][0]["resource"]["resourceType"], "Composition");
    const json& composition = bundle["entry"][0]["resource"];
    EXPECT_EQ(composition["status"], "final");
    EXPECT_EQ(composition["type"]["coding"][0]["code"], "823701000000103");
    ASSERT_EQ(composition["section"].size(), m_transfer.headings.size());
    std::set<std::string> codes;
    for (std::size_t i = 0; i < m_transfer.headings.size(); ++i) {
        const json& section = composition["section"][i];
        EXPECT_EQ(section["title"], m_transfer.headings[i].title);
        EXPECT_EQ(section["code"]["coding"][0]["code"], m_transfer.headings[i].code->code);
        const std::string div = section["text"]["div"];
        EXPECT_EQ(div.rfind("<div xmlns=\"http://www.w3.org/1999/xhtml\">", 0), 0u);
        codes.insert(section["code"]["coding"][0]["code"].get<std::string>());
    }
    EXPECT_EQ(codes, kDischargeHeadings);
    // A heading nothing was written under says so instead of being left out.
    bool sawEmpty = false;
    for (const auto& section : composition["section"])
        if (section.contains("emptyReason")) {
            sawEmpty = true;
            EXPECT_NE(section["text"]["div"].get<std::string>().find("Nothing recorded"), std::string::npos);
        }
    EXPECT_TRUE(sawEmpty);
}

TEST_F(DocumentBundleTest, StructuredEntriesFollowTheSignedAnswersAndAreReferencedFromTheirSections)
{
    const json bundle = build(m_response).bundle;
    const auto conditions = resourcesOfType(bundle, "Condition");
    ASSERT_EQ(conditions.size(), 1u);
    EXPECT_EQ(conditions[0]["code"]["coding"][0]["system"], kSnomedSystem);
    EXPECT_EQ(conditions[0]["code"]["coding"][0]["code"], "58214004");
    const auto medicines = resourcesOfType(bundle, "MedicationStatement");
    ASSERT_EQ(medicines.size(), 2u);
    EXPECT_EQ(medicines[0]["medicationCodeableConcept"]["text"], "Olanzapine 10 mg tablets");
    EXPECT_EQ(medicines[0]["dosage"][0]["text"], "one at night");
    EXPECT_EQ(resourcesOfType(bundle, "AllergyIntolerance").size(), 1u);
    EXPECT_EQ(resourcesOfType(bundle, "Flag").size(), 1u);
    const auto patients = resourcesOfType(bundle, "Patient");
    ASSERT_EQ(patients.size(), 1u);
    EXPECT_EQ(patients[0]["identifier"][0]["value"], "9990000018");
    EXPECT_EQ(patients[0]["name"][0]["text"], "Olivia Hartley");
    EXPECT_EQ(patients[0]["birthDate"], "1984-06-02");
    const auto encounters = resourcesOfType(bundle, "Encounter");
    ASSERT_EQ(encounters.size(), 1u);
    EXPECT_EQ(encounters[0]["period"]["end"], "2025-03-14T10:30:00Z");

    // Every reference inside the Bundle resolves to an entry's fullUrl.
    std::set<std::string> fullUrls;
    for (const auto& entry : bundle["entry"])
        fullUrls.insert(entry["fullUrl"].get<std::string>());
    std::function<void(const json&)> check = [&](const json& node) {
        if (node.is_object()) {
            if (node.contains("reference")) {
                EXPECT_TRUE(fullUrls.count(node["reference"].get<std::string>())) << node["reference"];
            }
            for (const auto& [key, value] : node.items())
                check(value);
        } else if (node.is_array()) {
            for (const auto& value : node)
                check(value);
        }
    };
    check(bundle);
    // The diagnoses section references the Condition; the GP practice section the practice.
    const json& composition = bundle["entry"][0]["resource"];
    for (const auto& section : composition["section"]) {
        if (section["code"]["coding"][0]["code"] == "887161000000102") {
            EXPECT_EQ(section["entry"].size(), 1u);
        }
        if (section["code"]["coding"][0]["code"] == "886711000000101") {
            EXPECT_EQ(section["entry"].size(), 1u);
        }
    }
}

TEST_F(DocumentBundleTest, TheSignerIsTheLegalAttesterAndTheSameVersionGivesTheSameBundle)
{
    const auto first = build(m_response);
    const json& composition = first.bundle["entry"][0]["resource"];
    ASSERT_EQ(composition["attester"].size(), 1u);
    EXPECT_EQ(composition["attester"][0]["mode"], "legal");
    EXPECT_EQ(composition["attester"][0]["time"], "2025-03-14T12:05:00Z");
    EXPECT_EQ(composition["identifier"]["value"], "urn:uuid:2b0f8e1c-3d4a-4b7e-9c21-5f6a7b8c9d01");
    EXPECT_EQ(first.bundle["identifier"]["value"], first.identifier);
    EXPECT_EQ(build(m_response).bundle.dump(), first.bundle.dump());
}

TEST_F(DocumentBundleTest, AnAmendedVersionReplacesTheOneBeforeItAndKeepsItsIdentity)
{
    const auto first = build(m_response);
    json amended = m_response;
    SignOff signOff{"Dr Amara Okafor", "Specialty doctor", "a.okafor", "2025-03-15T09:00:00Z"};
    markSignedOff(amended, signOff,
                  {"urn:uuid:2b0f8e1c-3d4a-4b7e-9c21-5f6a7b8c9d01", 2, first.identifier});
    amended["status"] = "amended";
    const auto second = build(amended);
    EXPECT_NE(second.identifier, first.identifier);
    const json& composition = second.bundle["entry"][0]["resource"];
    EXPECT_EQ(composition["status"], "amended");
    EXPECT_EQ(composition["identifier"]["value"], "urn:uuid:2b0f8e1c-3d4a-4b7e-9c21-5f6a7b8c9d01");
    ASSERT_EQ(composition["relatesTo"].size(), 1u);
    EXPECT_EQ(composition["relatesTo"][0]["code"], "replaces");
    EXPECT_EQ(composition["relatesTo"][0]["targetIdentifier"]["value"], first.identifier);
    auto view = documentView(*m_questionnaire, m_transfer, amended);
    ASSERT_TRUE(view.ok());
    EXPECT_NE(view->statusLine.find("replaces version 1"), std::string::npos) << view->statusLine;
}

TEST_F(DocumentBundleTest, AResponseThatIsNotCompletedOrAnswersAnotherFormIsRefused)
{
    json draft = m_response;
    draft["status"] = "in-progress";
    auto view = documentView(*m_questionnaire, m_transfer, draft);
    ASSERT_FALSE(view.ok());
    EXPECT_NE(view.message().find("in-progress"), std::string::npos);
    json other = m_response;
    other["questionnaire"] = "https://fhir.avocet.example/Questionnaire/cpa-review|1.0.0";
    EXPECT_FALSE(documentView(*m_questionnaire, m_transfer, other).ok());
}

TEST_F(DocumentBundleTest, TheViewNamesThePatientRecipientAndSignerInWords)
{
    auto view = documentView(*m_questionnaire, m_transfer, m_response);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->patientName, "Olivia Hartley");
    EXPECT_EQ(view->nhsNumber, "999 000 0018");
    EXPECT_EQ(view->birthDate, "2 Jun 1984");
    EXPECT_EQ(view->recipientCode, "Y90001");
    EXPECT_EQ(view->recipientName, "Riverside Medical Practice (illustrative)");
    EXPECT_EQ(view->statusLine, "Signed off by Dr Amara Okafor (Specialty doctor) on 14 Mar 2025 12:05 GMT");
    for (const auto& section : view->sections)
        if (section.heading.linkId == "admission-details") {
            EXPECT_EQ(section.rows[0].value, "3 Feb 2025 16:20 GMT");
        }
}

TEST(TransferTemplate, AnUnknownKindOrARecipientItemNotInTheFormIsRefusedWithWhere)
{
    json questionnaire = readJson("resources/templates/discharge-summary-1.0.0.json");
    json broken = questionnaire;
    for (auto& extension : broken["extension"])
        if (extension["url"] == kTransferOfCareExtension)
            for (auto& part : extension["extension"])
                if (part["url"] == "kind")
                    part["valueCode"] = "postcard";
    auto loaded = forms::Questionnaire::fromJson(broken);
    ASSERT_TRUE(loaded.ok());
    auto transfer = transferTemplateOf(*loaded);
    ASSERT_FALSE(transfer.ok());
    EXPECT_NE(transfer.message().find("postcard"), std::string::npos);

    broken = questionnaire;
    for (auto& extension : broken["extension"])
        if (extension["url"] == kTransferOfCareExtension)
            for (auto& part : extension["extension"])
                if (part["url"] == "recipientItem")
                    part["valueString"] = "no-such-item";
    loaded = forms::Questionnaire::fromJson(broken);
    ASSERT_TRUE(loaded.ok());
    transfer = transferTemplateOf(*loaded);
    ASSERT_FALSE(transfer.ok());
    EXPECT_NE(transfer.message().find("no-such-item"), std::string::npos);

    auto plain = forms::Questionnaire::fromJson(readJson("resources/templates/cpa-review-1.0.0.json"));
    ASSERT_TRUE(plain.ok());
    auto none = transferTemplateOf(*plain);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
}

} // namespace
} // namespace avocet::core::documents

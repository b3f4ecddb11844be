#pragma once
// Transfer-of-care documents: what makes a template a discharge summary, a clinic letter or a Care
// Act notice, and the sign-off and version facts a completed one carries. The templates are ordinary
// FHIR Questionnaires edited in the designer; a Questionnaire extension says which kind of document
// it is, its SNOMED CT document type and which items name the recipient, and each heading is a
// top-level group whose `code` is the heading's SNOMED CT section code (PRSB headings as NHS
// Digital's ITK3 specifications code them). Qt-free: the hub, avocetctl and the desktop read the
// same facts.
#include "core/common/Result.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace avocet::core::forms {
class Questionnaire;
}

namespace avocet::core::documents {

// On the Questionnaire: sub-extensions kind (valueCode), documentType (valueCoding), recipientItem
// and recipientNameItem (valueString linkIds), dischargeItem (valueString linkId, discharge summary).
inline constexpr const char* kTransferOfCareExtension = "https://fhir.avocet.example/StructureDefinition/transfer-of-care";
// On a signed-off QuestionnaireResponse: sub-extensions by, role, username (valueString), at (valueDateTime).
inline constexpr const char* kSignOffExtension = "https://fhir.avocet.example/StructureDefinition/document-sign-off";
// On a signed-off QuestionnaireResponse: the document's identity across versions (valueIdentifier),
// its version number (valueInteger) and the identifier of the version it replaces (valueIdentifier).
inline constexpr const char* kDocumentSetExtension = "https://fhir.avocet.example/StructureDefinition/document-set";
inline constexpr const char* kDocumentVersionExtension = "https://fhir.avocet.example/StructureDefinition/document-version";
inline constexpr const char* kSupersedesExtension = "https://fhir.avocet.example/StructureDefinition/document-supersedes";
inline constexpr const char* kDocumentSetSystem = "https://fhir.avocet.example/Id/transfer-document";
inline constexpr const char* kOdsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";
inline constexpr const char* kSnomedSystem = "http://snomed.info/sct";

enum class DocumentKind { DischargeSummary, ClinicLetter, CareActAssessment, CareActDischarge, CareActWithdrawal };

// "discharge-summary", "clinic-letter", "care-act-assessment", "care-act-discharge", "care-act-withdrawal".
std::string kindCode(DocumentKind kind);
std::optional<DocumentKind> kindFromCode(const std::string& code);
// To a GP practice (discharge summary, clinic letter) or to a social care team (Care Act notices).
bool isForGpPractice(DocumentKind kind);

struct Coding
{
    std::string system;
    std::string code;
    std::string display;
    nlohmann::json toJson() const;
};

struct Heading
{
    std::string linkId;
    std::string title;
    std::optional<Coding> code; // a SNOMED CT section code for PRSB headings; a local code otherwise
};

struct TransferTemplate
{
    DocumentKind kind = DocumentKind::DischargeSummary;
    std::string canonical; // url|version
    std::string title;
    Coding documentType;
    std::string recipientItem;     // linkId of the item holding the recipient's ODS code
    std::string recipientNameItem; // linkId of the item holding the recipient's name (may be the same)
    std::string dischargeItem;     // discharge summary: linkId of the discharge date and time
    std::vector<Heading> headings; // the top-level groups, in order
};

// nullopt: the Questionnaire is not a transfer-of-care template. An error names what is wrong with
// the extension (an unknown kind, a recipient item that is not in the form).
Result<std::optional<TransferTemplate>> transferTemplateOf(const forms::Questionnaire& questionnaire);

struct SignOff
{
    std::string by;       // the clinician's name as signed
    std::string role;     // role and grade
    std::string username; // the account that signed
    std::string at;       // instant, UTC
};

struct DocumentVersion
{
    std::string setId;      // urn:uuid:… shared by every version of one document
    int number = 1;
    std::string supersedes; // the Bundle identifier (urn:uuid:…) of the version this one replaces
};

// What a response says about its sign-off and version (nullopt / version 1 when it says nothing).
std::optional<SignOff> signOffOf(const nlohmann::json& response);
std::optional<DocumentVersion> documentVersionOf(const nlohmann::json& response);
// Writes both onto the response (replacing earlier ones).
void markSignedOff(nlohmann::json& response, const SignOff& signOff, const DocumentVersion& version);

// The answers of an item anywhere in the response (first occurrence, all its answers).
std::vector<nlohmann::json> answersOf(const nlohmann::json& response, const std::string& linkId);
// The first answer as text (a Coding's code for ODS-coded choices when codeOnly), "" when unanswered.
std::string firstAnswerText(const nlohmann::json& response, const std::string& linkId, bool codeOnly = false);

// A name-based UUID (urn:uuid:…) for an entry of a document: the same inputs give the same id, so
// rendering the same version twice gives the same Bundle.
std::string stableUuid(const std::string& key);

} // namespace avocet::core::documents

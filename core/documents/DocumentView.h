#pragma once
// A completed transfer-of-care document as a reader sees it: the trust's header, the patient
// identified on every page, each heading in the template's order with its questions and answers in
// words, and who signed it off. The FHIR Composition's section narratives and the PDF rendition
// (print/) are both made from this one view, so the GP reads the same text in either.
#include "core/common/Result.h"
#include "core/documents/TransferTemplate.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace avocet::core::forms {
class Questionnaire;
}

namespace avocet::core::documents {

// The organisation sending the document (custodian and letterhead). The defaults are the demo
// trust; a deployment sets its own in the trust's settings (print/Letterhead.h, docs/desktop.md).
struct Sender
{
    std::string name = "Avocet demo NHS Foundation Trust";
    std::string odsCode = "Y90000";
    std::string address = "Trust headquarters, Chelmsford, Essex";
    std::string phone; // the letterhead's telephone line, left off when empty
};

struct DocumentRow
{
    std::string label;
    std::string value; // answers of a repeating question on separate lines
};

struct DocumentSection
{
    Heading heading;
    std::vector<DocumentRow> rows; // empty: nothing recorded under this heading
};

struct DocumentView
{
    Sender sender;
    std::string title;
    std::string documentType; // e.g. "Discharge letter"
    std::string patientName;
    std::string nhsNumber;    // "999 000 0018", "" when the response names none
    std::string birthDate;    // "14 Mar 1980"
    std::string recipientName;
    std::string recipientCode; // ODS code
    std::vector<DocumentSection> sections;
    std::optional<SignOff> signOff;
    DocumentVersion version;
    std::string statusLine; // "Signed off by … on …", "Version 2, replaces version 1", or "Not signed off"
};

// The response must answer the template (url|version) and be completed or amended.
Result<DocumentView> documentView(const forms::Questionnaire& questionnaire, const TransferTemplate& transfer,
                                  const nlohmann::json& response, const Sender& sender = {});

// Answer values in words: dates "14 Mar 2025", date-times in UK time "14 Mar 2025 10:42 GMT",
// codings by display, booleans Yes/No.
std::string answerInWords(const nlohmann::json& answer);

// The linkId of the first item whose `definition` ends with `suffix` (e.g. "Patient#Patient.birthDate").
std::string itemWithDefinition(const forms::Questionnaire& questionnaire, const std::string& suffix);

} // namespace avocet::core::documents

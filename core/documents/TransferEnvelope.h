#pragma once
// A signed-off transfer-of-care document as it travels from the author's computer to the hub: a
// FHIR DocumentReference carrying the document Bundle (application/fhir+json) and its PDF
// (application/pdf) as attachments, with the recipient (ODS code), the kind of document, its
// version and, for a discharge summary, the stay and discharge it is about. The client queues it
// in the outbox like any record; the hub reads the same fields to deliver it to the recipient's
// channel. `masterIdentifier` is the Bundle's identifier (unique per version); `identifier` holds the
// document's identity across versions; relatesTo "replaces" names the version it supersedes.
#include "core/common/Result.h"

#include <nlohmann/json.hpp>

#include <string>

namespace avocet::core::documents {

// On the DocumentReference: the recipient (valueReference: identifier in the ODS system, display).
inline constexpr const char* kRecipientExtension = "https://fhir.avocet.example/StructureDefinition/transfer-recipient";
// DocumentReference.category coding system; the code is the document kind.
inline constexpr const char* kTransferCategorySystem = "https://fhir.avocet.example/CodeSystem/transfer-of-care";

// The hub's delivery receipts (Task) for a document: identifiers naming the message (its
// idempotency key) and the DocumentReference it delivers (its id on the hub).
inline constexpr const char* kTransferDeliverySystem = "https://fhir.avocet.example/Id/transfer-delivery";
inline constexpr const char* kTransferDocumentSystem = "https://fhir.avocet.example/Id/transfer-delivery-document";

struct TransferEnvelope
{
    std::string kind;             // discharge-summary, clinic-letter, care-act-…
    std::string title;
    nlohmann::json documentType;  // Coding (SNOMED CT)
    std::string recipientCode;    // ODS code
    std::string recipientName;
    std::string setId;            // urn:uuid, every version
    int version = 1;
    std::string bundleIdentifier; // urn:uuid, this version
    std::string replaces;         // the Bundle identifier of the version this one replaces
    std::string signedBy;
    std::string signedAt;
    std::string nhsNumber;        // 10 digits
    std::string responseClientId; // the QuestionnaireResponse it was written as (the EPR copy)
    std::string encounterReference; // "Encounter/<hub id>": the stay (discharge summary, notices)
    std::string admittedAt;
    std::string dischargedAt;
    nlohmann::json bundle;        // the FHIR document
    std::string pdf;              // bytes
    std::string sender;           // the trust's name (custodian)
    std::string senderCode;       // the trust's ODS code
};

nlohmann::json documentReferenceFor(const TransferEnvelope& envelope);

// withContent: decode the attachments too (the hub and a viewer need them; a list does not).
// An error says what is missing or malformed, by element.
Result<TransferEnvelope> readDocumentReference(const nlohmann::json& resource, bool withContent);

// Base64 of arbitrary bytes (attachments), and back.
std::string toBase64(const std::string& bytes);
Result<std::string> fromBase64(const std::string& text);

} // namespace avocet::core::documents

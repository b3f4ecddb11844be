#pragma once
// A completed transfer-of-care document as a FHIR R4 document Bundle: the Composition first (type
// the SNOMED CT document type; one section per heading, coded with its SNOMED CT section code, its
// narrative the heading's questions and answers; subject, encounter, author, the signer as legal
// attester, the trust as custodian, and, for an amended version, relatesTo "replaces" the Bundle it
// supersedes), then every resource a section references: the Patient, the recipient Organization,
// the author Practitioner, the stay or attendance Encounter, and one Condition, AllergyIntolerance,
// MedicationStatement or Flag per answer of an item whose `definition` names that resource. The
// same response always gives the same Bundle (name-based ids), so a resend is byte-identical.
#include "core/common/Result.h"
#include "core/documents/DocumentView.h"

#include <nlohmann/json.hpp>

namespace avocet::core::documents {

struct DocumentBundle
{
    nlohmann::json bundle;
    std::string identifier; // Bundle.identifier.value (urn:uuid:…), unique per version
    std::string compositionStatus; // preliminary (not signed off), final, amended (version 2 on)
};

// `view` must have been made from the same questionnaire and response.
Result<DocumentBundle> buildDocumentBundle(const forms::Questionnaire& questionnaire, const TransferTemplate& transfer,
                                           const nlohmann::json& response, const DocumentView& view);

// The Bundle identifier a version of a document gets (so a new version can name the one it replaces).
std::string bundleIdentifierFor(const std::string& setId, int versionNumber);

// The section narrative for one heading (XHTML, FHIR narrative rules).
std::string sectionNarrative(const DocumentSection& section);

} // namespace avocet::core::documents

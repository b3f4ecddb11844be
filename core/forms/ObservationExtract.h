#pragma once
// SDC observation-based extraction: the Observations a completed QuestionnaireResponse stands for.
// An answered item is extracted when it carries a code and the SDC extension
// sdc-questionnaire-observationExtract is true on the item, on an ancestor group or on the
// Questionnaire (the nearest one stated wins, so an item can say false under a group that says
// true). Each answer becomes one Observation: status final, code = the item's codes, subject = the
// response's subject, effectiveDateTime = authored, derivedFrom = the response (by its client
// identifier), category survey, and an identifier of the system kDerivedObservationSystem whose
// value "<response client id>#<linkId>" (a second answer or repetition of the same item:
// "#<linkId>#<n>", n from 1) makes the extraction idempotent. Values: integer → valueInteger,
// decimal → valueQuantity, a choice with an ordinalValue (or itemWeight) → that score as
// valueInteger (valueQuantity when not whole), any other Coding → valueCodeableConcept, boolean,
// string and text, date and dateTime, time, quantity as FHIR maps them. Pure: no storage here.
#include "core/forms/Questionnaire.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace avocet::core::forms {

inline constexpr const char* kObservationExtractExtension =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
inline constexpr const char* kDerivedObservationSystem = "https://fhir.avocet.example/Id/derived-observation";

struct ExtractedObservation
{
    std::string linkId;
    std::string key;         // the derived-observation identifier's value
    nlohmann::json resource; // the Observation (no id, no client identifier)
};

// Whether answers to this item are extracted (observationExtract in force and a code).
bool isExtracted(const QuestionnaireItem& item, const Questionnaire& questionnaire);

// The Observations of `response` (a QuestionnaireResponse of this questionnaire). responseClientId:
// the response's client identifier (urn:avocet:client-id). Items of other linkIds are ignored.
std::vector<ExtractedObservation> extractObservations(const Questionnaire& questionnaire,
                                                      const nlohmann::json& response,
                                                      const std::string& responseClientId);

// The derived-observation identifier's value of an Observation, or empty.
std::string derivedObservationKey(const nlohmann::json& observation);

} // namespace avocet::core::forms

#pragma once
// Canonical URLs of the FHIR core and SDC extensions the engine understands.

namespace avocet::core::forms::ext {

inline constexpr const char* kOrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
inline constexpr const char* kOrdinalValueR4 = "http://hl7.org/fhir/StructureDefinition/questionnaire-ordinalValue";
inline constexpr const char* kItemWeight = "http://hl7.org/fhir/StructureDefinition/itemWeight";
inline constexpr const char* kItemControl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
inline constexpr const char* kHidden = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
inline constexpr const char* kMinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
inline constexpr const char* kMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
inline constexpr const char* kRegex = "http://hl7.org/fhir/StructureDefinition/regex";
inline constexpr const char* kEntryFormat = "http://hl7.org/fhir/StructureDefinition/entryFormat";
inline constexpr const char* kUnit = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
inline constexpr const char* kVariable = "http://hl7.org/fhir/StructureDefinition/variable";
inline constexpr const char* kCalculatedExpression =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
inline constexpr const char* kEnableWhenExpression =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
inline constexpr const char* kInitialExpression =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";
inline constexpr const char* kAnswerExpression =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression";
inline constexpr const char* kNhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

} // namespace avocet::core::forms::ext

#pragma once
// The native payload JSON exchanged with an EPR channel (docs/mapping.md, "Native payload"), the
// warnings a mapping run produces, and the identifiers Avocet uses to mark where a record came from.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/identity/Patient.h"

namespace avocet::core::mapping {

inline constexpr std::string_view kNativePayloadFormat = "avocet-native-payload";
// meta.tag system on inbound QuestionnaireResponses; the code is the EPR name.
inline constexpr std::string_view kSourceEprTagSystem = "https://fhir.avocet.example/CodeSystem/source-epr";
// Extension carrying the native form, its version, the mapping used and native fields with no entry.
inline constexpr std::string_view kSourceRecordExtension =
    "https://fhir.avocet.example/StructureDefinition/source-epr-record";
// Markers ending truncated free text, counted inside the EPR's limit.
inline constexpr std::string_view kTruncatedMarker = " [...truncated]";
inline constexpr std::string_view kTruncatedAttachedMarker = " [...truncated; full text attached]";

// The identifier system of one EPR's own record ids (one system per EPR).
std::string eprRecordSystem(identity::Epr epr);
// The code system used inbound for an EPR code that the mapping does not know (shown, never guessed).
std::string eprCodeSystem(identity::Epr epr, const std::string& fieldId);

struct MappingWarning
{
    std::string code; // omitted, appended, attached, truncated, unmappedNativeCode, unmappedNativeField, ...
    std::string linkId;
    std::string field;
    std::string message; // names items and fields, never answer values

    nlohmann::json toJson() const;
};

nlohmann::json warningsToJson(const std::vector<MappingWarning>& warnings);

} // namespace avocet::core::mapping

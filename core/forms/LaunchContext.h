#pragma once
// The SDC launch context a template declares (sdc-questionnaire-launchContext): the names its
// expressions may use as %name and the FHIR type each stands for. Besides SDC's standard names
// (patient, user, encounter, location, study) a template may declare its own, as the
// transfer-of-care templates declare %record (the patient's record, a Bundle). The front end
// supplies the resources (SessionOptions::launchContext); lint accepts the declared names.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace avocet::core::forms {

inline constexpr const char* kLaunchContextExtension =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext";

struct LaunchContextDeclaration
{
    std::string name; // without the %
    std::string type; // FHIR resource type, e.g. Patient, Bundle ("" when not stated)
};

// In document order; names given as a Coding (SDC 3) or an id (earlier SDC drafts).
std::vector<LaunchContextDeclaration> declaredLaunchContext(const nlohmann::json& questionnaire);

} // namespace avocet::core::forms

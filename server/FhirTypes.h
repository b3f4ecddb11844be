#pragma once
// The resource types and search parameters the hub supports, in one place.

#include <string>
#include <utility>
#include <vector>

namespace avocet::hub {

const std::vector<std::string>& supportedResourceTypes();
bool isSupportedResourceType(const std::string& type);
bool hasIdentifierSearch(const std::string& type);
bool hasSubjectSearch(const std::string& type);

// Search parameters beyond _id, _lastUpdated, _count, identifier, subject/patient and the
// Questionnaire's url/version: (name, FHIR search parameter type).
const std::vector<std::pair<std::string, std::string>>& extraSearchParams(const std::string& type);
bool hasExtraSearchParam(const std::string& type, const std::string& name);
// The element a `date` search compares (a JSON path under content), empty when none.
std::vector<std::string> dateSearchPath(const std::string& type);

// FHIR id rule: [A-Za-z0-9\-\.]{1,64}
bool isValidResourceId(const std::string& id);

} // namespace avocet::hub

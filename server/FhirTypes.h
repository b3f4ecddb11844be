#pragma once
// The resource types and search parameters the hub supports, in one place.

#include <string>
#include <vector>

namespace avocet::hub {

const std::vector<std::string>& supportedResourceTypes();
bool isSupportedResourceType(const std::string& type);
bool hasIdentifierSearch(const std::string& type);
bool hasSubjectSearch(const std::string& type);

// FHIR id rule: [A-Za-z0-9\-\.]{1,64}
bool isValidResourceId(const std::string& id);

} // namespace avocet::hub

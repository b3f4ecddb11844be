#include "server/FhirTypes.h"

#include <algorithm>

namespace avocet::hub {

const std::vector<std::string>& supportedResourceTypes()
{
    static const std::vector<std::string> types = {"Patient", "Questionnaire", "QuestionnaireResponse",
                                                   "AuditEvent", "Flag", "Task"};
    return types;
}

bool isSupportedResourceType(const std::string& type)
{
    const auto& types = supportedResourceTypes();
    return std::find(types.begin(), types.end(), type) != types.end();
}

bool hasIdentifierSearch(const std::string& type)
{
    // Every supported type has Identifier(s); AuditEvent's single identifier makes client
    // pushes idempotent through If-None-Exist like the others.
    return isSupportedResourceType(type);
}

bool hasSubjectSearch(const std::string& type)
{
    return type == "QuestionnaireResponse" || type == "Flag" || type == "Task" || type == "AuditEvent";
}

bool isValidResourceId(const std::string& id)
{
    if (id.empty() || id.size() > 64)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

} // namespace avocet::hub

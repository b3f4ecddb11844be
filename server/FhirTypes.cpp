#include "server/FhirTypes.h"

#include <algorithm>

namespace avocet::hub {

const std::vector<std::string>& supportedResourceTypes()
{
    static const std::vector<std::string> types = {
        "Patient",   "Questionnaire", "QuestionnaireResponse", "AuditEvent",  "Flag",
        "Task",      "Encounter",     "EpisodeOfCare",         "Appointment", "CarePlan",
        "Observation", "AllergyIntolerance", "MedicationStatement", "Condition", "DocumentReference"};
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
    return isSupportedResourceType(type) && type != "Patient" && type != "Questionnaire";
}

const std::vector<std::pair<std::string, std::string>>& extraSearchParams(const std::string& type)
{
    static const std::vector<std::pair<std::string, std::string>> none;
    static const std::vector<std::pair<std::string, std::string>> patient = {
        {"family", "string"}, {"given", "string"}, {"name", "string"}, {"birthdate", "date"}, {"gender", "token"}};
    static const std::vector<std::pair<std::string, std::string>> dated = {{"date", "date"}, {"status", "token"}};
    static const std::vector<std::pair<std::string, std::string>> observation = {
        {"date", "date"}, {"status", "token"}, {"code", "token"}};
    static const std::vector<std::pair<std::string, std::string>> categorised = {
        {"date", "date"}, {"status", "token"}, {"category", "token"}};
    static const std::vector<std::pair<std::string, std::string>> status = {{"status", "token"}};
    if (type == "Patient")
        return patient;
    if (type == "Encounter" || type == "Appointment" || type == "EpisodeOfCare")
        return dated;
    if (type == "Observation")
        return observation;
    if (type == "CarePlan" || type == "Flag")
        return categorised;
    if (type == "AllergyIntolerance" || type == "MedicationStatement" || type == "DocumentReference")
        return status;
    return none;
}

bool hasExtraSearchParam(const std::string& type, const std::string& name)
{
    const auto& params = extraSearchParams(type);
    return std::any_of(params.begin(), params.end(), [&name](const auto& param) { return param.first == name; });
}

std::vector<std::string> dateSearchPath(const std::string& type)
{
    if (type == "Appointment")
        return {"start"};
    if (type == "Observation")
        return {"effectiveDateTime"};
    if (type == "Encounter" || type == "EpisodeOfCare" || type == "CarePlan" || type == "Flag")
        return {"period", "start"};
    return {};
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

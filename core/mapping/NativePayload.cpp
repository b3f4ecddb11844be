#include "core/mapping/NativePayload.h"

#include <cctype>

namespace avocet::core::mapping {

namespace {
std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}
} // namespace

std::string eprRecordSystem(identity::Epr epr)
{
    return "https://fhir.avocet.example/Id/" + lower(identity::eprName(epr)) + "-record-id";
}

std::string eprCodeSystem(identity::Epr epr, const std::string& fieldId)
{
    return "https://fhir.avocet.example/CodeSystem/" + lower(identity::eprName(epr)) + "/" + fieldId;
}

nlohmann::json MappingWarning::toJson() const
{
    nlohmann::json out{{"code", code}, {"message", message}};
    if (!linkId.empty())
        out["linkId"] = linkId;
    if (!field.empty())
        out["field"] = field;
    return out;
}

nlohmann::json warningsToJson(const std::vector<MappingWarning>& warnings)
{
    auto out = nlohmann::json::array();
    for (const auto& w : warnings)
        out.push_back(w.toJson());
    return out;
}

} // namespace avocet::core::mapping

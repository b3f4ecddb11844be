#include "core/forms/LaunchContext.h"

namespace avocet::core::forms {

std::vector<LaunchContextDeclaration> declaredLaunchContext(const nlohmann::json& questionnaire)
{
    std::vector<LaunchContextDeclaration> declared;
    if (!questionnaire.is_object() || !questionnaire.contains("extension") || !questionnaire["extension"].is_array())
        return declared;
    for (const auto& extension : questionnaire["extension"]) {
        if (!extension.is_object() || extension.value("url", "") != kLaunchContextExtension ||
            !extension.contains("extension") || !extension["extension"].is_array())
            continue;
        LaunchContextDeclaration declaration;
        for (const auto& part : extension["extension"]) {
            if (!part.is_object())
                continue;
            const std::string url = part.value("url", "");
            if (url == "name" && part.contains("valueCoding") && part["valueCoding"].is_object())
                declaration.name = part["valueCoding"].value("code", "");
            else if (url == "name" && part.contains("valueId") && part["valueId"].is_string())
                declaration.name = part["valueId"].get<std::string>();
            else if (url == "type" && part.contains("valueCode") && part["valueCode"].is_string())
                declaration.type = part["valueCode"].get<std::string>();
        }
        if (!declaration.name.empty())
            declared.push_back(std::move(declaration));
    }
    return declared;
}

} // namespace avocet::core::forms

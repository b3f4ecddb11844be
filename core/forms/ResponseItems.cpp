#include "core/forms/ResponseItems.h"

namespace avocet::core::forms {

const nlohmann::json* findResponseItem(const nlohmann::json& items, const std::string& linkId)
{
    if (!items.is_array())
        return nullptr;
    for (const auto& item : items) {
        if (!item.is_object())
            continue;
        if (item.value("linkId", "") == linkId)
            return &item;
        if (item.contains("item"))
            if (const auto* found = findResponseItem(item["item"], linkId))
                return found;
        if (item.contains("answer") && item["answer"].is_array())
            for (const auto& answer : item["answer"])
                if (answer.is_object() && answer.contains("item"))
                    if (const auto* found = findResponseItem(answer["item"], linkId))
                        return found;
    }
    return nullptr;
}

} // namespace avocet::core::forms

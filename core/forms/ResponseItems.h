#pragma once
// Reading a QuestionnaireResponse's items without loading its form: the first item with a linkId,
// wherever it is nested (under a group or under an answer).
#include <nlohmann/json.hpp>

#include <string>

namespace avocet::core::forms {

// `items` is a response's (or an item's) `item` array; null when no item has the linkId.
const nlohmann::json* findResponseItem(const nlohmann::json& items, const std::string& linkId);

} // namespace avocet::core::forms

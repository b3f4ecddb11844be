#include "core/forms/QuestionnaireItem.h"

#include <array>
#include <utility>

namespace avocet::core::forms {

namespace {

constexpr std::array<std::pair<ItemType, const char*>, 16> kTypeCodes{{
    {ItemType::Group, "group"}, {ItemType::Display, "display"}, {ItemType::Boolean, "boolean"},
    {ItemType::Decimal, "decimal"}, {ItemType::Integer, "integer"}, {ItemType::Date, "date"},
    {ItemType::DateTime, "dateTime"}, {ItemType::Time, "time"}, {ItemType::String, "string"},
    {ItemType::Text, "text"}, {ItemType::Url, "url"}, {ItemType::Choice, "choice"},
    {ItemType::OpenChoice, "open-choice"}, {ItemType::Attachment, "attachment"},
    {ItemType::Reference, "reference"}, {ItemType::Quantity, "quantity"},
}};

} // namespace

ItemType itemTypeFromCode(const std::string& code)
{
    for (const auto& [type, name] : kTypeCodes) {
        if (code == name) {
            return type;
        }
    }
    return ItemType::Unknown;
}

const char* itemTypeCode(ItemType type)
{
    for (const auto& [t, name] : kTypeCodes) {
        if (t == type) {
            return name;
        }
    }
    return "unknown";
}

std::string answerValueSuffix(ItemType type)
{
    switch (type) {
    case ItemType::Boolean: return "Boolean";
    case ItemType::Decimal: return "Decimal";
    case ItemType::Integer: return "Integer";
    case ItemType::Date: return "Date";
    case ItemType::DateTime: return "DateTime";
    case ItemType::Time: return "Time";
    case ItemType::String:
    case ItemType::Text: return "String";
    case ItemType::Url: return "Uri";
    case ItemType::Choice:
    case ItemType::OpenChoice: return "Coding";
    case ItemType::Attachment: return "Attachment";
    case ItemType::Reference: return "Reference";
    case ItemType::Quantity: return "Quantity";
    case ItemType::Group:
    case ItemType::Display:
    case ItemType::Unknown: return {};
    }
    return {};
}

} // namespace avocet::core::forms

#pragma once
// Reading elements of a template the designer did not write itself. An imported template, a field
// library block or a mapping may hold a number, null or an array where FHIR expects an object, and
// nlohmann::json's value() and get() throw on the wrong type. The designer reads through these
// instead: a missing or wrongly typed element reads as empty, never as an exception.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace avocet::ui::designer::fields {

// holder[key] when holder is an object that has it; otherwise null.
inline const nlohmann::json& member(const nlohmann::json& holder, std::string_view key)
{
    static const nlohmann::json null;
    if (!holder.is_object())
        return null;
    const auto found = holder.find(key);
    return found == holder.end() ? null : *found;
}

// holder[key] when it is a string; otherwise fallback.
inline std::string text(const nlohmann::json& holder, std::string_view key, std::string fallback = {})
{
    const nlohmann::json& value = member(holder, key);
    return value.is_string() ? value.get<std::string>() : fallback;
}

// holder[key] when it is an object; otherwise an empty object.
inline const nlohmann::json& object(const nlohmann::json& holder, std::string_view key)
{
    static const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json& value = member(holder, key);
    return value.is_object() ? value : empty;
}

// holder[key] when it is an array; otherwise an empty array.
inline const nlohmann::json& array(const nlohmann::json& holder, std::string_view key)
{
    static const nlohmann::json empty = nlohmann::json::array();
    const nlohmann::json& value = member(holder, key);
    return value.is_array() ? value : empty;
}

// holder[key] is true (a boolean).
inline bool isTrue(const nlohmann::json& holder, std::string_view key)
{
    const nlohmann::json& value = member(holder, key);
    return value.is_boolean() && value.get<bool>();
}

} // namespace avocet::ui::designer::fields

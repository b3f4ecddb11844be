#pragma once
// Reading fields of JSON that came from outside (the network, a file, the cache) without trusting
// their types: a missing or wrongly typed field reads as empty, never as an exception.
#include <nlohmann/json.hpp>
#include <string>

namespace avocet::core::jsonfields {

// A string member of an object, or "".
inline std::string text(const nlohmann::json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// A member of an object, or null.
inline const nlohmann::json& member(const nlohmann::json& object, const char* key)
{
    static const nlohmann::json kNull;
    if (!object.is_object())
        return kNull;
    const auto found = object.find(key);
    return found != object.end() ? *found : kNull;
}

// The first element of an array member, or null.
inline const nlohmann::json& firstOf(const nlohmann::json& object, const char* key)
{
    static const nlohmann::json kNull;
    const nlohmann::json& array = member(object, key);
    return array.is_array() && !array.empty() ? array.front() : kNull;
}

} // namespace avocet::core::jsonfields

#pragma once
// Reading a data file Avocet ships or a trust edits (rule tables, the metric library) strictly:
// every key known, every required member present and of its type, and a problem reported with the
// JSON Pointer-style path of where it is ("/powers/3/periods/0/months"). The readers throw
// StrictJsonError inside the parser that uses them, which catches it and turns it into its own
// error result; nothing escapes that parser.
#include <algorithm>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace avocet::core::strictjson {

struct StrictJsonError
{
    std::string where;
    std::string what;
};

[[noreturn]] inline void fail(const std::string& where, const std::string& what) { throw StrictJsonError{where, what}; }

inline std::string at(const std::string& path, const std::string& key) { return path + "/" + key; }
inline std::string at(const std::string& path, std::size_t index) { return path + "/" + std::to_string(index); }

// An object whose keys are all among `allowed` ("comment" is always allowed).
inline void requireObject(const nlohmann::json& j, const std::string& path, std::initializer_list<const char*> allowed)
{
    if (!j.is_object())
        fail(path, "expected an object");
    for (const auto& item : j.items()) {
        const std::string& key = item.key();
        if (key == "comment")
            continue;
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* k) { return key == k; }))
            fail(at(path, key), "unknown key \"" + key + "\"");
    }
}

inline const nlohmann::json& member(const nlohmann::json& obj, const std::string& path, const char* key)
{
    const auto it = obj.find(key);
    if (it == obj.end())
        fail(path, std::string("missing required key \"") + key + "\"");
    return *it;
}

// A required non-empty string.
inline std::string text(const nlohmann::json& obj, const std::string& path, const char* key)
{
    const nlohmann::json& v = member(obj, path, key);
    if (!v.is_string() || v.get_ref<const std::string&>().empty())
        fail(at(path, key), "expected a non-empty string");
    return v.get<std::string>();
}

// A non-empty string when present, `fallback` when absent.
inline std::string optionalText(const nlohmann::json& obj, const std::string& path, const char* key,
                                std::string fallback = {})
{
    return obj.contains(key) ? text(obj, path, key) : fallback;
}

} // namespace avocet::core::strictjson

#pragma once
// Helpers for the FHIRPath tests: evaluate against an inline JSON resource with a fixed clock.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "core/forms/FhirPath.h"

namespace avocet::test {

inline std::chrono::system_clock::time_point fixedClock()
{
    // 2024-03-15T12:00:00Z
    return std::chrono::system_clock::time_point(std::chrono::seconds(1710504000));
}

// Evaluates text with resource as %resource and $this; returns the result as JSON text
// (a list) or "error: ..." so tests can compare whole results in one assertion.
inline std::string evalToString(const std::string& text, const nlohmann::json& resource = nlohmann::json::object())
{
    using namespace avocet::core::forms;
    EvaluationEnvironment env;
    env.resource = &resource;
    env.context = {Value(NodeRef{&resource, resource.value("resourceType", std::string()), nullptr})};
    env.clock = fixedClock;
    auto result = evaluateFhirPath(text, env);
    if (!result) {
        return "error: " + result.message();
    }
    std::string out = "[";
    for (std::size_t i = 0; i < result->size(); ++i) {
        out += (i > 0 ? ", " : "") + (*result)[i].toDisplayString();
    }
    return out + "]";
}

} // namespace avocet::test

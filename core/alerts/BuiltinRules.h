#pragma once
// The rule tables in resources/rules/*.json, compiled in so that avocetctl and the desktop app
// work from any directory. BuiltinRules.cpp is generated from those files by
// `cmake -P core/alerts/GenerateBuiltinRules.cmake`; a unit test fails when the two differ.

#include <string_view>
#include <vector>

namespace avocet::core::alerts {

struct BuiltinRuleFile
{
    std::string_view name; // file name under resources/rules/
    std::string_view text; // its exact content
};

const std::vector<BuiltinRuleFile>& builtinRuleFiles();

} // namespace avocet::core::alerts

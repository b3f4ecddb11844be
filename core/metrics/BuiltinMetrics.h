#pragma once
// The metric library files in resources/metrics/*.json, compiled in so that the hub, avocetctl and
// the desktop app read the same library from any directory. BuiltinMetrics.cpp is generated from
// those files by `cmake -P core/metrics/GenerateBuiltinMetrics.cmake`; a unit test fails when the
// two differ.

#include <string_view>
#include <vector>

namespace avocet::core::metrics {

struct BuiltinMetricFile
{
    std::string_view name; // file name under resources/metrics/
    std::string_view text; // its exact content
};

const std::vector<BuiltinMetricFile>& builtinMetricFiles();

} // namespace avocet::core::metrics

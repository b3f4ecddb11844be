# Regenerates core/metrics/BuiltinMetrics.cpp from resources/metrics/*.json:
#   cmake -P core/metrics/GenerateBuiltinMetrics.cmake      (from the repository root)
# The unit test metrics.BuiltinMetrics.* fails when the two are out of step.
set(embed_sources "resources/metrics")
set(embed_kind "metric libraries")
set(embed_delimiter "avocet_metrics")
set(embed_script "core/metrics/GenerateBuiltinMetrics.cmake")
set(embed_output "core/metrics/BuiltinMetrics.cpp")
set(embed_header "core/metrics/BuiltinMetrics.h")
set(embed_namespace "avocet::core::metrics")
set(embed_type "BuiltinMetricFile")
set(embed_function "builtinMetricFiles")
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/EmbedJsonFiles.cmake")

# Regenerates core/alerts/BuiltinRules.cpp from resources/rules/*.json:
#   cmake -P core/alerts/GenerateBuiltinRules.cmake      (from the repository root)
# The unit test alerts.BuiltinRules.* fails when the two are out of step.
set(embed_sources "resources/rules")
set(embed_kind "rule tables")
set(embed_delimiter "avocet_rules")
set(embed_script "core/alerts/GenerateBuiltinRules.cmake")
set(embed_output "core/alerts/BuiltinRules.cpp")
set(embed_header "core/alerts/BuiltinRules.h")
set(embed_namespace "avocet::core::alerts")
set(embed_type "BuiltinRuleFile")
set(embed_function "builtinRuleFiles")
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/EmbedJsonFiles.cmake")

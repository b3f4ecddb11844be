#pragma once
// Reads one rule table (resources/rules/*.json, schema "avocet-alert-rules/1") into a RuleSet.
// A bad table fails with ErrorCode::AlertRulesInvalid and a message naming the source and the
// place in it: "rules-2017.json: /powers/3/periods/0/length: expected exactly one of …", or the
// line and column of a JSON syntax error. Unknown keys are errors, so a misspelt "lenght" can
// never silently drop a deadline; keys named "comment" are allowed anywhere.

#include <string>
#include <string_view>

#include "core/alerts/RuleSet.h"
#include "core/common/Result.h"

namespace avocet::core::alerts {

inline constexpr std::string_view kRuleSchema = "avocet-alert-rules/1";

Result<RuleSet> parseRuleSet(std::string_view jsonText, const std::string& sourceName);

} // namespace avocet::core::alerts

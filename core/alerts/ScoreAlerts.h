#pragma once
// Clinical alerts raised by questionnaire answers and scores (PHQ-9 item 9 > 0), from the
// "scores" rules of a rule table.

#include <map>
#include <string>
#include <vector>

#include "core/alerts/RuleSet.h"

namespace avocet::core::alerts {

struct ScoreAlert
{
    std::string ruleId;
    std::string instrument;
    std::string item;
    double value = 0;
    std::string severity; // "high", "medium", "low"
    std::string message;
};

// `values` maps an item key ("9"), an item code ("44260-8") or "total" to its numeric value.
// Instruments match ignoring case, spaces and hyphens ("phq9" is "PHQ-9"). Unanswered items
// are simply absent: an absent item never raises or clears an alert.
std::vector<ScoreAlert> evaluateScores(const RuleSet& rules, const std::string& instrument,
                                       const std::map<std::string, double>& values);

} // namespace avocet::core::alerts

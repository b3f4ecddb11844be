#pragma once
// Clinical alerts raised by questionnaire answers and scores (PHQ-9 item 9 > 0), from the
// "scores" rules of a rule table.

#include <optional>
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
    bool declined = false; // raised because the item was declined, not by a value
    std::string severity;  // "high", "medium", "low"
    std::string message;
};

// One scored item as recorded: its code, and its value or that it was declined.
struct ScoreValue
{
    std::string code;
    std::optional<double> value;
    bool declined = false;
};

// The alerts these recorded items raise. Rules match by code only; an item that is absent (not
// answered) never raises or clears an alert, and a declined item is never compared as a value.
std::vector<ScoreAlert> evaluateScores(const RuleSet& rules, const std::vector<ScoreValue>& values);

} // namespace avocet::core::alerts

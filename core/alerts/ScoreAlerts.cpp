#include "core/alerts/ScoreAlerts.h"

#include <cctype>

namespace avocet::core::alerts {

namespace {

std::string instrumentKey(const std::string& name)
{
    std::string key;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            key.push_back(static_cast<char>(std::tolower(u)));
    }
    return key;
}

bool holds(Comparison op, double value, double threshold)
{
    switch (op) {
    case Comparison::Greater: return value > threshold;
    case Comparison::GreaterOrEqual: return value >= threshold;
    case Comparison::Less: return value < threshold;
    case Comparison::LessOrEqual: return value <= threshold;
    case Comparison::Equal: return value == threshold;
    case Comparison::NotEqual: return value != threshold;
    }
    return false;
}

} // namespace

std::vector<ScoreAlert> evaluateScores(const RuleSet& rules, const std::string& instrument,
                                       const std::map<std::string, double>& values)
{
    std::vector<ScoreAlert> alerts;
    const std::string wanted = instrumentKey(instrument);
    for (const auto& rule : rules.scores) {
        if (instrumentKey(rule.instrument) != wanted)
            continue;
        auto it = values.find(rule.item);
        if (it == values.end() && rule.code)
            it = values.find(*rule.code);
        if (it == values.end())
            continue;
        if (holds(rule.op, it->second, rule.threshold))
            alerts.push_back({rule.id, rule.instrument, rule.item, it->second, rule.severity, rule.message});
    }
    return alerts;
}

} // namespace avocet::core::alerts

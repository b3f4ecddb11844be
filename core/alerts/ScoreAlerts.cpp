#include "core/alerts/ScoreAlerts.h"

namespace avocet::core::alerts {

namespace {

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

std::vector<ScoreAlert> evaluateScores(const RuleSet& rules, const std::vector<ScoreValue>& values)
{
    std::vector<ScoreAlert> alerts;
    for (const auto& rule : rules.scores) {
        for (const ScoreValue& recorded : values) {
            if (recorded.code != rule.code)
                continue;
            const bool raised = rule.when == ScoreRule::When::Declined
                                    ? recorded.declined
                                    : !recorded.declined && recorded.value && holds(rule.op, *recorded.value, rule.threshold);
            if (raised)
                alerts.push_back({rule.id, rule.instrument, rule.item, recorded.value.value_or(0), recorded.declined,
                                  rule.severity, rule.message});
        }
    }
    return alerts;
}

} // namespace avocet::core::alerts

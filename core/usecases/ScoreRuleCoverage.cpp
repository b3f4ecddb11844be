#include "core/usecases/ScoreRuleCoverage.h"

#include <chrono>

#include "core/alerts/LondonTime.h"
#include "core/alerts/RuleLibrary.h"

namespace avocet::core::usecases {

namespace {

bool hasCode(const nlohmann::json& element, const std::string& system, const std::string& code)
{
    if (!element.is_object())
        return false;
    const auto codes = element.find("code");
    if (codes == element.end() || !codes->is_array())
        return false;
    for (const auto& coding : *codes)
        if (coding.is_object() && coding.value("system", "") == system && coding.value("code", "") == code)
            return true;
    return false;
}

// Whether any item under `items` (at any depth) carries system|code.
bool holds(const std::vector<forms::QuestionnaireItem>& items, const std::string& system, const std::string& code)
{
    for (const auto& item : items)
        if ((item.source != nullptr && hasCode(*item.source, system, code)) || holds(item.items, system, code))
            return true;
    return false;
}

} // namespace

std::vector<ScoreRuleGap> scoreRuleGaps(const alerts::RuleSet& rules, const forms::Questionnaire& questionnaire)
{
    std::vector<ScoreRuleGap> gaps;
    for (const alerts::ScoreRule& rule : rules.scores) {
        const auto check = [&](const std::string& where, const std::vector<forms::QuestionnaireItem>& items) {
            if (holds(items, rule.system, rule.code))
                return;
            gaps.push_back({rule.id, where,
                            (where.empty() ? std::string("The form") : "Section " + where) + " holds the " +
                                rule.instrument + " (" + rule.panel + ") but no item coded " + rule.code + " (" +
                                rule.instrument + " " + (rule.item == "total" ? "total" : "item " + rule.item) +
                                "), which the alert rule " + rule.id +
                                " reads: that alert could never be raised. Code the item, or remove the panel code."});
        };
        if (hasCode(questionnaire.json(), rule.system, rule.panel))
            check("", questionnaire.items());
        for (const forms::QuestionnaireItem* item : questionnaire.allItems())
            if (item->isGroup() && item->source != nullptr && hasCode(*item->source, rule.system, rule.panel))
                check(item->linkId, item->items);
    }
    return gaps;
}

Result<std::vector<ScoreRuleGap>> scoreRuleGapsToday(const forms::Questionnaire& questionnaire)
{
    auto rules = alerts::RuleLibrary::builtin();
    if (!rules)
        return rules.error();
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto set = rules->activeOn(alerts::london::localDate(now));
    if (!set)
        return set.error();
    return scoreRuleGaps(**set, questionnaire);
}

} // namespace avocet::core::usecases

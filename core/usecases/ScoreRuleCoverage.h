#pragma once
// Score alert rules match items by code. A form that holds an instrument (its panel code on the
// form or on one of its sections) must also hold every item the rules read for that instrument:
// otherwise the alert could never be raised for it, silently. This finds those gaps, so that
// publishing such a template is refused and opening a form on one says so.

#include <string>
#include <vector>

#include "core/alerts/RuleSet.h"
#include "core/common/Result.h"
#include "core/forms/Questionnaire.h"

namespace avocet::core::usecases {

struct ScoreRuleGap
{
    std::string ruleId;
    std::string linkId; // the form or section holding the panel ("" for the form itself)
    std::string message;
};

std::vector<ScoreRuleGap> scoreRuleGaps(const alerts::RuleSet& rules, const forms::Questionnaire& questionnaire);

// The gaps against the built-in rule table in force today (London), as the designer's publish
// check and `avocetctl form lint` use them.
Result<std::vector<ScoreRuleGap>> scoreRuleGapsToday(const forms::Questionnaire& questionnaire);

} // namespace avocet::core::usecases

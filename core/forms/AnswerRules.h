#pragma once
// Rules about single answers ({"valueCoding": ...}): reading them as FHIRPath values, testing
// enableWhen conditions, turning calculated results into answers, and validating them.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/FhirPathValue.h"
#include "core/forms/QuestionnaireItem.h"

namespace avocet::core::forms {

// The value[x] key of an answer, or empty.
std::string answerValueKey(const nlohmann::json& answer);
// The answer's value as a FHIRPath value (a Coding stays a JSON node inside answer).
std::optional<Value> answerValue(const nlohmann::json& answer);
// Codes match; systems must match too when both are given.
bool codingsMatch(const nlohmann::json& a, const nlohmann::json& b);
// Whether an enableWhen condition holds for the referenced question's current answers.
// "!=" holds when no answer equals the value (so also when unanswered), as lforms does.
bool enableWhenHolds(const EnableWhen& condition, const std::vector<nlohmann::json>& answers);
// Whether an operator can be used with an answer[x] type (for lint).
bool operatorFits(const std::string& op, const std::string& answerKey);
// The answer[x] suffix a condition on this item type should use ("Coding" for choice).
std::vector<std::string> conditionSuffixesFor(ItemType type);
// Converts a calculated result into answers for the item; an error when it cannot.
Result<std::vector<nlohmann::json>> answersFromResult(const QuestionnaireItem& item, const Collection& result);
// Messages (for a non-programmer) for everything wrong with these answers to this item.
std::vector<std::string> answerProblems(const QuestionnaireItem& item, const std::vector<nlohmann::json>& answers);
// The option an answer picked, if any.
const AnswerOption* matchingOption(const QuestionnaireItem& item, const nlohmann::json& answer);

} // namespace avocet::core::forms

#pragma once
// A form being filled in: the current answers, which items are enabled, validation per item,
// variables and calculated values. The renderer only reflects a FormSession; all behaviour of
// the template lives here. An answer change re-evaluates only the computations that read it.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/FhirPathValue.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/ScoreRule.h"

namespace avocet::core::forms {

struct ItemIssue
{
    std::string linkId;
    std::size_t instance = 0; // which repetition of a repeating group, in document order
    std::string message;
};

struct SessionOptions
{
    std::function<std::chrono::system_clock::time_point()> clock; // today()/now(); default: system clock
    bool applyInitialValues = true; // initial, initialSelected and initialExpression (off for a restored draft)
    // SDC launch context: %patient, %user, %encounter ... as FHIR resources (JSON).
    std::map<std::string, nlohmann::json> launchContext;
};

class FormSession
{
public:
    // Evaluations of one bundle per change are capped so templates with cycles terminate.
    static constexpr int kMaxPassesPerChange = 8;

    static Result<FormSession> open(const Questionnaire& questionnaire, const SessionOptions& options = {});
    ~FormSession();
    FormSession(FormSession&&) noexcept;
    FormSession& operator=(FormSession&&) noexcept;

    const Questionnaire& questionnaire() const;

    // Answers are FHIR answer objects: {"valueCoding": {...}}, {"valueInteger": 3}, ...
    // Calculated items cannot be answered by hand; their values are always recomputed.
    Status setAnswers(const std::string& linkId, std::vector<nlohmann::json> answers, std::size_t instance = 0);
    Status setAnswer(const std::string& linkId, nlohmann::json answer, std::size_t instance = 0);
    Status clearAnswers(const std::string& linkId, std::size_t instance = 0);
    // Picks the option with this code (or, for non-Coding options, this value as text).
    Status chooseOption(const std::string& linkId, const std::string& code, std::size_t instance = 0);
    // The stored answers, also while the item is disabled (they return when it is enabled).
    std::vector<nlohmann::json> answers(const std::string& linkId, std::size_t instance = 0) const;
    // The answers an answerExpression allows now ({"valueCoding": ...}, ...); empty without one.
    std::vector<nlohmann::json> expressionOptions(const std::string& linkId, std::size_t instance = 0) const;

    bool isEnabled(const std::string& linkId, std::size_t instance = 0) const;
    std::vector<std::string> enabledLinkIds() const; // document order, each once
    // The value of %name as seen from an item (or the root when linkId is empty).
    std::optional<Collection> variable(const std::string& name, const std::string& linkId = {}) const;

    std::size_t instanceCount(const std::string& linkId) const;
    // The copies of linkId that share a parent with copy `instance`: for a repeating group inside a
    // repeating group, the inner copies of one outer copy. Instances are numbered in document order,
    // so they are contiguous: {first, count}. {instance, 0} when there is no such copy.
    struct InstanceRange
    {
        std::size_t first = 0;
        std::size_t count = 0;
    };
    InstanceRange siblingInstances(const std::string& linkId, std::size_t instance) const;
    // Adds a copy at the end of the whole form's copies (for a nested group: in the last outer copy).
    Result<std::size_t> addGroupInstance(const std::string& groupLinkId);
    // Adds a copy right after copy `afterInstance`, inside the same outer copy; returns the new
    // copy's instance number (afterInstance + 1).
    Result<std::size_t> addGroupInstanceAfter(const std::string& groupLinkId, std::size_t afterInstance);
    // Refused for the last copy inside its outer copy (every outer copy keeps at least one).
    Status removeGroupInstance(const std::string& groupLinkId, std::size_t instance);

    // Validation failures of enabled items (required, type, length, pattern, limits, options).
    std::vector<ItemIssue> validate() const;
    std::vector<ItemIssue> issuesFor(const std::string& linkId) const;
    bool isComplete() const { return validate().empty(); }
    // How a total with a published scoring rule stands (answered of scored, declined items,
    // prorated or withheld and why); nullopt for an item without a rule.
    std::optional<ScoreStatus> scoreStatus(const std::string& linkId) const;
    // Expressions that failed while running (the form keeps working; values stay empty).
    const std::vector<ItemIssue>& expressionErrors() const;

    // QuestionnaireResponse.item for enabled answers only, nested as FHIR requires.
    nlohmann::json responseItems() const;
    // Loads answers from QuestionnaireResponse.item; returns what did not fit this version.
    std::vector<ItemIssue> loadResponseItems(const nlohmann::json& items);

    // How many bundle evaluations the last change caused (for tests and benchmarks).
    std::size_t lastEvaluationCount() const;

private:
    struct State;
    explicit FormSession(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace avocet::core::forms

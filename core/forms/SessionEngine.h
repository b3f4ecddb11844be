#pragma once
// Internal to core/forms: the state behind FormSession. Holds one node per item instance, a
// working QuestionnaireResponse the expressions read (%resource), and runs the dependency graph.

#include <map>
#include <memory>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/DependencyGraph.h"
#include "core/forms/FormSession.h"
#include "core/forms/ScoreRule.h"

namespace avocet::core::forms::detail {

struct ItemNode
{
    const QuestionnaireItem* def = nullptr; // null for the root
    ItemNode* parent = nullptr;
    std::size_t itemIndex = 0;
    std::vector<nlohmann::json> answers; // kept while disabled so they come back when re-enabled
    bool ownEnabled = true;              // the item's own conditions
    bool enabled = true;                 // own conditions and every ancestor enabled
    nlohmann::json* out = nullptr;       // this instance inside the working response
    std::vector<std::unique_ptr<ItemNode>> children;
    std::map<std::string, Collection> variables;
    std::vector<nlohmann::json> expressionOptions; // what answerExpression allows, when there is one
};

class SessionEngine
{
public:
    SessionEngine(const Questionnaire& questionnaire, const SessionOptions& options);
    SessionEngine(const SessionEngine&) = delete;
    SessionEngine& operator=(const SessionEngine&) = delete;

    const Questionnaire& questionnaire() const { return m_questionnaire; }
    const DependencyGraph& graph() const { return m_graph; }
    ItemNode& root() { return m_root; }
    const ItemNode& root() const { return m_root; }
    const std::vector<ItemNode*>& instances(std::size_t itemIndex) const { return m_instances[itemIndex]; }
    ItemNode* find(const std::string& linkId, std::size_t instance) const;

    // After answers of one node changed: update the working response and re-run dependents.
    void answersChanged(ItemNode& node);
    // After structural changes (instances added/removed, a response loaded): rebuild and re-run all.
    void restructure();
    ItemNode& addInstance(ItemNode& parent, const QuestionnaireItem& def, std::size_t position);

    std::vector<ItemIssue> expressionErrors() const;
    // The scoring rule of a total item, and how that total stands now; nullopt without a rule.
    std::optional<ScoreStatus> scoreStatusOf(const QuestionnaireItem* total) const;
    std::size_t lastEvaluationCount() const { return m_lastEvaluations; }

private:
    std::unique_ptr<ItemNode> createNode(const QuestionnaireItem& def, ItemNode* parent);
    void applyInitialExpressions();
    void rebuildResponse();
    void writeAnswers(ItemNode& node);
    void run(const std::vector<std::size_t>& bundles);
    void evaluateBundle(std::size_t bundle, std::set<std::size_t>& changedItems, bool& variablesChanged);
    bool ownConditionsHold(ItemNode& node, std::size_t bundle);
    void propagateEnabled(ItemNode& node, std::set<std::size_t>& changedItems);
    ItemNode* resolveQuestion(const ItemNode& from, const std::string& linkId) const;
    EvaluationEnvironment environmentFor(ItemNode& node);
    std::optional<Collection> evaluate(const CompiledExpression& expression, ItemNode& node, std::size_t bundle);
    std::optional<Decimal> scoreOf(const std::string* linkId, const nlohmann::json& coding) const;

    Questionnaire m_questionnaire;
    DependencyGraph m_graph;
    SessionOptions m_options;
    ItemNode m_root;
    nlohmann::json m_response;
    std::vector<std::vector<ItemNode*>> m_instances;
    std::map<std::size_t, std::vector<ItemIssue>> m_errors; // per bundle
    std::map<std::string, std::optional<Decimal>> m_globalScores; // "system|code" -> ordinal
    std::size_t m_lastEvaluations = 0;
    std::vector<ItemNode*> m_fresh; // new copies whose initialExpression has not run yet
    std::map<std::string, Collection> m_launch;
    std::map<const QuestionnaireItem*, ScoreRule> m_scoreRules;         // total item -> its rule
    std::map<std::size_t, std::vector<std::size_t>> m_scoreDependents; // scored item index -> total bundles // %patient, %user, ... from SessionOptions::launchContext
};

} // namespace avocet::core::forms::detail

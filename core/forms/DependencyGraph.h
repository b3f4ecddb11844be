#pragma once
// Which computations read which answers, worked out once when a form is opened, so an answer
// change re-evaluates only what depends on it.
//
// A "bundle" is everything computed for one Questionnaire item (its variables, enableWhen,
// enableWhenExpression and calculatedExpression); bundle 0 is the Questionnaire's own variables.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/forms/FhirPath.h"
#include "core/forms/Questionnaire.h"

namespace avocet::core::forms {

struct CompiledExpression
{
    const NamedExpression* source = nullptr;
    std::optional<FhirPathExpression> expression; // empty when it does not parse
    std::string error;                            // why it does not parse
};

struct Bundle
{
    const QuestionnaireItem* item = nullptr; // null for the root bundle
    std::vector<CompiledExpression> variables;
    std::optional<CompiledExpression> enableWhenExpression;
    std::optional<CompiledExpression> calculatedExpression;
    std::optional<CompiledExpression> answerExpression;  // re-run like a calculation
    std::optional<CompiledExpression> initialExpression; // run once per new copy, not part of the graph
    bool hasWork = false;
    std::vector<std::size_t> readsItems;   // indexes into Questionnaire::allItems()
    std::vector<std::size_t> readsBundles; // bundles whose variables it uses
    bool readsEverything = false;          // cannot tell statically: re-run on every change
    std::size_t rank = 0;                  // evaluation order (topological where there is no cycle)
};

class DependencyGraph
{
public:
    explicit DependencyGraph(const Questionnaire& questionnaire);

    const std::vector<Bundle>& bundles() const { return m_bundles; }
    std::size_t bundleOf(const QuestionnaireItem* item) const; // 0 for null (root)
    std::size_t indexOf(const QuestionnaireItem* item) const;  // position in allItems()
    // Bundles to re-run when the answers (or enabled state) of this item change.
    const std::vector<std::size_t>& dependentsOfItem(std::size_t itemIndex) const { return m_itemDependents[itemIndex]; }
    const std::vector<std::size_t>& dependentsOfBundle(std::size_t bundle) const { return m_bundleDependents[bundle]; }
    const std::vector<std::size_t>& wildcardBundles() const { return m_wildcards; }
    // The bundle defining %name as seen from item (self, then ancestors, then root); nullopt if none.
    std::optional<std::size_t> variableOwner(const QuestionnaireItem* item, const std::string& name) const;
    // Names a bundle's expressions use that no bundle in scope defines (for lint).
    std::vector<std::string> unknownVariables(std::size_t bundle) const;

private:
    void compile(Bundle& bundle, const QuestionnaireItem* item);
    void analyse(std::size_t index);
    void addItemWithDescendants(Bundle& bundle, const QuestionnaireItem* item);
    void rank();

    const Questionnaire& m_questionnaire;
    std::vector<Bundle> m_bundles;
    std::map<const QuestionnaireItem*, std::size_t> m_itemIndex;
    std::vector<std::vector<std::size_t>> m_itemDependents;
    std::vector<std::vector<std::size_t>> m_bundleDependents;
    std::vector<std::size_t> m_wildcards;
};

} // namespace avocet::core::forms

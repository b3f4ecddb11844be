#include "core/forms/DependencyGraph.h"

#include "core/forms/LaunchContext.h"

#include <algorithm>
#include <queue>
#include <set>

namespace avocet::core::forms {

namespace {

// The SDC launch context names (patient, user, ...) come from SessionOptions::launchContext.
const std::set<std::string> kBuiltInVariables{"resource", "rootResource", "context", "questionnaire", "qitem",
                                              "ucum", "sct", "loinc", "patient", "user", "encounter",
                                              "location", "study"};

CompiledExpression compileOne(const NamedExpression& source)
{
    CompiledExpression compiled;
    compiled.source = &source;
    if (!source.language.empty() && source.language != "text/fhirpath") {
        compiled.error = "uses the language '" + source.language + "', which Avocet cannot run";
        return compiled;
    }
    auto parsed = FhirPathExpression::compile(source.expression);
    if (parsed) {
        compiled.expression = std::move(parsed).value();
    } else {
        compiled.error = parsed.message();
    }
    return compiled;
}

void insertSorted(std::vector<std::size_t>& list, std::size_t value)
{
    auto it = std::lower_bound(list.begin(), list.end(), value);
    if (it == list.end() || *it != value) {
        list.insert(it, value);
    }
}

} // namespace

DependencyGraph::DependencyGraph(const Questionnaire& questionnaire) : m_questionnaire(questionnaire)
{
    const auto& items = questionnaire.allItems();
    for (std::size_t i = 0; i < items.size(); ++i) {
        m_itemIndex.emplace(items[i], i);
    }
    m_bundles.resize(items.size() + 1);
    compile(m_bundles[0], nullptr);
    for (std::size_t i = 0; i < items.size(); ++i) {
        compile(m_bundles[i + 1], items[i]);
    }
    m_itemDependents.resize(items.size());
    m_bundleDependents.resize(m_bundles.size());
    for (std::size_t b = 0; b < m_bundles.size(); ++b) {
        analyse(b);
    }
    rank();
}

void DependencyGraph::compile(Bundle& bundle, const QuestionnaireItem* item)
{
    bundle.item = item;
    const auto& variables = item ? item->variables : m_questionnaire.rootVariables();
    for (const NamedExpression& v : variables) {
        bundle.variables.push_back(compileOne(v));
    }
    if (item != nullptr) {
        if (item->enableWhenExpression) {
            bundle.enableWhenExpression = compileOne(*item->enableWhenExpression);
        }
        if (item->calculatedExpression) {
            bundle.calculatedExpression = compileOne(*item->calculatedExpression);
        }
        if (item->answerExpression) {
            bundle.answerExpression = compileOne(*item->answerExpression);
        }
        if (item->initialExpression) {
            bundle.initialExpression = compileOne(*item->initialExpression);
        }
    }
    bundle.hasWork = !bundle.variables.empty() || bundle.enableWhenExpression || bundle.calculatedExpression ||
                     bundle.answerExpression ||
                     (item != nullptr && !item->enableWhen.empty());
}

std::size_t DependencyGraph::bundleOf(const QuestionnaireItem* item) const
{
    return item == nullptr ? 0 : indexOf(item) + 1;
}

std::size_t DependencyGraph::indexOf(const QuestionnaireItem* item) const { return m_itemIndex.at(item); }

std::optional<std::size_t> DependencyGraph::variableOwner(const QuestionnaireItem* item, const std::string& name) const
{
    auto defines = [&](std::size_t b) {
        const Bundle& bundle = m_bundles[b];
        bool inVariables = std::any_of(bundle.variables.begin(), bundle.variables.end(),
                                       [&](const CompiledExpression& e) { return e.source->name == name; });
        bool namedCalculation = bundle.calculatedExpression && bundle.calculatedExpression->source->name == name;
        return inVariables || namedCalculation;
    };
    for (const QuestionnaireItem* scope = item; scope != nullptr; scope = scope->parent) {
        if (defines(bundleOf(scope))) {
            return bundleOf(scope);
        }
    }
    if (defines(0)) {
        return 0;
    }
    return std::nullopt;
}

void DependencyGraph::addItemWithDescendants(Bundle& bundle, const QuestionnaireItem* item)
{
    insertSorted(bundle.readsItems, indexOf(item));
    for (const auto& child : item->items) {
        addItemWithDescendants(bundle, &child);
    }
}

void DependencyGraph::analyse(std::size_t index)
{
    Bundle& bundle = m_bundles[index];
    const QuestionnaireItem* item = bundle.item;
    if (item != nullptr) {
        for (const EnableWhen& condition : item->enableWhen) {
            if (const QuestionnaireItem* question = m_questionnaire.findItem(condition.question)) {
                insertSorted(bundle.readsItems, indexOf(question));
            }
        }
    }
    std::vector<const CompiledExpression*> expressions;
    for (const auto& v : bundle.variables) {
        expressions.push_back(&v);
    }
    if (bundle.enableWhenExpression) {
        expressions.push_back(&*bundle.enableWhenExpression);
    }
    if (bundle.calculatedExpression) {
        expressions.push_back(&*bundle.calculatedExpression);
    }
    if (bundle.answerExpression) {
        expressions.push_back(&*bundle.answerExpression);
    }
    for (const CompiledExpression* compiled : expressions) {
        if (!compiled->expression) {
            continue;
        }
        const FhirPathExpression& e = *compiled->expression;
        bool foundLinkId = false;
        for (const std::string& literal : e.stringLiterals()) {
            if (const QuestionnaireItem* referenced = m_questionnaire.findItem(literal)) {
                addItemWithDescendants(bundle, referenced);
                foundLinkId = true;
            }
        }
        bool usesAnswers = e.callsFunction("answers");
        if (usesAnswers && item != nullptr) {
            const QuestionnaireItem* scope = (item->items.empty() && item->parent != nullptr) ? item->parent : item;
            addItemWithDescendants(bundle, scope);
        }
        bool navigates = e.navigatesMember("item") || e.navigatesMember("answer") || e.callsFunction("descendants") ||
                         e.callsFunction("children") || (usesAnswers && item == nullptr);
        if (navigates && !foundLinkId && !usesAnswers) {
            bundle.readsEverything = true;
        }
        for (const std::string& name : e.referencedVariables()) {
            if (auto owner = variableOwner(item, name); owner && *owner != index) {
                insertSorted(bundle.readsBundles, *owner);
            }
        }
    }
    for (std::size_t i : bundle.readsItems) {
        insertSorted(m_itemDependents[i], index);
    }
    for (std::size_t b : bundle.readsBundles) {
        insertSorted(m_bundleDependents[b], index);
    }
    if (bundle.readsEverything) {
        m_wildcards.push_back(index);
    }
}

std::vector<std::string> DependencyGraph::unknownVariables(std::size_t index) const
{
    const Bundle& bundle = m_bundles[index];
    std::vector<std::string> unknown;
    std::set<std::string> declared; // launch context the template declares beyond SDC's standard names
    for (const auto& context : declaredLaunchContext(m_questionnaire.json()))
        declared.insert(context.name);
    auto check = [&](const CompiledExpression& compiled) {
        if (!compiled.expression) {
            return;
        }
        for (const std::string& name : compiled.expression->referencedVariables()) {
            if (kBuiltInVariables.count(name) == 0 && declared.count(name) == 0 && !variableOwner(bundle.item, name) &&
                std::find(unknown.begin(), unknown.end(), name) == unknown.end()) {
                unknown.push_back(name);
            }
        }
    };
    for (const auto& v : bundle.variables) {
        check(v);
    }
    if (bundle.enableWhenExpression) {
        check(*bundle.enableWhenExpression);
    }
    if (bundle.calculatedExpression) {
        check(*bundle.calculatedExpression);
    }
    if (bundle.answerExpression) {
        check(*bundle.answerExpression);
    }
    if (bundle.initialExpression) {
        check(*bundle.initialExpression);
    }
    return unknown;
}

void DependencyGraph::rank()
{
    // Kahn's algorithm over "bundle A must run before bundle B" edges. A bundle that reads an
    // item depends on the bundle computing that item (its calculated value or enabled state).
    const std::size_t n = m_bundles.size();
    std::vector<std::set<std::size_t>> after(n);
    std::vector<std::size_t> incoming(n, 0);
    auto edge = [&](std::size_t from, std::size_t to) {
        if (from != to && after[from].insert(to).second) {
            ++incoming[to];
        }
    };
    for (std::size_t b = 0; b < n; ++b) {
        for (std::size_t i : m_bundles[b].readsItems) {
            edge(i + 1, b);
        }
        for (std::size_t source : m_bundles[b].readsBundles) {
            edge(source, b);
        }
        // A child's enabled state depends on its parent's.
        if (const QuestionnaireItem* item = m_bundles[b].item; item != nullptr && item->parent != nullptr) {
            edge(bundleOf(item->parent), b);
        }
    }
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t b = 0; b < n; ++b) {
        if (incoming[b] == 0) {
            ready.push(b);
        }
    }
    std::vector<bool> placed(n, false);
    std::size_t next = 0;
    while (!ready.empty()) {
        std::size_t b = ready.top();
        ready.pop();
        placed[b] = true;
        m_bundles[b].rank = next++;
        for (std::size_t to : after[b]) {
            if (--incoming[to] == 0) {
                ready.push(to);
            }
        }
    }
    // Bundles in a cycle keep document order after everything else; lint reports the cycle
    // and the session caps how often they run.
    for (std::size_t b = 0; b < n; ++b) {
        if (!placed[b]) {
            m_bundles[b].rank = next++;
        }
    }
}

} // namespace avocet::core::forms

#include "core/forms/SessionEngine.h"

#include <algorithm>
#include <stdexcept>

#include "core/forms/AnswerRules.h"
#include "core/forms/FhirPathEvaluator.h"

namespace avocet::core::forms::detail {

namespace {

using nlohmann::json;

bool sameCollections(const Collection& a, const Collection& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].typeName() != b[i].typeName() || valuesEqual(a[i], b[i]) != true) {
            return false;
        }
    }
    return true;
}

json skeleton(const ItemNode& node)
{
    json out = json::object();
    if (node.def != nullptr) {
        out["linkId"] = node.def->linkId;
        if (!node.def->text.empty()) {
            out["text"] = node.def->text;
        }
    } else {
        out["resourceType"] = "QuestionnaireResponse";
    }
    if (!node.children.empty()) {
        json items = json::array();
        for (const auto& child : node.children) {
            items.push_back(skeleton(*child));
        }
        out["item"] = std::move(items);
    }
    return out;
}

void bindPointers(ItemNode& node, json& out)
{
    node.out = &out;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        bindPointers(*node.children[i], out["item"][i]);
    }
}

} // namespace

SessionEngine::SessionEngine(const Questionnaire& questionnaire, const SessionOptions& options)
    : m_questionnaire(questionnaire), m_graph(m_questionnaire), m_options(options)
{
    for (const QuestionnaireItem* item : m_questionnaire.allItems()) {
        for (const AnswerOption& option : item->answerOptions) {
            if (option.valueKey == "valueCoding" && option.ordinalValue) {
                std::string key = option.value.value("system", "") + "|" + option.value.value("code", "");
                m_globalScores.emplace(key, option.ordinalValue);
            }
        }
    }
    // A total with a published scoring rule is given by the rule (ScoreRule.h); a rule that is not
    // well formed stops the form opening, with the reason.
    for (const QuestionnaireItem* item : m_questionnaire.allItems()) {
        auto rule = scoreRuleOf(*item, m_questionnaire);
        if (!rule) {
            throw std::runtime_error(rule.message());
        }
        if (!*rule) {
            continue;
        }
        for (const std::string& linkId : (*rule)->items) {
            m_scoreDependents[m_graph.indexOf(m_questionnaire.findItem(linkId))].push_back(m_graph.bundleOf(item));
        }
        m_scoreRules.emplace(item, std::move(**rule));
    }
    for (const auto& [name, resource] : m_options.launchContext) {
        appendJson(m_launch[name], resource, {}, nullptr);
    }
    for (const auto& item : m_questionnaire.items()) {
        m_root.children.push_back(createNode(item, &m_root));
    }
    restructure();
}

// SDC initialExpression: once for each new copy of an item that has no initial answer, after the
// form's variables and calculations have run, so it can read them and %resource.
void SessionEngine::applyInitialExpressions()
{
    std::vector<ItemNode*> fresh;
    fresh.swap(m_fresh);
    bool changed = false;
    for (ItemNode* node : fresh) {
        const std::size_t b = m_graph.bundleOf(node->def);
        const Bundle& bundle = m_graph.bundles()[b];
        if (!bundle.initialExpression || !node->answers.empty()) {
            continue;
        }
        auto result = evaluate(*bundle.initialExpression, *node, b);
        if (!result) {
            continue;
        }
        auto answers = answersFromResult(*node->def, *result);
        if (!answers) {
            m_errors[b].push_back({node->def->linkId, 0, answers.message()});
            continue;
        }
        if (!answers->empty()) {
            node->answers = std::move(answers).value();
            writeAnswers(*node);
            changed = true;
        }
    }
    if (changed) {
        std::vector<std::size_t> all(m_graph.bundles().size());
        for (std::size_t b = 0; b < all.size(); ++b) {
            all[b] = b;
        }
        run(all);
    }
}

std::unique_ptr<ItemNode> SessionEngine::createNode(const QuestionnaireItem& def, ItemNode* parent)
{
    auto node = std::make_unique<ItemNode>();
    node->def = &def;
    node->parent = parent;
    node->itemIndex = m_graph.indexOf(&def);
    if (m_options.applyInitialValues && def.isQuestion() && !def.isCalculated()) {
        node->answers = def.initial;
        if (node->answers.empty()) {
            for (const AnswerOption& option : def.answerOptions) {
                if (option.initialSelected) {
                    node->answers.push_back(json{{option.valueKey, option.value}});
                }
            }
        }
    }
    if (m_options.applyInitialValues && def.initialExpression && node->answers.empty() && def.isQuestion() &&
        !def.isCalculated()) {
        m_fresh.push_back(node.get());
    }
    for (const auto& child : def.items) {
        node->children.push_back(createNode(child, node.get()));
    }
    return node;
}

ItemNode& SessionEngine::addInstance(ItemNode& parent, const QuestionnaireItem& def, std::size_t position)
{
    position = std::min(position, parent.children.size());
    auto it = parent.children.insert(parent.children.begin() + static_cast<std::ptrdiff_t>(position),
                                     createNode(def, &parent));
    return **it;
}

void SessionEngine::rebuildResponse()
{
    m_response = skeleton(m_root);
    bindPointers(m_root, m_response);
    m_instances.assign(m_questionnaire.allItems().size(), {});
    std::vector<ItemNode*> stack{&m_root};
    // Pre-order so instances are listed in document order.
    while (!stack.empty()) {
        ItemNode* node = stack.back();
        stack.pop_back();
        if (node->def != nullptr) {
            m_instances[node->itemIndex].push_back(node);
            writeAnswers(*node);
        }
        for (auto child = node->children.rbegin(); child != node->children.rend(); ++child) {
            stack.push_back(child->get());
        }
    }
}

void SessionEngine::writeAnswers(ItemNode& node)
{
    if (node.enabled && !node.answers.empty()) {
        (*node.out)["answer"] = node.answers;
    } else {
        node.out->erase("answer");
    }
}

ItemNode* SessionEngine::find(const std::string& linkId, std::size_t instance) const
{
    const QuestionnaireItem* def = m_questionnaire.findItem(linkId);
    if (def == nullptr) {
        return nullptr;
    }
    const auto& list = m_instances[m_graph.indexOf(def)];
    return instance < list.size() ? list[instance] : nullptr;
}

void SessionEngine::restructure()
{
    rebuildResponse();
    std::vector<std::size_t> all(m_graph.bundles().size());
    for (std::size_t b = 0; b < all.size(); ++b) {
        all[b] = b;
    }
    run(all);
    applyInitialExpressions();
}

void SessionEngine::answersChanged(ItemNode& node)
{
    writeAnswers(node);
    std::vector<std::size_t> work = m_graph.dependentsOfItem(node.itemIndex);
    work.insert(work.end(), m_graph.wildcardBundles().begin(), m_graph.wildcardBundles().end());
    if (auto scored = m_scoreDependents.find(node.itemIndex); scored != m_scoreDependents.end()) {
        work.insert(work.end(), scored->second.begin(), scored->second.end());
    }
    run(work);
}

void SessionEngine::run(const std::vector<std::size_t>& bundles)
{
    const auto& all = m_graph.bundles();
    std::set<std::pair<std::size_t, std::size_t>> queue; // (rank, bundle)
    std::vector<int> passes(all.size(), 0);
    auto push = [&](std::size_t b) {
        if (all[b].hasWork && passes[b] < FormSession::kMaxPassesPerChange) {
            queue.emplace(all[b].rank, b);
        }
    };
    for (std::size_t b : bundles) {
        push(b);
    }
    m_lastEvaluations = 0;
    while (!queue.empty()) {
        std::size_t b = queue.begin()->second;
        queue.erase(queue.begin());
        ++passes[b];
        ++m_lastEvaluations;
        std::set<std::size_t> changedItems;
        bool variablesChanged = false;
        evaluateBundle(b, changedItems, variablesChanged);
        for (std::size_t item : changedItems) {
            for (std::size_t d : m_graph.dependentsOfItem(item)) {
                push(d);
            }
            if (auto scored = m_scoreDependents.find(item); scored != m_scoreDependents.end()) {
                for (std::size_t d : scored->second) {
                    push(d);
                }
            }
        }
        if (!changedItems.empty()) {
            for (std::size_t d : m_graph.wildcardBundles()) {
                push(d);
            }
        }
        if (variablesChanged) {
            for (std::size_t d : m_graph.dependentsOfBundle(b)) {
                push(d);
            }
        }
    }
}

void SessionEngine::evaluateBundle(std::size_t b, std::set<std::size_t>& changedItems, bool& variablesChanged)
{
    const Bundle& bundle = m_graph.bundles()[b];
    m_errors.erase(b);
    std::vector<ItemNode*> nodes = bundle.item == nullptr ? std::vector<ItemNode*>{&m_root}
                                                          : m_instances[m_graph.indexOf(bundle.item)];
    for (ItemNode* node : nodes) {
        for (const CompiledExpression& variable : bundle.variables) {
            Collection value = evaluate(variable, *node, b).value_or(Collection{});
            auto& slot = node->variables[variable.source->name];
            if (!sameCollections(slot, value)) {
                slot = std::move(value);
                variablesChanged = true;
            }
        }
        if (bundle.item == nullptr) {
            continue;
        }
        node->ownEnabled = ownConditionsHold(*node, b);
        propagateEnabled(*node, changedItems);
        if (bundle.answerExpression && node->enabled) {
            std::vector<json> options;
            if (auto result = evaluate(*bundle.answerExpression, *node, b)) {
                for (const Value& v : *result) { // each value on its own: the item may hold one answer
                    if (auto one = answersFromResult(*bundle.item, Collection{v}); one && !one->empty()) {
                        options.push_back(std::move(one->front()));
                    }
                }
            }
            node->expressionOptions = std::move(options);
        }
        if (!bundle.calculatedExpression || !node->enabled) {
            continue;
        }
        auto result = evaluate(*bundle.calculatedExpression, *node, b);
        std::vector<json> answers;
        if (result) {
            auto converted = answersFromResult(*bundle.item, *result);
            if (converted) {
                answers = std::move(converted).value();
            } else {
                m_errors[b].push_back({bundle.item->linkId, 0, converted.message()});
            }
            const std::string& name = bundle.calculatedExpression->source->name;
            if (!name.empty() && !sameCollections(node->variables[name], *result)) {
                node->variables[name] = *result;
                variablesChanged = true;
            }
        }
        if (auto status = scoreStatusOf(bundle.item)) {
            // The published rule decides: no total over too few answers, never over an item that
            // is never estimated, and a prorated one only where the rule allows it.
            answers.clear();
            if (status->total) {
                const auto whole = status->total->toInteger();
                if (bundle.item->type == ItemType::Integer && whole) {
                    answers.push_back({{"valueInteger", *whole}});
                } else {
                    answers.push_back({{"valueDecimal", status->total->toDouble()}});
                }
            }
        }
        if (answers != node->answers) {
            node->answers = std::move(answers);
            writeAnswers(*node);
            changedItems.insert(node->itemIndex);
        }
    }
}

bool SessionEngine::ownConditionsHold(ItemNode& node, std::size_t b)
{
    const Bundle& bundle = m_graph.bundles()[b];
    const QuestionnaireItem& def = *node.def;
    if (bundle.enableWhenExpression) {
        auto result = evaluate(*bundle.enableWhenExpression, node, b);
        return result && result->size() == 1 && result->front().isBoolean() && result->front().asBoolean();
    }
    if (def.enableWhen.empty()) {
        return true;
    }
    bool any = def.enableBehavior == "any";
    for (const EnableWhen& condition : def.enableWhen) {
        ItemNode* question = resolveQuestion(node, condition.question);
        static const std::vector<json> kNoAnswers;
        const auto& answers = (question != nullptr && question->enabled) ? question->answers : kNoAnswers;
        bool holds = enableWhenHolds(condition, answers);
        if (any && holds) {
            return true;
        }
        if (!any && !holds) {
            return false;
        }
    }
    return !any;
}

void SessionEngine::propagateEnabled(ItemNode& node, std::set<std::size_t>& changedItems)
{
    bool enabled = (node.parent == nullptr || node.parent->enabled) && node.ownEnabled;
    if (enabled == node.enabled) {
        return;
    }
    node.enabled = enabled;
    writeAnswers(node);
    changedItems.insert(node.itemIndex);
    for (auto& child : node.children) {
        propagateEnabled(*child, changedItems);
    }
}

ItemNode* SessionEngine::resolveQuestion(const ItemNode& from, const std::string& linkId) const
{
    const QuestionnaireItem* def = m_questionnaire.findItem(linkId);
    if (def == nullptr) {
        return nullptr;
    }
    // Prefer the instance in the same repeating-group instance: the one sharing the deepest ancestor.
    auto depth = [](const ItemNode* n) {
        int d = 0;
        for (; n != nullptr; n = n->parent) {
            ++d;
        }
        return d;
    };
    auto isAncestor = [](const ItemNode* ancestor, const ItemNode* n) {
        for (; n != nullptr; n = n->parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    };
    ItemNode* best = nullptr;
    int bestDepth = -1;
    for (ItemNode* candidate : m_instances[m_graph.indexOf(def)]) {
        for (const ItemNode* a = candidate->parent; a != nullptr; a = a->parent) {
            if (isAncestor(a, &from)) {
                if (int d = depth(a); d > bestDepth) {
                    best = candidate;
                    bestDepth = d;
                }
                break;
            }
        }
    }
    return best;
}

EvaluationEnvironment SessionEngine::environmentFor(ItemNode& node)
{
    EvaluationEnvironment env;
    env.resource = &m_response;
    env.questionnaire = &m_questionnaire.json();
    if (node.def != nullptr) {
        env.qitem = node.def->source;
        env.context = {Value(NodeRef{node.out, "QuestionnaireResponseItem", &node.def->linkId})};
        env.contextParent = node.parent != nullptr ? node.parent->out : nullptr;
        env.calculatingLinkId = &node.def->linkId;
    } else {
        env.context = {Value(NodeRef{&m_response, "QuestionnaireResponse", nullptr})};
    }
    ItemNode* scope = &node;
    env.variable = [this, scope](const std::string& name) -> const Collection* {
        for (const ItemNode* n = scope; n != nullptr; n = n->parent) {
            if (auto it = n->variables.find(name); it != n->variables.end()) {
                return &it->second;
            }
        }
        auto launch = m_launch.find(name);
        return launch == m_launch.end() ? nullptr : &launch->second;
    };
    env.score = [this](const std::string* linkId, const json& coding) { return scoreOf(linkId, coding); };
    env.clock = m_options.clock;
    return env;
}

std::optional<Collection> SessionEngine::evaluate(const CompiledExpression& expression, ItemNode& node, std::size_t b)
{
    const std::string linkId = node.def != nullptr ? node.def->linkId : std::string();
    if (!expression.expression) {
        m_errors[b].push_back({linkId, 0, expression.error});
        return std::nullopt;
    }
    auto result = expression.expression->evaluate(environmentFor(node));
    if (!result) {
        m_errors[b].push_back({linkId, 0, result.message()});
        return std::nullopt;
    }
    return std::move(result).value();
}

std::optional<Decimal> SessionEngine::scoreOf(const std::string* linkId, const json& coding) const
{
    if (linkId != nullptr) {
        if (const QuestionnaireItem* item = m_questionnaire.findItem(*linkId)) {
            for (const AnswerOption& option : item->answerOptions) {
                if (option.valueKey == "valueCoding" && codingsMatch(option.value, coding)) {
                    return option.ordinalValue;
                }
            }
        }
    }
    auto it = m_globalScores.find(coding.value("system", "") + "|" + coding.value("code", ""));
    return it == m_globalScores.end() ? std::nullopt : it->second;
}

std::optional<ScoreStatus> SessionEngine::scoreStatusOf(const QuestionnaireItem* total) const
{
    const auto rule = m_scoreRules.find(total);
    if (rule == m_scoreRules.end()) {
        return std::nullopt;
    }
    return scoreStatus(rule->second, m_questionnaire, [this](const std::string& linkId) {
        const ItemNode* node = find(linkId, 0);
        if (node == nullptr || !node->enabled) {
            return ItemScore{};
        }
        return itemScoreOf(*node->def, node->answers);
    });
}

std::vector<ItemIssue> SessionEngine::expressionErrors() const
{
    std::vector<ItemIssue> all;
    for (const auto& [bundle, errors] : m_errors) {
        all.insert(all.end(), errors.begin(), errors.end());
    }
    return all;
}

} // namespace avocet::core::forms::detail

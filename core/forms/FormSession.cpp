#include "core/forms/FormSession.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/forms/AnswerRules.h"
#include "core/forms/SessionEngine.h"

namespace avocet::core::forms {

using detail::ItemNode;
using nlohmann::json;

struct FormSession::State
{
    State(const Questionnaire& q, const SessionOptions& o) : engine(q, o) {}
    detail::SessionEngine engine;
    std::vector<ItemIssue> errorsCache;
};

namespace {

Error noSuchItem(const std::string& linkId, std::size_t instance)
{
    return makeError(ErrorCode::NotFound, "The form has no question '" + linkId + "'" +
                                              (instance > 0 ? " (repeat " + std::to_string(instance + 1) + ")" : "") + ".");
}

bool hasAnsweredDescendant(const ItemNode& node)
{
    return std::any_of(node.children.begin(), node.children.end(), [](const auto& child) {
        return child->enabled && (!child->answers.empty() || hasAnsweredDescendant(*child));
    });
}

std::size_t instanceIndex(const detail::SessionEngine& engine, const ItemNode& node)
{
    const auto& list = engine.instances(node.itemIndex);
    return static_cast<std::size_t>(std::find(list.begin(), list.end(), &node) - list.begin());
}

// An answer fits an answerExpression when it equals one of its values (codings by system and
// code); open-choice also takes free text.
bool allowedByExpression(const QuestionnaireItem& def, const std::vector<json>& options, const json& answer)
{
    if (def.type == ItemType::OpenChoice && answer.contains("valueString")) {
        return true;
    }
    const std::string key = answerValueKey(answer);
    return std::any_of(options.begin(), options.end(), [&](const json& option) {
        if (answerValueKey(option) != key) {
            return false;
        }
        return key == "valueCoding" ? codingsMatch(option[key], answer[key]) : option[key] == answer[key];
    });
}

void validateNode(const detail::SessionEngine& engine, const ItemNode& node, std::vector<ItemIssue>& out)
{
    if (node.def != nullptr) {
        if (!node.enabled) {
            return;
        }
        const QuestionnaireItem& def = *node.def;
        std::size_t instance = instanceIndex(engine, node);
        if (def.isQuestion()) {
            for (std::string& message : answerProblems(def, node.answers)) {
                out.push_back({def.linkId, instance, std::move(message)});
            }
            if (def.answerExpression) {
                for (const json& answer : node.answers) {
                    if (!allowedByExpression(def, node.expressionOptions, answer)) {
                        out.push_back({def.linkId, instance, "This answer is not one of the choices the form offers now."});
                    }
                }
            }
            if (def.required && node.answers.empty()) {
                out.push_back({def.linkId, instance, "This question must be answered."});
            }
        } else if (def.isGroup() && def.required && !hasAnsweredDescendant(node)) {
            out.push_back({def.linkId, instance, "At least one question in this section must be answered."});
        }
    }
    for (const auto& child : node.children) {
        validateNode(engine, *child, out);
    }
}

json responseItem(const ItemNode& node);

json responseChildren(const ItemNode& node)
{
    json items = json::array();
    for (const auto& child : node.children) {
        json item = responseItem(*child);
        if (!item.is_null()) {
            items.push_back(std::move(item));
        }
    }
    return items;
}

// Null when the instance is disabled or holds nothing to submit.
json responseItem(const ItemNode& node)
{
    if (!node.enabled) {
        return nullptr;
    }
    json children = responseChildren(node);
    if (node.answers.empty() && children.empty()) {
        return nullptr;
    }
    json item{{"linkId", node.def->linkId}};
    if (!node.def->text.empty()) {
        item["text"] = node.def->text;
    }
    if (!node.answers.empty()) {
        item["answer"] = node.answers;
        // Items under a question belong under its answer in a QuestionnaireResponse.
        if (!children.empty() && !node.def->isGroup()) {
            item["answer"][0]["item"] = std::move(children);
            return item;
        }
    }
    if (!children.empty()) {
        item["item"] = std::move(children);
    }
    return item;
}

} // namespace

FormSession::FormSession(std::unique_ptr<State> state) : m_state(std::move(state)) {}
FormSession::~FormSession() = default;
FormSession::FormSession(FormSession&&) noexcept = default;
FormSession& FormSession::operator=(FormSession&&) noexcept = default;

Result<FormSession> FormSession::open(const Questionnaire& questionnaire, const SessionOptions& options)
{
    try {
        return FormSession(std::make_unique<State>(questionnaire, options));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::FormInvalid, std::string("The form could not be opened: ") + e.what());
    }
}

const Questionnaire& FormSession::questionnaire() const { return m_state->engine.questionnaire(); }

std::optional<ScoreStatus> FormSession::scoreStatus(const std::string& linkId) const
{
    return m_state->engine.scoreStatusOf(m_state->engine.questionnaire().findItem(linkId));
}

Status FormSession::setAnswers(const std::string& linkId, std::vector<json> answers, std::size_t instance)
{
    ItemNode* node = m_state->engine.find(linkId, instance);
    if (node == nullptr) {
        return noSuchItem(linkId, instance);
    }
    if (!node->def->isQuestion()) {
        return makeError(ErrorCode::InvalidArgument, "'" + linkId + "' is a heading or text, not a question.");
    }
    if (node->def->isCalculated()) {
        return makeError(ErrorCode::InvalidArgument, "'" + linkId + "' is calculated by the form and cannot be typed in.");
    }
    for (const json& answer : answers) {
        if (answerValueKey(answer).empty()) {
            return makeError(ErrorCode::InvalidArgument, "An answer must hold a value (valueString, valueCoding, ...).");
        }
    }
    try {
        node->answers = std::move(answers);
        m_state->engine.answersChanged(*node);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ExpressionError, std::string("Updating the form failed: ") + e.what());
    }
    return Status::success();
}

Status FormSession::setAnswer(const std::string& linkId, json answer, std::size_t instance)
{
    return setAnswers(linkId, std::vector<json>{std::move(answer)}, instance);
}

Status FormSession::clearAnswers(const std::string& linkId, std::size_t instance)
{
    return setAnswers(linkId, {}, instance);
}

Status FormSession::chooseOption(const std::string& linkId, const std::string& code, std::size_t instance)
{
    const QuestionnaireItem* def = questionnaire().findItem(linkId);
    if (def == nullptr) {
        return noSuchItem(linkId, instance);
    }
    for (const AnswerOption& option : def->answerOptions) {
        std::string text = option.value.is_object()   ? option.value.value("code", std::string())
                           : option.value.is_string() ? option.value.get<std::string>()
                                                      : option.value.dump();
        bool matches = text == code;
        if (matches) {
            return setAnswer(linkId, json{{option.valueKey, option.value}}, instance);
        }
    }
    return makeError(ErrorCode::InvalidArgument, "'" + code + "' is not one of the options for '" + linkId + "'.");
}

std::vector<json> FormSession::answers(const std::string& linkId, std::size_t instance) const
{
    const ItemNode* node = m_state->engine.find(linkId, instance);
    return node == nullptr ? std::vector<json>{} : node->answers;
}

std::vector<json> FormSession::expressionOptions(const std::string& linkId, std::size_t instance) const
{
    const ItemNode* node = m_state->engine.find(linkId, instance);
    return node == nullptr ? std::vector<json>{} : node->expressionOptions;
}

bool FormSession::isEnabled(const std::string& linkId, std::size_t instance) const
{
    const ItemNode* node = m_state->engine.find(linkId, instance);
    return node != nullptr && node->enabled;
}

std::vector<std::string> FormSession::enabledLinkIds() const
{
    std::vector<std::string> out;
    const auto& items = questionnaire().allItems();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& list = m_state->engine.instances(i);
        if (std::any_of(list.begin(), list.end(), [](const ItemNode* n) { return n->enabled; })) {
            out.push_back(items[i]->linkId);
        }
    }
    return out;
}

std::optional<Collection> FormSession::variable(const std::string& name, const std::string& linkId) const
{
    const ItemNode* node = linkId.empty() ? &m_state->engine.root() : m_state->engine.find(linkId, 0);
    for (; node != nullptr; node = node->parent) {
        if (auto it = node->variables.find(name); it != node->variables.end()) {
            return it->second;
        }
    }
    return std::nullopt;
}

std::size_t FormSession::instanceCount(const std::string& linkId) const
{
    const QuestionnaireItem* def = questionnaire().findItem(linkId);
    return def == nullptr ? 0 : m_state->engine.instances(m_state->engine.graph().indexOf(def)).size();
}

FormSession::InstanceRange FormSession::siblingInstances(const std::string& linkId, std::size_t instance) const
{
    const QuestionnaireItem* def = questionnaire().findItem(linkId);
    if (def == nullptr) {
        return {instance, 0};
    }
    const auto& list = m_state->engine.instances(m_state->engine.graph().indexOf(def));
    if (instance >= list.size()) {
        return {instance, 0};
    }
    const ItemNode* parent = list[instance]->parent;
    std::size_t first = instance;
    while (first > 0 && list[first - 1]->parent == parent) {
        --first;
    }
    std::size_t end = instance + 1;
    while (end < list.size() && list[end]->parent == parent) {
        ++end;
    }
    return {first, end - first};
}

Result<std::size_t> FormSession::addGroupInstance(const std::string& groupLinkId)
{
    const std::size_t count = instanceCount(groupLinkId);
    if (count == 0) {
        return noSuchItem(groupLinkId, 0);
    }
    return addGroupInstanceAfter(groupLinkId, count - 1);
}

Result<std::size_t> FormSession::addGroupInstanceAfter(const std::string& groupLinkId, std::size_t afterInstance)
{
    ItemNode* after = m_state->engine.find(groupLinkId, afterInstance);
    if (after == nullptr) {
        return noSuchItem(groupLinkId, afterInstance);
    }
    if (!after->def->repeats) {
        return makeError(ErrorCode::InvalidArgument, "'" + groupLinkId + "' cannot be repeated.");
    }
    auto& siblings = after->parent->children;
    auto position = static_cast<std::size_t>(
        std::find_if(siblings.begin(), siblings.end(), [&](const auto& c) { return c.get() == after; }) - siblings.begin());
    m_state->engine.addInstance(*after->parent, *after->def, position + 1);
    m_state->engine.restructure();
    // Copies are numbered in document order and the new one directly follows `after`.
    return afterInstance + 1;
}

Status FormSession::removeGroupInstance(const std::string& groupLinkId, std::size_t instance)
{
    ItemNode* node = m_state->engine.find(groupLinkId, instance);
    if (node == nullptr) {
        return noSuchItem(groupLinkId, instance);
    }
    if (siblingInstances(groupLinkId, instance).count <= 1) {
        return makeError(ErrorCode::InvalidArgument, "The last copy of '" + groupLinkId + "' cannot be removed.");
    }
    auto& siblings = node->parent->children;
    siblings.erase(std::find_if(siblings.begin(), siblings.end(), [&](const auto& c) { return c.get() == node; }));
    m_state->engine.restructure();
    return Status::success();
}

std::vector<ItemIssue> FormSession::validate() const
{
    std::vector<ItemIssue> issues;
    validateNode(m_state->engine, m_state->engine.root(), issues);
    return issues;
}

std::vector<ItemIssue> FormSession::issuesFor(const std::string& linkId) const
{
    std::vector<ItemIssue> issues = validate();
    issues.erase(std::remove_if(issues.begin(), issues.end(), [&](const ItemIssue& i) { return i.linkId != linkId; }),
                 issues.end());
    return issues;
}

const std::vector<ItemIssue>& FormSession::expressionErrors() const
{
    m_state->errorsCache = m_state->engine.expressionErrors();
    return m_state->errorsCache;
}

json FormSession::responseItems() const { return responseChildren(m_state->engine.root()); }

namespace {

void loadLevel(detail::SessionEngine& engine, ItemNode& parent, const json& items, std::vector<ItemIssue>& issues);

void loadItem(detail::SessionEngine& engine, ItemNode& node, const json& item, std::vector<ItemIssue>& issues)
{
    const QuestionnaireItem& def = *node.def;
    std::vector<json> answers;
    if (auto a = item.find("answer"); a != item.end() && a->is_array()) {
        for (const json& answer : *a) {
            if (!answer.is_object()) {
                continue;
            }
            json copy = answer;
            if (auto nested = copy.find("item"); nested != copy.end()) {
                loadLevel(engine, node, *nested, issues);
                copy.erase("item");
            }
            if (!answerValueKey(copy).empty()) {
                answers.push_back(std::move(copy));
            }
        }
    }
    if (!answers.empty()) {
        if (!def.isQuestion()) {
            issues.push_back({def.linkId, 0, "'" + def.linkId + "' is not a question in this version of the form, "
                                                 "so its answer was not loaded."});
        } else if (!def.isCalculated()) { // calculated values are always recomputed, never trusted
            node.answers = std::move(answers);
        }
    }
    if (auto nested = item.find("item"); nested != item.end()) {
        loadLevel(engine, node, *nested, issues);
    }
}

void loadLevel(detail::SessionEngine& engine, ItemNode& parent, const json& items, std::vector<ItemIssue>& issues)
{
    if (!items.is_array()) {
        return;
    }
    std::map<std::string, std::size_t> seen;
    for (const json& item : items) {
        std::string linkId = item.is_object() ? item.value("linkId", std::string()) : std::string();
        std::size_t occurrence = seen[linkId]++;
        std::vector<ItemNode*> matches;
        for (auto& child : parent.children) {
            if (child->def->linkId == linkId) {
                matches.push_back(child.get());
            }
        }
        if (matches.empty()) {
            issues.push_back({linkId, occurrence, "The answer for '" + linkId +
                                                      "' does not match any question in this version of the form "
                                                      "and was not loaded."});
            continue;
        }
        ItemNode* target = nullptr;
        if (occurrence < matches.size()) {
            target = matches[occurrence];
        } else if (matches.front()->def->repeats && matches.front()->def->isGroup()) {
            auto& siblings = parent.children;
            auto last = std::find_if(siblings.begin(), siblings.end(), [&](const auto& c) { return c.get() == matches.back(); });
            target = &engine.addInstance(parent, *matches.front()->def,
                                         static_cast<std::size_t>(last - siblings.begin()) + 1);
        } else {
            issues.push_back({linkId, occurrence, "'" + linkId + "' appears more often than this version of the form "
                                                      "allows; the extra copy was not loaded."});
            continue;
        }
        loadItem(engine, *target, item, issues);
    }
}

} // namespace

std::vector<ItemIssue> FormSession::loadResponseItems(const json& items)
{
    std::vector<ItemIssue> issues;
    loadLevel(m_state->engine, m_state->engine.root(), items, issues);
    m_state->engine.restructure();
    return issues;
}

std::size_t FormSession::lastEvaluationCount() const { return m_state->engine.lastEvaluationCount(); }

} // namespace avocet::core::forms

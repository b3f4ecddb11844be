#include "core/forms/QuestionnaireLinter.h"

#include "core/forms/LaunchContext.h"

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "core/forms/AnswerRules.h"
#include "core/forms/DependencyGraph.h"
#include "core/forms/FormSession.h"
#include "core/forms/ScoreRule.h"

namespace avocet::core::forms {

namespace {

using nlohmann::json;

const std::set<std::string> kOperators{"exists", "=", "!=", ">", "<", ">=", "<="};
const std::set<std::string> kItemControls{"drop-down", "radio-button", "check-box", "autocomplete", "slider",
                                          "page", "tab-container", "gtable", "table", "htable", "grid", "list",
                                          "help", "flyover", "legal", "lookup", "spinner", "text-box", "inline",
                                          "prompt", "unit", "lower", "upper", "header", "footer", "atable"};

std::string inQuotes(const std::string& linkId) { return "'" + linkId + "'"; }

bool isDescendantOf(const QuestionnaireItem* item, const QuestionnaireItem* ancestor)
{
    for (const QuestionnaireItem* p = item->parent; p != nullptr; p = p->parent) {
        if (p == ancestor) {
            return true;
        }
    }
    return false;
}

} // namespace

const char* severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "error";
}

bool QuestionnaireLinter::hasErrors(const std::vector<LintFinding>& findings)
{
    return std::any_of(findings.begin(), findings.end(), [](const LintFinding& f) { return f.severity == Severity::Error; });
}

void QuestionnaireLinter::add(Severity severity, const std::string& linkId, std::string message)
{
    m_findings.push_back({severity, linkId, std::move(message)});
}

std::vector<LintFinding> QuestionnaireLinter::run()
{
    m_findings.clear();
    for (const LoadIssue& issue : m_questionnaire.loadIssues()) {
        add(Severity::Error, issue.linkId, issue.message);
    }
    checkForm();
    checkLinkIds();
    for (const QuestionnaireItem* item : m_questionnaire.allItems()) {
        checkItem(*item);
    }
    checkCycles();
    checkExpressions();
    checkDryRun();
    return m_findings;
}

void QuestionnaireLinter::checkForm()
{
    if (m_questionnaire.url().empty()) {
        add(Severity::Warning, "", "The form has no url, so saved responses cannot say which form they answer.");
    }
    if (m_questionnaire.version().empty()) {
        add(Severity::Warning, "", "The form has no version; give each published change a new version number.");
    }
    if (!m_questionnaire.json().contains("status")) {
        add(Severity::Warning, "", "The form has no status (draft, active or retired).");
    }
    if (m_questionnaire.title().empty()) {
        add(Severity::Info, "", "The form has no title to show in lists.");
    }
    if (m_questionnaire.items().empty()) {
        add(Severity::Error, "", "The form has no questions.");
    }
}

void QuestionnaireLinter::checkLinkIds()
{
    std::map<std::string, int> counts;
    for (const QuestionnaireItem* item : m_questionnaire.allItems()) {
        if (!item->linkId.empty() && ++counts[item->linkId] == 2) {
            add(Severity::Error, item->linkId,
                "Two or more questions share the linkId " + inQuotes(item->linkId) + "; each needs its own.");
        }
    }
}

void QuestionnaireLinter::checkItem(const QuestionnaireItem& item)
{
    const std::string& id = item.linkId;
    if (item.type == ItemType::Unknown) {
        add(Severity::Error, id, item.typeCode.empty() ? "The question has no type."
                                                       : "The question type " + inQuotes(item.typeCode) + " is not known.");
    }
    if (item.isQuestion() && item.text.empty()) {
        add(Severity::Warning, id, "The question has no text, so the person filling in the form sees nothing to answer.");
    }
    if (item.isGroup() && item.items.empty()) {
        add(Severity::Warning, id, "The section is empty.");
    }
    if (auto rule = scoreRuleOf(item, m_questionnaire); !rule) {
        add(Severity::Error, id, "The total's scoring rule cannot be used: " + rule.message());
    }
    if (item.type == ItemType::Display && item.required) {
        add(Severity::Warning, id, "Display text is marked required, but it cannot be answered.");
    }
    if (item.required) {
        for (const QuestionnaireItem* p = item.parent; p != nullptr; p = p->parent) {
            if (p->readOnly) {
                add(Severity::Error, id, "The question is required but sits inside the read-only section " +
                                             inQuotes(p->linkId) + ", so it can never be answered.");
                break;
            }
        }
        if (item.readOnly && item.isQuestion() && !item.isCalculated() && item.initial.empty()) {
            add(Severity::Error, id, "The question is required and read-only with no calculation or initial value, "
                                     "so it can never be answered.");
        }
        if (item.hidden && !item.isCalculated() && item.initial.empty()) {
            add(Severity::Warning, id, "The question is required but hidden, so nobody can answer it.");
        }
    }
    if (item.isCalculated() && !item.readOnly) {
        add(Severity::Info, id, "The value is calculated; mark it read-only so it is not offered for typing.");
    }
    if (item.isCalculated() && !item.isQuestion()) {
        add(Severity::Error, id, "A calculation is attached to a section or display text, which cannot hold a value.");
    }
    if (!item.itemControl.empty() && kItemControls.count(item.itemControl) == 0) {
        add(Severity::Info, id, "The display style " + inQuotes(item.itemControl) + " is not known; a default control is used.");
    }
    if (item.initial.size() > 1 && !item.repeats) {
        add(Severity::Error, id, "The question has several initial values but allows only one answer.");
    }
    if (!item.initial.empty() && item.isQuestion()) {
        for (const auto& problem : answerProblems(item, item.initial)) {
            add(Severity::Error, id, "Initial value: " + problem);
        }
    }
    checkOptions(item);
    checkEnableWhen(item);
    checkValues(item);
}

void QuestionnaireLinter::checkOptions(const QuestionnaireItem& item)
{
    const std::string& id = item.linkId;
    bool isChoice = item.type == ItemType::Choice || item.type == ItemType::OpenChoice;
    if (!isChoice) {
        if (!item.answerOptions.empty() && item.type != ItemType::Integer && item.type != ItemType::Date &&
            item.type != ItemType::Time && item.type != ItemType::String) {
            add(Severity::Warning, id, "The question offers options but its type is " + inQuotes(item.typeCode) + ".");
        }
        return;
    }
    if (!item.answerValueSet.empty() && !item.answerValueSetResolved) {
        add(Severity::Warning, id, "The options come from the value set " + inQuotes(item.answerValueSet) +
                                       ", which is not included in the form; it cannot be checked or used off-line.");
    } else if (item.answerOptions.empty() && item.answerValueSet.empty() && !item.answerExpression) {
        add(item.type == ItemType::Choice ? Severity::Error : Severity::Warning, id,
            "The question offers no options to choose from.");
    }
    std::set<std::string> codes;
    std::size_t scored = 0;
    for (const AnswerOption& option : item.answerOptions) {
        if (option.valueKey.empty()) {
            add(Severity::Error, id, "An option has no value.");
            continue;
        }
        if (option.valueKey == "valueCoding" && !option.value.is_object()) {
            // An imported template may hold anything here; say so instead of reading it as a Coding.
            add(Severity::Error, id, "An option's valueCoding is not a Coding.");
            continue;
        }
        if (option.valueKey == "valueCoding") {
            // Read as text only when it is text: a number where a string belongs must not throw.
            auto textOf = [&option](const char* key, const std::string& fallback) {
                const auto found = option.value.find(key);
                return found != option.value.end() && found->is_string() ? found->get<std::string>() : fallback;
            };
            std::string code = textOf("code", std::string());
            if (code.empty()) {
                add(Severity::Error, id, "The option " + inQuotes(textOf("display", "?")) +
                                             " has no code, so answers cannot be stored or mapped to the EPR.");
            } else if (!codes.insert(textOf("system", std::string()) + "|" + code).second) {
                add(Severity::Warning, id, "The option code " + inQuotes(code) + " is offered twice.");
            }
        }
        if (option.ordinalValue) {
            ++scored;
        }
    }
    if (scored > 0 && scored < item.answerOptions.size()) {
        add(Severity::Warning, id, "Only some options have a score; unscored choices add nothing to totals.");
    }
}

void QuestionnaireLinter::checkEnableWhen(const QuestionnaireItem& item)
{
    const std::string& id = item.linkId;
    if (item.enableWhen.size() > 1 && item.enableBehavior.empty()) {
        add(Severity::Warning, id, "The question has several show-when conditions but does not say whether all or any "
                                   "must hold; Avocet assumes all.");
    }
    if (!item.enableWhen.empty() && item.enableWhenExpression) {
        add(Severity::Warning, id, "The question has both show-when conditions and a show-when expression; "
                                   "only the expression is used.");
    }
    for (const EnableWhen& condition : item.enableWhen) {
        const QuestionnaireItem* question = m_questionnaire.findItem(condition.question);
        if (condition.question.empty() || question == nullptr) {
            add(Severity::Error, id, "A show-when condition refers to the question " + inQuotes(condition.question) +
                                         ", which is not in the form.");
            continue;
        }
        if (question == &item) {
            add(Severity::Error, id, "A show-when condition depends on the question itself.");
            continue;
        }
        if (!question->isQuestion()) {
            add(Severity::Error, id, "A show-when condition refers to " + inQuotes(condition.question) +
                                         ", which is a section or text and has no answer.");
            continue;
        }
        if (isDescendantOf(question, &item)) {
            add(Severity::Error, id, "A show-when condition depends on " + inQuotes(condition.question) +
                                         ", which is inside this item and is hidden whenever this item is.");
        }
        if (kOperators.count(condition.op) == 0) {
            add(Severity::Error, id, "The show-when operator " + inQuotes(condition.op) + " is not known.");
            continue;
        }
        if (condition.answerKey.empty()) {
            add(Severity::Error, id, "A show-when condition on " + inQuotes(condition.question) + " has no answer to compare with.");
            continue;
        }
        if (!operatorFits(condition.op, condition.answerKey)) {
            add(Severity::Error, id, "The operator " + inQuotes(condition.op) + " cannot be used with a " +
                                         condition.answerKey.substr(6) + " value.");
            continue;
        }
        std::string suffix = condition.answerKey.substr(6);
        auto fits = conditionSuffixesFor(question->type);
        if (condition.op != "exists" && std::find(fits.begin(), fits.end(), suffix) == fits.end()) {
            add(Severity::Error, id, "A show-when condition compares " + inQuotes(condition.question) + " (a " +
                                         question->typeCode + " question) with a value of type " + suffix + ".");
            continue;
        }
        if (condition.op != "exists" && !answerValue(json{{"value" + suffix, condition.answer}})) {
            add(Severity::Error, id, "The show-when value " + condition.answer.dump() + " is not a valid " + suffix + ".");
        }
    }
}

void QuestionnaireLinter::checkValues(const QuestionnaireItem& item)
{
    const std::string& id = item.linkId;
    if (item.maxLength) {
        if (*item.maxLength <= 0) {
            add(Severity::Error, id, "The maximum length must be at least 1.");
        }
        if (item.type != ItemType::String && item.type != ItemType::Text && item.type != ItemType::Url &&
            item.type != ItemType::OpenChoice) {
            add(Severity::Warning, id, "A maximum length only applies to text answers.");
        }
    }
    if (!item.regex.empty()) {
        try {
            std::regex pattern(item.regex, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
            add(Severity::Error, id, "The answer pattern " + inQuotes(item.regex) + " is not a valid regular expression.");
        }
    }
    if (item.minValue && item.maxValue) {
        auto low = answerValue(*item.minValue);
        auto high = answerValue(*item.maxValue);
        if (low && high && low->isNumber() && high->isNumber() && low->asDecimal().compare(high->asDecimal()) > 0) {
            add(Severity::Error, id, "The smallest allowed value is larger than the largest allowed value.");
        }
    }
}

void QuestionnaireLinter::checkCycles()
{
    // Tarjan's strongly connected components over "item depends on question" edges, iterative
    // so a long chain cannot overflow the stack.
    const auto& items = m_questionnaire.allItems();
    std::map<const QuestionnaireItem*, std::size_t> index;
    for (std::size_t i = 0; i < items.size(); ++i) {
        index.emplace(items[i], i);
    }
    std::vector<std::vector<std::size_t>> edges(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (const EnableWhen& c : items[i]->enableWhen) {
            if (const QuestionnaireItem* q = m_questionnaire.findItem(c.question); q != nullptr && q != items[i]) {
                edges[i].push_back(index.at(q));
            }
        }
    }
    const std::size_t unvisited = static_cast<std::size_t>(-1);
    std::vector<std::size_t> order(items.size(), unvisited), low(items.size(), 0);
    std::vector<bool> onStack(items.size(), false);
    std::vector<std::size_t> stack;
    std::size_t counter = 0;
    for (std::size_t start = 0; start < items.size(); ++start) {
        if (order[start] != unvisited) {
            continue;
        }
        std::vector<std::pair<std::size_t, std::size_t>> work{{start, 0}};
        while (!work.empty()) {
            auto& [v, next] = work.back();
            if (next == 0) {
                order[v] = low[v] = counter++;
                stack.push_back(v);
                onStack[v] = true;
            }
            if (next < edges[v].size()) {
                std::size_t w = edges[v][next++];
                if (order[w] == unvisited) {
                    work.emplace_back(w, 0);
                } else if (onStack[w]) {
                    low[v] = std::min(low[v], order[w]);
                }
                continue;
            }
            if (low[v] == order[v]) {
                std::vector<std::string> members;
                std::size_t w = 0;
                do {
                    w = stack.back();
                    stack.pop_back();
                    onStack[w] = false;
                    members.push_back(items[w]->linkId);
                } while (w != v);
                if (members.size() > 1) {
                    std::reverse(members.begin(), members.end());
                    std::string list;
                    for (const auto& m : members) {
                        list += (list.empty() ? "" : ", ") + inQuotes(m);
                    }
                    add(Severity::Error, items[v]->linkId,
                        "The show-when conditions of " + list + " depend on each other in a loop, so whether they "
                        "are shown cannot be decided.");
                }
            }
            std::size_t finished = v;
            work.pop_back();
            if (!work.empty()) {
                low[work.back().first] = std::min(low[work.back().first], low[finished]);
            }
        }
    }
}

void QuestionnaireLinter::checkExpressions()
{
    DependencyGraph graph(m_questionnaire);
    for (std::size_t b = 0; b < graph.bundles().size(); ++b) {
        const Bundle& bundle = graph.bundles()[b];
        std::string id = bundle.item ? bundle.item->linkId : std::string();
        std::vector<const CompiledExpression*> all;
        std::set<std::string> names;
        for (const auto& v : bundle.variables) {
            all.push_back(&v);
            if (v.source->name.empty()) {
                add(Severity::Error, id, "A variable has no name, so nothing can use it.");
            } else if (!names.insert(v.source->name).second) {
                add(Severity::Warning, id, "The variable %" + v.source->name + " is defined twice here.");
            }
        }
        if (bundle.enableWhenExpression) {
            all.push_back(&*bundle.enableWhenExpression);
        }
        if (bundle.calculatedExpression) {
            all.push_back(&*bundle.calculatedExpression);
        }
        for (const CompiledExpression* e : all) {
            if (!e->expression) {
                bool otherLanguage = e->error.rfind("uses the language", 0) == 0;
                add(otherLanguage ? Severity::Warning : Severity::Error, id,
                    "The expression " + inQuotes(e->source->expression) + " " +
                        (otherLanguage ? e->error : "cannot be read: " + e->error));
                continue;
            }
            for (const std::string& warning : e->expression->warnings()) {
                add(Severity::Warning, id, "In " + inQuotes(e->source->expression) + ": " + warning);
            }
        }
        for (const std::string& name : graph.unknownVariables(b)) {
            add(Severity::Error, id, "An expression uses %" + name + ", which is not defined here or in any enclosing section.");
        }
    }
}

void QuestionnaireLinter::checkDryRun()
{
    // Open the form once with no answers: expressions that fail at run time show up here. The launch
    // context the template declares is supplied empty (each a resource of its type with nothing in
    // it), as a front end that has no record for the patient would.
    SessionOptions options;
    for (const auto& context : declaredLaunchContext(m_questionnaire.json()))
        options.launchContext[context.name] = {{"resourceType", context.type.empty() ? "Basic" : context.type}};
    auto session = FormSession::open(m_questionnaire, options);
    if (!session) {
        add(Severity::Error, "", session.message());
        return;
    }
    std::set<std::string> seen;
    for (const ItemIssue& issue : session->expressionErrors()) {
        if (issue.message.find("cannot be read") != std::string::npos ||
            issue.message.find("does not parse") != std::string::npos || issue.message.find("uses the language") == 0) {
            continue; // already reported by checkExpressions
        }
        if (seen.insert(issue.linkId + issue.message).second) {
            add(Severity::Warning, issue.linkId, "When the form is opened empty: " + issue.message);
        }
    }
}

} // namespace avocet::core::forms

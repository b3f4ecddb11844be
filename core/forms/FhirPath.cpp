#include "core/forms/FhirPath.h"

#include <set>

#include "core/forms/FhirPathEvaluator.h"
#include "core/forms/FhirPathParser.h"

namespace avocet::core::forms {

namespace {

template <typename Visit>
void walk(const FhirPathNode& node, const Visit& visit)
{
    visit(node);
    if (node.focus) {
        walk(*node.focus, visit);
    }
    for (const auto& arg : node.args) {
        walk(*arg, visit);
    }
}

} // namespace

Result<FhirPathExpression> FhirPathExpression::compile(const std::string& text)
{
    auto parsed = parseFhirPath(text);
    if (!parsed) {
        return parsed.error();
    }
    FhirPathExpression expr;
    expr.m_text = text;
    expr.m_root = std::shared_ptr<const FhirPathNode>(std::move(parsed.value().root));
    expr.m_warnings = std::move(parsed.value().warnings);
    return expr;
}

Result<Collection> FhirPathExpression::evaluate(const EvaluationEnvironment& env) const
{
    try {
        detail::Evaluator evaluator(env);
        return evaluator.eval(*m_root, env.context);
    } catch (const detail::EvaluationFailure& failure) {
        return makeError(ErrorCode::ExpressionError, "Expression '" + m_text + "' failed: " + failure.message);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ExpressionError, "Expression '" + m_text + "' failed: " + e.what());
    }
}

std::vector<std::string> FhirPathExpression::referencedVariables() const
{
    std::set<std::string> names;
    walk(*m_root, [&](const FhirPathNode& n) {
        if (n.kind == FhirPathNode::Kind::Variable) {
            names.insert(n.name);
        }
    });
    return {names.begin(), names.end()};
}

std::vector<std::string> FhirPathExpression::stringLiterals() const
{
    std::set<std::string> strings;
    walk(*m_root, [&](const FhirPathNode& n) {
        if (n.kind == FhirPathNode::Kind::Literal && n.literal->isString()) {
            strings.insert(n.literal->asString());
        }
    });
    return {strings.begin(), strings.end()};
}

bool FhirPathExpression::callsFunction(const std::string& name) const
{
    bool found = false;
    walk(*m_root, [&](const FhirPathNode& n) {
        found = found || (n.kind == FhirPathNode::Kind::Function && n.name == name);
    });
    return found;
}

bool FhirPathExpression::navigatesMember(const std::string& name) const
{
    bool found = false;
    walk(*m_root, [&](const FhirPathNode& n) {
        found = found || (n.kind == FhirPathNode::Kind::Member && n.name == name);
    });
    return found;
}

Result<Collection> evaluateFhirPath(const std::string& text, const EvaluationEnvironment& env)
{
    auto expr = FhirPathExpression::compile(text);
    if (!expr) {
        return expr.error();
    }
    return expr->evaluate(env);
}

} // namespace avocet::core::forms

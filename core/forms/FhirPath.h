#pragma once
// Public entry point of the FHIRPath subset (DOMAIN.md): compile once, evaluate many times.
//
//   auto expr = FhirPathExpression::compile("answers().sum(value.ordinal())");
//   if (!expr) report(expr.message());
//   auto value = expr->evaluate(env);

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/FhirPathValue.h"

namespace avocet::core::forms {

struct FhirPathNode;

// Everything an expression can see besides its own text. Pointers must outlive evaluate().
struct EvaluationEnvironment
{
    const nlohmann::json* resource = nullptr;      // %resource: the QuestionnaireResponse
    const nlohmann::json* questionnaire = nullptr; // %questionnaire
    const nlohmann::json* qitem = nullptr;         // %qitem: the Questionnaire item
    Collection context;                            // %context and the initial $this
    // answers() on a leaf item looks at its siblings (SDC scores sit beside the questions).
    const nlohmann::json* contextParent = nullptr;
    // answers() never counts the answers of the item whose value is being calculated.
    const std::string* calculatingLinkId = nullptr;
    // Named variables (%name). Returns nullptr when the name is unknown.
    std::function<const Collection*(const std::string& name)> variable;
    // ordinal()/weight() of a Coding answered for the item with this linkId (may be null).
    std::function<std::optional<Decimal>(const std::string* linkId, const nlohmann::json& coding)> score;
    // Test seam for today() and now().
    std::function<std::chrono::system_clock::time_point()> clock;
};

class FhirPathExpression
{
public:
    static Result<FhirPathExpression> compile(const std::string& text);

    Result<Collection> evaluate(const EvaluationEnvironment& env) const;

    const std::string& text() const { return m_text; }
    const std::vector<std::string>& warnings() const { return m_warnings; }
    const FhirPathNode& root() const { return *m_root; }

    // Names used as %name, and string literals (candidate linkIds), for dependency analysis.
    std::vector<std::string> referencedVariables() const;
    std::vector<std::string> stringLiterals() const;
    bool callsFunction(const std::string& name) const;
    bool navigatesMember(const std::string& name) const;

private:
    FhirPathExpression() = default;
    std::string m_text;
    std::shared_ptr<const FhirPathNode> m_root;
    std::vector<std::string> m_warnings;
};

// One-shot helper for tests and the CLI.
Result<Collection> evaluateFhirPath(const std::string& text, const EvaluationEnvironment& env);

} // namespace avocet::core::forms

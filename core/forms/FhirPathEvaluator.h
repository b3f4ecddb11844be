#pragma once
// Internal to core/forms: the tree-walking evaluator behind FhirPathExpression. It throws
// EvaluationFailure internally; FhirPathExpression::evaluate converts that into a Result.

#include <optional>
#include <string>

#include "core/forms/FhirPath.h"
#include "core/forms/FhirPathParser.h"

namespace avocet::core::forms::detail {

struct EvaluationFailure
{
    std::string message;
};

[[noreturn]] void failEvaluation(const std::string& message);

// Largest collection an expression may build (repeat(), descendants()); guards against blow-ups.
inline constexpr std::size_t kMaxCollectionSize = 1'000'000;

// FHIRPath equality of two single values; nullopt when the answer is unknown.
std::optional<bool> valuesEqual(const Value& a, const Value& b);
bool valuesEquivalent(const Value& a, const Value& b);
// Ordering of two single values; nullopt when unknown; fails on incomparable types.
std::optional<int> compareValues(const Value& a, const Value& b);
// Empty -> nullopt, single Boolean -> it, any other single value -> true, more -> failure.
std::optional<bool> toBoolean(const Collection& c);
// Converts a JSON value reached by navigation (type is the FHIR type, possibly empty).
void appendJson(Collection& out, const nlohmann::json& j, const std::string& type, const std::string* linkId);
bool typeMatches(const Value& v, const std::string& typeName);

class Evaluator
{
public:
    explicit Evaluator(const EvaluationEnvironment& env) : m_env(env) {}

    Collection eval(const FhirPathNode& node, const Collection& input);

private:
    struct Frame
    {
        std::optional<std::int64_t> index;
        const Collection* total = nullptr;
    };

    Collection member(const Collection& input, const std::string& name, bool atRoot);
    Collection variable(const std::string& name);
    Collection binary(const FhirPathNode& node, const Collection& input);
    Collection arithmetic(const std::string& op, const Collection& left, const Collection& right);
    Collection function(const FhirPathNode& node, const Collection& input);
    Collection collectionFunction(const FhirPathNode& node, const Collection& focus, const Collection& input, bool& handled);
    Collection scalarFunction(const FhirPathNode& node, const Collection& focus, const Collection& input, bool& handled);
    Collection stringFunction(const FhirPathNode& node, const Collection& focus, const Collection& input, bool& handled);
    Collection sdcFunction(const FhirPathNode& node, const Collection& focus, bool& handled);
    Collection evalWithThis(const FhirPathNode& node, const Value& item, std::int64_t index);
    Collection argument(const FhirPathNode& node, std::size_t i, const Collection& input);
    std::optional<Decimal> scoreOf(const Value& item, const std::string& extensionUrl);
    void collectAnswers(const nlohmann::json& item, const std::string* linkId, Collection& out) const;

    const EvaluationEnvironment& m_env;
    std::vector<Frame> m_frames;
};

} // namespace avocet::core::forms::detail

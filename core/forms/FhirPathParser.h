#pragma once
// Parses the FHIRPath subset in DOMAIN.md into a small syntax tree.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/Result.h"
#include "core/forms/FhirPathValue.h"

namespace avocet::core::forms {

struct FhirPathNode
{
    enum class Kind {
        Literal,    // literal holds the value
        Empty,      // {} (and the non-FHIRPath token null)
        Member,     // name; focus (may be null: navigate from $this)
        Function,   // name; focus (may be null); args
        Indexer,    // focus[args[0]]
        Unary,      // name "-" or "+"; args[0]
        Binary,     // name is the operator; args[0], args[1]
        Variable,   // %name
        This,       // $this
        Index,      // $index
        Total,      // $total
        TypeOp,     // name "is"/"as"; args[0]; typeName
    };

    Kind kind = Kind::Empty;
    std::string name;
    std::string typeName;
    std::optional<Value> literal;
    std::unique_ptr<FhirPathNode> focus;
    std::vector<std::unique_ptr<FhirPathNode>> args;
    // Function nodes: which group of the evaluator handles the name, found on the first call and
    // remembered so a where() over 10,000 items does not look the name up 10,000 times.
    mutable std::atomic<signed char> functionFamily{-1}; // expressions may be shared between threads
};

struct ParsedExpression
{
    std::unique_ptr<FhirPathNode> root;
    std::vector<std::string> warnings; // e.g. "null" used where {} was meant
};

// Longest expression accepted; templates never need more and it bounds parser recursion.
inline constexpr std::size_t kMaxExpressionLength = 64 * 1024;
inline constexpr int kMaxExpressionDepth = 200;

Result<ParsedExpression> parseFhirPath(std::string_view text);

} // namespace avocet::core::forms

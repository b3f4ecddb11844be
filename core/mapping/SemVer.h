#pragma once
// Semantic versions of templates and the ranges a mapping declares it fits ("^1.0.0",
// ">=1.0.0 <1.2.0", "1.0.x", "1.0.0 || 1.1.0"). Pre-release and build suffixes are not used
// for templates and are refused, so an ordering question never has a surprising answer.

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/Result.h"

namespace avocet::core::mapping {

struct SemVer
{
    int major = 0;
    int minor = 0;
    int patch = 0;

    static Result<SemVer> parse(std::string_view text);
    std::string toString() const;
    friend auto operator<=>(const SemVer&, const SemVer&) = default;
};

class VersionRange
{
public:
    static Result<VersionRange> parse(std::string_view text);
    bool contains(const SemVer& version) const;
    const std::string& text() const { return m_text; }

private:
    enum class Op { Eq, Lt, Le, Gt, Ge };
    struct Comparator
    {
        Op op = Op::Eq;
        SemVer version;
    };
    using Conjunction = std::vector<Comparator>; // all must hold
    std::vector<Conjunction> m_alternatives;     // any may hold
    std::string m_text;
};

// The mapping in force for a template version, as both the hub (MappingRegistry::active) and the
// clients (core/sync MappingPins) choose it among the active mappings of one EPR: the highest
// mapping version whose `fits` range holds the template version. Candidates are {mapping version,
// fits range} as text; unparsable ones never win. Returns the winner's index.
struct MappingCandidate
{
    std::string version;
    std::string fits;
};
std::optional<std::size_t> mappingInForce(const std::vector<MappingCandidate>& candidates, const SemVer& templateVersion);

} // namespace avocet::core::mapping

#pragma once
// All versions of the alert rule tables, ordered by effective-from date. The set in force on a
// date is the latest one whose effective-from date is on or before it, so a change in the law
// (s.135/136 went from 72 to 24 hours on 11 December 2017) is a new file, not a code change.

#include <filesystem>
#include <vector>

#include "core/alerts/RuleSet.h"
#include "core/common/Result.h"

namespace avocet::core::alerts {

class RuleLibrary
{
public:
    // Fails (AlertRulesInvalid) on no sets, two sets with the same effective-from date or the
    // same version.
    static Result<RuleLibrary> fromSets(std::vector<RuleSet> sets);
    // The tables compiled into the program (resources/rules/*.json, see BuiltinRules.h).
    static Result<RuleLibrary> builtin();
    // One rule table per .json file; a directory contributes every *.json file in it.
    static Result<RuleLibrary> fromPaths(const std::vector<std::filesystem::path>& paths);

    // The set in force on `date`; NotFound before the earliest set's effective-from date.
    Result<const RuleSet*> activeOn(LocalDate date) const;

    const std::vector<RuleSet>& sets() const { return m_sets; }

private:
    std::vector<RuleSet> m_sets; // ascending effective-from
};

} // namespace avocet::core::alerts

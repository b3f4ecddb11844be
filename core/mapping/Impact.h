#pragma once
// Impact of a template change: given template v(n), v(n+1) and the mappings of v(n), every mapping
// entry and every report code (item codes such as SNOMED tool codes, answer codes and their
// ordinal scores) that the change breaks or alters. "breaking" means a submission would now be
// refused or a national return would lose its code; "altering" means data still flows but means
// something different or reads back differently.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/mapping/EprMapping.h"
#include "core/mapping/TemplateOutline.h"

namespace avocet::core::mapping {

struct ImpactFinding
{
    std::string severity; // breaking, altering
    std::string kind;     // linkIdRemoved, linkIdRetyped, linkIdAdded, itemMoved, answerCodeAdded, ...
    std::string linkId;
    std::string mapping;  // id@version; empty for report-code findings
    std::string epr;
    std::string pointer;  // the mapping entry (file#/entries/n) it concerns
    std::string message;
};

struct ImpactReport
{
    std::string templateUrl;
    std::string fromVersion;
    std::string toVersion;
    std::vector<ImpactFinding> findings;

    int count(const std::string& severity) const;
    bool hasBreaking() const { return count("breaking") > 0; }
    nlohmann::json toJson() const;
    std::string toText() const;
};

ImpactReport assessImpact(const TemplateOutline& from, const TemplateOutline& to,
                          const std::vector<EprMapping>& mappings);

} // namespace avocet::core::mapping

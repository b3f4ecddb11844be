#pragma once
// Coverage of one template version by one mapping: every answerable item is mapped (lossless),
// lossy (held, but response -> native -> response may not give it back exactly), unmapped (omitted
// by policy) or missing (no entry: a response answering it is refused); plus the native fields the
// mapping never fills.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/mapping/EprMapping.h"
#include "core/mapping/TemplateOutline.h"

namespace avocet::core::mapping {

struct CoverageItem
{
    std::string linkId;
    std::string text;
    std::string type;
    std::string status; // mapped, lossy, unmapped, missing
    std::string policy; // map, omit, appendToField, attachRendered; empty when missing
    std::string field;
    std::string detail; // why it is lossy / unmapped / missing
};

struct UnfilledField
{
    std::string id;
    std::string label;
    bool required = false;
};

struct CoverageReport
{
    std::string mapping; // id@version
    std::string epr;
    std::string nativeForm;
    std::string templateCanonical; // url|version
    std::vector<CoverageItem> items;
    std::vector<UnfilledField> unfilledFields;
    std::vector<std::string> problems; // disagreements between mapping and template

    int count(const std::string& status) const;
    bool isComplete() const { return problems.empty() && count("missing") == 0; }
    nlohmann::json toJson() const;
    std::string toText() const;
};

CoverageReport assessCoverage(const TemplateOutline& outline, const EprMapping& mapping);

} // namespace avocet::core::mapping

#pragma once
// What changed between two versions of a template, keyed on linkId, in the words a clinical change
// manager uses: items added or removed, text, codes (item codes such as SNOMED tool codes and
// national-return codes, answer codes, scores) and logic (enableWhen, calculations, variables,
// constraints). Each change says whether it is incompatible: old responses, drafts, mappings or
// reports can no longer be read the same way, so publishing it needs a new major version.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace avocet::core::forms {

struct TemplateChange
{
    std::string kind;   // added, removed, moved, typeChanged, textChanged, codesChanged,
                        // answerCodesChanged, scoresChanged, logicChanged, constraintsChanged,
                        // headerChanged
    std::string linkId; // empty for the template as a whole
    std::string what;   // the element that changed (text, code, enableWhen, required ...)
    std::string before; // compact JSON or text, empty when absent
    std::string after;
    bool incompatible = false;
    std::string message; // plain words
};

struct TemplateDiff
{
    std::string url;
    std::string fromVersion;
    std::string toVersion;
    std::vector<TemplateChange> changes;

    bool isEmpty() const { return changes.empty(); }
    bool isIncompatible() const;
    // Changes that add something without breaking (new items, new options, new logic).
    bool hasAdditions() const;
    std::vector<const TemplateChange*> forLinkId(const std::string& linkId) const;
    nlohmann::json toJson() const;
    std::string toText() const;
};

TemplateDiff diffTemplates(const nlohmann::json& from, const nlohmann::json& to);

} // namespace avocet::core::forms

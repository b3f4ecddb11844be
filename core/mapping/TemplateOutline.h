#pragma once
// What the mapping module needs to know about a harmonised template (a FHIR Questionnaire) and a
// QuestionnaireResponse, read straight from their FHIR JSON. core/forms owns the full model; this
// outline is deliberately small so mapping stays independent of it: linkIds, types, nesting,
// answer codes, item codes (the report codes national returns rely on) and limits.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"

namespace avocet::core::mapping {

struct Coding
{
    std::string system;
    std::string code;
    std::string display;
    std::string ordinal; // ordinalValue / itemWeight as written (exact text), empty when absent

    std::string key() const { return system + "|" + code; }
};

struct TemplateItem
{
    std::string linkId;
    std::string type; // FHIR item type: group, display, boolean, choice, string, text, date, ...
    std::string text;
    std::vector<std::string> groupPath; // linkIds of enclosing items, outermost first
    bool repeats = false;
    bool readOnly = false;
    std::optional<int> maxLength;
    std::vector<Coding> answerCodings; // answerOption valueCoding, or the contained answerValueSet
    std::vector<Coding> codes;         // item.code
    std::string pointer;               // JSON pointer into the Questionnaire

    bool isAnswerable() const { return type != "group" && type != "display"; }
};

struct TemplateOutline
{
    std::string url;
    std::string version;
    std::string title;
    std::vector<Coding> codes; // Questionnaire.code
    std::vector<TemplateItem> items; // every item, depth first, in document order

    const TemplateItem* find(const std::string& linkId) const;
};

// `source` names the file in error messages.
Result<TemplateOutline> readTemplate(const nlohmann::json& questionnaire, const std::string& source);

struct ResponseItem
{
    std::string linkId;
    std::string text;
    std::vector<std::string> groupPath;
    nlohmann::json answers = nlohmann::json::array(); // the FHIR answer array, as given
    std::string pointer;
    std::vector<std::size_t> groupCopies; // per groupPath step: which copy (0-based) of that group

    // Which copy (0-based) of the enclosing group `linkId` this answer is in; 0 when not inside it.
    std::size_t copyOf(const std::string& groupLinkId) const;
};

// Every item that carries answers, depth first (answers nested under answers included).
Result<std::vector<ResponseItem>> readResponseItems(const nlohmann::json& response, const std::string& source);

// "url|version" split; version empty when absent.
std::pair<std::string, std::string> splitCanonical(const std::string& canonical);

} // namespace avocet::core::mapping

#pragma once
// Edits a Questionnaire for the template designer by changing the kept FHIR JSON surgically: each
// edit touches only the element it is about, so unknown elements and extensions of an imported
// template survive every edit (and undo restores the document exactly). Items are addressed by
// linkId; edits that would make a linkId ambiguous are refused.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"

namespace avocet::core::forms {

inline constexpr const char* kSnomedSystem = "http://snomed.info/sct";
inline constexpr const char* kLoincSystem = "http://loinc.org";
inline constexpr const char* kUcumSystem = "http://unitsofmeasure.org";
inline constexpr const char* kItemControlSystem = "http://hl7.org/fhir/questionnaire-item-control";

// Indices into the nested `item` arrays, outermost first.
using ItemPath = std::vector<std::size_t>;

class TemplateEditor
{
public:
    TemplateEditor() : TemplateEditor(blankTemplate("https://fhir.avocet.example/Questionnaire/new-template", "New template")) {}
    explicit TemplateEditor(nlohmann::json document) : m_json(std::move(document)) {}

    // A new draft template at version 0.1.0 with no items.
    static nlohmann::json blankTemplate(const std::string& url, const std::string& title);
    // Parses and loads (Questionnaire::fromJson) so a broken template is refused with what and where.
    static Result<nlohmann::json> parseTemplate(std::string_view text);

    const nlohmann::json& json() const { return m_json; }
    void replace(nlohmann::json document) { m_json = std::move(document); }

    std::optional<ItemPath> find(const std::string& linkId) const;
    const nlohmann::json* item(const std::string& linkId) const;
    const nlohmann::json* itemAt(const ItemPath& path) const;
    // linkId of the parent item; empty for a top-level item or an unknown linkId.
    std::string parentOf(const std::string& linkId) const;
    // Every linkId in document order.
    std::vector<std::string> linkIds() const;
    // base, or base-2, base-3 ... whichever is not used yet.
    std::string uniqueLinkId(const std::string& base) const;

    // Questionnaire-level element (url, version, title, status, code ...); null removes it.
    Status setRoot(const std::string& key, const nlohmann::json& value);
    // An item element (text, type, required, repeats, readOnly, maxLength, prefix, initial,
    // enableWhen, enableBehavior, answerOption, code, answerValueSet ...); null or an empty array
    // removes it. linkId has its own call.
    Status setField(const std::string& linkId, const std::string& key, const nlohmann::json& value);
    // Renames an item and every enableWhen.question that names it.
    Status renameLinkId(const std::string& from, const std::string& to);
    // Replaces the value of the first extension with `url` in place, or appends one; a null value
    // removes every extension with that url.
    Status setExtension(const std::string& linkId, const std::string& url, const std::string& valueKey,
                        const nlohmann::json& value);
    const nlohmann::json* extension(const std::string& linkId, const std::string& url) const;

    // Shortcuts for the SDC extensions the designer edits. Empty strings remove.
    Status setItemControl(const std::string& linkId, const std::string& code);
    Status setHidden(const std::string& linkId, bool hidden);
    Status setCalculatedExpression(const std::string& linkId, const std::string& expression);
    Status setEnableWhenExpression(const std::string& linkId, const std::string& expression);
    // Replaces every variable extension on the item (root variables when linkId is empty).
    Status setVariables(const std::string& linkId, const std::vector<std::pair<std::string, std::string>>& variables);
    Status setUnit(const std::string& linkId, const std::string& code, const std::string& display);

    // Inserts an item under parentLinkId (empty: top level) at index (clamped). Refuses an item
    // whose linkId, or any descendant's, is already used.
    Status insertItem(const std::string& parentLinkId, std::size_t index, const nlohmann::json& item);
    Status removeItem(const std::string& linkId);
    // Moves an item (with its children) under newParent at index, counted after its removal.
    Status moveItem(const std::string& linkId, const std::string& newParent, std::size_t index);

private:
    nlohmann::json* mutableItem(const std::string& linkId);
    nlohmann::json* itemsArrayOf(const std::string& parentLinkId);

    nlohmann::json m_json;
};

// A new item of a type with sensible defaults (choice gets no options; group gets none).
nlohmann::json makeItem(const std::string& linkId, const std::string& type, const std::string& text);
// A Coding answerOption with an optional ordinalValue extension.
nlohmann::json makeCodingOption(const std::string& system, const std::string& code, const std::string& display,
                                const std::optional<std::string>& ordinalValue);
// Builds "%resource.item.where(linkId='a').answer.value.ordinal() + ..." style expressions that
// the engine computes: the sum of the ordinal values of the chosen items' answers.
std::string scoreExpression(const std::vector<std::string>& linkIds);
// The linkIds a score expression made by scoreExpression() reads, in order; empty for others.
std::vector<std::string> scoreExpressionItems(const std::string& expression);

Result<nlohmann::json> readTemplateFile(const std::filesystem::path& path);
Status writeTemplateFile(const std::filesystem::path& path, const nlohmann::json& document);

} // namespace avocet::core::forms

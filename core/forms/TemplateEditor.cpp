#include "core/forms/TemplateEditor.h"
#include "core/forms/ScoreRule.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/forms/JsonDocument.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/SdcExtensions.h"

namespace avocet::core::forms {

namespace {

using Json = nlohmann::json;

bool findPath(const Json& items, const std::string& linkId, ItemPath& path)
{
    if (!items.is_array())
        return false;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Json& entry = items[i];
        if (!entry.is_object())
            continue;
        path.push_back(i);
        if (entry.value("linkId", std::string()) == linkId)
            return true;
        if (entry.contains("item") && findPath(entry["item"], linkId, path))
            return true;
        path.pop_back();
    }
    return false;
}

void collectLinkIds(const Json& items, std::vector<std::string>& out)
{
    if (!items.is_array())
        return;
    for (const Json& entry : items) {
        if (!entry.is_object())
            continue;
        if (entry.contains("linkId") && entry["linkId"].is_string())
            out.push_back(entry["linkId"].get<std::string>());
        if (entry.contains("item"))
            collectLinkIds(entry["item"], out);
    }
}

void renameReferences(Json& items, const std::string& from, const std::string& to)
{
    if (!items.is_array())
        return;
    for (Json& entry : items) {
        if (!entry.is_object())
            continue;
        if (entry.contains("enableWhen") && entry["enableWhen"].is_array())
            for (Json& condition : entry["enableWhen"])
                if (condition.is_object() && condition.value("question", std::string()) == from)
                    condition["question"] = to;
        // A total's scoring rule names its items by linkId.
        if (entry.contains("extension") && entry["extension"].is_array())
            for (Json& extension : entry["extension"])
                if (extension.is_object() && extension.value("url", std::string()) == kScoreRuleExtension &&
                    extension.contains("extension") && extension["extension"].is_array())
                    for (Json& part : extension["extension"])
                        if (part.is_object() && part.value("valueString", std::string()) == from)
                            part["valueString"] = to;
        if (entry.contains("item"))
            renameReferences(entry["item"], from, to);
    }
}

bool isEmptyValue(const Json& value)
{
    return value.is_null() || ((value.is_array() || value.is_object()) && value.empty()) ||
           (value.is_string() && value.get<std::string>().empty());
}

Error notFound(const std::string& linkId)
{
    return makeError(ErrorCode::NotFound, "There is no item with linkId '" + linkId + "'.");
}

Json expressionValue(const std::string& expression, const std::string& name = {})
{
    Json value = Json::object();
    if (!name.empty())
        value["name"] = name;
    value["language"] = "text/fhirpath";
    value["expression"] = expression;
    return value;
}

} // namespace

Json TemplateEditor::blankTemplate(const std::string& url, const std::string& title)
{
    return Json{{"resourceType", "Questionnaire"}, {"url", url},        {"version", "0.1.0"},
                {"title", title},                  {"status", "draft"}, {"item", Json::array()}};
}

Result<Json> TemplateEditor::parseTemplate(std::string_view text)
{
    auto parsed = parseJsonDocument(text);
    if (!parsed)
        return parsed.error();
    if (!parsed->is_object() || parsed->value("resourceType", std::string()) != "Questionnaire")
        return makeError(ErrorCode::FormInvalid,
                         "This file is JSON but not a FHIR Questionnaire (resourceType must be \"Questionnaire\").");
    auto loaded = Questionnaire::fromJson(*parsed);
    if (!loaded)
        return loaded.error();
    return std::move(parsed).value();
}

std::optional<ItemPath> TemplateEditor::find(const std::string& linkId) const
{
    ItemPath path;
    if (m_json.contains("item") && findPath(m_json["item"], linkId, path))
        return path;
    return std::nullopt;
}

const Json* TemplateEditor::itemAt(const ItemPath& path) const
{
    const Json* items = m_json.contains("item") ? &m_json["item"] : nullptr;
    const Json* current = nullptr;
    for (std::size_t index : path) {
        if (!items || !items->is_array() || index >= items->size())
            return nullptr;
        current = &(*items)[index];
        items = current->contains("item") ? &(*current)["item"] : nullptr;
    }
    return current;
}

const Json* TemplateEditor::item(const std::string& linkId) const
{
    const auto path = find(linkId);
    return path ? itemAt(*path) : nullptr;
}

Json* TemplateEditor::mutableItem(const std::string& linkId)
{
    return const_cast<Json*>(item(linkId)); // NOLINT: the const lookup walks the same object
}

std::string TemplateEditor::parentOf(const std::string& linkId) const
{
    auto path = find(linkId);
    if (!path || path->size() < 2)
        return {};
    path->pop_back();
    const Json* parent = itemAt(*path);
    return parent ? parent->value("linkId", std::string()) : std::string();
}

std::vector<std::string> TemplateEditor::linkIds() const
{
    std::vector<std::string> out;
    if (m_json.contains("item"))
        collectLinkIds(m_json["item"], out);
    return out;
}

std::string TemplateEditor::uniqueLinkId(const std::string& base) const
{
    const auto used = linkIds();
    const std::set<std::string> taken(used.begin(), used.end());
    if (!taken.count(base))
        return base;
    for (int n = 2;; ++n) {
        std::string candidate = base + "-" + std::to_string(n);
        if (!taken.count(candidate))
            return candidate;
    }
}

Status TemplateEditor::setRoot(const std::string& key, const Json& value)
{
    if (key == "item" || key == "resourceType")
        return makeError(ErrorCode::InvalidArgument, "Items and the resource type are not edited this way.");
    if (isEmptyValue(value))
        m_json.erase(key);
    else
        m_json[key] = value;
    return Status::success();
}

Status TemplateEditor::setField(const std::string& linkId, const std::string& key, const Json& value)
{
    if (key == "linkId" || key == "item")
        return makeError(ErrorCode::InvalidArgument, "Use rename, insert or move for '" + key + "'.");
    Json* target = mutableItem(linkId);
    if (!target)
        return notFound(linkId);
    const bool isFalse = value.is_boolean() && !value.get<bool>() &&
                         (key == "required" || key == "repeats" || key == "readOnly");
    if (isEmptyValue(value) || isFalse)
        target->erase(key);
    else
        (*target)[key] = value;
    return Status::success();
}

Status TemplateEditor::renameLinkId(const std::string& from, const std::string& to)
{
    if (from == to)
        return Status::success();
    if (to.empty())
        return makeError(ErrorCode::InvalidArgument, "A linkId cannot be empty.");
    if (find(to))
        return makeError(ErrorCode::AlreadyExists, "Another item already uses linkId '" + to + "'.");
    Json* target = mutableItem(from);
    if (!target)
        return notFound(from);
    (*target)["linkId"] = to;
    if (m_json.contains("item"))
        renameReferences(m_json["item"], from, to);
    return Status::success();
}

const Json* TemplateEditor::extension(const std::string& linkId, const std::string& url) const
{
    const Json* target = linkId.empty() ? &m_json : item(linkId);
    if (!target || !target->contains("extension") || !(*target)["extension"].is_array())
        return nullptr;
    for (const Json& ext : (*target)["extension"])
        if (ext.is_object() && ext.value("url", std::string()) == url)
            return &ext;
    return nullptr;
}

Status TemplateEditor::setExtension(const std::string& linkId, const std::string& url, const std::string& valueKey,
                                    const Json& value)
{
    Json* target = linkId.empty() ? &m_json : mutableItem(linkId);
    if (!target)
        return notFound(linkId);
    Json& extensions = (*target)["extension"];
    if (!extensions.is_array())
        extensions = Json::array();
    if (value.is_null()) {
        Json kept = Json::array();
        for (Json& ext : extensions)
            if (!ext.is_object() || ext.value("url", std::string()) != url)
                kept.push_back(std::move(ext));
        extensions = std::move(kept);
    } else {
        bool replaced = false;
        for (Json& ext : extensions) {
            if (!ext.is_object() || ext.value("url", std::string()) != url)
                continue;
            // Keep the extension's own unknown elements; drop only the old value[x].
            for (auto it = ext.begin(); it != ext.end();)
                it = it.key().rfind("value", 0) == 0 ? ext.erase(it) : std::next(it);
            ext[valueKey] = value;
            replaced = true;
            break;
        }
        if (!replaced)
            extensions.push_back(Json{{"url", url}, {valueKey, value}});
    }
    if (extensions.empty())
        target->erase("extension");
    return Status::success();
}

Status TemplateEditor::setItemControl(const std::string& linkId, const std::string& code)
{
    if (code.empty())
        return setExtension(linkId, ext::kItemControl, "valueCodeableConcept", nullptr);
    return setExtension(linkId, ext::kItemControl, "valueCodeableConcept",
                        Json{{"coding", Json::array({Json{{"system", kItemControlSystem}, {"code", code}}})}});
}

Status TemplateEditor::setHidden(const std::string& linkId, bool hidden)
{
    return setExtension(linkId, ext::kHidden, "valueBoolean", hidden ? Json(true) : Json());
}

Status TemplateEditor::setCalculatedExpression(const std::string& linkId, const std::string& expression)
{
    return setExtension(linkId, ext::kCalculatedExpression, "valueExpression",
                        expression.empty() ? Json() : expressionValue(expression));
}

Status TemplateEditor::setEnableWhenExpression(const std::string& linkId, const std::string& expression)
{
    return setExtension(linkId, ext::kEnableWhenExpression, "valueExpression",
                        expression.empty() ? Json() : expressionValue(expression));
}

Status TemplateEditor::setVariables(const std::string& linkId,
                                    const std::vector<std::pair<std::string, std::string>>& variables)
{
    Json* target = linkId.empty() ? &m_json : mutableItem(linkId);
    if (!target)
        return notFound(linkId);
    Json extensions = target->contains("extension") && (*target)["extension"].is_array() ? (*target)["extension"]
                                                                                          : Json::array();
    // Variables replace the old ones where the first of them stood, so other extensions keep their order.
    Json rebuilt = Json::array();
    bool placed = false;
    auto placeVariables = [&] {
        for (const auto& [name, expression] : variables)
            rebuilt.push_back(Json{{"url", ext::kVariable}, {"valueExpression", expressionValue(expression, name)}});
        placed = true;
    };
    for (Json& ext : extensions) {
        if (ext.is_object() && ext.value("url", std::string()) == ext::kVariable) {
            if (!placed)
                placeVariables();
            continue;
        }
        rebuilt.push_back(std::move(ext));
    }
    if (!placed)
        placeVariables();
    if (rebuilt.empty())
        target->erase("extension");
    else
        (*target)["extension"] = std::move(rebuilt);
    return Status::success();
}

Status TemplateEditor::setUnit(const std::string& linkId, const std::string& code, const std::string& display)
{
    if (code.empty())
        return setExtension(linkId, ext::kUnit, "valueCoding", nullptr);
    Json coding{{"system", kUcumSystem}, {"code", code}};
    if (!display.empty())
        coding["display"] = display;
    return setExtension(linkId, ext::kUnit, "valueCoding", coding);
}

Json* TemplateEditor::itemsArrayOf(const std::string& parentLinkId)
{
    Json* parent = parentLinkId.empty() ? &m_json : mutableItem(parentLinkId);
    if (!parent)
        return nullptr;
    Json& items = (*parent)["item"];
    if (!items.is_array())
        items = Json::array();
    return &items;
}

Status TemplateEditor::insertItem(const std::string& parentLinkId, std::size_t index, const Json& newItem)
{
    if (!newItem.is_object() || !newItem.contains("linkId") || !newItem["linkId"].is_string())
        return makeError(ErrorCode::InvalidArgument, "An item needs a linkId.");
    std::vector<std::string> incoming;
    collectLinkIds(Json::array({newItem}), incoming);
    for (const auto& id : incoming)
        if (find(id))
            return makeError(ErrorCode::AlreadyExists, "Another item already uses linkId '" + id + "'.");
    if (!parentLinkId.empty()) {
        const Json* parent = item(parentLinkId);
        if (!parent)
            return notFound(parentLinkId);
        if (parent->value("type", std::string()) == "display")
            return makeError(ErrorCode::InvalidArgument, "A display item cannot hold other items.");
    }
    Json* items = itemsArrayOf(parentLinkId);
    index = std::min(index, items->size());
    items->insert(items->begin() + static_cast<std::ptrdiff_t>(index), newItem);
    return Status::success();
}

Status TemplateEditor::removeItem(const std::string& linkId)
{
    auto path = find(linkId);
    if (!path)
        return notFound(linkId);
    const std::size_t index = path->back();
    path->pop_back();
    Json* container = path->empty() ? &m_json : const_cast<Json*>(itemAt(*path)); // NOLINT
    Json& items = (*container)["item"];
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
    if (items.empty() && !path->empty())
        container->erase("item");
    return Status::success();
}

Status TemplateEditor::moveItem(const std::string& linkId, const std::string& newParent, std::size_t index)
{
    const Json* moving = item(linkId);
    if (!moving)
        return notFound(linkId);
    if (!newParent.empty()) {
        // Refuse moving an item into itself or one of its own descendants.
        std::vector<std::string> inside;
        collectLinkIds(Json::array({*moving}), inside);
        for (const auto& id : inside)
            if (id == newParent)
                return makeError(ErrorCode::InvalidArgument, "An item cannot be moved inside itself.");
        const Json* parent = item(newParent);
        if (!parent)
            return notFound(newParent);
        if (parent->value("type", std::string()) == "display")
            return makeError(ErrorCode::InvalidArgument, "A display item cannot hold other items.");
    }
    const Json copy = *moving;
    const Json before = m_json;
    if (Status removed = removeItem(linkId); !removed)
        return removed;
    if (Status inserted = insertItem(newParent, index, copy); !inserted) {
        m_json = before;
        return inserted;
    }
    return Status::success();
}

Json makeItem(const std::string& linkId, const std::string& type, const std::string& text)
{
    Json made{{"linkId", linkId}, {"type", type}};
    if (!text.empty())
        made["text"] = text;
    if (type == "group")
        made["item"] = Json::array();
    return made;
}

Json makeCodingOption(const std::string& system, const std::string& code, const std::string& display,
                      const std::optional<std::string>& ordinalValue)
{
    Json coding{{"code", code}};
    if (!system.empty())
        coding["system"] = system;
    if (!display.empty())
        coding["display"] = display;
    Json option{{"valueCoding", coding}};
    if (ordinalValue && !ordinalValue->empty()) {
        Json number;
        if (ordinalValue->find('.') == std::string::npos)
            number = std::stoll(*ordinalValue);
        else
            number = std::stod(*ordinalValue);
        option["extension"] = Json::array({Json{{"url", ext::kOrdinalValue}, {"valueDecimal", number}}});
    }
    return option;
}

namespace {
constexpr const char* kScorePrefix = "%resource.repeat(item).where(";
constexpr const char* kScoreSuffix = ").answer.value.ordinal().sum()";
} // namespace

std::string scoreExpression(const std::vector<std::string>& linkIds)
{
    if (linkIds.empty())
        return {};
    std::string condition;
    for (const auto& id : linkIds) {
        if (!condition.empty())
            condition += " or ";
        condition += "linkId = '" + id + "'";
    }
    return kScorePrefix + condition + kScoreSuffix;
}

std::vector<std::string> scoreExpressionItems(const std::string& expression)
{
    const std::string prefix = kScorePrefix;
    const std::string suffix = kScoreSuffix;
    if (expression.rfind(prefix, 0) != 0 || expression.size() < prefix.size() + suffix.size() ||
        expression.compare(expression.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {};
    const std::string condition = expression.substr(prefix.size(), expression.size() - prefix.size() - suffix.size());
    static const std::regex term(R"(linkId = '([^']*)')");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(condition.begin(), condition.end(), term); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1].str());
    return out;
}

Result<Json> readTemplateFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::IoError, "Cannot open " + path.filename().string() + ".");
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = TemplateEditor::parseTemplate(text.str());
    if (!parsed)
        return makeError(parsed.code(), path.filename().string() + ": " + parsed.message());
    return parsed;
}

Status writeTemplateFile(const std::filesystem::path& path, const Json& document)
{
    const std::filesystem::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            return makeError(ErrorCode::IoError, "Cannot write " + path.filename().string() + ".");
        out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        if (!out.flush())
            return makeError(ErrorCode::IoError, "Writing " + path.filename().string() + " failed.");
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
        return makeError(ErrorCode::IoError, "Cannot replace " + path.filename().string() + ": " + error.message());
    return Status::success();
}

} // namespace avocet::core::forms

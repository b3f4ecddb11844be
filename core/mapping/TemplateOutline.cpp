#include "core/mapping/TemplateOutline.h"

#include <algorithm>

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

constexpr const char* kOrdinalUrls[] = {"http://hl7.org/fhir/StructureDefinition/ordinalValue",
                                        "http://hl7.org/fhir/StructureDefinition/itemWeight"};

std::string text(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Coding codingFrom(const json& coding)
{
    return {text(coding, "system"), text(coding, "code"), text(coding, "display"), {}};
}

std::string ordinalOf(const json& element)
{
    const auto extensions = element.find("extension");
    if (extensions == element.end() || !extensions->is_array())
        return {};
    for (const auto& extension : *extensions) {
        for (const char* url : kOrdinalUrls) {
            if (text(extension, "url") == url) {
                for (const auto& [key, value] : extension.items())
                    if (key.starts_with("value"))
                        return value.dump();
            }
        }
    }
    return {};
}

std::vector<Coding> containedValueSet(const json& questionnaire, const std::string& reference)
{
    std::vector<Coding> out;
    if (!reference.starts_with("#"))
        return out;
    const auto contained = questionnaire.find("contained");
    if (contained == questionnaire.end() || !contained->is_array())
        return out;
    for (const auto& resource : *contained) {
        if (text(resource, "id") != reference.substr(1))
            continue;
        if (const auto expansion = resource.find("expansion"); expansion != resource.end()) {
            for (const auto& entry : expansion->value("contains", json::array()))
                out.push_back(codingFrom(entry));
        } else if (const auto compose = resource.find("compose"); compose != resource.end()) {
            for (const auto& include : compose->value("include", json::array())) {
                for (const auto& entry : include.value("concept", json::array())) {
                    Coding c{text(include, "system"), text(entry, "code"), text(entry, "display"), {}};
                    c.ordinal = ordinalOf(entry);
                    out.push_back(std::move(c));
                }
            }
        }
    }
    return out;
}

Status walkTemplate(const json& questionnaire, const json& items, const std::string& pointer,
                    std::vector<std::string>& path, TemplateOutline& outline, const std::string& source)
{
    if (!items.is_array())
        return makeError(ErrorCode::ParseError, source + "#" + pointer + ": item must be an array");
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& item = items[i];
        TemplateItem out;
        out.pointer = pointer + "/" + std::to_string(i);
        if (!item.is_object() || !item.contains("linkId") || !item["linkId"].is_string())
            return makeError(ErrorCode::ParseError, source + "#" + out.pointer + ": item has no linkId");
        out.linkId = item["linkId"].get<std::string>();
        if (outline.find(out.linkId))
            return makeError(ErrorCode::ParseError,
                             source + "#" + out.pointer + ": linkId '" + out.linkId + "' is used twice");
        out.type = text(item, "type");
        out.text = text(item, "text");
        out.groupPath = path;
        out.repeats = item.value("repeats", false);
        out.readOnly = item.value("readOnly", false);
        if (const auto it = item.find("maxLength"); it != item.end() && it->is_number_integer())
            out.maxLength = it->get<int>();
        for (const auto& code : item.value("code", json::array()))
            out.codes.push_back(codingFrom(code));
        for (const auto& option : item.value("answerOption", json::array())) {
            if (const auto coding = option.find("valueCoding"); coding != option.end()) {
                Coding c = codingFrom(*coding);
                c.ordinal = ordinalOf(option);
                if (c.ordinal.empty())
                    c.ordinal = ordinalOf(*coding);
                out.answerCodings.push_back(std::move(c));
            } else if (const auto str = option.find("valueString"); str != option.end() && str->is_string()) {
                out.answerCodings.push_back({"", str->get<std::string>(), str->get<std::string>(), {}});
            }
        }
        if (const auto valueSet = text(item, "answerValueSet"); !valueSet.empty())
            for (auto& c : containedValueSet(questionnaire, valueSet))
                out.answerCodings.push_back(std::move(c));
        outline.items.push_back(out);
        if (const auto children = item.find("item"); children != item.end()) {
            path.push_back(out.linkId);
            auto nested = walkTemplate(questionnaire, *children, out.pointer + "/item", path, outline, source);
            path.pop_back();
            if (!nested)
                return nested;
        }
    }
    return Status::success();
}

struct ResponsePath
{
    std::vector<std::string> linkIds;
    std::vector<std::size_t> copies;
};

Status walkResponse(const json& items, const std::string& pointer, ResponsePath& path,
                    std::vector<ResponseItem>& out, const std::string& source)
{
    if (!items.is_array())
        return makeError(ErrorCode::ParseError, source + "#" + pointer + ": item must be an array");
    std::vector<std::pair<const std::string*, std::size_t>> seen; // copies of each linkId at this level
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& item = items[i];
        const std::string here = pointer + "/" + std::to_string(i);
        if (!item.is_object() || !item.contains("linkId") || !item["linkId"].is_string())
            return makeError(ErrorCode::ParseError, source + "#" + here + ": item has no linkId");
        const std::string& linkId = item["linkId"].get_ref<const std::string&>();
        std::size_t copy = 0;
        auto known = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return *s.first == linkId; });
        if (known == seen.end())
            seen.emplace_back(&linkId, 1);
        else
            copy = known->second++;
        const auto descend = [&](const json& nested, const std::string& at) {
            path.linkIds.push_back(linkId);
            path.copies.push_back(copy);
            auto status = walkResponse(nested, at, path, out, source);
            path.linkIds.pop_back();
            path.copies.pop_back();
            return status;
        };
        if (const auto answers = item.find("answer"); answers != item.end()) {
            if (!answers->is_array())
                return makeError(ErrorCode::ParseError, source + "#" + here + "/answer: must be an array");
            if (!answers->empty())
                out.push_back({linkId, text(item, "text"), path.linkIds, *answers, here, path.copies});
            for (std::size_t a = 0; a < answers->size(); ++a) {
                if (const auto nested = (*answers)[a].find("item"); nested != (*answers)[a].end())
                    if (auto status = descend(*nested, here + "/answer/" + std::to_string(a) + "/item"); !status)
                        return status;
            }
        }
        if (const auto children = item.find("item"); children != item.end())
            if (auto status = descend(*children, here + "/item"); !status)
                return status;
    }
    return Status::success();
}

} // namespace

std::size_t ResponseItem::copyOf(const std::string& groupLinkId) const
{
    for (std::size_t i = 0; i < groupPath.size() && i < groupCopies.size(); ++i)
        if (groupPath[i] == groupLinkId)
            return groupCopies[i];
    return 0;
}

const TemplateItem* TemplateOutline::find(const std::string& linkId) const
{
    for (const auto& item : items)
        if (item.linkId == linkId)
            return &item;
    return nullptr;
}

namespace {

Result<TemplateOutline> readTemplateUnchecked(const json& questionnaire, const std::string& source)
{
    if (!questionnaire.is_object() || text(questionnaire, "resourceType") != "Questionnaire")
        return makeError(ErrorCode::ParseError, source + ": not a FHIR Questionnaire (resourceType)");
    TemplateOutline outline;
    outline.url = text(questionnaire, "url");
    outline.version = text(questionnaire, "version");
    outline.title = text(questionnaire, "title");
    for (const auto& code : questionnaire.value("code", json::array()))
        outline.codes.push_back(codingFrom(code));
    std::vector<std::string> path;
    if (const auto items = questionnaire.find("item"); items != questionnaire.end())
        if (auto status = walkTemplate(questionnaire, *items, "/item", path, outline, source); !status)
            return status.error();
    return outline;
}

} // namespace

// A wrongly typed element in an imported file (a string where a boolean belongs, say) makes
// nlohmann throw deep in the walk; every caller gets an error naming the file instead.
Result<TemplateOutline> readTemplate(const json& questionnaire, const std::string& source)
{
    try {
        return readTemplateUnchecked(questionnaire, source);
    } catch (const json::exception& error) {
        return makeError(ErrorCode::MappingInvalid,
                         source + ": the template has a wrongly typed element (" + error.what() + ")");
    }
}


Result<std::vector<ResponseItem>> readResponseItems(const json& response, const std::string& source)
{
    if (!response.is_object() || text(response, "resourceType") != "QuestionnaireResponse")
        return makeError(ErrorCode::ParseError, source + ": not a FHIR QuestionnaireResponse (resourceType)");
    std::vector<ResponseItem> out;
    ResponsePath path;
    if (const auto items = response.find("item"); items != response.end())
        if (auto status = walkResponse(*items, "/item", path, out, source); !status)
            return status.error();
    return out;
}

std::pair<std::string, std::string> splitCanonical(const std::string& canonical)
{
    const auto bar = canonical.find('|');
    if (bar == std::string::npos)
        return {canonical, {}};
    return {canonical.substr(0, bar), canonical.substr(bar + 1)};
}

} // namespace avocet::core::mapping

#include "core/forms/TemplateDiff.h"

#include <map>
#include <set>
#include <sstream>

#include "core/forms/SdcExtensions.h"

namespace avocet::core::forms {

namespace {

using nlohmann::json;

struct FlatItem
{
    json item; // without its children
    std::vector<std::string> groupPath;
    std::size_t order = 0;
};

struct Flat
{
    std::map<std::string, FlatItem> byLinkId;
    std::vector<std::string> order;
};

void flatten(const json& items, std::vector<std::string>& path, Flat& out)
{
    if (!items.is_array())
        return;
    for (const json& entry : items) {
        if (!entry.is_object() || !entry.contains("linkId") || !entry["linkId"].is_string())
            continue;
        const std::string linkId = entry["linkId"].get<std::string>();
        FlatItem flat{entry, path, out.order.size()};
        flat.item.erase("item");
        if (out.byLinkId.emplace(linkId, std::move(flat)).second)
            out.order.push_back(linkId);
        if (entry.contains("item")) {
            path.push_back(linkId);
            flatten(entry["item"], path, out);
            path.pop_back();
        }
    }
}

std::string compact(const json& value)
{
    if (value.is_null())
        return {};
    if (value.is_string())
        return value.get<std::string>();
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string joinPath(const std::vector<std::string>& path)
{
    std::string out;
    for (const auto& part : path)
        out += (out.empty() ? "" : " > ") + part;
    return out.empty() ? "(top level)" : out;
}

const std::set<std::string>& logicExtensions()
{
    static const std::set<std::string> urls{ext::kCalculatedExpression, ext::kEnableWhenExpression, ext::kVariable,
                                            ext::kInitialExpression, ext::kAnswerExpression};
    return urls;
}

const std::set<std::string>& constraintExtensions()
{
    static const std::set<std::string> urls{ext::kItemControl, ext::kHidden, ext::kMinValue, ext::kMaxValue,
                                            ext::kRegex,       ext::kEntryFormat, ext::kUnit};
    return urls;
}

// Extension values by url (several with one url are kept together in order).
std::map<std::string, json> extensionsByUrl(const json& item)
{
    std::map<std::string, json> out;
    if (!item.contains("extension") || !item["extension"].is_array())
        return out;
    for (const json& ext : item["extension"]) {
        const std::string url = ext.is_object() ? ext.value("url", std::string()) : std::string();
        json& slot = out[url];
        if (slot.is_null())
            slot = json::array();
        slot.push_back(ext);
    }
    return out;
}

std::string shortName(const std::string& url)
{
    const auto slash = url.find_last_of('/');
    std::string name = slash == std::string::npos ? url : url.substr(slash + 1);
    for (const char* prefix : {"sdc-questionnaire-", "questionnaire-"})
        if (name.rfind(prefix, 0) == 0)
            name = name.substr(std::string(prefix).size());
    return name;
}

// An answer option's identity: system|code for codings, the value otherwise.
std::string optionKey(const json& option)
{
    if (!option.is_object())
        return compact(option);
    if (option.contains("valueCoding")) {
        const json& coding = option["valueCoding"];
        return coding.value("system", std::string()) + "|" + coding.value("code", std::string());
    }
    for (auto it = option.begin(); it != option.end(); ++it)
        if (it.key().rfind("value", 0) == 0)
            return it.key() + ":" + compact(it.value());
    return compact(option);
}

std::string optionScore(const json& option)
{
    const std::string keys[] = {ext::kOrdinalValue, ext::kOrdinalValueR4, ext::kItemWeight};
    auto scoreIn = [&](const json& holder) -> std::string {
        if (!holder.is_object() || !holder.contains("extension") || !holder["extension"].is_array())
            return {};
        for (const json& ext : holder["extension"])
            for (const auto& url : keys)
                if (ext.is_object() && ext.value("url", std::string()) == url)
                    for (auto it = ext.begin(); it != ext.end(); ++it)
                        if (it.key().rfind("value", 0) == 0)
                            return compact(it.value());
        return {};
    };
    std::string score = scoreIn(option);
    if (score.empty() && option.is_object() && option.contains("valueCoding"))
        score = scoreIn(option["valueCoding"]);
    return score;
}

std::string codingKey(const json& coding)
{
    return coding.is_object() ? coding.value("system", std::string()) + "|" + coding.value("code", std::string())
                              : compact(coding);
}

class Differ
{
public:
    explicit Differ(TemplateDiff& diff) : m_diff(diff) {}

    void header(const json& from, const json& to)
    {
        auto field = [](const json& doc, const char* key) { return doc.contains(key) ? doc[key] : json(); };
        if (field(from, "url") != field(to, "url"))
            add("headerChanged", "", "url", field(from, "url"), field(to, "url"), true,
                "The template's url changed: it is a different template to every EPR mapping and report.");
        if (field(from, "title") != field(to, "title"))
            add("headerChanged", "", "title", field(from, "title"), field(to, "title"), false, "The title changed.");
        codes("", field(from, "code"), field(to, "code"));
        const auto before = extensionsByUrl(from);
        const auto after = extensionsByUrl(to);
        auto rootVariables = [](const std::map<std::string, json>& all) {
            const auto found = all.find(ext::kVariable);
            return found == all.end() ? json() : found->second;
        };
        if (rootVariables(before) != rootVariables(after))
            add("logicChanged", "", "variable", rootVariables(before), rootVariables(after), false,
                "The form's variables changed.");
    }

    void items(const Flat& from, const Flat& to)
    {
        for (const auto& linkId : from.order)
            if (!to.byLinkId.count(linkId)) {
                const json& item = from.byLinkId.at(linkId).item;
                const std::string type = item.value("type", std::string());
                const bool answerable = type != "group" && type != "display";
                add("removed", linkId, "item", item.value("text", std::string()), "", answerable,
                    answerable ? "Removed: answers already given to it can no longer be shown or sent."
                               : "Removed (" + type + ").");
            }
        for (const auto& linkId : to.order) {
            const auto found = from.byLinkId.find(linkId);
            const FlatItem& next = to.byLinkId.at(linkId);
            if (found == from.byLinkId.end()) {
                add("added", linkId, "item", "", next.item.value("text", std::string()), false,
                    "Added (" + next.item.value("type", std::string()) + ") under " + joinPath(next.groupPath) + ".");
                continue;
            }
            item(linkId, found->second, next);
        }
    }

private:
    void add(const std::string& kind, const std::string& linkId, const std::string& what, const json& before,
             const json& after, bool incompatible, std::string message)
    {
        m_diff.changes.push_back(
            TemplateChange{kind, linkId, what, compact(before), compact(after), incompatible, std::move(message)});
    }

    void codes(const std::string& linkId, const json& before, const json& after)
    {
        if (before == after)
            return;
        std::set<std::string> oldKeys;
        std::set<std::string> newKeys;
        if (before.is_array())
            for (const json& coding : before)
                oldKeys.insert(codingKey(coding));
        if (after.is_array())
            for (const json& coding : after)
                newKeys.insert(codingKey(coding));
        std::vector<std::string> removed;
        for (const auto& key : oldKeys)
            if (!newKeys.count(key))
                removed.push_back(key);
        std::string message = linkId.empty() ? "The form's codes changed" : "Item codes changed";
        if (!removed.empty()) {
            message += "; no longer coded as ";
            for (std::size_t i = 0; i < removed.size(); ++i)
                message += (i ? ", " : "") + removed[i];
            message += " (reports that rely on it lose the item)";
        }
        add("codesChanged", linkId, "code", before, after, !removed.empty(), message + ".");
    }

    void options(const std::string& linkId, const json& before, const json& after)
    {
        if (before == after)
            return;
        std::map<std::string, json> oldOptions;
        std::vector<std::string> newOrder;
        std::map<std::string, json> newOptions;
        if (before.is_array())
            for (const json& option : before)
                oldOptions.emplace(optionKey(option), option);
        if (after.is_array())
            for (const json& option : after) {
                newOrder.push_back(optionKey(option));
                newOptions.emplace(optionKey(option), option);
            }
        bool reported = false;
        for (const auto& [key, option] : oldOptions)
            if (!newOptions.count(key)) {
                add("answerCodesChanged", linkId, "answerOption", key, "", true,
                    "Answer " + key + " removed: earlier answers and code maps that use it no longer fit.");
                reported = true;
            }
        for (const auto& key : newOrder) {
            const json& option = newOptions.at(key);
            const auto old = oldOptions.find(key);
            if (old == oldOptions.end()) {
                add("answerCodesChanged", linkId, "answerOption", "", key, false,
                    "Answer " + key + " added: each EPR mapping needs a native code for it.");
                reported = true;
                continue;
            }
            if (optionScore(old->second) != optionScore(option)) {
                add("scoresChanged", linkId, "ordinalValue", optionScore(old->second), optionScore(option), true,
                    "Score of answer " + key + " changed: totals and national returns differ from earlier ones.");
                reported = true;
            } else if (old->second != option) {
                add("textChanged", linkId, "answerOption", old->second, option, false,
                    "Answer " + key + " changed its wording or details.");
                reported = true;
            }
        }
        if (!reported)
            add("textChanged", linkId, "answerOption", "", "", false, "Answer options were reordered.");
    }

    void item(const std::string& linkId, const FlatItem& from, const FlatItem& to)
    {
        const json& a = from.item;
        const json& b = to.item;
        auto field = [](const json& doc, const char* key) { return doc.contains(key) ? doc[key] : json(); };
        if (from.groupPath != to.groupPath)
            add("moved", linkId, "groupPath", joinPath(from.groupPath), joinPath(to.groupPath), true,
                "Moved from " + joinPath(from.groupPath) + " to " + joinPath(to.groupPath) +
                    ": saved responses nest it differently.");
        if (field(a, "type") != field(b, "type"))
            add("typeChanged", linkId, "type", field(a, "type"), field(b, "type"), true,
                "Answer type changed: earlier answers and EPR fields no longer fit.");
        for (const char* key : {"text", "prefix"})
            if (field(a, key) != field(b, key))
                add("textChanged", linkId, key, field(a, key), field(b, key), false,
                    std::string(key == std::string("text") ? "Question text" : "Prefix") + " changed.");
        codes(linkId, field(a, "code"), field(b, "code"));
        options(linkId, field(a, "answerOption"), field(b, "answerOption"));
        if (field(a, "answerValueSet") != field(b, "answerValueSet"))
            add("answerCodesChanged", linkId, "answerValueSet", field(a, "answerValueSet"), field(b, "answerValueSet"),
                true, "The answer value set changed.");
        for (const char* key : {"enableWhen", "enableBehavior"})
            if (field(a, key) != field(b, key))
                add("logicChanged", linkId, key, field(a, key), field(b, key), false,
                    "When the question is shown changed (" + std::string(key) + ").");
        if (field(a, "repeats") != field(b, "repeats"))
            add("constraintsChanged", linkId, "repeats", field(a, "repeats"), field(b, "repeats"), true,
                "Whether it takes several answers changed: EPR fields and saved responses no longer fit.");
        if (field(a, "maxLength") != field(b, "maxLength")) {
            const bool shorter = b.contains("maxLength") && b["maxLength"].is_number() &&
                                 (!a.contains("maxLength") || !a["maxLength"].is_number() ||
                                  b["maxLength"].get<double>() < a["maxLength"].get<double>());
            add("constraintsChanged", linkId, "maxLength", field(a, "maxLength"), field(b, "maxLength"), shorter,
                shorter ? "Maximum length reduced: earlier answers may not fit." : "Maximum length changed.");
        }
        for (const char* key : {"required", "readOnly", "initial"})
            if (field(a, key) != field(b, key))
                add("constraintsChanged", linkId, key, field(a, key), field(b, key), false,
                    std::string(key) + " changed.");
        extensions(linkId, a, b);
        others(linkId, a, b);
    }

    void extensions(const std::string& linkId, const json& a, const json& b)
    {
        const auto before = extensionsByUrl(a);
        const auto after = extensionsByUrl(b);
        std::set<std::string> urls;
        for (const auto& [url, _] : before)
            urls.insert(url);
        for (const auto& [url, _] : after)
            urls.insert(url);
        for (const auto& url : urls) {
            const auto old = before.find(url);
            const auto now = after.find(url);
            const json oldValue = old == before.end() ? json() : old->second;
            const json newValue = now == after.end() ? json() : now->second;
            if (oldValue == newValue)
                continue;
            const std::string name = shortName(url);
            if (logicExtensions().count(url))
                add("logicChanged", linkId, name, oldValue, newValue, false,
                    name == "calculatedExpression" ? "The calculation changed: new totals differ from earlier ones."
                                                   : "Logic changed (" + name + ").");
            else if (url == ext::kUnit)
                add("constraintsChanged", linkId, name, oldValue, newValue, true,
                    "Unit changed: earlier values mean something different.");
            else if (constraintExtensions().count(url))
                add("constraintsChanged", linkId, name, oldValue, newValue, false, name + " changed.");
            else
                add("otherChanged", linkId, name, oldValue, newValue, false, "Extension " + name + " changed.");
        }
    }

    void others(const std::string& linkId, const json& a, const json& b)
    {
        static const std::set<std::string> handled{
            "linkId", "type", "text", "prefix", "code", "answerOption", "answerValueSet", "enableWhen", "enableBehavior",
            "repeats", "maxLength", "required", "readOnly", "initial", "extension", "item"};
        std::set<std::string> keys;
        for (auto it = a.begin(); it != a.end(); ++it)
            keys.insert(it.key());
        for (auto it = b.begin(); it != b.end(); ++it)
            keys.insert(it.key());
        for (const auto& key : keys) {
            if (handled.count(key))
                continue;
            const json oldValue = a.contains(key) ? a[key] : json();
            const json newValue = b.contains(key) ? b[key] : json();
            if (oldValue != newValue)
                add("otherChanged", linkId, key, oldValue, newValue, false, key + " changed.");
        }
    }

    TemplateDiff& m_diff;
};

} // namespace

bool TemplateDiff::isIncompatible() const
{
    for (const auto& change : changes)
        if (change.incompatible)
            return true;
    return false;
}

bool TemplateDiff::hasAdditions() const
{
    for (const auto& change : changes)
        if (change.kind == "added" || change.kind == "logicChanged" ||
            (change.kind == "answerCodesChanged" && change.before.empty()) ||
            (change.kind == "codesChanged" && !change.incompatible) || change.kind == "constraintsChanged")
            return true;
    return false;
}

std::vector<const TemplateChange*> TemplateDiff::forLinkId(const std::string& linkId) const
{
    std::vector<const TemplateChange*> out;
    for (const auto& change : changes)
        if (change.linkId == linkId)
            out.push_back(&change);
    return out;
}

nlohmann::json TemplateDiff::toJson() const
{
    json list = json::array();
    for (const auto& change : changes)
        list.push_back(json{{"kind", change.kind},
                            {"linkId", change.linkId},
                            {"what", change.what},
                            {"before", change.before},
                            {"after", change.after},
                            {"incompatible", change.incompatible},
                            {"message", change.message}});
    return json{{"url", url},
                {"from", fromVersion},
                {"to", toVersion},
                {"incompatible", isIncompatible()},
                {"changes", list}};
}

std::string TemplateDiff::toText() const
{
    std::ostringstream out;
    out << url << " " << fromVersion << " -> " << toVersion << ": " << changes.size() << " change(s)"
        << (isIncompatible() ? ", incompatible (new major version needed)" : "") << "\n";
    for (const auto& change : changes)
        out << (change.incompatible ? "  ! " : "  - ") << change.kind << " "
            << (change.linkId.empty() ? "(form)" : change.linkId) << ": " << change.message << "\n";
    return out.str();
}

TemplateDiff diffTemplates(const nlohmann::json& from, const nlohmann::json& to)
{
    TemplateDiff diff;
    diff.url = to.value("url", from.value("url", std::string()));
    diff.fromVersion = from.value("version", std::string());
    diff.toVersion = to.value("version", std::string());
    Flat before;
    Flat after;
    std::vector<std::string> path;
    if (from.contains("item"))
        flatten(from["item"], path, before);
    if (to.contains("item"))
        flatten(to["item"], path, after);
    Differ differ(diff);
    differ.header(from, to);
    differ.items(before, after);
    return diff;
}

} // namespace avocet::core::forms

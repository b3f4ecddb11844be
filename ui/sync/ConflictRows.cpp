#include "ui/sync/ConflictRows.h"

#include <QStringList>

#include <functional>
#include <map>
#include <optional>
#include <algorithm>

#include <nlohmann/json.hpp>

namespace avocet::ui::sync {

using nlohmann::json;

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

json parse(const QByteArray& text)
{
    if (text.isEmpty())
        return nullptr;
    json value = json::parse(text.toStdString(), nullptr, false);
    return value.is_discarded() ? json(nullptr) : value;
}

QString scalarText(const json& value)
{
    if (value.is_string())
        return q(value.get<std::string>());
    if (value.is_boolean())
        return value.get<bool>() ? QStringLiteral("yes") : QStringLiteral("no");
    if (value.is_number())
        return q(value.dump());
    if (value.is_object() && value.contains("display"))
        return q(value.value("display", ""));
    if (value.is_object() && value.contains("code"))
        return q(value.value("code", ""));
    if (value.is_object() && value.contains("value") && value.contains("unit"))
        return q(value["value"].dump() + " " + value.value("unit", ""));
    if (value.is_object() && value.contains("reference"))
        return q(value.value("reference", ""));
    return q(value.dump());
}

QString answerText(const json& item)
{
    QStringList parts;
    for (const auto& answer : item.value("answer", json::array())) {
        for (auto it = answer.begin(); it != answer.end(); ++it) {
            if (it.key().rfind("value", 0) == 0)
                parts << scalarText(it.value());
        }
    }
    return parts.join(QStringLiteral(", "));
}

struct ItemView
{
    QString question;
    QString answer;
    json item;
};

// Every item with an answer (or none), by linkId, in document order.
void collectItems(const json& items, std::vector<std::string>& order, std::map<std::string, ItemView>& out)
{
    if (!items.is_array())
        return;
    for (const auto& item : items) {
        const std::string linkId = item.value("linkId", "");
        if (!linkId.empty() && !out.count(linkId)) {
            order.push_back(linkId);
            out[linkId] = {q(item.value("text", "")), answerText(item), item};
        }
        collectItems(item.value("item", json::array()), order, out);
        for (const auto& answer : item.value("answer", json::array()))
            collectItems(answer.value("item", json::array()), order, out);
    }
}

bool isBookkeeping(const std::string& key)
{
    return key == "meta" || key == "id" || key == "text" || key == "resourceType" || key == "item" ||
           key == "identifier"; // the client identifier: the same record on both sides by definition
}

QString valueText(const json& value)
{
    if (value.is_array()) {
        QStringList parts;
        for (const auto& element : value)
            parts << scalarText(element);
        return parts.join(QStringLiteral(", "));
    }
    return scalarText(value);
}

void addRow(QVector<ConflictRow>& rows, const QString& key, const QString& question, const std::optional<QString>& mine,
            const std::optional<QString>& theirs)
{
    const QString absent = QStringLiteral("—");
    ConflictRow row;
    row.key = key;
    row.question = question;
    row.mine = mine.value_or(absent);
    row.theirs = theirs.value_or(absent);
    row.mineMissing = !mine;
    row.theirsMissing = !theirs;
    row.differs = mine != theirs;
    rows.push_back(row);
}

// Replaces (or removes, when replacement is null) the answers of the item with linkId in items.
bool replaceItem(json& items, const std::string& linkId, const json& replacement)
{
    if (!items.is_array())
        return false;
    for (auto& item : items) {
        if (item.value("linkId", "") == linkId) {
            if (replacement.is_object() && replacement.contains("answer"))
                item["answer"] = replacement["answer"];
            else
                item.erase("answer");
            return true;
        }
        if (item.contains("item") && replaceItem(item["item"], linkId, replacement))
            return true;
        if (item.contains("answer"))
            for (auto& answer : item["answer"])
                if (answer.contains("item") && replaceItem(answer["item"], linkId, replacement))
                    return true;
    }
    return false;
}

// The server's items from the top level down to the one with linkId (inclusive), through groups
// (item.item) only; false when it is not there or sits under an answer.
bool groupChainTo(const json& items, const std::string& linkId, std::vector<const json*>& chain)
{
    if (!items.is_array())
        return false;
    for (const auto& item : items) {
        chain.push_back(&item);
        if (item.value("linkId", "") == linkId)
            return true;
        if (item.contains("item") && groupChainTo(item["item"], linkId, chain))
            return true;
        chain.pop_back();
    }
    return false;
}

// Adds the server's item, which the local version lacks, where the server has it: inside the same
// groups, adding a group the local version lacks (only its heading: its other items stay as they
// are here). An item the server keeps under an answer goes to the top level.
void addAsOnServer(json& merged, const json& theirItems, const std::string& linkId, const json& item)
{
    if (!merged.contains("item") || !merged["item"].is_array())
        merged["item"] = json::array();
    std::vector<const json*> chain;
    if (!groupChainTo(theirItems, linkId, chain)) {
        merged["item"].push_back(item);
        return;
    }
    json* container = &merged["item"];
    for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
        const std::string groupId = chain[i]->value("linkId", "");
        auto group = std::find_if(container->begin(), container->end(),
                                  [&](const json& candidate) { return candidate.value("linkId", "") == groupId; });
        if (group == container->end()) {
            json heading = *chain[i];
            heading.erase("answer");
            heading["item"] = json::array();
            container->push_back(std::move(heading));
            group = container->end() - 1;
        }
        if (!group->contains("item") || !(*group)["item"].is_array())
            (*group)["item"] = json::array();
        container = &(*group)["item"];
    }
    container->push_back(item);
}

} // namespace

QVector<ConflictRow> conflictRows(const QByteArray& mineJson, const QByteArray& theirsJson)
{
    const json mine = parse(mineJson);
    const json theirs = parse(theirsJson);
    QVector<ConflictRow> rows;
    const json& shape = mine.is_object() ? mine : theirs;
    if (!shape.is_object())
        return rows;

    // Top-level elements first (status, authored, subject…), then the items.
    std::vector<std::string> keys;
    for (const json* side : {&mine, &theirs}) {
        if (!side->is_object())
            continue;
        for (auto it = side->begin(); it != side->end(); ++it)
            if (!isBookkeeping(it.key()) && std::find(keys.begin(), keys.end(), it.key()) == keys.end())
                keys.push_back(it.key());
    }
    for (const auto& key : keys) {
        auto textOf = [&](const json& side) -> std::optional<QString> {
            if (!side.is_object() || !side.contains(key))
                return std::nullopt;
            return valueText(side[key]);
        };
        // Elements both sides agree on (subject, questionnaire, …) are not what the user decides.
        if (textOf(mine) != textOf(theirs))
            addRow(rows, q(key), {}, textOf(mine), textOf(theirs));
    }

    std::vector<std::string> order;
    std::map<std::string, ItemView> mineItems;
    std::map<std::string, ItemView> theirItems;
    if (mine.is_object())
        collectItems(mine.value("item", json::array()), order, mineItems);
    std::vector<std::string> theirOrder;
    if (theirs.is_object())
        collectItems(theirs.value("item", json::array()), theirOrder, theirItems);
    for (const auto& linkId : theirOrder)
        if (!mineItems.count(linkId))
            order.push_back(linkId);
    for (const auto& linkId : order) {
        const auto m = mineItems.find(linkId);
        const auto t = theirItems.find(linkId);
        const QString question = m != mineItems.end() && !m->second.question.isEmpty()
                                     ? m->second.question
                                     : (t != theirItems.end() ? t->second.question : QString());
        auto answerOf = [](const auto& found, const auto& end) -> std::optional<QString> {
            if (found == end || !found->second.item.contains("answer"))
                return std::nullopt;
            return found->second.answer;
        };
        // Groups without answers of their own are headings, not rows.
        if (!answerOf(m, mineItems.end()) && !answerOf(t, theirItems.end()) &&
            ((m != mineItems.end() && m->second.item.contains("item")) ||
             (t != theirItems.end() && t->second.item.contains("item"))))
            continue;
        addRow(rows, q(linkId), question, answerOf(m, mineItems.end()), answerOf(t, theirItems.end()));
    }
    return rows;
}

QByteArray mergeConflict(const QByteArray& mineJson, const QByteArray& theirsJson, const QVector<QString>& takeTheirs)
{
    json merged = parse(mineJson);
    const json theirs = parse(theirsJson);
    if (!merged.is_object() || !theirs.is_object())
        return {};
    std::vector<std::string> order;
    std::map<std::string, ItemView> theirItems;
    collectItems(theirs.value("item", json::array()), order, theirItems);
    for (const QString& key : takeTheirs) {
        const std::string k = key.toStdString();
        if (!isBookkeeping(k) && (theirs.contains(k) || merged.contains(k)) && !theirItems.count(k)) {
            if (theirs.contains(k))
                merged[k] = theirs[k];
            else
                merged.erase(k);
            continue;
        }
        const auto found = theirItems.find(k);
        const json replacement = found == theirItems.end() ? json(nullptr) : found->second.item;
        if (!merged.contains("item") || !replaceItem(merged["item"], k, replacement)) {
            if (replacement.is_object())
                addAsOnServer(merged, theirs.value("item", json::array()), k, replacement);
        }
    }
    return QByteArray::fromStdString(merged.dump());
}

} // namespace avocet::ui::sync

// The conflicts view's rows and its per-item merge (ui/sync/ConflictRows): which rows a
// conflict shows, and the merged version built from the rows ticked "Take theirs" — some items
// from this computer, some from the server. What becomes of a merge (stored as the local version,
// queued with If-Match of the server's version, sent) is in tests/unit/sync/MergedResolutionTest.cpp
// and, through the conflicts view, in ui.Sync (mergePerItemInTheViewStoresAndSendsTheMergedForm).
#include <QTest>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/sync/ConflictRows.h"

using avocet::ui::sync::ConflictRow;
using avocet::ui::sync::conflictRows;
using avocet::ui::sync::mergeConflict;
using nlohmann::json;

// nlohmann::json in QCOMPARE is ambiguous (it converts to every arithmetic type): compare the text.
#define QCOMPARE_JSON(actual, expected) \
    QCOMPARE(QString::fromStdString(json(actual).dump()), QString::fromStdString(json(expected).dump()))

namespace {

json question(const std::string& linkId, const json& value, const std::string& text = {})
{
    json item = {{"linkId", linkId}};
    if (!text.empty())
        item["text"] = text;
    if (!value.is_null())
        item["answer"] = json::array({value.is_number_integer() ? json{{"valueInteger", value}}
                                                                : json{{"valueString", value}}});
    return item;
}

json group(const std::string& linkId, const std::vector<json>& items)
{
    return {{"linkId", linkId}, {"text", "Group " + linkId}, {"item", items}};
}

json form(const std::vector<json>& items, const std::string& authored, const std::string& version)
{
    return {{"resourceType", "QuestionnaireResponse"},
            {"id", "f1"},
            {"meta", {{"versionId", version}}},
            {"identifier", {{"system", "urn:avocet:client-id"}, {"value", "c-1"}}},
            {"status", "completed"},
            {"questionnaire", "https://fhir.avocet.example/Questionnaire/phq-9|1.0"},
            {"subject", {{"reference", "Patient/pat-1"}}},
            {"authored", authored},
            {"item", items}};
}

QByteArray bytes(const json& value)
{
    return QByteArray::fromStdString(value.dump());
}

json merge(const json& mine, const json& theirs, const QVector<QString>& takeTheirs)
{
    const QByteArray merged = mergeConflict(bytes(mine), bytes(theirs), takeTheirs);
    return merged.isEmpty() ? json(nullptr) : json::parse(merged.toStdString());
}

// The item with linkId anywhere in a form (groups and answers), or null.
json find(const json& items, const std::string& linkId)
{
    if (!items.is_array())
        return nullptr;
    for (const auto& item : items) {
        if (item.value("linkId", "") == linkId)
            return item;
        json inside = find(item.value("item", json::array()), linkId);
        for (const auto& answer : item.value("answer", json::array()))
            if (inside.is_null())
                inside = find(answer.value("item", json::array()), linkId);
        if (!inside.is_null())
            return inside;
    }
    return nullptr;
}

// The first answer of linkId as JSON ({"valueInteger": 3}); null when the item is there without
// an answer; "absent" when the item is not there at all.
json answerOf(const json& resource, const std::string& linkId)
{
    const json item = find(resource.value("item", json::array()), linkId);
    if (item.is_null())
        return "absent";
    if (!item.contains("answer") || item["answer"].empty())
        return nullptr;
    return item["answer"][0];
}

json integer(int value)
{
    return {{"valueInteger", value}};
}

// PHQ-9 items 1, 2 and 9: mine changed item 2 and item 9 off-line, the server item 9 and the date.
json mineForm()
{
    return form({question("phq9-1", 1, "Little interest"), question("phq9-2", 3, "Feeling down"),
                 question("phq9-9", 1, "Better off dead")},
                "2026-11-24T10:15:00Z", "1");
}
json theirForm()
{
    return form({question("phq9-1", 1, "Little interest"), question("phq9-2", 2, "Feeling down"),
                 question("phq9-9", 2, "Better off dead")},
                "2026-11-24T11:00:00Z", "2");
}

const ConflictRow* rowFor(const QVector<ConflictRow>& rows, const QString& key)
{
    for (const auto& row : rows)
        if (row.key == key)
            return &row;
    return nullptr;
}

} // namespace

class ConflictRowsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsShowEachItemWithBothAnswersAndMarkTheDifferences()
    {
        const auto rows = conflictRows(bytes(mineForm()), bytes(theirForm()));
        QStringList keys;
        for (const auto& row : rows)
            keys << row.key;
        // Differing top-level elements first, then every item; what both sides agree on (status,
        // subject) and bookkeeping (id, meta, identifier) are not rows.
        QCOMPARE(keys, (QStringList{QStringLiteral("authored"), QStringLiteral("phq9-1"), QStringLiteral("phq9-2"),
                                    QStringLiteral("phq9-9")}));
        const ConflictRow* item2 = rowFor(rows, QStringLiteral("phq9-2"));
        QCOMPARE(item2->question, QStringLiteral("Feeling down"));
        QCOMPARE(item2->mine, QStringLiteral("3"));
        QCOMPARE(item2->theirs, QStringLiteral("2"));
        QVERIFY(item2->differs);
        QVERIFY(!rowFor(rows, QStringLiteral("phq9-1"))->differs);
        QVERIFY(rowFor(rows, QStringLiteral("authored"))->differs);
    }

    void rowsOfAnItemOneSideLacksAndGroupsAsHeadings()
    {
        const json mine = form({group("mood", {question("phq9-1", 1)}), question("note", nullptr)}, "A", "1");
        const json theirs =
            form({group("mood", {question("phq9-1", 1), question("phq9-2", 2)}), question("note", "seen")}, "A", "2");
        const auto rows = conflictRows(bytes(mine), bytes(theirs));
        QVERIFY(rowFor(rows, QStringLiteral("mood")) == nullptr); // a group without answers is a heading
        const ConflictRow* added = rowFor(rows, QStringLiteral("phq9-2"));
        QVERIFY(added != nullptr);
        QVERIFY(added->mineMissing && !added->theirsMissing && added->differs);
        QCOMPARE(added->mine, QStringLiteral("—"));
        const ConflictRow* note = rowFor(rows, QStringLiteral("note"));
        QVERIFY(note->mineMissing && note->differs);
        QCOMPARE(note->theirs, QStringLiteral("seen"));
    }

    void mergeTakesTheTickedItemsFromTheServerAndTheRestFromMine()
    {
        const json mine = mineForm();
        const json theirs = theirForm();
        const json merged = merge(mine, theirs, {QStringLiteral("phq9-9")});
        QCOMPARE_JSON(answerOf(merged, "phq9-9"), integer(2)); // theirs
        QCOMPARE_JSON(answerOf(merged, "phq9-2"), integer(3)); // mine
        QCOMPARE_JSON(answerOf(merged, "phq9-1"), integer(1)); // the same on both
        QCOMPARE(merged.value("authored", ""), mine.value("authored", "")); // not ticked: mine
        // Everything else is mine, in mine's order, question texts kept.
        QCOMPARE(merged["item"].size(), std::size_t(3));
        QCOMPARE(merged["item"][2].value("linkId", ""), std::string("phq9-9"));
        QCOMPARE(merged["item"][2].value("text", ""), std::string("Better off dead"));
        for (const char* key : {"id", "meta", "identifier", "status", "subject", "questionnaire"})
            QCOMPARE_JSON(merged[key], mine[key]);

        // An element as a row: the server's date as well.
        const json withDate = merge(mine, theirs, {QStringLiteral("phq9-9"), QStringLiteral("authored")});
        QCOMPARE(withDate.value("authored", ""), theirs.value("authored", ""));
        QCOMPARE_JSON(answerOf(withDate, "phq9-2"), integer(3));
    }

    void mergeWithNothingTickedIsMineAndWithEveryDifferingRowIsTheirs()
    {
        const json mine = mineForm();
        const json theirs = theirForm();
        QCOMPARE_JSON(merge(mine, theirs, {}), mine);
        QVector<QString> every;
        for (const auto& row : conflictRows(bytes(mine), bytes(theirs)))
            if (row.differs)
                every << row.key;
        const json merged = merge(mine, theirs, every);
        for (const auto& row : conflictRows(bytes(merged), bytes(theirs)))
            QVERIFY2(!row.differs, qPrintable(row.key));
        QCOMPARE_JSON(merged["item"], theirs["item"]);
    }

    void mergeReachesItemsInsideGroupsAndAnswers()
    {
        auto withDetail = [](const std::string& detail) {
            json parent = question("self-harm", "yes");
            parent["answer"][0]["item"] = json::array({question("self-harm-detail", detail)});
            return parent;
        };
        const json mine = form({group("mood", {question("phq9-1", 1), question("phq9-2", 3)}), withDetail("mine")},
                               "A", "1");
        const json theirs = form({group("mood", {question("phq9-1", 0), question("phq9-2", 2)}), withDetail("theirs")},
                                 "A", "2");
        const json merged = merge(mine, theirs, {QStringLiteral("phq9-1"), QStringLiteral("self-harm-detail")});
        QCOMPARE_JSON(answerOf(merged, "phq9-1"), integer(0));
        QCOMPARE_JSON(answerOf(merged, "phq9-2"), integer(3));
        QCOMPARE_JSON(answerOf(merged, "self-harm-detail"), (json{{"valueString", "theirs"}}));
        // In place: the same shape as both versions, nothing added at the top level.
        QCOMPARE(merged["item"].size(), std::size_t(2));
        QCOMPARE(merged["item"][0]["item"].size(), std::size_t(2));
        QCOMPARE(merged["item"][0]["item"][0].value("linkId", ""), std::string("phq9-1"));
    }

    void mergeOfAnItemOnlyOneSideAnswered()
    {
        // Mine answered item 3, the server did not; the server answered item 4, absent here.
        const json mine = form({question("q1", 1), question("q3", 3)}, "A", "1");
        const json theirs = form({question("q1", 1), question("q3", nullptr), question("q4", 4)}, "A", "2");
        const json merged = merge(mine, theirs, {QStringLiteral("q3"), QStringLiteral("q4")});
        QVERIFY(answerOf(merged, "q3").is_null()); // the server's "no answer" taken: the item stays, unanswered
        QCOMPARE_JSON(answerOf(merged, "q4"), integer(4));
        QCOMPARE(merged["item"].size(), std::size_t(3));
        // Not ticked: the server's extra item stays out, mine's answer stays.
        const json untouched = merge(mine, theirs, {});
        QCOMPARE_JSON(answerOf(untouched, "q4"), json("absent"));
        QCOMPARE_JSON(answerOf(untouched, "q3"), integer(3));
    }

    // An item only the server has goes inside the group the server keeps it in (adding the group's
    // heading when this computer has no such group), not at the top level.
    void mergeOfAnItemOnlyTheServerHasKeepsItsGroup()
    {
        const json mine = form({group("mood", {question("phq9-1", 1)})}, "A", "1");
        const json theirs =
            form({group("mood", {question("phq9-1", 1), question("phq9-2", 2)}),
                  group("risk", {group("risk-now", {question("phq9-9", 1), question("plan", "none")})})},
                 "A", "2");
        const json merged = merge(mine, theirs, {QStringLiteral("phq9-2"), QStringLiteral("phq9-9")});
        QCOMPARE(merged["item"].size(), std::size_t(2)); // mood, risk
        const json& mood = merged["item"][0];
        QCOMPARE(mood["item"].size(), std::size_t(2));
        QCOMPARE(mood["item"][1].value("linkId", ""), std::string("phq9-2"));
        const json& risk = merged["item"][1];
        QCOMPARE(risk.value("linkId", ""), std::string("risk"));
        QCOMPARE(risk.value("text", ""), std::string("Group risk"));
        QCOMPARE(risk["item"].size(), std::size_t(1));
        QCOMPARE(risk["item"][0].value("linkId", ""), std::string("risk-now"));
        // Only the ticked item came with the groups: "plan" was not ticked.
        QCOMPARE(risk["item"][0]["item"].size(), std::size_t(1));
        QCOMPARE_JSON(answerOf(merged, "phq9-9"), integer(1));
        QCOMPARE_JSON(answerOf(merged, "plan"), json("absent"));
    }

    void mergeOfTopLevelElements()
    {
        json mine = mineForm();
        mine["language"] = "en-GB";
        json theirs = theirForm();
        theirs["status"] = "amended";
        const json merged = merge(mine, theirs,
                                  {QStringLiteral("status"), QStringLiteral("language"), QStringLiteral("id"),
                                   QStringLiteral("meta"), QStringLiteral("identifier"), QStringLiteral("resourceType")});
        QCOMPARE(merged.value("status", ""), std::string("amended"));
        QVERIFY(!merged.contains("language")); // the server has none: taking theirs removes it
        // Bookkeeping is never taken from the server, whatever the list says.
        QCOMPARE_JSON(merged["id"], mine["id"]);
        QCOMPARE_JSON(merged["meta"], mine["meta"]);
        QCOMPARE_JSON(merged["identifier"], mine["identifier"]);
        QCOMPARE_JSON(merged["item"], mine["item"]);
    }

    void mergeOfAVersionThatCannotBeReadIsEmpty()
    {
        QVERIFY(mergeConflict(QByteArrayLiteral("{not json"), bytes(theirForm()), {}).isEmpty());
        QVERIFY(mergeConflict(bytes(mineForm()), QByteArray(), {QStringLiteral("phq9-9")}).isEmpty()); // deleted there
        QVERIFY(mergeConflict(bytes(mineForm()), QByteArrayLiteral("[1, 2]"), {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ConflictRowsTest)
#include "ConflictRowsTest.moc"

#pragma once
// The rows a conflict is compared by: for a QuestionnaireResponse one row per item (linkId, the
// question text when the response carries it, my answer, theirs); for any other resource one row
// per top-level element. Also builds the merged version from a per-row choice.
#include <QByteArray>
#include <QString>
#include <QVector>

namespace avocet::ui::sync {

struct ConflictRow
{
    QString key;      // linkId, or the element name ("status", "name")
    QString question; // the item's text, empty when the response does not carry it
    QString mine;     // display text; "—" when absent
    QString theirs;
    bool differs = false;
    bool mineMissing = false;
    bool theirsMissing = false;
};

QVector<ConflictRow> conflictRows(const QByteArray& mineJson, const QByteArray& theirsJson);

// Mine, with every row whose key is in takeTheirs replaced by the server's value (an item only the
// server has is added inside the same groups as there). Returns an empty array when either version
// cannot be read.
QByteArray mergeConflict(const QByteArray& mineJson, const QByteArray& theirsJson, const QVector<QString>& takeTheirs);

} // namespace avocet::ui::sync

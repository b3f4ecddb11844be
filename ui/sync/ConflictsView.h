#pragma once
// The conflicts view: every record changed both here and on the server, one at a time, with both
// versions side by side — for a form item by item (linkId, question, mine, theirs; the rows that
// differ highlighted). Keep mine, Keep theirs, or Merge (tick the rows to take from the server).
// The choice is stored in the cache by SyncController and syncs on the next run.
#include <QWidget>

#include "ui/sync/SyncState.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace avocet::ui::sync {

class SyncController;

class ConflictsView : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictsView(SyncController& controller, QWidget* parent = nullptr);

    void setConflicts(const QVector<SyncConflictItem>& conflicts);
    void clear();

    // Test seams.
    QListWidget* conflictList() const { return m_list; }
    QTableWidget* comparison() const { return m_table; }
    QPushButton* keepMineButton() const { return m_keepMine; }
    QPushButton* keepTheirsButton() const { return m_keepTheirs; }
    QPushButton* mergeButton() const { return m_merge; }
    QString message() const;

Q_SIGNALS:
    void resolved(qint64 conflictId);

private:
    void showConflict(int row);
    void resolve(int choice);
    const SyncConflictItem* current() const;

    SyncController& m_controller;
    QVector<SyncConflictItem> m_conflicts;
    QListWidget* m_list = nullptr;
    QLabel* m_heading = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_keepMine = nullptr;
    QPushButton* m_keepTheirs = nullptr;
    QPushButton* m_merge = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace avocet::ui::sync

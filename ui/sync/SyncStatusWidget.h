#pragma once
// The status bar's sync area: always says where the user stands — "Off-line", "Syncing 3 of
// 12…", "Up to date at 14:32" — with the changes waiting, the changes the server refused (click:
// the list with the reasons) and the conflicts (click: the conflicts view).
#include <QWidget>

#include "ui/sync/SyncState.h"

class QLabel;
class QToolButton;

namespace avocet::ui::sync {

class SyncStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SyncStatusWidget(QWidget* parent = nullptr);

    void setState(const SyncState& state);

    // Test seams and what the status area says now.
    QString phaseLabelText() const;
    QString phaseToolTip() const;
    QString pendingText() const;
    QToolButton* failuresButton() const { return m_failures; }
    QToolButton* conflictsButton() const { return m_conflicts; }
    QString summary() const; // every visible part, joined with " · "

Q_SIGNALS:
    void failuresRequested();
    void conflictsRequested();
    void syncRequested();

private:
    QLabel* m_dot = nullptr;
    QLabel* m_phase = nullptr;
    QLabel* m_pending = nullptr;
    QToolButton* m_failures = nullptr;
    QToolButton* m_conflicts = nullptr;
};

} // namespace avocet::ui::sync

#pragma once
// Desktop notifications for new alerts (QSystemTrayIcon::showMessage where a tray exists). Each
// alert is announced once per session. The text names no patient: notifications can show on a
// locked screen or over another application.
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include "ui/ClinicalRecords.h"

class QSystemTrayIcon;

namespace avocet::ui {

class AlertNotifier : public QObject
{
    Q_OBJECT
public:
    explicit AlertNotifier(QObject* parent = nullptr);

    // Announces the unacknowledged high-severity alerts not announced before.
    void announce(const QVector<CaseloadEntry>& caseload);
    // Forget what was announced (user switch).
    void reset();

    // What was shown (or would have been, without a tray): for tests and the status bar.
    const QStringList& shown() const { return m_shown; }

Q_SIGNALS:
    void announced(const QString& message);

private:
    QSystemTrayIcon* m_tray = nullptr;
    QSet<QString> m_seen;
    QStringList m_shown;
};

} // namespace avocet::ui

#include "ui/AlertNotifier.h"

#include <QIcon>
#include <QSystemTrayIcon>

namespace avocet::ui {

AlertNotifier::AlertNotifier(QObject* parent) : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/avocet.svg")), this);
        m_tray->setToolTip(tr("Avocet"));
        m_tray->show();
    }
}

void AlertNotifier::announce(const QVector<CaseloadEntry>& caseload)
{
    QStringList fresh;
    for (const auto& entry : caseload) {
        for (const auto& alert : entry.record.alerts) {
            if (alert.acknowledged || alert.severity != AlertItem::Severity::High || m_seen.contains(alert.key))
                continue;
            m_seen.insert(alert.key);
            fresh << alert.title;
        }
    }
    if (fresh.isEmpty())
        return;
    const QString message = fresh.size() == 1
                                ? tr("New high alert on your caseload: %1").arg(fresh.first())
                                : tr("%1 new high alerts on your caseload, including: %2").arg(fresh.size()).arg(fresh.first());
    m_shown << message;
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(tr("Avocet alert"), message, QSystemTrayIcon::Warning, 10'000);
    Q_EMIT announced(message);
}

void AlertNotifier::reset()
{
    m_seen.clear();
}

} // namespace avocet::ui

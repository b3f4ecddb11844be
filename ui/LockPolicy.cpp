#include "ui/LockPolicy.h"

#include <QSettings>

namespace avocet::ui {

int idleLockMinutesFromPolicy()
{
    const QSettings policy(QSettings::IniFormat, QSettings::SystemScope, QStringLiteral("NHS"),
                           QStringLiteral("Avocet"));
    bool ok = false;
    const int minutes = policy.value(QStringLiteral("policy/idleLockMinutes")).toInt(&ok);
    if (!ok || minutes < 1 || minutes > kMaxIdleLockMinutes)
        return kDefaultIdleLockMinutes;
    return minutes;
}

} // namespace avocet::ui

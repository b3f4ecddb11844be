#include "ui/DevicePolicy.h"

#include <QSettings>

#include "ui/UiLog.h"

namespace avocet::ui {

DevicePolicy devicePolicyFrom(const QSettings& settings)
{
    DevicePolicy policy;
    const QString deviceClass = settings.value(QStringLiteral("policy/deviceClass")).toString().trimmed();
    if (deviceClass == QLatin1String("managed-laptop"))
        policy.deviceClass = DeviceClass::ManagedLaptop;
    else if (!deviceClass.isEmpty() && deviceClass != QLatin1String("touchdown"))
        qCWarning(lcSession) << "policy/deviceClass in" << settings.fileName() << "is" << deviceClass
                             << "- not touchdown or managed-laptop; treated as touchdown";
    const QVariant removal = settings.value(QStringLiteral("policy/smartcardRemovalLocks"));
    if (removal.isValid()) {
        const QString text = removal.toString().trimmed().toLower();
        if (text == QLatin1String("true") || text == QLatin1String("1"))
            policy.smartcardRemovalLocks = true;
        else if (text != QLatin1String("false") && text != QLatin1String("0"))
            qCWarning(lcSession) << "policy/smartcardRemovalLocks in" << settings.fileName() << "is" << text
                                 << "- not true or false; left off";
    }
    return policy;
}

DevicePolicy devicePolicyFromSystem()
{
    const QSettings policy(QSettings::IniFormat, QSettings::SystemScope, QStringLiteral("NHS"),
                           QStringLiteral("Avocet"));
    return devicePolicyFrom(policy);
}

} // namespace avocet::ui

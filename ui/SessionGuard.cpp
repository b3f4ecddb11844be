#include "ui/SessionGuard.h"

#ifdef AVOCET_HAVE_DBUS
#include <QDBusConnection>
#endif
#include <QTimer>

#include <cstdlib>

#include "ui/SessionClock.h"
#include "ui/UiLog.h"

namespace avocet::ui {

#ifdef AVOCET_HAVE_DBUS
namespace {

const QString kLogind = QStringLiteral("org.freedesktop.login1");

} // namespace
#endif

QString logindSessionPath(const QString& sessionId)
{
    // sd_bus_path_encode: [A-Za-z0-9] kept except a leading digit; everything else as _xx.
    QString encoded;
    for (qsizetype i = 0; i < sessionId.size(); ++i) {
        const QChar c = sessionId.at(i);
        const bool plain = c.isLetterOrNumber() && c.unicode() < 128 && !(i == 0 && c.isDigit());
        if (plain)
            encoded += c;
        else
            encoded += QLatin1Char('_') + QString::number(c.unicode(), 16).rightJustified(2, QLatin1Char('0'));
    }
    return QStringLiteral("/org/freedesktop/login1/session/") + encoded;
}

SessionGuard::SessionGuard(const SessionClock& clock, QObject* parent) : QObject(parent), m_clock(clock)
{
    m_timer = new QTimer(this);
    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &SessionGuard::tick);
}

SessionGuard::~SessionGuard() = default;

int SessionGuard::connectToDesktop()
{
    int connected = 0;
#ifdef AVOCET_HAVE_DBUS
    QDBusConnection session = QDBusConnection::sessionBus();
    if (session.isConnected()) {
        for (const auto& [service, path] :
             {std::pair{QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("/ScreenSaver")},
              std::pair{QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("/org/freedesktop/ScreenSaver")},
              std::pair{QStringLiteral("org.gnome.ScreenSaver"), QStringLiteral("/org/gnome/ScreenSaver")}}) {
            connected += session.connect(QString(), path, service, QStringLiteral("ActiveChanged"), this,
                                         SLOT(onScreenSaverActiveChanged(bool)))
                             ? 1
                             : 0;
        }
    }
    QDBusConnection system = QDBusConnection::systemBus();
    if (system.isConnected()) {
        connected += system.connect(kLogind, QStringLiteral("/org/freedesktop/login1"),
                                    QStringLiteral("org.freedesktop.login1.Manager"),
                                    QStringLiteral("PrepareForSleep"), this, SLOT(onPrepareForSleep(bool)))
                         ? 1
                         : 0;
        // Our own logind session when we know it; otherwise any session's Lock (loginctl
        // lock-sessions locks them all anyway), never another session's Active property.
        const QString id = qEnvironmentVariable("XDG_SESSION_ID");
        const QString path = id.isEmpty() ? QString() : logindSessionPath(id);
        connected += system.connect(kLogind, path, QStringLiteral("org.freedesktop.login1.Session"),
                                    QStringLiteral("Lock"), this, SLOT(onSessionLock()))
                         ? 1
                         : 0;
        if (!path.isEmpty())
            connected += system.connect(kLogind, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                        QStringLiteral("PropertiesChanged"), this,
                                        SLOT(onSessionPropertiesChanged(QString, QVariantMap, QStringList)))
                             ? 1
                             : 0;
    }
#endif
    qCInfo(lcSession) << "desktop lock signals subscribed:" << connected;
    return connected;
}

void SessionGuard::arm()
{
    m_armed = true;
    restartBaseline();
    m_timer->start();
}

void SessionGuard::disarm()
{
    m_armed = false;
    m_timer->stop();
}

void SessionGuard::restartBaseline()
{
    m_lastWallMs = m_clock.nowUtc().toMSecsSinceEpoch();
    m_lastMonotonicMs = m_clock.monotonicMs();
}

void SessionGuard::tick()
{
    if (!m_armed)
        return;
    const qint64 wall = m_clock.nowUtc().toMSecsSinceEpoch();
    const qint64 monotonic = m_clock.monotonicMs();
    const qint64 drift = (wall - m_lastWallMs) - (monotonic - m_lastMonotonicMs);
    m_lastWallMs = wall;
    m_lastMonotonicMs = monotonic;
    if (std::llabs(drift) > kJumpToleranceMs) {
        qCInfo(lcSession) << "wall clock jumped by" << drift / 1000 << "s relative to the monotonic clock";
        request(Reason::ClockJumped);
    }
}

void SessionGuard::onScreenSaverActiveChanged(bool active)
{
    if (active)
        request(Reason::ScreenLocked);
}

void SessionGuard::onPrepareForSleep(bool sleeping)
{
    if (sleeping)
        request(Reason::Suspending);
}

void SessionGuard::onSessionLock()
{
    request(Reason::ScreenLocked);
}

void SessionGuard::onSessionPropertiesChanged(const QString& interfaceName, const QVariantMap& changed,
                                              const QStringList&)
{
    if (interfaceName != QStringLiteral("org.freedesktop.login1.Session"))
        return;
    const auto active = changed.constFind(QStringLiteral("Active"));
    if (active != changed.constEnd() && !active->toBool())
        request(Reason::UserSwitched);
}

void SessionGuard::request(Reason reason)
{
    if (!m_armed)
        return;
    qCInfo(lcSession) << "desktop asked to lock:" << reason;
    Q_EMIT lockRequested(reason);
}

} // namespace avocet::ui

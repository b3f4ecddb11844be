#pragma once
// Locks the session when the computer says the user has gone (SECURITY-RELIABILITY.md 9):
//  - the desktop's screen locker starts (org.freedesktop.ScreenSaver / org.gnome.ScreenSaver
//    ActiveChanged on the session bus),
//  - logind asks this session to lock (org.freedesktop.login1.Session Lock), the seat switches
//    to another user (the session's Active property goes false), or the machine is about to
//    sleep (org.freedesktop.login1.Manager PrepareForSleep),
//  - the wall clock jumped relative to the monotonic clock between two ticks (a resume from
//    suspend that no D-Bus signal reported, or someone changed the clock while it sat idle).
// Without D-Bus (Windows, macOS, a minimal desktop) the clock check still works; the rest
// degrades silently.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

class QTimer;

namespace avocet::ui {

class SessionClock;

class SessionGuard : public QObject
{
    Q_OBJECT
public:
    enum class Reason { ScreenLocked, Suspending, UserSwitched, ClockJumped };
    Q_ENUM(Reason)

    static constexpr int kTickMs = 5000;
    // More drift than this between wall and monotonic time in one tick is a jump, not NTP slewing.
    static constexpr qint64 kJumpToleranceMs = 60'000;

    explicit SessionGuard(const SessionClock& clock, QObject* parent = nullptr);
    ~SessionGuard() override;

    // Subscribes to the D-Bus signals above where a bus is reachable. Returns how many it could.
    int connectToDesktop();
    // The tick runs only while armed (while a session is unlocked).
    void arm();
    void disarm();
    bool isArmed() const { return m_armed; }

    // One clock check; the timer calls this every kTickMs, tests call it directly.
    void tick();

public Q_SLOTS:
    // The D-Bus handlers; tests call them to simulate the signals.
    void onScreenSaverActiveChanged(bool active);
    void onPrepareForSleep(bool sleeping);
    void onSessionLock();
    void onSessionPropertiesChanged(const QString& interfaceName, const QVariantMap& changed,
                                    const QStringList& invalidated);

Q_SIGNALS:
    void lockRequested(avocet::ui::SessionGuard::Reason reason);

private:
    void request(Reason reason);
    void restartBaseline();

    const SessionClock& m_clock;
    QTimer* m_timer = nullptr;
    bool m_armed = false;
    qint64 m_lastWallMs = 0;
    qint64 m_lastMonotonicMs = 0;
};

// logind's object path for a session id ("3" → /org/freedesktop/login1/session/_33).
QString logindSessionPath(const QString& sessionId);

} // namespace avocet::ui

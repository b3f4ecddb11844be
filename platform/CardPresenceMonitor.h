#pragma once
// Whether the user's smartcard is in its reader, for "lock when the card is taken out" (a trust
// setting, policy/smartcardRemovalLocks, default off: ui/DevicePolicy). The real one watches PC/SC
// readers (PcscCardMonitor, where libpcsclite is available); tests drive their own through the same
// signals, with no hardware.
#include <QObject>

namespace avocet::platform {

class CardPresenceMonitor : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Unknown,     // not started, or no reader service on this computer
        NoReader,    // the reader service runs but no reader is attached
        CardAbsent,  // a reader, no card
        CardPresent, // a card in a reader
    };
    using QObject::QObject;

    // Starts or stops watching; signals come on the thread that owns the monitor.
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual State state() const = 0;

Q_SIGNALS:
    void cardInserted();
    // A card that was in a reader left it (not emitted for a card that was never seen).
    void cardRemoved();
    // The reader service is not there or failed; detail for the log.
    void unavailable(const QString& detail);
};

} // namespace avocet::platform

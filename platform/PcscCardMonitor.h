#pragma once
// CardPresenceMonitor over PC/SC (pcsc-lite on Linux, WinSCard on Windows, CryptoTokenKit's PC/SC on
// macOS): a thread of its own blocks in SCardGetStatusChange on every reader (and on the
// "\\?PnP?\Notification" pseudo-reader, so readers plugged in later are seen) and reports a card
// leaving or arriving through queued signals. stop() cancels the wait (SCardCancel) and joins.
#include "platform/CardPresenceMonitor.h"

#include <atomic>
#include <memory>
#include <thread>

namespace avocet::platform {

class PcscCardMonitor : public CardPresenceMonitor
{
    Q_OBJECT
public:
    explicit PcscCardMonitor(QObject* parent = nullptr);
    ~PcscCardMonitor() override;

    void start() override;
    void stop() override;
    State state() const override { return m_state.load(); }

private:
    void watch();
    void report(State next);

    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::atomic<State> m_state{State::Unknown};
    std::atomic<long> m_context{0}; // SCARDCONTEXT while watching, for SCardCancel from stop()
};

} // namespace avocet::platform

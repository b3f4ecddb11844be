#pragma once
// A deadline on a whole HTTP exchange, not on each read. Poco's receive timeout restarts with
// every byte, so a peer or network that trickles an answer (a few bytes now and then) would
// otherwise hold the caller for ever. While armed, a watchdog thread waits for the deadline and,
// if it passes, shuts the connection's descriptor down with shutdown(2) — not close(), and below
// TLS, since SSL_shutdown is not safe beside an SSL_read on another thread — which wakes the
// blocked read with an error. Used by the sync transport (core/sync/PocoHttpTransport.cpp) and
// avocet-hub's EPR delivery worker (server/DeliveryWorker.cpp).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace avocet::core::sync {

class ExchangeWatchdog
{
public:
    using Descriptor = int; // a POSIX socket descriptor (Poco's poco_socket_t on Linux and macOS)

    ExchangeWatchdog();
    ~ExchangeWatchdog();
    ExchangeWatchdog(const ExchangeWatchdog&) = delete;
    ExchangeWatchdog& operator=(const ExchangeWatchdog&) = delete;

    void arm(Descriptor descriptor, std::chrono::steady_clock::time_point deadline);
    // Returns true when the deadline passed and the connection was shut down. The caller disarms
    // before it closes or reuses the descriptor.
    bool disarm();

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_quit = false;
    bool m_armed = false;
    bool m_fired = false;
    Descriptor m_descriptor = -1;
    std::chrono::steady_clock::time_point m_deadline;
    std::thread m_thread;
};

// Arms a watchdog for one exchange and disarms it on every way out of the scope.
class ExchangeDeadline
{
public:
    ExchangeDeadline(ExchangeWatchdog& watchdog, ExchangeWatchdog::Descriptor descriptor,
                     std::chrono::milliseconds limit);
    ~ExchangeDeadline();
    ExchangeDeadline(const ExchangeDeadline&) = delete;
    ExchangeDeadline& operator=(const ExchangeDeadline&) = delete;

    // Ends the watch; true when the deadline had passed (the connection is unusable).
    bool disarm();

private:
    ExchangeWatchdog& m_watchdog;
    bool m_armed = true;
    bool m_fired = false;
};

} // namespace avocet::core::sync

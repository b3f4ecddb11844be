#include "core/sync/ExchangeDeadline.h"

#include <sys/socket.h>

namespace avocet::core::sync {

ExchangeWatchdog::ExchangeWatchdog() : m_thread([this] { run(); }) {}

ExchangeWatchdog::~ExchangeWatchdog()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void ExchangeWatchdog::arm(Descriptor descriptor, std::chrono::steady_clock::time_point deadline)
{
    {
        std::lock_guard lock(m_mutex);
        m_descriptor = descriptor;
        m_deadline = deadline;
        m_armed = true;
        m_fired = false;
    }
    m_wake.notify_all();
}

bool ExchangeWatchdog::disarm()
{
    std::lock_guard lock(m_mutex);
    m_armed = false;
    return m_fired;
}

void ExchangeWatchdog::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        if (!m_armed) {
            m_wake.wait(lock);
            continue;
        }
        if (std::chrono::steady_clock::now() < m_deadline) {
            m_wake.wait_until(lock, m_deadline);
            continue;
        }
        ::shutdown(m_descriptor, SHUT_RDWR);
        m_fired = true;
        m_armed = false;
    }
}

ExchangeDeadline::ExchangeDeadline(ExchangeWatchdog& watchdog, ExchangeWatchdog::Descriptor descriptor,
                                   std::chrono::milliseconds limit)
    : m_watchdog(watchdog)
{
    m_watchdog.arm(descriptor, std::chrono::steady_clock::now() + limit);
}

ExchangeDeadline::~ExchangeDeadline()
{
    disarm();
}

bool ExchangeDeadline::disarm()
{
    if (m_armed) {
        m_armed = false;
        m_fired = m_watchdog.disarm();
    }
    return m_fired;
}

} // namespace avocet::core::sync

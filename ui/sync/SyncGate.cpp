#include "ui/sync/SyncGate.h"

#include <thread>

#include "core/store/Database.h"

namespace avocet::ui::sync {

using core::ErrorCode;
using core::sync::HttpRequest;
using core::sync::HttpResponse;
using core::sync::Millis;

void SyncGate::attach(std::unique_lock<std::mutex>* held, core::store::Database* db)
{
    m_held = held;
    m_db = db;
    m_owner.store(held != nullptr ? std::this_thread::get_id() : std::thread::id());
}

void SyncGate::abort()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_aborted.store(true);
    }
    m_wake.notify_all();
}

bool SyncGate::release()
{
    // Inside a transaction the connection is not ours to lend: keep it (the engine never waits on
    // the network there, so this is only a guard).
    // A helper thread (not the one that took the lock) never lets go of it: unlocking a mutex from
    // another thread is undefined, and the owner may be inside a transaction at that moment.
    if (m_owner.load() != std::this_thread::get_id())
        return false;
    if (m_held == nullptr || !m_held->owns_lock() || (m_db != nullptr && m_db->inTransaction()))
        return false;
    m_held->unlock();
    return true;
}

void SyncGate::reacquire(bool released)
{
    if (released)
        m_held->lock();
}

template <typename Ready>
bool SyncGate::waitReleased(Ready ready, Millis limit)
{
    const bool released = release();
    bool finished = false;
    {
        std::unique_lock lock(m_wakeMutex);
        finished = m_wake.wait_for(lock, limit, [&] { return m_aborted.load() || ready(); });
        finished = finished && !m_aborted.load();
    }
    reacquire(released);
    return finished;
}

namespace {

struct InFlight
{
    core::Result<HttpResponse> result = core::makeError(ErrorCode::SyncFailed, "no answer");
    bool done = false; // guarded by the gate's wake mutex
};

} // namespace

GatedTransport::GatedTransport(std::unique_ptr<core::sync::HttpTransport> inner, std::shared_ptr<SyncGate> gate)
    : m_inner(std::move(inner)), m_gate(std::move(gate))
{
}

core::Result<HttpResponse> GatedTransport::send(const HttpRequest& request)
{
    if (m_gate->isAborted() || m_abandoned)
        return core::makeError(ErrorCode::SyncFailed, "sync stopped");
    auto flight = std::make_shared<InFlight>();
    std::thread([flight, inner = m_inner, gate = m_gate, request] {
        auto result = inner->send(request);
        {
            std::lock_guard lock(gate->m_wakeMutex);
            flight->result = std::move(result);
            flight->done = true;
        }
        gate->m_wake.notify_all();
    }).detach();
    // The request has its own timeouts; the limit here only bounds a transport that has none.
    if (!m_gate->waitReleased([&] { return flight->done; }, Millis(24 * 3600 * 1000))) {
        m_abandoned = true;
        return core::makeError(ErrorCode::SyncFailed, "sync stopped");
    }
    std::lock_guard lock(m_gate->m_wakeMutex);
    return std::move(flight->result);
}

void GatedTransport::reset()
{
    if (!m_abandoned)
        m_inner->reset();
}

void GatedClock::sleepFor(Millis duration)
{
    (void)m_gate->waitReleased([] { return false; }, duration);
}

void GatedClock::awaitReady(const std::function<bool()>& ready)
{
    // Helper threads wake the gate when their request ends, but their result is set a little later
    // (parsing): look again every few milliseconds until it is there.
    while (!ready() && !m_gate->isAborted())
        (void)m_gate->waitReleased(ready, Millis(10));
}

} // namespace avocet::ui::sync

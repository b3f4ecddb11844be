#pragma once
// How the sync thread shares the session's one SQLite connection without ever holding it across
// the network: the thread holds the session's cache mutex while the engine reads and writes, and
// SyncGate lets go of it while a request travels or a backoff sleeps (never inside a transaction).
// Only the thread that took the mutex (the sync thread, attach()) ever lets go of it and takes it
// back: the engine's helper threads (a page fetched ahead, a bundle on the wire) wait without
// touching it, and the sync thread lends the connection while it waits for them (awaitReady).
// Both waits end at once when the gate is aborted (the session is locking or the app quits): the
// request in flight is left to finish on its own thread — every request the engine sends is safe
// to repeat, so abandoning one loses nothing.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/sync/HttpTransport.h"
#include "core/sync/SyncTypes.h"

namespace avocet::core::store {
class Database;
}

namespace avocet::ui::sync {

class SyncGate
{
public:
    // Sync thread: the lock the current job holds, and the database it protects.
    void attach(std::unique_lock<std::mutex>* held, core::store::Database* db);
    void detach() { attach(nullptr, nullptr); }

    // Any thread.
    void abort();
    bool isAborted() const { return m_aborted.load(); }

    // Sync thread: waits until ready() or abort, with the cache mutex released meanwhile.
    // Returns false when aborted.
    template <typename Ready>
    bool waitReleased(Ready ready, core::sync::Millis limit);

private:
    bool release();
    void reacquire(bool released);

    std::unique_lock<std::mutex>* m_held = nullptr; // owner thread only
    core::store::Database* m_db = nullptr;           // owner thread only
    std::atomic<std::thread::id> m_owner{};         // the thread that holds the lock (attach)
    std::atomic<bool> m_aborted{false};
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;

    friend class GatedTransport;
    friend class GatedClock;
};

// Sends on a short-lived thread so the sync thread can give up waiting (abort) at once.
class GatedTransport final : public core::sync::HttpTransport
{
public:
    GatedTransport(std::unique_ptr<core::sync::HttpTransport> inner, std::shared_ptr<SyncGate> gate);
    core::Result<core::sync::HttpResponse> send(const core::sync::HttpRequest& request) override;
    void reset() override;
    int connectionsOpened() const override { return m_inner->connectionsOpened(); }
    // The server's remembered answer to gzipped bodies reaches the transport that sends them.
    void setCompressRequests(bool compress) override { m_inner->setCompressRequests(compress); }

private:
    std::shared_ptr<core::sync::HttpTransport> m_inner;
    std::shared_ptr<SyncGate> m_gate;
    bool m_abandoned = false; // a request was left running: the connection is not ours any more
};

// The device clock; sleeps (backoff) release the cache and end early on abort.
class GatedClock final : public core::sync::Clock
{
public:
    explicit GatedClock(std::shared_ptr<SyncGate> gate) : m_gate(std::move(gate)) {}
    core::sync::SystemTime now() override { return std::chrono::system_clock::now(); }
    void sleepFor(core::sync::Millis duration) override;
    // The sync thread waits for a helper thread's exchange with the cache lent out.
    void awaitReady(const std::function<bool()>& ready) override;

private:
    std::shared_ptr<SyncGate> m_gate;
};

} // namespace avocet::ui::sync

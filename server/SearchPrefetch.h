#pragma once
// Read-ahead for paged searches. A client paging through a search (the sync pull: `_sort=
// _lastUpdated&_count=1000`, then every `next` link) waits for each page before it asks for the
// next one, so the database would sit idle while the hub sends a page and the client reads it. When
// a page has a next link, the hub starts the query for that next page on a spare connection at
// once; the request that follows the link takes the result instead of querying.
//
// It is only an optimisation; every answer is one the hub could have given without it:
// - the key is the whole query (type, every filter, the caller's caseload restriction, cursor,
//   page size), so a page is only ever served to a request for exactly that page;
// - a page read ahead is served at most `maxAge` after its query ran (default 2 s), and never
//   after this hub committed a write (any write bumps a generation; the page's must match). A
//   write committed by another hub in between is treated like one committed just after the page
//   was served: keyset paging puts it after the cursor, and the next pull's `_lastUpdated=ge`
//   watermark picks it up (docs/hub.md, "Search read-ahead");
// - authentication and the caller's permission to search are checked on every request before
//   the page is taken;
// - it never waits for a connection: with none idle it skips the read-ahead.
// Patient data stays in memory only, for at most `maxAge`, and at most `maxEntries` pages.

#include "server/PgConnection.h"
#include "server/ResourceRepository.h"
#include "server/SearchQuery.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace avocet::hub {

class SearchPrefetch
{
public:
    SearchPrefetch(std::shared_ptr<ConnectionPool> pool, std::size_t maxEntries = 16,
                   std::chrono::milliseconds maxAge = std::chrono::milliseconds(2000));
    ~SearchPrefetch(); // stops the worker; pages not taken are dropped
    SearchPrefetch(const SearchPrefetch&) = delete;
    SearchPrefetch& operator=(const SearchPrefetch&) = delete;

    // Starts reading `next` ahead (its cursor set). Returns at once; a full queue drops the oldest.
    void readAhead(const SearchQuery& next);
    // The page read ahead for exactly this query, waiting for it if its query is still running;
    // nullopt when there is none (or it failed, went stale, or a write happened since).
    std::optional<SearchPage> take(const SearchQuery& query);
    // Call after every committed write through this hub: pages read before it are not served.
    void invalidate();

    struct Counters
    {
        std::uint64_t started = 0, served = 0, discarded = 0;
    };
    Counters counters() const;

    static std::string keyOf(const SearchQuery& query);

private:
    enum class State { Queued, Running, Done };
    struct Entry
    {
        SearchQuery query;
        std::uint64_t generation = 0; // m_generation when it was asked for
        std::uint64_t order = 0;      // the oldest goes first when room is needed
        State state = State::Queued;
        std::optional<SearchPage> page; // empty when the query failed
        std::chrono::steady_clock::time_point ranAt;
    };
    using Entries = std::map<std::string, std::shared_ptr<Entry>>;
    void run();
    void evictLocked();
    void forgetLocked(Entries::iterator found); // drops an entry (and its place in the queue)

    std::shared_ptr<ConnectionPool> m_pool;
    const std::size_t m_maxEntries;
    const std::chrono::milliseconds m_maxAge;
    std::atomic<std::uint64_t> m_generation{0};
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    Entries m_entries;
    std::uint64_t m_nextOrder = 0;
    std::deque<std::string> m_queue; // keys waiting for the worker, oldest first
    Counters m_counters;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace avocet::hub

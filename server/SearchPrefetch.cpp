#include "server/SearchPrefetch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace avocet::hub {

namespace {

nlohmann::json optionalText(const std::optional<std::string>& text)
{
    return text ? nlohmann::json(*text) : nlohmann::json();
}

} // namespace

SearchPrefetch::SearchPrefetch(std::shared_ptr<ConnectionPool> pool, std::size_t maxEntries,
                               std::chrono::milliseconds maxAge)
    : m_pool(std::move(pool)), m_maxEntries(maxEntries), m_maxAge(maxAge)
{
    m_worker = std::thread([this] { run(); });
}

SearchPrefetch::~SearchPrefetch()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_worker.join();
}

std::string SearchPrefetch::keyOf(const SearchQuery& query)
{
    // Every field that decides which rows the page holds; JSON keeps the parts unambiguous.
    auto bounds = nlohmann::json::array();
    for (const auto& bound : query.lastUpdated)
        bounds.push_back({bound.sqlOperator, bound.instant});
    auto identifiers = nlohmann::json::array();
    for (const auto& match : query.identifiers)
        identifiers.push_back({optionalText(match.system), optionalText(match.value)});
    const nlohmann::json key = {query.type,
                                bounds,
                                query.ids,
                                identifiers,
                                optionalText(query.compartment),
                                optionalText(query.canonicalUrl),
                                optionalText(query.canonicalVersion),
                                query.count,
                                query.cursor ? nlohmann::json(*query.cursor) : nlohmann::json(),
                                query.totalWanted && !query.cursor,
                                optionalText(query.caseloadUser)};
    return key.dump();
}

void SearchPrefetch::readAhead(const SearchQuery& next)
{
    auto key = keyOf(next);
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_entries.count(key))
            return;
        evictLocked();
        if (m_entries.size() >= m_maxEntries)
            return; // every slot holds a query that is running now
        auto entry = std::make_shared<Entry>();
        entry->query = next;
        entry->generation = m_generation.load();
        entry->order = m_nextOrder++;
        m_entries.emplace(key, std::move(entry));
        m_queue.push_back(std::move(key));
        ++m_counters.started;
    }
    m_changed.notify_all();
}

void SearchPrefetch::forgetLocked(Entries::iterator found)
{
    if (found->second->state == State::Queued)
        m_queue.erase(std::find(m_queue.begin(), m_queue.end(), found->first));
    m_entries.erase(found);
}

std::optional<SearchPage> SearchPrefetch::take(const SearchQuery& query)
{
    std::unique_lock lock(m_mutex);
    auto found = m_entries.find(keyOf(query));
    if (found == m_entries.end())
        return std::nullopt;
    auto entry = found->second;
    if (entry->state == State::Queued) { // not picked up by the worker: the request queries itself
        forgetLocked(found);
        ++m_counters.discarded;
        return std::nullopt;
    }
    m_changed.wait(lock, [&] { return entry->state == State::Done || m_stopping; });
    if (auto again = m_entries.find(keyOf(query)); again != m_entries.end() && again->second == entry)
        m_entries.erase(again);
    const bool fresh = entry->state == State::Done && entry->page && entry->generation == m_generation.load() &&
                       std::chrono::steady_clock::now() - entry->ranAt <= m_maxAge;
    if (!fresh) {
        ++m_counters.discarded;
        return std::nullopt;
    }
    ++m_counters.served;
    return std::move(entry->page);
}

void SearchPrefetch::evictLocked()
{
    // Pages nobody took (the client stopped paging) leave after maxAge; then, while full, the
    // oldest page that is not being read right now makes room.
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const bool expired = it->second->state == State::Done && now - it->second->ranAt > m_maxAge;
        if (expired) {
            ++m_counters.discarded;
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    while (m_entries.size() >= m_maxEntries) {
        auto oldest = m_entries.end();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
            if (it->second->state != State::Running &&
                (oldest == m_entries.end() || it->second->order < oldest->second->order))
                oldest = it;
        if (oldest == m_entries.end())
            return;
        forgetLocked(oldest);
        ++m_counters.discarded;
    }
}

void SearchPrefetch::invalidate()
{
    m_generation.fetch_add(1);
}

SearchPrefetch::Counters SearchPrefetch::counters() const
{
    std::lock_guard lock(m_mutex);
    return m_counters;
}

void SearchPrefetch::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_stopping)
            return;
        auto entry = m_entries.at(m_queue.front());
        m_queue.pop_front();
        entry->state = State::Running;
        lock.unlock();

        std::optional<SearchPage> page;
        if (auto connection = m_pool->tryAcquire(); connection) {
            // The generation is read before the query: a write committed while it runs makes
            // the page stale, whichever snapshot the query saw.
            ResourceRepository repository(**connection);
            if (auto searched = repository.search(entry->query); searched)
                page = std::move(searched.value());
        }

        lock.lock();
        entry->page = std::move(page);
        entry->ranAt = std::chrono::steady_clock::now();
        entry->state = State::Done;
        m_changed.notify_all();
    }
}

} // namespace avocet::hub

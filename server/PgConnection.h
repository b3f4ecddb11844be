#pragma once
// A small RAII adapter over libpq: connections, parameterised statements, results, a connection
// pool and a transaction guard. SQL errors come back as core::Error, never as exceptions.

#include "core/common/Result.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace avocet::hub {

using SqlParam = std::optional<std::string>; // std::nullopt = SQL NULL

class PgResult
{
public:
    PgResult() = default;
    explicit PgResult(pg_result* result);
    ~PgResult();
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    int rows() const;
    bool isNull(int row, int column) const;
    std::string text(int row, int column) const;
    long long integer(int row, int column) const;
    bool boolean(int row, int column) const;
    long long affectedRows() const;

private:
    pg_result* m_result = nullptr;
};

// Error codes of interest, mapped from SQLSTATE.
bool isRetryable(const core::Error& error); // serialization failure, deadlock
bool isUniqueViolation(const core::Error& error);
bool isBadInput(const core::Error& error); // invalid datetime etc. from a caller-supplied value
// What a log may say about a store error: the SQLSTATE of a statement error (its text can quote
// patient data), the message of any other error.
std::string loggableError(const core::Error& error);

class PgConnection
{
public:
    static core::Result<std::unique_ptr<PgConnection>> open(const std::string& conninfo);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    core::Result<PgResult> query(const std::string& sql, const std::vector<SqlParam>& params = {});
    // As query(), but the statement is prepared once per connection (by its text) and then only
    // executed: for the fixed statements of the write path, not for dynamically built searches.
    core::Result<PgResult> queryPrepared(const std::string& sql, const std::vector<SqlParam>& params = {});
    core::Status execute(const std::string& sql, const std::vector<SqlParam>& params = {});
    // Several statements, no parameters (schema migrations).
    core::Status executeScript(const std::string& sql);
    bool isHealthy() const;

private:
    explicit PgConnection(pg_conn* connection) : m_connection(connection) {}
    core::Result<PgResult> finish(pg_result* raw);
    pg_conn* m_connection = nullptr;
    std::map<std::string, std::string> m_prepared; // statement text -> prepared statement name
};

class ConnectionPool;

// A connection borrowed from the pool; returned (or dropped if broken) on destruction.
class PooledConnection
{
public:
    PooledConnection(ConnectionPool& pool, std::unique_ptr<PgConnection> connection);
    ~PooledConnection();
    PooledConnection(PooledConnection&& other) noexcept;
    PooledConnection(const PooledConnection&) = delete;
    PooledConnection& operator=(const PooledConnection&) = delete;
    PooledConnection& operator=(PooledConnection&&) = delete;
    PgConnection& operator*() { return *m_connection; }
    PgConnection* operator->() { return m_connection.get(); }

private:
    ConnectionPool* m_pool;
    std::unique_ptr<PgConnection> m_connection;
};

class ConnectionPool
{
public:
    ConnectionPool(std::string conninfo, std::size_t maxConnections);
    core::Result<PooledConnection> acquire();
    // An idle connection, or a new one while below the limit; nullopt at once when every
    // connection is in use or none can be opened (for optional work that must not make requests wait).
    std::optional<PooledConnection> tryAcquire();

private:
    friend class PooledConnection;
    void release(std::unique_ptr<PgConnection> connection);
    // With m_mutex held (it is released while a new connection opens) and a slot known free.
    core::Result<PooledConnection> takeLocked(std::unique_lock<std::mutex>& lock);

    std::string m_conninfo;
    std::size_t m_maxConnections;
    std::size_t m_open = 0;
    std::vector<std::unique_ptr<PgConnection>> m_idle;
    std::mutex m_mutex;
    std::condition_variable m_available;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() succeeded.
class PgTransaction
{
public:
    explicit PgTransaction(PgConnection& connection) : m_connection(connection) {}
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    [[nodiscard]] core::Status begin();
    [[nodiscard]] core::Status commit();

private:
    PgConnection& m_connection;
    bool m_open = false;
};

} // namespace avocet::hub

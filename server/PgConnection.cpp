#include "server/PgConnection.h"

#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;

namespace {
// SQLSTATE travels in the message prefix so callers can classify without libpq. Only the
// primary message is kept: PostgreSQL's DETAIL and CONTEXT lines quote row values ("Key
// (value)=(...) already exists"), which are patient data.
core::Error sqlError(const PGresult* result, PGconn* connection)
{
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary != nullptr ? primary
                          : result != nullptr ? PQresultErrorMessage(result)
                                              : PQerrorMessage(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return makeError(ErrorCode::StoreQueryFailed, std::string("[") + (state != nullptr ? state : "") + "] " + message);
}

std::vector<const char*> paramValues(const std::vector<SqlParam>& params)
{
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params)
        values.push_back(param ? param->c_str() : nullptr);
    return values;
}

std::string sqlState(const core::Error& error)
{
    if (error.message.size() < 7 || error.message[0] != '[')
        return {};
    return error.message.substr(1, 5);
}
} // namespace

std::string loggableError(const core::Error& error)
{
    // A statement's error message can quote the values it was given (invalid input syntax for
    // type ...: "<value>"), so a log gets its SQLSTATE only; other errors (connection, pool) hold
    // no data.
    if (const auto state = sqlState(error); !state.empty())
        return "SQLSTATE " + state;
    return error.message;
}

bool isRetryable(const core::Error& error)
{
    const auto state = sqlState(error);
    return state == "40001" || state == "40P01";
}

bool isUniqueViolation(const core::Error& error)
{
    return sqlState(error) == "23505";
}

bool isBadInput(const core::Error& error)
{
    const auto state = sqlState(error);
    return state.rfind("22", 0) == 0; // data exception class
}

PgResult::PgResult(pg_result* result) : m_result(result) {}
PgResult::~PgResult()
{
    if (m_result != nullptr)
        PQclear(m_result);
}
PgResult::PgResult(PgResult&& other) noexcept : m_result(other.m_result)
{
    other.m_result = nullptr;
}
PgResult& PgResult::operator=(PgResult&& other) noexcept
{
    if (this != &other) {
        if (m_result != nullptr)
            PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}
int PgResult::rows() const
{
    return m_result == nullptr ? 0 : PQntuples(m_result);
}
bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}
std::string PgResult::text(int row, int column) const
{
    return std::string(PQgetvalue(m_result, row, column),
                       static_cast<std::size_t>(PQgetlength(m_result, row, column)));
}
long long PgResult::integer(int row, int column) const
{
    return std::strtoll(PQgetvalue(m_result, row, column), nullptr, 10);
}
bool PgResult::boolean(int row, int column) const
{
    return PQgetvalue(m_result, row, column)[0] == 't';
}
long long PgResult::affectedRows() const
{
    return std::strtoll(PQcmdTuples(m_result), nullptr, 10);
}

core::Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& conninfo)
{
    PGconn* connection = PQconnectdb(conninfo.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        while (!message.empty() && message.back() == '\n')
            message.pop_back();
        return makeError(ErrorCode::StoreOpenFailed, "cannot connect to PostgreSQL: " + message);
    }
    std::unique_ptr<PgConnection> result(new PgConnection(connection));
    // The hub's clock is the database's, in UTC, so every process agrees on meta.lastUpdated.
    if (auto status = result->executeScript("SET TIME ZONE 'UTC'; SET client_min_messages = warning"); !status)
        return status.error();
    return result;
}

PgConnection::~PgConnection()
{
    if (m_connection != nullptr)
        PQfinish(m_connection);
}

core::Result<PgResult> PgConnection::query(const std::string& sql, const std::vector<SqlParam>& params)
{
    const auto values = paramValues(params);
    return finish(PQexecParams(m_connection, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0));
}

core::Result<PgResult> PgConnection::queryPrepared(const std::string& sql, const std::vector<SqlParam>& params)
{
    constexpr std::size_t kMaxPrepared = 64;
    auto found = m_prepared.find(sql);
    if (found == m_prepared.end()) {
        if (m_prepared.size() >= kMaxPrepared)
            return query(sql, params);
        const std::string name = "avocet_" + std::to_string(m_prepared.size());
        auto prepared = finish(PQprepare(m_connection, name.c_str(), sql.c_str(), 0, nullptr));
        if (!prepared)
            return prepared.error();
        found = m_prepared.emplace(sql, name).first;
    }
    const auto values = paramValues(params);
    return finish(PQexecPrepared(m_connection, found->second.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0));
}

core::Result<PgResult> PgConnection::finish(pg_result* raw)
{
    PgResult result(raw);
    const auto status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return sqlError(raw, m_connection);
    return result;
}

core::Status PgConnection::execute(const std::string& sql, const std::vector<SqlParam>& params)
{
    auto result = query(sql, params);
    if (!result)
        return result.error();
    return core::Status::success();
}

core::Status PgConnection::executeScript(const std::string& sql)
{
    PGresult* raw = PQexec(m_connection, sql.c_str());
    PgResult result(raw);
    const auto status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return sqlError(raw, m_connection);
    return core::Status::success();
}

bool PgConnection::isHealthy() const
{
    return PQstatus(m_connection) == CONNECTION_OK && PQtransactionStatus(m_connection) == PQTRANS_IDLE;
}

PooledConnection::PooledConnection(ConnectionPool& pool, std::unique_ptr<PgConnection> connection)
    : m_pool(&pool), m_connection(std::move(connection))
{
}
PooledConnection::~PooledConnection()
{
    if (m_connection)
        m_pool->release(std::move(m_connection));
}
PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : m_pool(other.m_pool), m_connection(std::move(other.m_connection))
{
}

ConnectionPool::ConnectionPool(std::string conninfo, std::size_t maxConnections)
    : m_conninfo(std::move(conninfo)), m_maxConnections(maxConnections)
{
}

core::Result<PooledConnection> ConnectionPool::acquire()
{
    std::unique_lock lock(m_mutex);
    if (!m_available.wait_for(lock, std::chrono::seconds(30),
                              [this] { return !m_idle.empty() || m_open < m_maxConnections; }))
        return makeError(ErrorCode::Busy, "all database connections are busy; try again shortly");
    return takeLocked(lock);
}

std::optional<PooledConnection> ConnectionPool::tryAcquire()
{
    std::unique_lock lock(m_mutex);
    if (m_idle.empty() && m_open >= m_maxConnections)
        return std::nullopt;
    auto taken = takeLocked(lock);
    if (!taken)
        return std::nullopt;
    return std::move(taken.value());
}

core::Result<PooledConnection> ConnectionPool::takeLocked(std::unique_lock<std::mutex>& lock)
{
    if (!m_idle.empty()) {
        auto connection = std::move(m_idle.back());
        m_idle.pop_back();
        return PooledConnection(*this, std::move(connection));
    }
    ++m_open;
    lock.unlock();
    auto opened = PgConnection::open(m_conninfo);
    if (!opened) {
        std::lock_guard relock(m_mutex);
        --m_open;
        m_available.notify_one();
        return opened.error();
    }
    return PooledConnection(*this, std::move(opened.value()));
}

void ConnectionPool::release(std::unique_ptr<PgConnection> connection)
{
    std::lock_guard lock(m_mutex);
    if (connection->isHealthy())
        m_idle.push_back(std::move(connection));
    else
        --m_open; // a broken or mid-transaction connection is closed, never reused
    m_available.notify_one();
}

PgTransaction::~PgTransaction()
{
    if (m_open)
        (void)m_connection.execute("ROLLBACK");
}

core::Status PgTransaction::begin()
{
    auto status = m_connection.execute("BEGIN");
    m_open = status.ok();
    return status;
}

core::Status PgTransaction::commit()
{
    auto status = m_connection.execute("COMMIT");
    m_open = false;
    return status;
}

} // namespace avocet::hub

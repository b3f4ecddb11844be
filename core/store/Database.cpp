#define SQLITE_HAS_CODEC 1
#include "core/store/Database.h"

#include "sqlcipher/sqlite3.h"

#include <sodium.h>

#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fstream>
#include <utility>

namespace avocet::core::store {

namespace fs = std::filesystem;

namespace {

// SQLite creates files lazily with the umask's mode; creating them first makes them 0600 from
// the first byte (SQLite gives -wal and -shm the main file's mode).
bool createPrivateFile(const fs::path& path)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    ::fchmod(fd, 0600);
    ::close(fd);
    return true;
}

} // namespace

Error storeError(int sqliteCode, std::string_view context, sqlite3* db)
{
    const int primary = sqliteCode & 0xff;
    std::string detail = sqlite3_errstr(sqliteCode);
    // sqlite3_errmsg names tables and columns, never bound values, so it is safe to log.
    if (db && sqlite3_errcode(db) == sqliteCode)
        detail = sqlite3_errmsg(db);
    std::string prefix(context);
    switch (primary) {
    case SQLITE_NOTADB:
        return makeError(ErrorCode::StoreNotADatabase,
                         prefix + ": the file is not a readable Avocet cache (wrong key or damaged file)");
    case SQLITE_CORRUPT:
        return makeError(ErrorCode::StoreCorrupt,
                         prefix + ": the cache is damaged. It has been kept for investigation; contact the "
                                  "service desk before syncing.");
    case SQLITE_FULL:
        return makeError(ErrorCode::StoreDiskFull,
                         prefix + ": the disk is full. Nothing was saved; free some space and try again.");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return makeError(ErrorCode::IoError, prefix + ": " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return makeError(ErrorCode::Busy, prefix + ": the cache is busy (" + detail + ")");
    default:
        return makeError(ErrorCode::StoreQueryFailed, prefix + ": " + detail);
    }
}

// ---------------------------------------------------------------- Statement

Statement::~Statement() { finalize(); }

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_bindError(std::exchange(other.m_bindError, 0))
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        finalize();
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_bindError = std::exchange(other.m_bindError, 0);
    }
    return *this;
}

void Statement::finalize()
{
    if (m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

#define AVOCET_BIND(call)                                                                                     \
    do {                                                                                                      \
        const int rc_ = (call);                                                                               \
        if (rc_ != SQLITE_OK && m_bindError == 0)                                                             \
            m_bindError = rc_;                                                                                \
    } while (false)

Statement& Statement::bind(int index, std::int64_t value)
{
    AVOCET_BIND(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    AVOCET_BIND(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    AVOCET_BIND(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value)
{
    return value ? bind(index, std::string_view(*value)) : bindNull(index);
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size)
{
    AVOCET_BIND(sqlite3_bind_blob64(m_stmt, index, data, size, SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bindNull(int index)
{
    AVOCET_BIND(sqlite3_bind_null(m_stmt, index));
    return *this;
}

#undef AVOCET_BIND

Result<bool> Statement::step()
{
    if (!m_stmt)
        return makeError(ErrorCode::StoreQueryFailed, "step on an empty statement");
    if (m_bindError != 0)
        return storeError(m_bindError, "binding a parameter", m_db);
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = storeError(rc, "running a query", m_db);
    sqlite3_reset(m_stmt);
    return error;
}

Status Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            break;
    }
    return reset();
}

Status Statement::reset()
{
    m_bindError = 0;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return {};
}

int Statement::columnCount() const { return sqlite3_column_count(m_stmt); }
bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::text(int column) const
{
    const auto* data = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

// ---------------------------------------------------------------- Database

Database::~Database() { (void)close(); }

Database::Database(Database&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        (void)close();
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Status Database::close()
{
    if (!m_db)
        return {};
    const int rc = sqlite3_close_v2(m_db);
    m_db = nullptr;
    if (rc != SQLITE_OK)
        return storeError(rc, "closing the cache");
    return {};
}

Result<Database> Database::open(const fs::path& path, const crypto::SecureBuffer& rawKey, Mode mode)
{
    if (rawKey.size() != 32)
        return makeError(ErrorCode::InvalidArgument, "opening the cache: the key must be 256 bits");
    return openImpl(path, &rawKey, mode);
}

Result<Database> Database::openUnencryptedForBenchmark(const fs::path& path)
{
    return openImpl(path, nullptr, Mode::CreateIfMissing);
}

Result<Database> Database::openImpl(const fs::path& path, const crypto::SecureBuffer* rawKey, Mode mode)
{
    if (mode == Mode::OpenExisting && !fs::exists(path))
        return makeError(ErrorCode::NotFound, "opening the cache: " + path.filename().string() + " does not exist");

    if (mode == Mode::CreateIfMissing && !fs::exists(path) && !createPrivateFile(path))
        return makeError(ErrorCode::IoError, "creating the cache: cannot create " + path.filename().string());
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (mode == Mode::CreateIfMissing)
        flags |= SQLITE_OPEN_CREATE;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return storeError(rc, "opening the cache", raw);

    if (rawKey) {
        // "x'<64 hex>'" tells SQLCipher the key is raw: its PBKDF2 step is skipped.
        const crypto::SecureBuffer hex = crypto::toHexSecure(*rawKey);
        crypto::SecureBuffer keySpec(2 + 64 + 1);
        keySpec.data()[0] = 'x';
        keySpec.data()[1] = '\'';
        std::memcpy(keySpec.data() + 2, hex.data(), 64);
        keySpec.data()[66] = '\'';
        if (const int krc = sqlite3_key_v2(db.m_db, "main", keySpec.data(), static_cast<int>(keySpec.size()));
            krc != SQLITE_OK)
            return storeError(krc, "keying the cache", db.m_db);
    }

    // The first read proves the key (SQLITE_NOTADB otherwise) before anything is written.
    if (auto probe = db.queryInt("SELECT count(*) FROM sqlite_master"); !probe)
        return probe.error();
    if (rawKey) {
        const std::string version = db.cipherVersion();
        if (version.rfind("4.", 0) != 0)
            return makeError(ErrorCode::StoreWrongLibrary,
                             "opening the cache: SQLCipher 4.x is required but the library reports '" +
                                 version + "'");
    }
    if (auto st = db.applySettings(); !st)
        return st.error();
    return db;
}

Status Database::applySettings()
{
    // WAL for concurrent readers, FULL so a reported save survives power loss, temporary tables
    // in memory so nothing leaks into /tmp, secure_delete so freed pages are zeroed.
    if (auto mode = queryText("PRAGMA journal_mode=WAL"); !mode)
        return mode.error();
    return exec("PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768;");
}

Status Database::exec(std::string_view sql)
{
    if (!m_db)
        return makeError(ErrorCode::ProfileLocked, "the cache is locked");
    const std::string owned(sql);
    const int rc = sqlite3_exec(m_db, owned.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return storeError(rc, "updating the cache", m_db);
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    if (!m_db)
        return makeError(ErrorCode::ProfileLocked, "the cache is locked");
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return storeError(rc, "preparing a query", m_db);
    return Statement(m_db, stmt);
}

Result<std::optional<std::string>> Database::queryText(std::string_view sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return stmt->optionalText(0);
}

Result<std::int64_t> Database::queryInt(std::string_view sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::StoreQueryFailed, "a query that should return a number returned no row");
    return stmt->int64(0);
}

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
bool Database::inTransaction() const { return m_db && sqlite3_get_autocommit(m_db) == 0; }

std::string Database::cipherVersion()
{
    auto version = queryText("PRAGMA cipher_version");
    return version && *version ? **version : std::string();
}

Status Database::checkpoint()
{
    auto result = queryText("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!result)
        return result.error();
    return {};
}

Status Database::exportEncryptedCopy(const fs::path& target, const crypto::SecureBuffer& newKey)
{
    const crypto::SecureBuffer hex = crypto::toHexSecure(newKey);
    if (!createPrivateFile(target))
        return makeError(ErrorCode::IoError, "rekeying the cache: cannot create " + target.filename().string());
    std::string escapedPath = target.string();
    for (std::size_t i = 0; (i = escapedPath.find('\'', i)) != std::string::npos; i += 2)
        escapedPath.insert(i, 1, '\'');
    // The SQL text holds the key only for the duration of this call and is wiped after.
    std::string sql = "ATTACH DATABASE '" + escapedPath + "' AS rekeyed KEY \"x'" +
                      std::string(reinterpret_cast<const char*>(hex.data()), 64) + "'\"";
    Status attached = exec(sql);
    sodium_memzero(sql.data(), sql.size());
    if (!attached)
        return attached;
    auto version = queryInt("PRAGMA main.user_version");
    Status exported = exec("SELECT sqlcipher_export('rekeyed')");
    if (exported && version)
        exported = exec("PRAGMA rekeyed.user_version = " + std::to_string(*version));
    Status detached = exec("DETACH DATABASE rekeyed");
    if (!exported)
        return exported;
    return detached;
}

// ---------------------------------------------------------------- Transaction

Result<Transaction> Transaction::begin(Database& db)
{
    if (auto st = db.exec("BEGIN IMMEDIATE"); !st)
        return st.error();
    return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit()
{
    if (!m_db)
        return makeError(ErrorCode::StoreQueryFailed, "commit without an open transaction");
    Status st = m_db->exec("COMMIT");
    if (!st) {
        rollback();
        return st;
    }
    m_db = nullptr;
    return {};
}

void Transaction::rollback()
{
    if (m_db) {
        (void)m_db->exec("ROLLBACK");
        m_db = nullptr;
    }
}

Result<ScopedWrite> ScopedWrite::begin(Database& db)
{
    ScopedWrite write;
    if (!db.inTransaction()) {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        write.m_own.emplace(std::move(*tx));
    }
    return write;
}

Status ScopedWrite::commit() { return m_own ? m_own->commit() : Status{}; }

// ---------------------------------------------------------------- library check

Status checkCipherLibrary()
{
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(raw);
        return makeError(ErrorCode::StoreWrongLibrary, "The database library could not start.");
    }
    Database db(raw);
    const std::string version = db.cipherVersion();
    if (version.empty())
        return makeError(ErrorCode::StoreWrongLibrary,
                         "The database library is plain SQLite, not SQLCipher; Avocet refuses to run "
                         "because the cache would not be encrypted. Reinstall Avocet.");
    if (version.rfind("4.", 0) != 0)
        return makeError(ErrorCode::StoreWrongLibrary,
                         "SQLCipher 4.x is required but version " + version + " is installed.");
#ifdef __linux__
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        if (line.find("/libsqlite3.so") != std::string::npos)
            return makeError(ErrorCode::StoreWrongLibrary,
                             "The plain SQLite library is loaded into this process next to SQLCipher; "
                             "Avocet refuses to run because the cache could open unencrypted.");
    }
#endif
    return {};
}

} // namespace avocet::core::store

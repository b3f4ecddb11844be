#pragma once
// A small RAII wrapper over the SQLCipher C API. This is the only place in Avocet that talks to
// sqlite3_*; nothing else may open a database (never Qt's QSQLITE or Poco::Data::SQLite, which
// would load the plain libsqlite3 and could open the cache as plaintext).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/Result.h"
#include "core/crypto/SecureBuffer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace avocet::core::store {

class Database;

class Statement
{
public:
    Statement() = default;
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bindBlob(int index, const void* data, std::size_t size);
    Statement& bindNull(int index);

    template <typename... Args>
    Statement& bindAll(const Args&... args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Advances: true when a row is available, false when done.
    Result<bool> step();
    // Steps through every row, calling onRow(*this) for each; stops at the first error.
    template <typename OnRow>
    Status forEachRow(OnRow&& onRow)
    {
        for (;;) {
            auto row = step();
            if (!row)
                return row.error();
            if (!*row)
                return {};
            onRow(static_cast<const Statement&>(*this));
        }
    }
    // Steps to completion (for statements that return no rows) and resets.
    Status run();
    Status reset();

    int columnCount() const;
    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optionalText(int column) const;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    void finalize();

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    int m_bindError = 0;
};

class Database
{
public:
    enum class Mode { OpenExisting, CreateIfMissing };

    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens an encrypted database with a 256-bit raw key (SQLCipher's own KDF is never used),
    // verifies the key, checks the SQLCipher version and applies the cache settings
    // (WAL, synchronous=FULL, temp_store=MEMORY, secure_delete=ON, foreign_keys=ON).
    static Result<Database> open(const std::filesystem::path& path, const crypto::SecureBuffer& rawKey,
                                 Mode mode = Mode::OpenExisting);

    // The same settings without a key. Only the benchmark uses this, to measure encryption's cost.
    static Result<Database> openUnencryptedForBenchmark(const std::filesystem::path& path);

    bool isOpen() const { return m_db != nullptr; }
    Status close();

    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    // First column of the first row as text (empty optional when there is no row or it is NULL).
    Result<std::optional<std::string>> queryText(std::string_view sql);
    Result<std::int64_t> queryInt(std::string_view sql);

    std::int64_t lastInsertRowId() const;
    bool inTransaction() const;
    int changes() const;
    std::string cipherVersion();

    // Folds the WAL back into the main file and truncates it.
    Status checkpoint();
    // Writes every page into a new database file encrypted with newKey (sqlcipher_export).
    Status exportEncryptedCopy(const std::filesystem::path& target, const crypto::SecureBuffer& newKey);

private:
    friend Status checkCipherLibrary();
    explicit Database(sqlite3* db) : m_db(db) {}
    static Result<Database> openImpl(const std::filesystem::path& path, const crypto::SecureBuffer* rawKey,
                                     Mode mode);
    Status applySettings();

    sqlite3* m_db = nullptr;
};

class [[nodiscard]] Transaction
{
public:
    // BEGIN IMMEDIATE: takes the write lock up front so a later write cannot fail with BUSY.
    static Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Status commit();
    // Rolls back now (the destructor also does this when commit() was not reached).
    void rollback();

private:
    explicit Transaction(Database* db) : m_db(db) {}
    Database* m_db = nullptr;
};

// Joins the caller's transaction when one is open, otherwise opens (and on commit() ends) its
// own, so a step can be used alone or as part of a larger atomic unit.
class [[nodiscard]] ScopedWrite
{
public:
    static Result<ScopedWrite> begin(Database& db);
    Status commit();

private:
    ScopedWrite() = default;
    std::optional<Transaction> m_own;
};

// Checks, without touching any file, that the linked library is SQLCipher 4.x (not plain SQLite)
// and, on Linux, that no plain libsqlite3 is mapped into the process. Start-up calls this first.
Status checkCipherLibrary();


// Maps a SQLite result code to an Avocet error without leaking values into the message.
Error storeError(int sqliteCode, std::string_view context, sqlite3* db = nullptr);

} // namespace avocet::core::store

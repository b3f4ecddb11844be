#pragma once
// Errors without exceptions across layer boundaries (HOUSE-STYLE.md): every fallible core call
// returns a Result carrying either a value or an Error with a stable code and a human message.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace avocet::core {

// Stable error codes, grouped per module in ranges of 100 so the UI can translate them.
enum class ErrorCode : int {
    Ok = 0,
    // 100 general
    InvalidArgument = 100,
    NotFound = 101,
    AlreadyExists = 102,
    IoError = 103,
    ParseError = 104,
    Unsupported = 105,
    Busy = 106,
    // 200 store
    StoreOpenFailed = 200,
    StoreWrongLibrary = 201,
    StoreNotADatabase = 202,
    StoreCorrupt = 203,
    StoreQueryFailed = 204,
    StoreMigrationFailed = 205,
    StoreDiskFull = 206,
    // 300 crypto / profile
    WrongPassphrase = 300,
    WeakPassphrase = 301,
    KeyFileDamaged = 302,
    ProfileLocked = 303,
    ProfileInUse = 304,
    Throttled = 305,
    CryptoFailure = 306,
    // 400 audit
    AuditChainBroken = 400,
    // 500 forms
    FormInvalid = 500,
    FormNotValid = 501,
    ExpressionError = 502,
    // 600 mapping, 700 identity, 800 sync, 900 alerts
    MappingInvalid = 600,
    IdentityInvalid = 700,
    SyncFailed = 800,
    SyncConflict = 801,
    AlertRulesInvalid = 900,
    // 1000 metrics
    MetricsInvalid = 1000,
};

struct Error
{
    ErrorCode code = ErrorCode::Ok;
    std::string message; // says what happened and, where it can, what to do; never patient data
};

template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_value); }
    const T& value() const& { return std::get<T>(m_value); }
    T&& value() && { return std::get<T>(std::move(m_value)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

    const Error& error() const { return std::get<Error>(m_value); }
    ErrorCode code() const { return ok() ? ErrorCode::Ok : error().code; }
    const std::string& message() const
    {
        static const std::string empty;
        return ok() ? empty : error().message;
    }

private:
    std::variant<T, Error> m_value;
};

// Result of an operation with no value.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }
    ErrorCode code() const { return ok() ? ErrorCode::Ok : m_error->code; }
    const std::string& message() const
    {
        static const std::string empty;
        return ok() ? empty : m_error->message;
    }

private:
    std::optional<Error> m_error;
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

} // namespace avocet::core

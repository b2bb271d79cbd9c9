#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace academy {

// The error codes of the HTTP contract. The core speaks only in these; the HTTP layer maps
// each to a status in one table, the desktop app shows the message.
enum class ErrorCode {
    BadRequest,
    InvalidJson,
    InvalidQuery,
    Unauthorized,
    InvalidCredentials,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    HeadersTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    RateLimited,
    TooManyAttempts,
    Internal,
    Unavailable,
};

// The contract's machine-readable name of a code, e.g. "validation_failed".
QString errorCodeName(ErrorCode code);

struct FieldError
{
    QString field;
    QString message;
    int line = 0; // bulk imports: the 1-based line (CSV) or element (JSON array); 0 otherwise
    friend bool operator==(const FieldError &, const FieldError &) = default;
};

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QList<FieldError> details;
    // Seconds a client should wait before retrying (429, 503); 0 when it does not apply.
    int retryAfterSeconds = 0;

    static Error validation(QList<FieldError> details);
    static Error notFound(const QString &what);
    static Error conflict(const QString &message);
    static Error internal(const QString &message = QStringLiteral("Internal server error"));
    static Error unavailable(const QString &message);
};

// A value or an error. Errors cross layers as values, never as exceptions.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations that return nothing but may fail.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace academy

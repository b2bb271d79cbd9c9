#include "error.h"

namespace academy {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadRequest: return QStringLiteral("bad_request");
    case ErrorCode::InvalidJson: return QStringLiteral("invalid_json");
    case ErrorCode::InvalidQuery: return QStringLiteral("invalid_query");
    case ErrorCode::Unauthorized: return QStringLiteral("unauthorized");
    case ErrorCode::InvalidCredentials: return QStringLiteral("invalid_credentials");
    case ErrorCode::Forbidden: return QStringLiteral("forbidden");
    case ErrorCode::NotFound: return QStringLiteral("not_found");
    case ErrorCode::MethodNotAllowed: return QStringLiteral("method_not_allowed");
    case ErrorCode::Conflict: return QStringLiteral("conflict");
    case ErrorCode::PreconditionFailed: return QStringLiteral("precondition_failed");
    case ErrorCode::PayloadTooLarge: return QStringLiteral("payload_too_large");
    case ErrorCode::HeadersTooLarge: return QStringLiteral("headers_too_large");
    case ErrorCode::UnsupportedMediaType: return QStringLiteral("unsupported_media_type");
    case ErrorCode::ValidationFailed: return QStringLiteral("validation_failed");
    case ErrorCode::RateLimited: return QStringLiteral("rate_limited");
    case ErrorCode::TooManyAttempts: return QStringLiteral("too_many_attempts");
    case ErrorCode::Internal: return QStringLiteral("internal_error");
    case ErrorCode::Unavailable: return QStringLiteral("unavailable");
    }
    return QStringLiteral("internal_error");
}

Error Error::validation(QList<FieldError> details)
{
    return {ErrorCode::ValidationFailed, QStringLiteral("Validation failed"), std::move(details)};
}

Error Error::notFound(const QString &what)
{
    return {ErrorCode::NotFound, QStringLiteral("%1 not found").arg(what), {}};
}

Error Error::conflict(const QString &message)
{
    return {ErrorCode::Conflict, message, {}};
}

Error Error::internal(const QString &message)
{
    return {ErrorCode::Internal, message, {}};
}

Error Error::unavailable(const QString &message)
{
    return {ErrorCode::Unavailable, message, {}, 5};
}

} // namespace academy

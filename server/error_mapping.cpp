#include "error_mapping.h"

#include <QJsonArray>
#include <QJsonObject>

namespace academy::http {

int statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadRequest: return 400;
    case ErrorCode::InvalidJson: return 400;
    case ErrorCode::InvalidQuery: return 400;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::InvalidCredentials: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::PreconditionFailed: return 412;
    case ErrorCode::PayloadTooLarge: return 413;
    case ErrorCode::UnsupportedMediaType: return 415;
    case ErrorCode::ValidationFailed: return 422;
    case ErrorCode::RateLimited: return 429;
    case ErrorCode::TooManyAttempts: return 429;
    case ErrorCode::HeadersTooLarge: return 431;
    case ErrorCode::Internal: return 500;
    case ErrorCode::Unavailable: return 503;
    }
    return 500;
}

Response errorResponse(const Error &error, const QByteArray &requestId)
{
    const int status = statusFor(error.code);
    // Internal messages may carry driver text; clients get a fixed sentence.
    const QString message = status == 500 ? QStringLiteral("Internal server error") : error.message;
    QJsonObject body{
        {QStringLiteral("message"), message},
        {QStringLiteral("error"), errorCodeName(error.code)},
        {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
    };
    if (!error.details.isEmpty() && status != 500) {
        QJsonArray details;
        for (const FieldError &detail : error.details) {
            QJsonObject item{{QStringLiteral("field"), detail.field},
                             {QStringLiteral("message"), detail.message}};
            if (detail.line > 0)
                item.insert(QStringLiteral("line"), detail.line);
            details.append(item);
        }
        body.insert(QStringLiteral("details"), details);
    }
    Response response = Response::json(status, body);
    if (error.retryAfterSeconds > 0)
        response.setHeader("Retry-After", QByteArray::number(error.retryAfterSeconds));
    return response;
}

Response errorResponse(int status, ErrorCode code, const QString &message, const QByteArray &requestId)
{
    Response response = errorResponse(Error{code, message, {}}, requestId);
    response.status = status; // framing refusals (408, 505, 501) have no code of their own
    return response;
}

} // namespace academy::http

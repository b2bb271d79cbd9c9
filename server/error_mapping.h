#pragma once

#include "error.h"
#include "http_message.h"

namespace academy::http {

// The one table from error codes to HTTP statuses.
int statusFor(ErrorCode code);

// The contract's error body: {message, error, details?, requestId}, with Retry-After when
// the error carries one. 500s say nothing of what went wrong inside.
Response errorResponse(const Error &error, const QByteArray &requestId);
Response errorResponse(int status, ErrorCode code, const QString &message, const QByteArray &requestId);

} // namespace academy::http

#pragma once

#include "actor.h"
#include "error.h"
#include "http_message.h"

#include <optional>

namespace academy::http {

// Small translations shared by the route handlers.

Response errorReply(const Error &error, const Request &request);
Actor actorOf(const Request &request);

// ":id" as the contract reads it: a positive integer, anything else is NotFound.
std::optional<qint64> positiveId(const QString &text);

// Query parameters; a malformed value is an InvalidQuery error naming the parameter.
Result<std::optional<qint64>> queryInteger(const Request &request, const QString &name, qint64 min, qint64 max);
Result<std::optional<double>> queryNumber(const Request &request, const QString &name);
Result<bool> queryFlag(const Request &request, const QString &name);

// Entity tags carry the record's version: ETag "3". If-Match "*" or absent: nullopt; a
// tag that is not a version can never match (-1).
QByteArray versionTag(int version);
std::optional<int> ifMatchVersion(const Request &request);
bool ifNoneMatchHits(const Request &request, int version);

} // namespace academy::http

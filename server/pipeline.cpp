#include "pipeline.h"

#include "error_mapping.h"

#include <QDateTime>

#include <algorithm>

namespace academy::http {

namespace {

// The order is the design: cheap refusals first, then the work.
constexpr Stage stages[] = {
    assignRequestId, // echo a sane X-Request-Id or make one
    // (the access log hook is Pipeline::record: it sees every response, refusals too)
    applyCors,       // preflight answers and allowed origins
    limitRate,       // token bucket per client address
    resolveRoute,    // 404 / 405 with Allow, before any body is looked at
    parseBody,       // 415, 400 invalid_json, depth <= 32
    authenticate,    // token -> identity (401 on a bad one)
    checkRole,       // route table's minimum role (401 / 403)
    runHandler,      // the route itself; exceptions become 500
};

bool needsNoStore(const Exchange &exchange)
{
    const Route *route = exchange.match.route;
    return !route || route->access != Access::Anyone || route->pattern == QLatin1String("/login");
}

} // namespace

Response Pipeline::handle(Exchange &exchange)
{
    for (Stage stage : stages) {
        if (std::optional<Response> response = stage(exchange, m_context))
            return *response;
    }
    return errorResponse(Error::internal(), exchange.request.requestId); // runHandler always answers
}

void Pipeline::decorate(const Exchange &exchange, Response &response) const
{
    const Request &request = exchange.request;
    response.setHeader("X-Request-Id", request.requestId);
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (needsNoStore(exchange) && response.header("Cache-Control").isEmpty())
        response.setHeader("Cache-Control", "no-store");
    if (!exchange.allowedOrigin.isEmpty()) {
        response.setHeader("Access-Control-Allow-Origin", exchange.allowedOrigin);
        response.setHeader("Access-Control-Expose-Headers", "X-Total-Count, Link, ETag, X-Request-Id");
        if (exchange.allowedOrigin != "*")
            response.setHeader("Vary", "Origin");
    }
}

void Pipeline::record(const Exchange &exchange, const Response &response, qint64 bytesOut) const
{
    const Request &request = exchange.request;
    AccessLogEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.requestId = request.requestId;
    entry.method = request.method;
    entry.path = maskedTarget(request);
    entry.route = exchange.match.pattern;
    entry.status = response.status;
    entry.durationMs = request.timer.isValid() ? request.timer.nsecsElapsed() / 1e6 : 0;
    entry.bytesIn = exchange.bytesIn;
    entry.bytesOut = bytesOut;
    entry.remoteAddress = exchange.clientText;
    if (request.identity)
        entry.userId = request.identity->userId;
    else
        entry.userId = response.signedInUserId;
    m_context.recordFinished(entry);
}

namespace {

// The decoded path, with control characters percent-encoded again: a NUL cannot be stored in
// a PostgreSQL text column (one "/a%00b" made the writer lose its whole batch), and a newline
// or escape code has no place in a log line a person reads.
QString loggablePath(const QString &path)
{
    if (std::none_of(path.cbegin(), path.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; }))
        return path;
    QString out;
    out.reserve(path.size() + 8);
    for (const QChar c : path) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("%%1").arg(c.unicode(), 2, 16, QLatin1Char('0')).toUpper();
        else
            out += c;
    }
    return out;
}

QString maskedQuery(const QString &decodedPath, const QUrlQuery &query)
{
    const QString path = loggablePath(decodedPath);
    if (query.isEmpty())
        return path;
    static const QStringList secretWords{QStringLiteral("token"), QStringLiteral("password"),
                                         QStringLiteral("secret"), QStringLiteral("key")};
    QStringList parts;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyEncoded)) {
        const QString lower = key.toLower();
        const bool secret = std::any_of(secretWords.cbegin(), secretWords.cend(),
                                        [&](const QString &word) { return lower.contains(word); });
        parts.append(key + QLatin1Char('=') + (secret ? QStringLiteral("***") : value));
    }
    return path + QLatin1Char('?') + parts.join(QLatin1Char('&'));
}

} // namespace

QString maskedTarget(const Request &request)
{
    return maskedQuery(request.path, request.query);
}

QString maskedTarget(const QByteArray &target)
{
    const qsizetype question = target.indexOf('?');
    const QString path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    if (question < 0)
        return path;
    return maskedQuery(path, QUrlQuery(QString::fromLatin1(target.mid(question + 1))));
}

} // namespace academy::http

// Stages that look only at the transport: request id, CORS, rate limit.
#include "error_mapping.h"
#include "pipeline.h"

namespace academy::http {

namespace {

bool isSaneRequestId(const QByteArray &id)
{
    if (id.isEmpty() || id.size() > 128)
        return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok)
            return false;
    }
    return true;
}

const QByteArray allowedRequestHeaders = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";

} // namespace

std::optional<Response> assignRequestId(Exchange &exchange, ServerContext &)
{
    const QByteArray sent = exchange.request.header("x-request-id");
    exchange.request.requestId = isSaneRequestId(sent) ? sent : newRequestId();
    return std::nullopt;
}

std::optional<Response> applyCors(Exchange &exchange, ServerContext &context)
{
    const QByteArray origin = exchange.request.header("origin");
    const QStringList &allowed = context.config.corsOrigins;
    if (origin.isEmpty() || allowed.isEmpty())
        return std::nullopt;
    if (allowed.contains(QStringLiteral("*")))
        exchange.allowedOrigin = "*";
    else if (allowed.contains(QString::fromLatin1(origin).toLower()))
        exchange.allowedOrigin = origin;
    else
        return std::nullopt; // not allowed: no CORS headers, the browser blocks the page
    const bool preflight = exchange.request.method == "OPTIONS"
                           && !exchange.request.header("access-control-request-method").isEmpty();
    if (!preflight)
        return std::nullopt;
    Response response = Response::empty(204);
    response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    response.setHeader("Access-Control-Allow-Headers", allowedRequestHeaders);
    response.setHeader("Access-Control-Max-Age", "600");
    return response;
}

std::optional<Response> limitRate(Exchange &exchange, ServerContext &context)
{
    int retryAfter = 0;
    if (context.rateLimiter.allow(exchange.request.client, &retryAfter))
        return std::nullopt;
    context.metrics.rateLimited();
    Error error{ErrorCode::RateLimited, QStringLiteral("Too many requests; slow down"), {}, retryAfter};
    return errorResponse(error, exchange.request.requestId);
}

} // namespace academy::http

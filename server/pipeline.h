#pragma once

#include "http_message.h"
#include "router.h"
#include "server_context.h"

#include <optional>

namespace academy::http {

// One request on its way through the stages.
struct Exchange
{
    Request request;
    RouteMatch match;
    QByteArray allowedOrigin; // set by the CORS stage when the Origin is allowed
    qint64 bytesIn = 0;
    QString clientText; // request.client as text, for the access log
    bool metricsToken = false; // the configured METRICS_TOKEN was presented
};

// A stage either lets the exchange go on (nullopt) or answers it.
using Stage = std::optional<Response> (*)(Exchange &, ServerContext &);

// The ordered stages every request passes, listed in one place (pipeline.cpp), then the
// finishing touches every response gets (request id, security and CORS headers, the
// access log entry).
class Pipeline final
{
public:
    explicit Pipeline(ServerContext &context) : m_context(context) {}

    Response handle(Exchange &exchange);
    // Headers every response gets, deferred replies too.
    void decorate(const Exchange &exchange, Response &response) const;
    // The access log entry of a sent response.
    void record(const Exchange &exchange, const Response &response, qint64 bytesOut) const;

private:
    ServerContext &m_context;
};

// The stages, in their order.
std::optional<Response> assignRequestId(Exchange &, ServerContext &);
std::optional<Response> applyCors(Exchange &, ServerContext &);
std::optional<Response> limitRate(Exchange &, ServerContext &);
std::optional<Response> resolveRoute(Exchange &, ServerContext &);
std::optional<Response> parseBody(Exchange &, ServerContext &);
std::optional<Response> authenticate(Exchange &, ServerContext &);
std::optional<Response> checkRole(Exchange &, ServerContext &);
std::optional<Response> runHandler(Exchange &, ServerContext &);

// For the access log: the path and query with values of secret-looking keys masked.
QString maskedTarget(const Request &request);
// The same for a raw request target ("/path?query"), e.g. of a request refused unparsed.
QString maskedTarget(const QByteArray &target);

} // namespace academy::http

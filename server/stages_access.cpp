// Stages that decide who is asking and whether they may, then the handler itself.
#include "error_mapping.h"
#include "jwt.h"
#include "pipeline.h"

#include <sodium.h>

#include <QLoggingCategory>

#include <exception>

Q_LOGGING_CATEGORY(lcHandler, "academy.http.handler")

namespace academy::http {

namespace {

std::optional<Role> minimumRole(Access access)
{
    switch (access) {
    case Access::Anyone: return std::nullopt;
    case Access::Viewer: return Role::Viewer;
    case Access::Staff: return Role::Staff;
    case Access::Admin: return Role::Admin;
    case Access::Metrics: return Role::Admin;
    }
    return Role::Admin;
}

Response unauthorized(const Request &request, const QString &message)
{
    Response response = errorResponse(Error{ErrorCode::Unauthorized, message, {}}, request.requestId);
    response.setHeader("WWW-Authenticate", "Bearer");
    return response;
}

// The metrics token is not a JWT: a scraper sends it as its bearer token.
bool carriesMetricsToken(const Exchange &exchange, const ServerContext &context)
{
    const QByteArray expected = context.config.metricsToken.toUtf8();
    if (expected.isEmpty() || exchange.match.route->access != Access::Metrics)
        return false;
    const QByteArray sent = tokenFromAuthorization(exchange.request.header("authorization"));
    return sent.size() == expected.size() && sodium_memcmp(sent.constData(), expected.constData(), size_t(sent.size())) == 0;
}

} // namespace

std::optional<Response> authenticate(Exchange &exchange, ServerContext &context)
{
    Request &request = exchange.request;
    if (carriesMetricsToken(exchange, context)) {
        exchange.metricsToken = true;
        return std::nullopt;
    }
    if (!context.authenticator || request.header("authorization").isEmpty())
        return std::nullopt;
    Result<std::optional<Identity>> identity = context.authenticator->authenticate(request);
    if (!identity) {
        // A bad token on a public route still fails: the client believes it is signed in.
        if (identity.error().code == ErrorCode::Unauthorized)
            return unauthorized(request, identity.error().message);
        return errorResponse(identity.error(), request.requestId);
    }
    request.identity = identity.value();
    return std::nullopt;
}

std::optional<Response> checkRole(Exchange &exchange, ServerContext &)
{
    const Request &request = exchange.request;
    const std::optional<Role> needed = minimumRole(exchange.match.route->access);
    if (!needed || exchange.metricsToken)
        return std::nullopt;
    if (!request.identity)
        return unauthorized(request, QStringLiteral("Sign in first: send Authorization: Bearer <token>"));
    if (request.identity->role < *needed) {
        return errorResponse(Error{ErrorCode::Forbidden,
                                   QStringLiteral("Your role (%1) may not do this").arg(roleName(request.identity->role)), {}},
                             request.requestId);
    }
    return std::nullopt;
}

std::optional<Response> runHandler(Exchange &exchange, ServerContext &)
{
    Request &request = exchange.request;
    try {
        return exchange.match.route->handler(request);
    } catch (const std::exception &e) {
        qCCritical(lcHandler) << "handler for" << request.route << "threw:" << e.what();
    } catch (...) {
        qCCritical(lcHandler) << "handler for" << request.route << "threw an unknown exception";
    }
    return errorResponse(Error::internal(), request.requestId);
}

} // namespace academy::http

// Stages that decide what a request is: its route, then its body.
#include "error_mapping.h"
#include "pipeline.h"
#include "strict_json.h"

namespace academy::http {

namespace {

QByteArray mediaType(const Request &request)
{
    return request.header("content-type").split(';').first().trimmed().toLower();
}

bool isUtf8OrUnspecified(const Request &request)
{
    const QByteArray type = request.header("content-type").toLower();
    const qsizetype charset = type.indexOf("charset=");
    if (charset < 0)
        return true;
    const QByteArray value = type.mid(charset + 8).split(';').first().trimmed().replace('"', "");
    return value == "utf-8" || value == "utf8";
}

Response unsupported(const Request &request, const QString &expected)
{
    return errorResponse(Error{ErrorCode::UnsupportedMediaType,
                               QStringLiteral("Send the body as %1").arg(expected), {}},
                         request.requestId);
}

} // namespace

std::optional<Response> resolveRoute(Exchange &exchange, ServerContext &context)
{
    Request &request = exchange.request;
    exchange.match = context.router.match(request.method, request.path);
    if (exchange.match.route) {
        request.route = exchange.match.route->pattern;
        request.params = exchange.match.params;
        return std::nullopt;
    }
    if (exchange.match.allowedMethods.isEmpty())
        return errorResponse(Error::notFound(QStringLiteral("Route")), request.requestId);
    const QByteArray allow = exchange.match.allowedMethods.join(QStringLiteral(", ")).toLatin1();
    Response response;
    if (request.method == "OPTIONS") {
        response = Response::empty(204);
    } else {
        response = errorResponse(Error{ErrorCode::MethodNotAllowed,
                                       QStringLiteral("%1 is not allowed here; use %2")
                                           .arg(QString::fromLatin1(request.method), QString::fromLatin1(allow)), {}},
                                 request.requestId);
    }
    response.setHeader("Allow", allow);
    return response;
}

std::optional<Response> parseBody(Exchange &exchange, ServerContext &)
{
    Request &request = exchange.request;
    const BodyKind kind = exchange.match.route->body;
    if (kind == BodyKind::None)
        return std::nullopt; // a body nobody asked for is ignored, as RFC 9110 allows
    if (request.body.isEmpty()) {
        return errorResponse(Error{ErrorCode::InvalidJson, QStringLiteral("Request body is empty"), {}},
                             request.requestId);
    }
    const QByteArray type = mediaType(request);
    if (kind == BodyKind::JsonArrayOrCsv && type == "text/csv")
        return std::nullopt;
    if (type != "application/json" || !isUtf8OrUnspecified(request))
        return unsupported(request, kind == BodyKind::JsonObject ? QStringLiteral("application/json")
                                                                 : QStringLiteral("application/json or text/csv"));
    Result<QJsonDocument> doc = parseStrictJson(request.body);
    if (!doc)
        return errorResponse(doc.error(), request.requestId);
    const bool wanted = kind == BodyKind::JsonObject ? doc->isObject() : doc->isArray();
    if (!wanted) {
        const QString shape = kind == BodyKind::JsonObject ? QStringLiteral("a JSON object") : QStringLiteral("a JSON array");
        return errorResponse(Error{ErrorCode::InvalidJson, QStringLiteral("Request body must be %1").arg(shape), {}},
                             request.requestId);
    }
    request.json = doc.value();
    return std::nullopt;
}

} // namespace academy::http

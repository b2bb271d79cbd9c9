// GET /, GET /health, GET /openapi.json
#include "error_mapping.h"
#include "http_helpers.h"
#include "routes.h"

#include <QFile>
#include <QJsonObject>

namespace academy::http {

namespace {

// 200 {"message":"API is live","version":"x.y.z"}. The body never changes: written once
// (building and serialising the object was a sixth of this route's instructions, callgrind).
Response apiLive(Request &)
{
    static const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("message"), QStringLiteral("API is live")},
                                  {QStringLiteral("version"), QStringLiteral(ACADEMY_VERSION)}})
            .toJson(QJsonDocument::Compact);
    return Response::jsonText(200, body);
}

// 200 {"status":"ok","database":"ok"}; 503 with "database":"down" (and the error shape).
Response health(ServerContext &context, Request &request)
{
    const Status database = context.database.ping();
    const QString logWriter = context.requestLog ? context.requestLog->writerState() : QStringLiteral("off");
    if (database) {
        Response response = Response::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                                            {QStringLiteral("database"), QStringLiteral("ok")},
                                                            {QStringLiteral("logWriter"), logWriter}});
        response.setHeader("Cache-Control", "no-store");
        return response;
    }
    Response response = errorReply(Error::unavailable(QStringLiteral("The database is unavailable")), request);
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    body.insert(QStringLiteral("status"), QStringLiteral("unavailable"));
    body.insert(QStringLiteral("database"), QStringLiteral("down"));
    body.insert(QStringLiteral("logWriter"), logWriter);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

// The OpenAPI 3 document shipped in resources/.
Response openApi(Request &)
{
    static const QByteArray document = [] {
        QFile file(QStringLiteral(":/openapi.json"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    Response response;
    response.body = document;
    response.setHeader("Content-Type", "application/json; charset=utf-8");
    return response;
}

} // namespace

void registerServiceRoutes(Router &router, ServerContext &context)
{
    router.add({"GET", QStringLiteral("/"), Access::Anyone, BodyKind::None, apiLive});
    router.add({"GET", QStringLiteral("/health"), Access::Anyone, BodyKind::None,
                [&context](Request &request) { return health(context, request); }});
    router.add({"GET", QStringLiteral("/openapi.json"), Access::Anyone, BodyKind::None, openApi});
}

} // namespace academy::http

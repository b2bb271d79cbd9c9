#pragma once

#include "http_message.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace academy::http {

// Who may call a route: the route × method → minimum role table is the route list itself.
// Metrics: an admin, or a request carrying the configured METRICS_TOKEN.
enum class Access { Anyone, Viewer, Staff, Admin, Metrics };

// What body a route takes; anything else is refused before the handler runs.
enum class BodyKind { None, JsonObject, JsonArrayOrCsv };

// A handler answers now, or hands back slow work with Response::deferred (see Endpoint).
using Handler = std::function<Response(Request &)>;

struct Route
{
    QByteArray method;
    QString pattern; // "/students/:id"
    Access access = Access::Anyone;
    BodyKind body = BodyKind::None;
    Handler handler;
};

struct RouteMatch
{
    const Route *route = nullptr;
    QHash<QString, QString> params;
    QStringList allowedMethods; // when the path is known but the method is not
    // The pattern the path matched, also when the method did not (a 405 or an OPTIONS reply
    // is counted and logged under its route, not as an unknown path). Empty: unknown path.
    QString pattern;
};

class Router final
{
public:
    void add(Route route);
    // Literal segments win over parameters, so /students/export is never /students/:id.
    RouteMatch match(const QByteArray &method, const QString &path) const;
    const QList<Route> &routes() const { return m_routes; }

private:
    QList<Route> m_routes;
    QList<QStringList> m_segments; // each route's pattern, split once at add()
};

} // namespace academy::http

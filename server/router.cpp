#include "router.h"

namespace academy::http {

namespace {

// Returns the number of literal segments matched, or -1 when the pattern does not match.
int matchPattern(const QString &pattern, const QString &path, QHash<QString, QString> *params)
{
    const QStringList want = pattern.split(QLatin1Char('/'));
    const QStringList have = path.split(QLatin1Char('/'));
    if (want.size() != have.size())
        return -1;
    int literals = 0;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i).startsWith(QLatin1Char(':'))) {
            if (have.at(i).isEmpty())
                return -1;
            if (params)
                params->insert(want.at(i).mid(1), have.at(i));
        } else if (want.at(i) != have.at(i)) {
            return -1;
        } else {
            ++literals;
        }
    }
    return literals;
}

} // namespace

void Router::add(Route route)
{
    m_routes.append(std::move(route));
}

RouteMatch Router::match(const QByteArray &method, const QString &path) const
{
    // The best patterns for this path: the ones with the most literal segments.
    int best = -1;
    for (const Route &route : m_routes)
        best = qMax(best, matchPattern(route.pattern, path, nullptr));
    RouteMatch result;
    if (best < 0)
        return result;
    const QByteArray wanted = method == "HEAD" ? QByteArray("GET") : method;
    for (const Route &route : m_routes) {
        if (matchPattern(route.pattern, path, nullptr) != best)
            continue;
        if (route.method == wanted && !result.route) {
            result.route = &route;
            matchPattern(route.pattern, path, &result.params);
        }
        result.allowedMethods.append(QString::fromLatin1(route.method));
        if (route.method == "GET")
            result.allowedMethods.append(QStringLiteral("HEAD"));
    }
    result.allowedMethods.append(QStringLiteral("OPTIONS"));
    result.allowedMethods.removeDuplicates();
    return result;
}

} // namespace academy::http

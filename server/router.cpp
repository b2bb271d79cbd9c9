#include "router.h"

namespace academy::http {

namespace {

// Returns the number of literal segments matched, or -1 when the pattern does not match.
// Both sides come split on '/': matching runs for every route on every request.
int matchPattern(const QStringList &want, const QList<QStringView> &have, QHash<QString, QString> *params)
{
    if (want.size() != have.size())
        return -1;
    int literals = 0;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i).startsWith(QLatin1Char(':'))) {
            if (have.at(i).isEmpty())
                return -1;
            if (params)
                params->insert(want.at(i).mid(1), have.at(i).toString());
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
    m_segments.append(route.pattern.split(QLatin1Char('/')));
    m_routes.append(std::move(route));
}

RouteMatch Router::match(const QByteArray &method, const QString &path) const
{
    // The best patterns for this path: the ones with the most literal segments.
    const QList<QStringView> have = QStringView(path).split(QLatin1Char('/'));
    QList<int> literals(m_routes.size());
    int best = -1;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        literals[i] = matchPattern(m_segments.at(i), have, nullptr);
        best = qMax(best, literals.at(i));
    }
    RouteMatch result;
    if (best < 0)
        return result;
    const QByteArray wanted = method == "HEAD" ? QByteArray("GET") : method;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        if (literals.at(i) == best && m_routes.at(i).method == wanted) {
            result.route = &m_routes.at(i);
            result.pattern = result.route->pattern;
            matchPattern(m_segments.at(i), have, &result.params);
            return result;
        }
    }
    // Known path, other method: what Allow lists (only built here, off the hot path).
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        if (literals.at(i) != best)
            continue;
        if (result.pattern.isEmpty())
            result.pattern = m_routes.at(i).pattern;
        result.allowedMethods.append(QString::fromLatin1(m_routes.at(i).method));
        if (m_routes.at(i).method == "GET")
            result.allowedMethods.append(QStringLiteral("HEAD"));
    }
    result.allowedMethods.append(QStringLiteral("OPTIONS"));
    result.allowedMethods.removeDuplicates();
    return result;
}

} // namespace academy::http

#include "http_helpers.h"

#include "error_mapping.h"

#include <cmath>

namespace academy::http {

namespace {

Error badParameter(const QString &name, const QString &message)
{
    return {ErrorCode::InvalidQuery, QStringLiteral("Query parameter %1 %2").arg(name, message), {{name, message}}};
}

std::optional<int> parseTag(QByteArray tag)
{
    tag = tag.trimmed();
    if (tag.startsWith("W/"))
        tag = tag.mid(2);
    if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
        tag = tag.mid(1, tag.size() - 2);
    bool ok = false;
    const int version = tag.toInt(&ok);
    return ok && version > 0 ? std::optional<int>(version) : std::nullopt;
}

} // namespace

Response errorReply(const Error &error, const Request &request)
{
    return errorResponse(error, request.requestId);
}

Actor actorOf(const Request &request)
{
    Actor actor;
    if (request.identity)
        actor.userId = request.identity->userId;
    actor.address = request.client.toString();
    return actor;
}

std::optional<qint64> positiveId(const QString &text)
{
    if (text.isEmpty() || text.size() > 18 || !std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }))
        return std::nullopt;
    const qint64 id = text.toLongLong();
    return id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

Result<std::optional<qint64>> queryInteger(const Request &request, const QString &name, qint64 min, qint64 max)
{
    if (!request.query.hasQueryItem(name))
        return std::optional<qint64>();
    const QString text = request.query.queryItemValue(name, QUrl::FullyDecoded);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return badParameter(name, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
    return std::optional<qint64>(value);
}

Result<std::optional<double>> queryNumber(const Request &request, const QString &name)
{
    if (!request.query.hasQueryItem(name))
        return std::optional<double>();
    bool ok = false;
    const double value = request.query.queryItemValue(name, QUrl::FullyDecoded).toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return badParameter(name, QStringLiteral("must be a number"));
    return std::optional<double>(value);
}

Result<bool> queryFlag(const Request &request, const QString &name)
{
    if (!request.query.hasQueryItem(name))
        return false;
    const QString text = request.query.queryItemValue(name).toLower();
    if (text.isEmpty() || text == QLatin1String("true") || text == QLatin1String("1"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("0"))
        return false;
    return badParameter(name, QStringLiteral("must be true or false"));
}

QByteArray versionTag(int version)
{
    return '"' + QByteArray::number(version) + '"';
}

std::optional<int> ifMatchVersion(const Request &request)
{
    const QByteArray header = request.header("if-match").trimmed();
    if (header.isEmpty() || header == "*")
        return std::nullopt;
    return parseTag(header).value_or(-1);
}

bool ifNoneMatchHits(const Request &request, int version)
{
    const QByteArray header = request.header("if-none-match").trimmed();
    if (header == "*")
        return true;
    for (const QByteArray &tag : header.split(',')) {
        if (parseTag(tag) == version)
            return true;
    }
    return false;
}

} // namespace academy::http

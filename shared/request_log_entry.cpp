#include "request_log_entry.h"

#include "student.h"

namespace academy {

QJsonObject RequestLogEntry::toJson() const
{
    return QJsonObject{
        // A live entry (the SSE stream) is not stored yet: no id rather than a made-up one.
        {QStringLiteral("id"), id > 0 ? QJsonValue(id) : QJsonValue()},
        {QStringLiteral("time"), formatTimestamp(time)},
        {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
        {QStringLiteral("method"), QString::fromLatin1(method)},
        {QStringLiteral("path"), path},
        {QStringLiteral("route"), route},
        {QStringLiteral("status"), status},
        {QStringLiteral("durationMs"), qRound(durationMs * 1000) / 1000.0},
        {QStringLiteral("bytes"), bytesOut},
        {QStringLiteral("bytesIn"), bytesIn},
        {QStringLiteral("bytesOut"), bytesOut},
        {QStringLiteral("remoteAddress"), remoteAddress},
        {QStringLiteral("userId"), userId ? QJsonValue(*userId) : QJsonValue()},
    };
}

} // namespace academy

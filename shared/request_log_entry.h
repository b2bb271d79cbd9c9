#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace academy {

// One finished request, as the request log keeps it: never a body, a password or a token,
// and the query values of secret-looking keys already masked.
struct RequestLogEntry
{
    qint64 id = 0; // set once stored; 0 (JSON null) before
    QDateTime time;
    QByteArray requestId;
    QByteArray method;
    QString path;
    QString route; // the matched pattern ("/students/:id"), empty when none matched
    int status = 0;
    double durationMs = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    QString remoteAddress;
    std::optional<qint64> userId;

    // The contract's shape: {id,time,requestId,method,path,status,durationMs,bytes,remoteAddress,userId}
    // plus route, bytesIn and bytesOut.
    QJsonObject toJson() const;
};

} // namespace academy

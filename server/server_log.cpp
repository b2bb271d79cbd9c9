#include "server_log.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

#include <cstdio>

namespace academy {

namespace {

LogLevel threshold = LogLevel::Info;
QMutex writeLock;

LogLevel levelOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return LogLevel::Debug;
    case QtInfoMsg: return LogLevel::Info;
    case QtWarningMsg: return LogLevel::Warning;
    default: return LogLevel::Error;
    }
}

const char *nameOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    default: return "error";
    }
}

void writeLine(const QByteArray &line)
{
    QMutexLocker locker(&writeLock);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fputc('\n', stderr);
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (levelOf(type) < threshold)
        return;
    const QJsonObject line{{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("level"), QLatin1String(nameOf(type))},
                           {QStringLiteral("category"), QLatin1String(context.category ? context.category : "default")},
                           {QStringLiteral("message"), message}};
    writeLine(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

} // namespace

void installServerLog(LogLevel level)
{
    threshold = level;
    qInstallMessageHandler(handler);
}

void writeAccessLogLine(const http::AccessLogEntry &entry)
{
    if (threshold > LogLevel::Info)
        return;
    QJsonObject line{{QStringLiteral("time"), entry.time.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("level"), QStringLiteral("info")},
                     {QStringLiteral("requestId"), QString::fromLatin1(entry.requestId)},
                     {QStringLiteral("method"), QString::fromLatin1(entry.method)},
                     {QStringLiteral("path"), entry.path},
                     {QStringLiteral("route"), entry.route},
                     {QStringLiteral("status"), entry.status},
                     {QStringLiteral("durationMs"), qRound(entry.durationMs * 1000) / 1000.0},
                     {QStringLiteral("bytesIn"), entry.bytesIn},
                     {QStringLiteral("bytesOut"), entry.bytesOut},
                     {QStringLiteral("remoteAddress"), entry.remoteAddress},
                     {QStringLiteral("userId"), entry.userId ? QJsonValue(*entry.userId) : QJsonValue()}};
    writeLine(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

} // namespace academy

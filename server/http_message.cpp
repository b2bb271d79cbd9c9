#include "http_message.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>

namespace academy::http {

namespace {

const QByteArray jsonType = QByteArrayLiteral("application/json; charset=utf-8");

QByteArray httpDate()
{
    // RFC 9110 IMF-fixdate, always in English; formatted once a second per thread.
    thread_local qint64 formattedSecond = -1;
    thread_local QByteArray formatted;
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != formattedSecond) {
        formattedSecond = second;
        formatted = QLocale::c()
                        .toString(QDateTime::fromSecsSinceEpoch(second, Qt::UTC), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                        .toLatin1();
    }
    return formatted;
}

} // namespace

void Response::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray Response::header(const QByteArray &name) const
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

Response Response::json(int status, const QJsonObject &object)
{
    Response response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    response.setHeader("Content-Type", jsonType);
    return response;
}

Response Response::json(int status, const QJsonArray &array)
{
    Response response;
    response.status = status;
    response.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    response.setHeader("Content-Type", jsonType);
    return response;
}

Response Response::jsonText(int status, QByteArray text)
{
    Response response;
    response.status = status;
    response.body = std::move(text);
    response.setHeader("Content-Type", jsonType);
    return response;
}

Response Response::empty(int status)
{
    Response response;
    response.status = status;
    return response;
}

Response Response::deferred(std::function<Response()> work)
{
    Response response;
    response.later = std::move(work);
    return response;
}

Response Response::awaiting(std::function<void(std::function<void(Response)>)> start)
{
    Response response;
    response.pending = std::move(start);
    return response;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray newRequestId()
{
    quint64 words[2];
    QRandomGenerator::global()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
}

// Appended piece by piece into one buffer: building each line from temporaries was most of
// this function's cost, and it runs for every reply.
QByteArray serialize(const Response &response, bool head)
{
    const bool bodyless = response.status == 204 || response.status == 304;
    QByteArray out;
    out.reserve(256 + (head || bodyless ? 0 : response.body.size()));
    out.append("HTTP/1.1 ").append(QByteArray::number(response.status)).append(' ').append(reasonPhrase(response.status));
    out.append("\r\nDate: ").append(httpDate()).append("\r\n");
    for (const auto &[name, value] : response.headers)
        out.append(name).append(": ").append(value).append("\r\n");
    // 204 and 304 carry no body and, per RFC 9110, no Content-Length worth sending; a
    // stream's body ends when the connection does.
    if (!bodyless && !response.stream)
        out.append("Content-Length: ").append(QByteArray::number(response.body.size())).append("\r\n");
    if (response.closeConnection)
        out.append("Connection: close\r\n");
    out.append("\r\n");
    if (!head && !bodyless)
        out.append(response.body);
    return out;
}

} // namespace academy::http

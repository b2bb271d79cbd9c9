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
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (now.toSecsSinceEpoch() != formattedSecond) {
        formattedSecond = now.toSecsSinceEpoch();
        formatted = QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
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

QByteArray serialize(const Response &response, bool head)
{
    QByteArray out;
    out.reserve(256 + (head ? 0 : response.body.size()));
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    // 204 and 304 carry no body and, per RFC 9110, no Content-Length worth sending; a
    // stream's body ends when the connection does.
    if (response.status != 204 && response.status != 304 && !response.stream)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (response.closeConnection)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!head && response.status != 204 && response.status != 304)
        out += response.body;
    return out;
}

} // namespace academy::http

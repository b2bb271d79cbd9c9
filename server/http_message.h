#pragma once

#include "user.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QUrlQuery>

class QTcpSocket;

#include <functional>
#include <optional>

namespace academy::http {

// Who is calling, once authentication has run.
struct Identity
{
    qint64 userId = 0;
    QString email;
    Role role = Role::Viewer;
    QByteArray sessionId; // the token's jti
};

// One request as the pipeline sees it: parsed once, then enriched by the stages.
struct Request
{
    QByteArray method;                     // "GET", "POST", ...
    QString path;                          // percent-decoded
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QByteArray body;
    QHostAddress peer;                     // the socket's peer
    QHostAddress client;                   // peer, or X-Forwarded-For from a trusted proxy
    bool tls = false;
    QElapsedTimer timer;                   // started when the request reached the pipeline

    // Filled by the stages.
    QByteArray requestId;
    QString route;                         // the matched pattern, e.g. "/students/:id"
    QHash<QString, QString> params;        // path parameters, e.g. {"id", "7"}
    std::optional<QJsonDocument> json;     // parsed JSON body, when one was sent
    std::optional<Identity> identity;

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
};

// One response; the connection serialises it (status line, Date, Content-Length, ...).
struct Response
{
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closeConnection = false;
    // Slow work (password hashing) the handler hands back: it runs on the server's bounded
    // pool, off the serving thread, and its Response is sent in this one's place.
    std::function<Response()> later;
    // A reply some other thread gives (e.g. after a group commit): called on the serving
    // thread with the function to call, once and from any thread, with the reply.
    std::function<void(std::function<void(Response)>)> pending;
    // A reply without an end (Server-Sent Events): the head goes out, then this takes over
    // the socket. Close-delimited, so the connection serves nothing after it.
    std::function<void(QTcpSocket *)> stream;
    // Who a request without a token turned out to be: the user a login signed in. The
    // request log records it as the request's user (a failed login stays anonymous).
    std::optional<qint64> signedInUserId;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static Response json(int status, const QJsonObject &object);
    static Response json(int status, const QJsonArray &array);
    // JSON text written elsewhere (see json_text.h).
    static Response jsonText(int status, QByteArray text);
    static Response empty(int status);
    static Response deferred(std::function<Response()> work);
    static Response awaiting(std::function<void(std::function<void(Response)>)> start);
};

QByteArray reasonPhrase(int status);

// A fresh request id: 32 hex digits (128 random bits).
QByteArray newRequestId();

// The wire form. `head` skips the body but keeps its Content-Length (answers to HEAD).
QByteArray serialize(const Response &response, bool head);

} // namespace academy::http

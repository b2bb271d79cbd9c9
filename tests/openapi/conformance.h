#pragma once

#include "openapi_document.h"

#include <QJsonValue>
#include <QSet>

namespace academy::test {

// One request as a conformance test sends it.
struct Call
{
    QByteArray method;
    QByteArray target;
    QByteArray token; // sent as "Authorization: Bearer <token>" when not empty
    QByteArray body;
    QByteArray contentType; // sent when not empty
    QByteArray headers;     // further header lines, each ending in \r\n
};

Call get(const QByteArray &target, const QByteArray &token = {}, const QByteArray &headers = {});
// A call without a body, e.g. DELETE or POST /logout.
Call bare(const QByteArray &method, const QByteArray &target, const QByteArray &token,
          const QByteArray &headers = {});
// `body` as compact JSON with Content-Type application/json.
Call withJson(const QByteArray &method, const QByteArray &target, const QByteArray &token,
              const QJsonValue &body, const QByteArray &headers = {});

// Sends calls to a server and holds each reply against the document, remembering which of
// the document's operations a reply was checked for.
class ConformanceClient final
{
public:
    explicit ConformanceClient(const OpenApiDocument &document) : m_document(document) {}

    // Sends `call` on a fresh connection and returns the reply; `problems` gets every way it
    // is not `status` or does not fit the document (and, when the server accepted the
    // request, every way the request does not fit it).
    HttpReply exchange(quint16 port, const Call &call, int status, QString *problems);
    // Counts an operation whose reply the caller checked by other means.
    void exercised(const QByteArray &method, const QString &pathTemplate);
    // "GET /students/{id}", ... of the document's operations no reply was checked for.
    QStringList unexercised() const;

private:
    const OpenApiDocument &m_document;
    QSet<QString> m_exercised;
};

// The status line and headers of a reply whose body has no end (an event stream); the body
// is what came after them. Status 0 when `received` holds no complete head.
HttpReply replyHead(const QByteArray &received);

} // namespace academy::test

// `reply = client.exchange(port, call, status, &problems)`; fails the test on a problem.
#define QVERIFY_EXCHANGE(client, reply, port, call, status)                                        \
    do {                                                                                           \
        QString problems_;                                                                         \
        (reply) = (client).exchange((port), (call), (status), &problems_);                         \
        QVERIFY2(problems_.isEmpty(), qPrintable(problems_));                                      \
    } while (false)

// The same for a reply the test needs no more of.
#define QVERIFY_CONFORMS(client, port, call, status)                                               \
    do {                                                                                           \
        academy::test::HttpReply reply_;                                                           \
        QVERIFY_EXCHANGE((client), reply_, (port), (call), (status));                              \
    } while (false)

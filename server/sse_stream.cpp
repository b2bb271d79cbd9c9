#include "sse_stream.h"

#include "request_log.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace academy::http {

SseStream::SseStream(QTcpSocket *socket, RequestLog &log) : QObject(socket), m_socket(socket), m_log(log)
{
    QPointer<SseStream> self(this);
    m_subscription = m_log.subscribe(QueueCapacity, [self] {
        QMetaObject::invokeMethod(self, [self] { if (self) self->deliver(); }, Qt::QueuedConnection);
    });
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { send(": keep-alive\n\n"); });
    m_heartbeat.start(HeartbeatMs);
    send(": connected\n\n");
}

SseStream::~SseStream()
{
    m_log.unsubscribe(m_subscription);
}

void SseStream::deliver()
{
    if (m_subscription->overflowed()) {
        if (m_socket)
            m_socket->abort(); // too far behind: drop it
        return;
    }
    QByteArray bytes;
    for (const RequestLogEntry &entry : m_subscription->take())
        // The event's id is the request's X-Request-Id (printable, no line breaks), which the
        // client can look up. The stream does not resume from a Last-Event-ID: /logs has the past.
        bytes += "event: request\nid: " + entry.requestId + "\ndata: "
                 + QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + "\n\n";
    if (!bytes.isEmpty())
        send(bytes);
}

void SseStream::send(const QByteArray &bytes)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_socket->bytesToWrite() > MaxUnsentBytes) {
        m_socket->abort(); // the client stopped reading
        return;
    }
    m_socket->write(bytes);
}

} // namespace academy::http

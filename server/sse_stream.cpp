#include "sse_stream.h"

#include "request_log.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace academy::http {

namespace {

QByteArray resumeComment(RequestLog::Resume resume)
{
    switch (resume) {
    case RequestLog::Resume::Live:
        return {};
    case RequestLog::Resume::Replayed:
        return ": resumed after Last-Event-ID\n\n";
    case RequestLog::Resume::Truncated:
        return ": resumed with the newest of the missed events; GET /logs has the others\n\n";
    case RequestLog::Resume::NotFound:
        return ": cannot resume after Last-Event-ID, it is no longer held; GET /logs has the past\n\n";
    }
    return {};
}

} // namespace

SseStream::SseStream(QTcpSocket *socket, RequestLog &log, const QByteArray &lastEventId)
    : QObject(socket), m_socket(socket), m_log(log)
{
    QPointer<SseStream> self(this);
    RequestLog::Resume resume = RequestLog::Resume::Live;
    m_subscription = m_log.subscribe(
        QueueCapacity,
        [self] { QMetaObject::invokeMethod(self, [self] { if (self) self->deliver(); }, Qt::QueuedConnection); },
        lastEventId, &resume);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { send(": keep-alive\n\n"); });
    m_heartbeat.start(HeartbeatMs);
    // Before any event: the replayed ones are delivered from the event loop, after this.
    send(": connected\n\n" + resumeComment(resume));
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
        // client can look up, and which it sends back as Last-Event-ID when it reconnects.
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

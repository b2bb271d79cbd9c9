#pragma once

#include "log_subscription.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace academy::http {

class RequestLog;

// One Server-Sent Events client of the live request log, living on its connection's
// thread. Events are batched per wake-up; a client that stops reading (its socket's write
// buffer passes a bound, or its subscription overflows) is dropped, never buffered for.
class SseStream final : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 MaxUnsentBytes = 1024 * 1024;
    static constexpr qsizetype QueueCapacity = 1000;
    static constexpr int HeartbeatMs = 15000;

    // `lastEventId`: the Last-Event-ID a reconnecting client sent (empty: none). What it
    // missed and the ring still holds comes first; a comment says when that cannot be.
    SseStream(QTcpSocket *socket, RequestLog &log, const QByteArray &lastEventId);
    ~SseStream() override;

private:
    void deliver();
    void send(const QByteArray &bytes);

    QPointer<QTcpSocket> m_socket;
    RequestLog &m_log;
    std::shared_ptr<LogSubscription> m_subscription;
    QTimer m_heartbeat;
};

} // namespace academy::http

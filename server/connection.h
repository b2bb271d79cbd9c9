#pragma once

#include "request_framer.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace academy::http {

class ConnectionLimits;

struct ConnectionSettings
{
    RequestFramer::Limits limits;
    int headerTimeoutMs = 10000;
    int idleTimeoutMs = 15000;
};

// The guard of one client connection, living as a child of its socket. It sees every byte
// before QHttpServer does (its readyRead slot is connected first) and refuses what
// QHttpServer 6.4 would accept unbounded; it closes slow and idle clients; and it writes
// replies strictly in request order, so a deferred reply cannot overtake or be overtaken
// by a pipelined one.
class Connection final : public QObject
{
    Q_OBJECT

public:
    Connection(QTcpSocket *socket, const ConnectionSettings &settings, ConnectionLimits &limits,
               const QHostAddress &peer, bool tls);
    ~Connection() override;

    static Connection *of(QTcpSocket *socket);

    bool tls() const { return m_tls; }
    const QHostAddress &peer() const { return m_peer; }
    // The peer as the access log writes it, formatted once per connection.
    const QString &peerText() const { return m_peerText; }

    // Called when QHttpServer hands over a complete request: its head as the guard saw it
    // and the sequence number its reply must carry.
    struct Dispatch
    {
        RequestHead head;
        quint64 sequence = 0;
    };
    Dispatch takeRequest();

    enum class After { KeepOpen, Close, Stream };
    // Queues a reply; replies leave in sequence order. After::Close ends the connection once
    // it is written; After::Stream hands the connection to `startStream` once the head is out.
    void reply(quint64 sequence, const QByteArray &bytes, After after,
               std::function<void()> startStream = {});

    // Re-delivers bytes QHttpServer left unread after a complete message (pipelining): its
    // 6.4 reader handles one message per readyRead.
    void resumeAfterDispatch();

    quint64 bytesIn() const { return m_bytesIn; }

Q_SIGNALS:
    // A request was refused by the guard or timed out, for the access log.
    void refused(const QByteArray &requestId, const QByteArray &method, const QByteArray &target, int status,
                 qint64 bytesIn, qint64 bytesOut);

private:
    // What the connection's timeout is timing. A head's time counts from its first byte (the
    // first head's from the accept), so a client that trickles a byte at a time cannot hold
    // the connection.
    enum class Waiting { Head, Body, Idle, Nothing };

    void onReadyRead();
    void refuse(const Refusal &refusal, const RequestHead *head = nullptr);
    void onTimeout();
    void updateTimer();
    void flushReplies();
    void wait(Waiting what, int timeoutMs);
    void drainAndClose();

    QPointer<QTcpSocket> m_socket;
    ConnectionSettings m_settings;
    ConnectionLimits &m_limits;
    QHostAddress m_peer;
    QString m_peerText;
    bool m_tls;
    RequestFramer m_framer;
    QQueue<RequestHead> m_heads;
    qint64 m_examined = 0; // bytes in the socket buffer already seen by the framer
    quint64 m_bytesIn = 0;
    quint64 m_nextSequence = 0;
    quint64 m_nextToSend = 0;
    struct PendingReply
    {
        QByteArray bytes;
        After after;
        std::function<void()> startStream;
    };
    QMap<quint64, PendingReply> m_pendingReplies;
    QTimer m_timer;
    Waiting m_waiting = Waiting::Nothing;
    QDeadlineTimer m_deadline; // of what m_waiting names
    QDeadlineTimer m_timerDue; // when m_timer fires, if active
    bool m_closing = false;
    qint64 m_drained = 0;
};

} // namespace academy::http

#include "connection.h"

#include "connection_limits.h"
#include "error_mapping.h"

#include <QScopeGuard>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace academy::http {

namespace {

constexpr qint64 MaxDrainBytes = 256 * 1024; // what a refused client may still send us
constexpr int DrainMs = 2000;

} // namespace

Connection::Connection(QTcpSocket *socket, const ConnectionSettings &settings,
                       ConnectionLimits &limits, const QHostAddress &peer, bool tls)
    : QObject(socket), m_socket(socket), m_settings(settings), m_limits(limits), m_peer(peer),
      m_peerText(peer.toString()), m_tls(tls), m_framer(settings.limits)
{
    setObjectName(QStringLiteral("academy-connection"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Connection::onTimeout);
    // Connected before QHttpServer sees the socket, so this slot always runs first.
    connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
    // A fresh connection must send its first head within the header timeout.
    wait(Waiting::Head, m_settings.headerTimeoutMs);
}

Connection::~Connection()
{
    m_limits.release(m_peer);
}

Connection *Connection::of(QTcpSocket *socket)
{
    return socket->findChild<Connection *>(QStringLiteral("academy-connection"), Qt::FindDirectChildrenOnly);
}

void Connection::onReadyRead()
{
    if (!m_socket)
        return;
    if (!m_socket->isOpen()) {
        // A readyRead queued before the client hung up: there is nothing left to read, and
        // QHttpServer's reader (connected after this one) is kept from logging "device not
        // open" for it.
        disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
        return;
    }
    if (m_closing)
        return;
    // QHttpServer reads inside a transaction: the buffer holds what it has not consumed yet,
    // of which the first m_examined bytes were fed to the framer already.
    const QByteArray available = m_socket->peek(m_socket->bytesAvailable());
    const QByteArrayView fresh = QByteArrayView(available).sliced(qMin<qint64>(m_examined, available.size()));
    m_bytesIn += fresh.size();
    QList<RequestHead> heads;
    const std::optional<Refusal> refusal = m_framer.feed(fresh, heads);
    for (const RequestHead &head : std::as_const(heads)) {
        if (head.expectContinue && !refusal)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        m_heads.enqueue(head);
        m_waiting = Waiting::Nothing; // the next head gets time of its own
    }
    if (refusal) {
        refuse(*refusal, m_framer.currentHead());
        return;
    }
    // Unless a complete message is dispatched (which resets this), QHttpServer consumes all.
    m_examined = 0;
    updateTimer();
}

Connection::Dispatch Connection::takeRequest()
{
    Dispatch dispatch;
    dispatch.head = m_heads.isEmpty() ? RequestHead{} : m_heads.dequeue();
    dispatch.sequence = m_nextSequence++;
    if (m_socket)
        m_examined = m_socket->bytesAvailable(); // pipelined bytes, framed already
    updateTimer();
    return dispatch;
}

void Connection::resumeAfterDispatch()
{
    if (!m_socket || m_closing || m_socket->bytesAvailable() == 0)
        return;
    QPointer<QTcpSocket> socket = m_socket;
    QMetaObject::invokeMethod(
        this, [socket] { if (socket) Q_EMIT socket->readyRead(); }, Qt::QueuedConnection);
}

void Connection::reply(quint64 sequence, const QByteArray &bytes, After after, std::function<void()> startStream)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_pendingReplies.insert(sequence, {bytes, after, std::move(startStream)});
    flushReplies();
}

void Connection::flushReplies()
{
    // Written to the socket now, not at the event loop's next turn: QAbstractSocket only
    // buffers a write and waits for a write notification, an extra poll and event per reply.
    const auto writeNow = qScopeGuard([this] {
        if (m_socket && m_socket->bytesToWrite() > 0)
            m_socket->flush();
    });
    while (!m_closing && m_pendingReplies.contains(m_nextToSend)) {
        PendingReply reply = m_pendingReplies.take(m_nextToSend++);
        m_socket->write(reply.bytes);
        if (reply.after == After::KeepOpen)
            continue;
        m_closing = true; // nothing more is read or answered on this connection
        m_pendingReplies.clear();
        m_timer.stop();
        if (reply.after == After::Stream) {
            disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
            reply.startStream();
        } else {
            m_socket->disconnectFromHost(); // after the write buffer is flushed
        }
        return;
    }
    updateTimer();
}

void Connection::updateTimer()
{
    if (m_closing)
        return;
    const bool waitingForReplies = m_nextToSend < m_nextSequence;
    if (m_framer.inHead()) {
        if (m_waiting != Waiting::Head) // not restarted by every byte of the same head
            wait(Waiting::Head, m_settings.headerTimeoutMs);
    } else if (m_framer.inBody()) {
        wait(Waiting::Body, m_settings.headerTimeoutMs); // a body that makes progress may take longer
    } else if (!waitingForReplies && m_heads.isEmpty()) {
        wait(Waiting::Idle, m_settings.idleTimeoutMs);
    } else {
        m_waiting = Waiting::Nothing; // a timer still running finds nothing to time
    }
}

// Every keep-alive request moves the deadline (idle, then nothing, then idle again). Moving
// a number instead of stopping and starting the QTimer each time spares the event loop two
// timer registrations per request; a timer that fires early for a deadline moved later is
// started again for what is left.
void Connection::wait(Waiting what, int timeoutMs)
{
    m_waiting = what;
    m_deadline = QDeadlineTimer(timeoutMs);
    if (!m_timer.isActive() || m_timerDue > m_deadline) {
        m_timer.start(timeoutMs);
        m_timerDue = m_deadline;
    }
}

void Connection::onTimeout()
{
    if (!m_socket || m_closing || m_waiting == Waiting::Nothing)
        return;
    if (const qint64 left = m_deadline.remainingTime(); left > 0) {
        m_timer.start(int(left));
        m_timerDue = m_deadline;
        return;
    }
    if (m_framer.inHead() || m_framer.inBody()) {
        refuse({408, ErrorCode::BadRequest, QStringLiteral("The request was not received in time")}, m_framer.currentHead());
        return;
    }
    // Idle keep-alive connection (or a client that never sent anything): close quietly.
    m_closing = true;
    m_socket->disconnectFromHost();
}

void Connection::refuse(const Refusal &refusal, const RequestHead *head)
{
    const QByteArray requestId = newRequestId();
    Response response = errorResponse(refusal.status, refusal.code, refusal.message, requestId);
    response.setHeader("X-Request-Id", requestId);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.closeConnection = true;
    const QByteArray reply = serialize(response, false);
    Q_EMIT refused(requestId, head ? head->method : QByteArray(), head ? head->target : QByteArray(),
                   refusal.status, qint64(m_bytesIn), reply.size());
    m_closing = true;
    m_timer.stop();
    // QHttpServer must not parse anything more from this connection.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->write(reply);
    m_socket->flush();
    drainAndClose();
}

// Closing at once while the client still sends would reset the connection and could
// destroy our reply before the client reads it: stop sending, discard a bounded amount of
// what still arrives for a moment, then close.
void Connection::drainAndClose()
{
    if (!m_tls && m_socket->bytesToWrite() == 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        m_drained += m_socket->skip(m_socket->bytesAvailable());
        if (m_drained > MaxDrainBytes)
            m_socket->abort();
    });
    m_socket->skip(m_socket->bytesAvailable());
    QTimer::singleShot(DrainMs, this, [socket = m_socket] {
        if (socket)
            socket->disconnectFromHost();
    });
}

} // namespace academy::http

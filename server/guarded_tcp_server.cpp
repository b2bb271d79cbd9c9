#include "guarded_tcp_server.h"

#include "connection_limits.h"
#include "pipeline.h"

#include <QSslSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

namespace academy::http {

namespace {

constexpr int AcceptRetryMs = 200;

QHostAddress peerOf(qintptr descriptor)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
}

} // namespace

GuardedTcpServer::GuardedTcpServer(ServerContext &context, ConnectionSettings settings,
                                   std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent), m_context(context), m_settings(settings), m_tls(std::move(tls)),
      m_share(context.balancer.join(this, m_tls.has_value()))
{
    connect(this, &QTcpServer::acceptError, this, [this] {
        pauseAccepting();
        QTimer::singleShot(AcceptRetryMs, this, &QTcpServer::resumeAccepting);
    });
}

GuardedTcpServer::~GuardedTcpServer()
{
    m_context.balancer.leave(m_share);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    const QHostAddress peer = peerOf(descriptor);
    RefusalReason reason{};
    if (m_context.shuttingDown.load() || !m_context.connectionLimits.tryAcquire(peer, &reason)) {
        refuseAtAccept(descriptor, reason);
        return;
    }
    if (m_context.balancer.keepOrHand(m_share, descriptor, peer, m_context.connectionLimits))
        adopt(descriptor, peer);
}

void GuardedTcpServer::adopt(qintptr descriptor, const QHostAddress &peer)
{
    QTcpSocket *socket = m_tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        m_context.connectionLimits.release(peer);
        m_context.balancer.release(m_share);
        delete socket;
        ::close(int(descriptor));
        return;
    }
    connect(socket, &QObject::destroyed, [&balancer = m_context.balancer, share = m_share] { balancer.release(share); });
    // Replies go out whole in one write; Nagle's algorithm could only hold back the second of
    // two pipelined ones until the client's delayed ACK.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Owns the per-address count from here on (released when the socket goes).
    auto *connection = new Connection(socket, m_settings, m_context.connectionLimits, peer, m_tls.has_value());
    connect(connection, &Connection::refused, this,
            [this, peer](const QByteArray &requestId, const QByteArray &method, const QByteArray &target,
                         int status, qint64 bytesIn, qint64 bytesOut) {
                RequestLogEntry entry;
                entry.time = QDateTime::currentDateTimeUtc();
                entry.requestId = requestId;
                entry.method = method.isEmpty() ? QByteArray("-") : method.left(16);
                entry.path = target.isEmpty() ? QStringLiteral("-") : maskedTarget(target.left(2048));
                entry.status = status;
                entry.bytesIn = bytesIn;
                entry.bytesOut = bytesOut;
                entry.remoteAddress = peer.toString();
                m_context.recordFinished(entry);
            });
    if (m_tls)
        startTls(socket);
    else
        addPendingConnection(socket);
}

void GuardedTcpServer::startTls(QTcpSocket *socket)
{
    auto *tlsSocket = static_cast<QSslSocket *>(socket);
    tlsSocket->setSslConfiguration(*m_tls);
    connect(tlsSocket, &QSslSocket::encrypted, this, [this, tlsSocket] {
        tlsSocket->setProperty("academy.handed-over", true);
        addPendingConnection(tlsSocket);
    });
    // A failed or abandoned handshake never reaches QHttpServer: clean up here.
    connect(tlsSocket, &QAbstractSocket::disconnected, this, [tlsSocket] {
        if (!tlsSocket->property("academy.handed-over").toBool())
            tlsSocket->deleteLater();
    });
    connect(tlsSocket, &QSslSocket::sslErrors, tlsSocket, [tlsSocket] { tlsSocket->abort(); });
    tlsSocket->startServerEncryption();
}

void GuardedTcpServer::refuseAtAccept(qintptr descriptor, RefusalReason reason)
{
    Q_EMIT connectionRefused(reason);
    // A best-effort reply without a socket object; the client may read it or not.
    const QByteArray requestId = newRequestId();
    const QByteArray body = "{\"message\":\"Too many open connections; try again shortly\",\"error\":\"unavailable\","
                            "\"requestId\":\"" + requestId + "\"}";
    const QByteArray reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
                             "X-Request-Id: " + requestId + "\r\nX-Content-Type-Options: nosniff\r\n"
                             "Retry-After: 1\r\nConnection: close\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    if (!m_tls)
        (void)::send(int(descriptor), reply.constData(), size_t(reply.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::close(int(descriptor));
}

} // namespace academy::http

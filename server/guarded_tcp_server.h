#pragma once

#include "connection.h"
#include "connection_balancer.h"
#include "server_context.h"

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace academy::http {

// A listener that applies the connection caps at accept (before any socket object or
// buffer exists), attaches the guard to every connection before QHttpServer sees it, and
// for HTTPS completes the TLS handshake first. After an accept error (e.g. out of file
// descriptors) it pauses briefly instead of spinning.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(ServerContext &context, ConnectionSettings settings,
                     std::optional<QSslConfiguration> tls, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    // Serves a connection accepted (and counted against the limits) by another thread's
    // listener, handed over by the ConnectionBalancer.
    void adopt(qintptr descriptor, const QHostAddress &peer);

Q_SIGNALS:
    void connectionRefused(RefusalReason reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void refuseAtAccept(qintptr descriptor, RefusalReason reason);
    void startTls(QTcpSocket *socket);

    ServerContext &m_context;
    ConnectionSettings m_settings;
    std::optional<QSslConfiguration> m_tls;
    ConnectionBalancer::Member *m_share;
};

} // namespace academy::http

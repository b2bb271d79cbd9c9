#pragma once

#include "pipeline.h"
#include "request_framer.h"

#include <QAbstractHttpServer>
#include <QThreadPool>

#include <optional>

namespace academy::http {

class Connection;

// QHttpServer's request parsing, our pipeline, our writer. One per serving thread; every
// request reaches handleRequest, so routing, 405s, HEAD and OPTIONS are all ours, and the
// reply goes out through the connection guard in request order.
class Endpoint final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    Endpoint(ServerContext &context, QThreadPool &slowWork, QObject *parent = nullptr);

    // Sends a reply for an exchange: decorates it, writes it in order, logs it.
    void send(Connection *connection, quint64 sequence, const Exchange &exchange, Response response,
              bool keepAlive, bool http10);

    Pipeline &pipeline() { return m_pipeline; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Exchange makeExchange(const QHttpServerRequest &request, const Connection &connection,
                          const RequestHead &head) const;

    void runLater(Connection *connection, quint64 sequence, Exchange exchange, Response response,
                  const RequestHead &head);
    void awaitReply(Connection *connection, quint64 sequence, Exchange exchange, Response response,
                    const RequestHead &head);
    // What sends a reply made on another thread back on this one (counted in flight until then).
    std::function<void(std::optional<Response>)> replyFromElsewhere(Connection *connection, quint64 sequence,
                                                                    Exchange exchange, const RequestHead &head);

    ServerContext &m_context;
    QThreadPool &m_slowWork;
    Pipeline m_pipeline;
};

} // namespace academy::http

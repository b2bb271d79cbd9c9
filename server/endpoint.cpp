#include "endpoint.h"

#include "connection.h"
#include "error_mapping.h"
#include "background_priority.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace academy::http {

namespace {

QHostAddress clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor, const Config &config)
{
    if (forwardedFor.isEmpty() || !config.trustedProxies.contains(peer))
        return peer;
    // The proxy appends the address it saw last: that one is as far as our trust reaches.
    const QHostAddress forwarded(QString::fromLatin1(forwardedFor.split(',').last().trimmed()));
    return forwarded.isNull() ? peer : forwarded;
}

void splitTarget(const QByteArray &target, Request &request)
{
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    request.path = QUrl::fromPercentEncoding(path);
    if (question >= 0)
        request.query = QUrlQuery(QString::fromLatin1(target.mid(question + 1)));
}

} // namespace

Endpoint::Endpoint(ServerContext &context, QThreadPool &slowWork, QObject *parent)
    : QAbstractHttpServer(parent), m_context(context), m_slowWork(slowWork), m_pipeline(context)
{
}

Exchange Endpoint::makeExchange(const QHttpServerRequest &incoming, const Connection &connection,
                                const RequestHead &head) const
{
    Exchange exchange;
    Request &request = exchange.request;
    request.timer.start();
    request.method = head.method;
    splitTarget(head.target, request);
    for (const auto &[name, value] : incoming.headers()) {
        QByteArray &slot = request.headers[name.toLower()];
        slot = slot.isEmpty() ? value : slot + ", " + value;
    }
    request.body = incoming.body();
    request.peer = connection.peer();
    request.client = clientAddress(request.peer, request.header("x-forwarded-for"), m_context.config);
    exchange.clientText = request.client == request.peer ? connection.peerText() : request.client.toString();
    exchange.bytesIn = head.headBytes + request.body.size();
    return exchange;
}

bool Endpoint::handleRequest(const QHttpServerRequest &incoming, QTcpSocket *socket)
{
    Connection *connection = Connection::of(socket);
    if (!connection) { // not accepted through our guard: never serve it
        socket->abort();
        return true;
    }
    const Connection::Dispatch dispatch = connection->takeRequest();
    m_context.metrics.requestStarted();
    Exchange exchange = makeExchange(incoming, *connection, dispatch.head);
    exchange.request.tls = connection->tls();
    Response response;
    if (m_context.shuttingDown.load()) {
        assignRequestId(exchange, m_context); // echoed only when sane, as on every reply
        response = errorResponse(Error::unavailable(QStringLiteral("The server is shutting down")),
                                 exchange.request.requestId);
        response.closeConnection = true;
    } else {
        response = m_pipeline.handle(exchange);
    }
    if (response.later)
        runLater(connection, dispatch.sequence, std::move(exchange), std::move(response), dispatch.head);
    else if (response.pending)
        awaitReply(connection, dispatch.sequence, std::move(exchange), std::move(response), dispatch.head);
    else
        send(connection, dispatch.sequence, exchange, std::move(response), dispatch.head.keepAlive,
             dispatch.head.minorVersion == 0);
    connection->resumeAfterDispatch();
    return true;
}

void Endpoint::send(Connection *connection, quint64 sequence, const Exchange &exchange, Response response,
                    bool keepAlive, bool http10)
{
    m_pipeline.decorate(exchange, response);
    response.closeConnection = response.closeConnection || !keepAlive;
    if (http10 && !response.closeConnection)
        response.setHeader("Connection", "keep-alive");
    const QByteArray bytes = serialize(response, exchange.request.method == "HEAD");
    // Recorded before the reply leaves (it is flushed at once): a client that has its answer
    // finds the request in the log, and entries keep the order in which replies went out.
    m_pipeline.record(exchange, response, bytes.size());
    if (response.stream) {
        QPointer<QTcpSocket> socket(qobject_cast<QTcpSocket *>(connection->parent()));
        connection->reply(sequence, bytes, Connection::After::Stream, [socket, stream = response.stream] {
            if (socket)
                stream(socket);
        });
    } else {
        connection->reply(sequence, bytes, response.closeConnection ? Connection::After::Close : Connection::After::KeepOpen);
    }
    m_context.metrics.requestFinished();
}

std::function<void(std::optional<Response>)> Endpoint::replyFromElsewhere(Connection *connection, quint64 sequence,
                                                                          Exchange exchange, const RequestHead &head)
{
    QPointer<Connection> target(connection);
    QPointer<Endpoint> self(this);
    ++m_context.deferredInFlight;
    return [=, this, exchange = std::move(exchange)](std::optional<Response> reply) {
        QMetaObject::invokeMethod(self, [=, this] {
            if (target && reply)
                send(target, sequence, exchange, *reply, head.keepAlive, head.minorVersion == 0);
            else
                m_context.metrics.requestFinished(); // the client left first
        }, Qt::QueuedConnection);
        --m_context.deferredInFlight;
    };
}

// The slow part runs on the pool; the reply comes back to this thread as a queued call and
// is written only if the connection still exists. A client that hangs up first cancels work
// that has not started. A full queue refuses more work (503, Retry-After) instead of
// growing. (QFuture routes are unsafe on Qt 6.4: see the platform notes.)
void Endpoint::runLater(Connection *connection, quint64 sequence, Exchange exchange, Response response,
                        const RequestHead &head)
{
    if (m_context.slowWorkWaiting.fetch_add(1) >= ServerContext::MaxSlowWorkWaiting) {
        --m_context.slowWorkWaiting;
        send(connection, sequence, exchange,
             errorResponse(Error::unavailable(QStringLiteral("The server is busy; retry shortly")), exchange.request.requestId),
             head.keepAlive, head.minorVersion == 0);
        return;
    }
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    if (auto *socket = qobject_cast<QTcpSocket *>(connection->parent()))
        connect(socket, &QAbstractSocket::disconnected, connection, [cancelled] { *cancelled = true; });
    auto deliver = replyFromElsewhere(connection, sequence, std::move(exchange), head);
    m_slowWork.start([cancelled, deliver, work = std::move(response.later), &waiting = m_context.slowWorkWaiting] {
        --waiting;
        runBelowServingThreads(BackgroundWork::Hashing);
        std::optional<Response> reply;
        if (!cancelled->load())
            reply = work();
        deliver(std::move(reply));
    });
}

// The handler started work another thread finishes (a group commit); its reply comes back
// the same way. The work is not cancelled by a hang-up: a write once queued is done.
void Endpoint::awaitReply(Connection *connection, quint64 sequence, Exchange exchange, Response response,
                          const RequestHead &head)
{
    auto deliver = replyFromElsewhere(connection, sequence, std::move(exchange), head);
    response.pending([deliver](Response reply) { deliver(std::move(reply)); });
}

void Endpoint::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    socket->abort(); // unreachable: handleRequest answers everything
}

} // namespace academy::http

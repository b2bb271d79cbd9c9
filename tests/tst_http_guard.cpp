// The connection guard of the real server, over real loopback sockets: body and header
// limits, timeouts (half-sent, trickling and idle requests, TLS handshakes), connection caps
// and the spread of connections over the serving threads (the Transport section of the
// contract). Framing and the protocol itself: tst_http_framing.
#include "request_log.h"
#include "test_server.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace academy;
using namespace academy::test;

namespace {

QByteArray postHead(const QByteArray &lengthOrCoding)
{
    return "POST /students HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + lengthOrCoding
           + "\r\n\r\n";
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

// Rate limiting off: these tests send many requests from one address on purpose.
const QStringList NoRateLimit{QStringLiteral("--rate-limit"), QStringLiteral("0")};

} // namespace

class TestHttpGuard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void bodyOverLimitIsRefusedFromTheHeaders();
    void bodyAtTheLimitIsRead();
    void chunkedBodyOverLimitIsRefused();
    void chunkedBodyWithinLimitIsServed();
    void headersOverLimitAreRefused();
    void headerFloodDoesNotHurtOthers();
    void refusalsReachTheRequestLog();
    void halfSentRequestTimesOut();
    void tricklingHeadTimesOut();
    void idleKeepAliveConnectionIsClosed();
    void busyKeepAliveConnectionOutlivesIdleTimeout();
    void connectionsPerAddressAreCapped();
    void connectionsAreSharedEvenlyByServingThreads();
    void tlsHandshakeTimesOut();

private:
    // For the tests that need no settings of their own.
    std::unique_ptr<TestServer> m_server;
};

void TestHttpGuard::initTestCase()
{
    m_server = TestServer::start(NoRateLimit);
    QVERIFY(m_server);
}

// Whatever a client sends, the request log keeps working.
void TestHttpGuard::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("cannot write the request log")));
}

void TestHttpGuard::cleanupTestCase()
{
    m_server.reset();
}

void TestHttpGuard::bodyOverLimitIsRefusedFromTheHeaders()
{
    TestServer *server = m_server.get(); // MAX_BODY 1 MiB
    RawClient client(server->port());
    QVERIFY(client.isConnected());

    client.send(postHead("Content-Length: 2097152")); // the head only: the body never comes
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY2(reply, "no reply to the head alone");
    QVERIFY_ERROR_REPLY(*reply, 413, QStringLiteral("payload_too_large"));
    QCOMPARE(reply->header("Connection"), QByteArray("close"));
    QVERIFY(client.waitForClose());

    QVERIFY(servesHome(server->port()));
}

void TestHttpGuard::bodyAtTheLimitIsRead()
{
    const auto server = TestServer::start({QStringLiteral("--max-body"), QStringLiteral("1024")});
    QVERIFY(server);
    RawClient client(server->port());
    client.send(requestBytes("POST", "/", "Content-Type: application/json\r\n", QByteArray(1024, ' ')));
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QVERIFY_ERROR_REPLY(*reply, 405, QStringLiteral("method_not_allowed")); // read whole, then routed

    client.send(requestBytes("GET", "/")); // and the connection goes on
    const std::optional<HttpReply> next = client.readReply();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
}

void TestHttpGuard::chunkedBodyOverLimitIsRefused()
{
    const auto server = TestServer::start({QStringLiteral("--max-body"), QStringLiteral("1024")});
    QVERIFY(server);
    RawClient client(server->port());
    QVERIFY(client.isConnected());

    // 3 × 512 bytes: the third chunk-size line passes the limit, before its data comes.
    client.send(postHead("Transfer-Encoding: chunked") + chunk(QByteArray(512, 'x')) + chunk(QByteArray(512, 'x'))
                + "200\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY2(reply, "no reply to an oversized chunked body");
    QVERIFY_ERROR_REPLY(*reply, 413, QStringLiteral("payload_too_large"));
    QVERIFY(client.waitForClose());

    QVERIFY(servesHome(server->port()));
}

void TestHttpGuard::chunkedBodyWithinLimitIsServed()
{
    const auto server = TestServer::start({QStringLiteral("--max-body"), QStringLiteral("1024")});
    QVERIFY(server);
    RawClient client(server->port());
    client.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
                + chunk(QByteArray(512, ' ')) + chunk(QByteArray(512, ' ')) + "0\r\n\r\n" + requestBytes("GET", "/health"));
    const std::optional<HttpReply> first = client.readReply();
    QVERIFY(first);
    QVERIFY_ERROR_REPLY(*first, 405, QStringLiteral("method_not_allowed"));
    const std::optional<HttpReply> second = client.readReply();
    QVERIFY2(second, "the request after a chunked body was lost");
    QCOMPARE(second->status, 200);
    QCOMPARE(second->json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
}

// The client means to send 1 MiB of headers. Once past the limit it waits for the reply
// before sending more, as the server only drains a bounded amount from a refused client.
void TestHttpGuard::headersOverLimitAreRefused()
{
    TestServer *server = m_server.get(); // MAX_HEADERS 64 KiB
    RawClient client(server->port());
    QVERIFY(client.isConnected());

    client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    qint64 sent = 0;
    std::optional<HttpReply> reply;
    for (int line = 0; sent < 1024 * 1024 && client.isConnected(); ++line) {
        const QByteArray header = "X-Filler-" + QByteArray::number(line) + ": " + QByteArray(1000, 'a') + "\r\n";
        client.send(header);
        sent += header.size();
        if (sent > 80 * 1024 && (reply = client.readReply(line % 16 == 0 ? ReplyTimeoutMs : 0)))
            break; // past the limit, every 16 KiB: wait for the reply before sending more
    }
    if (!reply)
        reply = client.readReply();
    QVERIFY2(reply, qPrintable(QStringLiteral("no reply after %1 bytes of headers").arg(sent)));
    QVERIFY(sent < 1024 * 1024);
    QVERIFY_ERROR_REPLY(*reply, 431, QStringLiteral("headers_too_large"));
    QCOMPARE(reply->header("Connection"), QByteArray("close"));
    QVERIFY(client.waitForClose());

    QVERIFY(servesHome(server->port()));
}

// A client that sends 1 MiB of headers in one go without reading: the server refuses it
// (the reply may be lost when the server resets the connection after a bounded drain) and
// goes on serving everyone else.
void TestHttpGuard::headerFloodDoesNotHurtOthers()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    QVERIFY(client.isConnected());
    QByteArray flood = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int line = 0; flood.size() < 1024 * 1024; ++line)
        flood += "X-Filler-" + QByteArray::number(line) + ": " + QByteArray(1000, 'a') + "\r\n";
    client.send(flood);
    QVERIFY(client.waitForClose());
    if (const std::optional<HttpReply> reply = client.readReply(0))
        QCOMPARE(reply->status, 431);
    QVERIFY(servesHome(server->port()));
}

void TestHttpGuard::refusalsReachTheRequestLog()
{
    const auto server = TestServer::start();
    QVERIFY(server);
    QList<HttpReply> refusals;
    for (const QByteArray &request : {postHead("Content-Length: 2097152"), QByteArray("GET\r\n\r\n")}) {
        const std::optional<HttpReply> reply = httpExchange(server->port(), request);
        QVERIFY(reply);
        refusals.append(*reply);
    }
    http::RequestLog &log = *server->server().context().requestLog;
    log.flush();
    QCOMPARE(log.writerState(), QStringLiteral("ok")); // a refusal must not spoil a batch
    QVERIFY(log.written() >= quint64(refusals.size()));
    const QList<RequestLogEntry> recent = log.recent(100);
    for (const HttpReply &refusal : std::as_const(refusals)) {
        const auto entry = std::find_if(recent.cbegin(), recent.cend(), [&](const RequestLogEntry &e) {
            return e.requestId == refusal.header("X-Request-Id");
        });
        QVERIFY2(entry != recent.cend(), refusal.header("X-Request-Id").constData());
        QCOMPARE(entry->status, refusal.status);
    }
}

void TestHttpGuard::halfSentRequestTimesOut()
{
    const auto server = TestServer::start({QStringLiteral("--header-timeout"), QStringLiteral("1")});
    QVERIFY(server);
    QElapsedTimer waited; // started before the server can start timing
    waited.start();
    RawClient client(server->port());
    QVERIFY(client.isConnected());

    client.send("GET / HTTP/1.1\r\nHost: x\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY2(reply, "a half-sent request got no reply");
    QVERIFY_ERROR_REPLY(*reply, 408, QStringLiteral("bad_request"));
    QVERIFY(client.waitForClose());
    // The timeout, not an early refusal (a coarse timer may fire up to 5% early).
    QVERIFY2(waited.elapsed() >= 900, qPrintable(QStringLiteral("closed after %1 ms").arg(waited.elapsed())));

    QVERIFY(servesHome(server->port()));
}

// Slowloris: one header byte at a time, each well inside the timeout. The header timeout
// is the time to send the whole head, so the client is closed all the same.
void TestHttpGuard::tricklingHeadTimesOut()
{
    const auto server = TestServer::start({QStringLiteral("--header-timeout"), QStringLiteral("2")});
    QVERIFY(server);
    RawClient client(server->port());
    QVERIFY(client.isConnected());

    client.send("GET / HTTP/1.1\r\n");
    QElapsedTimer trickled;
    trickled.start();
    // Four times the timeout: a server that restarts its timer on every byte never closes.
    while (client.isConnected() && trickled.elapsed() < 8000) {
        client.send("X");
        client.waitForClose(400);
    }
    QVERIFY2(!client.isConnected(), "a client trickling its head stayed connected");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 408);
}

void TestHttpGuard::idleKeepAliveConnectionIsClosed()
{
    const auto server = TestServer::start({QStringLiteral("--idle-timeout"), QStringLiteral("2")});
    QVERIFY(server);
    RawClient client(server->port());
    QElapsedTimer idle; // started before the server can start timing
    idle.start();
    client.send(requestBytes("GET", "/"));
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QVERIFY(client.isConnected());

    QVERIFY2(client.waitForClose(), "an idle keep-alive connection stayed open");
    QVERIFY2(idle.elapsed() >= 1800, qPrintable(QStringLiteral("closed after %1 ms").arg(idle.elapsed())));
    QCOMPARE(client.received(), QByteArray()); // closed quietly: nothing was asked
}

// The idle timeout counts from the last reply, not from the first request: the server moves
// the deadline with every request rather than restarting a timer, so a timer that fires for
// an old deadline must start again for the new one, not close a busy connection.
void TestHttpGuard::busyKeepAliveConnectionOutlivesIdleTimeout()
{
    const auto server = TestServer::start({QStringLiteral("--idle-timeout"), QStringLiteral("2")});
    QVERIFY(server);
    RawClient client(server->port());
    QElapsedTimer busy;
    busy.start();
    QElapsedTimer sinceReply;
    while (busy.elapsed() < 5000) { // two and a half idle timeouts
        client.send(requestBytes("GET", "/"));
        const std::optional<HttpReply> reply = client.readReply();
        QVERIFY2(reply, qPrintable(QStringLiteral("no reply after %1 ms of requests").arg(busy.elapsed())));
        QCOMPARE(reply->status, 200);
        sinceReply.start();
        QVERIFY2(!client.waitForClose(700), qPrintable(QStringLiteral("closed after %1 ms of requests").arg(busy.elapsed())));
    }
    QVERIFY2(client.waitForClose(), "an idle keep-alive connection stayed open");
    QVERIFY2(sinceReply.elapsed() >= 1800, qPrintable(QStringLiteral("closed %1 ms after the last reply").arg(sinceReply.elapsed())));
}

void TestHttpGuard::connectionsPerAddressAreCapped()
{
    const auto server = TestServer::start(NoRateLimit
                                          + QStringList{QStringLiteral("--max-connections-per-address"), QStringLiteral("32"),
                                                        QStringLiteral("--header-timeout"), QStringLiteral("120"),
                                                        QStringLiteral("--idle-timeout"), QStringLiteral("120")});
    QVERIFY(server);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 40; ++i) {
        clients.push_back(std::make_unique<RawClient>(server->port()));
    }
    const auto closedCount = [&clients] {
        int closed = 0;
        for (const auto &client : clients)
            closed += client->waitForClose(0) ? 1 : 0;
        return closed;
    };
    QTRY_COMPARE_WITH_TIMEOUT(closedCount(), 8, 20000);

    // Those over the cap were refused at accept, at best with a 503.
    for (const auto &client : clients) {
        if (client->isConnected() || client->received().isEmpty())
            continue;
        const std::optional<HttpReply> refusal = client->readReply();
        QVERIFY(refusal);
        QCOMPARE(refusal->status, 503);
        QCOMPARE(refusal->json().value(QStringLiteral("error")).toString(), QStringLiteral("unavailable"));
        QVERIFY(!refusal->header("Retry-After").isEmpty());
    }
    // The 32 kept are served, and another client address is not affected by the cap.
    for (const auto &client : clients) {
        if (!client->isConnected())
            continue;
        client->send(requestBytes("GET", "/"));
        const std::optional<HttpReply> reply = client->readReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }
    QVERIFY2(servesHome(server->port(), QHostAddress(QStringLiteral("127.0.0.2"))),
             "a client from 127.0.0.2 was not served while 127.0.0.1 was at its cap");
    QCOMPARE(closedCount(), 8);

    // A closed connection frees its place.
    const auto open = std::find_if(clients.begin(), clients.end(), [](const auto &c) { return c->isConnected(); });
    QVERIFY(open != clients.end());
    (*open)->socket().disconnectFromHost();
    bool served = false; // each try is a new connection: once served, stop trying
    QTRY_VERIFY_WITH_TIMEOUT((served = served || servesHome(server->port())), 20000);
}

// The kernel spreads connections over the threads' listeners by a hash (SO_REUSEPORT): left
// alone, 40 connections split evenly only about one time in eight.
void TestHttpGuard::connectionsAreSharedEvenlyByServingThreads()
{
    const PortReservation reserved;
    const quint16 tlsPort = reserved.port();
    QVERIFY(tlsPort != 0);
    const auto server = TestServer::start(NoRateLimit
                                              + QStringList{QStringLiteral("--max-connections-per-address"), QStringLiteral("100"),
                                                            QStringLiteral("--tls-host"), QStringLiteral("127.0.0.1"),
                                                            QStringLiteral("--tls-port"), QString::number(tlsPort)},
                                          2);
    QVERIFY(server);
    const http::ConnectionBalancer &balancer = server->server().context().balancer;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 40; ++i) {
        clients.push_back(std::make_unique<RawClient>(server->port()));
        QVERIFY(clients.back()->isConnected());
    }
    // Every connection is served, on whichever thread it was handed to.
    for (const auto &client : clients) {
        client->send(requestBytes("GET", "/"));
        const std::optional<HttpReply> reply = client->readReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }
    QCOMPARE(balancer.openPerListener(false), (QList<int>{20, 20}));

    // TLS connections are shared among the TLS listeners, and served after the hand-over.
    std::vector<std::unique_ptr<RawClient>> secure;
    for (int i = 0; i < 6; ++i) {
        auto socket = std::make_unique<QSslSocket>();
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), tlsPort);
        QVERIFY2(socket->waitForEncrypted(ReplyTimeoutMs), qPrintable(socket->errorString()));
        secure.push_back(std::make_unique<RawClient>(std::move(socket)));
        secure.back()->send(requestBytes("GET", "/"));
        const std::optional<HttpReply> reply = secure.back()->readReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }
    QCOMPARE(balancer.openPerListener(true), (QList<int>{3, 3}));

    // Closed connections are counted out.
    clients.clear();
    secure.clear();
    QTRY_COMPARE_WITH_TIMEOUT(balancer.openPerListener(false), (QList<int>{0, 0}), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(balancer.openPerListener(true), (QList<int>{0, 0}), 10000);
}

// A client that opens the HTTPS port and never says hello must not hold it forever.
void TestHttpGuard::tlsHandshakeTimesOut()
{
    const PortReservation reserved;
    const quint16 tlsPort = reserved.port();
    QVERIFY(tlsPort != 0);
    const auto server = TestServer::start({QStringLiteral("--tls-host"), QStringLiteral("127.0.0.1"),
                                           QStringLiteral("--tls-port"), QString::number(tlsPort),
                                           QStringLiteral("--header-timeout"), QStringLiteral("1")});
    QVERIFY(server);
    RawClient silent(tlsPort);
    QVERIFY(silent.isConnected());
    QVERIFY2(silent.waitForClose(), "a connection that never completed the handshake stayed open");
}

QTEST_GUILESS_MAIN(TestHttpGuard)
#include "tst_http_guard.moc"

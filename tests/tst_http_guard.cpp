// The connection guard and framing of the real server, over real loopback sockets: limits,
// timeouts, connection caps, malformed requests, keep-alive, pipelining, HEAD, request ids
// and HTTPS (the Transport and Errors sections of the contract).
#include "request_log.h"
#include "test_server.h"
#include "tls_certificate.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <vector>

using namespace academy;
using namespace academy::test;

namespace {

// Every test server answers these, so "the server still serves" is one line.
bool servesHome(quint16 port, const QHostAddress &from = {})
{
    RawClient client(port, from);
    if (!client.isConnected())
        return false;
    client.send(requestBytes("GET", "/"));
    const std::optional<HttpReply> reply = client.readReply();
    return reply && reply->status == 200;
}

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
    void connectionsPerAddressAreCapped();
    void connectionsAreSharedEvenlyByServingThreads();
    void malformedRequestsAreAnswered_data();
    void malformedRequestsAreAnswered();
    void pipelinedRequestsAreAnsweredInOrder();
    void pipelinedRequestWithBodyIsFramed();
    void http10WithoutKeepAliveIsClosed();
    void http10WithKeepAliveStaysOpen();
    void connectionCloseIsHonoured();
    void headHasLengthButNoBody();
    void requestIdIsEchoedOrGenerated_data();
    void requestIdIsEchoedOrGenerated();
    void httpsServesWithGeneratedCertificate();
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

void TestHttpGuard::malformedRequestsAreAnswered_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage bytes") << QByteArray(1, '\0') + "\x01\xff garbage\r\n\r\n" << 400;
    QTest::newRow("request line without target") << QByteArray("GET\r\n\r\n") << 400;
    QTest::newRow("request line without version") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::newRow("HTTP/9.9") << QByteArray("GET / HTTP/9.9\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("invalid percent-encoding") << QByteArray("GET /students/%zz HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("truncated percent-encoding") << QByteArray("GET /students/%4 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("header line without colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n") << 400;
    QTest::newRow("space in a header name") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n") << 400;
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") << 400;
    QTest::newRow("two Host headers") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n") << 400;
    QTest::newRow("folded header line") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: y\r\n z\r\n\r\n") << 400;
    QTest::newRow("two different lengths")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << 400;
    QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("length and chunked")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("bad chunk size")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
}

void TestHttpGuard::malformedRequestsAreAnswered()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    TestServer *server = m_server.get();
    RawClient client(server->port());
    QVERIFY(client.isConnected());

    client.send(request);
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY2(reply, "no reply to a malformed request");
    QVERIFY_ERROR_REPLY(*reply, status, QStringLiteral("bad_request"));
    QVERIFY(client.waitForClose());

    QVERIFY(servesHome(server->port()));
}

void TestHttpGuard::pipelinedRequestsAreAnsweredInOrder()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    client.send(requestBytes("GET", "/health") + requestBytes("GET", "/") + requestBytes("GET", "/openapi.json"));

    const std::optional<HttpReply> health = client.readReply();
    QVERIFY(health);
    QCOMPARE(health->status, 200);
    QCOMPARE(health->json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    const std::optional<HttpReply> home = client.readReply();
    QVERIFY(home);
    QCOMPARE(home->status, 200);
    QCOMPARE(home->json().value(QStringLiteral("message")).toString(), QStringLiteral("API is live"));
    const std::optional<HttpReply> document = client.readReply();
    QVERIFY(document);
    QCOMPARE(document->status, 200);
    QVERIFY(document->json().contains(QStringLiteral("openapi")));
    QVERIFY(client.isConnected());
}

void TestHttpGuard::pipelinedRequestWithBodyIsFramed()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    // The body holds what looks like a request: it must not be read as one.
    const QByteArray body = requestBytes("GET", "/nope");
    client.send(requestBytes("POST", "/health", "Content-Type: application/json\r\n", body)
                + requestBytes("GET", "/", "X-Request-Id: second\r\n"));

    const std::optional<HttpReply> first = client.readReply();
    QVERIFY(first);
    QVERIFY_ERROR_REPLY(*first, 405, QStringLiteral("method_not_allowed"));
    const std::optional<HttpReply> second = client.readReply();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QCOMPARE(second->header("X-Request-Id"), QByteArray("second"));
    QVERIFY2(!client.readReply(500), "a third reply: the body was read as a request");
}

void TestHttpGuard::http10WithoutKeepAliveIsClosed()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    client.send("GET / HTTP/1.0\r\n\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("Connection"), QByteArray("close"));
    QVERIFY2(client.waitForClose(), "an HTTP/1.0 connection without keep-alive stayed open");
}

void TestHttpGuard::http10WithKeepAliveStaysOpen()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    for (int i = 0; i < 2; ++i) {
        client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const std::optional<HttpReply> reply = client.readReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("Connection").toLower(), QByteArray("keep-alive"));
    }
    QVERIFY(client.isConnected());
}

void TestHttpGuard::connectionCloseIsHonoured()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    client.send(requestBytes("GET", "/", "Connection: close\r\n"));
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("Connection"), QByteArray("close"));
    QVERIFY2(client.waitForClose(), "Connection: close was not honoured");
}

void TestHttpGuard::headHasLengthButNoBody()
{
    TestServer *server = m_server.get();
    RawClient client(server->port());
    client.send(requestBytes("HEAD", "/"));
    const std::optional<HttpReply> head = client.readReply(ReplyTimeoutMs, true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QCOMPARE(head->header("Content-Type"), QByteArray("application/json; charset=utf-8"));
    const int length = head->header("Content-Length").toInt();
    QVERIFY(length > 0);

    // Had the HEAD reply carried a body, this reply would start inside it.
    client.send(requestBytes("GET", "/"));
    const std::optional<HttpReply> get = client.readReply();
    QVERIFY(get);
    QCOMPARE(get->status, 200);
    QCOMPARE(get->body.size(), length);
}

void TestHttpGuard::requestIdIsEchoedOrGenerated_data()
{
    QTest::addColumn<QByteArray>("sent"); // empty: no header
    QTest::addColumn<bool>("echoed");
    QTest::newRow("absent") << QByteArray() << false;
    QTest::newRow("sane") << QByteArray("req-42_abc.DEF:1") << true;
    QTest::newRow("uuid") << QByteArray("3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f") << true;
    QTest::newRow("128 characters") << QByteArray(128, 'a') << true;
    QTest::newRow("200 characters") << QByteArray(200, 'a') << false;
    QTest::newRow("with spaces") << QByteArray("a b c") << false;
    QTest::newRow("with a quote") << QByteArray("a\"b") << false;
    QTest::newRow("with angle brackets") << QByteArray("<script>") << false;
    QTest::newRow("non-ASCII") << QByteArray("caf\xc3\xa9") << false;
}

void TestHttpGuard::requestIdIsEchoedOrGenerated()
{
    QFETCH(QByteArray, sent);
    QFETCH(bool, echoed);
    TestServer *server = m_server.get();
    const QByteArray header = sent.isEmpty() ? QByteArray() : "X-Request-Id: " + sent + "\r\n";
    for (const QByteArray &target : {QByteArray("/"), QByteArray("/nope")}) {
        const std::optional<HttpReply> reply = httpExchange(server->port(), requestBytes("GET", target, header));
        QVERIFY(reply);
        const QByteArray id = reply->header("X-Request-Id");
        if (echoed) {
            QCOMPARE(id, sent);
        } else {
            static const QRegularExpression generated(QStringLiteral("^[0-9a-f]{32}$"));
            QVERIFY2(generated.match(QString::fromLatin1(id)).hasMatch(), id.constData());
        }
        if (reply->status != 200)
            QVERIFY_ERROR_REPLY(*reply, 404, QStringLiteral("not_found"));
    }
}

void TestHttpGuard::httpsServesWithGeneratedCertificate()
{
    const PortReservation reserved;
    const quint16 tlsPort = reserved.port();
    QVERIFY(tlsPort != 0);
    const auto server = TestServer::start({QStringLiteral("--tls-host"), QStringLiteral("127.0.0.1"),
                                           QStringLiteral("--tls-port"), QString::number(tlsPort)});
    QVERIFY(server);
    QCOMPARE(server->tlsPort(), tlsPort);

    auto socket = std::make_unique<QSslSocket>();
    socket->setPeerVerifyMode(QSslSocket::VerifyNone); // self-signed: the fingerprint is the check
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), tlsPort);
    QVERIFY2(socket->waitForEncrypted(ReplyTimeoutMs), qPrintable(socket->errorString()));
    const QSslCertificate certificate = socket->peerCertificate();
    RawClient client(std::move(socket));
    client.send(requestBytes("GET", "/"));
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->json().value(QStringLiteral("message")).toString(), QStringLiteral("API is live"));

    QVERIFY(!server->server().certificateFingerprint().isEmpty());
    QCOMPARE(http::fingerprintOf(certificate), server->server().certificateFingerprint());
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
    QCOMPARE(certificate.publicKey().length(), 256);
    const auto names = certificate.subjectAlternativeNames();
    QVERIFY2(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")),
             qPrintable(names.values(QSsl::IpAddressEntry).join(QLatin1Char(' '))));
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));

    struct stat keyFile{};
    const QByteArray keyPath = QFile::encodeName(server->dataDir() + QStringLiteral("/tls-key.pem"));
    QCOMPARE(::stat(keyPath.constData(), &keyFile), 0);
    QCOMPARE(keyFile.st_mode & 0777, mode_t(0600));
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

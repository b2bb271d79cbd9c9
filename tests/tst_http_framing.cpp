// HTTP framing and protocol of the real server, over real loopback sockets: malformed
// requests answered, pipelining, HTTP/1.0 and Connection: close, HEAD, request ids, and HTTPS
// with the generated certificate (the Transport and Errors sections of the contract). Limits
// and timeouts: tst_http_guard.
#include "test_server.h"

#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTest>

#include <sys/stat.h>

#include <memory>

using namespace academy;
using namespace academy::test;

namespace {

// Rate limiting off: these tests send many requests from one address on purpose.
const QStringList NoRateLimit{QStringLiteral("--rate-limit"), QStringLiteral("0")};

} // namespace

class TestHttpFraming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
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

private:
    // For the tests that need no settings of their own.
    std::unique_ptr<TestServer> m_server;
};

void TestHttpFraming::initTestCase()
{
    m_server = TestServer::start(NoRateLimit);
    QVERIFY(m_server);
}

// Whatever a client sends, the request log keeps working.
void TestHttpFraming::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("cannot write the request log")));
}

void TestHttpFraming::cleanupTestCase()
{
    m_server.reset();
}

void TestHttpFraming::malformedRequestsAreAnswered_data()
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

void TestHttpFraming::malformedRequestsAreAnswered()
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

void TestHttpFraming::pipelinedRequestsAreAnsweredInOrder()
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

void TestHttpFraming::pipelinedRequestWithBodyIsFramed()
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

void TestHttpFraming::http10WithoutKeepAliveIsClosed()
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

void TestHttpFraming::http10WithKeepAliveStaysOpen()
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

void TestHttpFraming::connectionCloseIsHonoured()
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

void TestHttpFraming::headHasLengthButNoBody()
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

void TestHttpFraming::requestIdIsEchoedOrGenerated_data()
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

void TestHttpFraming::requestIdIsEchoedOrGenerated()
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

void TestHttpFraming::httpsServesWithGeneratedCertificate()
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

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "tst_http_framing.moc"

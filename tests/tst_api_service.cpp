// The Service section of the contract and what every response carries, against the real
// server on a loopback port: routes, 404/405/OPTIONS, CORS, the rate limit.
#include "test_server.h"

#include <QJsonDocument>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

const QByteArray JsonType = "application/json; charset=utf-8";

// "GET, HEAD" -> {"GET", "HEAD"}
QList<QByteArray> tokens(const QByteArray &list)
{
    QList<QByteArray> result;
    for (const QByteArray &token : list.split(','))
        result.append(token.trimmed());
    return result;
}

// Fails the current test unless every response-wide header is there.
#define QVERIFY_COMMON_HEADERS(reply)                                                              \
    do {                                                                                           \
        QVERIFY2(!(reply).header("X-Request-Id").isEmpty(), "no X-Request-Id");                   \
        QCOMPARE((reply).header("X-Content-Type-Options"), QByteArray("nosniff"));                 \
    } while (false)

} // namespace

class TestApiService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void routes_data();
    void routes();
    void apiLiveReportsTheVersion();
    void openApiDocumentIsJson();
    void corsIsOffByDefault();
    void cors_data();
    void cors();
    void rateLimitAnswers429();

private:
    std::unique_ptr<TestServer> m_server; // CORS off, rate limit off
};

void TestApiService::initTestCase()
{
    m_server = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0")});
    QVERIFY(m_server);
}

void TestApiService::cleanupTestCase()
{
    m_server.reset();
}

void TestApiService::routes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType"); // empty: none expected
    QTest::addColumn<QJsonObject>("bodyIncludes"); // each key with that value
    QTest::addColumn<QString>("error");           // the error code, for error replies
    QTest::addColumn<QByteArray>("allow");        // methods Allow must list

    const QJsonObject none;
    QTest::newRow("GET /") << QByteArray("GET") << QByteArray("/") << 200 << JsonType
                           << QJsonObject{{QStringLiteral("message"), QStringLiteral("API is live")}} << QString() << QByteArray();
    QTest::newRow("GET / with a query") << QByteArray("GET") << QByteArray("/?x=1") << 200 << JsonType
                                        << QJsonObject{{QStringLiteral("message"), QStringLiteral("API is live")}}
                                        << QString() << QByteArray();
    QTest::newRow("GET /health") << QByteArray("GET") << QByteArray("/health") << 200 << JsonType
                                 << QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                                {QStringLiteral("database"), QStringLiteral("ok")}}
                                 << QString() << QByteArray();
    QTest::newRow("GET /openapi.json") << QByteArray("GET") << QByteArray("/openapi.json") << 200 << JsonType << none
                                       << QString() << QByteArray();
    QTest::newRow("HEAD /health") << QByteArray("HEAD") << QByteArray("/health") << 200 << JsonType << none << QString()
                                  << QByteArray();
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/nope") << 404 << JsonType << none
                                  << QStringLiteral("not_found") << QByteArray();
    QTest::newRow("unknown nested path") << QByteArray("GET") << QByteArray("/health/deep") << 404 << JsonType << none
                                         << QStringLiteral("not_found") << QByteArray();
    QTest::newRow("unknown path, other method") << QByteArray("DELETE") << QByteArray("/nope") << 404 << JsonType << none
                                                << QStringLiteral("not_found") << QByteArray();
    QTest::newRow("POST /") << QByteArray("POST") << QByteArray("/") << 405 << JsonType << none
                            << QStringLiteral("method_not_allowed") << QByteArray("GET, HEAD, OPTIONS");
    QTest::newRow("DELETE /health") << QByteArray("DELETE") << QByteArray("/health") << 405 << JsonType << none
                                    << QStringLiteral("method_not_allowed") << QByteArray("GET, HEAD, OPTIONS");
    QTest::newRow("PUT /openapi.json") << QByteArray("PUT") << QByteArray("/openapi.json") << 405 << JsonType << none
                                       << QStringLiteral("method_not_allowed") << QByteArray("GET, HEAD, OPTIONS");
    QTest::newRow("OPTIONS /") << QByteArray("OPTIONS") << QByteArray("/") << 204 << QByteArray() << none << QString()
                               << QByteArray("GET, HEAD, OPTIONS");
    QTest::newRow("OPTIONS /students") << QByteArray("OPTIONS") << QByteArray("/students") << 204 << QByteArray() << none
                                       << QString() << QByteArray("GET, HEAD, POST, OPTIONS");
    QTest::newRow("PATCH /students") << QByteArray("PATCH") << QByteArray("/students") << 405 << JsonType << none
                                     << QStringLiteral("method_not_allowed") << QByteArray("GET, POST");
}

void TestApiService::routes()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QJsonObject, bodyIncludes);
    QFETCH(QString, error);
    QFETCH(QByteArray, allow);

    const bool head = method == "HEAD";
    const std::optional<HttpReply> reply = httpExchange(m_server->port(), requestBytes(method, target), head);
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    QVERIFY_COMMON_HEADERS(*reply);
    QCOMPARE(reply->header("Content-Type"), contentType);
    if (head || status == 204)
        QVERIFY(reply->body.isEmpty());
    for (auto it = bodyIncludes.constBegin(); it != bodyIncludes.constEnd(); ++it)
        QCOMPARE(reply->json().value(it.key()), it.value());
    if (!error.isEmpty())
        QVERIFY_ERROR_REPLY(*reply, status, error);
    const QList<QByteArray> allowed = tokens(reply->header("Allow"));
    for (const QByteArray &wanted : tokens(allow)) {
        if (!wanted.isEmpty())
            QVERIFY2(allowed.contains(wanted), reply->header("Allow").constData());
    }
}

void TestApiService::apiLiveReportsTheVersion()
{
    const std::optional<HttpReply> reply = httpExchange(m_server->port(), requestBytes("GET", "/"));
    QVERIFY(reply);
    QCOMPARE(reply->json().value(QStringLiteral("version")).toString(), QStringLiteral(ACADEMY_VERSION));
}

void TestApiService::openApiDocumentIsJson()
{
    const std::optional<HttpReply> reply = httpExchange(m_server->port(), requestBytes("GET", "/openapi.json"));
    QVERIFY(reply);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QVERIFY(document.object().value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
    QVERIFY(document.object().contains(QStringLiteral("paths")));
}

void TestApiService::corsIsOffByDefault()
{
    const QByteArray origin = "Origin: https://app.example\r\n";
    const std::optional<HttpReply> get = httpExchange(m_server->port(), requestBytes("GET", "/", origin));
    QVERIFY(get);
    QCOMPARE(get->status, 200);
    QVERIFY(!get->hasHeader("Access-Control-Allow-Origin"));

    const std::optional<HttpReply> preflight = httpExchange(
        m_server->port(), requestBytes("OPTIONS", "/students", origin + "Access-Control-Request-Method: POST\r\n"));
    QVERIFY(preflight);
    QVERIFY(!preflight->hasHeader("Access-Control-Allow-Origin"));
    QVERIFY(!preflight->hasHeader("Access-Control-Allow-Methods"));
}

void TestApiService::cors_data()
{
    QTest::addColumn<QString>("origins"); // CORS_ORIGINS
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("allowOrigin"); // empty: no CORS headers at all

    QTest::newRow("listed origin") << QStringLiteral("https://app.example") << QByteArray("https://app.example")
                                   << QByteArray("https://app.example");
    QTest::newRow("one of several") << QStringLiteral("https://a.example,https://app.example")
                                    << QByteArray("https://app.example") << QByteArray("https://app.example");
    QTest::newRow("unlisted origin") << QStringLiteral("https://app.example") << QByteArray("https://evil.example")
                                     << QByteArray();
    QTest::newRow("other port") << QStringLiteral("https://app.example") << QByteArray("https://app.example:8443")
                                << QByteArray();
    QTest::newRow("other scheme") << QStringLiteral("https://app.example") << QByteArray("http://app.example")
                                  << QByteArray();
    QTest::newRow("any origin") << QStringLiteral("*") << QByteArray("https://whoever.example") << QByteArray("*");
}

void TestApiService::cors()
{
    QFETCH(QString, origins);
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, allowOrigin);
    const auto server = TestServer::start({QStringLiteral("--cors-origins"), origins});
    QVERIFY(server);
    const QByteArray originHeader = "Origin: " + origin + "\r\n";

    const std::optional<HttpReply> preflight = httpExchange(
        server->port(), requestBytes("OPTIONS", "/students",
                                     originHeader + "Access-Control-Request-Method: POST\r\n"
                                                    "Access-Control-Request-Headers: authorization, content-type\r\n"));
    QVERIFY(preflight);
    QCOMPARE(preflight->status, 204);
    QVERIFY_COMMON_HEADERS(*preflight);
    QCOMPARE(preflight->header("Access-Control-Allow-Origin"), allowOrigin);
    const std::optional<HttpReply> get = httpExchange(server->port(), requestBytes("GET", "/", originHeader));
    QVERIFY(get);
    QCOMPARE(get->status, 200);
    QCOMPARE(get->header("Access-Control-Allow-Origin"), allowOrigin);
    if (allowOrigin.isEmpty()) {
        QVERIFY(!preflight->hasHeader("Access-Control-Allow-Methods"));
        QVERIFY(!get->hasHeader("Access-Control-Expose-Headers"));
        return;
    }

    const QList<QByteArray> methods = tokens(preflight->header("Access-Control-Allow-Methods"));
    for (const QByteArray method : {"GET", "POST", "PUT", "PATCH", "DELETE"})
        QVERIFY2(methods.contains(method), method.constData());
    const QList<QByteArray> headers = tokens(preflight->header("Access-Control-Allow-Headers").toLower());
    for (const QByteArray header : {"authorization", "content-type", "if-match", "if-none-match", "x-request-id"})
        QVERIFY2(headers.contains(header), header.constData());
    const QList<QByteArray> exposed = tokens(get->header("Access-Control-Expose-Headers").toLower());
    for (const QByteArray header : {"x-total-count", "link", "etag", "x-request-id"})
        QVERIFY2(exposed.contains(header), header.constData());
    // Tokens travel in a header, never a cookie: credentials are not invited.
    QVERIFY(!get->hasHeader("Access-Control-Allow-Credentials"));
    if (allowOrigin != "*")
        QVERIFY(tokens(get->header("Vary")).contains("Origin"));
}

// A refill far slower than the test: the fourth request finds the bucket empty however
// slow this machine is.
void TestApiService::rateLimitAnswers429()
{
    const auto server = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0.05/3")});
    QVERIFY(server);
    RawClient client(server->port());
    client.send(requestBytes("GET", "/") + requestBytes("GET", "/") + requestBytes("GET", "/")
                + requestBytes("GET", "/"));
    for (int i = 0; i < 3; ++i) {
        const std::optional<HttpReply> reply = client.readReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }
    const std::optional<HttpReply> limited = client.readReply();
    QVERIFY(limited);
    QVERIFY_ERROR_REPLY(*limited, 429, QStringLiteral("rate_limited"));
    bool isNumber = false;
    const int retryAfter = limited->header("Retry-After").toInt(&isNumber);
    QVERIFY2(isNumber && retryAfter >= 1, limited->header("Retry-After").constData());

    // The limit is per client address: another one is served.
    RawClient other(server->port(), QHostAddress(QStringLiteral("127.0.0.2")));
    other.send(requestBytes("GET", "/"));
    const std::optional<HttpReply> reply = other.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
}

QTEST_GUILESS_MAIN(TestApiService)
#include "tst_api_service.moc"

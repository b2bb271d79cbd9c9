// Real replies against the OpenAPI document: a representative set of requests to the real
// server, covering every documented operation and its main errors. Each reply must have the
// status the request was meant to get, that status must be documented for the operation,
// and the reply's headers, media type and body must fit what is documented for it. A
// request the server accepted must fit the document too (query parameters and body).
#include "openapi/conformance.h"
#include "request_log.h"
#include "test_server.h"
#include "user_service.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <functional>

using namespace academy;
using namespace academy::test;

namespace {

const QString Password = QStringLiteral("correct horse battery staple");

QJsonObject credentials(const QString &email, const QString &password = Password)
{
    return {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
}

QJsonObject student(const QString &name, const QString &course, double grade)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("course"), course},
            {QStringLiteral("grade"), grade}};
}

Call withBody(const QByteArray &method, const QByteArray &target, const QByteArray &token,
              const QByteArray &body, const QByteArray &contentType)
{
    return {method, target, token, body, contentType, {}};
}

QJsonArray jsonArray(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).array();
}

QJsonObject dataOf(const HttpReply &reply)
{
    return reply.json().value(QStringLiteral("data")).toObject();
}

QByteArray number(const QJsonValue &value)
{
    return QByteArray::number(value.toInteger());
}

} // namespace

// The request gets `status` from the main server and both fit the document.
#define CHECK(call, status) QVERIFY_CONFORMS(*m_client, m_port, (call), (status))
// The same from another server, or keeping the reply.
#define CHECK_AT(port, call, status) QVERIFY_CONFORMS(*m_client, (port), (call), (status))
#define CHECK_REPLY(reply, call, status)                                                           \
    QVERIFY_EXCHANGE(*m_client, reply, m_port, (call), (status))

class TestOpenApiReplies final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void serviceRepliesConform();
    void authRepliesConform();
    void passwordAndLogoutRepliesConform();
    void userRepliesConform();
    void lockoutRepliesConform();
    void studentReadRepliesConform();
    void studentWriteRepliesConform();
    void bulkRepliesConform();
    void logRepliesConform();
    void logStreamConforms();
    void selfRegistrationConforms();
    void transportRefusalsConform();
    void rateLimitConforms();
    void repliesOffTheOperationsAreErrors();
    void everyOperationWasExercised();

private:
    // POST /login; the token, empty (and `problems` set) when it fails.
    QByteArray signIn(const QString &email, QString *problems);
    // A user made through POST /users as the admin; the reply's User.
    QJsonObject createUser(const QString &email, const QString &role, QString *problems);

    std::optional<OpenApiDocument> m_document;
    std::optional<ConformanceClient> m_client;
    std::unique_ptr<TestServer> m_server;
    quint16 m_port = 0;
    qint64 m_adminId = 0;
    QByteArray m_admin;
    QByteArray m_staff;
    QByteArray m_viewer;
};

QByteArray TestOpenApiReplies::signIn(const QString &email, QString *problems)
{
    const Call call = withJson("POST", "/login", {}, credentials(email));
    return m_client->exchange(m_port, call, 200, problems)
        .json()
        .value(QStringLiteral("token"))
        .toString()
        .toLatin1();
}

QJsonObject TestOpenApiReplies::createUser(const QString &email, const QString &role,
                                           QString *problems)
{
    QJsonObject body = credentials(email);
    body.insert(QStringLiteral("role"), role);
    return dataOf(
        m_client->exchange(m_port, withJson("POST", "/users", m_admin, body), 201, problems));
}

void TestOpenApiReplies::initTestCase()
{
    QString problems;
    m_document = OpenApiDocument::load(QStringLiteral(":/openapi.json"), &problems);
    QVERIFY2(m_document, qPrintable(problems));
    m_client.emplace(*m_document);
    m_server = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0")});
    QVERIFY(m_server);
    m_port = m_server->port();
    const Result<User> admin = m_server->server().users().createFirstAdmin(
        QStringLiteral("admin@school.test"), Password, QStringLiteral("Ada Admin"));
    QVERIFY2(admin, qPrintable(admin ? QString() : admin.error().message));
    m_adminId = admin->id;
    m_admin = signIn(QStringLiteral("admin@school.test"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    createUser(QStringLiteral("staff@school.test"), QStringLiteral("staff"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    m_staff = signIn(QStringLiteral("staff@school.test"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    createUser(QStringLiteral("viewer@school.test"), QStringLiteral("viewer"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    m_viewer = signIn(QStringLiteral("viewer@school.test"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestOpenApiReplies::cleanupTestCase()
{
    m_server.reset();
}

void TestOpenApiReplies::serviceRepliesConform()
{
    CHECK(get("/"), 200);
    CHECK(bare("HEAD", "/", {}), 200);
    CHECK(get("/", "not-a-token"), 401); // a refused token fails on public routes too
    CHECK(get("/health"), 200);
    HttpReply document;
    CHECK_REPLY(document, get("/openapi.json"), 200);
    QFile resource(QStringLiteral(":/openapi.json"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    QCOMPARE(document.body, resource.readAll());
    CHECK(get("/metrics", m_admin), 200);
    CHECK(get("/metrics", m_viewer), 403);
    CHECK(get("/metrics"), 401);
}

void TestOpenApiReplies::authRepliesConform()
{
    const QString admin = QStringLiteral("admin@school.test");
    CHECK(withJson("POST", "/login", {}, credentials(admin, QStringLiteral("not the password"))),
          401);
    CHECK(withJson("POST", "/login", {}, QJsonObject{}), 422);
    CHECK(withBody("POST", "/login", {}, "{\"email\":", "application/json"), 400);
    CHECK(withBody("POST", "/login", {}, "email=a", "application/x-www-form-urlencoded"), 415);
    const QJsonObject newcomer = credentials(QStringLiteral("newcomer@school.test"));
    CHECK(withJson("POST", "/register", {}, newcomer), 401); // self-registration is off
    CHECK(withJson("POST", "/register", m_viewer, newcomer), 403);
    QJsonObject withRole = newcomer;
    withRole.insert(QStringLiteral("role"), QStringLiteral("staff"));
    withRole.insert(QStringLiteral("name"), QStringLiteral("New Comer"));
    CHECK(withJson("POST", "/register", m_admin, withRole), 201);
    CHECK(withJson("POST", "/register", m_admin, withRole), 409);
    const QJsonObject bad = credentials(QStringLiteral("not an email"), QStringLiteral("short"));
    CHECK(withJson("POST", "/register", m_admin, bad), 422);
    CHECK(get("/me", m_viewer), 200);
    CHECK(get("/me"), 401);
    CHECK(get("/dashboard", m_viewer), 200);
}

void TestOpenApiReplies::passwordAndLogoutRepliesConform()
{
    QString problems;
    createUser(QStringLiteral("changer@school.test"), QStringLiteral("viewer"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    const QByteArray token = signIn(QStringLiteral("changer@school.test"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QJsonObject change{{QStringLiteral("currentPassword"), QStringLiteral("not the password")},
                       {QStringLiteral("newPassword"), QStringLiteral("a brand new passphrase")}};
    CHECK(withJson("PUT", "/me/password", token, change), 422);
    CHECK(withJson("PUT", "/me/password", token, QJsonObject{}), 422);
    change.insert(QStringLiteral("currentPassword"), Password);
    CHECK(withJson("PUT", "/me/password", token, change), 204);
    CHECK(get("/me", token), 401); // every earlier token is refused now

    const QByteArray second = signIn(QStringLiteral("viewer@school.test"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    CHECK(bare("POST", "/logout", second), 204);
    CHECK(bare("POST", "/logout", second), 401);
}

void TestOpenApiReplies::userRepliesConform()
{
    CHECK(get("/users?limit=2&offset=1", m_admin), 200);
    CHECK(get("/users?limit=0", m_admin), 400);
    CHECK(get("/users", m_staff), 403);
    const QJsonObject taken = credentials(QStringLiteral("admin@school.test"));
    CHECK(withJson("POST", "/users", m_admin, taken), 409);
    CHECK(withJson("POST", "/users", m_admin, QJsonObject{{QStringLiteral("email"), 7}}), 422);
    CHECK(withJson("POST", "/users", m_admin, QJsonArray{}), 400);
    CHECK(withJson("POST", "/users", m_staff, credentials(QStringLiteral("x@school.test"))), 403);

    QString problems;
    const QJsonObject temp =
        createUser(QStringLiteral("temp@school.test"), QStringLiteral("staff"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    const QByteArray user = "/users/" + number(temp.value(QStringLiteral("id")));
    const QByteArray admin = "/users/" + QByteArray::number(m_adminId);
    CHECK(get(user, m_admin), 200);
    CHECK(get("/users/999999", m_admin), 404);
    CHECK(get("/users/abc", m_admin), 404);
    const QJsonObject disable{{QStringLiteral("name"), QStringLiteral("Tempo")},
                              {QStringLiteral("active"), false}};
    CHECK(withJson("PATCH", user, m_admin, disable), 200);
    const QJsonObject boss{{QStringLiteral("role"), QStringLiteral("boss")}};
    CHECK(withJson("PATCH", user, m_admin, boss), 422);
    const QJsonObject demote{{QStringLiteral("role"), QStringLiteral("viewer")}};
    CHECK(withJson("PATCH", admin, m_admin, demote), 409); // the last active admin
    CHECK(withJson("PATCH", "/users/999999", m_admin, QJsonObject{}), 404);
    CHECK(bare("DELETE", admin, m_admin), 409);
    CHECK(bare("DELETE", user, m_admin), 200);
    CHECK(bare("DELETE", user, m_admin), 404);
}

void TestOpenApiReplies::lockoutRepliesConform()
{
    const QJsonObject attempt =
        credentials(QStringLiteral("locked@school.test"), QStringLiteral("guessing wildly"));
    for (int i = 0; i < 5; ++i)
        CHECK(withJson("POST", "/login", {}, attempt), 401);
    CHECK(withJson("POST", "/login", {}, attempt), 429);
    HttpReply locks;
    CHECK_REPLY(locks, get("/lockouts", m_admin), 200);
    QVERIFY(!jsonArray(locks).isEmpty());
    CHECK(get("/lockouts", m_staff), 403);
    CHECK(bare("DELETE", "/lockouts", m_admin), 400);
    CHECK(bare("DELETE", "/lockouts?email=locked%40school.test", m_admin), 204);
}

void TestOpenApiReplies::studentReadRepliesConform()
{
    HttpReply created;
    const QJsonObject ada = student(QStringLiteral("Ada"), QStringLiteral("Mathematics"), 91.5);
    CHECK_REPLY(created, withJson("POST", "/students", m_staff, ada), 201);
    const QJsonObject grace =
        student(QStringLiteral("Grace"), QStringLiteral("Software Engineering"), 85);
    CHECK_REPLY(created, withJson("POST", "/students", m_staff, grace), 201);
    const QByteArray path = "/students/" + number(dataOf(created).value(QStringLiteral("id")));
    CHECK(get("/students?limit=1", m_viewer), 200); // with Link rel="next"
    CHECK(get("/students?q=a&course=Mathematics&minGrade=0&maxGrade=100&sort=-grade&limit=1"
              "&offset=1",
              m_viewer),
          200);
    CHECK(get("/students?limit=abc", m_viewer), 400);
    CHECK(get("/students?sort=height", m_viewer), 400);
    CHECK(get("/students?minGrade=101", m_viewer), 400);
    CHECK(get("/students"), 401);
    HttpReply one;
    CHECK_REPLY(one, get(path, m_viewer), 200);
    CHECK(get(path, m_viewer, "If-None-Match: " + one.header("ETag") + "\r\n"), 304);
    CHECK(get("/students/0", m_viewer), 404);
    CHECK(get("/students/999999", m_viewer), 404);
}

void TestOpenApiReplies::studentWriteRepliesConform()
{
    QJsonObject sent = student(QStringLiteral("Linus"), QStringLiteral("Operating Systems"), 70);
    sent.insert(QStringLiteral("id"), 12345); // server-owned fields are accepted and ignored
    sent.insert(QStringLiteral("version"), QStringLiteral("any"));
    HttpReply created;
    CHECK_REPLY(created, withJson("POST", "/students", m_staff, sent), 201);
    const QByteArray path = "/students/" + number(dataOf(created).value(QStringLiteral("id")));
    const QByteArray stale = "If-Match: " + created.header("ETag") + "\r\n";
    CHECK(withJson("POST", "/students", m_staff, QJsonObject{{QStringLiteral("name"), ""}}), 422);
    QJsonObject unknown = student(QStringLiteral("Ken"), QStringLiteral("Unix"), 60);
    unknown.insert(QStringLiteral("nickname"), QStringLiteral("k"));
    CHECK(withJson("POST", "/students", m_staff, unknown), 422);
    CHECK(withJson("POST", "/students", m_viewer, unknown), 403);
    CHECK(withBody("POST", "/students", m_staff, "name=Ken", "text/plain"), 415);
    CHECK(withBody("POST", "/students", m_staff, {}, "application/json"), 400);

    const QJsonObject replacement =
        student(QStringLiteral("Linus T."), QStringLiteral("Kernels"), 75);
    CHECK(withJson("PUT", path, m_staff, replacement, stale), 200);
    CHECK(withJson("PUT", path, m_staff, replacement, stale), 412);
    CHECK(withJson("PUT", path, m_staff, QJsonObject{{QStringLiteral("course"), "C"}}), 422);
    CHECK(withJson("PUT", "/students/999999", m_staff, replacement), 404);
    CHECK(withJson("PATCH", path, m_staff, QJsonObject{{QStringLiteral("grade"), 90}}), 200);
    CHECK(withJson("PATCH", path, m_staff, QJsonObject{{QStringLiteral("grade"), 101}}), 422);
    CHECK(withJson("PATCH", path, m_viewer, QJsonObject{{QStringLiteral("grade"), 50}}), 403);
    CHECK(bare("DELETE", path, m_staff, stale), 412);
    CHECK(bare("DELETE", path, m_viewer), 403);
    CHECK(bare("DELETE", path, m_staff), 200);
    CHECK(bare("DELETE", path, m_staff), 404);
}

void TestOpenApiReplies::bulkRepliesConform()
{
    const QByteArray csv = "name,course,grade\r\nBarbara,Databases,88\r\nEdsger,Algorithms,\r\n";
    const QByteArray import = "/students/import";
    CHECK(withBody("POST", import, m_staff, csv, "text/csv"), 200);
    CHECK(withBody("POST", import + "?dryRun=true", m_staff, csv, "text/csv; charset=utf-8"), 200);
    const QJsonArray alan{student(QStringLiteral("Alan"), QStringLiteral("Computability"), 99)};
    CHECK(withJson("POST", import, m_staff, alan), 200);
    const QByteArray badRows = "name,course,grade\r\nBad,Row,200\r\n,,\r\n";
    CHECK(withBody("POST", import, m_staff, badRows, "text/csv"), 422); // details carry lines
    CHECK(withBody("POST", import, m_staff, "nickname\r\nx\r\n", "text/csv"), 422);
    CHECK(withJson("POST", import, m_staff, QJsonArray{1, QJsonObject{}}), 422);
    CHECK(withBody("POST", import + "?dryRun=maybe", m_staff, csv, "text/csv"), 400);
    CHECK(withJson("POST", import, m_staff, QJsonObject{}), 400);
    CHECK(withBody("POST", import, m_staff, csv, "text/plain"), 415);
    CHECK(withBody("POST", import, m_viewer, csv, "text/csv"), 403);
    CHECK(get("/students/export", m_viewer), 200);
    CHECK(get("/students/export?q=a&sort=-name&minGrade=50", m_viewer), 200);
    CHECK(get("/students/export?minGrade=high", m_viewer), 400);
    CHECK(get("/students/export"), 401);
}

void TestOpenApiReplies::logRepliesConform()
{
    m_server->server().context().requestLog->flush(); // what was served so far is stored
    HttpReply page;
    CHECK_REPLY(page, get("/logs?limit=50", m_admin), 200);
    QVERIFY(!jsonArray(page).isEmpty());
    CHECK(get("/logs?status=4xx&method=post&path=%2Fstudents&since=2020-01-01T00:00:00Z", m_admin),
          200);
    const QByteArray mine =
        "/logs?until=2999-01-01T00:00:00Z&userId=" + QByteArray::number(m_adminId);
    CHECK(get(mine, m_admin), 200);
    CHECK(get("/logs?since=yesterday", m_admin), 400);
    CHECK(get("/logs?status=600", m_admin), 400);
    CHECK(get("/logs", m_staff), 403);
    CHECK_REPLY(page, get("/audit?limit=100", m_admin), 200);
    QVERIFY(!jsonArray(page).isEmpty());
    CHECK(get("/audit?entity=student&action=create&entityId=1&userId=1", m_admin), 200);
    CHECK(get("/audit?limit=0", m_admin), 400);
    CHECK(get("/audit", m_viewer), 403);
}

// The stream has no end, so its head is read by hand; then one event's data is held
// against RequestLogEntry.
void TestOpenApiReplies::logStreamConforms()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(ReplyTimeoutMs));
    socket.write(requestBytes("GET", "/logs/stream", "Authorization: Bearer " + m_admin + "\r\n"));
    QByteArray received;
    const auto readUntil = [&](const std::function<bool()> &done) {
        QDeadlineTimer deadline(ReplyTimeoutMs);
        while (!done() && !deadline.hasExpired() &&
               socket.state() == QAbstractSocket::ConnectedState) {
            socket.waitForReadyRead(100);
            received += socket.readAll();
        }
        return done();
    };
    QVERIFY2(readUntil([&] { return received.contains(": connected\n\n"); }), received.constData());
    const HttpReply head = replyHead(received);
    QCOMPARE(head.status, 200);
    QStringList problems = m_document->checkReply("GET", "/logs/stream", head);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    m_client->exercised("GET", QStringLiteral("/logs/stream"));

    CHECK(get("/"), 200); // something to report
    const auto dataLine = [&] {
        const qsizetype event = received.indexOf("event: request\n");
        const qsizetype data = event < 0 ? -1 : received.indexOf("data: ", event);
        const qsizetype end = data < 0 ? -1 : received.indexOf("\n\n", data);
        return end < 0 ? QByteArray() : received.mid(data + 6, end - data - 6);
    };
    QVERIFY2(readUntil([&] { return !dataLine().isEmpty(); }), received.constData());
    const QJsonObject entry{
        {QStringLiteral("$ref"), QStringLiteral("#/components/schemas/RequestLogEntry")}};
    problems = m_document->schemas().check(QJsonDocument::fromJson(dataLine()).object(), entry,
                                           QStringLiteral("event data"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n')) + QLatin1Char('\n') +
                                            QString::fromUtf8(dataLine())));
}

void TestOpenApiReplies::selfRegistrationConforms()
{
    const auto open =
        TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0"),
                           QStringLiteral("--allow-registration"), QStringLiteral("true")});
    QVERIFY(open);
    QJsonObject body = credentials(QStringLiteral("self@school.test"));
    body.insert(QStringLiteral("name"), QStringLiteral("Self Starter"));
    HttpReply registered;
    QVERIFY_EXCHANGE(*m_client, registered, open->port(), withJson("POST", "/register", {}, body),
                     201);
    QCOMPARE(dataOf(registered).value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
    body.insert(QStringLiteral("email"), QStringLiteral("chooser@school.test"));
    body.insert(QStringLiteral("role"), QStringLiteral("admin")); // only an admin may choose
    CHECK_AT(open->port(), withJson("POST", "/register", {}, body), 422);
}

// Refused by the connection before any route runs, yet documented on every operation.
void TestOpenApiReplies::transportRefusalsConform()
{
    const auto small = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0"),
                                          QStringLiteral("--max-body"), QStringLiteral("1024"),
                                          QStringLiteral("--max-headers"), QStringLiteral("1024")});
    QVERIFY(small);
    const QByteArray big(2048, 'x');
    CHECK_AT(small->port(), withBody("POST", "/students", {}, big, "application/json"), 413);
    CHECK_AT(small->port(), get("/", {}, "X-Filler: " + big + "\r\n"), 431);
}

void TestOpenApiReplies::rateLimitConforms()
{
    const auto slow = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0.05/1")});
    QVERIFY(slow);
    CHECK_AT(slow->port(), get("/health"), 200);
    CHECK_AT(slow->port(), get("/health"), 429);
}

// 404 for an unknown path and 405 for a known one are no operation's, but still the Error
// shape with the request id (and, for 405, Allow).
void TestOpenApiReplies::repliesOffTheOperationsAreErrors()
{
    const QJsonObject error{{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/Error")}};
    for (const auto &[request, status] : {std::pair{requestBytes("GET", "/nowhere"), 404},
                                          std::pair{requestBytes("DELETE", "/health"), 405}}) {
        const std::optional<HttpReply> reply = httpExchange(m_port, request);
        QVERIFY(reply);
        QCOMPARE(reply->status, status);
        const QStringList problems = m_document->schemas().check(reply->json(), error, "body");
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(!reply->header("X-Request-Id").isEmpty());
        QCOMPARE(reply->json().value(QStringLiteral("requestId")).toString().toLatin1(),
                 reply->header("X-Request-Id"));
    }
    const std::optional<HttpReply> options =
        httpExchange(m_port, requestBytes("OPTIONS", "/students"));
    QVERIFY(options);
    QCOMPARE(options->status, 204);
    QCOMPARE(options->header("Allow"), QByteArray("GET, HEAD, POST, OPTIONS"));
}

void TestOpenApiReplies::everyOperationWasExercised()
{
    const QStringList missing = m_client->unexercised();
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no reply was checked for: ") +
                                           missing.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(TestOpenApiReplies)
#include "tst_openapi_replies.moc"

// Deferred replies (password hashing runs off the serving thread) against clients that do
// not wait for them: hundreds of logins abandoned before the reply, while other requests
// are served, must not crash or wedge the server; and a deferred reply keeps its place
// among pipelined requests on one connection.
#include "api_client.h"
#include "server_context.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QThread>
#include <QTest>
#include <QUrl>

using namespace academy;
using namespace academy::test;

namespace {

QByteArray loginRequest(const QString &email, const QString &password, const QByteArray &requestId = {})
{
    const QByteArray body = compactJson(QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
    QByteArray headers = "Content-Type: application/json\r\n";
    if (!requestId.isEmpty())
        headers += "X-Request-Id: " + requestId + "\r\n";
    return requestBytes("POST", "/login", headers, body);
}

QByteArray getRequest(const QByteArray &target, const QByteArray &requestId)
{
    return requestBytes("GET", target, "X-Request-Id: " + requestId + "\r\n");
}

// Every login abandoned may still have queued a hash: waiting out that backlog on a slow
// (sanitized) build takes a while, so the final checks get minutes, not seconds.
constexpr int BacklogTimeoutMs = 180000;

// For a failure message: what was asked, and the reply's status and body.
QString describe(const QString &what, const HttpReply &reply)
{
    return QStringLiteral("%1: status %2, body %3").arg(what).arg(reply.status).arg(QString::fromUtf8(reply.body.left(300)));
}

} // namespace

class TestApiHangups final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void abandonedLoginsDoNotHurtTheServer();
    void pipelinedRepliesKeepTheirOrder_data();
    void pipelinedRepliesKeepTheirOrder();
    void stoppingWhileHashingIsSafe();
    void stoppingWhileCreatingIsSafe();
    void loginsPastTheQueueAreRefusedAtOnce();

private:
    std::unique_ptr<TestServer> m_server;
};

void TestApiHangups::initTestCase()
{
    // Every hang-up must reach the server, so the per-address connection cap is lifted; the
    // lockout must not be what answers, so it is out of reach.
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--max-connections-per-address"), QStringLiteral("1000"),
                                                 QStringLiteral("--login-lockout"), QStringLiteral("100000/900/900")}));
    QVERIFY(m_server);
    QVERIFY(createUser(*m_server, QStringLiteral("patient@school.test"), Role::Viewer));
}

void TestApiHangups::cleanupTestCase()
{
    m_server.reset();
}

void TestApiHangups::abandonedLoginsDoNotHurtTheServer()
{
    // A hang-up is routine, not something to log: reading a socket the client already closed
    // logged "device not open" twice per hang-up before.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("device not open")));
    // A client that waits for its login throughout, behind the abandoned ones.
    RawClient waiting(m_server->port());
    QVERIFY(waiting.isConnected());
    waiting.send(loginRequest(QStringLiteral("patient@school.test"), AccountPassword));

    for (int i = 0; i < 500; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY2(socket.waitForConnected(ReplyTimeoutMs), qPrintable(socket.errorString()));
        // Right and wrong passwords, some with a request pipelined behind the login.
        QByteArray bytes = loginRequest(QStringLiteral("patient@school.test"), i % 3 ? QStringLiteral("a wrong password!") : AccountPassword);
        if (i % 5 == 0)
            bytes += getRequest("/", "behind-" + QByteArray::number(i));
        socket.write(bytes);
        socket.waitForBytesWritten(ReplyTimeoutMs);
        if (i % 2)
            socket.abort(); // RST
        else
            socket.disconnectFromHost(); // FIN
        if (i % 50 == 49) { // other clients are served meanwhile
            const HttpReply live = ApiClient(m_server->port()).get("/");
            QVERIFY2(live.status == 200, qPrintable(describe(QStringLiteral("GET / after %1 hang-ups").arg(i + 1), live)));
        }
    }

    const std::optional<HttpReply> waited = waiting.readReply(BacklogTimeoutMs);
    QVERIFY2(waited, "the login sent before the hang-ups got no reply");
    QVERIFY2(waited->status == 200, qPrintable(describe("the login sent before the hang-ups", *waited)));
    const HttpReply live = ApiClient(m_server->port()).get("/");
    QVERIFY2(live.status == 200, qPrintable(describe("GET / after the hang-ups", live)));
    // Hashes of hang-ups the server had not noticed yet may still fill the queue: a 503 then
    // says "retry", as a client would.
    QDeadlineTimer deadline(BacklogTimeoutMs);
    std::optional<HttpReply> login;
    do {
        if (login)
            QTest::qWait(100);
        RawClient after(m_server->port());
        after.send(loginRequest(QStringLiteral("patient@school.test"), AccountPassword));
        login = after.readReply(BacklogTimeoutMs);
        QVERIFY2(login, "a login after the hang-ups got no reply");
    } while (login->status == 503 && !deadline.hasExpired());
    QVERIFY2(login->status == 200, qPrintable(describe("a login after the hang-ups", *login)));
    QVERIFY(!login->json().value(QStringLiteral("token")).toString().isEmpty());
}

void TestApiHangups::pipelinedRepliesKeepTheirOrder_data()
{
    QTest::addColumn<QByteArrayList>("requests"); // "login", "bad-login", or a GET target
    QTest::addColumn<QList<int>>("statuses");

    QTest::newRow("login, then GET /") << QByteArrayList{"login", "/"} << QList<int>{200, 200};
    QTest::newRow("failed login, then GET /health") << QByteArrayList{"bad-login", "/health"} << QList<int>{401, 200};
    QTest::newRow("GET /, login, GET /, failed login, GET /")
        << QByteArrayList{"/", "login", "/", "bad-login", "/"} << QList<int>{200, 200, 200, 401, 200};
    QTest::newRow("two logins, then a 404") << QByteArrayList{"login", "login", "/nowhere"} << QList<int>{200, 200, 404};
}

void TestApiHangups::pipelinedRepliesKeepTheirOrder()
{
    QFETCH(QByteArrayList, requests);
    QFETCH(QList<int>, statuses);
    QByteArray bytes;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const QByteArray id = "pipelined-" + QByteArray::number(i);
        if (requests.at(i) == "login" || requests.at(i) == "bad-login")
            bytes += loginRequest(QStringLiteral("patient@school.test"),
                                  requests.at(i) == "login" ? AccountPassword : QStringLiteral("a wrong password!"), id);
        else
            bytes += getRequest(requests.at(i), id);
    }
    RawClient client(m_server->port());
    QVERIFY(client.isConnected());

    client.send(bytes); // one write: every request is in before the first (slow) reply

    for (qsizetype i = 0; i < requests.size(); ++i) {
        const std::optional<HttpReply> reply = client.readReply(BacklogTimeoutMs);
        QVERIFY2(reply, qPrintable(QStringLiteral("no reply %1").arg(i + 1)));
        QCOMPARE(reply->header("X-Request-Id"), "pipelined-" + QByteArray::number(i));
        QVERIFY2(reply->status == statuses.at(i),
                 qPrintable(describe(QStringLiteral("reply %1, expected %2").arg(i + 1).arg(statuses.at(i)), *reply)));
        if (requests.at(i) == "login")
            QVERIFY(reply->json().contains(QStringLiteral("token")));
        else if (requests.at(i) == "/")
            QCOMPARE(reply->json().value(QStringLiteral("message")).toString(), QStringLiteral("API is live"));
    }
}

void TestApiHangups::stoppingWhileHashingIsSafe()
{
    // stop(0) gives deferred work no grace: the hash being computed must still finish before
    // the serving threads (whose endpoints the job reports back to) are gone. Each round
    // stops at another moment of a login's life.
    const auto server = TestServer::start(apiServerFlags());
    QVERIFY(server);
    QVERIFY(createUser(*server, QStringLiteral("stopped@school.test"), Role::Viewer));
    for (int round = 0; round < 20; ++round) {
        RawClient client(server->port());
        QVERIFY(client.isConnected());
        client.send(loginRequest(QStringLiteral("stopped@school.test"), AccountPassword));
        QTest::qSleep(round * 10);

        server->server().stop(0);

        QVERIFY(server->server().start().ok());
    }
    QCOMPARE(ApiClient(server->port()).get("/").status, 200);
    QVERIFY(!login(server->port(), QStringLiteral("stopped@school.test")).isEmpty());
}

void TestApiHangups::stoppingWhileCreatingIsSafe()
{
    // A create waits for its group commit on the creation thread, which then answers through
    // the endpoint of the serving thread the request came in on: stop(0) must not take that
    // endpoint away first (it did: the late answer crashed). The write is held up by taking
    // the database's writer lock on another thread until well after the stop began.
    const auto server = TestServer::start(apiServerFlags());
    QVERIFY(server);
    QVERIFY(createUser(*server, QStringLiteral("writer@school.test"), Role::Staff));
    const QByteArray token = login(server->port(), QStringLiteral("writer@school.test"));
    QVERIFY(!token.isEmpty());

    for (int round = 0; round < 3; ++round) { // a freed endpoint does not always crash at once
        const QString name = QStringLiteral("Queued Before Stop %1").arg(round);
        QSemaphore locked;
        std::unique_ptr<QThread> holder(QThread::create([&] {
            QMutexLocker writer(&server->database().writerLock());
            locked.release();
            QThread::msleep(500);
        }));
        // The login's reply reaches the client a moment before its job counts itself out of
        // deferredInFlight: only a count back at 0 makes the 1 below this create's.
        const std::atomic<int> &promised = server->server().context().deferredInFlight;
        QTRY_VERIFY_WITH_TIMEOUT(promised.load() == 0, 10'000);
        holder->start();
        // A failed check below returns early: the holder must have ended before it is destroyed.
        const auto joinHolder = qScopeGuard([&] { holder->wait(); });
        QVERIFY(locked.tryAcquire(1, 10'000));
        RawClient client(server->port());
        QVERIFY(client.isConnected());
        client.send(requestBytes("POST", "/students",
                                 "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n",
                                 compactJson(QJsonObject{{QStringLiteral("name"), name},
                                                         {QStringLiteral("course"), QStringLiteral("Physics")},
                                                         {QStringLiteral("grade"), 80}})));
        // Queued (its reply is promised), and its group waiting for the lock.
        QTRY_VERIFY_WITH_TIMEOUT(promised.load() >= 1, 10'000);

        server->server().stop(0);
        QVERIFY(holder->wait(10'000));

        // A write once queued is done, even though nobody was left to hear the answer.
        QVERIFY(server->server().start().ok());
        const HttpReply found = ApiClient(server->port(), token).get("/students?q=" + QUrl::toPercentEncoding(name));
        QVERIFY2(found.status == 200, qPrintable(describe("the search after the restart", found)));
        QCOMPARE(found.header("X-Total-Count"), QByteArray("1"));
    }
}

// More logins at once than the hashing queue holds: the queued ones are all served, the rest
// are answered 503 with Retry-After at once instead of waiting behind the others, and the
// queue's count drains (a login afterwards is served).
void TestApiHangups::loginsPastTheQueueAreRefusedAtOnce()
{
    constexpr int Logins = http::ServerContext::MaxSlowWorkWaiting + 40;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < Logins; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_server->port()));
        QVERIFY(clients.back()->isConnected());
    }
    for (auto &client : clients) // each hash takes tens of milliseconds: all are in long before
        client->send(loginRequest(QStringLiteral("patient@school.test"), AccountPassword));
    int served = 0;
    int refused = 0;
    for (auto &client : clients) {
        const std::optional<HttpReply> reply = client->readReply(BacklogTimeoutMs);
        QVERIFY2(reply, qPrintable(QStringLiteral("no reply after %1 served, %2 refused").arg(served).arg(refused)));
        if (reply->status == 200) {
            QVERIFY(reply->json().contains(QStringLiteral("token")));
            ++served;
            continue;
        }
        QVERIFY_ERROR_REPLY(*reply, 503, QStringLiteral("unavailable"));
        QVERIFY(reply->hasHeader("Retry-After"));
        ++refused;
    }
    QVERIFY2(refused > 0 && served >= http::ServerContext::MaxSlowWorkWaiting,
             qPrintable(QStringLiteral("%1 served, %2 refused").arg(served).arg(refused)));
    QVERIFY(!login(m_server->port(), QStringLiteral("patient@school.test")).isEmpty());
}

QTEST_GUILESS_MAIN(TestApiHangups)
#include "tst_api_hangups.moc"

// GET /logs/stream, the live tail of the request log as Server-Sent Events: an admin's client
// sees another client's request within a second; others are refused; a client that stops
// reading is dropped and never grows the server's memory.
#include "api_client.h"
#include "pipelined_load.h"
#include "sse_stream.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

using namespace academy;
using namespace academy::test;

namespace {

constexpr int LoadTimeoutMs = 120000;
constexpr qint64 MaxGrowthBytes = 16 * 1024 * 1024;

QByteArray streamRequest(const QByteArray &token, const QByteArray &extraHeaders = {})
{
    return requestBytes("GET", "/logs/stream", (token.isEmpty() ? QByteArray() : "Authorization: Bearer " + token + "\r\n") + extraHeaders);
}

// A request with our own X-Request-Id, which its stream event carries as its id.
bool sendWithId(quint16 port, const QByteArray &path, const QByteArray &id)
{
    const std::optional<HttpReply> reply = httpExchange(port, requestBytes("GET", path, "X-Request-Id: " + id + "\r\n"));
    return reply && reply->header("X-Request-Id") == id;
}

// VmRSS of this process (the in-process server's too), in bytes.
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

// A client that reads the stream as it comes, on this thread's event loop.
class SseClient final
{
public:
    SseClient(quint16 port, const QByteArray &token, const QByteArray &extraHeaders = {})
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] {
            m_received += m_socket.readAll();
            if (m_clock && m_seenAfterUs < 0 && m_received.contains(m_awaited))
                m_seenAfterUs = m_clock->nsecsElapsed() / 1000;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (m_socket.waitForConnected(ReplyTimeoutMs))
            m_socket.write(streamRequest(token, extraHeaders));
    }
    bool has(const QByteArray &text) const { return m_received.contains(text); }
    QByteArray received() const { return m_received; }
    // Notes when `text` first arrives, on `clock`: the moment of arrival, not of the check.
    void await(const QByteArray &text, const QElapsedTimer *clock)
    {
        m_awaited = text;
        m_clock = clock;
        m_seenAfterUs = -1;
    }
    qint64 seenAfterUs() const { return m_seenAfterUs; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    QByteArray m_awaited;
    const QElapsedTimer *m_clock = nullptr;
    qint64 m_seenAfterUs = -1;
};

// A client that asks for the stream and then never reads: a tiny receive buffer, so the
// server's writes back up at once.
class StalledClient final
{
public:
    explicit StalledClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    }
    ~StalledClient() { ::close(m_fd); }

    bool send(const QByteArray &bytes) const
    {
        return m_connected && ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size();
    }
    // What has arrived, looked at without taking it off the socket.
    QByteArray peek() const
    {
        QByteArray buffer(2048, '\0');
        const ssize_t got = ::recv(m_fd, buffer.data(), size_t(buffer.size()), MSG_PEEK | MSG_DONTWAIT);
        return got > 0 ? buffer.left(got) : QByteArray();
    }
    // Reads everything now; true when the server has closed or reset the connection (the
    // data it had sent before may come first).
    bool drainUntilClosed(int timeoutMs) const
    {
        QElapsedTimer clock;
        clock.start();
        char chunk[65536];
        while (clock.elapsed() < timeoutMs) {
            pollfd polled{m_fd, POLLIN, 0};
            if (::poll(&polled, 1, 2000) == 0)
                return false; // quiet and still open
            const ssize_t got = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno == ECONNRESET))
                return true;
        }
        return false;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

} // namespace

class TestLogStream final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void streamNeedsAToken();
    void streamNeedsAnAdmin();
    void streamIsEventStream();
    void eventArrivesWithinOneSecond();
    void reconnectWithLastEventIdGetsWhatItMissed();
    void reconnectAfterAnEventNoLongerHeldIsToldSo();
    void reconnectAfterLongAbsenceGetsTheNewestHalfQueue();
    void stalledClientDoesNotGrowMemory();
    void stalledClientIsDropped();

private:
    std::unique_ptr<TestServer> m_server;
    Accounts m_accounts;
};

void TestLogStream::initTestCase()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    const std::optional<Accounts> accounts = createAccounts(*m_server);
    QVERIFY(accounts);
    m_accounts = *accounts;
}

void TestLogStream::cleanupTestCase()
{
    m_server.reset();
}

void TestLogStream::streamNeedsAToken()
{
    const std::optional<HttpReply> reply = httpExchange(m_server->port(), streamRequest({}));
    QVERIFY(reply);
    QVERIFY_ERROR_REPLY(*reply, 401, QStringLiteral("unauthorized"));
}

void TestLogStream::streamNeedsAnAdmin()
{
    for (const QByteArray &token : {m_accounts.viewerToken, m_accounts.staffToken}) {
        const std::optional<HttpReply> reply = httpExchange(m_server->port(), streamRequest(token));
        QVERIFY(reply);
        QVERIFY_ERROR_REPLY(*reply, 403, QStringLiteral("forbidden"));
    }
}

void TestLogStream::streamIsEventStream()
{
    SseClient client(m_server->port(), m_accounts.adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(client.has(": connected\n\n"), ReplyTimeoutMs);
    const QByteArray head = client.received().left(client.received().indexOf("\r\n\r\n")).toLower();
    QVERIFY2(head.startsWith("http/1.1 200"), head.constData());
    QVERIFY2(head.contains("\r\ncontent-type: text/event-stream"), head.constData());
    QVERIFY2(head.contains("\r\ncache-control: no-store"), head.constData());
    QVERIFY2(!head.contains("\r\ncontent-length:"), head.constData());
}

// Subscribed first, then another client's request: the event for ITS path (not the stream's
// own request) must come within the second.
void TestLogStream::eventArrivesWithinOneSecond()
{
    SseClient client(m_server->port(), m_accounts.adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(client.has(": connected\n\n"), ReplyTimeoutMs);
    const QByteArray path = "/sse-probe-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();

    const QByteArray awaited = "\"path\":\"" + path + '"';
    QElapsedTimer clock;
    client.await(awaited, &clock);
    clock.start();
    const std::optional<HttpReply> reply = httpExchange(m_server->port(), requestBytes("GET", path));
    QVERIFY(reply);
    QCOMPARE(reply->status, 404);
    QTRY_VERIFY_WITH_TIMEOUT(client.has(awaited), 1000);
    const qint64 latencyUs = client.seenAfterUs();
    qInfo("SSE event for another client's request arrived %.3f ms after the request was sent", latencyUs / 1000.0);
    QVERIFY2(latencyUs >= 0 && latencyUs <= 1000000, qPrintable(QString::number(latencyUs)));

    // The event: "event: request", the request's id, and the entry as JSON data.
    const QByteArray received = client.received();
    const qsizetype data = received.lastIndexOf("data: ", received.indexOf(path));
    const qsizetype event = received.lastIndexOf("event: request\n", data);
    QVERIFY2(event >= 0 && data > event, received.constData());
    QCOMPARE(received.mid(event, data - event), "event: request\nid: " + reply->header("X-Request-Id") + '\n');
    const QJsonObject entry = QJsonDocument::fromJson(received.mid(data + 6, received.indexOf('\n', data) - data - 6)).object();
    QVERIFY2(entry.value(QStringLiteral("id")).isNull(), "a live entry is not stored yet: no id");
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QString::fromLatin1(path));
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 404);
    QCOMPARE(entry.value(QStringLiteral("requestId")).toString().toLatin1(), reply->header("X-Request-Id"));
}

// An EventSource that reconnects sends the id of the last event it saw: the events after it
// come first, in order, and that one not again.
void TestLogStream::reconnectWithLastEventIdGetsWhatItMissed()
{
    const QByteArray run = QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    const QByteArray seen = "seen-" + run, missed1 = "missed-1-" + run, missed2 = "missed-2-" + run;
    SseClient first(m_server->port(), m_accounts.adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(first.has(": connected\n\n"), ReplyTimeoutMs);
    QVERIFY(sendWithId(m_server->port(), "/resume-probe", seen));
    QVERIFY(sendWithId(m_server->port(), "/resume-probe", missed1));
    QVERIFY(sendWithId(m_server->port(), "/resume-probe", missed2));
    QTRY_VERIFY_WITH_TIMEOUT(first.has("id: " + missed2 + '\n'), 1000); // in the ring by now

    SseClient again(m_server->port(), m_accounts.adminToken, "Last-Event-ID: " + seen + "\r\n");

    QTRY_VERIFY_WITH_TIMEOUT(again.has("id: " + missed2 + '\n'), ReplyTimeoutMs);
    const QByteArray received = again.received();
    QVERIFY2(received.contains("\r\n\r\n: connected\n\n: resumed after Last-Event-ID\n\n"), received.constData());
    QVERIFY2(!received.contains("id: " + seen + '\n'), received.constData());
    const qsizetype one = received.indexOf("id: " + missed1 + '\n');
    QVERIFY2(one > 0 && one < received.indexOf("id: " + missed2 + '\n'), received.constData());
    QCOMPARE(received.count("id: " + missed1 + '\n'), 1);
}

// An id the server does not hold (never seen, or pushed out of the newest 10,000): a comment
// says so, and the live events follow as for any client.
void TestLogStream::reconnectAfterAnEventNoLongerHeldIsToldSo()
{
    const QByteArray run = QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    SseClient client(m_server->port(), m_accounts.adminToken, "Last-Event-ID: gone-" + run + "\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.has(": connected\n\n"), ReplyTimeoutMs);

    QVERIFY(sendWithId(m_server->port(), "/resume-probe", "live-" + run));

    QTRY_VERIFY_WITH_TIMEOUT(client.has("id: live-" + run + '\n'), 1000);
    QVERIFY2(client.received().contains("\r\n\r\n: connected\n\n: cannot resume after Last-Event-ID"), client.received().constData());
}

// More missed than half the subscriber's queue: the newest of them come (so live events still
// have room), and a comment points to /logs for the rest.
void TestLogStream::reconnectAfterLongAbsenceGetsTheNewestHalfQueue()
{
    const QByteArray run = QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    QVERIFY(sendWithId(m_server->port(), "/resume-probe", "before-" + run));
    const qint64 missed = http::SseStream::QueueCapacity; // twice what is replayed
    const QByteArray last = "last-" + run;
    // One connection: its requests finish in order, so `last` is the newest of them.
    const LoadResult load = runPipelinedLoad(m_server->port(), missed, 1, 50, [&](qint64 i) {
        return requestBytes("GET", "/", i == missed - 1 ? "X-Request-Id: " + last + "\r\n" : QByteArray());
    }, LoadTimeoutMs);
    QVERIFY(load.complete(missed));
    m_server->server().requestLog().flush(); // every one of them in the ring

    SseClient client(m_server->port(), m_accounts.adminToken, "Last-Event-ID: before-" + run + "\r\n");

    QTRY_VERIFY_WITH_TIMEOUT(client.has("id: " + last + '\n'), ReplyTimeoutMs);
    QVERIFY2(client.received().contains("\r\n\r\n: connected\n\n: resumed with the newest of the missed events"),
             client.received().left(400).constData());
    QVERIFY(!client.received().contains("id: before-" + run + '\n'));
    // The replay is the newest 500 and ends with `last`, unless the stream of an earlier test
    // ended (and was logged) after it: then those few come after `last`, within the 500.
    const QByteArray upToLast = client.received().left(client.received().indexOf("id: " + last + '\n'));
    const qsizetype replayed = upToLast.count("event: request\n");
    QVERIFY2(replayed <= http::SseStream::QueueCapacity / 2 && replayed >= http::SseStream::QueueCapacity / 2 - 10,
             qPrintable(QString::number(replayed)));
}

void TestLogStream::stalledClientDoesNotGrowMemory()
{
    StalledClient stalled(m_server->port());
    QVERIFY(stalled.send(streamRequest(m_accounts.adminToken)));
    QTRY_VERIFY_WITH_TIMEOUT(stalled.peek().contains(": connected"), ReplyTimeoutMs); // subscribed

    const qint64 before = residentBytes();
    const LoadResult load = runPipelinedLoad(m_server->port(), 100000, 4, 100,
                                             [](qint64) { return requestBytes("GET", "/"); }, LoadTimeoutMs);
    const qint64 after = residentBytes();
    qInfo("100000 requests in %lld ms with a stalled SSE client; RSS %.1f -> %.1f MiB (%+.1f MiB)", load.elapsedMs,
          before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0);
    QVERIFY2(load.complete(100000), qPrintable(QStringLiteral("%1 of 100000 replies in %2 ms%3")
                                                   .arg(load.replies).arg(load.elapsedMs)
                                                   .arg(load.connectionLost ? QStringLiteral(", a connection lost") : QString())));
    QCOMPARE(load.statuses.value(200), qint64(100000));
    QVERIFY(before > 0);
#if defined(__SANITIZE_ADDRESS__)
    // The load ran (and ASan watched the drop path), but RSS here measures ASan's quarantine,
    // redzones and shadow, hundreds of MiB of them: the bound is asserted by the plain build.
    QSKIP("RSS bound not meaningful under AddressSanitizer; asserted in the build without it");
#endif
    QVERIFY2(after - before <= MaxGrowthBytes,
             qPrintable(QStringLiteral("RSS grew by %1 MiB").arg((after - before) / 1048576.0, 0, 'f', 1)));
}

void TestLogStream::stalledClientIsDropped()
{
    StalledClient stalled(m_server->port());
    QVERIFY(stalled.send(streamRequest(m_accounts.adminToken)));
    QTRY_VERIFY_WITH_TIMEOUT(stalled.peek().contains(": connected"), ReplyTimeoutMs);
    const LoadResult load = runPipelinedLoad(m_server->port(), 20000, 4, 100,
                                             [](qint64) { return requestBytes("GET", "/"); }, LoadTimeoutMs);
    QVERIFY(load.complete(20000));
    QVERIFY2(stalled.drainUntilClosed(60000), "the server kept a client that never reads");

    // The server is none the worse for it, and a reading client still gets events.
    SseClient reader(m_server->port(), m_accounts.adminToken);
    QTRY_VERIFY_WITH_TIMEOUT(reader.has(": connected\n\n"), ReplyTimeoutMs);
    QCOMPARE(ApiClient(m_server->port()).get("/after-the-drop").status, 404);
    QTRY_VERIFY_WITH_TIMEOUT(reader.has("/after-the-drop"), ReplyTimeoutMs);
}

QTEST_GUILESS_MAIN(TestLogStream)
#include "tst_log_stream.moc"

#include "test_server.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace academy::test {

namespace {

// Splits one reply off the front of `buffer`. Returns the bytes it used, 0 while the reply
// is incomplete (or malformed: the caller's timeout then says so).
qsizetype takeReply(const QByteArray &buffer, bool toHead, bool closed, HttpReply &reply)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return 0;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1."))
        return 0;
    HttpReply parsed;
    parsed.status = statusLine.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            parsed.headers.append({lines.at(i).left(colon), lines.at(i).mid(colon + 1).trimmed()});
    }
    const qsizetype bodyStart = headEnd + 4;
    const bool bodyless = toHead || parsed.status < 200 || parsed.status == 204 || parsed.status == 304;
    qsizetype bodyLength = 0;
    if (bodyless)
        bodyLength = 0;
    else if (parsed.hasHeader("Content-Length"))
        bodyLength = parsed.header("Content-Length").toLongLong();
    else if (closed)
        bodyLength = buffer.size() - bodyStart; // delimited by the end of the connection
    else
        return 0;
    if (buffer.size() - bodyStart < bodyLength)
        return 0;
    parsed.body = buffer.mid(bodyStart, bodyLength);
    reply = parsed;
    return bodyStart + bodyLength;
}

} // namespace

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpReply::hasHeader(const QByteArray &name) const
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

std::unique_ptr<TestServer> TestServer::start(const QStringList &flags, int threads, Engine engine)
{
    std::unique_ptr<TestServer> test(new TestServer);
    if (!test->m_dataDir.isValid()) {
        QTest::qFail("cannot create a temporary data folder", __FILE__, __LINE__);
        return nullptr;
    }
    test->m_database = TestDatabase::create(engine);
    if (!test->m_database)
        return nullptr;
    const QStringList arguments = QStringList{QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                                              QStringLiteral("--port"), QStringLiteral("0"),
                                              QStringLiteral("--tls-port"), QStringLiteral("0"),
                                              QStringLiteral("--data-dir"), test->m_dataDir.path()}
                                  + flags;
    Result<Config> config = Config::load({arguments, {}, {}});
    if (!config) {
        QTest::qFail(qPrintable(config.error().message), __FILE__, __LINE__);
        return nullptr;
    }
    test->m_config = config.value();
    test->m_threads = threads;
    if (!test->startServer())
        return nullptr;
    return test;
}

bool TestServer::startServer()
{
    const QByteArray secret = m_config.jwtSecret.isEmpty() ? TestJwtSecret : m_config.jwtSecret;
    m_server = std::make_unique<http::HttpServer>(m_config, m_database->database(), secret);
    if (Status started = m_server->start(m_threads); !started) {
        QTest::qFail(qPrintable(QStringLiteral("the server did not start: ") + started.error().message), __FILE__,
                     __LINE__);
        return false;
    }
    return true;
}

bool TestServer::restart()
{
    m_server->stop(ReplyTimeoutMs);
    m_server.reset();
    return startServer();
}

TestServer::~TestServer()
{
    if (m_server)
        m_server->stop(0);
}

RawClient::RawClient(quint16 port, const QHostAddress &from) : m_socket(std::make_unique<QTcpSocket>())
{
    if (!from.isNull() && !m_socket->bind(from))
        return;
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    m_socket->waitForConnected(ReplyTimeoutMs);
}

RawClient::RawClient(std::unique_ptr<QTcpSocket> socket) : m_socket(std::move(socket)) {}

bool RawClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void RawClient::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    QDeadlineTimer deadline(ReplyTimeoutMs);
    while (m_socket->bytesToWrite() > 0 && isConnected() && !deadline.hasExpired()) {
        m_socket->waitForBytesWritten(int(deadline.remainingTime()));
        readAvailable();
    }
}

void RawClient::readAvailable()
{
    m_buffer += m_socket->readAll();
}

std::optional<HttpReply> RawClient::readReply(int timeoutMs, bool toHead)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        readAvailable();
        const bool closed = !isConnected();
        HttpReply reply;
        if (const qsizetype used = takeReply(m_buffer, toHead, closed, reply); used > 0) {
            m_buffer.remove(0, used);
            return reply;
        }
        if (closed || deadline.hasExpired())
            return std::nullopt;
        m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

bool RawClient::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        readAvailable();
        if (!isConnected())
            return true;
        if (deadline.hasExpired())
            return false;
        m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

QByteArray requestBytes(const QByteArray &method, const QByteArray &target, const QByteArray &headers,
                        const QByteArray &body)
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
    if (!body.isEmpty())
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

bool servesHome(quint16 port, const QHostAddress &from)
{
    RawClient client(port, from);
    if (!client.isConnected())
        return false;
    client.send(requestBytes("GET", "/"));
    const std::optional<HttpReply> reply = client.readReply();
    return reply && reply->status == 200;
}

std::optional<HttpReply> httpExchange(quint16 port, const QByteArray &request, bool toHead)
{
    RawClient client(port);
    if (!client.isConnected())
        return std::nullopt;
    client.send(request);
    return client.readReply(ReplyTimeoutMs, toHead);
}

QString errorShapeProblem(const HttpReply &reply, int status, const QString &error)
{
    if (reply.status != status)
        return QStringLiteral("status %1, expected %2; body %3").arg(reply.status).arg(status).arg(QString::fromUtf8(reply.body));
    if (reply.header("Content-Type") != "application/json; charset=utf-8")
        return QStringLiteral("Content-Type is \"%1\"").arg(QString::fromLatin1(reply.header("Content-Type")));
    const QJsonObject body = reply.json();
    if (body.value(QStringLiteral("error")).toString() != error)
        return QStringLiteral("error is \"%1\", expected \"%2\"; body %3")
            .arg(body.value(QStringLiteral("error")).toString(), error, QString::fromUtf8(reply.body));
    if (body.value(QStringLiteral("message")).toString().isEmpty())
        return QStringLiteral("no message in %1").arg(QString::fromUtf8(reply.body));
    const QString requestId = body.value(QStringLiteral("requestId")).toString();
    if (requestId.isEmpty() || requestId.toLatin1() != reply.header("X-Request-Id"))
        return QStringLiteral("requestId \"%1\" is empty or differs from X-Request-Id \"%2\"")
            .arg(requestId, QString::fromLatin1(reply.header("X-Request-Id")));
    if (reply.header("X-Content-Type-Options") != "nosniff")
        return QStringLiteral("no X-Content-Type-Options: nosniff");
    return {};
}

PortReservation::PortReservation()
{
    m_descriptor = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_descriptor < 0)
        return;
    const int one = 1;
    ::setsockopt(m_descriptor, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(m_descriptor, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    // Every address, not loopback: a server may bind the port on 0.0.0.0, which any socket on
    // that port at any local address would block; bound on 0.0.0.0, the kernel hands out a
    // port nobody holds anywhere, and nobody else can take it while the reservation lives.
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    socklen_t length = sizeof address;
    if (::bind(m_descriptor, reinterpret_cast<sockaddr *>(&address), length) == 0
        && ::getsockname(m_descriptor, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        m_port = ntohs(address.sin_port);
}

PortReservation::~PortReservation()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

} // namespace academy::test

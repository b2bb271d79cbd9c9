#pragma once

#include "http_server.h"
#include "testsupport.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTemporaryDir>
#include <QTcpSocket>

#include <memory>
#include <optional>
#include <utility>

namespace academy::test {

// Generous on purpose: a loaded two-core machine must not fail a test by being slow.
constexpr int ReplyTimeoutMs = 15000;

// The JWT secret of every TestServer that is not given --jwt-secret: tests that forge
// tokens sign with it.
inline const QByteArray TestJwtSecret = QByteArrayLiteral("academy-test-secret-0123456789abcdef0123");

// One HTTP/1.1 reply as it came off the wire.
struct HttpReply
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // in order, names as sent
    QByteArray body;

    // The first header of that name (case-insensitive), or empty.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
    // The body as a JSON object (empty when it is not one).
    QJsonObject json() const;
};

// The real server on 127.0.0.1 with an ephemeral port (HTTPS off unless the flags turn it
// on), a migrated SQLite database and a data folder of its own. Extra flags are the
// executable's (e.g. "--header-timeout", "1") and win over the defaults set here.
class TestServer final
{
public:
    // Fails the current test (and returns nullptr) when the configuration is refused or
    // the server cannot listen. `engine`: PostgreSQL serves from a fresh database in the
    // throwaway cluster (the test needs the POSTGRES option of academy_add_test).
    static std::unique_ptr<TestServer> start(const QStringList &flags = {}, int threads = 0,
                                             Engine engine = Engine::SQLite);
    ~TestServer();

    quint16 port() const { return m_server->httpPort(); }
    quint16 tlsPort() const { return m_server->httpsPort(); }
    QString dataDir() const { return m_dataDir.path(); }
    http::HttpServer &server() { return *m_server; }
    // The server's database, e.g. for a repository the API does not expose.
    Database &database() { return m_database->database(); }
    // Its DB_URL (sqlite://<file> or postgresql://…/<database>).
    QString databaseUrl() const { return m_database->url(); }

    // Stops the server and starts a new one with the same configuration on the same
    // database (a new port): what survives a restart. Fails the current test when it cannot.
    bool restart();

private:
    TestServer() = default;
    bool startServer();

    Config m_config;
    int m_threads = 0;
    QTemporaryDir m_dataDir;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<http::HttpServer> m_server;
};

// A client connection whose bytes the test writes itself, read with blocking calls (the
// server serves from its own threads). Replies are framed by Content-Length.
class RawClient final
{
public:
    // Connects to 127.0.0.1:port, from `from` when given (e.g. 127.0.0.2, a second client
    // address on loopback).
    explicit RawClient(quint16 port, const QHostAddress &from = {});
    // Takes a socket that is connected already (e.g. an encrypted QSslSocket).
    explicit RawClient(std::unique_ptr<QTcpSocket> socket);

    bool isConnected() const;
    void send(const QByteArray &bytes);
    // Reads one complete reply; nullopt when none arrives in time or the connection ends
    // first. A reply to HEAD has no body whatever its Content-Length says: pass `toHead`.
    std::optional<HttpReply> readReply(int timeoutMs = ReplyTimeoutMs, bool toHead = false);
    // True once the server has closed the connection; what it still sent is kept for
    // readReply / received().
    bool waitForClose(int timeoutMs = ReplyTimeoutMs);
    // Bytes received and not yet taken by readReply.
    QByteArray received() const { return m_buffer; }
    QTcpSocket &socket() { return *m_socket; }

private:
    void readAvailable();

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

// "METHOD target HTTP/1.1" with a Host header, the extra header lines (each ending in
// \r\n) and the body, with its Content-Length when there is one.
QByteArray requestBytes(const QByteArray &method, const QByteArray &target, const QByteArray &headers = {},
                        const QByteArray &body = {});

// One request on a fresh connection and its reply.
std::optional<HttpReply> httpExchange(quint16 port, const QByteArray &request, bool toHead = false);

// Whether GET / on a fresh connection (from `from`, when given) is answered 200: every test
// server answers it, so "the server still serves" is one line.
bool servesHome(quint16 port, const QHostAddress &from = {});

// What is wrong with a reply that should be the contract's error: the status, the JSON
// content type, {message, error, requestId} with requestId equal to X-Request-Id, and
// X-Content-Type-Options: nosniff. Empty when nothing is.
QString errorShapeProblem(const HttpReply &reply, int status, const QString &error);

// Fails the current test unless `reply` is the contract's error with that status and code.
#define QVERIFY_ERROR_REPLY(reply, status, error)                                                  \
    do {                                                                                           \
        const QString shapeProblem = academy::test::errorShapeProblem((reply), (status), (error)); \
        QVERIFY2(shapeProblem.isEmpty(), qPrintable(shapeProblem));                                \
    } while (false)

// A TCP port held for a test until the server under test binds it. A port that was merely
// free when asked could be taken by a test running alongside before the server binds it.
// The reservation is a bound socket that does not listen (so connections to the port are
// refused until the server listens). It allows SO_REUSEPORT, which the server's listeners
// set too, so only they can join it.
class PortReservation final
{
public:
    PortReservation();
    ~PortReservation();
    PortReservation(const PortReservation &) = delete;
    PortReservation &operator=(const PortReservation &) = delete;

    quint16 port() const { return m_port; } // 0 when no port could be reserved

private:
    int m_descriptor = -1;
    quint16 m_port = 0;
};

} // namespace academy::test

// academy-server as an administrator meets it: its command line, its exit codes, its
// start-up line and access log on stderr, and a clean stop on SIGTERM.
#include "api_client.h"
#include "test_server.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace academy;
using namespace academy::test;

namespace {

constexpr int ExitTimeoutMs = 30000; // for commands that exit at once; generous for a loaded box

// The server process with a data folder of its own and none of the contract's variables
// inherited from whoever runs the tests.
class ServerProcess final
{
public:
    explicit ServerProcess(const QHash<QString, QString> &environment = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const ConfigKey &key : configKeys())
            env.remove(key.variable);
        env.insert(QStringLiteral("DATA_DIR"), m_dataDir.path());
        for (auto it = environment.constBegin(); it != environment.constEnd(); ++it)
            env.insert(it.key(), it.value());
        m_process.setProcessEnvironment(env);
        m_process.setProgram(QStringLiteral(ACADEMY_SERVER_EXE));
    }
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(ExitTimeoutMs);
        }
    }

    QProcess &process() { return m_process; }

    void start(const QStringList &arguments)
    {
        m_process.setArguments(arguments);
        m_process.start();
    }

    // Runs to the end; false when it did not exit in time.
    bool run(const QStringList &arguments, int timeoutMs = ExitTimeoutMs)
    {
        start(arguments);
        return m_process.waitForFinished(timeoutMs);
    }

    // The same, with `input` as its whole standard input (then closed), as a script pipes it.
    bool runWithInput(const QStringList &arguments, const QByteArray &input)
    {
        start(arguments);
        m_process.write(input);
        m_process.closeWriteChannel();
        return m_process.waitForFinished(ExitTimeoutMs);
    }

    // Everything written to stderr so far.
    QByteArray errors()
    {
        m_errors += m_process.readAllStandardError();
        return m_errors;
    }

    // The plain HTTP port from the start-up line, 0 until it is printed.
    quint16 announcedPort()
    {
        static const QRegularExpression line(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(errors()));
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }

private:
    QTemporaryDir m_dataDir;
    QProcess m_process;
    QByteArray m_errors;
};

// The JWT secret goes to a file at once, without the 5 s wait for a keychain that this
// machine may not answer: for tests about something else, each starting the server a few times.
const QHash<QString, QString> NoKeychain{{QStringLiteral("ACADEMY_NO_KEYCHAIN"), QStringLiteral("1")}};

// The first admin's password as a script pipes it to --create-admin: typed twice.
const QString AdminPassword = QStringLiteral("correct-horse-battery");
const QByteArray AdminPasswordTwice = AdminPassword.toUtf8() + '\n' + AdminPassword.toUtf8() + '\n';

const QStringList LocalOnly{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls-port"),
                            QStringLiteral("0")};
// Access lines on stderr are written at LOG_LEVEL=debug only.
const QStringList AccessLines{QStringLiteral("--log-level"), QStringLiteral("debug")};

// The JSON lines of stderr that are access lines (they have a method).
QList<QJsonObject> accessLines(const QByteArray &stderrText)
{
    QList<QJsonObject> logged;
    for (const QByteArray &line : stderrText.split('\n')) {
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        if (entry.contains(QStringLiteral("method")))
            logged.append(entry);
    }
    return logged;
}

} // namespace

class TestServerProcess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpListsTheOptions();
    void versionIsPrinted();
    void badValueExitsWithTwo_data();
    void badValueExitsWithTwo();
    void unreachablePostgresIsOneClearSentence();
    void sigtermStopsAnIdleServer();
    void sigtermLetsRequestsInFlightFinish();
    void accessLogHasOneJsonLinePerRequestAtDebug();
    void accessLogIsOffAtInfo();
    void keepAliveRequestCostsOneReadAndOneWrite();
    void secondServerOnTheSamePortIsRefused();
    void createAdminTakesAPipedPassword();
    void createAdminRefusalSaysWhy_data();
    void createAdminRefusalSaysWhy();
};

void TestServerProcess::helpListsTheOptions()
{
    ServerProcess server;
    QVERIFY(server.run({QStringLiteral("--help")}));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    const QString help = QString::fromUtf8(server.process().readAllStandardOutput());
    for (const QString &expected : {QStringLiteral("--db-url"), QStringLiteral("DB_URL"), QStringLiteral("--port"),
                                    QStringLiteral("--tls-port"), QStringLiteral("--max-body")})
        QVERIFY2(help.contains(expected), qPrintable(expected));
}

void TestServerProcess::versionIsPrinted()
{
    ServerProcess server;
    QVERIFY(server.run({QStringLiteral("--version")}));
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY(QString::fromUtf8(server.process().readAllStandardOutput()).contains(QStringLiteral(ACADEMY_VERSION)));
}

void TestServerProcess::badValueExitsWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("variable"); // an environment variable to set, "NAME=value"
    QTest::addColumn<QString>("named");    // what the message must name

    QTest::newRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << QString()
                                       << QStringLiteral("PORT");
    QTest::newRow("unknown database engine") << LocalOnly << QStringLiteral("DB_URL=mysql://x") << QStringLiteral("DB_URL");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--prot"), QStringLiteral("3000")} << QString()
                                    << QStringLiteral("--prot");
    QTest::newRow("bad rate limit") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("fast")} << QString()
                                    << QStringLiteral("RATE_LIMIT");
}

void TestServerProcess::badValueExitsWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, variable);
    QFETCH(QString, named);
    QHash<QString, QString> environment;
    if (!variable.isEmpty())
        environment.insert(variable.section(QLatin1Char('='), 0, 0), variable.section(QLatin1Char('='), 1));
    ServerProcess server(environment);
    QVERIFY(server.run(arguments));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), ExitBadConfig);
    const QString errors = QString::fromUtf8(server.errors());
    QVERIFY2(errors.contains(named), qPrintable(errors));
    QVERIFY2(!errors.contains(QLatin1String("listening")), qPrintable(errors));
}

void TestServerProcess::unreachablePostgresIsOneClearSentence()
{
    ServerProcess server;
    QVERIFY2(server.run(LocalOnly + QStringList{QStringLiteral("--db-url"),
                                                QStringLiteral("postgresql://u:s3cretPassw0rd@127.0.0.1:1/db")},
                        15000),
             "an unreachable database kept the server from exiting");
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QVERIFY(server.process().exitCode() != 0);
    const QString errors = QString::fromUtf8(server.errors()).trimmed();
    QVERIFY2(errors.contains(QLatin1String("Cannot open the database")), qPrintable(errors));
    QVERIFY2(!errors.contains(QLatin1String("s3cretPassw0rd")), qPrintable(errors));
    QVERIFY2(!errors.contains(QLatin1String("listening")), qPrintable(errors));
}

// The one test that starts the server as a user would, keychain and all.
void TestServerProcess::sigtermStopsAnIdleServer()
{
    ServerProcess server;
    server.start(LocalOnly);
    QTRY_VERIFY_WITH_TIMEOUT(server.announcedPort() != 0, ExitTimeoutMs);
    const std::optional<HttpReply> reply = httpExchange(server.announcedPort(), requestBytes("GET", "/"));
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);

    ::kill(pid_t(server.process().processId()), SIGTERM);
    QVERIFY2(server.process().waitForFinished(ExitTimeoutMs), "SIGTERM did not stop the server");
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
}

void TestServerProcess::sigtermLetsRequestsInFlightFinish()
{
    // Logins hash with Argon2id on the server's two-thread pool, tens of milliseconds each:
    // sixteen of them at once keep the server busy for about 0.6 s after the first answer.
    // SIGTERM then arrives with the rest received and still being worked on.
    const QByteArray password = "Sh0rt-Lived-Admin!";
    ServerProcess server({{QStringLiteral("ADMIN_EMAIL"), QStringLiteral("head@school.test")},
                          {QStringLiteral("ADMIN_PASSWORD"), QString::fromLatin1(password)},
                          {QStringLiteral("ACADEMY_NO_KEYCHAIN"), QStringLiteral("1")}});
    server.start(LocalOnly + AccessLines); // its access lines say which logins were answered
    QTRY_VERIFY_WITH_TIMEOUT(server.announcedPort() != 0, ExitTimeoutMs);
    const QByteArray login = requestBytes("POST", "/login", "Content-Type: application/json\r\n",
                                          R"({"email":"head@school.test","password":")" + password + "\"}");
    constexpr int Logins = 16;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < Logins; ++i) {
        clients.push_back(std::make_unique<RawClient>(server.announcedPort()));
        QVERIFY(clients.back()->isConnected());
    }
    for (auto &client : clients)
        client->send(login);
    // The first login answered, whichever client's it is: the server takes the connections in
    // no set order, so waiting for client 0's reply once meant waiting for the last login.
    QTRY_VERIFY_WITH_TIMEOUT(server.errors().contains("\"path\":\"/login\""), ExitTimeoutMs);

    ::kill(pid_t(server.process().processId()), SIGTERM);
    for (int i = 0; i < Logins; ++i) {
        const std::optional<HttpReply> reply = clients[size_t(i)]->readReply();
        QVERIFY2(reply, qPrintable(QStringLiteral("login %1 was cut off by SIGTERM").arg(i)));
        QCOMPARE(reply->status, 200);
        QVERIFY(!reply->json().value(QStringLiteral("token")).toString().isEmpty());
    }
    QVERIFY2(server.process().waitForFinished(ExitTimeoutMs), "SIGTERM did not stop the server");
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    // Work was still queued when the signal came: the test exercised a real drain.
    const QString errors = QString::fromUtf8(server.errors());
    static const QRegularExpression stopping(QStringLiteral("stopping: no new connections, (\\d+) request"));
    const QRegularExpressionMatch match = stopping.match(errors);
    QVERIFY2(match.hasMatch(), qPrintable(errors));
    QVERIFY2(match.captured(1).toInt() >= 1, qPrintable(errors));
    QCOMPARE(errors.count(QLatin1String("\"path\":\"/login\"")), Logins);
}

void TestServerProcess::accessLogHasOneJsonLinePerRequestAtDebug()
{
    ServerProcess server(NoKeychain);
    server.start(LocalOnly + AccessLines);
    QTRY_VERIFY_WITH_TIMEOUT(server.announcedPort() != 0, ExitTimeoutMs);
    const quint16 port = server.announcedPort();
    const QList<std::pair<QByteArray, int>> requests{{"/", 200}, {"/health", 200}, {"/nope?token=abc", 404}};
    for (const auto &[target, status] : requests) {
        const std::optional<HttpReply> reply = httpExchange(port, requestBytes("GET", target));
        QVERIFY(reply);
        QCOMPARE(reply->status, status);
    }
    ::kill(pid_t(server.process().processId()), SIGTERM);
    QVERIFY(server.process().waitForFinished(ExitTimeoutMs));

    const QList<QJsonObject> logged = accessLines(server.errors());
    QCOMPARE(logged.size(), requests.size());
    for (qsizetype i = 0; i < logged.size(); ++i) {
        QCOMPARE(logged[i].value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(logged[i].value(QStringLiteral("status")).toInt(), requests[i].second);
        QVERIFY(!logged[i].value(QStringLiteral("requestId")).toString().isEmpty());
    }
    QCOMPARE(logged[0].value(QStringLiteral("path")).toString(), QStringLiteral("/"));
    QCOMPARE(logged[1].value(QStringLiteral("path")).toString(), QStringLiteral("/health"));
    // A secret-looking query value never reaches the log.
    QCOMPARE(logged[2].value(QStringLiteral("path")).toString(), QStringLiteral("/nope?token=***"));
}

// The default level keeps stderr to the server's own events: requests are in the request log
// (GET /logs), not in journald, whose rate limit they would use up.
void TestServerProcess::accessLogIsOffAtInfo()
{
    ServerProcess server(NoKeychain);
    server.start(LocalOnly);
    QTRY_VERIFY_WITH_TIMEOUT(server.announcedPort() != 0, ExitTimeoutMs);
    for (const QByteArray &target : {QByteArray("/"), QByteArray("/nope")})
        QVERIFY(httpExchange(server.announcedPort(), requestBytes("GET", target)));
    ::kill(pid_t(server.process().processId()), SIGTERM);
    QVERIFY(server.process().waitForFinished(ExitTimeoutMs));
    QCOMPARE(server.process().exitCode(), 0);
    const QByteArray errors = server.errors();
    QVERIFY2(errors.contains("JWT secret from"), errors.constData()); // info lines still come
    QVERIFY2(accessLines(errors).isEmpty(), errors.constData());
}

// A keep-alive request costs the server one read and one write, nothing more: no event loop
// waking itself in between. (Qt's GLib event loop wrote and read an eventfd twice per reply.)
// /proc/PID/io counts the process's read and write system calls.
void TestServerProcess::keepAliveRequestCostsOneReadAndOneWrite()
{
    // No request log and no access lines: their writes would be counted too.
    ServerProcess server({{QStringLiteral("ACADEMY_REQUEST_LOG"), QStringLiteral("off")},
                          {QStringLiteral("ACADEMY_NO_KEYCHAIN"), QStringLiteral("1")}});
    server.start(LocalOnly + QStringList{QStringLiteral("--log-level"), QStringLiteral("warning"),
                                         QStringLiteral("--rate-limit"), QStringLiteral("0")});
    QTRY_VERIFY_WITH_TIMEOUT(server.announcedPort() != 0, ExitTimeoutMs);
    const auto systemCalls = [&server](const char *counter) {
        QFile io(QStringLiteral("/proc/%1/io").arg(server.process().processId()));
        if (!io.open(QIODevice::ReadOnly))
            return qint64(-1);
        for (const QByteArray &line : io.readAll().split('\n')) {
            if (line.startsWith(counter))
                return line.mid(qstrlen(counter)).trimmed().toLongLong();
        }
        return qint64(-1);
    };
    RawClient client(server.announcedPort());
    QVERIFY(client.isConnected());
    client.send(requestBytes("GET", "/")); // the connection is accepted and set up
    QVERIFY(client.readReply());
    const qint64 readsBefore = systemCalls("syscr:");
    const qint64 writesBefore = systemCalls("syscw:");
    QVERIFY2(readsBefore >= 0 && writesBefore >= 0, "no /proc/PID/io");
    constexpr int Requests = 1000;
    for (int i = 0; i < Requests; ++i) {
        client.send(requestBytes("GET", "/"));
        const std::optional<HttpReply> reply = client.readReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }
    const double reads = double(systemCalls("syscr:") - readsBefore) / Requests;
    const double writes = double(systemCalls("syscw:") - writesBefore) / Requests;
    QVERIFY2(reads < 1.2 && writes < 1.2, qPrintable(QStringLiteral("%1 reads and %2 writes per request").arg(reads).arg(writes)));
}

// The listeners set SO_REUSEPORT (one per serving thread), which would let a second server of
// the same user join the first one's port: the kernel would split the clients between two
// servers with their own databases. The second one must refuse to start instead.
void TestServerProcess::secondServerOnTheSamePortIsRefused()
{
    ServerProcess first(NoKeychain);
    first.start(LocalOnly);
    QTRY_VERIFY_WITH_TIMEOUT(first.announcedPort() != 0, ExitTimeoutMs);
    const QString port = QString::number(first.announcedPort());

    ServerProcess second(NoKeychain);
    QVERIFY2(second.run({QStringLiteral("--port"), port, QStringLiteral("--tls-port"), QStringLiteral("0")}),
             "the second server started on the first one's port");
    QCOMPARE(second.process().exitCode(), 1);
    const QString errors = QString::fromUtf8(second.errors());
    QVERIFY2(errors.contains(QStringLiteral("PORT: cannot listen on 127.0.0.1 port %1").arg(port)), qPrintable(errors));
    QVERIFY2(errors.contains(QLatin1String("already listens there")), qPrintable(errors));

    const std::optional<HttpReply> reply = httpExchange(first.announcedPort(), requestBytes("GET", "/"));
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
}

// An installer script creates the first admin with the password piped in, twice.
void TestServerProcess::createAdminTakesAPipedPassword()
{
    ServerProcess server(NoKeychain);
    QVERIFY(server.runWithInput(LocalOnly + QStringList{QStringLiteral("--create-admin"), QStringLiteral("head@school.test")},
                                AdminPasswordTwice));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(server.process().exitCode() == 0, server.errors().constData());
    QVERIFY2(server.errors().contains("admin head@school.test created"), server.errors().constData());

    server.start(LocalOnly);
    QTRY_VERIFY_WITH_TIMEOUT(server.announcedPort() != 0, ExitTimeoutMs);
    QVERIFY(!login(server.announcedPort(), QStringLiteral("head@school.test"), AdminPassword).isEmpty());
}

void TestServerProcess::createAdminRefusalSaysWhy_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("reason");

    QTest::newRow("entries differ") << QByteArray("correct-horse-battery\ncorrect-horse-batterY\n")
                                    << QStringLiteral("the two entries differ");
    QTest::newRow("input ends after one line") << QByteArray("correct-horse-battery\n")
                                               << QStringLiteral("standard input ended");
    QTest::newRow("no input") << QByteArray() << QStringLiteral("standard input ended");
    QTest::newRow("too short") << QByteArray("short\nshort\n") << QStringLiteral("password");
}

// A refusal names its reason, and no admin is left behind: a second try can still succeed.
void TestServerProcess::createAdminRefusalSaysWhy()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, reason);
    ServerProcess server(NoKeychain);
    const QStringList createAdmin = LocalOnly + QStringList{QStringLiteral("--create-admin"), QStringLiteral("head@school.test")};
    QVERIFY(server.runWithInput(createAdmin, input));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QVERIFY(server.process().exitCode() != 0);
    const QString errors = QString::fromUtf8(server.errors());
    QVERIFY2(errors.contains(reason), qPrintable(errors));
    QVERIFY2(!errors.contains(QLatin1String("created")), qPrintable(errors));

    QVERIFY(server.runWithInput(createAdmin, AdminPasswordTwice));
    QVERIFY2(server.process().exitCode() == 0, server.errors().constData());
}

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_server_process.moc"

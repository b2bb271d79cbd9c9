// No secret ever reaches a log: after a full auth scenario against academy-server (a real
// process, its stderr captured), no password, token, password hash or JWT secret is found
// in GET /logs, GET /audit, the SQLite database file (and its WAL) or stderr.
#include "api_client.h"
#include "config_keys.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>

using namespace academy;
using namespace academy::test;

namespace {

constexpr int ProcessTimeoutMs = 60000;

QString randomText(const QString &prefix)
{
    return prefix + QUuid::createUuid().toString(QUuid::Id128);
}

QByteArray loginBody(const QString &email, const QString &password)
{
    return compactJson(QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
}

// Each secret that is found in `haystack`, by name.
QStringList found(const QByteArray &haystack, const QList<std::pair<QString, QByteArray>> &secrets)
{
    QStringList names;
    for (const auto &[name, secret] : secrets) {
        if (!secret.isEmpty() && haystack.contains(secret))
            names.append(name);
    }
    return names;
}

} // namespace

class TestLogSecrets final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void logsHoldNoSecret();
    void auditHoldsNoSecret();
    void databaseFileHoldsNoSecret();
    void stderrHoldsNoSecret();

private:
    void startServer();
    quint16 announcedPort();
    HttpReply call(const QByteArray &method, const QByteArray &target, const QByteArray &token = {},
                   const QByteArray &body = {});
    QByteArray token(const QString &email, const QString &password);
    void runScenario();
    void stopServer();
    // Every page of GET /<what> as the admin, concatenated.
    QByteArray allPages(const QByteArray &what);

    QTemporaryDir m_dataDir;
    QProcess m_process;
    QByteArray m_stderr;
    quint16 m_port = 0;
    QByteArray m_adminToken;
    const QByteArray m_jwtSecret = randomText(QStringLiteral("jwt-secret-")).toLatin1();
    const QString m_adminPassword = randomText(QStringLiteral("admin-pw-"));
    QList<std::pair<QString, QByteArray>> m_secrets; // name -> bytes that must not appear
    QByteArray m_logs;
    QByteArray m_audit;
};

void TestLogSecrets::initTestCase()
{
    QVERIFY(m_dataDir.isValid());
    startServer();
    QVERIFY2(m_port != 0, m_stderr.constData());
    runScenario();
    if (QTest::currentTestFailed())
        return;
    // The log is written in batches: wait until the last request is in.
    QCOMPARE(httpExchange(m_port, requestBytes("GET", "/", "X-Request-Id: last-of-the-scenario\r\n"))
                 .value_or(HttpReply{}).status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(call("GET", "/logs?limit=1000", m_adminToken).body.contains("last-of-the-scenario"),
                             ReplyTimeoutMs);
    m_logs = allPages("logs");
    m_audit = allPages("audit");
    stopServer();
}

void TestLogSecrets::cleanupTestCase()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(ProcessTimeoutMs);
    }
}

void TestLogSecrets::startServer()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const ConfigKey &key : configKeys())
        env.remove(key.variable);
    m_secrets.append({QStringLiteral("admin password"), m_adminPassword.toUtf8()});
    m_secrets.append({QStringLiteral("JWT secret"), m_jwtSecret});
    m_secrets.append({QStringLiteral("JWT secret (base64)"), m_jwtSecret.toBase64()});
    env.insert(QStringLiteral("DATA_DIR"), m_dataDir.path());
    env.insert(QStringLiteral("JWT_SECRET"), QString::fromLatin1(m_jwtSecret));
    env.insert(QStringLiteral("ADMIN_EMAIL"), QStringLiteral("root@school.test"));
    env.insert(QStringLiteral("ADMIN_PASSWORD"), m_adminPassword);
    env.insert(QStringLiteral("ACADEMY_NO_KEYCHAIN"), QStringLiteral("1"));
    m_process.setProcessEnvironment(env);
    m_process.setProgram(QStringLiteral(ACADEMY_SERVER_EXE));
    // Debug: the most the server ever writes to stderr.
    m_process.setArguments({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                            QStringLiteral("0"), QStringLiteral("--tls-port"), QStringLiteral("0"),
                            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--allow-registration"),
                            QStringLiteral("true"), QStringLiteral("--log-level"), QStringLiteral("debug")});
    m_process.start();
    QVERIFY2(m_process.waitForStarted(ProcessTimeoutMs), ACADEMY_SERVER_EXE);
    QTRY_VERIFY2_WITH_TIMEOUT(announcedPort() != 0 || m_process.state() == QProcess::NotRunning,
                              "academy-server did not announce its port", ProcessTimeoutMs);
    m_port = announcedPort();
}

quint16 TestLogSecrets::announcedPort()
{
    m_stderr += m_process.readAllStandardError();
    static const QRegularExpression line(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(m_stderr));
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

HttpReply TestLogSecrets::call(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                               const QByteArray &body)
{
    QByteArray headers = token.isEmpty() ? QByteArray() : "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty())
        headers += "Content-Type: application/json\r\n";
    const std::optional<HttpReply> reply = httpExchange(m_port, requestBytes(method, target, headers, body));
    m_stderr += m_process.readAllStandardError();
    return reply.value_or(HttpReply{});
}

QByteArray TestLogSecrets::token(const QString &email, const QString &password)
{
    const HttpReply reply = call("POST", "/login", {}, loginBody(email, password));
    const QByteArray jwt = reply.json().value(QStringLiteral("token")).toString().toLatin1();
    if (!jwt.isEmpty()) {
        m_secrets.append({QStringLiteral("token of %1").arg(email), jwt});
        m_secrets.append({QStringLiteral("token signature of %1").arg(email), jwt.split('.').value(2)});
    }
    return jwt;
}

// Everything a school's admin and users do with secrets: the first admin signs in, creates
// a staff user with a password, that user signs in and changes it, someone fails to sign
// in, a viewer registers, the admin resets a password, tokens travel in a query string too,
// and everyone signs out.
void TestLogSecrets::runScenario()
{
    const QString staffPassword = randomText(QStringLiteral("staff-pw-"));
    const QString staffNewPassword = randomText(QStringLiteral("staff-new-pw-"));
    const QString wrongPassword = randomText(QStringLiteral("wrong-pw-"));
    const QString unknownPassword = randomText(QStringLiteral("unknown-pw-"));
    const QString viewerPassword = randomText(QStringLiteral("viewer-pw-"));
    const QString resetPassword = randomText(QStringLiteral("reset-pw-"));
    for (const QString &password : {staffPassword, staffNewPassword, wrongPassword, unknownPassword, viewerPassword, resetPassword})
        m_secrets.append({password.section(QLatin1Char('-'), 0, -2), password.toUtf8()});

    m_adminToken = token(QStringLiteral("root@school.test"), m_adminPassword);
    QVERIFY2(!m_adminToken.isEmpty(), "the first admin cannot sign in");
    const HttpReply created = call("POST", "/users", m_adminToken,
                                   compactJson(QJsonObject{{QStringLiteral("email"), QStringLiteral("staff@school.test")},
                                                           {QStringLiteral("password"), staffPassword},
                                                           {QStringLiteral("role"), QStringLiteral("staff")}}));
    QCOMPARE(created.status, 201);
    const QByteArray staffId = QByteArray::number(created.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toInteger());
    const QByteArray staffToken = token(QStringLiteral("staff@school.test"), staffPassword);
    QVERIFY(!staffToken.isEmpty());
    QCOMPARE(call("PUT", "/me/password", staffToken,
                  compactJson(QJsonObject{{QStringLiteral("currentPassword"), staffPassword},
                                          {QStringLiteral("newPassword"), staffNewPassword}}))
                 .status,
             204);
    QCOMPARE(call("POST", "/login", {}, loginBody(QStringLiteral("staff@school.test"), wrongPassword)).status, 401);
    QCOMPARE(call("POST", "/login", {}, loginBody(QStringLiteral("staff@school.test"), staffPassword)).status, 401);
    QCOMPARE(call("POST", "/login", {}, loginBody(QStringLiteral("nobody@school.test"), unknownPassword)).status, 401);
    const QByteArray staffNewToken = token(QStringLiteral("staff@school.test"), staffNewPassword);
    QVERIFY(!staffNewToken.isEmpty());
    QCOMPARE(call("POST", "/register", {},
                  compactJson(QJsonObject{{QStringLiteral("email"), QStringLiteral("viewer@school.test")},
                                          {QStringLiteral("password"), viewerPassword}}))
                 .status,
             201);
    const QByteArray viewerToken = token(QStringLiteral("viewer@school.test"), viewerPassword);
    QVERIFY(!viewerToken.isEmpty());
    QCOMPARE(call("PATCH", "/users/" + staffId, m_adminToken,
                  compactJson(QJsonObject{{QStringLiteral("password"), resetPassword}}))
                 .status,
             200);
    QVERIFY(!token(QStringLiteral("staff@school.test"), resetPassword).isEmpty());
    // Tokens and passwords where a careless client puts them: the query string, a bare header.
    QCOMPARE(call("GET", "/me?token=" + viewerToken + "&password=" + viewerPassword.toUtf8()).status, 401);
    QCOMPARE(call("GET", "/me?access_token=" + viewerToken, viewerToken).status, 200);
    QCOMPARE(httpExchange(m_port, requestBytes("GET", "/dashboard", "Authorization: " + viewerToken + "\r\n"))
                 .value_or(HttpReply{}).status,
             200);
    QCOMPARE(call("GET", "/students", staffToken).status, 401); // revoked by the password change
    QCOMPARE(call("POST", "/logout", viewerToken).status, 204);
    QCOMPARE(call("GET", "/me", viewerToken).status, 401);
    QCOMPARE(call("POST", "/logout", staffNewToken).status, 401); // revoked by the admin's reset
}

QByteArray TestLogSecrets::allPages(const QByteArray &what)
{
    QByteArray pages;
    for (qint64 offset = 0;; offset += 1000) {
        const HttpReply page = call("GET", '/' + what + "?limit=1000&offset=" + QByteArray::number(offset), m_adminToken);
        if (page.status != 200) {
            qWarning("GET /%s answered %d", what.constData(), page.status);
            return {};
        }
        pages += page.body;
        if (jsonArray(page).size() < 1000)
            return pages;
    }
}

void TestLogSecrets::stopServer()
{
    ::kill(pid_t(m_process.processId()), SIGTERM);
    QVERIFY2(m_process.waitForFinished(ProcessTimeoutMs), "SIGTERM did not stop academy-server");
    m_stderr += m_process.readAllStandardError();
    QCOMPARE(m_process.exitCode(), 0);

    // The hashes are secrets too (for the logs and stderr; the users table holds them).
    const QString connection = QStringLiteral("log-secrets-hashes");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(QDir(m_dataDir.path()).filePath(QStringLiteral("academy.db")));
        QVERIFY(db.open());
        QSqlQuery hashes(QStringLiteral("SELECT email, password_hash FROM users"), db);
        int count = 0;
        while (hashes.next()) {
            ++count;
            m_secrets.append({QStringLiteral("hash of ") + hashes.value(0).toString(), hashes.value(1).toString().toUtf8()});
        }
        QCOMPARE(count, 3);
    }
    QSqlDatabase::removeDatabase(connection);
}

void TestLogSecrets::logsHoldNoSecret()
{
    QVERIFY2(m_logs.contains("\"/login\""), "GET /logs did not list the logins");
    QVERIFY2(m_logs.contains("token=***"), "the query-string token was not logged masked");
    const QStringList leaked = found(m_logs, m_secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QStringLiteral(", "))));
}

void TestLogSecrets::auditHoldsNoSecret()
{
    for (const char *action : {"\"login\"", "\"login_failed\"", "\"logout\"", "\"register\"", "\"create\"", "\"update\""})
        QVERIFY2(m_audit.contains(action), action);
    const QStringList leaked = found(m_audit, m_secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QStringLiteral(", "))));
}

void TestLogSecrets::databaseFileHoldsNoSecret()
{
    QByteArray bytes;
    int files = 0;
    // academy.db and the request log's academy-requests.db, with their -wal and -shm files.
    for (const QString &name : QDir(m_dataDir.path()).entryList({QStringLiteral("academy*.db*")}, QDir::Files)) {
        QFile file(QDir(m_dataDir.path()).filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes += file.readAll();
        ++files;
    }
    QVERIFY(files >= 2);
    QVERIFY2(bytes.contains("/users"), "the request log is not in the database files");
    QList<std::pair<QString, QByteArray>> secrets;
    QList<std::pair<QString, QByteArray>> hashes; // where they belong: proof the search sees the rows
    for (const auto &secret : std::as_const(m_secrets))
        (secret.first.startsWith(QLatin1String("hash of ")) ? hashes : secrets).append(secret);
    QCOMPARE(found(bytes, hashes).size(), 3);
    const QStringList leaked = found(bytes, secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QStringLiteral(", "))));
}

void TestLogSecrets::stderrHoldsNoSecret()
{
    QVERIFY2(m_stderr.contains("\"/login\""), "no access log line for /login on stderr");
    const QStringList leaked = found(m_stderr, m_secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(TestLogSecrets)
#include "tst_log_secrets.moc"

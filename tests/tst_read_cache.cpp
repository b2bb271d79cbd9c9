// The read cache across instances: two academy-server processes on one database, PostgreSQL
// (told by NOTIFY) or one SQLite file (told by its data version). A write acknowledged by one
// instance is never served stale by the other one second later, although the other answers
// repeated reads from its cache.
#include "api_client.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace academy;
using namespace academy::test;

namespace {

const QString Secret = QStringLiteral("read-cache-test-secret-of-at-least-32-bytes!");
const QString AdminEmail = QStringLiteral("admin@school.test");

class Instance final
{
public:
    Instance(const QString &dbUrl, bool createAdmin)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATA_DIR"), m_dir.path());
        env.insert(QStringLiteral("DB_URL"), dbUrl);
        env.insert(QStringLiteral("JWT_SECRET"), Secret); // both instances honour each other's tokens
        env.insert(QStringLiteral("RATE_LIMIT"), QStringLiteral("0"));
        if (createAdmin) {
            env.insert(QStringLiteral("ADMIN_EMAIL"), AdminEmail);
            env.insert(QStringLiteral("ADMIN_PASSWORD"), AccountPassword);
        }
        m_process.setProcessEnvironment(env);
        m_process.start(QStringLiteral(ACADEMY_SERVER_EXE), {QStringLiteral("--port"), QStringLiteral("0"),
                                                             QStringLiteral("--tls-port"), QStringLiteral("0")});
    }
    ~Instance()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(15000))
            m_process.kill();
    }

    // The port from the start-up line, waiting for it.
    quint16 port()
    {
        static const QRegularExpression line(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        for (int waited = 0; waited < 30000 && !m_port; waited += 100) {
            m_process.waitForReadyRead(100);
            m_errors += m_process.readAllStandardError();
            const QRegularExpressionMatch match = line.match(QString::fromUtf8(m_errors));
            if (match.hasMatch())
                m_port = quint16(match.captured(1).toUInt());
        }
        return m_port;
    }
    QByteArray errors() { return m_errors + m_process.readAllStandardError(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_errors;
    quint16 m_port = 0;
};

double metric(const QByteArray &metrics, const QByteArray &series)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    }
    return -1;
}

// Another instance's write reaches an instance within a second: on SQLite at its next poll
// of the change counters, which then forgets everything it cached of students. A test that
// counts cache hits first waits for that, so a poll landing between its warming reads cannot
// drop a stored entry and shorten the count.
void letWritesReachEveryInstance()
{
    QTest::qWait(1000);
}

} // namespace

class ReadCacheTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addEngineRows(); }

    void init()
    {
        if (currentEngine() == Engine::SQLite) {
            m_sqliteDir = std::make_unique<QTemporaryDir>();
            QVERIFY(m_sqliteDir->isValid());
            m_url = QStringLiteral("sqlite://") + m_sqliteDir->filePath(QStringLiteral("shared.db"));
            return;
        }
        m_name = QStringLiteral("academy_cache_") + QUuid::createUuid().toString(QUuid::Id128);
        QString error;
        QVERIFY2(postgresAdmin(QStringLiteral("CREATE DATABASE ") + m_name, &error), qPrintable(error));
        QString admin = postgresAdminUrl();
        m_url = admin.left(admin.lastIndexOf(QLatin1Char('/')) + 1) + m_name;
    }

    void cleanup()
    {
        if (!m_name.isEmpty()) {
            QString error;
            postgresAdmin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name), &error);
            m_name.clear();
        }
        m_sqliteDir.reset();
    }

    void writeOnOneInstanceIsSeenByTheOtherWithinOneSecond()
    {
        Instance a(m_url, true);
        QVERIFY2(a.port(), a.errors().constData());
        Instance b(m_url, false);
        QVERIFY2(b.port(), b.errors().constData());
        const QByteArray token = login(a.port(), AdminEmail);
        QVERIFY(!token.isEmpty());
        const ApiClient onA(a.port(), token);
        const ApiClient onB(b.port(), token);

        const HttpReply created = onB.send("POST", "/students",
                                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Ada")},
                                                       {QStringLiteral("course"), QStringLiteral("Maths")}});
        QCOMPARE(created.status, 201);
        const QByteArray path = created.header("Location");
        letWritesReachEveryInstance();
        for (int i = 0; i < 3; ++i) // warm A's cache: the second and third come from it
            QCOMPARE(onA.get(path).json().value(QStringLiteral("version")).toInt(), 1);
        const QByteArray metricsBefore = onA.get("/metrics").body;
        QVERIFY2(metric(metricsBefore, "student_cache_requests_total{result=\"hit\"}") >= 2, metricsBefore.constData());

        const HttpReply updated = onB.send("PATCH", path, QJsonObject{{QStringLiteral("grade"), 97}});
        QCOMPARE(updated.status, 200); // acknowledged
        QTest::qWait(1000);
        const QJsonObject seen = onA.get(path).json();
        QCOMPARE(seen.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(seen.value(QStringLiteral("grade")).toDouble(), 97.0);
    }

    void deleteOnOneInstanceIsSeenByTheOther()
    {
        Instance a(m_url, true);
        QVERIFY2(a.port(), a.errors().constData());
        Instance b(m_url, false);
        QVERIFY2(b.port(), b.errors().constData());
        const QByteArray token = login(a.port(), AdminEmail);
        const ApiClient onA(a.port(), token);
        const ApiClient onB(b.port(), token);
        const HttpReply created = onA.send("POST", "/students",
                                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Bo")},
                                                       {QStringLiteral("course"), QStringLiteral("Art")}});
        const QByteArray path = created.header("Location");
        QCOMPARE(onA.get(path).status, 200);
        QCOMPARE(onA.get(path).status, 200);
        QCOMPARE(onB.remove(path).status, 200);
        QTest::qWait(1000);
        QCOMPARE(onA.get(path).status, 404);
    }

    // A list's total (X-Total-Count) is cached per filter: a student added, moved out of the
    // filter or deleted on one instance changes the other's total within one second.
    void listTotalFollowsWritesOnTheOtherInstance()
    {
        Instance a(m_url, true);
        QVERIFY2(a.port(), a.errors().constData());
        Instance b(m_url, false);
        QVERIFY2(b.port(), b.errors().constData());
        const QByteArray token = login(a.port(), AdminEmail);
        QVERIFY(!token.isEmpty());
        const ApiClient onA(a.port(), token);
        const ApiClient onB(b.port(), token);
        const auto add = [&onB](const QString &name) {
            return onB.send("POST", "/students", QJsonObject{{QStringLiteral("name"), name},
                                                             {QStringLiteral("course"), QStringLiteral("Maths")}});
        };
        QCOMPARE(add(QStringLiteral("Ada")).status, 201);
        QCOMPARE(add(QStringLiteral("Alan")).status, 201);
        letWritesReachEveryInstance();
        const QByteArray list = "/students?course=Maths&limit=1";
        for (int i = 0; i < 3; ++i) // the second and third totals come from A's cache
            QCOMPARE(onA.get(list).header("X-Total-Count"), QByteArray("2"));
        const QByteArray metrics = onA.get("/metrics").body;
        QVERIFY2(metric(metrics, "student_list_total_cache_requests_total{result=\"hit\"}") >= 2, metrics.constData());

        const HttpReply third = add(QStringLiteral("Grace"));
        QCOMPARE(third.status, 201);
        QTest::qWait(1000);
        QCOMPARE(onA.get(list).header("X-Total-Count"), QByteArray("3"));

        QCOMPARE(onB.send("PATCH", third.header("Location"), QJsonObject{{QStringLiteral("course"), QStringLiteral("Art")}}).status,
                 200);
        QTest::qWait(1000);
        QCOMPARE(onA.get(list).header("X-Total-Count"), QByteArray("2"));
        QCOMPARE(onA.get("/students?course=Art").header("X-Total-Count"), QByteArray("1"));

        const QJsonArray page = QJsonDocument::fromJson(onA.get("/students?course=Maths").body).array();
        QCOMPARE(page.size(), 2);
        QCOMPARE(onB.remove("/students/" + QByteArray::number(page.at(0).toObject().value(QStringLiteral("id")).toInteger())).status,
                 200);
        QTest::qWait(1000);
        QCOMPARE(onA.get(list).header("X-Total-Count"), QByteArray("1"));
    }

    // Sessions are cached per instance too; a revocation on one must reach the other.
    void tokenRevokedOnOneInstanceIsRefusedByTheOther_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("logout") << QStringLiteral("logout");
        QTest::newRow("password change") << QStringLiteral("password");
    }

    void tokenRevokedOnOneInstanceIsRefusedByTheOther()
    {
        QFETCH(QString, how);
        Instance a(m_url, true);
        QVERIFY2(a.port(), a.errors().constData());
        Instance b(m_url, false);
        QVERIFY2(b.port(), b.errors().constData());
        const QByteArray token = login(a.port(), AdminEmail);
        QVERIFY(!token.isEmpty());
        const ApiClient onA(a.port(), token);
        const ApiClient onB(b.port(), token);
        QCOMPARE(onA.get("/me").status, 200); // both instances now hold the session in cache
        QCOMPARE(onB.get("/me").status, 200);
        QCOMPARE(onA.get("/me").status, 200);
        if (how == QLatin1String("logout")) {
            QCOMPARE(onB.raw("POST", "/logout", {}, {}).status, 204);
        } else {
            const QJsonObject change{{QStringLiteral("currentPassword"), AccountPassword},
                                     {QStringLiteral("newPassword"), QStringLiteral("another long passphrase")}};
            QCOMPARE(onB.send("PUT", "/me/password", change).status, 204);
        }
        QTest::qWait(1000);
        QCOMPARE(onA.get("/me").status, 401);
    }

private:
    QString m_name; // PostgreSQL: the throwaway database
    std::unique_ptr<QTemporaryDir> m_sqliteDir; // SQLite: the folder of the shared file
    QString m_url;
};

QTEST_GUILESS_MAIN(ReadCacheTest)
#include "tst_read_cache.moc"

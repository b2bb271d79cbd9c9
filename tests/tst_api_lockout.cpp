// Brute force and enumeration over HTTP: login lockout per email and per client address
// (with a shortened policy), its end, its survival of a restart, its audit entries, and
// that an unknown email is neither answered nor timed differently from a known one.
#include "api_client.h"
#include "audit_repository.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace academy;
using namespace academy::test;

namespace {

// Each test signs in from its own loopback address, so the per-address failure count of one
// test never locks another.
QHostAddress address(int n)
{
    return QHostAddress(QStringLiteral("127.0.0.%1").arg(n));
}

HttpReply attempt(quint16 port, const QString &email, const QString &password, const QHostAddress &from)
{
    return ApiClient(port, {}, from).send("POST", "/login", QJsonObject{{QStringLiteral("email"), email},
                                                                        {QStringLiteral("password"), password}});
}

const QString WrongPassword = QStringLiteral("not the right password");

QJsonObject withoutRequestId(QJsonObject body)
{
    body.remove(QStringLiteral("requestId"));
    return body;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

} // namespace

class TestApiLockout final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void failuresLockTheEmailWhateverThePassword();
    void lockEndsAfterTheLockTime();
    void lockSurvivesRestart();
    void unknownEmailIsLockedTheSameWay();
    void addressIsLockedAfterManyFailures();
    void auditRecordsLoginsFailuresAndLockouts();
    void unknownEmailTakesAsLongAsWrongPassword();

private:
    // True when three wrong passwords for `email` from `from` are refused as invalid
    // credentials (the third one locks); otherwise the current test has failed.
    bool failThreeTimes(TestServer &server, const QString &email, const QHostAddress &from);

    std::unique_ptr<TestServer> m_short; // 3 failures in 60 s lock for 2 s
    std::unique_ptr<TestServer> m_long;  // 3 failures in 60 s lock for 10 minutes
};

void TestApiLockout::initTestCase()
{
    m_short = TestServer::start(apiServerFlags({QStringLiteral("--login-lockout"), QStringLiteral("3/60/2")}));
    QVERIFY(m_short);
    m_long = TestServer::start(apiServerFlags({QStringLiteral("--login-lockout"), QStringLiteral("3/60/600")}));
    QVERIFY(m_long);
    for (TestServer *server : {m_short.get(), m_long.get()})
        QVERIFY(createUser(*server, QStringLiteral("target@school.test"), Role::Staff));
}

void TestApiLockout::cleanupTestCase()
{
    m_short.reset();
    m_long.reset();
}

bool TestApiLockout::failThreeTimes(TestServer &server, const QString &email, const QHostAddress &from)
{
    for (int i = 0; i < 3; ++i) {
        const QString problem = errorShapeProblem(attempt(server.port(), email, WrongPassword, from), 401,
                                                  QStringLiteral("invalid_credentials"));
        if (!problem.isEmpty()) {
            QTest::qFail(qPrintable(QStringLiteral("failure %1 of 3: %2").arg(i + 1).arg(problem)), __FILE__, __LINE__);
            return false;
        }
    }
    return true;
}

void TestApiLockout::failuresLockTheEmailWhateverThePassword()
{
    QVERIFY(failThreeTimes(*m_short, QStringLiteral("target@school.test"), address(2)));

    const HttpReply wrong = attempt(m_short->port(), QStringLiteral("target@school.test"), WrongPassword, address(2));
    const HttpReply right = attempt(m_short->port(), QStringLiteral("TARGET@school.test"), AccountPassword, address(3));

    for (const HttpReply &reply : {wrong, right}) {
        QVERIFY_ERROR_REPLY(reply, 429, QStringLiteral("too_many_attempts"));
        const int retryAfter = reply.header("Retry-After").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 2, reply.header("Retry-After").constData());
    }
}

void TestApiLockout::lockEndsAfterTheLockTime()
{
    QVERIFY(createUser(*m_short, QStringLiteral("patient@school.test"), Role::Viewer));
    QVERIFY(failThreeTimes(*m_short, QStringLiteral("patient@school.test"), address(4)));
    QCOMPARE(attempt(m_short->port(), QStringLiteral("patient@school.test"), AccountPassword, address(4)).status, 429);

    // The lock is 2 s; a loaded machine may take its time, so only the outcome is asserted.
    QTRY_COMPARE_WITH_TIMEOUT(attempt(m_short->port(), QStringLiteral("patient@school.test"), AccountPassword, address(4)).status,
                              200, 30000);
}

void TestApiLockout::lockSurvivesRestart()
{
    QVERIFY(failThreeTimes(*m_long, QStringLiteral("target@school.test"), address(5)));
    QCOMPARE(attempt(m_long->port(), QStringLiteral("target@school.test"), AccountPassword, address(5)).status, 429);

    QVERIFY(m_long->restart());

    const HttpReply reply = attempt(m_long->port(), QStringLiteral("target@school.test"), AccountPassword, address(6));
    QVERIFY_ERROR_REPLY(reply, 429, QStringLiteral("too_many_attempts"));
    QVERIFY(reply.header("Retry-After").toInt() > 500);
}

void TestApiLockout::unknownEmailIsLockedTheSameWay()
{
    QVERIFY(createUser(*m_long, QStringLiteral("known@school.test"), Role::Viewer));
    const QString unknown = QStringLiteral("unknown@school.test");
    QVERIFY(failThreeTimes(*m_long, QStringLiteral("known@school.test"), address(7)));
    QVERIFY(failThreeTimes(*m_long, unknown, address(8)));

    const HttpReply known = attempt(m_long->port(), QStringLiteral("known@school.test"), WrongPassword, address(7));
    const HttpReply stranger = attempt(m_long->port(), unknown, WrongPassword, address(8));

    QVERIFY_ERROR_REPLY(known, 429, QStringLiteral("too_many_attempts"));
    QVERIFY_ERROR_REPLY(stranger, 429, QStringLiteral("too_many_attempts"));
    QCOMPARE(withoutRequestId(stranger.json()), withoutRequestId(known.json()));
    QVERIFY(qAbs(stranger.header("Retry-After").toInt() - known.header("Retry-After").toInt()) <= 5);
}

void TestApiLockout::addressIsLockedAfterManyFailures()
{
    // Many emails from one address: each email fails once, the address reaches its own limit
    // (four times the per-email one) and then even a right password from it is refused.
    for (int i = 0; i < 12; ++i) {
        const HttpReply reply = attempt(m_long->port(), QStringLiteral("guess%1@school.test").arg(i), WrongPassword, address(9));
        QVERIFY_ERROR_REPLY(reply, 401, QStringLiteral("invalid_credentials"));
    }

    QVERIFY(createUser(*m_long, QStringLiteral("free@school.test"), Role::Viewer));

    const HttpReply fromThere = attempt(m_long->port(), QStringLiteral("free@school.test"), AccountPassword, address(9));
    const HttpReply fromElsewhere = attempt(m_long->port(), QStringLiteral("free@school.test"), AccountPassword, address(10));

    QVERIFY_ERROR_REPLY(fromThere, 429, QStringLiteral("too_many_attempts"));
    QVERIFY(!fromThere.header("Retry-After").isEmpty());
    QCOMPARE(fromElsewhere.status, 200);
}

void TestApiLockout::auditRecordsLoginsFailuresAndLockouts()
{
    QVERIFY(createUser(*m_long, QStringLiteral("audited@school.test"), Role::Viewer));
    QVERIFY(!login(m_long->port(), QStringLiteral("audited@school.test"), AccountPassword, address(11)).isEmpty());
    QVERIFY(failThreeTimes(*m_long, QStringLiteral("audited@school.test"), address(11)));
    // GET /audit is the API's view of this; the repository is what it reads.
    Result<QSqlDatabase> db = m_long->database().connection();
    QVERIFY(db.ok());

    for (const char *action : {"login", "login_failed", "lockout"}) {
        AuditQuery query;
        query.action = QLatin1String(action);
        query.limit = 1000;
        const Result<AuditPage> page = AuditRepository(db.value()).list(query);
        QVERIFY(page.ok());
        const auto ours = std::count_if(page->items.cbegin(), page->items.cend(), [](const AuditEntry &entry) {
            return entry.address == QLatin1String("127.0.0.11") && entry.userId.has_value();
        });
        const qsizetype expected = QByteArray(action) == "login_failed" ? 3 : 1;
        QVERIFY2(ours == expected, qPrintable(QStringLiteral("%1 %2 entries from 127.0.0.11").arg(ours).arg(QLatin1String(action))));
    }
}

void TestApiLockout::unknownEmailTakesAsLongAsWrongPassword()
{
    const auto server = TestServer::start(apiServerFlags({QStringLiteral("--login-lockout"), QStringLiteral("1000/900/900")}));
    QVERIFY(server);
    QVERIFY(createUser(*server, QStringLiteral("timed@school.test"), Role::Viewer));
    QVERIFY(!login(server->port(), QStringLiteral("timed@school.test")).isEmpty()); // warm up both paths
    QList<double> unknownMs;
    QList<double> knownMs;
    QList<HttpReply> replies;

    for (int i = 0; i < 20; ++i) { // in pairs, so a slow spell of the machine hits both
        for (const bool known : {i % 2 == 1, i % 2 == 0}) { // which goes first alternates
            const QString email = known ? QStringLiteral("timed@school.test") : QStringLiteral("nobody%1@school.test").arg(i);
            QElapsedTimer timer;
            timer.start();
            const HttpReply reply = attempt(server->port(), email, WrongPassword, address(12));
            (known ? knownMs : unknownMs).append(timer.nsecsElapsed() / 1e6);
            replies.append(reply);
        }
    }

    for (const HttpReply &reply : std::as_const(replies)) {
        QVERIFY_ERROR_REPLY(reply, 401, QStringLiteral("invalid_credentials"));
        QCOMPARE(withoutRequestId(reply.json()), withoutRequestId(replies.first().json()));
    }
    // The one timing assertion of the suite, asked for by the contract ("unknown emails take as
    // long as known ones"). Both paths run one Argon2id verification (~70 ms here, more under
    // sanitizers or load). A skipped hash makes the difference ~100%, one at half the cost
    // ~50%: the limit of 25% catches both, and is wide enough for another test hashing
    // alongside, which moved the two medians up to 15% apart, in either direction. 10 ms
    // absolute keeps small times from being judged on scheduler noise alone. What is compared
    // is the median of the differences within each pair, not the difference of the two
    // medians: the two attempts of a pair share the machine's mood, and one hiccup decides
    // nothing.
    QList<double> differences;
    for (qsizetype i = 0; i < unknownMs.size(); ++i)
        differences.append(unknownMs.at(i) - knownMs.at(i));
    const double difference = median(differences);
    const double unknown = median(unknownMs);
    const double known = median(knownMs);
    const double tolerance = qMax(0.25 * qMax(unknown, known), 10.0);
    QVERIFY2(qAbs(difference) <= tolerance,
             qPrintable(QStringLiteral("an unknown email took %1 ms longer than a wrong password (median of pairs); "
                                       "medians %2 and %3 ms")
                            .arg(difference).arg(unknown).arg(known)));
}

QTEST_GUILESS_MAIN(TestApiLockout)
#include "tst_api_lockout.moc"

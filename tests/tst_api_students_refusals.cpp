// The refusals of student writes before any handler runs: a method the route does not take
// (405 with Allow), a body that is not JSON (415), JSON that is malformed or of the wrong
// kind (400 invalid_json), against the real server on a loopback port. Writing itself:
// tst_api_students_write.
#include "api_client.h"

#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

// `{"x":[[...]]}` with `depth` levels of nesting in all (the outer object is the first).
QByteArray nested(int depth)
{
    return "{\"x\":" + QByteArray(depth - 1, '[') + QByteArray(depth - 1, ']') + '}';
}

} // namespace

class TestApiStudentsRefusals final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void wrongMethodIs405WithAllow_data();
    void wrongMethodIs405WithAllow();
    void bodyThatIsNotJsonIs415_data();
    void bodyThatIsNotJsonIs415();
    void malformedJsonIs400_data();
    void malformedJsonIs400();
    void bodyOfTheWrongShapeSaysWhichShape();

private:
    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
};

void TestApiStudentsRefusals::initTestCase()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiStudentsRefusals::cleanupTestCase()
{
    m_server.reset();
}

void TestApiStudentsRefusals::wrongMethodIs405WithAllow_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QStringList>("allow"); // each must be listed, and nothing else but HEAD/OPTIONS

    QTest::newRow("PUT /students") << QByteArray("PUT") << QByteArray("/students") << QStringList{"GET", "POST"};
    QTest::newRow("DELETE /students") << QByteArray("DELETE") << QByteArray("/students") << QStringList{"GET", "POST"};
    QTest::newRow("POST /students/1") << QByteArray("POST") << QByteArray("/students/1")
                                      << QStringList{"GET", "PUT", "PATCH", "DELETE"};
    QTest::newRow("DELETE /students/export") << QByteArray("DELETE") << QByteArray("/students/export") << QStringList{"GET"};
    QTest::newRow("GET /students/import") << QByteArray("GET") << QByteArray("/students/import") << QStringList{"POST"};
}

void TestApiStudentsRefusals::wrongMethodIs405WithAllow()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QStringList, allow);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->adminToken).raw(method, target, {}, {});

    QVERIFY_ERROR_REPLY(reply, 405, QStringLiteral("method_not_allowed"));
    QStringList listed = QString::fromLatin1(reply.header("Allow")).split(QLatin1Char(','));
    for (QString &entry : listed)
        entry = entry.trimmed();
    listed.removeAll(QStringLiteral("HEAD"));
    listed.removeAll(QStringLiteral("OPTIONS"));
    listed.sort();
    allow.sort();
    QCOMPARE(listed, allow);
}

void TestApiStudentsRefusals::bodyThatIsNotJsonIs415_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("contentType"); // empty: no Content-Type header

    for (const char *method : {"POST", "PUT", "PATCH"}) {
        QTest::addRow("%s text/plain", method) << QByteArray(method) << QByteArray("text/plain");
        QTest::addRow("%s no Content-Type", method) << QByteArray(method) << QByteArray();
        QTest::addRow("%s form", method) << QByteArray(method) << QByteArray("application/x-www-form-urlencoded");
        QTest::addRow("%s JSON in Latin-1", method) << QByteArray(method) << QByteArray("application/json; charset=iso-8859-1");
    }
    QTest::newRow("POST text/csv (only import takes CSV)") << QByteArray("POST") << QByteArray("text/csv");
}

void TestApiStudentsRefusals::bodyThatIsNotJsonIs415()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, contentType);
    const qint64 id = createStudentOverApi(m_server->port(), m_accounts->staffToken, QStringLiteral("Typed"));
    QVERIFY(id != 0);
    const QByteArray target = method == "POST" ? QByteArray("/students") : "/students/" + QByteArray::number(id);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken)
                                .raw(method, target, R"({"name":"N","course":"C"})", contentType);

    QVERIFY_ERROR_REPLY(reply, 415, QStringLiteral("unsupported_media_type"));
}

void TestApiStudentsRefusals::malformedJsonIs400_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status"); // 400 invalid_json, or 422 when the JSON itself is fine

    QTest::newRow("not JSON") << QByteArray("name=Ada") << 400;
    QTest::newRow("cut short") << QByteArray(R"({"name":"Ada")") << 400;
    QTest::newRow("trailing garbage") << QByteArray(R"({"name":"N","course":"C"} x)") << 400;
    QTest::newRow("an array") << QByteArray(R"([{"name":"N","course":"C"}])") << 400;
    QTest::newRow("a string") << QByteArray(R"("student")") << 400;
    QTest::newRow("null") << QByteArray("null") << 400;
    QTest::newRow("duplicate key") << QByteArray(R"({"name":"N","course":"C","grade":1,"grade":1000})") << 400;
    QTest::newRow("raw control byte in a string") << QByteArray("{\"name\":\"A\x01\",\"course\":\"C\"}") << 400;
    QTest::newRow("byte-order mark") << QByteArray("\xEF\xBB\xBF{\"name\":\"N\",\"course\":\"C\"}") << 400;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"name\":\"\xFF\",\"course\":\"C\"}") << 400;
    QTest::newRow("depth 33") << nested(33) << 400;
    QTest::newRow("depth 32 is parsed (then x is unknown)") << nested(32) << 422;
}

void TestApiStudentsRefusals::malformedJsonIs400()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).raw("POST", "/students", body, "application/json");

    QVERIFY_ERROR_REPLY(reply, status, status == 400 ? QStringLiteral("invalid_json") : QStringLiteral("validation_failed"));
}

// Valid JSON of the wrong kind: the message names the kind the route takes.
void TestApiStudentsRefusals::bodyOfTheWrongShapeSaysWhichShape()
{
    const ApiClient client(m_server->port(), m_accounts->staffToken);

    const HttpReply array = client.raw("POST", "/students", "[1,2]", "application/json");
    QVERIFY_ERROR_REPLY(array, 400, QStringLiteral("invalid_json"));
    QCOMPARE(array.json().value(QStringLiteral("message")).toString(), QStringLiteral("Request body must be a JSON object"));

    const HttpReply object = client.raw("POST", "/students/import", R"({"name":"N"})", "application/json");
    QVERIFY_ERROR_REPLY(object, 400, QStringLiteral("invalid_json"));
    QCOMPARE(object.json().value(QStringLiteral("message")).toString(), QStringLiteral("Request body must be a JSON array"));
}

QTEST_GUILESS_MAIN(TestApiStudentsRefusals)
#include "tst_api_students_refusals.moc"

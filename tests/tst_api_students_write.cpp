// The Students section of the contract, writing: POST, PUT, PATCH, DELETE /students, the
// schema and its 422 details and If-Match, against the real server on a loopback port. The
// refusals before any handler (405, 415, 400 invalid_json): tst_api_students_refusals.
#include "api_client.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

QByteArray studentPath(qint64 id)
{
    return "/students/" + QByteArray::number(id);
}

QJsonObject student(const QString &name, const QString &course)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("course"), course}};
}

} // namespace

class TestApiStudentsWrite final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void createAnswers201WithLocation();
    void createTrimsAndIgnoresServerFields();
    void createAcceptsBoundaryValues_data();
    void createAcceptsBoundaryValues();
    void createListsEveryFailingField_data();
    void createListsEveryFailingField();
    void concurrentCreatesAreEachAnsweredAndCounted();
    void putReplacesAndKeepsGradeWhenAbsent();
    void putRequiresNameAndCourse();
    void patchChangesOnlyTheGivenFields();
    void deleteAnswersMessageAndId();
    void writesToMissingStudentAre404_data();
    void writesToMissingStudentAre404();
    void ifMatchGuardsWrites_data();
    void ifMatchGuardsWrites();

private:
    // A new student through the API, as staff; its JSON (id 0 when that failed).
    QJsonObject create(const QString &name, const QString &course, double grade);

    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
};

void TestApiStudentsWrite::initTestCase()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiStudentsWrite::cleanupTestCase()
{
    m_server.reset();
}

QJsonObject TestApiStudentsWrite::create(const QString &name, const QString &course, double grade)
{
    QJsonObject body = student(name, course);
    body.insert(QStringLiteral("grade"), grade);
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students", body);
    return reply.status == 201 ? reply.json().value(QStringLiteral("data")).toObject() : QJsonObject();
}

void TestApiStudentsWrite::createAnswers201WithLocation()
{
    const ApiClient staff(m_server->port(), m_accounts->staffToken);
    const qint64 before = staff.get("/students?limit=1").header("X-Total-Count").toLongLong();

    const HttpReply reply = staff.send("POST", "/students", student(QStringLiteral("John"), QStringLiteral("Software Engineering")));

    QCOMPARE(reply.status, 201);
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("Student added successfully"));
    QCOMPARE(body.value(QStringLiteral("totalStudents")).toInteger(), before + 1);
    const QJsonObject data = body.value(QStringLiteral("data")).toObject();
    QVERIFY(data.value(QStringLiteral("id")).toInteger() > 0);
    QCOMPARE(data.value(QStringLiteral("name")).toString(), QStringLiteral("John"));
    QCOMPARE(data.value(QStringLiteral("course")).toString(), QStringLiteral("Software Engineering"));
    QCOMPARE(data.value(QStringLiteral("grade")).toDouble(), 0.0); // the default
    QCOMPARE(data.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(reply.header("Location"), studentPath(data.value(QStringLiteral("id")).toInteger()));
    const HttpReply fetched = staff.get(reply.header("Location"));
    QCOMPARE(fetched.status, 200);
    QCOMPARE(fetched.json(), data);
}

void TestApiStudentsWrite::concurrentCreatesAreEachAnsweredAndCounted()
{
    // Creations that arrive together are committed together (group commit): each still
    // gets its own student, its own audit entry and a distinct, consistent total.
    const ApiClient staff(m_server->port(), m_accounts->staffToken);
    const qint64 before = staff.get("/students?limit=1").header("X-Total-Count").toLongLong();
    const ApiClient admin(m_server->port(), m_accounts->adminToken);
    const qint64 auditsBefore = admin.get("/audit?entity=student&limit=1").header("X-Total-Count").toLongLong();
    constexpr int Clients = 24;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_server->port()));
        QVERIFY(clients.back()->isConnected());
    }
    for (int i = 0; i < Clients; ++i) {
        const QByteArray body = QJsonDocument(student(QStringLiteral("Together %1").arg(i), QStringLiteral("Batching")))
                                    .toJson(QJsonDocument::Compact);
        clients[size_t(i)]->send(requestBytes("POST", "/students",
                                              "Authorization: Bearer " + m_accounts->staffToken
                                                  + "\r\nContent-Type: application/json\r\n",
                                              body));
    }
    QSet<qint64> ids;
    QSet<qint64> totals;
    for (int i = 0; i < Clients; ++i) {
        const std::optional<HttpReply> reply = clients[size_t(i)]->readReply();
        QVERIFY2(reply, qPrintable(QStringLiteral("creation %1 was not answered").arg(i)));
        QCOMPARE(reply->status, 201);
        const QJsonObject data = reply->json().value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("name")).toString(), QStringLiteral("Together %1").arg(i));
        ids.insert(data.value(QStringLiteral("id")).toInteger());
        totals.insert(reply->json().value(QStringLiteral("totalStudents")).toInteger());
    }
    QCOMPARE(ids.size(), Clients);
    QCOMPARE(totals.size(), Clients);
    for (qint64 total = before + 1; total <= before + Clients; ++total)
        QVERIFY2(totals.contains(total), qPrintable(QStringLiteral("no reply said %1 students").arg(total)));
    QCOMPARE(staff.get("/students?limit=1").header("X-Total-Count").toLongLong(), before + Clients);
    QCOMPARE(admin.get("/audit?entity=student&limit=1").header("X-Total-Count").toLongLong(), auditsBefore + Clients);
    for (const qint64 id : std::as_const(ids))
        QCOMPARE(staff.get(studentPath(id)).status, 200);
}

void TestApiStudentsWrite::createTrimsAndIgnoresServerFields()
{
    const QJsonObject body{{QStringLiteral("id"), 424242}, {QStringLiteral("name"), QStringLiteral("  Ada  ")},
                           {QStringLiteral("course"), QStringLiteral("\tMaths ")}, {QStringLiteral("grade"), 85},
                           {QStringLiteral("version"), 9}, {QStringLiteral("createdAt"), QStringLiteral("1999-01-01T00:00:00Z")},
                           {QStringLiteral("updatedAt"), QStringLiteral("1999-01-01T00:00:00Z")}};

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students", body);

    QCOMPARE(reply.status, 201);
    const QJsonObject data = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("name")).toString(), QStringLiteral("Ada"));
    QCOMPARE(data.value(QStringLiteral("course")).toString(), QStringLiteral("Maths"));
    QVERIFY(data.value(QStringLiteral("id")).toInteger() != 424242);
    QCOMPARE(data.value(QStringLiteral("version")).toInt(), 1);
    QVERIFY(!data.value(QStringLiteral("createdAt")).toString().startsWith(QLatin1String("1999")));
    QVERIFY(!data.value(QStringLiteral("updatedAt")).toString().startsWith(QLatin1String("1999")));
}

void TestApiStudentsWrite::createAcceptsBoundaryValues_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray longest(200, 'n');
    QByteArray emoji;
    for (int i = 0; i < 200; ++i)
        emoji += "\\ud83d\\ude00"; // one character, two UTF-16 units
    QTest::newRow("name of 200 characters") << "{\"name\":\"" + longest + "\",\"course\":\"C\"}";
    QTest::newRow("200 emoji are 200 characters") << "{\"name\":\"" + emoji + "\",\"course\":\"C\"}";
    QTest::newRow("grade 0") << QByteArray(R"({"name":"N","course":"C","grade":0})");
    QTest::newRow("grade 100") << QByteArray(R"({"name":"N","course":"C","grade":100})");
    QTest::newRow("fractional grade") << QByteArray(R"({"name":"N","course":"C","grade":85.25})");
    QTest::newRow("non-ASCII text") << QByteArray(R"({"name":"Zoë Ñúñez","course":"Ökonomie"})");
}

void TestApiStudentsWrite::createAcceptsBoundaryValues()
{
    QFETCH(QByteArray, body);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).raw("POST", "/students", body, "application/json");

    QVERIFY2(reply.status == 201, reply.body.constData());
    const QJsonObject sent = QJsonDocument::fromJson(body).object();
    const QJsonObject data = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("name")), sent.value(QStringLiteral("name")));
    if (sent.contains(QStringLiteral("grade")))
        QCOMPARE(data.value(QStringLiteral("grade")).toDouble(), sent.value(QStringLiteral("grade")).toDouble());
}

void TestApiStudentsWrite::createListsEveryFailingField_data()
{
    QTest::addColumn<QByteArray>("body"); // raw JSON text, so escapes are exact
    QTest::addColumn<QStringList>("fields");

    const QByteArray tooLong(201, 'n');
    QByteArray emoji;
    for (int i = 0; i < 201; ++i)
        emoji += "\\ud83d\\ude00";
    QTest::newRow("empty object") << QByteArray("{}") << QStringList{"name", "course"};
    QTest::newRow("course missing") << QByteArray(R"({"name":"N"})") << QStringList{"course"};
    QTest::newRow("unknown field") << QByteArray(R"({"name":"N","course":"C","email":"x@y.z"})") << QStringList{"email"};
    QTest::newRow("everything wrong at once") << QByteArray(R"({"name":"","course":5,"grade":101,"zzz":1})")
                                              << QStringList{"name", "course", "grade", "zzz"};
    QTest::newRow("name only spaces") << QByteArray(R"({"name":"   ","course":"C"})") << QStringList{"name"};
    QTest::newRow("name of 201 characters") << "{\"name\":\"" + tooLong + "\",\"course\":\"C\"}" << QStringList{"name"};
    QTest::newRow("201 emoji") << "{\"name\":\"" + emoji + "\",\"course\":\"C\"}" << QStringList{"name"};
    QTest::newRow("name null") << QByteArray(R"({"name":null,"course":"C"})") << QStringList{"name"};
    QTest::newRow("name a number") << QByteArray(R"({"name":7,"course":"C"})") << QStringList{"name"};
    QTest::newRow("\\u0000 in a name") << QByteArray(R"({"name":"A\u0000B","course":"C"})") << QStringList{"name"};
    QTest::newRow("lone surrogate \\ud800") << QByteArray(R"({"name":"A\ud800B","course":"C"})") << QStringList{"name"};
    QTest::newRow("lone low surrogate \\udc00") << QByteArray(R"({"name":"N","course":"\udc00"})") << QStringList{"course"};
    QTest::newRow("escaped control character") << QByteArray(R"({"name":"N","course":"a\u0007b"})") << QStringList{"course"};
    QTest::newRow("newline in the middle") << QByteArray(R"({"name":"Ada\nLovelace","course":"C"})") << QStringList{"name"};
    QTest::newRow("C1 control character inside") << QByteArray(R"({"name":"A\u0085B","course":"C"})") << QStringList{"name"};
    QTest::newRow("grade below 0") << QByteArray(R"({"name":"N","course":"C","grade":-1})") << QStringList{"grade"};
    QTest::newRow("grade above 100") << QByteArray(R"({"name":"N","course":"C","grade":100.01})") << QStringList{"grade"};
    QTest::newRow("grade as a string") << QByteArray(R"({"name":"N","course":"C","grade":"85"})") << QStringList{"grade"};
    QTest::newRow("grade null") << QByteArray(R"({"name":"N","course":"C","grade":null})") << QStringList{"grade"};
}

void TestApiStudentsWrite::createListsEveryFailingField()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, fields);
    const ApiClient staff(m_server->port(), m_accounts->staffToken);
    const QByteArray before = staff.get("/students?limit=1").header("X-Total-Count");

    const HttpReply reply = staff.raw("POST", "/students", body, "application/json");

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    QStringList reported = detailFields(reply);
    reported.sort();
    fields.sort();
    QCOMPARE(reported, fields);
    for (const QJsonValue &detail : reply.json().value(QStringLiteral("details")).toArray())
        QVERIFY(!detail.toObject().value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(staff.get("/students?limit=1").header("X-Total-Count"), before);
}

void TestApiStudentsWrite::putReplacesAndKeepsGradeWhenAbsent()
{
    const QJsonObject original = create(QStringLiteral("Ada"), QStringLiteral("Maths"), 80);
    QVERIFY(!original.isEmpty());
    const qint64 id = original.value(QStringLiteral("id")).toInteger();

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken)
                                .send("PUT", studentPath(id), student(QStringLiteral(" Ada L. "), QStringLiteral("Logic")));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("message")).toString(), QStringLiteral("Student updated successfully"));
    const QJsonObject data = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("id")).toInteger(), id);
    QCOMPARE(data.value(QStringLiteral("name")).toString(), QStringLiteral("Ada L."));
    QCOMPARE(data.value(QStringLiteral("course")).toString(), QStringLiteral("Logic"));
    QCOMPARE(data.value(QStringLiteral("grade")).toDouble(), 80.0);
    QCOMPARE(data.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(data.value(QStringLiteral("createdAt")), original.value(QStringLiteral("createdAt")));
    QCOMPARE(reply.header("ETag"), QByteArray("\"2\""));
}

void TestApiStudentsWrite::putRequiresNameAndCourse()
{
    const QJsonObject original = create(QStringLiteral("Ada"), QStringLiteral("Maths"), 80);
    const QByteArray path = studentPath(original.value(QStringLiteral("id")).toInteger());
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    const HttpReply nameOnly = staff.send("PUT", path, QJsonObject{{QStringLiteral("name"), QStringLiteral("X")}});
    const HttpReply gradeOnly = staff.send("PUT", path, QJsonObject{{QStringLiteral("grade"), 5}});

    QVERIFY_ERROR_REPLY(nameOnly, 422, QStringLiteral("validation_failed"));
    QCOMPARE(detailFields(nameOnly), QStringList{"course"});
    QVERIFY_ERROR_REPLY(gradeOnly, 422, QStringLiteral("validation_failed"));
    QStringList fields = detailFields(gradeOnly);
    fields.sort();
    QCOMPARE(fields, (QStringList{"course", "name"}));
    QCOMPARE(staff.get(path).json(), original);
}

void TestApiStudentsWrite::patchChangesOnlyTheGivenFields()
{
    const QJsonObject original = create(QStringLiteral("Grace"), QStringLiteral("Compilers"), 70);
    const QByteArray path = studentPath(original.value(QStringLiteral("id")).toInteger());
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    const HttpReply reply = staff.send("PATCH", path, QJsonObject{{QStringLiteral("grade"), 91}});

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("message")).toString(), QStringLiteral("Student updated successfully"));
    const QJsonObject data = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("name")).toString(), QStringLiteral("Grace"));
    QCOMPARE(data.value(QStringLiteral("course")).toString(), QStringLiteral("Compilers"));
    QCOMPARE(data.value(QStringLiteral("grade")).toDouble(), 91.0);
    QCOMPARE(data.value(QStringLiteral("version")).toInt(), 2);
    const HttpReply invalid = staff.send("PATCH", path, QJsonObject{{QStringLiteral("name"), QString()}});
    QVERIFY_ERROR_REPLY(invalid, 422, QStringLiteral("validation_failed"));
    QCOMPARE(detailFields(invalid), QStringList{"name"});
}

void TestApiStudentsWrite::deleteAnswersMessageAndId()
{
    const QJsonObject original = create(QStringLiteral("Temp"), QStringLiteral("Gone"), 1);
    const qint64 id = original.value(QStringLiteral("id")).toInteger();
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    const HttpReply reply = staff.remove(studentPath(id));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json(), (QJsonObject{{QStringLiteral("message"), QStringLiteral("Student deleted successfully")},
                                       {QStringLiteral("id"), id}}));
    QVERIFY_ERROR_REPLY(staff.get(studentPath(id)), 404, QStringLiteral("not_found"));
    QVERIFY_ERROR_REPLY(staff.remove(studentPath(id)), 404, QStringLiteral("not_found"));
}

void TestApiStudentsWrite::writesToMissingStudentAre404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("PUT") << QByteArray("PUT");
    QTest::newRow("PATCH") << QByteArray("PATCH");
    QTest::newRow("DELETE") << QByteArray("DELETE");
}

void TestApiStudentsWrite::writesToMissingStudentAre404()
{
    QFETCH(QByteArray, method);
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    const HttpReply reply = method == "DELETE" ? staff.remove("/students/987654321")
                                               : staff.send(method, "/students/987654321", student(QStringLiteral("N"), QStringLiteral("C")));

    QVERIFY_ERROR_REPLY(reply, 404, QStringLiteral("not_found"));
}

void TestApiStudentsWrite::ifMatchGuardsWrites_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("ifMatch"); // the student is at version 2
    QTest::addColumn<int>("status");

    for (const char *method : {"PUT", "PATCH", "DELETE"}) {
        QTest::addRow("%s, stale tag", method) << QByteArray(method) << QByteArray("\"1\"") << 412;
        QTest::addRow("%s, future tag", method) << QByteArray(method) << QByteArray("\"3\"") << 412;
        QTest::addRow("%s, not a version", method) << QByteArray(method) << QByteArray("\"abc\"") << 412;
        QTest::addRow("%s, current tag", method) << QByteArray(method) << QByteArray("\"2\"") << 200;
        QTest::addRow("%s, *", method) << QByteArray(method) << QByteArray("*") << 200;
        QTest::addRow("%s, no If-Match", method) << QByteArray(method) << QByteArray() << 200;
    }
}

void TestApiStudentsWrite::ifMatchGuardsWrites()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, ifMatch);
    QFETCH(int, status);
    const QJsonObject original = create(QStringLiteral("Versioned"), QStringLiteral("Tags"), 50);
    const QByteArray path = studentPath(original.value(QStringLiteral("id")).toInteger());
    const ApiClient staff(m_server->port(), m_accounts->staffToken);
    QCOMPARE(staff.send("PATCH", path, QJsonObject{{QStringLiteral("grade"), 60}}).status, 200); // now version 2
    const QByteArray header = ifMatch.isEmpty() ? QByteArray() : "If-Match: " + ifMatch + "\r\n";

    const HttpReply reply = method == "DELETE" ? staff.remove(path, header)
                                               : staff.send(method, path, student(QStringLiteral("Changed"), QStringLiteral("Tags")), header);

    const HttpReply after = staff.get(path);
    if (status == 412) {
        QVERIFY_ERROR_REPLY(reply, 412, QStringLiteral("precondition_failed"));
        QCOMPARE(after.status, 200);
        QCOMPARE(after.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(after.json().value(QStringLiteral("name")).toString(), QStringLiteral("Versioned"));
    } else if (method == "DELETE") {
        QCOMPARE(reply.status, 200);
        QCOMPARE(after.status, 404);
    } else {
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("version")).toInt(), 3);
        QCOMPARE(reply.header("ETag"), QByteArray("\"3\""));
        QCOMPARE(after.header("ETag"), QByteArray("\"3\""));
    }
}

QTEST_GUILESS_MAIN(TestApiStudentsWrite)
#include "tst_api_students_write.moc"

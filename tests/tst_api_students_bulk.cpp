// The Students section of the contract, in bulk and by role: POST /students/import (CSV and
// JSON, all or nothing, dryRun), GET /students/export (CSV, formula cells neutralised,
// filters), and who may read and write, against the real server on a loopback port.
#include "api_client.h"
#include "csv.h"

#include <QJsonArray>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

// A line and a field of a 422's details.
using Problem = std::pair<int, QString>;
using Problems = QList<Problem>;

Problems problemsOf(const HttpReply &reply)
{
    Problems problems;
    for (const QJsonValue &detail : reply.json().value(QStringLiteral("details")).toArray()) {
        const QJsonObject entry = detail.toObject();
        problems.append({entry.value(QStringLiteral("line")).toInt(), entry.value(QStringLiteral("field")).toString()});
    }
    return problems;
}

} // namespace

Q_DECLARE_METATYPE(Problems)

class TestApiStudentsBulk final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void importCsvAddsEveryRow();
    void importCsvIsAllOrNothing_data();
    void importCsvIsAllOrNothing();
    void importJsonArrayAddsEveryElement();
    void importJsonArrayIsAllOrNothing();
    void importDryRunWritesNothing_data();
    void importDryRunWritesNothing();
    void importRefusesOtherMediaTypes();
    void exportIsCsvWithHeader();
    void exportNeutralisesFormulaCells_data();
    void exportNeutralisesFormulaCells();
    void exportAppliesFilters();
    void roles_data();
    void roles();

private:
    qint64 countIn(const QByteArray &course);

    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
};

void TestApiStudentsBulk::initTestCase()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiStudentsBulk::cleanupTestCase()
{
    m_server.reset();
}

qint64 TestApiStudentsBulk::countIn(const QByteArray &course)
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/students?limit=1&course=" + course);
    return reply.status == 200 ? reply.header("X-Total-Count").toLongLong() : -1;
}

void TestApiStudentsBulk::importCsvAddsEveryRow()
{
    const QByteArray csv = "name,course,grade\r\nAda,CsvImport,90\r\n\"Hopper, Grace\",CsvImport,\r\nAlan,CsvImport,77.5\n";

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).raw("POST", "/students/import", csv, "text/csv");

    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.json().value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(reply.json().value(QStringLiteral("imported")).toInt(), 3);
    QCOMPARE(countIn("CsvImport"), 3);
    const QJsonArray rows = jsonArray(ApiClient(m_server->port(), m_accounts->viewerToken).get("/students?course=CsvImport&sort=name"));
    QCOMPARE(rows.at(2).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Hopper, Grace"));
    QCOMPARE(rows.at(2).toObject().value(QStringLiteral("grade")).toDouble(), 0.0);
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("grade")).toDouble(), 77.5);
}

void TestApiStudentsBulk::importCsvIsAllOrNothing_data()
{
    QTest::addColumn<QByteArray>("csv");         // the course is always AllOrNothing
    QTest::addColumn<Problems>("problems");      // every one must be reported

    QTest::newRow("grade out of range on line 3")
        << QByteArray("name,course,grade\nA,AllOrNothing,1\nB,AllOrNothing,101\nC,AllOrNothing,3\n")
        << Problems{{3, "grade"}};
    QTest::newRow("two bad rows, each with its line")
        << QByteArray("name,course,grade\n,AllOrNothing,1\nB,AllOrNothing,2\nC,,abc\n")
        << Problems{{2, "name"}, {4, "course"}, {4, "grade"}};
    QTest::newRow("a control character") << QByteArray("name,course\nA\x07,AllOrNothing\n") << Problems{{2, "name"}};
    QTest::newRow("a name of 201 characters") << "name,course\n" + QByteArray(201, 'n') + ",AllOrNothing\n"
                                              << Problems{{2, "name"}};
    QTest::newRow("unknown column") << QByteArray("name,course,email\nA,AllOrNothing,a@b.c\n") << Problems{{1, "email"}};
    QTest::newRow("course column missing") << QByteArray("name,grade\nA,1\n") << Problems{{1, "course"}};
}

void TestApiStudentsBulk::importCsvIsAllOrNothing()
{
    QFETCH(QByteArray, csv);
    QFETCH(Problems, problems);
    const qint64 before = countIn("AllOrNothing");

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).raw("POST", "/students/import", csv, "text/csv");

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    const Problems reported = problemsOf(reply);
    for (const Problem &problem : problems)
        QVERIFY2(reported.contains(problem), qPrintable(QStringLiteral("line %1 %2 not in %3")
                                                            .arg(problem.first).arg(problem.second, QString::fromUtf8(reply.body))));
    QCOMPARE(reported.size(), problems.size());
    QCOMPARE(countIn("AllOrNothing"), before);
}

void TestApiStudentsBulk::importJsonArrayAddsEveryElement()
{
    const QJsonArray students{QJsonObject{{QStringLiteral("name"), QStringLiteral("A")}, {QStringLiteral("course"), QStringLiteral("JsonImport")}},
                              QJsonObject{{QStringLiteral("id"), 5}, {QStringLiteral("name"), QStringLiteral(" B ")},
                                          {QStringLiteral("course"), QStringLiteral("JsonImport")}, {QStringLiteral("grade"), 64}}};

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students/import", students);

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("imported")).toInt(), 2);
    QCOMPARE(countIn("JsonImport"), 2);
}

void TestApiStudentsBulk::importJsonArrayIsAllOrNothing()
{
    const QJsonArray students{QJsonObject{{QStringLiteral("name"), QStringLiteral("A")}, {QStringLiteral("course"), QStringLiteral("JsonBad")}},
                              QJsonObject{{QStringLiteral("name"), QString()}, {QStringLiteral("course"), QStringLiteral("JsonBad")}},
                              QStringLiteral("not a student")};

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students/import", students);

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    const Problems reported = problemsOf(reply);
    QVERIFY2(reported.contains(Problem(2, QStringLiteral("name"))), reply.body.constData());
    QCOMPARE(reported.size(), 2);
    QCOMPARE(reported.last().first, 3);
    QCOMPARE(countIn("JsonBad"), 0);
}

void TestApiStudentsBulk::importDryRunWritesNothing_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("CSV") << QByteArray("text/csv") << QByteArray("name,course\nA,DryRun\nB,DryRun\n");
    QTest::newRow("JSON") << QByteArray("application/json")
                          << QByteArray(R"([{"name":"A","course":"DryRun"},{"name":"B","course":"DryRun"}])");
}

void TestApiStudentsBulk::importDryRunWritesNothing()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    const HttpReply reply = staff.raw("POST", "/students/import?dryRun=true", body, contentType);

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("dryRun")).toBool(), true);
    QCOMPARE(reply.json().value(QStringLiteral("valid")).toInt(), 2);
    QCOMPARE(reply.json().value(QStringLiteral("imported")).toInt(), 0);
    QCOMPARE(countIn("DryRun"), 0);
    const HttpReply bad = staff.raw("POST", "/students/import?dryRun=true", "name,course\nA,\n", "text/csv");
    QVERIFY_ERROR_REPLY(bad, 422, QStringLiteral("validation_failed"));
    QCOMPARE(problemsOf(bad), (Problems{{2, "course"}}));
}

void TestApiStudentsBulk::importRefusesOtherMediaTypes()
{
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    QVERIFY_ERROR_REPLY(staff.raw("POST", "/students/import", "name,course\nA,B\n", "text/plain"), 415,
                        QStringLiteral("unsupported_media_type"));
    QVERIFY_ERROR_REPLY(staff.raw("POST", "/students/import", R"({"name":"A","course":"B"})", "application/json"), 400,
                        QStringLiteral("invalid_json"));
    QVERIFY_ERROR_REPLY(staff.raw("POST", "/students/import?dryRun=maybe", "name,course\nA,B\n", "text/csv"), 400,
                        QStringLiteral("invalid_query"));
}

void TestApiStudentsBulk::exportIsCsvWithHeader()
{
    QCOMPARE(ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students", QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Exported, Ada")}, {QStringLiteral("course"), QStringLiteral("Export")},
        {QStringLiteral("grade"), 66.5}}).status, 201);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/students/export?course=Export");

    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.header("Content-Type").startsWith("text/csv"), reply.header("Content-Type").constData());
    const Result<QList<CsvRecord>> records = parseCsv(reply.body);
    QVERIFY(records.ok());
    QCOMPARE(records->size(), 2);
    QCOMPARE(records->at(0).cells.mid(0, 4), (QStringList{"id", "name", "course", "grade"}));
    QCOMPARE(records->at(1).cells.at(1), QStringLiteral("Exported, Ada"));
    QCOMPARE(records->at(1).cells.at(2), QStringLiteral("Export"));
    QCOMPARE(records->at(1).cells.at(3), QStringLiteral("66.5"));
}

void TestApiStudentsBulk::exportNeutralisesFormulaCells_data()
{
    QTest::addColumn<QString>("name");

    QTest::newRow("=") << QStringLiteral("=1+1");
    QTest::newRow("+") << QStringLiteral("+1+1");
    QTest::newRow("-") << QStringLiteral("-1+1");
    QTest::newRow("@") << QStringLiteral("@SUM(A1:A2)");
    QTest::newRow("= with quotes and commas") << QStringLiteral("=HYPERLINK(\"http://x\",\"y\")");
}

void TestApiStudentsBulk::exportNeutralisesFormulaCells()
{
    QFETCH(QString, name);
    const QByteArray course = "Formula" + QByteArray(QTest::currentDataTag()).toHex();
    QCOMPARE(ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students", QJsonObject{
        {QStringLiteral("name"), name}, {QStringLiteral("course"), QString::fromLatin1(course)}}).status, 201);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/students/export?course=" + course);

    QCOMPARE(reply.status, 200);
    const Result<QList<CsvRecord>> records = parseCsv(reply.body);
    QVERIFY(records.ok());
    QCOMPARE(records->size(), 2);
    QCOMPARE(records->at(1).cells.at(1), QLatin1Char('\'') + name);
}

void TestApiStudentsBulk::exportAppliesFilters()
{
    const QByteArray csv = "name,course,grade\nLow,Filtered,10\nHigh,Filtered,90\nHigher,Filtered,95\nOther,Unfiltered,99\n";
    QCOMPARE(ApiClient(m_server->port(), m_accounts->staffToken).raw("POST", "/students/import", csv, "text/csv").status, 200);

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/students/export?course=Filtered&minGrade=50&sort=-grade");

    QCOMPARE(reply.status, 200);
    const Result<QList<CsvRecord>> records = parseCsv(reply.body);
    QVERIFY(records.ok());
    QStringList names;
    for (qsizetype i = 1; i < records->size(); ++i)
        names.append(records->at(i).cells.at(1));
    QCOMPARE(names, (QStringList{"Higher", "High"}));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), m_accounts->viewerToken).get("/students/export?sort=age"), 400,
                        QStringLiteral("invalid_query"));
}

void TestApiStudentsBulk::roles_data()
{
    QTest::addColumn<QString>("who"); // anonymous, viewer, staff, admin
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target"); // {id}: an existing student
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QByteArray student = R"({"name":"Role","course":"Roles"})";
    struct Call
    {
        const char *method;
        const char *target;
        QByteArray body;
        int status; // for staff and admin
        bool write;
    };
    const Call calls[] = {
        {"GET", "/students", {}, 200, false},
        {"GET", "/students/{id}", {}, 200, false},
        {"GET", "/students/export", {}, 200, false},
        {"POST", "/students", student, 201, true},
        {"PUT", "/students/{id}", student, 200, true},
        {"PATCH", "/students/{id}", R"({"grade":1})", 200, true},
        {"DELETE", "/students/{id}", {}, 200, true},
        {"POST", "/students/import", R"([{"name":"Role","course":"Roles"}])", 200, true},
    };
    for (const Call &call : calls) {
        for (const char *who : {"anonymous", "viewer", "staff", "admin"}) {
            const QString role = QString::fromLatin1(who);
            const int status = role == QLatin1String("anonymous") ? 401
                               : role == QLatin1String("viewer") && call.write ? 403 : call.status;
            QTest::addRow("%s %s %s", who, call.method, call.target)
                << role << QByteArray(call.method) << QByteArray(call.target) << call.body << status;
        }
    }
}

void TestApiStudentsBulk::roles()
{
    QFETCH(QString, who);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const HttpReply created = ApiClient(m_server->port(), m_accounts->staffToken)
                                  .raw("POST", "/students", R"({"name":"Target","course":"Roles"})", "application/json");
    QCOMPARE(created.status, 201);
    target.replace("{id}", created.header("Location").mid(QByteArray("/students/").size()));
    const QByteArray token = who == QLatin1String("admin")  ? m_accounts->adminToken
                             : who == QLatin1String("staff") ? m_accounts->staffToken
                             : who == QLatin1String("viewer") ? m_accounts->viewerToken
                                                              : QByteArray();

    const HttpReply reply = ApiClient(m_server->port(), token).raw(method, target, body, body.isEmpty() ? QByteArray() : "application/json");

    if (status == 401)
        QVERIFY_ERROR_REPLY(reply, 401, QStringLiteral("unauthorized"));
    else if (status == 403)
        QVERIFY_ERROR_REPLY(reply, 403, QStringLiteral("forbidden"));
    else
        QVERIFY2(reply.status == status, reply.body.constData());
}

QTEST_GUILESS_MAIN(TestApiStudentsBulk)
#include "tst_api_students_bulk.moc"

// The Students section of the contract, reading: GET /students (filters, order, paging,
// limits) and GET /students/:id (ETag, If-None-Match, ids that are not positive integers),
// against the real server on a loopback port.
#include "api_client.h"
#include "student_service.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

using namespace academy;
using namespace academy::test;

namespace {

// The read-only data set of the list tests, in id order (ids 1 to 7).
struct Seed
{
    const char *name;
    const char *course;
    double grade;
};
const Seed seeds[] = {
    {"Ada Lovelace", "Mathematics", 95},       {"Alan Turing", "Computer Science", 88},
    {"Grace Hopper", "Computer Science", 92},  {"Edsger Dijkstra", "Software Engineering", 75},
    {"Barbara Liskov", "Software Engineering", 60}, {"Jörg Ärzte", "Medicine", 70},
    {"Linus 100%_done", "Operating Systems", 50},
};

QStringList namesOf(const QJsonArray &students)
{
    QStringList names;
    for (const QJsonValue &student : students)
        names.append(student.toObject().value(QStringLiteral("name")).toString());
    return names;
}

QStringList names(const char *commaSeparated)
{
    return QString::fromUtf8(commaSeparated).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

// The Link header's targets by rel: {"next": query of its URL, ...}.
QHash<QString, QUrlQuery> linksOf(const HttpReply &reply)
{
    QHash<QString, QUrlQuery> links;
    for (const QByteArray &link : reply.header("Link").split(',')) {
        const qsizetype open = link.indexOf('<');
        const qsizetype close = link.indexOf('>');
        const qsizetype rel = link.indexOf("rel=\"");
        if (open < 0 || close < open || rel < 0)
            continue;
        const QUrl url(QString::fromLatin1(link.mid(open + 1, close - open - 1)));
        const QByteArray relation = link.mid(rel + 5).chopped(1);
        links.insert(QString::fromLatin1(relation), QUrlQuery(url));
    }
    return links;
}

QByteArray studentPath(qint64 id)
{
    return "/students/" + QByteArray::number(id);
}

} // namespace

class TestApiStudents final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listFiltersAndSorts_data();
    void listFiltersAndSorts();
    void listLinksNextAndPrev_data();
    void listLinksNextAndPrev();
    void listLimitDefaultsTo100AndCapsAt1000();
    void listRefusesMalformedQuery_data();
    void listRefusesMalformedQuery();
    void unknownSortNamesEverySort();

    void getAnswersStudentWithETag();
    void getHonoursIfNoneMatch_data();
    void getHonoursIfNoneMatch();
    void getMissingStudentIs404();
    void idThatIsNotPositiveIntegerIs404_data();
    void idThatIsNotPositiveIntegerIs404();

private:
    std::unique_ptr<TestServer> m_list; // the seeds, never written to
    QByteArray m_listToken;             // a viewer of m_list
    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
};

void TestApiStudents::initTestCase()
{
    m_list = TestServer::start(apiServerFlags());
    QVERIFY(m_list);
    for (const Seed &seed : seeds) {
        const QJsonObject body{{QStringLiteral("name"), QString::fromUtf8(seed.name)},
                               {QStringLiteral("course"), QString::fromUtf8(seed.course)},
                               {QStringLiteral("grade"), seed.grade}};
        QVERIFY(m_list->server().students().create(Actor::system(), body).ok());
    }
    QVERIFY(createUser(*m_list, QStringLiteral("reader@school.test"), Role::Viewer));
    m_listToken = login(m_list->port(), QStringLiteral("reader@school.test"));
    QVERIFY(!m_listToken.isEmpty());

    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiStudents::cleanupTestCase()
{
    m_list.reset();
    m_server.reset();
}

void TestApiStudents::listFiltersAndSorts_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QStringList>("expected"); // names, in the reply's order
    QTest::addColumn<int>("total");            // X-Total-Count

    const QStringList all = names("Ada Lovelace,Alan Turing,Grace Hopper,Edsger Dijkstra,Barbara Liskov,Jörg Ärzte,Linus 100%_done");
    QStringList reversed = all;
    std::reverse(reversed.begin(), reversed.end());
    const QStringList byGradeDown = names("Ada Lovelace,Grace Hopper,Alan Turing,Edsger Dijkstra,Jörg Ärzte,Barbara Liskov,Linus 100%_done");
    QStringList byGradeUp = byGradeDown;
    std::reverse(byGradeUp.begin(), byGradeUp.end());

    QTest::newRow("no query: all, by id") << QByteArray() << all << 7;
    QTest::newRow("q: name substring, any case") << QByteArray("q=LOVE") << names("Ada Lovelace") << 1;
    QTest::newRow("q: course substring") << QByteArray("q=science") << names("Alan Turing,Grace Hopper") << 2;
    QTest::newRow("q: non-ASCII, case folded") << QByteArray("q=%C3%84RZTE") << names("Jörg Ärzte") << 1;
    QTest::newRow("q: % is literal") << QByteArray("q=%25") << names("Linus 100%_done") << 1;
    QTest::newRow("q: _ is literal") << QByteArray("q=_") << names("Linus 100%_done") << 1;
    QTest::newRow("q: no match") << QByteArray("q=nobody") << QStringList() << 0;
    QTest::newRow("course: exact") << QByteArray("course=Computer%20Science") << names("Alan Turing,Grace Hopper") << 2;
    QTest::newRow("course: not a substring") << QByteArray("course=Computer") << QStringList() << 0;
    QTest::newRow("course: case matters") << QByteArray("course=computer%20science") << QStringList() << 0;
    QTest::newRow("minGrade, inclusive") << QByteArray("minGrade=92") << names("Ada Lovelace,Grace Hopper") << 2;
    QTest::newRow("maxGrade, inclusive") << QByteArray("maxGrade=60") << names("Barbara Liskov,Linus 100%_done") << 2;
    QTest::newRow("grade range") << QByteArray("minGrade=70&maxGrade=88") << names("Alan Turing,Edsger Dijkstra,Jörg Ärzte") << 3;
    QTest::newRow("sort id") << QByteArray("sort=id") << all << 7;
    QTest::newRow("sort -id") << QByteArray("sort=-id") << reversed << 7;
    QTest::newRow("sort name") << QByteArray("sort=name")
                               << names("Ada Lovelace,Alan Turing,Barbara Liskov,Edsger Dijkstra,Grace Hopper,Jörg Ärzte,Linus 100%_done") << 7;
    QTest::newRow("sort course, ties by id") << QByteArray("sort=course")
                                             << names("Alan Turing,Grace Hopper,Ada Lovelace,Jörg Ärzte,Linus 100%_done,Edsger Dijkstra,Barbara Liskov") << 7;
    QTest::newRow("sort -course, ties by id descending") << QByteArray("sort=-course")
                                                        << names("Barbara Liskov,Edsger Dijkstra,Linus 100%_done,Jörg Ärzte,Ada Lovelace,Grace Hopper,Alan Turing") << 7;
    QTest::newRow("sort grade") << QByteArray("sort=grade") << byGradeUp << 7;
    QTest::newRow("sort -grade") << QByteArray("sort=-grade") << byGradeDown << 7;
    QTest::newRow("sort createdAt") << QByteArray("sort=createdAt") << all << 7;
    QTest::newRow("sort -createdAt") << QByteArray("sort=-createdAt") << reversed << 7;
    // Never changed since created one by one: the order of creation, ties by id.
    QTest::newRow("sort updatedAt") << QByteArray("sort=updatedAt") << all << 7;
    QTest::newRow("sort -updatedAt") << QByteArray("sort=-updatedAt") << reversed << 7;
    QTest::newRow("filters combine, then sort") << QByteArray("q=er&minGrade=70&sort=-grade")
                                                << names("Grace Hopper,Alan Turing,Edsger Dijkstra") << 3;
    QTest::newRow("limit and offset: a page") << QByteArray("limit=2&offset=2") << names("Grace Hopper,Edsger Dijkstra") << 7;
    QTest::newRow("offset past the end") << QByteArray("offset=10") << QStringList() << 7;
}

void TestApiStudents::listFiltersAndSorts()
{
    QFETCH(QByteArray, query);
    QFETCH(QStringList, expected);
    QFETCH(int, total);

    const HttpReply reply = ApiClient(m_list->port(), m_listToken).get("/students?" + query);

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
    QVERIFY2(QJsonDocument::fromJson(reply.body).isArray(), reply.body.constData());
    QCOMPARE(namesOf(jsonArray(reply)), expected);
    QCOMPARE(reply.header("X-Total-Count"), QByteArray::number(total));
}

void TestApiStudents::listLinksNextAndPrev_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("nextOffset"); // -1: no rel="next"
    QTest::addColumn<int>("prevOffset"); // -1: no rel="prev"
    QTest::addColumn<int>("limit");      // in both links

    QTest::newRow("everything on one page") << QByteArray() << -1 << -1 << 100;
    QTest::newRow("first page") << QByteArray("limit=2") << 2 << -1 << 2;
    QTest::newRow("middle page") << QByteArray("limit=2&offset=2") << 4 << 0 << 2;
    QTest::newRow("last page") << QByteArray("limit=2&offset=6") << -1 << 4 << 2;
    QTest::newRow("exactly the end") << QByteArray("limit=2&offset=5") << -1 << 3 << 2;
    QTest::newRow("prev clamps at 0") << QByteArray("limit=3&offset=1") << 4 << 0 << 3;
    QTest::newRow("filtered: counts the matches") << QByteArray("limit=1&course=Computer%20Science") << 1 << -1 << 1;
}

void TestApiStudents::listLinksNextAndPrev()
{
    QFETCH(QByteArray, query);
    QFETCH(int, nextOffset);
    QFETCH(int, prevOffset);
    QFETCH(int, limit);

    const HttpReply reply = ApiClient(m_list->port(), m_listToken).get("/students?" + query);
    QCOMPARE(reply.status, 200);
    const QHash<QString, QUrlQuery> links = linksOf(reply);

    QCOMPARE(links.contains(QStringLiteral("next")), nextOffset >= 0);
    QCOMPARE(links.contains(QStringLiteral("prev")), prevOffset >= 0);
    const QUrlQuery original(QString::fromLatin1(query));
    for (const auto &[rel, offset] : {std::pair{QStringLiteral("next"), nextOffset}, std::pair{QStringLiteral("prev"), prevOffset}}) {
        if (offset < 0)
            continue;
        const QUrlQuery link = links.value(rel);
        QCOMPARE(link.queryItemValue(QStringLiteral("offset")), QString::number(offset));
        QCOMPARE(link.queryItemValue(QStringLiteral("limit")), QString::number(limit));
        // The filters travel along, so following the link pages through the same list.
        for (const auto &[key, value] : original.queryItems()) {
            if (key != QLatin1String("offset") && key != QLatin1String("limit"))
                QCOMPARE(link.queryItemValue(key, QUrl::FullyDecoded), original.queryItemValue(key, QUrl::FullyDecoded));
        }
    }
    if (links.contains(QStringLiteral("next"))) { // and the link itself works
        const QByteArray target = reply.header("Link").split('<').at(1).split('>').first();
        QVERIFY2(target.startsWith("/students?"), target.constData());
        QCOMPARE(ApiClient(m_list->port(), m_listToken).get(target).status, 200);
    }
}

void TestApiStudents::listLimitDefaultsTo100AndCapsAt1000()
{
    QJsonArray many;
    for (int i = 0; i < 1001; ++i)
        many.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Student %1").arg(i)},
                                {QStringLiteral("course"), QStringLiteral("Limits")}});
    QVERIFY(m_server->server().students().importJson(Actor::system(), many, ImportMode::Commit).ok());
    const ApiClient viewer(m_server->port(), m_accounts->viewerToken);

    const HttpReply byDefault = viewer.get("/students?course=Limits");
    QCOMPARE(byDefault.status, 200);
    QCOMPARE(jsonArray(byDefault).size(), 100);
    QCOMPARE(byDefault.header("X-Total-Count"), QByteArray("1001"));

    const HttpReply most = viewer.get("/students?course=Limits&limit=1000");
    QCOMPARE(most.status, 200);
    QCOMPARE(jsonArray(most).size(), 1000);
    QCOMPARE(linksOf(most).value(QStringLiteral("next")).queryItemValue(QStringLiteral("offset")), QStringLiteral("1000"));

    QVERIFY_ERROR_REPLY(viewer.get("/students?course=Limits&limit=1001"), 400, QStringLiteral("invalid_query"));
}

void TestApiStudents::listRefusesMalformedQuery_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("parameter"); // named in details

    QTest::newRow("limit=abc") << QByteArray("limit=abc") << QStringLiteral("limit");
    QTest::newRow("limit=0") << QByteArray("limit=0") << QStringLiteral("limit");
    QTest::newRow("limit=-1") << QByteArray("limit=-1") << QStringLiteral("limit");
    QTest::newRow("limit=1.5") << QByteArray("limit=1.5") << QStringLiteral("limit");
    QTest::newRow("limit=1001") << QByteArray("limit=1001") << QStringLiteral("limit");
    QTest::newRow("limit empty") << QByteArray("limit=") << QStringLiteral("limit");
    QTest::newRow("offset=-1") << QByteArray("offset=-1") << QStringLiteral("offset");
    QTest::newRow("offset=x") << QByteArray("offset=x") << QStringLiteral("offset");
    QTest::newRow("minGrade=abc") << QByteArray("minGrade=abc") << QStringLiteral("minGrade");
    QTest::newRow("maxGrade=NaN") << QByteArray("maxGrade=NaN") << QStringLiteral("maxGrade");
    QTest::newRow("minGrade=101") << QByteArray("minGrade=101") << QStringLiteral("minGrade");
    QTest::newRow("unknown sort") << QByteArray("sort=age") << QStringLiteral("sort");
    QTest::newRow("sort --grade") << QByteArray("sort=--grade") << QStringLiteral("sort");
    QTest::newRow("sort empty") << QByteArray("sort=") << QStringLiteral("sort");
}

void TestApiStudents::listRefusesMalformedQuery()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, parameter);

    const HttpReply reply = ApiClient(m_list->port(), m_listToken).get("/students?" + query);

    QVERIFY_ERROR_REPLY(reply, 400, QStringLiteral("invalid_query"));
    QCOMPARE(detailFields(reply), QStringList{parameter});
}

void TestApiStudents::unknownSortNamesEverySort()
{
    const HttpReply reply = ApiClient(m_list->port(), m_listToken).get("/students?sort=age");

    QVERIFY_ERROR_REPLY(reply, 400, QStringLiteral("invalid_query"));
    QCOMPARE(reply.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Query parameter sort must be one of id, name, course, grade, "
                            "createdAt, updatedAt (with - for descending)"));
}

void TestApiStudents::getAnswersStudentWithETag()
{
    const ApiClient staff(m_server->port(), m_accounts->staffToken);
    const HttpReply created = staff.send("POST", "/students", QJsonObject{{QStringLiteral("name"), QStringLiteral("Katherine Johnson")},
                                                                        {QStringLiteral("course"), QStringLiteral("Orbits")},
                                                                        {QStringLiteral("grade"), 99.5}});
    QCOMPARE(created.status, 201);
    const QJsonObject data = created.json().value(QStringLiteral("data")).toObject();

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get(studentPath(data.value(QStringLiteral("id")).toInteger()));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("ETag"), QByteArray("\"1\""));
    QCOMPARE(reply.json(), data);
    QCOMPARE(reply.json().value(QStringLiteral("grade")).toDouble(), 99.5);
    QCOMPARE(reply.json().value(QStringLiteral("version")).toInt(), 1);
    for (const char *key : {"id", "name", "course", "grade", "createdAt", "updatedAt", "version"})
        QVERIFY2(reply.json().contains(QLatin1String(key)), key);
    QVERIFY(QDateTime::fromString(reply.json().value(QStringLiteral("createdAt")).toString(), Qt::ISODateWithMs).isValid());
}

void TestApiStudents::getHonoursIfNoneMatch_data()
{
    QTest::addColumn<QByteArray>("ifNoneMatch");
    QTest::addColumn<int>("status");

    QTest::newRow("the current tag") << QByteArray("\"1\"") << 304;
    QTest::newRow("weak form of the current tag") << QByteArray("W/\"1\"") << 304;
    QTest::newRow("one of a list") << QByteArray("\"7\", \"1\"") << 304;
    QTest::newRow("*") << QByteArray("*") << 304;
    QTest::newRow("another tag") << QByteArray("\"2\"") << 200;
    QTest::newRow("not a tag of ours") << QByteArray("\"abc\"") << 200;
}

void TestApiStudents::getHonoursIfNoneMatch()
{
    QFETCH(QByteArray, ifNoneMatch);
    QFETCH(int, status);
    const Result<CreatedStudent> created = m_server->server().students().create(
        Actor::system(), QJsonObject{{QStringLiteral("name"), QStringLiteral("Cached")}, {QStringLiteral("course"), QStringLiteral("Tags")}});
    QVERIFY(created.ok());

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken)
                                .get(studentPath(created->student.id), "If-None-Match: " + ifNoneMatch + "\r\n");

    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("ETag"), QByteArray("\"1\""));
    if (status == 304) {
        QVERIFY2(reply.body.isEmpty(), reply.body.constData());
        QVERIFY(!reply.hasHeader("Content-Length") || reply.header("Content-Length") == "0");
    } else {
        QCOMPARE(reply.json().value(QStringLiteral("name")).toString(), QStringLiteral("Cached"));
    }
}

void TestApiStudents::getMissingStudentIs404()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/students/999999999");

    QVERIFY_ERROR_REPLY(reply, 404, QStringLiteral("not_found"));
}

void TestApiStudents::idThatIsNotPositiveIntegerIs404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("id");

    for (const char *method : {"GET", "PUT", "PATCH", "DELETE"}) {
        for (const char *id : {"0", "-1", "abc", "1.5", "1e3", "%201", "99999999999999999999"})
            QTest::addRow("%s /students/%s", method, id) << QByteArray(method) << QByteArray(id);
    }
}

void TestApiStudents::idThatIsNotPositiveIntegerIs404()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, id);
    const QJsonObject body{{QStringLiteral("name"), QStringLiteral("N")}, {QStringLiteral("course"), QStringLiteral("C")}};
    const ApiClient staff(m_server->port(), m_accounts->staffToken);

    const HttpReply reply = method == "PUT" || method == "PATCH" ? staff.send(method, "/students/" + id, body)
                                                                 : staff.raw(method, "/students/" + id, {}, {});

    QVERIFY_ERROR_REPLY(reply, 404, QStringLiteral("not_found"));
}

QTEST_GUILESS_MAIN(TestApiStudents)
#include "tst_api_students.moc"

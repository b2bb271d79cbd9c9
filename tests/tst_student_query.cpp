#include "checks.h"
#include "student_fixtures.h"

#include <QTest>

using namespace academy;
using namespace academy::test;

// StudentRepository's list: totals and pages, sorting by every column, the course and grade
// filters, and the search (case beyond ASCII, wildcards taken literally) on both engines.
class TestStudentQuery : public QObject, private StudentRepositoryFixture
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void listTotalIgnoresLimitAndOffset();
    void listPagesWithLimitAndOffset();
    void listSortsByEveryColumnInBothDirections_data();
    void listSortsByEveryColumnInBothDirections();
    void listCombinesSearchCourseAndGradeFilters();
    void courseFilterIsExact();
    void searchMatchesNameOrCourse();
    void searchIsCaseInsensitiveBeyondAscii_data();
    void searchIsCaseInsensitiveBeyondAscii();
    void searchTakesWildcardsAndBackslashLiterally_data();
    void searchTakesWildcardsAndBackslashLiterally();
};

void TestStudentQuery::initTestCase_data()
{
    addEngineRows();
}

void TestStudentQuery::init()
{
    QFETCH_GLOBAL(Engine, engine);
    QVERIFY(openDatabase(engine));
}

void TestStudentQuery::cleanup()
{
    closeDatabase();
}

void TestStudentQuery::listTotalIgnoresLimitAndOffset()
{
    for (int i = 0; i < 5; ++i)
        QVERIFY(add(QStringLiteral("Math %1").arg(i), QStringLiteral("Math"), 50) > 0);
    QVERIFY(add(QStringLiteral("Other"), QStringLiteral("Art"), 50) > 0);
    StudentQuery query;
    query.course = QStringLiteral("Math");
    query.limit = 2;
    query.offset = 1;

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QCOMPARE(page->items.size(), 2);
    QCOMPARE(page->total, qint64(5));
}

void TestStudentQuery::listPagesWithLimitAndOffset()
{
    QList<qint64> ids;
    for (int i = 0; i < 7; ++i)
        ids.append(add(QStringLiteral("S%1").arg(i), QStringLiteral("Math"), 50));
    StudentQuery query;
    query.limit = 3;

    QList<qint64> seen;
    for (query.offset = 0; query.offset < 9; query.offset += 3) {
        const Result<StudentPage> page = repository().list(query);
        QVERIFY_OK(page);
        QCOMPARE(page->total, qint64(7));
        QCOMPARE(page->items.size(), qMin<qsizetype>(3, 7 - query.offset));
        seen += idsOf(page->items);
    }
    QCOMPARE(seen, ids);

    query.offset = 10;
    const Result<StudentPage> beyond = repository().list(query);
    QVERIFY_OK(beyond);
    QVERIFY(beyond->items.isEmpty());
    QCOMPARE(beyond->total, qint64(7));
}

void TestStudentQuery::listSortsByEveryColumnInBothDirections_data()
{
    QTest::addColumn<QString>("sort");
    // Positions in the insertion order of the fixture below.
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("id") << "id" << QList{0, 1, 2, 3};
    QTest::newRow("-id") << "-id" << QList{3, 2, 1, 0};
    QTest::newRow("name (case-insensitive, ties by id)") << "name" << QList{1, 3, 0, 2};
    QTest::newRow("-name") << "-name" << QList{2, 0, 3, 1};
    QTest::newRow("course (case-insensitive, ties by id)") << "course" << QList{1, 3, 2, 0};
    QTest::newRow("-course") << "-course" << QList{0, 2, 3, 1};
    QTest::newRow("grade (ties by id)") << "grade" << QList{3, 0, 2, 1};
    QTest::newRow("-grade") << "-grade" << QList{1, 2, 0, 3};
    QTest::newRow("createdAt (ties by id)") << "createdAt" << QList{1, 3, 2, 0};
    QTest::newRow("-createdAt") << "-createdAt" << QList{0, 2, 3, 1};
    QTest::newRow("updatedAt (ties by id)") << "updatedAt" << QList{1, 3, 2, 0};
    QTest::newRow("-updatedAt") << "-updatedAt" << QList{0, 2, 3, 1};
}

void TestStudentQuery::listSortsByEveryColumnInBothDirections()
{
    QFETCH(QString, sort);
    QFETCH(QList<int>, expected);
    const QList<qint64> ids{
        add(QStringLiteral("bob"), QStringLiteral("Physics"), 70, RepositoryMorning.addSecs(3)),
        add(QStringLiteral("Alice"), QStringLiteral("art"), 90, RepositoryMorning.addSecs(1)),
        add(QStringLiteral("Carl"), QStringLiteral("Biology"), 70, RepositoryMorning.addSecs(2)),
        add(QStringLiteral("alice"), QStringLiteral("Art"), 50, RepositoryMorning.addSecs(1)),
    };
    const auto parsed = parseStudentSort(sort);
    QVERIFY(parsed);
    StudentQuery query;
    query.sort = parsed->first;
    query.descending = parsed->second;

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QList<qint64> expectedIds;
    for (int position : expected)
        expectedIds.append(ids.at(position));
    QCOMPARE(idsOf(page->items), expectedIds);
}

void TestStudentQuery::listCombinesSearchCourseAndGradeFilters()
{
    add(QStringLiteral("Ann Smith"), QStringLiteral("Math"), 95);          // above maxGrade
    add(QStringLiteral("Bob Smith"), QStringLiteral("Math"), 60);          // below minGrade
    add(QStringLiteral("Carol Smith"), QStringLiteral("Mathematics"), 80); // other course
    add(QStringLiteral("Dan Jones"), QStringLiteral("Math"), 85);          // no match for q
    add(QStringLiteral("Eve Smith"), QStringLiteral("Math"), 75);
    add(QStringLiteral("Fay SMITH"), QStringLiteral("Math"), 70); // minGrade is inclusive
    add(QStringLiteral("Gus smith"), QStringLiteral("Math"), 90); // maxGrade is inclusive
    StudentQuery query;
    query.search = QStringLiteral("Smith");
    query.course = QStringLiteral("Math");
    query.minGrade = 70;
    query.maxGrade = 90;
    query.limit = 2;

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), (QStringList{"Eve Smith", "Fay SMITH"}));
    QCOMPARE(page->total, qint64(3));
}

void TestStudentQuery::courseFilterIsExact()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 50);
    add(QStringLiteral("Bob"), QStringLiteral("math"), 50);
    add(QStringLiteral("Cid"), QStringLiteral("Mathematics"), 50);
    add(QStringLiteral("Dee"), QStringLiteral("Math "), 50);
    StudentQuery query;
    query.course = QStringLiteral("Math");

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), QStringList{"Ann"});
    QCOMPARE(page->total, qint64(1));
}

void TestStudentQuery::searchMatchesNameOrCourse()
{
    add(QStringLiteral("Biology Fan"), QStringLiteral("Art"), 50);
    add(QStringLiteral("Ann"), QStringLiteral("Marine Biology"), 50);
    add(QStringLiteral("Bob"), QStringLiteral("Math"), 50);
    StudentQuery query;
    query.search = QStringLiteral("biology");

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), (QStringList{"Biology Fan", "Ann"}));
    QCOMPARE(page->total, qint64(2));
}

void TestStudentQuery::searchIsCaseInsensitiveBeyondAscii_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("lower-case umlaut")
        << QString::fromUtf8("ärzte") << QStringList{QString::fromUtf8("Ärzte Kurs")};
    QTest::newRow("upper-case umlaut")
        << QString::fromUtf8("ÄRZTE") << QStringList{QString::fromUtf8("Ärzte Kurs")};
    QTest::newRow("as stored") << QString::fromUtf8("Ärzte")
                               << QStringList{QString::fromUtf8("Ärzte Kurs")};
    QTest::newRow("sharp s") << QString::fromUtf8("straße")
                             << QStringList{QString::fromUtf8("Hauptstraße")};
    QTest::newRow("capital sharp s")
        << QString::fromUtf8("STRAẞE") << QStringList{QString::fromUtf8("Hauptstraße")};
    QTest::newRow("sharp s upper-cased to SS")
        << QStringLiteral("STRASSE") << QStringList{QString::fromUtf8("Hauptstraße")};
    QTest::newRow("Greek") << QString::fromUtf8("ΣΟΦΊΑ") << QStringList{QString::fromUtf8("σοφία")};
    QTest::newRow("course beyond ASCII")
        << QString::fromUtf8("MÉDECINE") << QStringList{QString::fromUtf8("Ärzte Kurs")};
    QTest::newRow("no match") << QString::fromUtf8("ärztin") << QStringList{};
}

void TestStudentQuery::searchIsCaseInsensitiveBeyondAscii()
{
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    add(QString::fromUtf8("Ärzte Kurs"), QString::fromUtf8("Médecine"), 50);
    add(QString::fromUtf8("Hauptstraße"), QStringLiteral("Geography"), 50);
    add(QString::fromUtf8("σοφία"), QStringLiteral("Philosophy"), 50);
    add(QStringLiteral("Arzt"), QStringLiteral("Medicine"), 50);
    StudentQuery query;
    query.search = search;

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), expected);
    QCOMPARE(page->total, qint64(expected.size()));
}

void TestStudentQuery::searchTakesWildcardsAndBackslashLiterally_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("percent") << "%" << QStringList{"100% Maths"};
    QTest::newRow("underscore") << "_" << QStringList{"A_B"};
    QTest::newRow("underscore between letters") << "a_b" << QStringList{"A_B"};
    QTest::newRow("backslash") << "\\" << QStringList{"C\\D"};
    QTest::newRow("backslash then percent") << "\\%" << QStringList{};
}

void TestStudentQuery::searchTakesWildcardsAndBackslashLiterally()
{
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    for (const char *name : {"100% Maths", "A_B", "AxB", "C\\D", "CxD"})
        add(QString::fromLatin1(name), QStringLiteral("General"), 50);
    StudentQuery query;
    query.search = search;

    const Result<StudentPage> page = repository().list(query);

    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), expected);
}

QTEST_GUILESS_MAIN(TestStudentQuery)
#include "tst_student_query.moc"

#include "checks.h"
#include "student_repository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QTest>
#include <memory>

using namespace academy;
using academy::test::TestDatabase;

namespace {

const QDateTime kMorning(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC);

QStringList namesOf(const QList<Student> &students)
{
    QStringList names;
    for (const Student &s : students)
        names.append(s.name);
    return names;
}

QList<qint64> idsOf(const QList<Student> &students)
{
    QList<qint64> ids;
    for (const Student &s : students)
        ids.append(s.id);
    return ids;
}

} // namespace

class TestStudentRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void getReturnsTheStoredStudent();
    void getOfMissingIdIsNotFound();
    void insertReturnsIdFirstVersionAndTimestamps();
    void countCountsEveryStudent();

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

    void updateWithCurrentVersionBumpsVersionAndUpdatedAt();
    void updateWithStaleVersionIsPreconditionFailedAndChangesNothing();
    void updateOfMissingIdIsNotFound();

    void removeWithoutVersionDeletes();
    void removeWithCurrentVersionDeletes();
    void removeWithStaleVersionIsPreconditionFailedAndKeepsTheStudent();
    void removeOfMissingIdIsNotFound();

    void insertManyInsideATransactionInsertsAll();
    void insertManyWithAViolatingRowLeavesNothingWhenNotCommitted();

    void forEachVisitsEveryMatchingStudentInOrder();
    void forEachStopsWhenTheVisitorSaysSo();

private:
    StudentRepository repository();
    // Inserts and returns the new id (0 after a failed check).
    qint64 add(const QString &name, const QString &course, double grade,
               const QDateTime &now = kMorning);
    QList<qint64> allIds();

    std::unique_ptr<TestDatabase> m_db;
};

void TestStudentRepository::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestStudentRepository::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_db = TestDatabase::create(engine);
    QVERIFY(m_db);
    QVERIFY_OK(m_db->database().connection());
}

void TestStudentRepository::cleanup()
{
    m_db.reset();
}

StudentRepository TestStudentRepository::repository()
{
    return StudentRepository(m_db->database().connection().value());
}

qint64 TestStudentRepository::add(const QString &name, const QString &course, double grade,
                                  const QDateTime &now)
{
    const Result<Student> inserted = repository().insert({name, course, grade}, now);
    if (!inserted) {
        QTest::qFail(qPrintable(inserted.error().message), __FILE__, __LINE__);
        return 0;
    }
    return inserted->id;
}

QList<qint64> TestStudentRepository::allIds()
{
    StudentQuery query;
    query.limit = StudentQuery::MaxLimit;
    const Result<StudentPage> page = repository().list(query);
    return page ? idsOf(page->items) : QList<qint64>{-1};
}

void TestStudentRepository::getReturnsTheStoredStudent()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Software Engineering"), 85.5);
    QVERIFY(id > 0);

    const Result<Student> student = repository().get(id);

    QVERIFY_OK(student);
    QCOMPARE(student->id, id);
    QCOMPARE(student->name, QStringLiteral("John"));
    QCOMPARE(student->course, QStringLiteral("Software Engineering"));
    QCOMPARE(student->grade, 85.5);
    QCOMPARE(student->createdAt, kMorning);
    QCOMPARE(student->updatedAt, kMorning);
    QCOMPARE(student->version, 1);
}

void TestStudentRepository::getOfMissingIdIsNotFound()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    QVERIFY(id > 0);

    QVERIFY_ERROR(repository().get(id + 1), ErrorCode::NotFound);
}

void TestStudentRepository::insertReturnsIdFirstVersionAndTimestamps()
{
    const QDateTime now = kMorning.addMSecs(123);

    const Result<Student> first =
        repository().insert({QStringLiteral("Ann"), QStringLiteral("Art"), 70}, now);
    const Result<Student> second =
        repository().insert({QStringLiteral("Bob"), QStringLiteral("Art"), 0}, now);

    QVERIFY_OK(first);
    QVERIFY_OK(second);
    QVERIFY(first->id > 0);
    QVERIFY(second->id > first->id);
    QCOMPARE(first->version, 1);
    QCOMPARE(first->createdAt, now);
    QCOMPARE(first->updatedAt, now);
    QCOMPARE(first->name, QStringLiteral("Ann"));
    QCOMPARE(first->grade, 70.0);
}

void TestStudentRepository::countCountsEveryStudent()
{
    QCOMPARE(repository().count().value(), qint64(0));
    for (int i = 0; i < 3; ++i)
        QVERIFY(add(QStringLiteral("S%1").arg(i), QStringLiteral("Math"), i) > 0);

    QCOMPARE(repository().count().value(), qint64(3));
}

void TestStudentRepository::listTotalIgnoresLimitAndOffset()
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

void TestStudentRepository::listPagesWithLimitAndOffset()
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

void TestStudentRepository::listSortsByEveryColumnInBothDirections_data()
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

void TestStudentRepository::listSortsByEveryColumnInBothDirections()
{
    QFETCH(QString, sort);
    QFETCH(QList<int>, expected);
    const QList<qint64> ids{
        add(QStringLiteral("bob"), QStringLiteral("Physics"), 70, kMorning.addSecs(3)),
        add(QStringLiteral("Alice"), QStringLiteral("art"), 90, kMorning.addSecs(1)),
        add(QStringLiteral("Carl"), QStringLiteral("Biology"), 70, kMorning.addSecs(2)),
        add(QStringLiteral("alice"), QStringLiteral("Art"), 50, kMorning.addSecs(1)),
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

void TestStudentRepository::listCombinesSearchCourseAndGradeFilters()
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

void TestStudentRepository::courseFilterIsExact()
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

void TestStudentRepository::searchMatchesNameOrCourse()
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

void TestStudentRepository::searchIsCaseInsensitiveBeyondAscii_data()
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

void TestStudentRepository::searchIsCaseInsensitiveBeyondAscii()
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

void TestStudentRepository::searchTakesWildcardsAndBackslashLiterally_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("percent") << "%" << QStringList{"100% Maths"};
    QTest::newRow("underscore") << "_" << QStringList{"A_B"};
    QTest::newRow("underscore between letters") << "a_b" << QStringList{"A_B"};
    QTest::newRow("backslash") << "\\" << QStringList{"C\\D"};
    QTest::newRow("backslash then percent") << "\\%" << QStringList{};
}

void TestStudentRepository::searchTakesWildcardsAndBackslashLiterally()
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

void TestStudentRepository::updateWithCurrentVersionBumpsVersionAndUpdatedAt()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    Student changed = repository().get(id).value();
    changed.name = QStringLiteral("Johnny");
    changed.course = QStringLiteral("Physics");
    changed.grade = 77;
    const QDateTime later = kMorning.addSecs(60);

    const Result<Student> updated = repository().update(changed, 1, later);

    QVERIFY_OK(updated);
    QCOMPARE(updated->version, 2);
    QCOMPARE(updated->updatedAt, later);
    QCOMPARE(updated->createdAt, kMorning);
    const Student stored = repository().get(id).value();
    QCOMPARE(stored.name, QStringLiteral("Johnny"));
    QCOMPARE(stored.course, QStringLiteral("Physics"));
    QCOMPARE(stored.grade, 77.0);
    QCOMPARE(stored.version, 2);
    QCOMPARE(stored.updatedAt, later);
}

void TestStudentRepository::updateWithStaleVersionIsPreconditionFailedAndChangesNothing()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    Student changed = repository().get(id).value();
    changed.name = QStringLiteral("First");
    QVERIFY_OK(repository().update(changed, 1, kMorning.addSecs(1)));
    changed.name = QStringLiteral("Second");

    const Result<Student> stale = repository().update(changed, 1, kMorning.addSecs(2));

    QVERIFY_ERROR(stale, ErrorCode::PreconditionFailed);
    const Student stored = repository().get(id).value();
    QCOMPARE(stored.name, QStringLiteral("First"));
    QCOMPARE(stored.version, 2);
    QCOMPARE(stored.updatedAt, kMorning.addSecs(1));
}

void TestStudentRepository::updateOfMissingIdIsNotFound()
{
    Student ghost;
    ghost.id = add(QStringLiteral("John"), QStringLiteral("Math"), 50) + 100;
    ghost.name = QStringLiteral("Ghost");
    ghost.course = QStringLiteral("Math");

    QVERIFY_ERROR(repository().update(ghost, 1, kMorning), ErrorCode::NotFound);
}

void TestStudentRepository::removeWithoutVersionDeletes()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    const qint64 kept = add(QStringLiteral("Jane"), QStringLiteral("Math"), 50);

    QVERIFY_OK(repository().remove(id, std::nullopt));

    QVERIFY_ERROR(repository().get(id), ErrorCode::NotFound);
    QCOMPARE(allIds(), QList<qint64>{kept});
}

void TestStudentRepository::removeWithCurrentVersionDeletes()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    Student changed = repository().get(id).value();
    QVERIFY_OK(repository().update(changed, 1, kMorning));

    QVERIFY_OK(repository().remove(id, 2));

    QVERIFY_ERROR(repository().get(id), ErrorCode::NotFound);
}

void TestStudentRepository::removeWithStaleVersionIsPreconditionFailedAndKeepsTheStudent()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    Student changed = repository().get(id).value();
    QVERIFY_OK(repository().update(changed, 1, kMorning));

    QVERIFY_ERROR(repository().remove(id, 1), ErrorCode::PreconditionFailed);

    QVERIFY_OK(repository().get(id));
}

void TestStudentRepository::removeOfMissingIdIsNotFound()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);

    QVERIFY_ERROR(repository().remove(id + 1, std::nullopt), ErrorCode::NotFound);
    QVERIFY_ERROR(repository().remove(id + 1, 1), ErrorCode::NotFound);
    QCOMPARE(allIds(), QList<qint64>{id});
}

void TestStudentRepository::insertManyInsideATransactionInsertsAll()
{
    const QList<StudentDraft> drafts{{QStringLiteral("Ann"), QStringLiteral("Math"), 90},
                                     {QStringLiteral("Bob"), QStringLiteral("Art"), 0},
                                     {QString::fromUtf8("Zoë"), QStringLiteral("Music"), 100}};
    {
        Transaction transaction(m_db->database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        QVERIFY_OK(StudentRepository(transaction.connection()).insertMany(drafts, kMorning));
        QVERIFY_OK(transaction.commit());
    }
    m_db->reopen(); // what a new connection sees was committed

    StudentQuery query;
    const Result<StudentPage> page = repository().list(query);
    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), (QStringList{"Ann", "Bob", QString::fromUtf8("Zoë")}));
    QCOMPARE(page->items.at(2).grade, 100.0);
    QCOMPARE(page->items.at(0).version, 1);
    QCOMPARE(page->items.at(0).createdAt, kMorning);
    // The folded search columns are filled too.
    query.search = QString::fromUtf8("ZOË");
    QCOMPARE(namesOf(repository().list(query)->items), QStringList{QString::fromUtf8("Zoë")});
}

void TestStudentRepository::insertManyWithAViolatingRowLeavesNothingWhenNotCommitted()
{
    const QList<StudentDraft> drafts{{QStringLiteral("Ann"), QStringLiteral("Math"), 90},
                                     {QStringLiteral("Bob"), QStringLiteral("Art"), 50},
                                     {QStringLiteral("Cid"), QStringLiteral("Art"), 101}};
    {
        Transaction transaction(m_db->database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        const Status inserted =
            StudentRepository(transaction.connection()).insertMany(drafts, kMorning);
        // A broken constraint is our bug, not an outage a client should retry.
        QVERIFY_ERROR(inserted, ErrorCode::Internal);
    } // not committed: rolled back

    QCOMPARE(repository().count().value(), qint64(0));
    m_db->reopen();
    QCOMPARE(repository().count().value(), qint64(0));
}

void TestStudentRepository::forEachVisitsEveryMatchingStudentInOrder()
{
    // More than one internal batch of 1000, and a filter that skips some.
    QList<StudentDraft> drafts;
    for (int i = 0; i < 2105; ++i)
        drafts.append({QStringLiteral("S%1").arg(i, 4, 10, QLatin1Char('0')),
                       i % 10 == 0 ? QStringLiteral("Art") : QStringLiteral("Math"),
                       double(i % 101)});
    {
        Transaction transaction(m_db->database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        QVERIFY_OK(StudentRepository(transaction.connection()).insertMany(drafts, kMorning));
        QVERIFY_OK(transaction.commit());
    }
    StudentQuery query;
    query.course = QStringLiteral("Math");
    query.sort = StudentSort::Name;
    query.descending = true;
    query.limit = 5; // ignored by forEach
    query.offset = 7;

    QStringList visited;
    const Status done = repository().forEach(query, [&](const Student &s) {
        visited.append(s.name);
        return true;
    });

    QVERIFY_OK(done);
    QStringList expected;
    for (qsizetype i = drafts.size() - 1; i >= 0; --i) {
        if (drafts.at(i).course == QLatin1String("Math"))
            expected.append(drafts.at(i).name);
    }
    QCOMPARE(visited.size(), expected.size());
    QCOMPARE(visited, expected);
}

void TestStudentRepository::forEachStopsWhenTheVisitorSaysSo()
{
    for (int i = 0; i < 5; ++i)
        add(QStringLiteral("S%1").arg(i), QStringLiteral("Math"), 50);

    QStringList visited;
    const Status done = repository().forEach(StudentQuery{}, [&](const Student &s) {
        visited.append(s.name);
        return visited.size() < 3;
    });

    QVERIFY_OK(done);
    QCOMPARE(visited, (QStringList{"S0", "S1", "S2"}));
}

QTEST_GUILESS_MAIN(TestStudentRepository)
#include "tst_student_repository.moc"

#include "checks.h"
#include "student_fixtures.h"
#include "transaction.h"

#include <QTest>

using namespace academy;
using namespace academy::test;

class TestStudentRepository : public QObject, private StudentRepositoryFixture
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
};

void TestStudentRepository::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestStudentRepository::init()
{
    QFETCH_GLOBAL(Engine, engine);
    QVERIFY(openDatabase(engine));
}

void TestStudentRepository::cleanup()
{
    closeDatabase();
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
    QCOMPARE(student->createdAt, RepositoryMorning);
    QCOMPARE(student->updatedAt, RepositoryMorning);
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
    const QDateTime now = RepositoryMorning.addMSecs(123);

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

void TestStudentRepository::updateWithCurrentVersionBumpsVersionAndUpdatedAt()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    Student changed = repository().get(id).value();
    changed.name = QStringLiteral("Johnny");
    changed.course = QStringLiteral("Physics");
    changed.grade = 77;
    const QDateTime later = RepositoryMorning.addSecs(60);

    const Result<Student> updated = repository().update(changed, 1, later);

    QVERIFY_OK(updated);
    QCOMPARE(updated->version, 2);
    QCOMPARE(updated->updatedAt, later);
    QCOMPARE(updated->createdAt, RepositoryMorning);
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
    QVERIFY_OK(repository().update(changed, 1, RepositoryMorning.addSecs(1)));
    changed.name = QStringLiteral("Second");

    const Result<Student> stale = repository().update(changed, 1, RepositoryMorning.addSecs(2));

    QVERIFY_ERROR(stale, ErrorCode::PreconditionFailed);
    const Student stored = repository().get(id).value();
    QCOMPARE(stored.name, QStringLiteral("First"));
    QCOMPARE(stored.version, 2);
    QCOMPARE(stored.updatedAt, RepositoryMorning.addSecs(1));
}

void TestStudentRepository::updateOfMissingIdIsNotFound()
{
    Student ghost;
    ghost.id = add(QStringLiteral("John"), QStringLiteral("Math"), 50) + 100;
    ghost.name = QStringLiteral("Ghost");
    ghost.course = QStringLiteral("Math");

    QVERIFY_ERROR(repository().update(ghost, 1, RepositoryMorning), ErrorCode::NotFound);
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
    QVERIFY_OK(repository().update(changed, 1, RepositoryMorning));

    QVERIFY_OK(repository().remove(id, 2));

    QVERIFY_ERROR(repository().get(id), ErrorCode::NotFound);
}

void TestStudentRepository::removeWithStaleVersionIsPreconditionFailedAndKeepsTheStudent()
{
    const qint64 id = add(QStringLiteral("John"), QStringLiteral("Math"), 50);
    Student changed = repository().get(id).value();
    QVERIFY_OK(repository().update(changed, 1, RepositoryMorning));

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
        Transaction transaction(database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        QVERIFY_OK(StudentRepository(transaction.connection()).insertMany(drafts, RepositoryMorning));
        QVERIFY_OK(transaction.commit());
    }
    reopenDatabase(); // what a new connection sees was committed

    StudentQuery query;
    const Result<StudentPage> page = repository().list(query);
    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), (QStringList{"Ann", "Bob", QString::fromUtf8("Zoë")}));
    QCOMPARE(page->items.at(2).grade, 100.0);
    QCOMPARE(page->items.at(0).version, 1);
    QCOMPARE(page->items.at(0).createdAt, RepositoryMorning);
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
        Transaction transaction(database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        const Status inserted =
            StudentRepository(transaction.connection()).insertMany(drafts, RepositoryMorning);
        // A broken constraint is our bug, not an outage a client should retry.
        QVERIFY_ERROR(inserted, ErrorCode::Internal);
    } // not committed: rolled back

    QCOMPARE(repository().count().value(), qint64(0));
    reopenDatabase();
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
        Transaction transaction(database(), Transaction::Kind::Write);
        QVERIFY_OK(transaction.begin());
        QVERIFY_OK(StudentRepository(transaction.connection()).insertMany(drafts, RepositoryMorning));
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

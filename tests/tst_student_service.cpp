#include "checks.h"
#include "student_fixtures.h"

#include <QTest>
#include <QThread>
#include <array>
#include <memory>
#include <vector>

using namespace academy;
using namespace academy::test;

namespace {

QStringList fieldsOf(const QList<FieldError> &details)
{
    QStringList fields;
    for (const FieldError &e : details)
        fields.append(e.field);
    return fields;
}

template <typename T> Status statusOf(const Result<T> &result)
{
    return result ? Status() : Status(result.error());
}

} // namespace

class TestStudentService : public QObject, private StudentServiceFixture
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void createReturnsTheStudentAndTheTotal();
    void createWritesAnAuditEntryWithTheActorAndTheStudent();
    void createWithSeveralBadFieldsReportsEveryFieldAndStoresNothing();
    void replaceKeepsTheGradeWhenAbsent();
    void replaceRequiresNameAndCourse();
    void patchChangesOnlyTheGivenFields();
    void patchWritesAnAuditEntryWithBeforeAndAfter();
    void updateThatChangesNothingWritesNothing_data();
    void updateThatChangesNothingWritesNothing();
    void writeOfMissingStudentIsNotFound_data();
    void writeOfMissingStudentIsNotFound();
    void staleExpectedVersionIsPreconditionFailedAndChangesNothing_data();
    void staleExpectedVersionIsPreconditionFailedAndChangesNothing();
    void currentExpectedVersionIsAccepted();
    void removeDeletesAndWritesAnAuditEntryWithBefore();

    void listReturnsTheMatchingPage();
    void listSortedByUpdatedAtFollowsTheLatestChange();
    void listRejectsQueriesOutsideTheContract_data();
    void listRejectsQueriesOutsideTheContract();
    void coursesListsEachCourseOnceInOrder();

    void concurrentCreatesFromFourThreadsAllSucceed();
};

void TestStudentService::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestStudentService::init()
{
    QFETCH_GLOBAL(Engine, engine);
    QVERIFY(openDatabase(engine));
}

void TestStudentService::cleanup()
{
    closeDatabase();
}

void TestStudentService::createReturnsTheStudentAndTheTotal()
{
    add(QStringLiteral("First"), QStringLiteral("Math"), 10);

    const Result<CreatedStudent> created = service().create(
        ServiceActor, studentFields(QStringLiteral("  John  "), QStringLiteral("Software Engineering"), 85));

    QVERIFY_OK(created);
    QCOMPARE(created->totalStudents, qint64(2));
    QCOMPARE(created->student.name, QStringLiteral("John"));
    QCOMPARE(created->student.course, QStringLiteral("Software Engineering"));
    QCOMPARE(created->student.grade, 85.0);
    QCOMPARE(created->student.version, 1);
    QVERIFY(created->student.createdAt.isValid());
    const Result<Student> stored = service().get(created->student.id);
    QVERIFY_OK(stored);
    QCOMPARE(stored->toJson(), created->student.toJson());
}

void TestStudentService::createWritesAnAuditEntryWithTheActorAndTheStudent()
{
    const Result<CreatedStudent> created =
        service().create(ServiceActor, studentFields(QStringLiteral("John"), QStringLiteral("Math")));
    QVERIFY_OK(created);

    const QList<AuditEntry> entries = auditEntries();

    QCOMPARE(entries.size(), 1);
    const AuditEntry &entry = entries.constFirst();
    QCOMPARE(entry.action, QStringLiteral("create"));
    QCOMPARE(entry.entity, QStringLiteral("student"));
    QCOMPARE(entry.entityId, QString::number(created->student.id));
    QCOMPARE(entry.userId.value_or(-1), qint64(42));
    QCOMPARE(entry.address, QStringLiteral("192.0.2.7"));
    QCOMPARE(entry.after, QJsonValue(created->student.toJson()));
    QVERIFY(entry.before.isNull());
    QCOMPARE(created->student.grade, 0.0); // the default
}

void TestStudentService::createWithSeveralBadFieldsReportsEveryFieldAndStoresNothing()
{
    const QJsonObject body{{QStringLiteral("name"), QStringLiteral("   ")},
                           {QStringLiteral("course"), 5},
                           {QStringLiteral("grade"), 101},
                           {QStringLiteral("nickname"), QStringLiteral("JJ")}};

    const Result<CreatedStudent> created = service().create(ServiceActor, body);

    QVERIFY_ERROR(created, ErrorCode::ValidationFailed);
    QCOMPARE(fieldsOf(created.error().details),
             (QStringList{"name", "course", "grade", "nickname"}));
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentService::replaceKeepsTheGradeWhenAbsent()
{
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> replaced = service().replace(
        ServiceActor, before.id, studentFields(QStringLiteral("Jane"), QStringLiteral("Art")), std::nullopt);

    QVERIFY_OK(replaced);
    QCOMPARE(replaced->name, QStringLiteral("Jane"));
    QCOMPARE(replaced->course, QStringLiteral("Art"));
    QCOMPARE(replaced->grade, 85.0);
    QCOMPARE(replaced->version, 2);
    QCOMPARE(service().get(before.id)->toJson(), replaced->toJson());
}

void TestStudentService::replaceRequiresNameAndCourse()
{
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> replaced = service().replace(
        ServiceActor, before.id, QJsonObject{{QStringLiteral("grade"), 50}}, std::nullopt);

    QVERIFY_ERROR(replaced, ErrorCode::ValidationFailed);
    QCOMPARE(fieldsOf(replaced.error().details), (QStringList{"name", "course"}));
    QCOMPARE(service().get(before.id)->toJson(), before.toJson());
}

void TestStudentService::patchChangesOnlyTheGivenFields()
{
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> patched = service().patch(
        ServiceActor, before.id, QJsonObject{{QStringLiteral("course"), QStringLiteral("Physics")}},
        std::nullopt);

    QVERIFY_OK(patched);
    const Student stored = service().get(before.id).value();
    QCOMPARE(stored.name, QStringLiteral("John"));
    QCOMPARE(stored.course, QStringLiteral("Physics"));
    QCOMPARE(stored.grade, 85.0);
    QCOMPARE(stored.version, 2);
    QCOMPARE(stored.createdAt, before.createdAt);
    QCOMPARE(patched->toJson(), stored.toJson());
}

void TestStudentService::patchWritesAnAuditEntryWithBeforeAndAfter()
{
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> patched =
        service().patch(ServiceActor, before.id, QJsonObject{{QStringLiteral("grade"), 90}}, 1);

    QVERIFY_OK(patched);
    const QList<AuditEntry> entries = auditEntries();
    QCOMPARE(entries.size(), 2);
    const AuditEntry &entry = entries.constFirst(); // newest first
    QCOMPARE(entry.action, QStringLiteral("update"));
    QCOMPARE(entry.entity, QStringLiteral("student"));
    QCOMPARE(entry.entityId, QString::number(before.id));
    QCOMPARE(entry.userId.value_or(-1), qint64(42));
    QCOMPARE(entry.before, QJsonValue(before.toJson()));
    QCOMPARE(entry.after, QJsonValue(patched->toJson()));
}

void TestStudentService::updateThatChangesNothingWritesNothing_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("PATCH {}") << QStringLiteral("patch") << QJsonObject();
    QTest::newRow("PATCH, same grade") << QStringLiteral("patch") << QJsonObject{{QStringLiteral("grade"), 85}};
    QTest::newRow("PUT, same values") << QStringLiteral("replace") << studentFields(QStringLiteral("John"), QStringLiteral("Math"), 85);
}

// Same version, same updatedAt, no audit entry: nothing happened, and a client holding the
// version (If-Match) can still write.
void TestStudentService::updateThatChangesNothingWritesNothing()
{
    QFETCH(QString, operation);
    QFETCH(QJsonObject, body);
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> updated = operation == QLatin1String("patch") ? service().patch(ServiceActor, before.id, body, 1)
                                                                         : service().replace(ServiceActor, before.id, body, 1);

    QVERIFY_OK(updated);
    QCOMPARE(updated->toJson(), before.toJson());
    QCOMPARE(service().get(before.id)->toJson(), before.toJson());
    QCOMPARE(auditEntries().size(), 1); // only the create
    QVERIFY_OK(service().patch(ServiceActor, before.id, QJsonObject{{QStringLiteral("grade"), 86}}, 1));
}

void TestStudentService::writeOfMissingStudentIsNotFound_data()
{
    QTest::addColumn<QString>("operation");
    QTest::newRow("replace") << "replace";
    QTest::newRow("patch") << "patch";
    QTest::newRow("remove") << "remove";
}

void TestStudentService::writeOfMissingStudentIsNotFound()
{
    QFETCH(QString, operation);
    const Student existing = add(QStringLiteral("John"), QStringLiteral("Math"), 85);
    const qint64 missing = existing.id + 1;
    const QJsonObject body = studentFields(QStringLiteral("Jane"), QStringLiteral("Art"));

    Status outcome;
    if (operation == QLatin1String("replace"))
        outcome = statusOf(service().replace(ServiceActor, missing, body, std::nullopt));
    else if (operation == QLatin1String("patch"))
        outcome = statusOf(service().patch(ServiceActor, missing, body, std::nullopt));
    else
        outcome = service().remove(ServiceActor, missing, std::nullopt);

    QVERIFY_ERROR(outcome, ErrorCode::NotFound);
    QCOMPARE(auditEntries().size(), 1); // only the create
}

void TestStudentService::staleExpectedVersionIsPreconditionFailedAndChangesNothing_data()
{
    QTest::addColumn<QString>("operation");
    QTest::newRow("replace") << "replace";
    QTest::newRow("patch") << "patch";
    QTest::newRow("remove") << "remove";
}

void TestStudentService::staleExpectedVersionIsPreconditionFailedAndChangesNothing()
{
    QFETCH(QString, operation);
    const Student created = add(QStringLiteral("John"), QStringLiteral("Math"), 85);
    const Result<Student> current =
        service().patch(ServiceActor, created.id, QJsonObject{{QStringLiteral("grade"), 90}}, 1);
    QVERIFY_OK(current);
    const qsizetype auditBefore = auditEntries().size();
    const QJsonObject body = studentFields(QStringLiteral("Jane"), QStringLiteral("Art"), 10);

    Status outcome;
    if (operation == QLatin1String("replace"))
        outcome = statusOf(service().replace(ServiceActor, created.id, body, 1));
    else if (operation == QLatin1String("patch"))
        outcome = statusOf(service().patch(ServiceActor, created.id, body, 1));
    else
        outcome = service().remove(ServiceActor, created.id, 1);

    QVERIFY_ERROR(outcome, ErrorCode::PreconditionFailed);
    const Result<Student> stored = service().get(created.id);
    QVERIFY_OK(stored);
    QCOMPARE(stored->toJson(), current->toJson());
    QCOMPARE(auditEntries().size(), auditBefore);
}

void TestStudentService::currentExpectedVersionIsAccepted()
{
    const Student created = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> replaced = service().replace(
        ServiceActor, created.id, studentFields(QStringLiteral("Jane"), QStringLiteral("Art")), 1);
    QVERIFY_OK(replaced);
    const Result<Student> patched =
        service().patch(ServiceActor, created.id, QJsonObject{{QStringLiteral("grade"), 1}}, 2);
    QVERIFY_OK(patched);

    QCOMPARE(patched->version, 3);
    QVERIFY_OK(service().remove(ServiceActor, created.id, 3));
    QVERIFY_ERROR(service().get(created.id), ErrorCode::NotFound);
}

void TestStudentService::removeDeletesAndWritesAnAuditEntryWithBefore()
{
    const Student created = add(QStringLiteral("John"), QStringLiteral("Math"), 85);
    const Student kept = add(QStringLiteral("Jane"), QStringLiteral("Art"), 70);

    QVERIFY_OK(service().remove(ServiceActor, created.id, std::nullopt));

    QVERIFY_ERROR(service().get(created.id), ErrorCode::NotFound);
    QCOMPARE(namesOf(allStudents()), QStringList{kept.name});
    const QList<AuditEntry> entries = auditEntries();
    QCOMPARE(entries.size(), 3);
    const AuditEntry &entry = entries.constFirst();
    QCOMPARE(entry.action, QStringLiteral("delete"));
    QCOMPARE(entry.entity, QStringLiteral("student"));
    QCOMPARE(entry.entityId, QString::number(created.id));
    QCOMPARE(entry.userId.value_or(-1), qint64(42));
    QCOMPARE(entry.address, QStringLiteral("192.0.2.7"));
    QCOMPARE(entry.before, QJsonValue(created.toJson()));
    QVERIFY(entry.after.isNull());
}

void TestStudentService::listReturnsTheMatchingPage()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 90);
    add(QStringLiteral("Bob"), QStringLiteral("Math"), 60);
    add(QStringLiteral("Cid"), QStringLiteral("Art"), 80);
    StudentQuery query;
    query.search = QStringLiteral("MATH");
    query.sort = StudentSort::Grade;
    query.descending = true;
    query.limit = 1;
    query.offset = 1;

    const Result<StudentPage> page = service().list(query);

    QVERIFY_OK(page);
    QCOMPARE(namesOf(page->items), QStringList{"Bob"});
    QCOMPARE(page->total, qint64(2));
}

// Ann was created first and changed last: by updatedAt she comes last, by -updatedAt first,
// while createdAt keeps the order of creation.
void TestStudentService::listSortedByUpdatedAtFollowsTheLatestChange()
{
    const Student ann = add(QStringLiteral("Ann"), QStringLiteral("Math"), 90);
    QTest::qSleep(5); // timestamps are in milliseconds: keep them apart
    add(QStringLiteral("Bob"), QStringLiteral("Math"), 60);
    QTest::qSleep(5);
    add(QStringLiteral("Cid"), QStringLiteral("Art"), 80);
    QTest::qSleep(5);
    QVERIFY_OK(service().patch(ServiceActor, ann.id, QJsonObject{{QStringLiteral("grade"), 95}}, 1));
    const auto namesSortedBy = [this](const QString &sort) {
        StudentQuery query;
        const auto parsed = parseStudentSort(sort);
        if (!parsed)
            return QStringList{QStringLiteral("sort refused: ") + sort};
        query.sort = parsed->first;
        query.descending = parsed->second;
        const Result<StudentPage> page = service().list(query);
        return page ? namesOf(page->items) : QStringList{page.error().message};
    };

    QCOMPARE(namesSortedBy(QStringLiteral("updatedAt")), (QStringList{"Bob", "Cid", "Ann"}));
    QCOMPARE(namesSortedBy(QStringLiteral("-updatedAt")), (QStringList{"Ann", "Cid", "Bob"}));
    QCOMPARE(namesSortedBy(QStringLiteral("createdAt")), (QStringList{"Ann", "Bob", "Cid"}));
}

void TestStudentService::coursesListsEachCourseOnceInOrder()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 90);
    add(QStringLiteral("Bob"), QStringLiteral("Art"), 60);
    add(QStringLiteral("Cid"), QStringLiteral("Math"), 80);
    add(QStringLiteral("Dee"), QStringLiteral("Physics"), 70);

    const Result<QStringList> courses = service().courses();

    QVERIFY_OK(courses);
    QCOMPARE(courses.value(), (QStringList{"Art", "Math", "Physics"}));
}

void TestStudentService::listRejectsQueriesOutsideTheContract_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("field");

    QTest::newRow("limit 0") << 0 << qint64(0) << "limit";
    QTest::newRow("limit 1001") << 1001 << qint64(0) << "limit";
    QTest::newRow("negative limit") << -5 << qint64(0) << "limit";
    QTest::newRow("negative offset") << 10 << qint64(-1) << "offset";
}

void TestStudentService::listRejectsQueriesOutsideTheContract()
{
    QFETCH(int, limit);
    QFETCH(qint64, offset);
    QFETCH(QString, field);
    StudentQuery query;
    query.limit = limit;
    query.offset = offset;

    const Result<StudentPage> page = service().list(query);

    QVERIFY_ERROR(page, ErrorCode::InvalidQuery);
    QCOMPARE(fieldsOf(page.error().details), QStringList{field});
}

void TestStudentService::concurrentCreatesFromFourThreadsAllSucceed()
{
    constexpr int ThreadCount = 4;
    constexpr int CreatesPerThread = 250;
    Database &database = StudentServiceFixture::database();
    std::array<QStringList, ThreadCount> failures;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < ThreadCount; ++t) {
        threads.emplace_back(QThread::create([&database, &failures, t] {
            StudentService service(database); // this thread's own connection, opened on first use
            for (int i = 0; i < CreatesPerThread; ++i) {
                const Result<CreatedStudent> created = service.create(
                    ServiceActor, studentFields(QStringLiteral("Thread %1 student %2").arg(t).arg(i),
                                    QStringLiteral("Load"), i % 101));
                if (!created)
                    failures[t].append(created.error().message);
            }
            database.releaseThisThread();
        }));
    }

    for (const auto &thread : threads)
        thread->start();
    for (const auto &thread : threads)
        QVERIFY2(thread->wait(QDeadlineTimer(300'000)),
                 "a writer thread did not finish in 5 minutes");

    for (const QStringList &failed : failures)
        QCOMPARE(failed, QStringList());
    StudentQuery query;
    query.limit = 1;
    const Result<StudentPage> page = service().list(query);
    QVERIFY_OK(page);
    QCOMPARE(page->total, qint64(ThreadCount * CreatesPerThread));
    AuditQuery audits;
    audits.action = QStringLiteral("create");
    QCOMPARE(AuditRepository(database.connection().value()).list(audits)->total,
             qint64(ThreadCount * CreatesPerThread));
}

QTEST_GUILESS_MAIN(TestStudentService)
#include "tst_student_service.moc"

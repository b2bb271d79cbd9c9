#include "audit_repository.h"
#include "checks.h"
#include "csv.h"
#include "student_service.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QTest>
#include <QThread>
#include <array>
#include <memory>
#include <vector>

using namespace academy;
using academy::test::TestDatabase;

namespace {

const Actor kActor{42, QStringLiteral("192.0.2.7")};

QJsonObject student(const QString &name, const QString &course,
                    std::optional<double> grade = std::nullopt)
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("course"), course}};
    if (grade)
        body.insert(QStringLiteral("grade"), *grade);
    return body;
}

// Field errors as "line field" strings, so a failing comparison prints what differs.
QStringList describe(const QList<FieldError> &details)
{
    QStringList lines;
    for (const FieldError &e : details)
        lines.append(QStringLiteral("%1 %2").arg(e.line).arg(e.field));
    return lines;
}

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

QStringList namesOf(const QList<Student> &students)
{
    QStringList names;
    for (const Student &s : students)
        names.append(s.name);
    return names;
}

} // namespace

class TestStudentService : public QObject
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

    void importCsvWithBadRowsReportsTheirLinesAndImportsNothing();
    void importCsvImportsEveryRowWithOneAuditEntry();
    void importCsvDryRunCountsButStoresNothing();
    void importJsonWithBadElementsReportsTheirNumbersAndImportsNothing();
    void importJsonImportsEveryElementWithOneAuditEntry();
    void importJsonDryRunCountsButStoresNothing();

    void exportCsvWritesAHeaderAndOneRowPerStudent();
    void exportCsvNeutralisesFormulaNames_data();
    void exportCsvNeutralisesFormulaNames();
    void exportCsvImportsBackToTheSameStudents();

    void concurrentCreatesFromFourThreadsAllSucceed();

private:
    StudentService service() { return StudentService(m_db->database()); }
    // Creates through the service and returns the student (a failed check leaves id 0).
    Student add(const QString &name, const QString &course, double grade);
    QList<Student> allStudents();
    QList<AuditEntry> auditEntries();

    std::unique_ptr<TestDatabase> m_db;
};

void TestStudentService::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestStudentService::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_db = TestDatabase::create(engine);
    QVERIFY(m_db);
}

void TestStudentService::cleanup()
{
    m_db.reset();
}

Student TestStudentService::add(const QString &name, const QString &course, double grade)
{
    const Result<CreatedStudent> created = service().create(kActor, student(name, course, grade));
    if (!created) {
        QTest::qFail(qPrintable(created.error().message), __FILE__, __LINE__);
        return {};
    }
    return created->student;
}

QList<Student> TestStudentService::allStudents()
{
    StudentQuery query;
    query.limit = StudentQuery::MaxLimit;
    const Result<StudentPage> page = service().list(query);
    if (!page) {
        QTest::qFail(qPrintable(page.error().message), __FILE__, __LINE__);
        return {};
    }
    return page->items;
}

QList<AuditEntry> TestStudentService::auditEntries()
{
    const Result<QSqlDatabase> db = m_db->database().connection();
    if (!db) {
        QTest::qFail(qPrintable(db.error().message), __FILE__, __LINE__);
        return {};
    }
    AuditQuery query;
    query.limit = 1000;
    const Result<AuditPage> page = AuditRepository(db.value()).list(query);
    if (!page) {
        QTest::qFail(qPrintable(page.error().message), __FILE__, __LINE__);
        return {};
    }
    return page->items;
}

void TestStudentService::createReturnsTheStudentAndTheTotal()
{
    add(QStringLiteral("First"), QStringLiteral("Math"), 10);

    const Result<CreatedStudent> created = service().create(
        kActor, student(QStringLiteral("  John  "), QStringLiteral("Software Engineering"), 85));

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
        service().create(kActor, student(QStringLiteral("John"), QStringLiteral("Math")));
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

    const Result<CreatedStudent> created = service().create(kActor, body);

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
        kActor, before.id, student(QStringLiteral("Jane"), QStringLiteral("Art")), std::nullopt);

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
        kActor, before.id, QJsonObject{{QStringLiteral("grade"), 50}}, std::nullopt);

    QVERIFY_ERROR(replaced, ErrorCode::ValidationFailed);
    QCOMPARE(fieldsOf(replaced.error().details), (QStringList{"name", "course"}));
    QCOMPARE(service().get(before.id)->toJson(), before.toJson());
}

void TestStudentService::patchChangesOnlyTheGivenFields()
{
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> patched = service().patch(
        kActor, before.id, QJsonObject{{QStringLiteral("course"), QStringLiteral("Physics")}},
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
        service().patch(kActor, before.id, QJsonObject{{QStringLiteral("grade"), 90}}, 1);

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
    QTest::newRow("PUT, same values") << QStringLiteral("replace") << student(QStringLiteral("John"), QStringLiteral("Math"), 85);
}

// Same version, same updatedAt, no audit entry: nothing happened, and a client holding the
// version (If-Match) can still write.
void TestStudentService::updateThatChangesNothingWritesNothing()
{
    QFETCH(QString, operation);
    QFETCH(QJsonObject, body);
    const Student before = add(QStringLiteral("John"), QStringLiteral("Math"), 85);

    const Result<Student> updated = operation == QLatin1String("patch") ? service().patch(kActor, before.id, body, 1)
                                                                         : service().replace(kActor, before.id, body, 1);

    QVERIFY_OK(updated);
    QCOMPARE(updated->toJson(), before.toJson());
    QCOMPARE(service().get(before.id)->toJson(), before.toJson());
    QCOMPARE(auditEntries().size(), 1); // only the create
    QVERIFY_OK(service().patch(kActor, before.id, QJsonObject{{QStringLiteral("grade"), 86}}, 1));
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
    const QJsonObject body = student(QStringLiteral("Jane"), QStringLiteral("Art"));

    Status outcome;
    if (operation == QLatin1String("replace"))
        outcome = statusOf(service().replace(kActor, missing, body, std::nullopt));
    else if (operation == QLatin1String("patch"))
        outcome = statusOf(service().patch(kActor, missing, body, std::nullopt));
    else
        outcome = service().remove(kActor, missing, std::nullopt);

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
        service().patch(kActor, created.id, QJsonObject{{QStringLiteral("grade"), 90}}, 1);
    QVERIFY_OK(current);
    const qsizetype auditBefore = auditEntries().size();
    const QJsonObject body = student(QStringLiteral("Jane"), QStringLiteral("Art"), 10);

    Status outcome;
    if (operation == QLatin1String("replace"))
        outcome = statusOf(service().replace(kActor, created.id, body, 1));
    else if (operation == QLatin1String("patch"))
        outcome = statusOf(service().patch(kActor, created.id, body, 1));
    else
        outcome = service().remove(kActor, created.id, 1);

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
        kActor, created.id, student(QStringLiteral("Jane"), QStringLiteral("Art")), 1);
    QVERIFY_OK(replaced);
    const Result<Student> patched =
        service().patch(kActor, created.id, QJsonObject{{QStringLiteral("grade"), 1}}, 2);
    QVERIFY_OK(patched);

    QCOMPARE(patched->version, 3);
    QVERIFY_OK(service().remove(kActor, created.id, 3));
    QVERIFY_ERROR(service().get(created.id), ErrorCode::NotFound);
}

void TestStudentService::removeDeletesAndWritesAnAuditEntryWithBefore()
{
    const Student created = add(QStringLiteral("John"), QStringLiteral("Math"), 85);
    const Student kept = add(QStringLiteral("Jane"), QStringLiteral("Art"), 70);

    QVERIFY_OK(service().remove(kActor, created.id, std::nullopt));

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
    QVERIFY_OK(service().patch(kActor, ann.id, QJsonObject{{QStringLiteral("grade"), 95}}, 1));
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

void TestStudentService::importCsvWithBadRowsReportsTheirLinesAndImportsNothing()
{
    // The quoted, ignored id cell of line 2 runs over two lines, so every later record starts
    // one line further down than its position in the file: line numbers are physical lines.
    const QByteArray csv = "name,course,grade,id\n"
                           "Ann,Math,90,\"first\n"
                           "second\"\n"
                           "Bob,Physics,101,\n"
                           "Cid,Art,70,\n"
                           ",Music,50,\n"
                           "Dee,History,60,\n";

    const Result<int> imported = service().importCsv(kActor, csv, ImportMode::Commit);

    QVERIFY_ERROR(imported, ErrorCode::ValidationFailed);
    QCOMPARE(describe(imported.error().details), (QStringList{"4 grade", "6 name"}));
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentService::importCsvImportsEveryRowWithOneAuditEntry()
{
    const QByteArray csv = "name,course,grade\r\n"
                           "Ann,Math,90\r\n"
                           "\"Smith, John\",\"Art \"\"&\"\" Design\",\r\n"
                           "Cid,Art,70.5\r\n";

    const Result<int> imported = service().importCsv(kActor, csv, ImportMode::Commit);

    QVERIFY_OK(imported);
    QCOMPARE(imported.value(), 3);
    const QList<Student> students = allStudents();
    QCOMPARE(namesOf(students), (QStringList{"Ann", "Smith, John", "Cid"}));
    QCOMPARE(students.at(1).course, QStringLiteral("Art \"&\" Design"));
    QCOMPARE(students.at(1).grade, 0.0);
    QCOMPARE(students.at(2).grade, 70.5);
    QCOMPARE(students.at(0).version, 1);
    const QList<AuditEntry> entries = auditEntries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.constFirst().action, QStringLiteral("import"));
    QCOMPARE(entries.constFirst().entity, QStringLiteral("student"));
    QCOMPARE(entries.constFirst().userId.value_or(-1), qint64(42));
    QCOMPARE(entries.constFirst().after.toObject().value(QStringLiteral("imported")).toInt(), 3);
}

void TestStudentService::importCsvDryRunCountsButStoresNothing()
{
    const QByteArray csv = "name,course,grade\nAnn,Math,90\nBob,Art,\nCid,Art,70\n";

    const Result<int> counted = service().importCsv(kActor, csv, ImportMode::DryRun);

    QVERIFY_OK(counted);
    QCOMPARE(counted.value(), 3);
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentService::importJsonWithBadElementsReportsTheirNumbersAndImportsNothing()
{
    const QJsonArray array{student(QStringLiteral("Ann"), QStringLiteral("Math"), 90),
                           student(QString(), QStringLiteral("Art")),
                           student(QStringLiteral("Cid"), QStringLiteral("Art"), 300),
                           student(QStringLiteral("Dee"), QStringLiteral("Music")), QJsonValue(5)};

    const Result<int> imported = service().importJson(kActor, array, ImportMode::Commit);

    QVERIFY_ERROR(imported, ErrorCode::ValidationFailed);
    QCOMPARE(describe(imported.error().details), (QStringList{"2 name", "3 grade", "5 "}));
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentService::importJsonImportsEveryElementWithOneAuditEntry()
{
    QJsonObject withServerFields = student(QStringLiteral("Cid"), QStringLiteral("Art"), 70);
    withServerFields.insert(QStringLiteral("id"), 999); // the course's clients send ids
    const QJsonArray array{student(QStringLiteral("Ann"), QStringLiteral("Math"), 90),
                           student(QString::fromUtf8("Zoë"), QStringLiteral("Art")),
                           withServerFields};

    const Result<int> imported = service().importJson(kActor, array, ImportMode::Commit);

    QVERIFY_OK(imported);
    QCOMPARE(imported.value(), 3);
    const QList<Student> students = allStudents();
    QCOMPARE(namesOf(students), (QStringList{"Ann", QString::fromUtf8("Zoë"), "Cid"}));
    QVERIFY(students.at(2).id != 999);
    const QList<AuditEntry> entries = auditEntries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.constFirst().action, QStringLiteral("import"));
}

void TestStudentService::importJsonDryRunCountsButStoresNothing()
{
    const QJsonArray array{student(QStringLiteral("Ann"), QStringLiteral("Math"), 90),
                           student(QStringLiteral("Bob"), QStringLiteral("Art"))};

    const Result<int> counted = service().importJson(kActor, array, ImportMode::DryRun);

    QVERIFY_OK(counted);
    QCOMPARE(counted.value(), 2);
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentService::exportCsvWritesAHeaderAndOneRowPerStudent()
{
    const Student ann = add(QStringLiteral("Ann"), QStringLiteral("Math"), 90);
    const Student bob = add(QStringLiteral("Smith, Bob"), QStringLiteral("Art"), 72.5);
    QByteArray text;

    const Status exported = service().exportCsv(StudentQuery{}, [&](const QByteArray &chunk) {
        text += chunk;
        return true;
    });

    QVERIFY_OK(exported);
    QVERIFY(text.startsWith("id,name,course,grade,createdAt,updatedAt,version\r\n"));
    const Result<QList<CsvRecord>> records = parseCsv(text);
    QVERIFY_OK(records);
    QCOMPARE(records->size(), 3);
    QCOMPARE(records->at(1).cells,
             (QStringList{QString::number(ann.id), "Ann", "Math", "90",
                          formatTimestamp(ann.createdAt), formatTimestamp(ann.updatedAt), "1"}));
    QCOMPARE(records->at(2).cells,
             (QStringList{QString::number(bob.id), "Smith, Bob", "Art", "72.5",
                          formatTimestamp(bob.createdAt), formatTimestamp(bob.updatedAt), "1"}));
}

void TestStudentService::exportCsvNeutralisesFormulaNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("=") << "=HYPERLINK(\"http://example.com\",\"x\")";
    QTest::newRow("+") << "+1+1";
    QTest::newRow("-") << "-2+3";
    QTest::newRow("@") << "@SUM(A1)";
}

void TestStudentService::exportCsvNeutralisesFormulaNames()
{
    QFETCH(QString, name);
    add(name, QStringLiteral("Math"), 50);
    QByteArray text;

    QVERIFY_OK(service().exportCsv(StudentQuery{}, [&](const QByteArray &chunk) {
        text += chunk;
        return true;
    }));

    const Result<QList<CsvRecord>> records = parseCsv(text);
    QVERIFY_OK(records);
    QCOMPARE(records->size(), 2);
    QCOMPARE(records->at(1).cells.at(1), u'\'' + name);
}

void TestStudentService::exportCsvImportsBackToTheSameStudents()
{
    add(QStringLiteral("Smith, John"), QStringLiteral("Art & Design"), 87.5);
    add(QStringLiteral("He said \"hi\""), QString::fromUtf8("Médecine"), 200.0 / 3);
    add(QString::fromUtf8("Zoë 日本"), QStringLiteral("Math"), 0);
    add(QStringLiteral("Max"), QStringLiteral("Math"), 100);
    const QList<Student> original = allStudents();
    QByteArray text;
    QVERIFY_OK(service().exportCsv(StudentQuery{}, [&](const QByteArray &chunk) {
        text += chunk;
        return true;
    }));

    const Result<int> imported = service().importCsv(kActor, text, ImportMode::Commit);

    QVERIFY_OK(imported);
    QCOMPARE(imported.value(), original.size());
    const QList<Student> all = allStudents();
    QCOMPARE(all.size(), 2 * original.size());
    for (qsizetype i = 0; i < original.size(); ++i) {
        const Student &copy = all.at(original.size() + i);
        QCOMPARE(copy.name, original.at(i).name);
        QCOMPARE(copy.course, original.at(i).course);
        QCOMPARE(copy.grade, original.at(i).grade);
    }
}

void TestStudentService::concurrentCreatesFromFourThreadsAllSucceed()
{
    constexpr int ThreadCount = 4;
    constexpr int CreatesPerThread = 250;
    Database &database = m_db->database();
    std::array<QStringList, ThreadCount> failures;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < ThreadCount; ++t) {
        threads.emplace_back(QThread::create([&database, &failures, t] {
            StudentService service(database); // this thread's own connection, opened on first use
            for (int i = 0; i < CreatesPerThread; ++i) {
                const Result<CreatedStudent> created = service.create(
                    kActor, student(QStringLiteral("Thread %1 student %2").arg(t).arg(i),
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

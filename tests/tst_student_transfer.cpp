#include "checks.h"
#include "csv.h"
#include "student_fixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

// Field errors as "line field" strings, so a failing comparison prints what differs.
QStringList describe(const QList<FieldError> &details)
{
    QStringList lines;
    for (const FieldError &e : details)
        lines.append(QStringLiteral("%1 %2").arg(e.line).arg(e.field));
    return lines;
}

} // namespace

// Students in and out in bulk through StudentService: CSV and JSON imports (all or nothing,
// one audit entry), dry runs, and the CSV export that reads back as the same students.
class TestStudentTransfer : public QObject, private StudentServiceFixture
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

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
};

void TestStudentTransfer::initTestCase_data()
{
    addEngineRows();
}

void TestStudentTransfer::init()
{
    QFETCH_GLOBAL(Engine, engine);
    QVERIFY(openDatabase(engine));
}

void TestStudentTransfer::cleanup()
{
    closeDatabase();
}

void TestStudentTransfer::importCsvWithBadRowsReportsTheirLinesAndImportsNothing()
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

    const Result<int> imported = service().importCsv(ServiceActor, csv, ImportMode::Commit);

    QVERIFY_ERROR(imported, ErrorCode::ValidationFailed);
    QCOMPARE(describe(imported.error().details), (QStringList{"4 grade", "6 name"}));
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentTransfer::importCsvImportsEveryRowWithOneAuditEntry()
{
    const QByteArray csv = "name,course,grade\r\n"
                           "Ann,Math,90\r\n"
                           "\"Smith, John\",\"Art \"\"&\"\" Design\",\r\n"
                           "Cid,Art,70.5\r\n";

    const Result<int> imported = service().importCsv(ServiceActor, csv, ImportMode::Commit);

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

void TestStudentTransfer::importCsvDryRunCountsButStoresNothing()
{
    const QByteArray csv = "name,course,grade\nAnn,Math,90\nBob,Art,\nCid,Art,70\n";

    const Result<int> counted = service().importCsv(ServiceActor, csv, ImportMode::DryRun);

    QVERIFY_OK(counted);
    QCOMPARE(counted.value(), 3);
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentTransfer::importJsonWithBadElementsReportsTheirNumbersAndImportsNothing()
{
    const QJsonArray array{studentFields(QStringLiteral("Ann"), QStringLiteral("Math"), 90),
                           studentFields(QString(), QStringLiteral("Art")),
                           studentFields(QStringLiteral("Cid"), QStringLiteral("Art"), 300),
                           studentFields(QStringLiteral("Dee"), QStringLiteral("Music")), QJsonValue(5)};

    const Result<int> imported = service().importJson(ServiceActor, array, ImportMode::Commit);

    QVERIFY_ERROR(imported, ErrorCode::ValidationFailed);
    QCOMPARE(describe(imported.error().details), (QStringList{"2 name", "3 grade", "5 "}));
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentTransfer::importJsonImportsEveryElementWithOneAuditEntry()
{
    QJsonObject withServerFields = studentFields(QStringLiteral("Cid"), QStringLiteral("Art"), 70);
    withServerFields.insert(QStringLiteral("id"), 999); // the course's clients send ids
    const QJsonArray array{studentFields(QStringLiteral("Ann"), QStringLiteral("Math"), 90),
                           studentFields(QString::fromUtf8("Zoë"), QStringLiteral("Art")),
                           withServerFields};

    const Result<int> imported = service().importJson(ServiceActor, array, ImportMode::Commit);

    QVERIFY_OK(imported);
    QCOMPARE(imported.value(), 3);
    const QList<Student> students = allStudents();
    QCOMPARE(namesOf(students), (QStringList{"Ann", QString::fromUtf8("Zoë"), "Cid"}));
    QVERIFY(students.at(2).id != 999);
    const QList<AuditEntry> entries = auditEntries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.constFirst().action, QStringLiteral("import"));
}

void TestStudentTransfer::importJsonDryRunCountsButStoresNothing()
{
    const QJsonArray array{studentFields(QStringLiteral("Ann"), QStringLiteral("Math"), 90),
                           studentFields(QStringLiteral("Bob"), QStringLiteral("Art"))};

    const Result<int> counted = service().importJson(ServiceActor, array, ImportMode::DryRun);

    QVERIFY_OK(counted);
    QCOMPARE(counted.value(), 2);
    QVERIFY(allStudents().isEmpty());
    QVERIFY(auditEntries().isEmpty());
}

void TestStudentTransfer::exportCsvWritesAHeaderAndOneRowPerStudent()
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

void TestStudentTransfer::exportCsvNeutralisesFormulaNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("=") << "=HYPERLINK(\"http://example.com\",\"x\")";
    QTest::newRow("+") << "+1+1";
    QTest::newRow("-") << "-2+3";
    QTest::newRow("@") << "@SUM(A1)";
}

void TestStudentTransfer::exportCsvNeutralisesFormulaNames()
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

void TestStudentTransfer::exportCsvImportsBackToTheSameStudents()
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

    const Result<int> imported = service().importCsv(ServiceActor, text, ImportMode::Commit);

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

QTEST_GUILESS_MAIN(TestStudentTransfer)
#include "tst_student_transfer.moc"

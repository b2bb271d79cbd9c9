// StudentTableModel over a real database with more students than one page holds: a valid
// model under QAbstractItemModelTester while paging, sorting, filtering and refreshing, and
// every row showing the student at that position of the query's order.
#include "gui_students_support.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace academy;
using namespace academy::app;
using namespace academy::test;

namespace {

constexpr int Imported = 1200; // six pages of 200

QByteArray roll(int count)
{
    QByteArray csv = "name,course,grade\n";
    for (int i = 1; i <= count; ++i)
        csv += QStringLiteral("Student %1,Course %2,%3\n")
                   .arg(i, 4, 10, QLatin1Char('0'))
                   .arg(i % 5)
                   .arg(i % 101)
                   .toUtf8();
    return csv;
}

} // namespace

class TestGuiStudentModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyRowShowsTheStudentAtItsPosition();
    void isAValidModelWhileSortingFilteringAndRefreshing();
    void refreshAddsAndRemovesRowsAtTheEnd();
    void sortingByNameDescendingReversesTheOrder();
    void sortingByUpdatedShowsTheLatestChangeFirst();
    void everyColumnIsSortable();
    void filterCountsOnlyTheMatchingStudents();

private:
    StudentService &students() { return m_fixture->context().students(); }

    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<StudentTableModel> m_model;
};

void TestGuiStudentModel::init()
{
    m_fixture = AppFixture::create();
    QVERIFY(m_fixture);
    const Result<int> imported =
        students().importCsv(m_fixture->context().actor(), roll(Imported), ImportMode::Commit);
    QVERIFY_OK(imported);
    m_model = std::make_unique<StudentTableModel>(students());
}

void TestGuiStudentModel::cleanup()
{
    m_model.reset();
    m_fixture.reset();
}

void TestGuiStudentModel::everyRowShowsTheStudentAtItsPosition()
{
    QCOMPARE(m_model->rowCount(), Imported);
    for (int row = 0; row < Imported; ++row) {
        const QString expected = QStringLiteral("Student %1").arg(row + 1, 4, 10, QLatin1Char('0'));
        QCOMPARE(m_model->index(row, StudentTableModel::NameColumn).data().toString(), expected);
    }
    QVERIFY(!m_model->index(Imported, 0).isValid());
}

void TestGuiStudentModel::isAValidModelWhileSortingFilteringAndRefreshing()
{
    QAbstractItemModelTester tester(m_model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m_model->index(1100, StudentTableModel::IdColumn).data().toString(),
             QStringLiteral("1101"));

    m_model->sort(StudentTableModel::GradeColumn, Qt::DescendingOrder);
    QCOMPARE(m_model->index(0, StudentTableModel::GradeColumn).data().toString(),
             QStringLiteral("100"));
    StudentQuery filter;
    filter.search = QStringLiteral("course 3");
    m_model->setFilter(filter);
    QCOMPARE(m_model->rowCount(), Imported / 5);
    addStudent(m_fixture->context(), QStringLiteral("Late"), QStringLiteral("Course 3"), 50);
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), Imported / 5 + 1);
    m_model->setFilter(StudentQuery{});
    QCOMPARE(m_model->rowCount(), Imported + 1);
}

void TestGuiStudentModel::refreshAddsAndRemovesRowsAtTheEnd()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    const Student late =
        addStudent(m_fixture->context(), QStringLiteral("Late"), QStringLiteral("Art"), 50);

    m_model->refresh();

    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), Imported);
    QVERIFY_OK(students().remove(m_fixture->context().actor(), late.id, std::nullopt));
    QVERIFY_OK(students().remove(m_fixture->context().actor(), 1, std::nullopt));
    m_model->refresh();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), Imported - 1);
    QCOMPARE(m_model->index(0, StudentTableModel::NameColumn).data().toString(),
             QStringLiteral("Student 0002"));
}

void TestGuiStudentModel::sortingByNameDescendingReversesTheOrder()
{
    m_model->sort(StudentTableModel::NameColumn, Qt::DescendingOrder);

    QCOMPARE(m_model->index(0, StudentTableModel::NameColumn).data().toString(),
             QStringLiteral("Student 1200"));
    QCOMPARE(m_model->index(Imported - 1, StudentTableModel::NameColumn).data().toString(),
             QStringLiteral("Student 0001"));
}

void TestGuiStudentModel::sortingByUpdatedShowsTheLatestChangeFirst()
{
    QTest::qSleep(5); // the import's timestamps are in milliseconds: keep the change apart
    const Result<Student> changed = students().patch(
        m_fixture->context().actor(), 600, QJsonObject{{QStringLiteral("grade"), 100}}, 1);
    QVERIFY_OK(changed);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    m_model->sort(StudentTableModel::UpdatedColumn, Qt::DescendingOrder);

    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->sortColumn(), int(StudentTableModel::UpdatedColumn));
    QCOMPARE(m_model->query().sort, StudentSort::UpdatedAt);
    QCOMPARE(m_model->index(0, StudentTableModel::NameColumn).data().toString(),
             QStringLiteral("Student 0600"));
    QCOMPARE(m_model->rowCount(), Imported);
}

void TestGuiStudentModel::everyColumnIsSortable()
{
    for (int column = 0; column < StudentTableModel::ColumnCount; ++column)
        QVERIFY2(StudentTableModel::isSortable(column), qPrintable(QString::number(column)));
}

void TestGuiStudentModel::filterCountsOnlyTheMatchingStudents()
{
    StudentQuery filter;
    filter.course = QStringLiteral("Course 0");
    filter.minGrade = 50;

    m_model->setFilter(filter);

    int expected = 0;
    for (int i = 1; i <= Imported; ++i)
        expected += (i % 5 == 0 && i % 101 >= 50) ? 1 : 0;
    QCOMPARE(m_model->rowCount(), expected);
    QCOMPARE(m_model->index(0, StudentTableModel::CourseColumn).data().toString(),
             QStringLiteral("Course 0"));
}

QTEST_MAIN(TestGuiStudentModel)
#include "tst_gui_student_model.moc"

// The Students tab's table on the real services and the bundled server: deleting after a
// confirmation, filtering, permissions, remembered columns, and changes made by a LAN client
// arriving on their own with the selection kept.
#include "api_client.h"
#include "gui_students_support.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>

using namespace academy;
using namespace academy::app;
using namespace academy::test;

class TestGuiStudentTable final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void deletesTheSelectedStudentsAfterConfirmation();
    void cancelledDeleteKeepsEveryone();
    void delKeyAsksToDeleteTheSelection();
    void searchFiltersTheView();
    void courseFilterShowsOneCourse();
    void gradeRangeFiltersTheView();
    void studentCreatedByALanClientAppearsWithinTwoSeconds();
    void liveUpdateKeepsTheSelection();
    void viewerCannotWrite();
    void columnWidthsAreRemembered();

private:
    Student add(const QString &name, const QString &course, double grade);
    QTableView *view() const;
    StudentTableModel &model() const { return *m_tab->model(); }
    QMessageBox *confirmation() const;

    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<StudentsTab> m_tab;
};

void TestGuiStudentTable::init()
{
    m_fixture = AppFixture::create();
    QVERIFY(m_fixture);
    m_tab = std::make_unique<StudentsTab>(m_fixture->context());
    m_tab->resize(1000, 600);
    m_tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_tab.get()));
}

void TestGuiStudentTable::cleanup()
{
    m_tab.reset();
    m_fixture.reset();
}

Student TestGuiStudentTable::add(const QString &name, const QString &course, double grade)
{
    const Student student = addStudent(m_fixture->context(), name, course, grade);
    m_tab->refresh();
    return student;
}

QTableView *TestGuiStudentTable::view() const
{
    return m_tab->findChild<QTableView *>(QStringLiteral("studentsView"));
}

QMessageBox *TestGuiStudentTable::confirmation() const
{
    return visibleChild<QMessageBox>(m_tab.get(), QStringLiteral("deleteConfirmation"));
}

void TestGuiStudentTable::deletesTheSelectedStudentsAfterConfirmation()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 70);
    add(QStringLiteral("Bob"), QStringLiteral("Math"), 70);
    add(QStringLiteral("Cid"), QStringLiteral("Math"), 70);
    view()->selectRow(0);
    view()->selectionModel()->select(model().index(2, 0),
                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);

    clickButton(m_tab.get(), QStringLiteral("deleteStudentsButton"));
    QTRY_VERIFY(confirmation());
    QMessageBox *box = confirmation();
    QVERIFY2(box->text().contains(QStringLiteral("2 students")), qPrintable(box->text()));
    clickButton(box, QStringLiteral("confirmDeleteButton"));

    QTRY_COMPARE(namesShown(model()), QStringList{"Bob"});
    const Result<StudentPage> stored = m_fixture->context().students().list(StudentQuery{});
    QVERIFY_OK(stored);
    QCOMPARE(stored->total, qint64(1));
}

void TestGuiStudentTable::cancelledDeleteKeepsEveryone()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 70);
    view()->selectRow(0);

    clickButton(m_tab.get(), QStringLiteral("deleteStudentsButton"));
    QTRY_VERIFY(confirmation());
    QMessageBox *box = confirmation();
    box->button(QMessageBox::Cancel)->click();

    QTest::qWait(100);
    QCOMPARE(namesShown(model()), QStringList{"Ann"});
}

void TestGuiStudentTable::delKeyAsksToDeleteTheSelection()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 70);
    view()->setFocus();
    view()->selectRow(0);

    QTest::keyClick(view(), Qt::Key_Delete);

    QTRY_VERIFY(confirmation());
    QVERIFY2(confirmation()->text().contains(QStringLiteral("Ann")),
             qPrintable(confirmation()->text()));
}

void TestGuiStudentTable::searchFiltersTheView()
{
    add(QStringLiteral("Ada"), QStringLiteral("Math"), 90);
    add(QStringLiteral("Bob"), QStringLiteral("Art"), 60);
    add(QStringLiteral("Cid"), QStringLiteral("Math"), 80);

    QTest::keyClicks(m_tab->findChild<QLineEdit *>(QStringLiteral("searchEdit")),
                     QStringLiteral("ART"));

    QTRY_COMPARE(namesShown(model()), QStringList{"Bob"});
}

void TestGuiStudentTable::courseFilterShowsOneCourse()
{
    add(QStringLiteral("Ada"), QStringLiteral("Math"), 90);
    add(QStringLiteral("Bob"), QStringLiteral("Art"), 60);
    add(QStringLiteral("Cid"), QStringLiteral("Math"), 80);
    auto *courses = m_tab->findChild<QComboBox *>(QStringLiteral("courseFilter"));
    QVERIFY(courses);
    QVERIFY(courses->findText(QStringLiteral("Math")) >= 0); // offered from the stored courses

    courses->setCurrentIndex(courses->findText(QStringLiteral("Math")));

    QTRY_COMPARE(namesShown(model()), (QStringList{"Ada", "Cid"}));
}

void TestGuiStudentTable::gradeRangeFiltersTheView()
{
    add(QStringLiteral("Ada"), QStringLiteral("Math"), 90);
    add(QStringLiteral("Bob"), QStringLiteral("Art"), 60);
    add(QStringLiteral("Cid"), QStringLiteral("Math"), 80);

    m_tab->findChild<QDoubleSpinBox *>(QStringLiteral("minGradeSpin"))->setValue(70);
    m_tab->findChild<QDoubleSpinBox *>(QStringLiteral("maxGradeSpin"))->setValue(85);

    QTRY_COMPARE(namesShown(model()), QStringList{"Cid"});
}

void TestGuiStudentTable::studentCreatedByALanClientAppearsWithinTwoSeconds()
{
    const ApiClient client(m_fixture->port(), m_fixture->adminToken());

    const HttpReply reply = client.send(
        "POST", "/students", studentBody(QStringLiteral("Lan Client"), QStringLiteral("Art"), 75));

    QCOMPARE(reply.status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(rowOfName(model(), QStringLiteral("Lan Client")) >= 0, 2000);
}

void TestGuiStudentTable::liveUpdateKeepsTheSelection()
{
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 70);
    const Student bob = add(QStringLiteral("Bob"), QStringLiteral("Math"), 70);
    view()->sortByColumn(StudentTableModel::NameColumn, Qt::AscendingOrder);
    view()->selectRow(rowOfName(model(), QStringLiteral("Bob")));
    const ApiClient client(m_fixture->port(), m_fixture->adminToken());

    // Sorted by name, Aaron comes first and pushes Bob down a row.
    QCOMPARE(client
                 .send("POST", "/students",
                       studentBody(QStringLiteral("Aaron"), QStringLiteral("Art"), 75))
                 .status,
             201);

    QTRY_COMPARE_WITH_TIMEOUT(model().rowCount(), 3, 2000);
    QCOMPARE(rowOfName(model(), QStringLiteral("Bob")), 2);
    const QModelIndexList selected = view()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(StudentTableModel::StudentIdRole).toLongLong(), bob.id);
}

void TestGuiStudentTable::viewerCannotWrite()
{
    User viewer = m_fixture->context().currentUser();
    viewer.role = Role::Viewer;
    add(QStringLiteral("Ann"), QStringLiteral("Math"), 70);

    m_fixture->context().setCurrentUser(viewer);
    view()->selectRow(0);

    for (const char *button :
         {"newStudentButton", "editStudentButton", "deleteStudentsButton", "importCsvButton"})
        QVERIFY2(!m_tab->findChild<QAbstractButton *>(QString::fromLatin1(button))->isEnabled(),
                 button);
    QVERIFY(m_tab->findChild<QAbstractButton *>(QStringLiteral("exportCsvButton"))->isEnabled());
}

void TestGuiStudentTable::columnWidthsAreRemembered()
{
    view()->horizontalHeader()->resizeSection(StudentTableModel::NameColumn, 333);

    m_tab = std::make_unique<StudentsTab>(m_fixture->context());

    QCOMPARE(view()->horizontalHeader()->sectionSize(StudentTableModel::NameColumn), 333);
}

QTEST_MAIN(TestGuiStudentTable)
#include "tst_gui_student_table.moc"

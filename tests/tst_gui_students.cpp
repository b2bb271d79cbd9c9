// The Students tab's form on the real services: adding and editing through the dialog (field
// errors beside the fields, typed text kept, conflicts reported, never overwritten) and the
// keyboard ways in.
#include "gui_students_support.h"
#include "student_dialog.h"
#include "validation.h"

#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>

using namespace academy;
using namespace academy::app;
using namespace academy::test;

class TestGuiStudents final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void addsAStudentThroughTheDialog();
    void badGradeShowsItsMessageBesideTheFieldAndKeepsTheText_data();
    void badGradeShowsItsMessageBesideTheFieldAndKeepsTheText();
    void everyBadFieldIsMarkedAtOnce();
    void editsAStudent();
    void conflictingEditIsReportedAndOverwritesNothing();
    void reloadAfterAConflictShowsTheCurrentValues();
    void ctrlNOpensTheNewStudentForm();
    void enterOnARowOpensItsEditor();

private:
    Student add(const QString &name, const QString &course, double grade);
    StudentDialog *openEditorFor(const QString &name);
    StudentDialog *waitForDialog();
    void type(StudentDialog *dialog, const QString &field, const QString &text);
    QString fieldText(StudentDialog *dialog, const QString &field);
    QTableView *view() const;
    StudentTableModel &model() const { return *m_tab->model(); }

    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<StudentsTab> m_tab;
};

void TestGuiStudents::init()
{
    m_fixture = AppFixture::create();
    QVERIFY(m_fixture);
    m_tab = std::make_unique<StudentsTab>(m_fixture->context());
    m_tab->resize(1000, 600);
    m_tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_tab.get()));
}

void TestGuiStudents::cleanup()
{
    m_tab.reset();
    m_fixture.reset();
}

Student TestGuiStudents::add(const QString &name, const QString &course, double grade)
{
    const Student student = addStudent(m_fixture->context(), name, course, grade);
    m_tab->refresh();
    return student;
}

QTableView *TestGuiStudents::view() const
{
    return m_tab->findChild<QTableView *>(QStringLiteral("studentsView"));
}

StudentDialog *TestGuiStudents::waitForDialog()
{
    // The dialog opens window-modal without a nested loop: it is there once events ran.
    const auto shown = [this] {
        return visibleChild<StudentDialog>(m_tab.get(), QStringLiteral("studentDialog"));
    };
    (void)QTest::qWaitFor([&] { return shown() != nullptr; }); // a missing dialog fails the caller
    return shown();
}

StudentDialog *TestGuiStudents::openEditorFor(const QString &name)
{
    const int row = rowOfName(model(), name);
    if (row < 0)
        return nullptr;
    view()->selectRow(row);
    clickButton(m_tab.get(), QStringLiteral("editStudentButton"));
    return waitForDialog();
}

void TestGuiStudents::type(StudentDialog *dialog, const QString &field, const QString &text)
{
    auto *edit = dialog->findChild<QLineEdit *>(field);
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, text);
}

QString TestGuiStudents::fieldText(StudentDialog *dialog, const QString &field)
{
    auto *edit = dialog->findChild<QLineEdit *>(field);
    return edit ? edit->text() : QStringLiteral("<no %1>").arg(field);
}

void TestGuiStudents::addsAStudentThroughTheDialog()
{
    clickButton(m_tab.get(), QStringLiteral("newStudentButton"));
    QPointer<StudentDialog> dialog = waitForDialog();
    QVERIFY(dialog);
    type(dialog, QStringLiteral("nameEdit"), QStringLiteral("Ada Lovelace"));
    type(dialog, QStringLiteral("courseEdit"), QStringLiteral("Mathematics"));
    type(dialog, QStringLiteral("gradeEdit"), QStringLiteral("97.5"));

    clickButton(dialog, QStringLiteral("saveButton"));

    QTRY_VERIFY(!dialog);
    QTRY_COMPARE(namesShown(model()), QStringList{"Ada Lovelace"});
    StudentQuery all;
    const Result<StudentPage> stored = m_fixture->context().students().list(all);
    QVERIFY_OK(stored);
    QCOMPARE(stored->total, qint64(1));
    QCOMPARE(stored->items.first().course, QStringLiteral("Mathematics"));
    QCOMPARE(stored->items.first().grade, 97.5);
}

void TestGuiStudents::badGradeShowsItsMessageBesideTheFieldAndKeepsTheText_data()
{
    QTest::addColumn<QString>("grade");
    QTest::newRow("above 100") << QStringLiteral("150");
    QTest::newRow("below 0") << QStringLiteral("-1");
    QTest::newRow("not a number") << QStringLiteral("abc");
}

void TestGuiStudents::badGradeShowsItsMessageBesideTheFieldAndKeepsTheText()
{
    QFETCH(QString, grade);
    clickButton(m_tab.get(), QStringLiteral("newStudentButton"));
    StudentDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    type(dialog, QStringLiteral("nameEdit"), QStringLiteral("Grace"));
    type(dialog, QStringLiteral("courseEdit"), QStringLiteral("Physics"));
    type(dialog, QStringLiteral("gradeEdit"), grade);

    clickButton(dialog, QStringLiteral("saveButton"));

    QVERIFY(dialog->isVisible());
    auto *gradeError = visibleChild<QLabel>(dialog, QStringLiteral("gradeError"));
    QVERIFY(gradeError);
    QCOMPARE(gradeError->text(), gradeMessage());
    QVERIFY(!visibleChild<QLabel>(dialog, QStringLiteral("nameError")));
    // Beside the field: on the grade's row, to its right.
    auto *gradeEdit = dialog->findChild<QLineEdit *>(QStringLiteral("gradeEdit"));
    QVERIFY(gradeError->geometry().left() >= gradeEdit->geometry().right());
    QVERIFY(qAbs(gradeError->geometry().center().y() - gradeEdit->geometry().center().y()) <
            gradeEdit->height());
    QCOMPARE(fieldText(dialog, QStringLiteral("gradeEdit")), grade);
    QCOMPARE(fieldText(dialog, QStringLiteral("nameEdit")), QStringLiteral("Grace"));
    QCOMPARE(fieldText(dialog, QStringLiteral("courseEdit")), QStringLiteral("Physics"));
    QCOMPARE(model().rowCount(), 0);
}

void TestGuiStudents::everyBadFieldIsMarkedAtOnce()
{
    clickButton(m_tab.get(), QStringLiteral("newStudentButton"));
    StudentDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    type(dialog, QStringLiteral("nameEdit"), QStringLiteral("   "));
    type(dialog, QStringLiteral("gradeEdit"), QStringLiteral("101"));

    clickButton(dialog, QStringLiteral("saveButton"));

    QVERIFY(visibleChild<QLabel>(dialog, QStringLiteral("nameError")));
    QVERIFY(visibleChild<QLabel>(dialog, QStringLiteral("courseError")));
    QVERIFY(visibleChild<QLabel>(dialog, QStringLiteral("gradeError")));
    QCOMPARE(fieldText(dialog, QStringLiteral("nameEdit")), QStringLiteral("   "));
}

void TestGuiStudents::editsAStudent()
{
    const Student ada = add(QStringLiteral("Ada"), QStringLiteral("Math"), 70);
    StudentDialog *dialog = openEditorFor(QStringLiteral("Ada"));
    QVERIFY(dialog);
    QCOMPARE(fieldText(dialog, QStringLiteral("courseEdit")), QStringLiteral("Math"));
    type(dialog, QStringLiteral("gradeEdit"), QStringLiteral("88"));

    clickButton(dialog, QStringLiteral("saveButton"));

    const Result<Student> stored = m_fixture->context().students().get(ada.id);
    QVERIFY_OK(stored);
    QCOMPARE(stored->grade, 88.0);
    QCOMPARE(stored->version, 2);
    QTRY_COMPARE(model().index(0, StudentTableModel::GradeColumn).data().toString(),
                 QStringLiteral("88"));
}

void TestGuiStudents::conflictingEditIsReportedAndOverwritesNothing()
{
    const Student ada = add(QStringLiteral("Ada"), QStringLiteral("Math"), 70);
    StudentDialog *dialog = openEditorFor(QStringLiteral("Ada"));
    QVERIFY(dialog);
    // Meanwhile another administrator changes her course.
    QVERIFY_OK(m_fixture->context().students().patch(
        Actor::system(), ada.id, {{QStringLiteral("course"), QStringLiteral("Physics")}},
        std::nullopt));
    type(dialog, QStringLiteral("nameEdit"), QStringLiteral("Ada King"));

    clickButton(dialog, QStringLiteral("saveButton"));

    QVERIFY(dialog->isVisible());
    auto *message = visibleChild<QLabel>(dialog, QStringLiteral("messageLabel"));
    QVERIFY(message);
    QVERIFY2(message->text().contains(QStringLiteral("Someone else changed this student")),
             qPrintable(message->text()));
    QVERIFY(visibleChild<QPushButton>(dialog, QStringLiteral("reloadButton")));
    QCOMPARE(fieldText(dialog, QStringLiteral("nameEdit")), QStringLiteral("Ada King"));
    const Result<Student> stored = m_fixture->context().students().get(ada.id);
    QVERIFY_OK(stored);
    QCOMPARE(stored->name, QStringLiteral("Ada"));
    QCOMPARE(stored->course, QStringLiteral("Physics"));
}

void TestGuiStudents::reloadAfterAConflictShowsTheCurrentValues()
{
    const Student ada = add(QStringLiteral("Ada"), QStringLiteral("Math"), 70);
    StudentDialog *dialog = openEditorFor(QStringLiteral("Ada"));
    QVERIFY(dialog);
    QVERIFY_OK(m_fixture->context().students().patch(
        Actor::system(), ada.id, {{QStringLiteral("course"), QStringLiteral("Physics")}},
        std::nullopt));
    type(dialog, QStringLiteral("gradeEdit"), QStringLiteral("99"));
    clickButton(dialog, QStringLiteral("saveButton"));

    clickButton(dialog, QStringLiteral("reloadButton"));
    type(dialog, QStringLiteral("gradeEdit"), QStringLiteral("99"));
    clickButton(dialog, QStringLiteral("saveButton"));

    const Result<Student> stored = m_fixture->context().students().get(ada.id);
    QVERIFY_OK(stored);
    QCOMPARE(stored->course, QStringLiteral("Physics"));
    QCOMPARE(stored->grade, 99.0);
}

void TestGuiStudents::enterOnARowOpensItsEditor()
{
    add(QStringLiteral("Ada"), QStringLiteral("Math"), 70);
    view()->setFocus();
    view()->selectRow(0);

    QTest::keyClick(view(), Qt::Key_Return);

    StudentDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->studentId());
    QCOMPARE(fieldText(dialog, QStringLiteral("nameEdit")), QStringLiteral("Ada"));
}

void TestGuiStudents::ctrlNOpensTheNewStudentForm()
{
    QApplication::setActiveWindow(m_tab.get());
    QVERIFY(QTest::qWaitForWindowActive(m_tab.get()));

    QTest::keyClick(view(), Qt::Key_N, Qt::ControlModifier);

    QVERIFY(waitForDialog());
    QVERIFY(!waitForDialog()->studentId());
}

QTEST_MAIN(TestGuiStudents)
#include "tst_gui_students.moc"

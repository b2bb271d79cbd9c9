// CSV in and out of the Students tab: the import dialog's preview and dry run (every bad row
// with its line and reason, nothing written), the all-or-nothing import, and the export of
// what the current filter shows, each through the file-dialog seam.
#include "csv.h"
#include "file_dialogs.h"
#include "gui_students_support.h"
#include "import_dialog.h"
#include "validation.h"

#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace academy;
using namespace academy::app;
using namespace academy::test;

class TestGuiStudentImport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void previewListsEveryBadRowWithItsLineAndImportsNothing();
    void previewShowsTheFirstRowsWithTheirLines();
    void goodFileImportsEveryRow();
    void missingFileIsExplainedInWords();
    void cancelledFileChoiceOpensNothing();
    void exportWritesWhatTheFilterShows();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    ImportDialog *openImport(const QString &path);
    QString summary(ImportDialog *dialog) const;

    QTemporaryDir m_files;
    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<StudentsTab> m_tab;
};

void TestGuiStudentImport::init()
{
    m_fixture = AppFixture::create();
    QVERIFY(m_fixture);
    m_tab = std::make_unique<StudentsTab>(m_fixture->context());
    m_tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_tab.get()));
}

void TestGuiStudentImport::cleanup()
{
    m_tab.reset();
    m_fixture.reset();
}

QString TestGuiStudentImport::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_files.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        QTest::qFail("cannot write the test file", __FILE__, __LINE__);
    return path;
}

ImportDialog *TestGuiStudentImport::openImport(const QString &path)
{
    FileDialogs::setNextOpenFileName(path);
    clickButton(m_tab.get(), QStringLiteral("importCsvButton"));
    auto *dialog = m_tab->findChild<ImportDialog *>(QStringLiteral("importDialog"));
    if (!dialog)
        return nullptr;
    // The check runs on a worker thread; it is done when the busy bar goes.
    auto *progress = dialog->findChild<QWidget *>(QStringLiteral("importProgress"));
    if (!QTest::qWaitFor([progress] { return !progress->isVisible(); }, 10000))
        QTest::qFail("the file check did not finish", __FILE__, __LINE__);
    return dialog;
}

QString TestGuiStudentImport::summary(ImportDialog *dialog) const
{
    return dialog->findChild<QLabel *>(QStringLiteral("summaryLabel"))->text();
}

void TestGuiStudentImport::previewListsEveryBadRowWithItsLineAndImportsNothing()
{
    const QString path = writeFile(QStringLiteral("bad.csv"), "name,course,grade\n"
                                                              "Ada,Math,90\n"
                                                              "Bob,Art,150\n"
                                                              "Cid,Math,80\n"
                                                              ",Physics,70\n");

    ImportDialog *dialog = openImport(path);

    QVERIFY(dialog);
    auto *problems = dialog->findChild<QTableWidget *>(QStringLiteral("problemsView"));
    QCOMPARE(problems->rowCount(), 2);
    QCOMPARE(problems->item(0, 0)->text(), QStringLiteral("3"));
    QCOMPARE(problems->item(0, 1)->text(), QStringLiteral("grade"));
    QCOMPARE(problems->item(0, 2)->text(), gradeMessage());
    QCOMPARE(problems->item(1, 0)->text(), QStringLiteral("5"));
    QCOMPARE(problems->item(1, 1)->text(), QStringLiteral("name"));
    QVERIFY2(summary(dialog).contains(QStringLiteral("Nothing will be imported")),
             qPrintable(summary(dialog)));
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("startImportButton"))->isEnabled());
    QCOMPARE(m_fixture->context().students().list(StudentQuery{})->total, qint64(0));
}

void TestGuiStudentImport::previewShowsTheFirstRowsWithTheirLines()
{
    QByteArray csv = "name,course\n";
    for (int i = 1; i <= 50; ++i)
        csv += "Student " + QByteArray::number(i) + ",Math\n";
    const QString path = writeFile(QStringLiteral("many.csv"), csv);

    ImportDialog *dialog = openImport(path);

    QVERIFY(dialog);
    auto *preview = dialog->findChild<QTableWidget *>(QStringLiteral("previewView"));
    QCOMPARE(preview->rowCount(), ImportDialog::PreviewRecords);
    QCOMPARE(preview->horizontalHeaderItem(0)->text(), QStringLiteral("name"));
    QCOMPARE(preview->verticalHeaderItem(0)->text(), QStringLiteral("2"));
    QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("Student 1"));
    QVERIFY2(summary(dialog).contains(QStringLiteral("50 student(s) ready")),
             qPrintable(summary(dialog)));
}

void TestGuiStudentImport::goodFileImportsEveryRow()
{
    QByteArray csv = "name,course,grade\n";
    for (int i = 1; i <= 1500; ++i)
        csv += "Student " + QByteArray::number(i) + ",Course " + QByteArray::number(i % 7) + "," +
               QByteArray::number(i % 101) + "\n";
    QPointer<ImportDialog> dialog = openImport(writeFile(QStringLiteral("good.csv"), csv));
    QVERIFY(dialog);

    clickButton(dialog, QStringLiteral("startImportButton"));

    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 20000);
    QTRY_COMPARE(m_tab->model()->rowCount(), 1500);
    QCOMPARE(m_tab->model()->index(1499, StudentTableModel::NameColumn).data().toString(),
             QStringLiteral("Student 1500"));
    const QString status = m_tab->findChild<QLabel *>(QStringLiteral("statusLabel"))->text();
    QVERIFY2(status.contains(QStringLiteral("Imported %1").arg(QLocale().toString(1500))),
             qPrintable(status));
}

void TestGuiStudentImport::missingFileIsExplainedInWords()
{
    ImportDialog *dialog = openImport(m_files.filePath(QStringLiteral("nowhere.csv")));

    QVERIFY(dialog);
    QVERIFY2(summary(dialog).contains(QStringLiteral("does not exist")),
             qPrintable(summary(dialog)));
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("startImportButton"))->isEnabled());
}

void TestGuiStudentImport::cancelledFileChoiceOpensNothing()
{
    FileDialogs::setNextOpenFileName(QString());

    clickButton(m_tab.get(), QStringLiteral("importCsvButton"));

    QVERIFY(!m_tab->findChild<ImportDialog *>());
}

void TestGuiStudentImport::exportWritesWhatTheFilterShows()
{
    addStudent(m_fixture->context(), QStringLiteral("Ada"), QStringLiteral("Math"), 90);
    addStudent(m_fixture->context(), QStringLiteral("Bob"), QStringLiteral("Art"), 60);
    addStudent(m_fixture->context(), QStringLiteral("Cid"), QStringLiteral("Math"), 80);
    m_tab->refresh();
    QTest::keyClicks(m_tab->findChild<QLineEdit *>(QStringLiteral("searchEdit")),
                     QStringLiteral("math"));
    QTRY_COMPARE(m_tab->model()->rowCount(), 2);
    const QString path = m_files.filePath(QStringLiteral("export.csv"));
    FileDialogs::setNextSaveFileName(path);

    clickButton(m_tab.get(), QStringLiteral("exportCsvButton"));

    QTRY_VERIFY(m_tab->findChild<QLabel *>(QStringLiteral("statusLabel"))
                    ->text()
                    .contains(QStringLiteral("Exported 2")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Result<QList<CsvRecord>> records = parseCsv(file.readAll());
    QVERIFY_OK(records);
    QCOMPARE(records->size(), 3);
    QCOMPARE(records->at(1).cells.at(1), QStringLiteral("Ada"));
    QCOMPARE(records->at(2).cells.at(1), QStringLiteral("Cid"));
}

QTEST_MAIN(TestGuiStudentImport)
#include "tst_gui_student_import.moc"

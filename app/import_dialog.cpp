#include "import_dialog.h"

#include "app_context.h"
#include "background_jobs.h"
#include "file_dialogs.h"
#include "import_check.h"
#include "student_service.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace academy::app {

namespace {

QTableWidget *table(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTableWidget(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false); // one line per record, as in the file
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    return view;
}

QTableWidgetItem *cell(const QString &text)
{
    return new QTableWidgetItem(text);
}

} // namespace

ImportDialog::ImportDialog(AppContext &context, const QString &path, QWidget *parent)
    : QDialog(parent), m_context(context), m_jobs(new BackgroundJobs(context.database(), this)),
      m_file(new QLabel(this)),
      m_preview(table(QStringLiteral("previewView"), tr("First rows of the file"), this)),
      m_summary(new QLabel(this)),
      m_problems(table(QStringLiteral("problemsView"), tr("Problems found"), this)),
      m_progress(new QProgressBar(this)), m_choose(new QPushButton(tr("&Choose file…"), this)),
      m_import(new QPushButton(tr("&Import"), this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import students from CSV"));
    resize(760, 560);
    buildLayout();
    setIdle(tr("Choose a CSV file with a header row: name, course and (optionally) grade."), false);
    if (!path.isEmpty())
        check(path);
}

void ImportDialog::buildLayout()
{
    auto *layout = new QVBoxLayout(this);
    auto *fileRow = new QHBoxLayout;
    m_file->setObjectName(QStringLiteral("fileLabel"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fileRow->addWidget(m_file, 1);
    m_choose->setObjectName(QStringLiteral("chooseFileButton"));
    fileRow->addWidget(m_choose);
    layout->addLayout(fileRow);
    layout->addWidget(new QLabel(tr("First rows (line numbers on the left):"), this));
    layout->addWidget(m_preview, 3);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_problems->setColumnCount(3);
    m_problems->setHorizontalHeaderLabels({tr("Line"), tr("Column"), tr("Problem")});
    m_problems->verticalHeader()->hide();
    layout->addWidget(m_problems, 2);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setAccessibleName(tr("Import progress"));
    m_progress->setTextVisible(false);
    layout->addWidget(m_progress);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_import->setObjectName(QStringLiteral("startImportButton"));
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    layout->addWidget(buttons);
    connect(m_choose, &QPushButton::clicked, this, &ImportDialog::chooseFile);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
}

void ImportDialog::chooseFile()
{
    const QString path = FileDialogs::openFileName(this, tr("Import students"),
                                                   tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        check(path);
}

void ImportDialog::check(const QString &path)
{
    m_path = path;
    m_csv.clear();
    m_file->setText(QDir::toNativeSeparators(path));
    m_preview->clear();
    m_preview->setRowCount(0);
    m_problems->setRowCount(0);
    setBusy(tr("Checking every row…"));
    m_jobs->run([path] { return checkCsvFile(path, PreviewRecords); },
                [this](ImportCheck result) { showCheck(result); });
}

void ImportDialog::showCheck(const ImportCheck &check)
{
    showPreview(check);
    if (check.readError) {
        setIdle(check.readError->message, false);
        return;
    }
    showProblems(check.plan.problems);
    if (!check.ready()) {
        setIdle(tr("%n problem(s) in %1 row(s). Nothing will be imported until every row is right: "
                   "fix the file, then choose it again.",
                   nullptr, int(check.plan.problems.size()))
                    .arg(check.badRows()),
                false);
        return;
    }
    m_csv = check.csv;
    setIdle(tr("%1 student(s) ready to import. Nothing has been written yet.")
                .arg(QLocale().toString(qlonglong(check.plan.drafts.size()))),
            true);
}

void ImportDialog::showPreview(const ImportCheck &check)
{
    if (check.preview.isEmpty())
        return;
    QSet<int> badLines;
    for (const FieldError &problem : check.plan.problems)
        badLines.insert(problem.line);
    const CsvRecord &header = check.preview.constFirst();
    m_preview->setColumnCount(int(header.cells.size()));
    m_preview->setHorizontalHeaderLabels(header.cells);
    m_preview->setRowCount(int(check.preview.size() - 1));
    for (int row = 1; row < check.preview.size(); ++row) {
        const CsvRecord &record = check.preview.at(row);
        m_preview->setVerticalHeaderItem(row - 1, cell(QString::number(record.line)));
        for (int column = 0; column < record.cells.size() && column < header.cells.size();
             ++column) {
            QTableWidgetItem *item = cell(record.cells.at(column));
            if (badLines.contains(record.line))
                item->setBackground(QColor(255, 220, 220)); // the rows the problems list names
            m_preview->setItem(row - 1, column, item);
        }
    }
    m_preview->resizeColumnsToContents();
}

void ImportDialog::showProblems(const QList<FieldError> &problems)
{
    m_problems->setRowCount(int(problems.size()));
    for (int row = 0; row < problems.size(); ++row) {
        const FieldError &problem = problems.at(row);
        m_problems->setItem(
            row, 0, cell(problem.line > 0 ? QString::number(problem.line) : QStringLiteral("—")));
        m_problems->setItem(row, 1, cell(problem.field));
        m_problems->setItem(row, 2, cell(problem.message));
    }
    m_problems->resizeColumnToContents(0);
}

void ImportDialog::startImport()
{
    if (m_csv.isEmpty())
        return;
    setBusy(tr("Importing…"));
    StudentService &students = m_context.students();
    const Actor actor = m_context.actor();
    const QByteArray csv = m_csv;
    m_jobs->run(
        [&students, actor, csv] { return students.importCsv(actor, csv, ImportMode::Commit); },
        [this](Result<int> result) {
            if (!result) {
                showImportFailure(result.error());
                return;
            }
            Q_EMIT imported(result.value(), m_path);
            accept();
        });
}

void ImportDialog::showImportFailure(const Error &error)
{
    showProblems(error.details);
    setIdle(tr("Nothing was imported: %1").arg(error.message), false);
}

void ImportDialog::setBusy(const QString &text)
{
    m_summary->setText(text);
    m_progress->setRange(0, 0); // a busy bar: neither step can tell how far it is
    m_progress->show();
    m_choose->setEnabled(false);
    m_import->setEnabled(false);
}

void ImportDialog::setIdle(const QString &summary, bool canImport)
{
    m_summary->setText(summary);
    m_progress->hide();
    m_choose->setEnabled(true);
    m_import->setEnabled(canImport);
}

void ImportDialog::reject()
{
    if (m_jobs->busy())
        return; // closing now would leave the user unsure whether the import happened
    QDialog::reject();
}

} // namespace academy::app

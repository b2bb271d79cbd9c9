#include "students_tab.h"

#include "app_context.h"
#include "background_jobs.h"
#include "error_box.h"
#include "file_dialogs.h"
#include "import_dialog.h"
#include "student_dialog.h"
#include "student_filter_bar.h"
#include "student_jobs.h"
#include "student_service.h"
#include "student_table_model.h"
#include "table_setup.h"

#include <QAction>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace academy::app {

namespace {

// Restoring a selection reads each selected row's id; past this many rows (a select-all of
// a huge table) the rows are kept by position instead of reading every page.
constexpr qsizetype MaxRestoredSelection = 2000;

QToolButton *toolButton(QAction *action, const QString &objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setObjectName(objectName);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAccessibleName(action->text().remove(QLatin1Char('&')));
    return button;
}

QString count(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace

StudentsTab::StudentsTab(AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_model(new StudentTableModel(context.students(), this)),
      m_filter(new StudentFilterBar(this)), m_view(new QTableView(this)), m_count(new QLabel(this)),
      m_status(new QLabel(this)), m_progress(new TaskProgress(this)),
      m_jobs(new BackgroundJobs(context.database(), this)), m_changeSettle(new QTimer(this))
{
    setObjectName(QStringLiteral("studentsTab"));
    buildActions();
    buildLayout();
    setUpView();

    connect(m_filter, &StudentFilterBar::changed, this,
            [this] { m_model->setFilter(m_filter->filter()); });
    connect(m_model, &StudentTableModel::totalChanged, this, &StudentsTab::updateCount);
    connect(m_model, &StudentTableModel::modelReset, this, &StudentsTab::updateActions);
    connect(m_model, &StudentTableModel::loadFailed, this, &StudentsTab::showLoadFailure);
    connect(&context, &AppContext::currentUserChanged, this, &StudentsTab::updateActions);
    // Announcements come from the server's threads too (queued here); a burst of them, like
    // a script adding fifty students, becomes one reload a moment after the first.
    m_changeSettle->setSingleShot(true);
    m_changeSettle->setInterval(ChangeSettleMs);
    connect(m_changeSettle, &QTimer::timeout, this, &StudentsTab::refresh);
    connect(&context.database().changes(), &ChangeFeed::changed, this,
            [this](const QString &topic) {
                if (topic == QLatin1String("student") && !m_changeSettle->isActive())
                    m_changeSettle->start();
            });
    updateCount();
    updateActions();
    if (Result<QStringList> courses = m_context.students().courses())
        m_filter->setCourses(courses.value());
}

StudentsTab::~StudentsTab()
{
    m_task.cancel->store(true); // an export stops at its next row instead of holding up the exit
}

void StudentsTab::buildActions()
{
    auto action = [this](const QString &text, const QList<QKeySequence> &keys, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        if (!keys.isEmpty())
            a->setToolTip(
                QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                              keys.first().toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_new = action(tr("&New…"), {QKeySequence::New}, [this] { newStudent(); });
    m_edit = action(tr("&Edit…"), {Qt::Key_Return, Qt::Key_Enter}, [this] { editCurrent(); });
    m_delete = action(tr("&Delete…"), {QKeySequence::Delete}, [this] { confirmDelete(); });
    m_import = action(tr("&Import CSV…"), {}, [this] { importCsv(); });
    m_export = action(tr("E&xport CSV…"), {}, [this] { exportCsv(); });
    QAction *find = action(tr("Find"), {QKeySequence::Find}, [this] { m_filter->focusSearch(); });
    // Ctrl+N and Ctrl+F work anywhere in the window while this tab shows (a hidden widget's
    // shortcuts are inactive); Enter and Del only in the table, so typing is never hijacked.
    addAction(m_new);
    addAction(find);
    m_edit->setShortcutContext(Qt::WidgetShortcut);
    m_delete->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(m_edit);
    m_view->addAction(m_delete);
}

void StudentsTab::buildLayout()
{
    auto *layout = new QVBoxLayout(this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(toolButton(m_new, QStringLiteral("newStudentButton"), this));
    buttons->addWidget(toolButton(m_edit, QStringLiteral("editStudentButton"), this));
    buttons->addWidget(toolButton(m_delete, QStringLiteral("deleteStudentsButton"), this));
    buttons->addSpacing(16);
    buttons->addWidget(toolButton(m_import, QStringLiteral("importCsvButton"), this));
    buttons->addWidget(toolButton(m_export, QStringLiteral("exportCsvButton"), this));
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    auto *statusRow = new QHBoxLayout;
    m_count->setObjectName(QStringLiteral("countLabel"));
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusRow->addWidget(m_count);
    statusRow->addSpacing(24);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_progress);
    layout->addLayout(statusRow);
}

void StudentsTab::setUpView()
{
    m_view->setObjectName(QStringLiteral("studentsView"));
    m_view->setAccessibleName(tr("Students"));
    m_view->setModel(m_model);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSortIndicator(StudentTableModel::IdColumn, Qt::AscendingOrder); // unless remembered
    setUpTable(m_view, m_context.settings(), QStringLiteral("students"), {70, 260, 220, 80});
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Every row the same height: the view then never measures rows it has not loaded.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->setSortingEnabled(true); // sorts the model by the (remembered) indicator
    keepSortIndicatorHonest();
    connect(header, &QHeaderView::sortIndicatorChanged, this,
            &StudentsTab::keepSortIndicatorHonest);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            openEditor(m_model->data(index, StudentTableModel::StudentIdRole).toLongLong());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &StudentsTab::updateActions);
}

void StudentsTab::keepSortIndicatorHonest()
{
    // A header state remembered from another version may point at no column or at one the
    // service cannot sort by: put the indicator back where the table's order really comes
    // from (which re-saves the remembered header state).
    QHeaderView *header = m_view->horizontalHeader();
    if (!StudentTableModel::isSortable(header->sortIndicatorSection()))
        header->setSortIndicator(m_model->sortColumn(), m_model->query().descending
                                                            ? Qt::DescendingOrder
                                                            : Qt::AscendingOrder);
}

void StudentsTab::updateActions()
{
    // The contract's rule for students: staff and admins write, viewers read.
    const bool canWrite = m_context.currentUser().role >= Role::Staff;
    const bool busy = m_progress->running();
    const int selected = int(m_view->selectionModel()->selectedRows().size());
    m_new->setEnabled(canWrite);
    m_edit->setEnabled(canWrite && selected > 0);
    m_delete->setEnabled(canWrite && selected > 0 && !busy);
    m_import->setEnabled(canWrite);
    m_export->setEnabled(!busy);
}

void StudentsTab::updateCount()
{
    const qint64 total = m_model->rowCount();
    m_count->setText(tr("%1 student(s)").arg(count(total)));
}

void StudentsTab::refresh()
{
    m_changeSettle->stop();
    const QList<qint64> ids = selectedIds();
    const qint64 current =
        m_model->data(m_view->currentIndex(), StudentTableModel::StudentIdRole).toLongLong();
    m_model->refresh();
    selectIds(ids, current);
    if (Result<QStringList> courses = m_context.students().courses())
        m_filter->setCourses(courses.value());
}

QList<qint64> StudentsTab::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.size() > MaxRestoredSelection)
        return ids;
    for (const QModelIndex &row : rows)
        ids.append(m_model->data(row, StudentTableModel::StudentIdRole).toLongLong());
    return ids;
}

void StudentsTab::selectIds(const QList<qint64> &ids, qint64 current)
{
    if (ids.isEmpty() && current == 0)
        return; // nothing chosen, or a huge selection left by position
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = m_model->loadedRowOf(id);
        if (row >= 0)
            selection.select(m_model->index(row, 0),
                             m_model->index(row, StudentTableModel::ColumnCount - 1));
    }
    QItemSelectionModel *model = m_view->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect);
    const int currentRow = m_model->loadedRowOf(current);
    if (currentRow >= 0)
        model->setCurrentIndex(m_model->index(currentRow, 0), QItemSelectionModel::NoUpdate);
}

QList<Student> StudentsTab::selectedStudents() const
{
    QList<Student> students;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (std::optional<Student> student = m_model->studentAt(row.row()))
            students.append(*student);
    }
    return students;
}

void StudentsTab::showStatus(const QString &text)
{
    m_status->setStyleSheet(QString());
    m_status->setText(text);
}

void StudentsTab::showLoadFailure(const Error &error)
{
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_status->setText(tr("Students cannot be shown: %1 (F5 tries again)").arg(error.message));
}

void StudentsTab::newStudent()
{
    auto *dialog = new StudentDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StudentDialog::saved, this, [this](const Student &student) {
        showStatus(tr("Added “%1” (ID %2).").arg(student.name).arg(student.id));
        refresh();
    });
    dialog->open(); // window-modal, without a nested event loop
}

void StudentsTab::editCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (current.isValid() && m_view->selectionModel()->isRowSelected(current.row()))
        rows.prepend(current); // with several chosen, the one with the focus frame
    if (!rows.isEmpty())
        openEditor(m_model->data(rows.first(), StudentTableModel::StudentIdRole).toLongLong());
}

void StudentsTab::openEditor(qint64 id)
{
    if (id <= 0 || !m_edit->isEnabled())
        return;
    auto *dialog = new StudentDialog(m_context, id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StudentDialog::saved, this, [this](const Student &student) {
        showStatus(tr("Saved “%1”.").arg(student.name));
        refresh();
    });
    dialog->open();
}

void StudentsTab::confirmDelete()
{
    const QList<Student> chosen = selectedStudents();
    if (chosen.isEmpty() || m_progress->running())
        return;
    const QString question =
        chosen.size() == 1
            ? tr("Delete the student “%1” (%2)?").arg(chosen.first().name, chosen.first().course)
            : tr("Delete these %1 students?").arg(count(chosen.size()));
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete students"), question,
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("This cannot be undone. The audit log keeps what was deleted."));
    QPushButton *confirm = box->addButton(tr("Delete %n student(s)", nullptr, int(chosen.size())),
                                          QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->setDefaultButton(box->addButton(QMessageBox::Cancel)); // Enter must not delete
    connect(box, &QMessageBox::buttonClicked, this,
            [this, confirm, chosen](QAbstractButton *clicked) {
                if (clicked == confirm)
                    deleteStudents(chosen);
            });
    box->open();
}

void StudentsTab::deleteStudents(const QList<Student> &chosen)
{
    m_task = m_progress->begin(tr("Deleting…"), chosen.size(), true);
    updateActions();
    StudentService &students = m_context.students();
    const Actor actor = m_context.actor();
    const TaskCounter task = m_task;
    m_jobs->run(
        [&students, actor, chosen, task] { return removeStudents(students, actor, chosen, task); },
        [this, total = chosen.size()](const RemovalOutcome &outcome) {
            m_progress->end();
            updateActions();
            showStatus(
                tr("Deleted %1 of %2 student(s).").arg(count(outcome.removed), count(total)));
            if (!outcome.failures.isEmpty())
                showErrorBox(this, tr("Some students were not deleted"),
                             {ErrorCode::PreconditionFailed,
                              tr("%1 student(s) were not deleted; each one's reason is below.")
                                  .arg(outcome.failures.size()),
                              outcome.failures});
            refresh();
        });
}

void StudentsTab::importCsv()
{
    const QString path = FileDialogs::openFileName(this, tr("Import students"),
                                                   tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    auto *dialog = new ImportDialog(m_context, path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::imported, this, [this](int imported, const QString &from) {
        showStatus(tr("Imported %1 student(s) from %2.")
                       .arg(count(imported), QDir::toNativeSeparators(from)));
        refresh();
    });
    dialog->open();
}

void StudentsTab::exportCsv()
{
    const QString suggested = QDir::home().filePath(QStringLiteral("students.csv"));
    const QString path =
        FileDialogs::saveFileName(this, tr("Export students"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty() || m_progress->running())
        return;
    m_task = m_progress->begin(tr("Exporting…"), m_model->rowCount(), true);
    updateActions();
    StudentService &students = m_context.students();
    const StudentQuery query = m_model->query(); // what the table shows, in its order
    const TaskCounter task = m_task;
    m_jobs->run(
        [&students, query, path, task] { return exportStudents(students, query, path, task); },
        [this, path](const ExportOutcome &outcome) {
            m_progress->end();
            updateActions();
            if (!outcome.status) {
                showErrorBox(this, tr("The export failed"), outcome.status.error());
                return;
            }
            showStatus(outcome.cancelled
                           ? tr("Export cancelled: no file was written.")
                           : tr("Exported %1 student(s) to %2.")
                                 .arg(count(outcome.exported), QDir::toNativeSeparators(path)));
        });
}

} // namespace academy::app

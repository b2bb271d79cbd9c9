#pragma once

#include "error.h"
#include "student.h"
#include "task_progress.h"

#include <QWidget>

class QAction;
class QLabel;
class QTableView;
class QTimer;

namespace academy::app {

class AppContext;
class BackgroundJobs;
class StudentFilterBar;
class StudentTableModel;

// The Students tab is wiring: a filter bar, the lazy table model and its view, and the
// actions (new, edit, delete, import, export) that open dialogs or start background jobs.
// Every rule is StudentService's. Writes from anywhere (the API, another desktop) arrive
// through the change feed and reload the visible rows, keeping the selection.
class StudentsTab final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int ChangeSettleMs = 300;

    explicit StudentsTab(AppContext &context, QWidget *parent = nullptr);
    ~StudentsTab() override;

    StudentTableModel *model() const { return m_model; }

public Q_SLOTS:
    // F5: reload what the tab shows.
    void refresh();

private:
    void buildActions();
    void buildLayout();
    void setUpView();
    void keepSortIndicatorHonest();
    void updateActions();
    void updateCount();

    void newStudent();
    void editCurrent();
    void openEditor(qint64 id);
    void confirmDelete();
    void deleteStudents(const QList<Student> &chosen);
    void importCsv();
    void exportCsv();

    QList<Student> selectedStudents() const;
    QList<qint64> selectedIds() const;
    void selectIds(const QList<qint64> &ids, qint64 current);
    void showStatus(const QString &text);
    void showLoadFailure(const Error &error);

    AppContext &m_context;
    StudentTableModel *m_model;
    StudentFilterBar *m_filter;
    QTableView *m_view;
    QLabel *m_count;
    QLabel *m_status;
    TaskProgress *m_progress;
    BackgroundJobs *m_jobs;
    QTimer *m_changeSettle;
    TaskCounter m_task;
    QAction *m_new = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_import = nullptr;
    QAction *m_export = nullptr;
};

} // namespace academy::app

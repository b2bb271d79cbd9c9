#pragma once

#include "error.h"
#include "student.h"
#include "student_query.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QList>
#include <optional>

namespace academy {
class StudentService;
}

namespace academy::app {

// The students table over StudentService, lazily: rowCount is the query's total and data()
// loads the page holding a row on demand into a small LRU cache, so 100,000 students scroll
// without being read at once. Filtering and sorting happen in the database (sort() maps a
// column onto the service's whitelisted sorts). No SQL here: the service does the querying.
class StudentTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        NameColumn,
        CourseColumn,
        GradeColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role
    {
        StudentIdRole = Qt::UserRole,
        VersionRole
    };
    static constexpr int PageSize = 200;
    static constexpr int CachedPages = 10;

    explicit StudentTableModel(StudentService &students, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The search, course and grade range of `filter` (its sort, limit and offset are ignored).
    void setFilter(const StudentQuery &filter);
    // The current filter and sort, for an export of "what the table shows".
    const StudentQuery &query() const { return m_query; }
    static bool isSortable(int column);
    int sortColumn() const;

    // The student on `row` (loading its page if needed); nullopt past the end or on error.
    std::optional<Student> studentAt(int row) const;
    // The row of a student whose page is loaded; -1 when it is not (no database round trip).
    int loadedRowOf(qint64 id) const;

public Q_SLOTS:
    // Re-reads the total and the pages in the cache; the row count grows or shrinks at the
    // end, every row reports changed. Views keep their scroll position.
    void refresh();

Q_SIGNALS:
    // A page could not be read; reported once until the next successful read.
    void loadFailed(const academy::Error &error) const;
    void totalChanged(qint64 total);

private:
    using Page = QList<Student>;

    const Page *page(qint64 number) const;
    Result<StudentPage> fetch(qint64 number) const;
    void resetWith(const StudentQuery &query);
    void applyTotal(qint64 total);
    void queueRefresh() const;
    QVariant display(const Student &student, int column) const;

    StudentService &m_students;
    StudentQuery m_query;
    qint64 m_total = 0;
    mutable QCache<qint64, Page> m_pages{CachedPages};
    mutable bool m_failed = false;
    mutable bool m_refreshQueued = false;
};

} // namespace academy::app

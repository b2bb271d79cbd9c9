#include "student_table_model.h"

#include "student_service.h"

#include <QLocale>
#include <limits>

namespace academy::app {

namespace {

std::optional<StudentSort> sortOf(int column)
{
    switch (column) {
    case StudentTableModel::IdColumn:
        return StudentSort::Id;
    case StudentTableModel::NameColumn:
        return StudentSort::Name;
    case StudentTableModel::CourseColumn:
        return StudentSort::Course;
    case StudentTableModel::GradeColumn:
        return StudentSort::Grade;
    case StudentTableModel::UpdatedColumn:
        return StudentSort::UpdatedAt;
    default:
        return std::nullopt; // not a column
    }
}

bool sameFilter(const StudentQuery &a, const StudentQuery &b)
{
    return a.search == b.search && a.course == b.course && a.minGrade == b.minGrade &&
           a.maxGrade == b.maxGrade;
}

} // namespace

StudentTableModel::StudentTableModel(StudentService &students, QObject *parent)
    : QAbstractTableModel(parent), m_students(students)
{
    resetWith(m_query);
}

int StudentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
}

int StudentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StudentTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount() ||
        index.column() >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == IdColumn || index.column() == GradeColumn;
        return QVariant::fromValue(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != StudentIdRole &&
        role != VersionRole)
        return {}; // nothing else needs a page read
    const Page *rows = page(index.row() / PageSize);
    const int offset = index.row() % PageSize;
    if (!rows || offset >= rows->size())
        return {}; // the table shrank since the count: the change feed brings the new one
    const Student &student = rows->at(offset);
    if (role == StudentIdRole)
        return student.id;
    if (role == VersionRole)
        return student.version;
    return display(student, index.column());
}

QVariant StudentTableModel::display(const Student &student, int column) const
{
    switch (column) {
    case IdColumn:
        return QString::number(student.id); // no group separators in an id
    case NameColumn:
        return student.name;
    case CourseColumn:
        return student.course;
    case GradeColumn:
        return QLocale().toString(student.grade, 'g', QLocale::FloatingPointShortest);
    case UpdatedColumn:
        return QLocale().toString(student.updatedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant StudentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("ID");
    case NameColumn:
        return tr("Name");
    case CourseColumn:
        return tr("Course");
    case GradeColumn:
        return tr("Grade");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

void StudentTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<StudentSort> sort = sortOf(column);
    if (!sort)
        return;
    StudentQuery query = m_query;
    query.sort = *sort;
    query.descending = order == Qt::DescendingOrder;
    if (query.sort != m_query.sort || query.descending != m_query.descending)
        resetWith(query);
}

bool StudentTableModel::isSortable(int column)
{
    return sortOf(column).has_value();
}

int StudentTableModel::sortColumn() const
{
    for (int column = 0; column < ColumnCount; ++column) {
        if (sortOf(column) == m_query.sort)
            return column;
    }
    return -1;
}

void StudentTableModel::setFilter(const StudentQuery &filter)
{
    if (sameFilter(filter, m_query))
        return;
    StudentQuery query = m_query;
    query.search = filter.search;
    query.course = filter.course;
    query.minGrade = filter.minGrade;
    query.maxGrade = filter.maxGrade;
    resetWith(query);
}

std::optional<Student> StudentTableModel::studentAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return std::nullopt;
    const Page *rows = page(row / PageSize);
    const int offset = row % PageSize;
    if (!rows || offset >= rows->size())
        return std::nullopt;
    return rows->at(offset);
}

int StudentTableModel::loadedRowOf(qint64 id) const
{
    const QList<qint64> numbers = m_pages.keys();
    for (qint64 number : numbers) {
        const Page *rows = m_pages.object(number);
        for (qsizetype i = 0; i < rows->size(); ++i) {
            if (rows->at(i).id == id && number * PageSize + i < rowCount())
                return int(number * PageSize + i);
        }
    }
    return -1;
}

void StudentTableModel::refresh()
{
    m_refreshQueued = false;
    m_failed = false;
    QList<qint64> numbers = m_pages.keys();
    if (numbers.isEmpty())
        numbers.append(0);
    m_pages.clear();
    std::optional<qint64> total;
    for (qint64 number : std::as_const(numbers)) {
        Result<StudentPage> fetched = fetch(number);
        if (!fetched) {
            m_failed = true;
            Q_EMIT loadFailed(fetched.error());
            break;
        }
        total = fetched->total;
        m_pages.insert(number, new Page(std::move(fetched.value().items)));
    }
    if (total)
        applyTotal(*total);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const StudentTableModel::Page *StudentTableModel::page(qint64 number) const
{
    if (const Page *cached = m_pages.object(number))
        return cached;
    if (m_failed)
        return nullptr; // no retry storm while painting; refresh() tries again
    Result<StudentPage> fetched = fetch(number);
    if (!fetched) {
        m_failed = true;
        Q_EMIT loadFailed(fetched.error());
        return nullptr;
    }
    if (fetched->total != m_total)
        queueRefresh(); // rows cannot be inserted from inside data()
    m_pages.insert(number, new Page(std::move(fetched.value().items)));
    return m_pages.object(number);
}

Result<StudentPage> StudentTableModel::fetch(qint64 number) const
{
    StudentQuery query = m_query;
    query.limit = PageSize;
    query.offset = number * PageSize;
    return m_students.list(query);
}

void StudentTableModel::resetWith(const StudentQuery &query)
{
    beginResetModel();
    m_query = query;
    m_pages.clear();
    m_failed = false;
    Result<StudentPage> first = fetch(0);
    m_total = first ? first->total : 0;
    if (first)
        m_pages.insert(0, new Page(std::move(first.value().items)));
    else
        m_failed = true;
    endResetModel();
    if (!first)
        Q_EMIT loadFailed(first.error());
    Q_EMIT totalChanged(m_total);
}

void StudentTableModel::applyTotal(qint64 total)
{
    const int before = rowCount();
    const int after = int(std::min<qint64>(total, std::numeric_limits<int>::max()));
    const bool changed = total != m_total;
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        m_total = total;
        endInsertRows();
    } else if (after < before) {
        beginRemoveRows({}, after, before - 1);
        m_total = total;
        endRemoveRows();
    }
    m_total = total;
    if (changed)
        Q_EMIT totalChanged(m_total);
}

void StudentTableModel::queueRefresh() const
{
    if (m_refreshQueued)
        return;
    m_refreshQueued = true;
    auto *self =
        const_cast<StudentTableModel *>(this); // refresh changes rows: never from inside data()
    QMetaObject::invokeMethod(self, &StudentTableModel::refresh, Qt::QueuedConnection);
}

} // namespace academy::app

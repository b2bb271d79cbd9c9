#include "student_repository.h"

#include "prepared_statements.h"
#include "sql_support.h"

#include <QSqlError>
#include <QSqlQuery>

namespace academy {

namespace {

const QString selectColumns = QStringLiteral(
    "SELECT id, name, course, grade, created_at, updated_at, version FROM students");

Student readStudent(const QSqlQuery &query)
{
    Student s;
    s.id = query.value(0).toLongLong();
    s.name = query.value(1).toString();
    s.course = query.value(2).toString();
    s.grade = query.value(3).toDouble();
    s.createdAt = fromStoredTime(query.value(4));
    s.updatedAt = fromStoredTime(query.value(5));
    s.version = query.value(6).toInt();
    return s;
}

// Sort columns come from this whitelist only, never from the request text.
QString orderBy(const StudentQuery &query)
{
    QString column;
    switch (query.sort) {
    case StudentSort::Id: column = QStringLiteral("id"); break;
    case StudentSort::Name: column = QStringLiteral("name_folded"); break;
    case StudentSort::Course: column = QStringLiteral("course_folded"); break;
    case StudentSort::Grade: column = QStringLiteral("grade"); break;
    case StudentSort::CreatedAt: column = QStringLiteral("created_at"); break;
    case StudentSort::UpdatedAt: column = QStringLiteral("updated_at"); break;
    }
    const QString direction = query.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QString order = QStringLiteral(" ORDER BY ") + column + direction;
    if (query.sort != StudentSort::Id)
        order += QStringLiteral(", id") + direction; // a stable order for paging
    return order;
}

struct Filter
{
    QString where;
    QVariantList bindings;
};

Filter buildFilter(const StudentQuery &query)
{
    QStringList conditions;
    Filter filter;
    if (!query.search.isEmpty()) {
        conditions << QStringLiteral("(name_folded LIKE ? ESCAPE '\\' OR course_folded LIKE ? ESCAPE '\\')");
        const QString pattern = containsPattern(foldForSearch(query.search));
        filter.bindings << pattern << pattern;
    }
    if (query.course) {
        conditions << QStringLiteral("course = ?");
        filter.bindings << *query.course;
    }
    if (query.minGrade) {
        conditions << QStringLiteral("grade >= ?");
        filter.bindings << *query.minGrade;
    }
    if (query.maxGrade) {
        conditions << QStringLiteral("grade <= ?");
        filter.bindings << *query.maxGrade;
    }
    if (!conditions.isEmpty())
        filter.where = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    return filter;
}

} // namespace

Result<Student> StudentRepository::get(qint64 id)
{
    static const QString sql = selectColumns + QStringLiteral(" WHERE id = ?");
    std::optional<Student> found;
    Status ran = runPrepared(m_db, sql, {id}, "get student", [&found](QSqlQuery &query) {
        if (query.next())
            found = readStudent(query);
    });
    if (!ran)
        return ran.error();
    if (!found)
        return Error::notFound(QStringLiteral("Student"));
    return *found;
}

Result<StudentPage> StudentRepository::list(const StudentQuery &query)
{
    const Filter filter = buildFilter(query);
    StudentPage page;
    Status counted = runPrepared(m_db, QStringLiteral("SELECT COUNT(*) FROM students") + filter.where,
                                 filter.bindings, "count students", [&page](QSqlQuery &rows) {
                                     page.total = rows.next() ? rows.value(0).toLongLong() : 0;
                                 });
    if (!counted)
        return counted.error();
    Result<QList<Student>> items = rows(query);
    if (!items)
        return items.error();
    page.items = std::move(items.value());
    return page;
}

Result<QList<Student>> StudentRepository::rows(const StudentQuery &query)
{
    const Filter filter = buildFilter(query);
    QVariantList bindings = filter.bindings;
    bindings << query.limit << query.offset;
    QList<Student> items;
    Status selected = runPrepared(m_db, selectColumns + filter.where + orderBy(query) + QStringLiteral(" LIMIT ? OFFSET ?"),
                                  bindings, "list students", [&items](QSqlQuery &rows) {
                                      while (rows.next())
                                          items.append(readStudent(rows));
                                  });
    if (!selected)
        return selected.error();
    return items;
}

Result<qint64> StudentRepository::count()
{
    Result<QSqlQuery> query = runQuery(m_db, QStringLiteral("SELECT COUNT(*) FROM students"), {},
                                       "count students");
    if (!query)
        return query.error();
    return query.value().next() ? query.value().value(0).toLongLong() : 0;
}

Result<QStringList> StudentRepository::courses(int limit)
{
    Result<QSqlQuery> query = runQuery(
        m_db, QStringLiteral("SELECT DISTINCT course FROM students ORDER BY course LIMIT ?"), {limit},
        "list courses");
    if (!query)
        return query.error();
    QStringList courses;
    while (query.value().next())
        courses.append(query.value().value(0).toString());
    return courses;
}

Result<Student> StudentRepository::insert(const StudentDraft &draft, const QDateTime &now)
{
    const qint64 stored = toStoredTime(now);
    std::optional<qint64> id;
    // Prepared once per connection: a create's statements run one after another on the
    // creation thread, and on PostgreSQL each fresh prepare and its deallocation are round
    // trips of their own.
    Status inserted = runPrepared(
        m_db,
        QStringLiteral("INSERT INTO students (name, course, grade, name_folded, course_folded, "
                       "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id"),
        {draft.name, draft.course, draft.grade, foldForSearch(draft.name), foldForSearch(draft.course), stored, stored},
        "insert student", [&id](QSqlQuery &query) {
            if (query.next())
                id = query.value(0).toLongLong();
        });
    if (!inserted)
        return inserted.error();
    if (!id)
        return Error::internal();
    Student student{*id, draft.name, draft.course, draft.grade, fromStoredTime(stored), fromStoredTime(stored), 1};
    return student;
}

Status StudentRepository::insertMany(const QList<StudentDraft> &drafts, const QDateTime &now)
{
    const qint64 stored = toStoredTime(now);
    QSqlQuery query(m_db);
    if (!query.prepare(QStringLiteral("INSERT INTO students (name, course, grade, name_folded, "
                                      "course_folded, created_at, updated_at, version) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, 1)")))
        return databaseError(query.lastError(), "prepare bulk insert");
    for (const StudentDraft &draft : drafts) {
        query.bindValue(0, draft.name);
        query.bindValue(1, draft.course);
        query.bindValue(2, draft.grade);
        query.bindValue(3, foldForSearch(draft.name));
        query.bindValue(4, foldForSearch(draft.course));
        query.bindValue(5, stored);
        query.bindValue(6, stored);
        if (!query.exec())
            return databaseError(query.lastError(), "bulk insert student");
    }
    return {};
}

Result<Student> StudentRepository::update(const Student &student, int expectedVersion,
                                          const QDateTime &now)
{
    // Prepared once per connection, as the insert: on PostgreSQL two round trips fewer.
    int changed = 0;
    Status updated = runPrepared(
        m_db,
        QStringLiteral("UPDATE students SET name = ?, course = ?, grade = ?, name_folded = ?, "
                       "course_folded = ?, updated_at = ?, version = version + 1 "
                       "WHERE id = ? AND version = ?"),
        {student.name, student.course, student.grade, foldForSearch(student.name),
         foldForSearch(student.course), toStoredTime(now), student.id, expectedVersion},
        "update student", [&changed](QSqlQuery &query) { changed = query.numRowsAffected(); });
    if (!updated)
        return updated.error();
    if (changed != 1) {
        Status why = staleOrMissing(student.id);
        return why.error();
    }
    return get(student.id);
}

Status StudentRepository::remove(qint64 id, std::optional<int> expectedVersion)
{
    int removed = 0;
    const auto count = [&removed](QSqlQuery &query) { removed = query.numRowsAffected(); };
    Status ran = expectedVersion
                     ? runPrepared(m_db, QStringLiteral("DELETE FROM students WHERE id = ? AND version = ?"),
                                   {id, *expectedVersion}, "delete student", count)
                     : runPrepared(m_db, QStringLiteral("DELETE FROM students WHERE id = ?"), {id},
                                   "delete student", count);
    if (!ran)
        return ran;
    if (removed != 1)
        return staleOrMissing(id);
    return {};
}

Status StudentRepository::staleOrMissing(qint64 id)
{
    Result<Student> current = get(id);
    if (!current)
        return current.error();
    return Error{ErrorCode::PreconditionFailed,
                 QStringLiteral("The student was changed by someone else (now version %1)")
                     .arg(current->version),
                 {}};
}

Status StudentRepository::forEach(const StudentQuery &query,
                                  const std::function<bool(const Student &)> &visit)
{
    constexpr int BatchSize = 1000;
    StudentQuery batch = query;
    batch.limit = BatchSize;
    for (batch.offset = 0;; batch.offset += BatchSize) {
        // Rows only: counting the whole filter again for every batch would make an export
        // of N students cost N/1000 extra scans.
        Result<QList<Student>> items = rows(batch);
        if (!items)
            return items.error();
        for (const Student &student : std::as_const(items.value())) {
            if (!visit(student))
                return {};
        }
        if (items->size() < BatchSize)
            return {};
    }
}

} // namespace academy

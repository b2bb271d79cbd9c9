#pragma once

#include "error.h"
#include "student.h"
#include "student_query.h"

#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <optional>

namespace academy {

// The only place that knows how students are stored. Runs on the connection it is given
// (the calling thread's); transactions are the caller's business.
class StudentRepository final
{
public:
    explicit StudentRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<Student> get(qint64 id);
    Result<StudentPage> list(const StudentQuery &query);
    // One page of matching students, without the total.
    Result<QList<Student>> rows(const StudentQuery &query);
    Result<qint64> count();
    // Each stored course once, in order, at most `limit` of them (a filter's choices).
    Result<QStringList> courses(int limit);
    Result<Student> insert(const StudentDraft &draft, const QDateTime &now);
    // Inserts every draft with one prepared statement; all or nothing when called inside
    // a write transaction, as StudentService does.
    Status insertMany(const QList<StudentDraft> &drafts, const QDateTime &now);
    // Writes name, course and grade of `student` if its stored version is still
    // `expectedVersion`; bumps the version. NotFound or PreconditionFailed otherwise.
    Result<Student> update(const Student &student, int expectedVersion, const QDateTime &now);
    // Deletes if the stored version matches (when one is expected).
    Status remove(qint64 id, std::optional<int> expectedVersion);
    // Visits every matching student in the query's order, ignoring limit and offset, in
    // batches; stops early when the visitor returns false.
    Status forEach(const StudentQuery &query, const std::function<bool(const Student &)> &visit);

private:
    Status staleOrMissing(qint64 id);

    QSqlDatabase m_db;
};

} // namespace academy

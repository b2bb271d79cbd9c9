#pragma once

#include "actor.h"
#include "database.h"
#include "error.h"
#include "student.h"
#include "student_cache.h"
#include "student_create_queue.h"
#include "student_import.h"
#include "student_query.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonObject>

#include <functional>
#include <memory>
#include <optional>

namespace academy {


enum class ImportMode { DryRun, Commit };

// Every rule about students, for the API and the desktop app alike: validation, storage and
// the audit entry of each write happen in one transaction, on the calling thread's connection.
class StudentService final
{
public:
    explicit StudentService(Database &database);
    ~StudentService();
    Q_DISABLE_COPY_MOVE(StudentService)

    // Hits and misses of the read cache (see StudentCache).
    const StudentCache &cache() const { return m_cache; }

    Result<Student> get(qint64 id);
    // InvalidQuery when the query breaks the contract (limit 1..1000, offset >= 0, grades).
    Result<StudentPage> list(const StudentQuery &query);
    // The distinct courses, in order, for a course filter: at most MaxCourses of them, so
    // a list box stays usable however the data grows.
    static constexpr int MaxCourses = 1000;
    Result<QStringList> courses();

    // Validates now; a valid student is written with whatever other creations are queued
    // (group commit, see StudentCreateQueue) and `done` runs on the writing thread after the
    // commit. An invalid one gets `done` at once, on the calling thread.
    void createLater(const Actor &actor, const QJsonObject &body,
                     std::function<void(const Result<CreatedStudent> &)> done);
    // The same, waiting for the outcome.
    Result<CreatedStudent> create(const Actor &actor, const QJsonObject &body);
    // Returns once every creation submitted so far has been written and its `done` has run.
    void waitForCreations();
    // PUT: name and course required, grade kept when absent.
    Result<Student> replace(const Actor &actor, qint64 id, const QJsonObject &body,
                            std::optional<int> expectedVersion);
    // PATCH: any subset of the fields.
    Result<Student> patch(const Actor &actor, qint64 id, const QJsonObject &body,
                          std::optional<int> expectedVersion);
    Status remove(const Actor &actor, qint64 id, std::optional<int> expectedVersion);

    // All or nothing; the number of students imported (or that would be, for a dry run).
    Result<int> importCsv(const Actor &actor, const QByteArray &csv, ImportMode mode);
    Result<int> importJson(const Actor &actor, const QJsonArray &array, ImportMode mode);

    // Streams the matching students as CSV (header first) to `write`, in the query's order,
    // ignoring limit and offset; stops when `write` returns false.
    Status exportCsv(const StudentQuery &query, const std::function<bool(const QByteArray &)> &write);

private:
    Result<Student> update(const Actor &actor, qint64 id, const QJsonObject &body,
                           StudentWriteMode mode, std::optional<int> expectedVersion);
    Result<int> import(const Actor &actor, const ImportPlan &plan, ImportMode mode);
    QList<Result<CreatedStudent>> writeCreations(const QList<StudentCreation> &group);
    Result<QList<CreatedStudent>> insertTogether(const QList<StudentCreation> &group);

    Database &m_database;
    StudentCache m_cache;
    QMetaObject::Connection m_changes; // cut when this service goes
    std::unique_ptr<StudentCreateQueue> m_creates;
};

} // namespace academy

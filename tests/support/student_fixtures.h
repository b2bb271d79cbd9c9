#pragma once

#include "audit_repository.h"
#include "student_repository.h"
#include "student_service.h"
#include "testsupport.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace academy::test {

// Who the service tests act as: an audit entry must name this user and address.
extern const Actor ServiceActor;

// A student's fields as a client sends them.
QJsonObject studentFields(const QString &name, const QString &course, std::optional<double> grade = std::nullopt);

QStringList namesOf(const QList<Student> &students);
QList<qint64> idsOf(const QList<Student> &students);

// The time the repository tests write at, unless a test says otherwise.
extern const QDateTime RepositoryMorning;

// What StudentRepository's tests share: the repository on a fresh database of the current
// engine, over the calling thread's connection.
class StudentRepositoryFixture
{
protected:
    // Fails the current test (and returns false) when the database cannot be created or opened.
    bool openDatabase(Engine engine);
    void closeDatabase() { m_db.reset(); }
    // A new Database object on the same data: it sees only what was committed.
    void reopenDatabase() { m_db->reopen(); }

    Database &database() { return m_db->database(); }
    StudentRepository repository();
    // Inserts and returns the new id (0 after a failed check).
    qint64 add(const QString &name, const QString &course, double grade, const QDateTime &now = RepositoryMorning);
    QList<qint64> allIds();

private:
    std::unique_ptr<TestDatabase> m_db;
};

// What StudentService's tests share: the service on a fresh database of the current engine
// (the "engine" column of addEngineRows), and reading back what it stored.
class StudentServiceFixture
{
protected:
    // Fails the current test (and returns false) when the database cannot be created.
    bool openDatabase(Engine engine);
    void closeDatabase() { m_db.reset(); }

    Database &database() { return m_db->database(); }
    StudentService service() { return StudentService(m_db->database()); }
    // Creates through the service and returns the student (a failed check leaves id 0).
    Student add(const QString &name, const QString &course, double grade);
    QList<Student> allStudents();
    QList<AuditEntry> auditEntries();

private:
    std::unique_ptr<TestDatabase> m_db;
};

} // namespace academy::test

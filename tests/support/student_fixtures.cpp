#include "student_fixtures.h"

#include <QTest>

namespace academy::test {

const Actor ServiceActor{42, QStringLiteral("192.0.2.7")};

QJsonObject studentFields(const QString &name, const QString &course, std::optional<double> grade)
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("course"), course}};
    if (grade)
        body.insert(QStringLiteral("grade"), *grade);
    return body;
}

QStringList namesOf(const QList<Student> &students)
{
    QStringList names;
    for (const Student &s : students)
        names.append(s.name);
    return names;
}

QList<qint64> idsOf(const QList<Student> &students)
{
    QList<qint64> ids;
    for (const Student &s : students)
        ids.append(s.id);
    return ids;
}

const QDateTime RepositoryMorning(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC);

bool StudentRepositoryFixture::openDatabase(Engine engine)
{
    m_db = TestDatabase::create(engine);
    if (!m_db)
        return false;
    const Result<QSqlDatabase> db = m_db->database().connection();
    if (!db)
        QTest::qFail(qPrintable(db.error().message), __FILE__, __LINE__);
    return bool(db);
}

StudentRepository StudentRepositoryFixture::repository()
{
    return StudentRepository(m_db->database().connection().value());
}

qint64 StudentRepositoryFixture::add(const QString &name, const QString &course, double grade, const QDateTime &now)
{
    const Result<Student> inserted = repository().insert({name, course, grade}, now);
    if (!inserted) {
        QTest::qFail(qPrintable(inserted.error().message), __FILE__, __LINE__);
        return 0;
    }
    return inserted->id;
}

QList<qint64> StudentRepositoryFixture::allIds()
{
    StudentQuery query;
    query.limit = StudentQuery::MaxLimit;
    const Result<StudentPage> page = repository().list(query);
    return page ? idsOf(page->items) : QList<qint64>{-1};
}

bool StudentServiceFixture::openDatabase(Engine engine)
{
    m_db = TestDatabase::create(engine);
    return m_db != nullptr;
}

Student StudentServiceFixture::add(const QString &name, const QString &course, double grade)
{
    const Result<CreatedStudent> created = service().create(ServiceActor, studentFields(name, course, grade));
    if (!created) {
        QTest::qFail(qPrintable(created.error().message), __FILE__, __LINE__);
        return {};
    }
    return created->student;
}

QList<Student> StudentServiceFixture::allStudents()
{
    StudentQuery query;
    query.limit = StudentQuery::MaxLimit;
    const Result<StudentPage> page = service().list(query);
    if (!page) {
        QTest::qFail(qPrintable(page.error().message), __FILE__, __LINE__);
        return {};
    }
    return page->items;
}

QList<AuditEntry> StudentServiceFixture::auditEntries()
{
    const Result<QSqlDatabase> db = m_db->database().connection();
    if (!db) {
        QTest::qFail(qPrintable(db.error().message), __FILE__, __LINE__);
        return {};
    }
    AuditQuery query;
    query.limit = 1000;
    const Result<AuditPage> page = AuditRepository(db.value()).list(query);
    if (!page) {
        QTest::qFail(qPrintable(page.error().message), __FILE__, __LINE__);
        return {};
    }
    return page->items;
}

} // namespace academy::test

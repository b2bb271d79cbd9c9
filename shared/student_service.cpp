#include "student_service.h"

#include "audit_repository.h"
#include "csv.h"
#include "sql_support.h"
#include "student_repository.h"
#include "transaction.h"
#include "validation.h"

#include <QLocale>

#include <future>

namespace academy {

namespace {

Error invalidQuery(const QString &field, const QString &message)
{
    return {ErrorCode::InvalidQuery, QStringLiteral("Invalid query parameter: %1 %2").arg(field, message),
            {{field, message}}};
}

Status checkQuery(const StudentQuery &query)
{
    if (query.limit < 1 || query.limit > StudentQuery::MaxLimit)
        return invalidQuery(QStringLiteral("limit"), QStringLiteral("must be from 1 to %1").arg(StudentQuery::MaxLimit));
    if (query.offset < 0)
        return invalidQuery(QStringLiteral("offset"), QStringLiteral("must not be negative"));
    if (query.minGrade && !isValidGrade(*query.minGrade))
        return invalidQuery(QStringLiteral("minGrade"), gradeMessage());
    if (query.maxGrade && !isValidGrade(*query.maxGrade))
        return invalidQuery(QStringLiteral("maxGrade"), gradeMessage());
    return {};
}

AuditEntry studentAudit(const Actor &actor, const QString &action, qint64 id)
{
    AuditEntry entry;
    entry.time = currentTime();
    entry.userId = actor.userId;
    entry.address = actor.address;
    entry.action = action;
    entry.entity = QStringLiteral("student");
    entry.entityId = id > 0 ? QString::number(id) : QString();
    return entry;
}

// Whether the changes would leave the student as it is (PATCH {}, or a form saved untouched).
bool changesNothing(const Student &student, const StudentChanges &changes)
{
    return (!changes.name || *changes.name == student.name) && (!changes.course || *changes.course == student.course)
           && (!changes.grade || *changes.grade == student.grade);
}

void applyChanges(Student &student, const StudentChanges &changes)
{
    if (changes.name)
        student.name = *changes.name;
    if (changes.course)
        student.course = *changes.course;
    if (changes.grade)
        student.grade = *changes.grade;
}

// Which students a query matches, whatever their order and page: the key of its total.
QString filterKey(const StudentQuery &query)
{
    const auto number = [](const std::optional<double> &value) {
        return value ? QString::number(*value, 'g', 17) : QStringLiteral("-");
    };
    // Texts carry their length, so that no search or course can spell another filter's key.
    const auto text = [](const QString &value) { return QString::number(value.size()) + QLatin1Char(':') + value; };
    return text(query.search) + QLatin1Char('|') + (query.course ? text(*query.course) : QStringLiteral("-"))
           + QLatin1Char('|') + number(query.minGrade) + QLatin1Char('|') + number(query.maxGrade);
}

} // namespace

StudentService::StudentService(Database &database)
    : m_database(database)
{
    // Writes here and on other instances (NOTIFY, or SQLite's change counters) reach every
    // StudentService at once.
    m_changes = QObject::connect(&database.changes(), &ChangeFeed::changed, &database.changes(),
                     [this](const QString &topic, const QString &id) {
                         if (topic != QLatin1String("student"))
                             return;
                         if (id == QLatin1String("*"))
                             m_cache.clear();
                         else
                             m_cache.forget(id.toLongLong());
                     },
                     Qt::DirectConnection);
    m_creates = std::make_unique<StudentCreateQueue>(
        database, [this](const QList<StudentCreation> &group) { return writeCreations(group); });
}

void StudentService::waitForCreations()
{
    m_creates->waitUntilAnswered();
}

StudentService::~StudentService()
{
    m_creates.reset(); // answers the creations still queued while the cache is alive
    QObject::disconnect(m_changes);
}

Result<Student> StudentService::get(qint64 id)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (std::optional<Student> cached = m_cache.find(id, now))
        return *cached;
    const quint64 generation = m_cache.generation();
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    Result<Student> student = StudentRepository(db.value()).get(id);
    if (student)
        m_cache.store(student.value(), generation, now);
    return student;
}

Result<StudentPage> StudentService::list(const StudentQuery &query)
{
    if (Status valid = checkQuery(query); !valid)
        return valid.error();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString filter = filterKey(query);
    // A known total: the page alone, one statement (the cache forgets every total at each
    // write, so it and the page agree as a transaction would make them).
    if (std::optional<qint64> total = m_cache.findTotal(filter, now)) {
        Result<QSqlDatabase> db = m_database.connection();
        if (!db)
            return db.error();
        Result<QList<Student>> items = StudentRepository(db.value()).rows(query);
        if (!items)
            return items.error();
        return StudentPage{std::move(items.value()), *total};
    }
    const quint64 generation = m_cache.generation();
    Transaction transaction(m_database, Transaction::Kind::Read); // count and rows agree
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    Result<StudentPage> page = StudentRepository(transaction.connection()).list(query);
    if (page)
        m_cache.storeTotal(filter, page->total, generation, now);
    return page;
}

Result<QStringList> StudentService::courses()
{
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    return StudentRepository(db.value()).courses(MaxCourses);
}

void StudentService::createLater(const Actor &actor, const QJsonObject &body,
                                 std::function<void(const Result<CreatedStudent> &)> done)
{
    Result<StudentChanges> changes = validateStudent(body, StudentWriteMode::Create);
    if (!changes) {
        done(changes.error());
        return;
    }
    StudentDraft draft{*changes->name, *changes->course, changes->grade.value_or(0)};
    m_creates->submit(StudentCreation{actor, std::move(draft), std::move(done)});
}

Result<CreatedStudent> StudentService::create(const Actor &actor, const QJsonObject &body)
{
    auto outcome = std::make_shared<std::promise<Result<CreatedStudent>>>();
    std::future<Result<CreatedStudent>> waited = outcome->get_future();
    createLater(actor, body, [outcome](const Result<CreatedStudent> &created) { outcome->set_value(created); });
    return waited.get();
}

QList<Result<CreatedStudent>> StudentService::writeCreations(const QList<StudentCreation> &group)
{
    QList<Result<CreatedStudent>> outcomes;
    Result<QList<CreatedStudent>> together = insertTogether(group);
    if (together) {
        for (const CreatedStudent &created : std::as_const(together.value()))
            outcomes.append(created);
    } else if (group.size() == 1) {
        outcomes.append(together.error());
    } else {
        // One failure must not fail the others: each on its own, as without grouping.
        for (const StudentCreation &creation : group) {
            Result<QList<CreatedStudent>> alone = insertTogether({creation});
            outcomes.append(alone ? Result<CreatedStudent>(alone->first()) : Result<CreatedStudent>(alone.error()));
        }
    }
    return outcomes;
}

Result<QList<CreatedStudent>> StudentService::insertTogether(const QList<StudentCreation> &group)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    StudentRepository students(transaction.connection());
    AuditRepository audits(transaction.connection());
    // Counted once: inside the write transaction the group's own inserts are the only
    // change, so the i-th creation sees before + i + 1 students.
    Result<qint64> before = students.count();
    if (!before)
        return before.error();
    const QDateTime now = currentTime();
    QList<CreatedStudent> created;
    for (const StudentCreation &creation : group) {
        Result<Student> student = students.insert(creation.draft, now);
        if (!student)
            return student.error();
        AuditEntry audit = studentAudit(creation.actor, QStringLiteral("create"), student->id);
        audit.after = student->toJson();
        if (Status logged = audits.append(audit); !logged)
            return logged.error();
        if (Status told = transaction.announce(QStringLiteral("student"), QString::number(student->id)); !told)
            return told.error();
        created.append(CreatedStudent{student.value(), before.value() + created.size() + 1});
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return created;
}

Result<Student> StudentService::replace(const Actor &actor, qint64 id, const QJsonObject &body,
                                        std::optional<int> expectedVersion)
{
    return update(actor, id, body, StudentWriteMode::Replace, expectedVersion);
}

Result<Student> StudentService::patch(const Actor &actor, qint64 id, const QJsonObject &body,
                                      std::optional<int> expectedVersion)
{
    return update(actor, id, body, StudentWriteMode::Patch, expectedVersion);
}

Result<Student> StudentService::update(const Actor &actor, qint64 id, const QJsonObject &body,
                                       StudentWriteMode mode, std::optional<int> expectedVersion)
{
    Result<StudentChanges> changes = validateStudent(body, mode);
    if (!changes)
        return changes.error();
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    StudentRepository students(transaction.connection());
    Result<Student> before = students.get(id);
    if (!before)
        return before.error();
    if (expectedVersion && *expectedVersion != before->version)
        return Error{ErrorCode::PreconditionFailed,
                     QStringLiteral("The student was changed by someone else (now version %1)").arg(before->version), {}};
    // Nothing to write: no new version, no audit entry of a change that did not happen.
    if (changesNothing(before.value(), changes.value()))
        return before;
    Student student = before.value();
    applyChanges(student, changes.value());
    Result<Student> after = students.update(student, before->version, currentTime());
    if (!after)
        return after.error();
    AuditEntry audit = studentAudit(actor, QStringLiteral("update"), id);
    audit.before = before->toJson();
    audit.after = after->toJson();
    if (Status logged = AuditRepository(transaction.connection()).append(audit); !logged)
        return logged.error();
    if (Status told = transaction.announce(QStringLiteral("student"), QString::number(id)); !told)
        return told.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return after;
}

Status StudentService::remove(const Actor &actor, qint64 id, std::optional<int> expectedVersion)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    StudentRepository students(transaction.connection());
    Result<Student> before = students.get(id);
    if (!before)
        return before.error();
    if (Status removed = students.remove(id, expectedVersion); !removed)
        return removed;
    AuditEntry audit = studentAudit(actor, QStringLiteral("delete"), id);
    audit.before = before->toJson();
    if (Status logged = AuditRepository(transaction.connection()).append(audit); !logged)
        return logged;
    if (Status told = transaction.announce(QStringLiteral("student"), QString::number(id)); !told)
        return told;
    return transaction.commit();
}

Result<int> StudentService::importCsv(const Actor &actor, const QByteArray &csv, ImportMode mode)
{
    return import(actor, planCsvImport(csv), mode);
}

Result<int> StudentService::importJson(const Actor &actor, const QJsonArray &array, ImportMode mode)
{
    return import(actor, planJsonImport(array), mode);
}

Result<int> StudentService::import(const Actor &actor, const ImportPlan &plan, ImportMode mode)
{
    if (!plan.ok())
        return importError(plan);
    const int count = int(plan.drafts.size());
    if (mode == ImportMode::DryRun)
        return count;
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    if (Status inserted = StudentRepository(transaction.connection()).insertMany(plan.drafts, currentTime()); !inserted)
        return inserted.error();
    AuditEntry audit = studentAudit(actor, QStringLiteral("import"), 0);
    audit.after = QJsonObject{{QStringLiteral("imported"), count}};
    if (Status logged = AuditRepository(transaction.connection()).append(audit); !logged)
        return logged.error();
    if (Status told = transaction.announce(QStringLiteral("student"), QStringLiteral("*")); !told) // many at once
        return told.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return count;
}

Status StudentService::exportCsv(const StudentQuery &query, const std::function<bool(const QByteArray &)> &write)
{
    Transaction transaction(m_database, Transaction::Kind::Read); // one consistent snapshot
    if (Status begun = transaction.begin(); !begun)
        return begun;
    const QStringList header{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("course"),
                             QStringLiteral("grade"), QStringLiteral("createdAt"),
                             QStringLiteral("updatedAt"), QStringLiteral("version")};
    if (!write(csvRecord(header)))
        return {};
    return StudentRepository(transaction.connection()).forEach(query, [&](const Student &s) {
        // Shortest exact form: the default six digits would turn 66.666666666666671 into 66.6667.
        const QString grade = QString::number(s.grade, 'g', QLocale::FloatingPointShortest);
        return write(csvRecord({QString::number(s.id), s.name, s.course, grade,
                                formatTimestamp(s.createdAt), formatTimestamp(s.updatedAt),
                                QString::number(s.version)}));
    });
}

} // namespace academy

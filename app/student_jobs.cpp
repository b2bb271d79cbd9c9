#include "student_jobs.h"

#include "student_service.h"

#include <QObject>
#include <QSaveFile>

namespace academy::app {

namespace {

Error fileError(const QString &path)
{
    return {ErrorCode::Internal,
            QObject::tr("The file %1 cannot be written: check the folder exists, you may write to "
                        "it and the disk is not full.")
                .arg(path),
            {}};
}

} // namespace

ExportOutcome exportStudents(StudentService &students, const StudentQuery &query,
                             const QString &path, const TaskCounter &counter)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {fileError(path)};
    bool writeFailed = false;
    qint64 records = 0;
    Status status = students.exportCsv(query, [&](const QByteArray &record) {
        if (counter.cancel->load())
            return false;
        if (file.write(record) != record.size()) {
            writeFailed = true;
            return false;
        }
        counter.done->store(++records - 1); // the first record is the header
        return true;
    });
    const qint64 exported = std::max<qint64>(records - 1, 0);
    if (!status || writeFailed || counter.cancel->load()) {
        file.cancelWriting();
        if (!status)
            return {status};
        return {writeFailed ? Status(fileError(path)) : Status(), exported, !writeFailed};
    }
    if (!file.commit())
        return {fileError(path)};
    return {Status(), exported};
}

RemovalOutcome removeStudents(StudentService &students, const Actor &actor,
                              const QList<Student> &chosen, const TaskCounter &counter)
{
    RemovalOutcome outcome;
    for (const Student &student : chosen) {
        if (counter.cancel->load())
            break;
        Status removed = students.remove(actor, student.id, student.version);
        if (removed)
            ++outcome.removed;
        else if (removed.error().code != ErrorCode::NotFound) // already gone is what was asked
            outcome.failures.append({student.name, removed.error().message});
        counter.done->fetch_add(1);
    }
    return outcome;
}

} // namespace academy::app

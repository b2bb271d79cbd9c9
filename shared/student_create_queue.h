#pragma once

#include "actor.h"
#include "database.h"
#include "error.h"
#include "student.h"

#include <QList>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <functional>
#include <memory>

namespace academy {

struct CreatedStudent
{
    Student student;
    qint64 totalStudents = 0;
};

// One student to create, and who waits for the outcome (called on the queue's thread).
struct StudentCreation
{
    Actor actor;
    StudentDraft draft;
    std::function<void(const Result<CreatedStudent> &)> done;
};

// Group commit for student creation. One thread takes everything that queued while the
// previous group was being made durable and hands it to `write` as one group: one
// transaction, one fsync, however many clients are waiting. Each creation is answered only
// after its group committed, so every acknowledged write is durable; the serving threads
// never wait for the disk.
class StudentCreateQueue final
{
public:
    static constexpr qsizetype MaxGroup = 256;
    // Writes a group and returns one outcome per creation, in order.
    using WriteGroup = std::function<QList<Result<CreatedStudent>>(const QList<StudentCreation> &)>;

    StudentCreateQueue(Database &database, WriteGroup write);
    ~StudentCreateQueue(); // answers everything queued, then stops
    Q_DISABLE_COPY_MOVE(StudentCreateQueue)

    void submit(StudentCreation creation);
    // Returns once everything submitted so far has been written and answered (every `done`
    // has returned). For a server stopping: the answers go to its serving threads.
    void waitUntilAnswered();

private:
    void run();

    Database &m_database;
    WriteGroup m_write;
    QMutex m_lock;
    QWaitCondition m_wake;
    QWaitCondition m_answered;
    QList<StudentCreation> m_queue;
    bool m_writing = false; // a group taken from the queue is not answered yet
    bool m_stopping = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace academy

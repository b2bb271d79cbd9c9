#include "student_create_queue.h"

namespace academy {

StudentCreateQueue::StudentCreateQueue(Database &database, WriteGroup write)
    : m_database(database), m_write(std::move(write))
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("academy-creates"));
    m_thread->start();
}

StudentCreateQueue::~StudentCreateQueue()
{
    {
        QMutexLocker locker(&m_lock);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

void StudentCreateQueue::submit(StudentCreation creation)
{
    QMutexLocker locker(&m_lock);
    m_queue.append(std::move(creation));
    m_wake.wakeOne();
}

void StudentCreateQueue::waitUntilAnswered()
{
    QMutexLocker locker(&m_lock);
    while (m_writing || !m_queue.isEmpty())
        m_answered.wait(&m_lock);
}

void StudentCreateQueue::run()
{
    for (;;) {
        QList<StudentCreation> group;
        {
            QMutexLocker locker(&m_lock);
            while (m_queue.isEmpty() && !m_stopping)
                m_wake.wait(&m_lock);
            if (m_queue.isEmpty())
                break; // stopping, and nothing left to answer
            const qsizetype count = qMin(MaxGroup, m_queue.size());
            group = m_queue.mid(0, count);
            m_queue.remove(0, count);
            m_writing = true;
        }
        const QList<Result<CreatedStudent>> outcomes = m_write(group);
        for (qsizetype i = 0; i < group.size(); ++i)
            group[i].done(i < outcomes.size() ? outcomes.at(i) : Result<CreatedStudent>(Error::internal()));
        QMutexLocker locker(&m_lock);
        m_writing = false;
        if (m_queue.isEmpty())
            m_answered.wakeAll();
    }
    m_database.releaseThisThread();
}

} // namespace academy

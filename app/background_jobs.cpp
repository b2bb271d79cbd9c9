#include "background_jobs.h"

#include "database.h"

#include <QThread>

namespace academy::app {

BackgroundJobs::BackgroundJobs(Database &database, QObject *parent)
    : QObject(parent), m_database(database)
{
}

BackgroundJobs::~BackgroundJobs()
{
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void BackgroundJobs::start(std::function<void()> work, std::function<void()> done)
{
    Database &database = m_database;
    QThread *thread = QThread::create([&database, work = std::move(work)] {
        work();
        database.releaseThisThread();
    });
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread, done = std::move(done)] {
        m_threads.removeOne(thread);
        thread->deleteLater();
        done();
    });
    thread->start();
}

} // namespace academy::app

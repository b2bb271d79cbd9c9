#include "request_log.h"

#include "background_priority.h"
#include "request_log_repository.h"
#include "sql_support.h"
#include "transaction.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRequestLog, "academy.http.requestlog")

namespace academy::http {

namespace {
constexpr qint64 PruneEveryMs = 3600 * 1000;
}

RequestLog::RequestLog(Database &database, int retentionDays)
    : m_database(database), m_retentionDays(retentionDays)
{
    m_ring.reserve(RingSize);
    m_writer.reset(QThread::create([this] { writerLoop(); }));
    m_writer->setObjectName(QStringLiteral("academy-requestlog"));
    m_writer->start();
}

RequestLog::~RequestLog()
{
    {
        QMutexLocker locker(&m_lock);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_writer->wait();
}

void RequestLog::record(const RequestLogEntry &entry)
{
    QList<std::shared_ptr<LogSubscription>> subscribers;
    bool droppedNow = false;
    {
        QMutexLocker locker(&m_lock);
        if (m_ring.size() < RingSize) {
            m_ring.append(entry);
        } else {
            m_ring[m_ringOldest] = entry;
            m_ringOldest = (m_ringOldest + 1) % RingSize;
        }
        if (m_unwritten.size() >= MaxUnwritten) {
            m_unwritten.dequeue();
            droppedNow = true;
        }
        m_unwritten.enqueue(entry);
        if (m_unwritten.size() >= BatchSize)
            m_wake.wakeOne();
        subscribers = m_subscribers;
    }
    if (droppedNow && (++m_dropped % 1000) == 1)
        qCWarning(lcRequestLog) << "request log writer is behind; dropped" << m_dropped.load() << "entries so far";
    for (const auto &subscriber : std::as_const(subscribers))
        subscriber->push(entry);
}

QList<RequestLogEntry> RequestLog::recent(qsizetype max) const
{
    QMutexLocker locker(&m_lock);
    const qsizetype count = qBound<qsizetype>(0, max, m_ring.size());
    QList<RequestLogEntry> newest;
    newest.reserve(count);
    for (qsizetype i = m_ring.size() - count; i < m_ring.size(); ++i)
        newest.append(m_ring.at((m_ringOldest + i) % m_ring.size()));
    return newest;
}

std::shared_ptr<LogSubscription> RequestLog::subscribe(qsizetype capacity, std::function<void()> wake)
{
    auto subscription = std::make_shared<LogSubscription>(capacity, std::move(wake));
    QMutexLocker locker(&m_lock);
    m_subscribers.append(subscription);
    return subscription;
}

void RequestLog::unsubscribe(const std::shared_ptr<LogSubscription> &subscription)
{
    QMutexLocker locker(&m_lock);
    m_subscribers.removeAll(subscription);
}

void RequestLog::flush()
{
    QMutexLocker locker(&m_lock);
    m_wake.wakeOne();
    while (!m_unwritten.isEmpty() || m_writing > 0)
        m_drained.wait(&m_lock, QDeadlineTimer(1000));
}

QList<RequestLogEntry> RequestLog::takeBatch(bool *stop)
{
    QMutexLocker locker(&m_lock);
    if (m_unwritten.size() < BatchSize && !m_stopping)
        m_wake.wait(&m_lock, QDeadlineTimer(BatchIntervalMs));
    *stop = m_stopping && m_unwritten.isEmpty();
    const qsizetype count = qMin(BatchSize, m_unwritten.size());
    QList<RequestLogEntry> batch(m_unwritten.cbegin(), m_unwritten.cbegin() + count);
    m_unwritten.remove(0, count);
    m_writing = count;
    if (count == 0)
        m_drained.wakeAll();
    return batch;
}

void RequestLog::writerLoop()
{
    runBelowServingThreads(BackgroundWork::Writing);
    QElapsedTimer sincePrune;
    prune();
    sincePrune.start();
    for (bool stop = false; !stop;) {
        const QList<RequestLogEntry> batch = takeBatch(&stop);
        if (!batch.isEmpty())
            write(batch);
        QMutexLocker locker(&m_lock);
        m_writing = 0;
        if (m_unwritten.isEmpty())
            m_drained.wakeAll();
        locker.unlock();
        if (sincePrune.elapsed() > PruneEveryMs) {
            prune();
            sincePrune.restart();
        }
    }
    m_database.releaseThisThread();
}

void RequestLog::write(const QList<RequestLogEntry> &batch)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    Status done = transaction.begin();
    if (done)
        done = RequestLogRepository(transaction.connection()).append(batch);
    if (done)
        done = transaction.commit();
    if (!done) {
        // The batch is lost, and counted: holding it would let a dead database grow memory.
        m_dropped += quint64(batch.size());
        if (!m_writerFailing.exchange(true))
            qCWarning(lcRequestLog).noquote() << "cannot write the request log:" << done.error().message;
        return;
    }
    m_writerFailing = false;
    m_written += quint64(batch.size());
}

void RequestLog::prune()
{
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return;
    Result<qint64> pruned = RequestLogRepository(db.value()).prune(currentTime().addDays(-m_retentionDays));
    if (pruned && pruned.value() > 0)
        qCInfo(lcRequestLog) << "pruned" << pruned.value() << "request log entries older than" << m_retentionDays << "days";
}

} // namespace academy::http

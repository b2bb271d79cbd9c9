#include "request_log.h"

#include "background_priority.h"
#include "request_log_records.h"
#include "request_log_repository.h"
#include "sql_support.h"
#include "transaction.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRequestLog, "academy.http.requestlog")

namespace academy::http {

namespace {

constexpr qint64 PruneEveryMs = 3600 * 1000;
constexpr int IdleWaitMs = 1000; // record() wakes an idle collector; this is only a safety net

std::atomic<quint64> nextSerial{1};

// The inbox this thread used last, and the log it belongs to (by serial: a log created later
// at the same address is another log).
struct LastInbox
{
    quint64 serial = 0;
    void *inbox = nullptr;
};
thread_local LastInbox lastInbox;

} // namespace

RequestLog::RequestLog(Database &database, int retentionDays)
    : m_database(database), m_retentionDays(retentionDays), m_serial(nextSerial++),
      m_streams(database.engine() == Engine::PostgreSQL)
{
    m_writer.reset(QThread::create([this] { writerLoop(); }));
    m_writer->setObjectName(QStringLiteral("academy-requestlog"));
    m_writer->start();
    m_collector.reset(QThread::create([this] { collectorLoop(); }));
    m_collector->setObjectName(QStringLiteral("academy-logcollect"));
    m_collector->start();
}

RequestLog::~RequestLog()
{
    {
        QMutexLocker locker(&m_collectorLock);
        m_collectorStopping = true;
        m_collectorWake.wakeAll();
    }
    m_collector->wait(); // its last collect hands everything to the writer
    {
        QMutexLocker locker(&m_lock);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_writer->wait();
}

RequestLog::Inbox &RequestLog::inboxOfThisThread()
{
    if (lastInbox.serial == m_serial)
        return *static_cast<Inbox *>(lastInbox.inbox);
    QMutexLocker locker(&m_inboxesLock);
    std::unique_ptr<Inbox> &inbox = m_inboxes[QThread::currentThreadId()];
    if (!inbox)
        inbox = std::make_unique<Inbox>();
    lastInbox = {m_serial, inbox.get()};
    return *inbox;
}

void RequestLog::record(const RequestLogEntry &entry)
{
    Inbox &inbox = inboxOfThisThread();
    bool full = false;
    {
        QMutexLocker locker(&inbox.lock);
        // Only a collector that stopped running fills an inbox; the newest are lost then.
        full = inbox.records.size() >= MaxInboxBytes;
        if (!full)
            appendRecord(inbox.records, m_sequence.fetch_add(1, std::memory_order_relaxed), entry);
    }
    if (full)
        countDropped(1);
    if (m_collectorIdle.load()) {
        QMutexLocker locker(&m_collectorLock);
        m_collectorWake.wakeOne();
    }
}

void RequestLog::forwardTo(Forward forward)
{
    QMutexLocker locker(&m_lock);
    m_forward = std::move(forward);
}

void RequestLog::collectorLoop()
{
    runBelowServingThreads(BackgroundWork::Writing);
    for (;;) {
        const bool collected = collect();
        QMutexLocker locker(&m_collectorLock);
        if (m_collectorStopping)
            break;
        if (collected) {
            m_collectorWake.wait(&m_collectorLock, QDeadlineTimer(CollectEveryMs));
            continue;
        }
        // Nothing came: sleep until record() sees the flag. Set before the last look, so an
        // entry recorded after that look finds it set and wakes us.
        m_collectorIdle = true;
        if (inboxesEmpty())
            m_collectorWake.wait(&m_collectorLock, QDeadlineTimer(IdleWaitMs));
        m_collectorIdle = false;
    }
    collect(); // what came in while stopping
}

bool RequestLog::collect()
{
    QMutexLocker collecting(&m_collectLock);
    // Every sequence number below this one belongs to a record already in its inbox: a thread
    // takes its number and appends under its inbox's lock. Higher ones may still be missing
    // a lower neighbour that another thread is appending right now, so they wait a turn.
    const quint64 complete = m_sequence.load();
    QList<Record> records;
    records.swap(m_carried);
    {
        QMutexLocker locker(&m_inboxesLock);
        for (const auto &[thread, inbox] : m_inboxes) {
            {
                QMutexLocker inboxLocker(&inbox->lock);
                if (inbox->records.isEmpty())
                    continue;
                inbox->records.swap(m_spare);
            }
            readRecords(m_spare, records);
            m_spare.resize(0); // keeps its capacity for the next swap
        }
    }
    if (records.isEmpty())
        return false;
    std::stable_sort(records.begin(), records.end(),
                     [](const Record &a, const Record &b) { return a.sequence < b.sequence; });
    QList<RequestLogEntry> entries;
    entries.reserve(records.size());
    for (Record &record : records) {
        if (record.sequence < complete)
            entries.append(std::move(record.entry));
        else
            m_carried.append(std::move(record));
    }
    if (!entries.isEmpty())
        distribute(entries);
    return true;
}

bool RequestLog::inboxesEmpty()
{
    QMutexLocker locker(&m_inboxesLock);
    return std::all_of(m_inboxes.cbegin(), m_inboxes.cend(), [](const auto &threadAndInbox) {
        QMutexLocker inboxLocker(&threadAndInbox.second->lock);
        return threadAndInbox.second->records.isEmpty();
    });
}

void RequestLog::distribute(const QList<RequestLogEntry> &entries)
{
    QList<std::shared_ptr<LogSubscription>> subscribers;
    Forward forward;
    quint64 droppedNow = 0;
    {
        QMutexLocker locker(&m_lock);
        for (const RequestLogEntry &entry : entries) {
            m_ring.append(entry);
            if (m_unwritten.size() >= MaxUnwritten) {
                m_unwritten.dequeue();
                ++droppedNow;
            }
            m_unwritten.enqueue(entry);
        }
        if (m_unwritten.size() >= (m_streams ? ChunkSize : BatchSize))
            m_wake.wakeOne();
        subscribers = m_subscribers;
        forward = m_forward;
    }
    countDropped(droppedNow);
    for (const auto &subscriber : std::as_const(subscribers)) {
        for (const RequestLogEntry &entry : entries)
            subscriber->push(entry);
    }
    if (forward) {
        for (const RequestLogEntry &entry : entries)
            forward(entry);
    }
}

void RequestLog::countDropped(quint64 count)
{
    if (count == 0)
        return;
    const quint64 before = m_dropped.fetch_add(count);
    if (before == 0 || before / 1000 != (before + count) / 1000)
        qCWarning(lcRequestLog) << "request log writer is behind; dropped" << before + count << "entries so far";
}

QList<RequestLogEntry> RequestLog::recent(qsizetype max) const
{
    QMutexLocker locker(&m_lock);
    return m_ring.newest(max);
}

std::shared_ptr<LogSubscription> RequestLog::subscribe(qsizetype capacity, std::function<void()> wake,
                                                       const QByteArray &after, Resume *resume)
{
    auto subscription = std::make_shared<LogSubscription>(capacity, std::move(wake));
    QMutexLocker locker(&m_lock);
    const Resume resumed = after.isEmpty() ? Resume::Live : replayAfter(after, *subscription);
    m_subscribers.append(subscription);
    if (resume)
        *resume = resumed;
    return subscription;
}

RequestLog::Resume RequestLog::replayAfter(const QByteArray &requestId, LogSubscription &subscription) const
{
    const std::optional<qsizetype> missed = m_ring.countAfter(requestId);
    if (!missed)
        return Resume::NotFound;
    // Half the queue at most, so the live entries that follow have room too.
    const qsizetype replayed = qMin(*missed, subscription.capacity() / 2);
    for (const RequestLogEntry &entry : m_ring.newest(replayed))
        subscription.push(entry);
    return replayed < *missed ? Resume::Truncated : Resume::Replayed;
}

void RequestLog::unsubscribe(const std::shared_ptr<LogSubscription> &subscription)
{
    {
        QMutexLocker locker(&m_lock);
        m_subscribers.removeAll(subscription);
    }
    // The collector may still hold a copy of the subscriber list and push to it.
    subscription->close();
}

void RequestLog::flush()
{
    collect();
    QMutexLocker locker(&m_lock);
    ++m_flushers;
    m_wake.wakeOne();
    while (!m_unwritten.isEmpty() || m_writing > 0)
        m_drained.wait(&m_lock, QDeadlineTimer(1000));
    --m_flushers;
}

RequestLog::Taken RequestLog::takeEntries(qsizetype most, int waitMs, bool holding)
{
    QMutexLocker locker(&m_lock);
    // A flush() waits: no waiting for more while there is something to write or commit.
    const bool flushing = m_flushers > 0 && (holding || !m_unwritten.isEmpty());
    if (m_unwritten.size() < most && !m_stopping && !flushing && waitMs > 0)
        m_wake.wait(&m_lock, QDeadlineTimer(waitMs));
    Taken taken;
    taken.stop = m_stopping && m_unwritten.isEmpty();
    const qsizetype count = qMin(most, m_unwritten.size());
    taken.entries.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        taken.entries.append(std::move(m_unwritten[i]));
    m_unwritten.remove(0, count);
    m_writing += count;
    // ... and once everything is taken, the open batch commits rather than waits to fill.
    taken.flushNow = m_flushers > 0 && m_unwritten.isEmpty();
    return taken;
}

// A batch in the making: one transaction (on PostgreSQL, a COPY per chunk sent into it).
struct RequestLog::OpenBatch
{
    explicit OpenBatch(Database &database) : transaction(database, Transaction::Kind::RequestLogWrite) {}

    Transaction transaction;
    Status status;
    qsizetype rows = 0;
    QElapsedTimer age;
};

void RequestLog::writerLoop()
{
    runBelowServingThreads(BackgroundWork::Writing);
    QElapsedTimer sincePrune;
    prune();
    sincePrune.start();
    std::unique_ptr<OpenBatch> open;
    for (bool stop = false; !stop;) {
        if (m_streams) {
            // Rows as they come, a transaction per BatchSize rows or BatchIntervalMs.
            const int waitMs = open ? int(qMax<qint64>(0, BatchIntervalMs - open->age.elapsed())) : BatchIntervalMs;
            const Taken taken = takeEntries(ChunkSize, waitMs, bool(open));
            stop = taken.stop;
            send(open, taken.entries);
            if (open && (open->rows >= BatchSize || open->age.elapsed() >= BatchIntervalMs || stop || taken.flushNow))
                commit(open);
        } else {
            // SQLite: the whole batch in one transaction, committed at once.
            const Taken taken = takeEntries(BatchSize, BatchIntervalMs, false);
            stop = taken.stop;
            send(open, taken.entries);
            if (open)
                commit(open);
        }
        QMutexLocker locker(&m_lock);
        if (!open)
            m_writing = 0;
        if (m_unwritten.isEmpty() && m_writing == 0)
            m_drained.wakeAll();
        locker.unlock();
        if (!open && sincePrune.elapsed() > PruneEveryMs) {
            prune();
            sincePrune.restart();
        }
    }
    m_database.releaseThisThread();
}

void RequestLog::send(std::unique_ptr<OpenBatch> &open, const QList<RequestLogEntry> &chunk)
{
    if (chunk.isEmpty())
        return;
    if (!open) {
        open = std::make_unique<OpenBatch>(m_database);
        open->age.start();
        open->status = open->transaction.begin();
    }
    if (open->status)
        open->status = RequestLogRepository(open->transaction.connection()).append(chunk);
    open->rows += chunk.size();
}

void RequestLog::commit(std::unique_ptr<OpenBatch> &open)
{
    Status done = open->status;
    if (done)
        done = open->transaction.commit();
    const qsizetype rows = open->rows;
    open.reset(); // rolls back what did not commit
    account(rows, done);
}

void RequestLog::account(qsizetype rows, const Status &done)
{
    if (!done) {
        // The batch is lost, and counted: holding it would let a dead database grow memory.
        m_dropped += quint64(rows);
        if (!m_writerFailing.exchange(true))
            qCWarning(lcRequestLog).noquote() << "cannot write the request log:" << done.error().message;
        return;
    }
    m_writerFailing = false;
    m_written += quint64(rows);
}

void RequestLog::prune()
{
    Result<QSqlDatabase> db = m_database.requestLogConnection();
    if (!db)
        return;
    Result<qint64> pruned = RequestLogRepository(db.value()).prune(currentTime().addDays(-m_retentionDays));
    if (pruned && pruned.value() > 0)
        qCInfo(lcRequestLog) << "pruned" << pruned.value() << "request log entries older than" << m_retentionDays << "days";
}

} // namespace academy::http

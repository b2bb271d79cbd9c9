#pragma once

#include "database.h"
#include "log_subscription.h"
#include "newest_entries.h"
#include "request_log_records.h"
#include "request_log_entry.h"

#include <QMutex>
#include <QQueue>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>

namespace academy::http {

// Where every finished request goes: an in-memory ring of the newest entries, live
// subscribers, a forwarded copy (stderr), and the database through ONE batched writer thread
// (a transaction per <= 500 entries or 200 ms).
//
// A serving thread only appends the entry's bytes to an inbox of its own (request_log_records.h);
// the log's collector thread takes them every few milliseconds and does the rest. So a
// request shares no lock with the writer, and its strings are neither kept nor freed by
// another thread. Recording never blocks on the database: when the writer falls behind, the
// oldest unwritten entries are dropped and counted instead of growing memory.
class RequestLog final
{
public:
    static constexpr qsizetype RingSize = 10000;
    static constexpr qsizetype MaxUnwritten = 100000;
    static constexpr qsizetype BatchSize = 500;
    static constexpr int BatchIntervalMs = 200;
    // PostgreSQL: a batch's rows go to the database as they come, a COPY per chunk. The
    // database's server inserts a COPY's rows in one go at its end: 500 at once kept it busy
    // for 3.5 ms, and a serving thread that woke on its core waited that long (perf sched).
    static constexpr qsizetype ChunkSize = 100;
    static constexpr int CollectEveryMs = 10; // how late a live subscriber sees an entry, at most
    static constexpr qsizetype MaxInboxBytes = 16 * 1024 * 1024; // a stalled collector's bound

    using Forward = std::function<void(const RequestLogEntry &)>;

    RequestLog(Database &database, int retentionDays);
    ~RequestLog(); // collects and writes what is left, then stops its threads

    // Thread-safe and cheap: no allocation that outlives the call, no shared lock.
    void record(const RequestLogEntry &entry);
    // Every entry is also handed to `forward`, from the collector thread.
    void forwardTo(Forward forward);

    QList<RequestLogEntry> recent(qsizetype max) const;
    // How a subscription that asked to resume after a request began.
    enum class Resume {
        Live,      // it did not ask
        Replayed,  // everything the ring held after that request comes first
        Truncated, // more was missed than half the capacity: the newest of it comes first
        NotFound,  // the ring no longer holds that request (or never did)
    };
    // A live tail. With `after` (a request id: an SSE client's Last-Event-ID), the ring's
    // entries recorded after that request's newest entry come first, in order. They are
    // taken under the lock that adds the subscriber, so none is missed or comes twice.
    std::shared_ptr<LogSubscription> subscribe(qsizetype capacity, std::function<void()> wake,
                                               const QByteArray &after = {}, Resume *resume = nullptr);
    void unsubscribe(const std::shared_ptr<LogSubscription> &subscription);

    quint64 dropped() const { return m_dropped.load(); }
    quint64 written() const { return m_written.load(); }
    // "ok", or "failing" after the last batch could not be written.
    QString writerState() const { return m_writerFailing.load() ? QStringLiteral("failing") : QStringLiteral("ok"); }
    // Blocks until everything recorded so far is in the ring and the database (tests, shutdown).
    void flush();

private:
    struct Inbox
    {
        QMutex lock;
        QByteArray records;
    };

    Inbox &inboxOfThisThread();
    void collectorLoop();
    bool collect(); // inboxes -> ring, subscribers, forward, unwritten; false when empty
    bool inboxesEmpty();
    void distribute(const QList<RequestLogEntry> &entries);
    Resume replayAfter(const QByteArray &requestId, LogSubscription &subscription) const; // under m_lock
    void countDropped(quint64 count);

    struct OpenBatch;
    void writerLoop();
    struct Taken
    {
        QList<RequestLogEntry> entries;
        bool stop = false;     // stopping, and nothing is left to write
        bool flushNow = false; // a flush() waits and nothing is left: commit what is open
    };
    // Up to `most` unwritten entries, after waiting up to `waitMs` for that many to come
    // (not while a flush() waits and there is something to write, or `holding` an open batch).
    Taken takeEntries(qsizetype most, int waitMs, bool holding);
    void send(std::unique_ptr<OpenBatch> &open, const QList<RequestLogEntry> &chunk);
    void commit(std::unique_ptr<OpenBatch> &open);
    void account(qsizetype rows, const Status &done);
    void prune();

    Database &m_database;
    const int m_retentionDays;
    const quint64 m_serial; // tells this log from an earlier one at the same address
    const bool m_streams;   // PostgreSQL: chunks into an open batch

    QMutex m_inboxesLock;
    std::unordered_map<Qt::HANDLE, std::unique_ptr<Inbox>> m_inboxes; // by thread
    QByteArray m_spare; // the collector's buffer, swapped with a full inbox's
    std::atomic<quint64> m_sequence{0};
    QList<Record> m_carried; // collected too early to be put in order; the next collect's

    QMutex m_collectLock; // one collect at a time keeps the ring in order
    QMutex m_collectorLock;
    QWaitCondition m_collectorWake;
    std::atomic<bool> m_collectorIdle{false};
    bool m_collectorStopping = false;

    mutable QMutex m_lock;
    QWaitCondition m_wake;
    QWaitCondition m_drained;
    NewestEntries m_ring{RingSize};
    QQueue<RequestLogEntry> m_unwritten;
    qsizetype m_writing = 0; // taken by the writer, not yet committed
    int m_flushers = 0;      // flush() calls waiting: an open batch commits now
    bool m_stopping = false;
    QList<std::shared_ptr<LogSubscription>> m_subscribers;
    Forward m_forward;
    std::atomic<quint64> m_dropped{0};
    std::atomic<quint64> m_written{0};
    std::atomic<bool> m_writerFailing{false};
    std::unique_ptr<QThread> m_writer;
    std::unique_ptr<QThread> m_collector;
};

} // namespace academy::http

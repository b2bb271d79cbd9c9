#pragma once

#include "database.h"
#include "log_subscription.h"
#include "request_log_entry.h"

#include <QMutex>
#include <QQueue>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <memory>

namespace academy::http {

// Where every finished request goes: an in-memory ring of the newest entries, live
// subscribers, and the database through ONE batched writer thread (a transaction per <= 500
// entries or 200 ms). Recording never blocks on the database: when the writer falls behind,
// the oldest unwritten entries are dropped and counted instead of growing memory.
class RequestLog final
{
public:
    static constexpr qsizetype RingSize = 10000;
    static constexpr qsizetype MaxUnwritten = 100000;
    static constexpr qsizetype BatchSize = 500;
    static constexpr int BatchIntervalMs = 200;

    RequestLog(Database &database, int retentionDays);
    ~RequestLog(); // writes what is left, then stops the writer

    // Thread-safe and cheap.
    void record(const RequestLogEntry &entry);

    QList<RequestLogEntry> recent(qsizetype max) const;
    std::shared_ptr<LogSubscription> subscribe(qsizetype capacity, std::function<void()> wake);
    void unsubscribe(const std::shared_ptr<LogSubscription> &subscription);

    quint64 dropped() const { return m_dropped.load(); }
    quint64 written() const { return m_written.load(); }
    // "ok", or "failing" after the last batch could not be written.
    QString writerState() const { return m_writerFailing.load() ? QStringLiteral("failing") : QStringLiteral("ok"); }
    // Blocks until everything recorded so far is in the database (tests, shutdown).
    void flush();

private:
    void writerLoop();
    QList<RequestLogEntry> takeBatch(bool *stop);
    void write(const QList<RequestLogEntry> &batch);
    void prune();

    Database &m_database;
    const int m_retentionDays;
    mutable QMutex m_lock;
    QWaitCondition m_wake;
    QWaitCondition m_drained;
    // The newest RingSize entries, kept in place: once full, the oldest slot is overwritten
    // (a queue that drops at the front moved all 10,000 entries now and then, under the lock).
    QList<RequestLogEntry> m_ring;
    qsizetype m_ringOldest = 0;
    QQueue<RequestLogEntry> m_unwritten;
    qsizetype m_writing = 0;
    bool m_stopping = false;
    QList<std::shared_ptr<LogSubscription>> m_subscribers;
    std::atomic<quint64> m_dropped{0};
    std::atomic<quint64> m_written{0};
    std::atomic<bool> m_writerFailing{false};
    std::unique_ptr<QThread> m_writer;
};

} // namespace academy::http

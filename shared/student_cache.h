#pragma once

#include "student.h"

#include <QHash>
#include <QMutex>

#include <atomic>
#include <optional>

namespace academy {

// Single students by id, and the totals of list filters, per process. On PostgreSQL a read is
// a network round trip; on SQLite the serving threads' reads share the file's locks (the
// cache took GET /students/:id from about 30k to 40k req/s, bench/OPTIMISATIONS.md). A
// list's total is a COUNT(*) over every matching row, and a transaction of its own so that
// it agrees with the page. Bounded, and exact: every committed write, here or in another
// process (ChangeFeed: NOTIFY, or SQLite's change counters), forgets the student and every
// total (any write may move a student into or out of a filter); a read that raced with a
// write is not stored (generations); a short lifetime bounds what a lost notification could
// ever cost.
class StudentCache final
{
public:
    static constexpr qsizetype MaxEntries = 50000;
    static constexpr qsizetype MaxTotals = 1000;
    static constexpr qint64 LifetimeMs = 30000;

    std::optional<Student> find(qint64 id, qint64 nowMs);
    // The generation to pass to store(): taken BEFORE reading the database.
    quint64 generation() const { return m_generation.load(); }
    // Stores unless something was invalidated since `generation`.
    void store(const Student &student, quint64 generation, qint64 nowMs);
    // A list filter's total, by a key that says which filter (see StudentService::list).
    std::optional<qint64> findTotal(const QString &filter, qint64 nowMs);
    void storeTotal(const QString &filter, qint64 total, quint64 generation, qint64 nowMs);

    void forget(qint64 id);
    void clear();

    quint64 hits() const { return m_hits.load(); }
    quint64 misses() const { return m_misses.load(); }
    quint64 totalHits() const { return m_totalHits.load(); }
    quint64 totalMisses() const { return m_totalMisses.load(); }

private:
    struct Entry
    {
        Student student;
        qint64 storedMs;
    };
    struct Total
    {
        qint64 total;
        qint64 storedMs;
    };
    QMutex m_lock;
    QHash<qint64, Entry> m_entries;
    QHash<QString, Total> m_totals;
    std::atomic<quint64> m_generation{0};
    std::atomic<quint64> m_hits{0};
    std::atomic<quint64> m_misses{0};
    std::atomic<quint64> m_totalHits{0};
    std::atomic<quint64> m_totalMisses{0};
};

} // namespace academy

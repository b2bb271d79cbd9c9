#include "student_cache.h"

namespace academy {

std::optional<Student> StudentCache::find(qint64 id, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    const auto it = m_entries.constFind(id);
    if (it == m_entries.constEnd() || nowMs - it->storedMs > LifetimeMs) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    return it->student;
}

void StudentCache::store(const Student &student, quint64 generation, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    if (generation != m_generation.load())
        return; // a write landed while this was being read: the copy may be old
    if (m_entries.size() >= MaxEntries)
        m_entries.clear(); // crude but bounded; the hot set refills at once
    m_entries.insert(student.id, {student, nowMs});
}

std::optional<qint64> StudentCache::findTotal(const QString &filter, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    const auto it = m_totals.constFind(filter);
    if (it == m_totals.constEnd() || nowMs - it->storedMs > LifetimeMs) {
        ++m_totalMisses;
        return std::nullopt;
    }
    ++m_totalHits;
    return it->total;
}

void StudentCache::storeTotal(const QString &filter, qint64 total, quint64 generation, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    if (generation != m_generation.load())
        return;
    if (m_totals.size() >= MaxTotals)
        m_totals.clear();
    m_totals.insert(filter, {total, nowMs});
}

void StudentCache::forget(qint64 id)
{
    QMutexLocker locker(&m_lock);
    ++m_generation;
    m_entries.remove(id);
    m_totals.clear();
}

void StudentCache::clear()
{
    QMutexLocker locker(&m_lock);
    ++m_generation;
    m_entries.clear();
    m_totals.clear();
}

} // namespace academy

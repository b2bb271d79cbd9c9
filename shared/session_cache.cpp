#include "session_cache.h"

namespace academy {

std::optional<SessionState> SessionCache::find(const QByteArray &sessionId, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    const auto it = m_entries.constFind(sessionId);
    if (it == m_entries.constEnd() || nowMs - it->storedMs > LifetimeMs) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    return it->state;
}

void SessionCache::store(const QByteArray &sessionId, const SessionState &state, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    if (m_entries.size() >= MaxEntries) {
        for (auto it = m_entries.begin(); it != m_entries.end();)
            it = nowMs - it->storedMs > LifetimeMs ? m_entries.erase(it) : std::next(it);
        if (m_entries.size() >= MaxEntries)
            m_entries.clear();
    }
    m_entries.insert(sessionId, {state, nowMs});
}

void SessionCache::forgetSession(const QByteArray &sessionId)
{
    QMutexLocker locker(&m_lock);
    m_entries.remove(sessionId);
}

void SessionCache::forgetUser(qint64 userId)
{
    QMutexLocker locker(&m_lock);
    for (auto it = m_entries.begin(); it != m_entries.end();)
        it = it->state.userId == userId ? m_entries.erase(it) : std::next(it);
}

void SessionCache::clear()
{
    QMutexLocker locker(&m_lock);
    m_entries.clear();
}

} // namespace academy

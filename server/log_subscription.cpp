#include "log_subscription.h"

namespace academy::http {

void LogSubscription::push(const RequestLogEntry &entry)
{
    QMutexLocker locker(&m_lock);
    if (m_closed || m_overflowed)
        return;
    if (m_queue.size() >= m_capacity) {
        m_overflowed = true;
        m_queue.clear();
    } else {
        m_queue.enqueue(entry);
    }
    if (m_wakePending || !m_wake)
        return;
    m_wakePending = true;
    // Under the lock, so that close() waits for a wake under way: once the reader has
    // closed, none reaches it, however far behind the pushing thread is.
    m_wake();
}

void LogSubscription::close()
{
    QMutexLocker locker(&m_lock);
    m_closed = true;
}

QList<RequestLogEntry> LogSubscription::take()
{
    QMutexLocker locker(&m_lock);
    m_wakePending = false;
    QList<RequestLogEntry> entries(m_queue.cbegin(), m_queue.cend());
    m_queue.clear();
    return entries;
}

bool LogSubscription::overflowed() const
{
    QMutexLocker locker(&m_lock);
    return m_overflowed;
}

} // namespace academy::http

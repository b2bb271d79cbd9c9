#include "log_subscription.h"

namespace academy::http {

void LogSubscription::push(const RequestLogEntry &entry)
{
    bool wake = false;
    {
        QMutexLocker locker(&m_lock);
        if (m_overflowed)
            return;
        if (m_queue.size() >= m_capacity) {
            m_overflowed = true;
            m_queue.clear();
        } else {
            m_queue.enqueue(entry);
        }
        wake = !m_wakePending;
        m_wakePending = true;
    }
    if (wake && m_wake)
        m_wake();
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

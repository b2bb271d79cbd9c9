#include "connection_limits.h"

namespace academy::http {

bool ConnectionLimits::tryAcquire(const QHostAddress &address, RefusalReason *reason)
{
    QMutexLocker locker(&m_lock);
    if (m_total.load() >= m_maxTotal) {
        *reason = RefusalReason::TotalLimit;
        ++m_refusedTotal;
        return false;
    }
    int &count = m_perAddress[address];
    if (count >= m_maxPerAddress) {
        *reason = RefusalReason::AddressLimit;
        ++m_refusedAddress;
        return false;
    }
    ++count;
    ++m_total;
    return true;
}

void ConnectionLimits::release(const QHostAddress &address)
{
    QMutexLocker locker(&m_lock);
    auto it = m_perAddress.find(address);
    if (it == m_perAddress.end())
        return;
    if (--it.value() <= 0)
        m_perAddress.erase(it);
    --m_total;
}

quint64 ConnectionLimits::refused(RefusalReason reason) const
{
    return reason == RefusalReason::TotalLimit ? m_refusedTotal.load() : m_refusedAddress.load();
}

} // namespace academy::http

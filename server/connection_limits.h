#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

#include <atomic>

namespace academy::http {

enum class RefusalReason { TotalLimit, AddressLimit };

// Open connections, in all and per client address, shared by every serving thread so the
// caps hold for the whole process.
class ConnectionLimits final
{
public:
    ConnectionLimits(int maxTotal, int maxPerAddress) : m_maxTotal(maxTotal), m_maxPerAddress(maxPerAddress) {}

    // Counts the connection in and returns true, or returns false and the reason.
    bool tryAcquire(const QHostAddress &address, RefusalReason *reason);
    void release(const QHostAddress &address);

    int open() const { return m_total.load(); }
    quint64 refused(RefusalReason reason) const;

private:
    const int m_maxTotal;
    const int m_maxPerAddress;
    QMutex m_lock;
    QHash<QHostAddress, int> m_perAddress;
    std::atomic<int> m_total{0};
    std::atomic<quint64> m_refusedTotal{0};
    std::atomic<quint64> m_refusedAddress{0};
};

} // namespace academy::http

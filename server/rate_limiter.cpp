#include "rate_limiter.h"

#include <QDateTime>

#include <cmath>

namespace academy::http {

namespace {
constexpr qsizetype MaxTrackedClients = 10000;
}

bool RateLimiter::allow(const QHostAddress &client, int *retryAfterSeconds)
{
    if (!m_limit.enabled())
        return true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QMutexLocker locker(&m_lock);
    if (m_buckets.size() > MaxTrackedClients)
        forgetIdle(now);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end())
        it = m_buckets.insert(client, {double(m_limit.burst), now});
    Bucket &bucket = it.value();
    bucket.tokens = qMin(double(m_limit.burst), bucket.tokens + (now - bucket.updatedMs) * m_limit.perSecond / 1000.0);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return true;
    }
    *retryAfterSeconds = qMax(1, int(std::ceil((1.0 - bucket.tokens) / m_limit.perSecond)));
    return false;
}

void RateLimiter::forgetIdle(qint64 nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double refilled = it->tokens + (nowMs - it->updatedMs) * m_limit.perSecond / 1000.0;
        it = refilled >= m_limit.burst ? m_buckets.erase(it) : std::next(it);
    }
}

} // namespace academy::http

#pragma once

#include "config.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>

namespace academy::http {

// A token bucket per client address, shared by every serving thread (one lock, held for a
// few instructions). Idle full buckets are forgotten so the table stays bounded.
class RateLimiter final
{
public:
    explicit RateLimiter(RateLimit limit) : m_limit(limit) {}

    // True when the request may proceed; otherwise the seconds to wait.
    bool allow(const QHostAddress &client, int *retryAfterSeconds);

private:
    struct Bucket
    {
        double tokens;
        qint64 updatedMs;
    };
    void forgetIdle(qint64 nowMs);

    RateLimit m_limit;
    QMutex m_lock;
    QHash<QHostAddress, Bucket> m_buckets;
};

} // namespace academy::http

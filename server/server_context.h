#pragma once

#include "authenticator.h"
#include "config.h"
#include "connection_limits.h"
#include "database.h"
#include "rate_limiter.h"
#include "router.h"

#include <QDateTime>

#include <functional>
#include <memory>

namespace academy::http {

// One finished request, for the access log (never a body, a password or a token).
struct AccessLogEntry
{
    QDateTime time;
    QByteArray requestId;
    QByteArray method;
    QString path; // with the values of secret-looking query keys masked
    QString route;
    int status = 0;
    double durationMs = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    QString remoteAddress;
    std::optional<qint64> userId;
};

using AccessLogSink = std::function<void(const AccessLogEntry &)>;

// What every serving thread shares: read-only after start, or internally locked.
struct ServerContext
{
    explicit ServerContext(Config configuration, Database &db)
        : config(std::move(configuration)), database(db), rateLimiter(config.rateLimit),
          connectionLimits(config.maxConnections, config.maxConnectionsPerAddress)
    {
    }

    const Config config;
    Database &database;
    Router router;
    RateLimiter rateLimiter;
    ConnectionLimits connectionLimits;
    std::shared_ptr<Authenticator> authenticator; // none: protected routes answer 401
    AccessLogSink accessLog;                      // thread-safe; may be empty
    std::atomic<bool> shuttingDown{false};
    std::atomic<int> deferredInFlight{0}; // replies promised but not yet sent
};

} // namespace academy::http

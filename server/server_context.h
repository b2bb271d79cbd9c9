#pragma once

#include "authenticator.h"
#include "config.h"
#include "connection_balancer.h"
#include "connection_limits.h"
#include "database.h"
#include "metrics.h"
#include "request_log.h"
#include "request_log_entry.h"
#include "rate_limiter.h"
#include "router.h"

#include <QDateTime>

#include <functional>
#include <memory>

namespace academy::http {

using AccessLogEntry = RequestLogEntry;

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
    ConnectionBalancer balancer;
    std::shared_ptr<Authenticator> authenticator; // none: protected routes answer 401
    AccessLogSink accessLog;                      // thread-safe; may be empty (stderr lines)
    Metrics metrics;
    RequestLog *requestLog = nullptr;             // owned by HttpServer

    // Every finished request, refused ones included, goes through here.
    void recordFinished(const AccessLogEntry &entry)
    {
        metrics.observe(entry);
        if (requestLog)
            requestLog->record(entry); // it hands the entry to accessLog from its own thread
        else if (accessLog)
            accessLog(entry);
    }
    std::atomic<bool> shuttingDown{false};
    std::atomic<int> deferredInFlight{0}; // replies promised but not yet sent
    // Slow jobs (password hashing, imports) queued for the pool and not started yet. Past
    // MaxSlowWorkWaiting, a request for more is answered 503 at once: a flood of logins must
    // not queue without bound, its last clients waiting minutes for a reply.
    static constexpr int MaxSlowWorkWaiting = 64;
    std::atomic<int> slowWorkWaiting{0};
};

} // namespace academy::http

#pragma once

#include "config.h"
#include "server_context.h"

namespace academy {

// stderr logging of the headless server: Qt messages filtered by LOG_LEVEL and, at debug,
// one JSON line per finished request. A serving thread only queues (no formatting, no write,
// no shared stdio lock); one logging thread formats and writes in batches. The queue is
// bounded: if stderr cannot keep up (a stalled pipe), the oldest queued lines are dropped and
// counted.
// One instance, alive for the whole of main(); its destructor writes what is still queued.
class ServerLog final
{
public:
    static constexpr qsizetype MaxQueued = 65536;

    explicit ServerLog(LogLevel level);
    ~ServerLog();
    ServerLog(const ServerLog &) = delete;
    ServerLog &operator=(const ServerLog &) = delete;

    // Whether access lines are written: LOG_LEVEL debug. Under systemd stderr is journald,
    // whose default rate limit (10,000 lines in 30 s per service) a line per request would use
    // up, after which it drops the warnings and errors too; every request is in the request
    // log (GET /logs) whatever the level.
    static bool writesAccessLines();
    // A request's access line; safe from any thread. Nothing unless writesAccessLines().
    static void writeAccessLine(const http::AccessLogEntry &entry);
    // Blocks until everything queued so far is on stderr (before a direct write to it).
    static void flush();
};

} // namespace academy

#pragma once

#include "request_log_entry.h"

#include <QMutex>
#include <QQueue>

#include <functional>

namespace academy::http {

// A live tail of the request log for one reader (an SSE client, the desktop app). Bounded:
// a reader that falls `capacity` entries behind is marked overflowed and is expected to
// go away; it never grows memory.
class LogSubscription final
{
public:
    LogSubscription(qsizetype capacity, std::function<void()> wake)
        : m_capacity(capacity), m_wake(std::move(wake)) {}

    // From any thread. Wakes the reader once per batch, not once per entry. The wake runs
    // under this subscription's lock: it must only queue a call, never take() or close().
    void push(const RequestLogEntry &entry);
    // No push, and so no wake, after this returns (a wake under way is waited for). The
    // reader calls it (through RequestLog::unsubscribe) before it goes away.
    void close();
    qsizetype capacity() const { return m_capacity; }
    QList<RequestLogEntry> take();
    bool overflowed() const;

private:
    const qsizetype m_capacity;
    std::function<void()> m_wake;
    mutable QMutex m_lock;
    QQueue<RequestLogEntry> m_queue;
    bool m_overflowed = false;
    bool m_wakePending = false;
    bool m_closed = false;
};

} // namespace academy::http

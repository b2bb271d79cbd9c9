#pragma once

#include "request_log_entry.h"

#include <QList>

#include <optional>

namespace academy::http {

// The request log's newest entries in a ring of fixed size: once full, the oldest slot is
// overwritten (a queue that drops at its front moved all of them now and then). Not
// thread-safe: RequestLog keeps it under its lock.
class NewestEntries final
{
public:
    // Takes the memory for `capacity` entries at once: it is all used after a busy minute.
    explicit NewestEntries(qsizetype capacity) : m_capacity(capacity) { m_entries.reserve(capacity); }

    void append(const RequestLogEntry &entry);
    // The newest `max` (or all there are), oldest first.
    QList<RequestLogEntry> newest(qsizetype max) const;
    // How many came after the newest entry of request `requestId`; nullopt when no entry of
    // that request is held (any more).
    std::optional<qsizetype> countAfter(const QByteArray &requestId) const;

private:
    const RequestLogEntry &at(qsizetype oldestFirst) const;

    const qsizetype m_capacity;
    QList<RequestLogEntry> m_entries;
    qsizetype m_oldest = 0;
};

} // namespace academy::http

#pragma once

#include "session_repository.h"

#include <QHash>
#include <QMutex>

namespace academy {

// Recent answers to "is this token's session still good?", so a request costs no database
// round trip in the common case. Exact: every revocation in this process, and in every other
// instance (ChangeFeed), forgets the entries it touches (on SQLite, a change from another
// process forgets them all); the short lifetime bounds staleness should a notification ever
// be lost. Bounded in size.
class SessionCache final
{
public:
    static constexpr qint64 LifetimeMs = 5000;
    static constexpr qsizetype MaxEntries = 20000;

    std::optional<SessionState> find(const QByteArray &sessionId, qint64 nowMs);
    void store(const QByteArray &sessionId, const SessionState &state, qint64 nowMs);
    void forgetSession(const QByteArray &sessionId);
    void forgetUser(qint64 userId);
    void clear();

    quint64 hits() const { return m_hits; }
    quint64 misses() const { return m_misses; }

private:
    struct Entry
    {
        SessionState state;
        qint64 storedMs;
    };
    QMutex m_lock;
    QHash<QByteArray, Entry> m_entries;
    quint64 m_hits = 0;
    quint64 m_misses = 0;
};

} // namespace academy

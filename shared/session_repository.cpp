#include "session_repository.h"

#include "sql_support.h"

namespace academy {

namespace {
Status asStatus(const Result<QSqlQuery> &query)
{
    return query ? Status() : Status(query.error());
}
} // namespace

Status SessionRepository::create(const QByteArray &id, qint64 userId, const QDateTime &now, const QDateTime &expiresAt)
{
    return asStatus(runQuery(m_db, QStringLiteral("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)"),
                             {QString::fromLatin1(id), userId, toStoredTime(now), toStoredTime(expiresAt)}, "create session"));
}

Result<SessionState> SessionRepository::state(const QByteArray &id, const QDateTime &now)
{
    Result<QSqlQuery> query = runQuery(
        m_db,
        QStringLiteral("SELECT s.user_id, u.role, u.active, s.revoked_at, s.expires_at FROM sessions s "
                       "JOIN users u ON u.id = s.user_id WHERE s.id = ?"),
        {QString::fromLatin1(id)}, "read session");
    if (!query)
        return query.error();
    SessionState state;
    if (!query.value().next())
        return state; // unknown session (or its user was deleted): not usable
    state.userId = query.value().value(0).toLongLong();
    state.role = query.value().value(1).toString();
    state.usable = query.value().value(2).toInt() != 0 && query.value().value(3).isNull()
                   && query.value().value(4).toLongLong() > toStoredTime(now);
    return state;
}

Status SessionRepository::revoke(const QByteArray &id, const QDateTime &now)
{
    return asStatus(runQuery(m_db, QStringLiteral("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
                             {toStoredTime(now), QString::fromLatin1(id)}, "revoke session"));
}

Status SessionRepository::revokeAllOf(qint64 userId, const QDateTime &now)
{
    return asStatus(runQuery(m_db, QStringLiteral("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"),
                             {toStoredTime(now), userId}, "revoke sessions of user"));
}

Status SessionRepository::pruneExpired(const QDateTime &before)
{
    return asStatus(runQuery(m_db, QStringLiteral("DELETE FROM sessions WHERE expires_at < ?"),
                             {toStoredTime(before)}, "prune sessions"));
}

} // namespace academy

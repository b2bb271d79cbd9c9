#pragma once

#include "error.h"

#include <QDateTime>
#include <QSqlDatabase>

namespace academy {

// What the database says about a token's session right now.
struct SessionState
{
    qint64 userId = 0;
    QString role;     // the user's current role
    bool usable = false; // exists, not revoked, not expired, user active
};

// Issued tokens. A token is honoured only while its session row says so.
class SessionRepository final
{
public:
    explicit SessionRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    Status create(const QByteArray &id, qint64 userId, const QDateTime &now, const QDateTime &expiresAt);
    Result<SessionState> state(const QByteArray &id, const QDateTime &now);
    Status revoke(const QByteArray &id, const QDateTime &now);
    Status revokeAllOf(qint64 userId, const QDateTime &now);
    // Forgets sessions that expired before `before`.
    Status pruneExpired(const QDateTime &before);

private:
    QSqlDatabase m_db;
};

} // namespace academy

#include "login_failure_repository.h"

#include "sql_support.h"

namespace academy {

QString loginScopeName(LoginScope scope)
{
    return scope == LoginScope::Email ? QStringLiteral("email") : QStringLiteral("address");
}

Result<std::optional<LoginLock>> LoginFailureRepository::activeLock(LoginScope scope, const QString &subject,
                                                                   const QDateTime &now)
{
    Result<QSqlQuery> query = runQuery(
        m_db, QStringLiteral("SELECT failures, locked_until FROM login_failures WHERE scope = ? AND subject = ? AND locked_until > ?"),
        {loginScopeName(scope), subject, toStoredTime(now)}, "read login lock");
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<LoginLock>();
    return std::optional<LoginLock>(LoginLock{scope, subject, query.value().value(0).toInt(), fromStoredTime(query.value().value(1))});
}

Result<std::optional<LoginLock>> LoginFailureRepository::recordFailure(LoginScope scope, const QString &subject, int limit,
                                                                      const LoginLockout &policy, const QDateTime &now)
{
    const qint64 nowMs = toStoredTime(now);
    const qint64 windowStart = nowMs - qint64(policy.windowSeconds) * 1000;
    Result<QSqlQuery> read = runQuery(m_db, QStringLiteral("SELECT failures, window_started_at FROM login_failures WHERE scope = ? AND subject = ?"),
                                      {loginScopeName(scope), subject}, "read login failures");
    if (!read)
        return read.error();
    int failures = 1;
    qint64 started = nowMs;
    const bool exists = read.value().next();
    if (exists && read.value().value(1).toLongLong() >= windowStart) {
        failures = read.value().value(0).toInt() + 1;
        started = read.value().value(1).toLongLong();
    }
    const bool locks = failures >= limit;
    const QVariant lockedUntil = locks ? QVariant(nowMs + qint64(policy.lockSeconds) * 1000) : QVariant(QMetaType::fromType<qint64>());
    const QString sql = exists ? QStringLiteral("UPDATE login_failures SET failures = ?, window_started_at = ?, locked_until = ? WHERE scope = ? AND subject = ?")
                               : QStringLiteral("INSERT INTO login_failures (failures, window_started_at, locked_until, scope, subject) VALUES (?, ?, ?, ?, ?)");
    Result<QSqlQuery> written = runQuery(m_db, sql, {failures, started, lockedUntil, loginScopeName(scope), subject}, "record login failure");
    if (!written)
        return written.error();
    if (!locks)
        return std::optional<LoginLock>();
    return std::optional<LoginLock>(LoginLock{scope, subject, failures, fromStoredTime(lockedUntil)});
}

Result<bool> LoginFailureRepository::clear(LoginScope scope, const QString &subject)
{
    Result<QSqlQuery> query = runQuery(m_db, QStringLiteral("DELETE FROM login_failures WHERE scope = ? AND subject = ?"),
                                       {loginScopeName(scope), subject}, "clear login failures");
    if (!query)
        return query.error();
    return query->numRowsAffected() > 0;
}

Result<QList<LoginLock>> LoginFailureRepository::activeLocks(const QDateTime &now)
{
    Result<QSqlQuery> query = runQuery(m_db, QStringLiteral("SELECT scope, subject, failures, locked_until FROM login_failures "
                                                            "WHERE locked_until > ? ORDER BY locked_until DESC LIMIT 1000"),
                                       {toStoredTime(now)}, "list login locks");
    if (!query)
        return query.error();
    QList<LoginLock> locks;
    while (query.value().next()) {
        locks.append({query.value().value(0).toString() == QLatin1String("email") ? LoginScope::Email : LoginScope::Address,
                      query.value().value(1).toString(), query.value().value(2).toInt(), fromStoredTime(query.value().value(3))});
    }
    return locks;
}

} // namespace academy

#pragma once

#include "config.h"
#include "error.h"

#include <QDateTime>
#include <QSqlDatabase>

namespace academy {

enum class LoginScope { Email, Address };

struct LoginLock
{
    LoginScope scope = LoginScope::Email;
    QString subject; // the email or the address
    int failures = 0;
    QDateTime lockedUntil; // invalid when not locked
};

// Failed logins and the locks they lead to, kept in the database so they survive restarts
// and hold on every instance.
class LoginFailureRepository final
{
public:
    explicit LoginFailureRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    // The lock on a subject, if it is locked at `now`.
    Result<std::optional<LoginLock>> activeLock(LoginScope scope, const QString &subject, const QDateTime &now);
    // Counts one failure inside the policy's window; locks when the count reaches `limit`.
    // Returns the lock when this failure caused one.
    Result<std::optional<LoginLock>> recordFailure(LoginScope scope, const QString &subject, int limit,
                                                   const LoginLockout &policy, const QDateTime &now);
    // Forgets the failures (and lock) of a subject. True when there were any.
    Result<bool> clear(LoginScope scope, const QString &subject);
    Result<QList<LoginLock>> activeLocks(const QDateTime &now);

private:
    QSqlDatabase m_db;
};

QString loginScopeName(LoginScope scope);

} // namespace academy

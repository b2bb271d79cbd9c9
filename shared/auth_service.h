#pragma once

#include "actor.h"
#include "config.h"
#include "database.h"
#include "error.h"
#include "jwt.h"
#include "login_failure_repository.h"
#include "password_hasher.h"
#include "session_cache.h"
#include "user.h"
#include "verified_tokens.h"

#include <QJsonObject>

namespace academy {

struct LoginResult
{
    QByteArray token;
    int expiresIn = 0;
    User user;
};

// Sign-in and sessions, for the API and the desktop app alike. Methods marked slow hash a
// password (tens of milliseconds by design): callers run them off serving and GUI threads.
class AuthService final
{
public:
    AuthService(Database &database, const PasswordHasher &hasher, JwtCodec codec, int tokenTtlSeconds,
                LoginLockout lockout);
    ~AuthService();
    Q_DISABLE_COPY_MOVE(AuthService)

    // Slow. Unknown email, wrong password and disabled user give the same reply after the
    // same work; a locked email or address gives TooManyAttempts, whatever the password.
    Result<LoginResult> login(const QString &email, const QString &password, const QString &address);

    // Fast in the common case (SessionCache): the token's claims, with the user's current role.
    Result<TokenClaims> authenticate(QByteArrayView token);

    // That token is refused from now on.
    Status logout(const TokenClaims &claims, const Actor &actor);

    Result<QList<LoginLock>> lockouts();
    // Lifts the lock (and the failure count) of an email or an address; audited.
    Status liftLockout(const Actor &actor, LoginScope scope, const QString &subject);

    const SessionCache &cache() const { return m_cache; }
    quint64 loginFailures() const { return m_loginFailures.load(); }
    quint64 lockoutsStarted() const { return m_lockoutsStarted.load(); }

private:
    Result<std::optional<LoginLock>> activeLock(const QString &email, const QString &address);
    Error recordFailure(const QString &email, const QString &address, std::optional<qint64> userId);
    Result<LoginResult> startSession(const User &user, const QString &password, bool rehash, const QString &address);

    Database &m_database;
    const PasswordHasher &m_hasher;
    JwtCodec m_codec;
    int m_tokenTtlSeconds;
    LoginLockout m_lockout;
    SessionCache m_cache;
    VerifiedTokens m_verified;
    std::atomic<quint64> m_loginFailures{0};
    std::atomic<quint64> m_lockoutsStarted{0};
    QMetaObject::Connection m_changes; // cut when this service goes
};

} // namespace academy

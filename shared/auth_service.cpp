#include "auth_service.h"

#include "audit_repository.h"
#include "session_repository.h"
#include "sql_support.h"
#include "transaction.h"
#include "user_repository.h"
#include "validation.h"

#include <QRandomGenerator>

namespace academy {

namespace {

// One failing client address may try for several accounts before it is locked itself.
constexpr int AddressFailureFactor = 4;

Error invalidCredentials()
{
    return {ErrorCode::InvalidCredentials, QStringLiteral("Invalid email or password"), {}};
}

Error tooManyAttempts(const QDateTime &until)
{
    const qint64 seconds = qMax<qint64>(1, currentTime().secsTo(until));
    return {ErrorCode::TooManyAttempts, QStringLiteral("Too many failed logins; try again later"), {}, int(seconds)};
}

QByteArray newSessionId()
{
    quint64 words[3];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

AuditEntry authAudit(const QString &action, std::optional<qint64> userId, const QString &address, const QJsonObject &after)
{
    AuditEntry entry;
    entry.time = currentTime();
    entry.userId = userId;
    entry.address = address;
    entry.action = action;
    entry.entity = QStringLiteral("user");
    entry.entityId = userId ? QString::number(*userId) : QString();
    entry.after = after;
    return entry;
}

} // namespace

AuthService::AuthService(Database &database, const PasswordHasher &hasher, JwtCodec codec, int tokenTtlSeconds,
                         LoginLockout lockout)
    : m_database(database), m_hasher(hasher), m_codec(std::move(codec)), m_tokenTtlSeconds(tokenTtlSeconds),
      m_lockout(lockout)
{
    m_changes = QObject::connect(&database.changes(), &ChangeFeed::changed, &database.changes(),
                     [this](const QString &topic, const QString &id) {
                         const bool session = topic == QLatin1String("session");
                         if ((session || topic == QLatin1String("user")) && id == QLatin1String("*"))
                             m_cache.clear(); // another process changed some (SQLite)
                         else if (session)
                             m_cache.forgetSession(id.toLatin1());
                         else if (topic == QLatin1String("user"))
                             m_cache.forgetUser(id.toLongLong());
                     },
                     Qt::DirectConnection);
}

AuthService::~AuthService()
{
    QObject::disconnect(m_changes);
}

Result<std::optional<LoginLock>> AuthService::activeLock(const QString &email, const QString &address)
{
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    LoginFailureRepository failures(db.value());
    Result<std::optional<LoginLock>> byEmail = failures.activeLock(LoginScope::Email, email, currentTime());
    if (!byEmail || byEmail.value())
        return byEmail;
    return failures.activeLock(LoginScope::Address, address, currentTime());
}

Result<LoginResult> AuthService::login(const QString &rawEmail, const QString &password, const QString &address)
{
    const Result<QString> email = normalizeEmail(rawEmail);
    const QString key = email ? email.value() : rawEmail.trimmed().toLower().left(254);
    Result<std::optional<LoginLock>> lock = activeLock(key, address);
    if (!lock)
        return lock.error();
    if (lock.value())
        return tooManyAttempts(lock.value()->lockedUntil);
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    Result<UserCredentials> found = email ? UserRepository(db.value()).findByEmail(email.value())
                                          : Result<UserCredentials>(Error::notFound(QStringLiteral("User")));
    if (!found && found.error().code != ErrorCode::NotFound)
        return found.error();
    // The same hashing work whether or not the email exists.
    const QString &stored = found ? found->passwordHash : m_hasher.dummyHash();
    const PasswordHasher::Verdict verdict = m_hasher.verify(password, stored);
    if (!found || !found->user.active || verdict == PasswordHasher::Verdict::Mismatch)
        return recordFailure(key, address, found ? std::optional<qint64>(found->user.id) : std::nullopt);
    return startSession(found->user, password, verdict == PasswordHasher::Verdict::MatchNeedsRehash, address);
}

Error AuthService::recordFailure(const QString &email, const QString &address, std::optional<qint64> userId)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    LoginFailureRepository failures(transaction.connection());
    AuditRepository audit(transaction.connection());
    const QDateTime now = currentTime();
    Result<std::optional<LoginLock>> byEmail = failures.recordFailure(LoginScope::Email, email, m_lockout.failures, m_lockout, now);
    Result<std::optional<LoginLock>> byAddress =
        failures.recordFailure(LoginScope::Address, address, m_lockout.failures * AddressFailureFactor, m_lockout, now);
    if (!byEmail || !byAddress)
        return !byEmail ? byEmail.error() : byAddress.error();
    ++m_loginFailures;
    const QJsonObject attempted{{QStringLiteral("email"), email}};
    Status logged = audit.append(authAudit(QStringLiteral("login_failed"), userId, address, attempted));
    for (const std::optional<LoginLock> &lock : {byEmail.value(), byAddress.value()}) {
        if (lock)
            ++m_lockoutsStarted;
        if (lock && logged) {
            logged = audit.append(authAudit(QStringLiteral("lockout"), userId, address,
                                            {{QStringLiteral("scope"), loginScopeName(lock->scope)},
                                             {QStringLiteral("subject"), lock->subject},
                                             {QStringLiteral("lockedUntil"), formatTimestamp(lock->lockedUntil)}}));
        }
    }
    if (!logged)
        return logged.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return invalidCredentials();
}

Result<LoginResult> AuthService::startSession(const User &user, const QString &password, bool rehash, const QString &address)
{
    std::optional<QString> newHash;
    if (rehash) { // legacy bcrypt or older parameters: upgrade now that we know the password
        Result<QString> hashed = m_hasher.hash(password);
        if (hashed)
            newHash = hashed.value();
    }
    const QDateTime now = currentTime();
    TokenClaims claims{user.id, user.email, user.role, now, now.addSecs(m_tokenTtlSeconds), newSessionId()};
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    UserRepository users(transaction.connection());
    Status done = SessionRepository(transaction.connection()).create(claims.jti, user.id, now, claims.expiresAt);
    if (done)
        done = users.setLastLogin(user.id, now);
    if (done && newHash)
        done = users.setPasswordHash(user.id, *newHash, now);
    if (done) {
        const Result<bool> cleared = LoginFailureRepository(transaction.connection()).clear(LoginScope::Email, user.email);
        if (!cleared)
            done = cleared.error();
    }
    if (done)
        done = AuditRepository(transaction.connection()).append(authAudit(QStringLiteral("login"), user.id, address,
                                                                          {{QStringLiteral("email"), user.email}}));
    if (!done)
        return done.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    User signedIn = user;
    signedIn.lastLoginAt = now;
    return LoginResult{m_codec.sign(claims), m_tokenTtlSeconds, signedIn};
}

Result<TokenClaims> AuthService::authenticate(QByteArrayView token)
{
    const QDateTime now = currentTime();
    std::optional<TokenClaims> claims = m_verified.find(token, now.toSecsSinceEpoch());
    if (!claims) {
        Result<TokenClaims> verified = m_codec.verify(token, now);
        if (!verified)
            return verified;
        m_verified.store(token, verified.value());
        claims = verified.value();
    }
    std::optional<SessionState> state = m_cache.find(claims->jti, now.toMSecsSinceEpoch());
    if (!state) {
        Result<QSqlDatabase> db = m_database.connection();
        if (!db)
            return db.error();
        Result<SessionState> stored = SessionRepository(db.value()).state(claims->jti, now);
        if (!stored)
            return stored.error();
        state = stored.value();
        m_cache.store(claims->jti, *state, now.toMSecsSinceEpoch());
    }
    if (!state->usable || state->userId != claims->userId)
        return Error{ErrorCode::Unauthorized, QStringLiteral("Token revoked; sign in again"), {}};
    TokenClaims current = *claims;
    current.role = roleFromName(state->role).value_or(Role::Viewer);
    return current;
}

Status AuthService::logout(const TokenClaims &claims, const Actor &actor)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    Status done = SessionRepository(transaction.connection()).revoke(claims.jti, currentTime());
    if (done)
        done = AuditRepository(transaction.connection()).append(authAudit(QStringLiteral("logout"), claims.userId, actor.address, {}));
    if (done)
        done = transaction.announce(QStringLiteral("session"), QString::fromLatin1(claims.jti));
    if (!done)
        return done;
    return transaction.commit();
}

Result<QList<LoginLock>> AuthService::lockouts()
{
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    return LoginFailureRepository(db.value()).activeLocks(currentTime());
}

Status AuthService::liftLockout(const Actor &actor, LoginScope scope, const QString &subject)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    const Result<bool> cleared = LoginFailureRepository(transaction.connection()).clear(scope, subject);
    if (!cleared)
        return cleared.error();
    Status done;
    // Nothing recorded for that subject: nothing lifted, nothing to audit (the reply is the same).
    if (cleared.value()) {
        AuditEntry entry = authAudit(QStringLiteral("lockout_lifted"), actor.userId, actor.address,
                                     {{QStringLiteral("scope"), loginScopeName(scope)}, {QStringLiteral("subject"), subject}});
        entry.entity = QStringLiteral("lockout");
        entry.entityId = subject;
        done = AuditRepository(transaction.connection()).append(entry);
    }
    return done ? transaction.commit() : done;
}

} // namespace academy

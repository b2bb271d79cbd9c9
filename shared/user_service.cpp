#include "user_service.h"

#include "audit_repository.h"
#include "session_repository.h"
#include "sql_support.h"
#include "transaction.h"
#include "user_validation.h"
#include "validation.h"

namespace academy {

namespace {

AuditEntry userAudit(const Actor &actor, const QString &action, qint64 id)
{
    AuditEntry entry;
    entry.time = currentTime();
    entry.userId = actor.userId;
    entry.address = actor.address;
    entry.action = action;
    entry.entity = QStringLiteral("user");
    entry.entityId = QString::number(id);
    return entry;
}

Error lastAdmin()
{
    return Error::conflict(QStringLiteral("This is the last active admin: it cannot be deleted, disabled or demoted"));
}

} // namespace

Result<UserPage> UserService::list(int limit, qint64 offset)
{
    if (limit < 1 || limit > 1000 || offset < 0)
        return Error{ErrorCode::InvalidQuery, QStringLiteral("limit must be from 1 to 1000 and offset not negative"), {}};
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    return UserRepository(db.value()).list(limit, offset);
}

Result<User> UserService::get(qint64 id)
{
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    return UserRepository(db.value()).get(id);
}

Result<User> UserService::create(const Actor &actor, const QJsonObject &body, Creator creator)
{
    Result<UserChanges> changes = validateUser(body, creator == Creator::Self ? UserWriteMode::Register : UserWriteMode::Create);
    if (!changes)
        return changes.error();
    Result<QString> hash = m_hasher.hash(*changes->password); // before the transaction: it is slow
    if (!hash)
        return hash.error();
    User user;
    user.email = *changes->email;
    user.name = changes->name.value_or(QString());
    user.role = creator == Creator::Self ? Role::Viewer : changes->role.value_or(Role::Viewer);
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    Result<User> created = UserRepository(transaction.connection()).insert(user, hash.value(), currentTime());
    if (!created)
        return created.error();
    AuditEntry audit = userAudit(actor, creator == Creator::Self ? QStringLiteral("register") : QStringLiteral("create"), created->id);
    audit.after = created->toJson();
    if (Status logged = AuditRepository(transaction.connection()).append(audit); !logged)
        return logged.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return created;
}

Status UserService::guardLastAdmin(UserRepository &users, const User &before, const User &after)
{
    const bool wasActiveAdmin = before.role == Role::Admin && before.active;
    const bool staysActiveAdmin = after.role == Role::Admin && after.active;
    if (!wasActiveAdmin || staysActiveAdmin)
        return {};
    Result<qint64> admins = users.countActiveAdmins();
    if (!admins)
        return admins.error();
    return admins.value() <= 1 ? Status(lastAdmin()) : Status();
}

Status UserService::endSessions(qint64 userId, const QSqlDatabase &db)
{
    return SessionRepository(db).revokeAllOf(userId, currentTime());
}

Result<User> UserService::update(const Actor &actor, qint64 id, const QJsonObject &body)
{
    Result<UserChanges> changes = validateUser(body, UserWriteMode::Update);
    if (!changes)
        return changes.error();
    std::optional<QString> hash;
    if (changes->password) {
        Result<QString> hashed = m_hasher.hash(*changes->password);
        if (!hashed)
            return hashed.error();
        hash = hashed.value();
    }
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    UserRepository users(transaction.connection());
    Result<User> before = users.get(id);
    if (!before)
        return before.error();
    User after = before.value();
    after.name = changes->name.value_or(after.name);
    after.role = changes->role.value_or(after.role);
    after.active = changes->active.value_or(after.active);
    // Nothing to write (PATCH {}, or the values the user already has): no audit entry of a
    // change that did not happen, and the user's sessions stay.
    if (!hash && after.name == before->name && after.role == before->role && after.active == before->active)
        return before;
    if (Status guarded = guardLastAdmin(users, before.value(), after); !guarded)
        return guarded.error();
    Result<User> updated = users.update(after, currentTime());
    Status done = updated ? Status() : Status(updated.error());
    if (done && hash)
        done = users.setPasswordHash(id, *hash, currentTime());
    const bool endsSessions = hash || after.role != before->role || after.active != before->active;
    if (done && endsSessions)
        done = endSessions(id, transaction.connection());
    AuditEntry audit = userAudit(actor, after.role != before->role ? QStringLiteral("role_change") : QStringLiteral("update"), id);
    audit.before = before->toJson();
    if (updated) {
        QJsonObject recorded = updated->toJson();
        if (hash)
            recorded.insert(QStringLiteral("passwordChanged"), true); // the fact, never the secret
        audit.after = recorded;
    }
    if (done)
        done = AuditRepository(transaction.connection()).append(audit);
    if (done && endsSessions)
        done = transaction.announce(QStringLiteral("user"), QString::number(id));
    if (done)
        done = transaction.commit();
    if (!done)
        return done.error();
    return updated;
}

Status UserService::remove(const Actor &actor, qint64 id)
{
    Transaction transaction(m_database, Transaction::Kind::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    UserRepository users(transaction.connection());
    Result<User> before = users.get(id);
    if (!before)
        return before.error();
    User gone = before.value();
    gone.active = false;
    if (Status guarded = guardLastAdmin(users, before.value(), gone); !guarded)
        return guarded;
    Status done = users.remove(id); // sessions go with it (ON DELETE CASCADE)
    AuditEntry audit = userAudit(actor, QStringLiteral("delete"), id);
    audit.before = before->toJson();
    if (done)
        done = AuditRepository(transaction.connection()).append(audit);
    if (done)
        done = transaction.announce(QStringLiteral("user"), QString::number(id));
    if (done)
        done = transaction.commit();
    return done;
}

Status UserService::changeOwnPassword(const Actor &actor, qint64 userId, const QJsonObject &body)
{
    QList<FieldError> problems;
    const QJsonValue current = body.value(QStringLiteral("currentPassword"));
    const QJsonValue next = body.value(QStringLiteral("newPassword"));
    if (!current.isString())
        problems.append({QStringLiteral("currentPassword"), QStringLiteral("is required")});
    if (!next.isString())
        problems.append({QStringLiteral("newPassword"), QStringLiteral("is required")});
    else if (Status policy = validatePassword(next.toString()); !policy)
        problems.append({QStringLiteral("newPassword"), policy.error().message});
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.key() != QLatin1String("currentPassword") && it.key() != QLatin1String("newPassword"))
            problems.append({it.key(), QStringLiteral("is not a known field")});
    }
    if (!problems.isEmpty())
        return Error::validation(problems);
    Result<User> user = get(userId);
    if (!user)
        return user.error();
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    Result<UserCredentials> credentials = UserRepository(db.value()).findByEmail(user->email);
    if (!credentials)
        return credentials.error();
    if (m_hasher.verify(current.toString(), credentials->passwordHash) == PasswordHasher::Verdict::Mismatch)
        return Error::validation({{QStringLiteral("currentPassword"), QStringLiteral("is not your current password")}});
    Result<User> changed = update(actor, userId, QJsonObject{{QStringLiteral("password"), next}});
    return changed ? Status() : Status(changed.error());
}

Result<bool> UserService::hasUsers()
{
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return db.error();
    Result<qint64> count = UserRepository(db.value()).count();
    if (!count)
        return count.error();
    return count.value() > 0;
}

Result<User> UserService::createFirstAdmin(const QString &email, const QString &password, const QString &name)
{
    Result<bool> exists = hasUsers();
    if (!exists)
        return exists.error();
    if (exists.value())
        return Error::conflict(QStringLiteral("Users exist already; the first admin is created only on an empty database"));
    QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), password},
                     {QStringLiteral("role"), QStringLiteral("admin")}};
    if (!name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    return create(Actor::system(), body, Creator::Admin);
}

} // namespace academy

#include "user_repository.h"

#include "sql_support.h"

#include <QSqlError>
#include <QSqlQuery>

namespace academy {

namespace {

const QString selectColumns = QStringLiteral(
    "SELECT id, email, name, role, active, created_at, updated_at, last_login_at, password_hash "
    "FROM users");

User readUser(const QSqlQuery &query)
{
    User u;
    u.id = query.value(0).toLongLong();
    u.email = query.value(1).toString();
    u.name = query.value(2).toString();
    u.role = roleFromName(query.value(3).toString()).value_or(Role::Viewer);
    u.active = query.value(4).toInt() != 0;
    u.createdAt = fromStoredTime(query.value(5));
    u.updatedAt = fromStoredTime(query.value(6));
    u.lastLoginAt = fromStoredTime(query.value(7));
    return u;
}

// An absent name is stored as the empty string (the column is NOT NULL).
QString storedName(const QString &name)
{
    return name.isNull() ? QStringLiteral("") : name;
}

Result<qint64> scalar(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    return query.value().next() ? query.value().value(0).toLongLong() : 0;
}

Status expectOneRow(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    if (query.value().numRowsAffected() != 1)
        return Error::notFound(QStringLiteral("User"));
    return {};
}

} // namespace

Result<User> UserRepository::get(qint64 id)
{
    Result<QSqlQuery> query = runQuery(m_db, selectColumns + QStringLiteral(" WHERE id = ?"), {id}, "get user");
    if (!query)
        return query.error();
    if (!query.value().next())
        return Error::notFound(QStringLiteral("User"));
    return readUser(query.value());
}

Result<UserCredentials> UserRepository::findByEmail(const QString &email)
{
    Result<QSqlQuery> query = runQuery(m_db, selectColumns + QStringLiteral(" WHERE email = ?"),
                                       {email}, "find user by email");
    if (!query)
        return query.error();
    if (!query.value().next())
        return Error::notFound(QStringLiteral("User"));
    return UserCredentials{readUser(query.value()), query.value().value(8).toString()};
}

Result<UserPage> UserRepository::list(int limit, qint64 offset)
{
    Result<qint64> total = count();
    if (!total)
        return total.error();
    Result<QSqlQuery> query = runQuery(m_db, selectColumns + QStringLiteral(" ORDER BY id LIMIT ? OFFSET ?"),
                                       {limit, offset}, "list users");
    if (!query)
        return query.error();
    UserPage page;
    page.total = total.value();
    while (query.value().next())
        page.items.append(readUser(query.value()));
    return page;
}

Result<User> UserRepository::insert(const User &user, const QString &passwordHash, const QDateTime &now)
{
    const qint64 stored = toStoredTime(now);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO users (email, name, role, password_hash, active, "
                                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    for (const QVariant &value : {QVariant(user.email), QVariant(storedName(user.name)), QVariant(roleName(user.role)),
                                  QVariant(passwordHash), QVariant(user.active ? 1 : 0),
                                  QVariant(stored), QVariant(stored)})
        query.addBindValue(value);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return Error::conflict(QStringLiteral("A user with this email already exists"));
        return databaseError(query.lastError(), "insert user");
    }
    if (!query.next())
        return Error::internal();
    return get(query.value(0).toLongLong());
}

Result<User> UserRepository::update(const User &user, const QDateTime &now)
{
    Status updated = expectOneRow(runQuery(
        m_db, QStringLiteral("UPDATE users SET name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?"),
        {storedName(user.name), roleName(user.role), user.active ? 1 : 0, toStoredTime(now), user.id}, "update user"));
    if (!updated)
        return updated.error();
    return get(user.id);
}

Status UserRepository::setPasswordHash(qint64 id, const QString &passwordHash, const QDateTime &now)
{
    return expectOneRow(runQuery(m_db, QStringLiteral("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"),
                                 {passwordHash, toStoredTime(now), id}, "set password"));
}

Status UserRepository::setLastLogin(qint64 id, const QDateTime &now)
{
    return expectOneRow(runQuery(m_db, QStringLiteral("UPDATE users SET last_login_at = ? WHERE id = ?"),
                                 {toStoredTime(now), id}, "set last login"));
}

Status UserRepository::remove(qint64 id)
{
    return expectOneRow(runQuery(m_db, QStringLiteral("DELETE FROM users WHERE id = ?"), {id}, "delete user"));
}

Result<qint64> UserRepository::countActiveAdmins()
{
    return scalar(runQuery(m_db, QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1"),
                           {}, "count admins"));
}

Result<qint64> UserRepository::count()
{
    return scalar(runQuery(m_db, QStringLiteral("SELECT COUNT(*) FROM users"), {}, "count users"));
}

} // namespace academy

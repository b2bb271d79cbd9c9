#pragma once

#include "error.h"
#include "user.h"

#include <QSqlDatabase>

namespace academy {

// A user with the secret that never leaves the core.
struct UserCredentials
{
    User user;
    QString passwordHash;
};

struct UserPage
{
    QList<User> items;
    qint64 total = 0;
};

// The only place that knows how users are stored.
class UserRepository final
{
public:
    explicit UserRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<User> get(qint64 id);
    // `email` must already be normalized (see normalizeEmail).
    Result<UserCredentials> findByEmail(const QString &email);
    Result<UserPage> list(int limit, qint64 offset);
    // Conflict when the email is taken.
    Result<User> insert(const User &user, const QString &passwordHash, const QDateTime &now);
    // Writes name, role and active.
    Result<User> update(const User &user, const QDateTime &now);
    Status setPasswordHash(qint64 id, const QString &passwordHash, const QDateTime &now);
    Status setLastLogin(qint64 id, const QDateTime &now);
    Status remove(qint64 id);
    Result<qint64> countActiveAdmins();
    Result<qint64> count();

private:
    QSqlDatabase m_db;
};

} // namespace academy

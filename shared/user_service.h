#pragma once

#include "actor.h"
#include "database.h"
#include "error.h"
#include "password_hasher.h"
#include "user.h"
#include "user_repository.h"

#include <QJsonObject>

namespace academy {

// Every rule about users: who may become what, the last active admin, and that a changed
// role, password or state ends the user's sessions. Methods marked slow hash a password.
class UserService final
{
public:
    UserService(Database &database, const PasswordHasher &hasher) : m_database(database), m_hasher(hasher) {}

    Result<UserPage> list(int limit, qint64 offset);
    Result<User> get(qint64 id);

    enum class Creator { Admin, Self };
    // Slow. {email, password, name?, role?}: a self-registered user is a viewer and may not
    // choose a role.
    Result<User> create(const Actor &actor, const QJsonObject &body, Creator creator);
    // Slow when a password is given. {name?, role?, active?, password?}.
    Result<User> update(const Actor &actor, qint64 id, const QJsonObject &body);
    Status remove(const Actor &actor, qint64 id);
    // Slow. {currentPassword, newPassword}; every earlier token of the user is refused after.
    Status changeOwnPassword(const Actor &actor, qint64 userId, const QJsonObject &body);

    // The first admin of an empty database (ADMIN_EMAIL/ADMIN_PASSWORD, --create-admin, the
    // desktop app's first run). Conflict when users exist already.
    Result<User> createFirstAdmin(const QString &email, const QString &password, const QString &name);
    Result<bool> hasUsers();

private:
    Status guardLastAdmin(UserRepository &users, const User &before, const User &after);
    Status endSessions(qint64 userId, const QSqlDatabase &db);

    Database &m_database;
    const PasswordHasher &m_hasher;
};

} // namespace academy

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace academy {

// Ordered by power: a route's minimum role is met by that role and every one above it.
enum class Role { Viewer = 0, Staff = 1, Admin = 2 };

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);

struct User
{
    qint64 id = 0;
    QString email;
    QString name;
    Role role = Role::Viewer;
    bool active = true;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastLoginAt;

    // Never carries a password hash: that stays in UserRepository's credential record.
    QJsonObject toJson() const;
};

} // namespace academy

#include "user.h"

#include "student.h"

namespace academy {

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Staff: return QStringLiteral("staff");
    case Role::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

std::optional<Role> roleFromName(const QString &name)
{
    if (name == QLatin1String("viewer"))
        return Role::Viewer;
    if (name == QLatin1String("staff"))
        return Role::Staff;
    if (name == QLatin1String("admin"))
        return Role::Admin;
    return std::nullopt;
}

QJsonObject User::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("email"), email},
        {QStringLiteral("name"), name},
        {QStringLiteral("role"), roleName(role)},
        {QStringLiteral("active"), active},
        {QStringLiteral("createdAt"), formatTimestamp(createdAt)},
        {QStringLiteral("lastLoginAt"),
         lastLoginAt.isValid() ? QJsonValue(formatTimestamp(lastLoginAt)) : QJsonValue()},
    };
}

} // namespace academy

#include "student.h"

namespace academy {

QString formatTimestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject Student::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("course"), course},
        {QStringLiteral("grade"), grade},
        {QStringLiteral("createdAt"), formatTimestamp(createdAt)},
        {QStringLiteral("updatedAt"), formatTimestamp(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

} // namespace academy

#include "student.h"

#include <cstdio>

namespace academy {

QString formatTimestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // Every reply carries two of these: QDateTime::toString was 5% of a GET /students/:id.
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (date.year() < 0 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", date.year(), date.month(), date.day(),
                  clock.hour(), clock.minute(), clock.second(), clock.msec());
    return QString::fromLatin1(text);
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

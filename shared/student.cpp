#include "student.h"

#include "json_text.h"

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

// Keys in QJsonObject's (sorted) order, so both forms give the same bytes.
void Student::appendJson(QByteArray &out) const
{
    out += "{\"course\":";
    appendJsonString(out, course);
    out += ",\"createdAt\":";
    appendJsonTimestamp(out, createdAt);
    out += ",\"grade\":";
    appendJsonNumber(out, grade);
    out += ",\"id\":";
    out += QByteArray::number(id);
    out += ",\"name\":";
    appendJsonString(out, name);
    out += ",\"updatedAt\":";
    appendJsonTimestamp(out, updatedAt);
    out += ",\"version\":";
    out += QByteArray::number(version);
    out += '}';
}

QByteArray studentsJson(const QList<Student> &students)
{
    QByteArray out;
    out.reserve(students.size() * 200 + 2);
    out += '[';
    for (qsizetype i = 0; i < students.size(); ++i) {
        if (i > 0)
            out += ',';
        students.at(i).appendJson(out);
    }
    out += ']';
    return out;
}

} // namespace academy

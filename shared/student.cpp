#include "student.h"

#include "json_text.h"

namespace academy {

QString formatTimestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // Every reply carries two of these: QDateTime::toString was 5% of a GET /students/:id.
    QByteArray text;
    if (appendIsoTimestamp(text, time.toMSecsSinceEpoch()))
        return QString::fromLatin1(text);
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

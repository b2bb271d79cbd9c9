#include "display_text.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace academy::app {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("DisplayText", text);
}
} // namespace

QString readableError(const Error &error)
{
    QStringList lines{error.message.isEmpty() ? tr("Something went wrong.") : error.message};
    for (const FieldError &detail : error.details) {
        const QString where = detail.line > 0 ? tr("line %1, ").arg(detail.line) : QString();
        lines.append(detail.field.isEmpty() ? where + detail.message : where + detail.field + QStringLiteral(": ") + detail.message);
    }
    if (error.retryAfterSeconds > 0)
        lines.append(tr("Try again in %1.").arg(timeUntil(QDateTime::currentDateTimeUtc().addSecs(error.retryAfterSeconds))));
    return lines.join(QLatin1Char('\n'));
}

QString displayTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QString timeUntil(const QDateTime &time)
{
    const qint64 seconds = qMax<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(time));
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    return tr("%1 min").arg((seconds + 59) / 60);
}

QString prettyJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("—");
    // A scalar: wrap it so QJsonDocument prints it with JSON quoting, then unwrap.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QHash<qint64, QString> emailsById(const QList<User> &users)
{
    QHash<qint64, QString> emails;
    for (const User &user : users)
        emails.insert(user.id, user.email);
    return emails;
}

} // namespace academy::app

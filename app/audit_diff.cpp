#include "audit_diff.h"

#include "display_text.h"
#include "request_log_model.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace academy::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AuditDiff", text);
}

QString cell(const QJsonValue &value, const char *background)
{
    const QString text = value.isUndefined() ? QString() : prettyJson(value).toHtmlEscaped();
    const QString style = background ? QStringLiteral(" style='background:%1'").arg(QLatin1String(background)) : QString();
    return QStringLiteral("<td%1><pre style='margin:0'>%2</pre></td>").arg(style, text);
}

// A non-object (null before a create, after a delete) reads as a record with no fields.
QJsonObject fields(const QJsonValue &value)
{
    return value.isObject() ? value.toObject() : QJsonObject();
}

QStringList unionOfKeys(const QJsonObject &before, const QJsonObject &after)
{
    QStringList keys = before.keys();
    for (const QString &key : after.keys()) {
        if (!before.contains(key))
            keys.append(key);
    }
    return keys;
}

QString scalarTable(const AuditEntry &entry)
{
    return QStringLiteral("<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                          "<tr><th>%1</th><th>%2</th></tr><tr>%3%4</tr></table>")
        .arg(tr("Before"), tr("After"), cell(entry.before, nullptr), cell(entry.after, nullptr));
}

} // namespace

QString auditDiffHtml(const AuditEntry &entry, const QHash<qint64, QString> &userNames)
{
    const QString who = entry.userId ? userLabel(userNames, entry.userId) : tr("the system");
    QString html = QStringLiteral("<h3 style='margin:0'>%1 %2 %3</h3><p>%4</p>")
                       .arg(entry.action.toHtmlEscaped(), entry.entity.toHtmlEscaped(), entry.entityId.toHtmlEscaped(),
                            tr("by %1 at %2 from %3")
                                .arg(who.toHtmlEscaped(), displayTime(entry.time), entry.address.toHtmlEscaped()));
    const bool records = entry.before.isObject() || entry.after.isObject();
    if (!records)
        return html + scalarTable(entry);
    const QJsonObject before = fields(entry.before);
    const QJsonObject after = fields(entry.after);
    QString rows;
    int changed = 0;
    for (const QString &key : unionOfKeys(before, after)) {
        const QJsonValue old = entry.before.isObject() ? before.value(key) : QJsonValue(QJsonValue::Undefined);
        const QJsonValue now = entry.after.isObject() ? after.value(key) : QJsonValue(QJsonValue::Undefined);
        // Only an update has two sides to compare; a create or delete shows the one record.
        const bool differs = entry.before.isObject() && entry.after.isObject() && old != now;
        changed += differs ? 1 : 0;
        rows += QStringLiteral("<tr><td><b>%1</b>%2</td>%3%4</tr>")
                    .arg(key.toHtmlEscaped(), differs ? QStringLiteral(" ✱") : QString(),
                         cell(old, differs ? "#fdecea" : nullptr), cell(now, differs ? "#e8f5e9" : nullptr));
    }
    if (entry.before.isObject() && entry.after.isObject())
        html += QStringLiteral("<p>%1</p>").arg(changed == 1 ? tr("1 field changed (✱).") : tr("%1 fields changed (✱).").arg(changed));
    return html + QStringLiteral("<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                                 "<tr><th align='left'>%1</th><th align='left'>%2</th><th align='left'>%3</th></tr>%4</table>")
                      .arg(tr("Field"), tr("Before"), tr("After"), rows);
}

} // namespace academy::app

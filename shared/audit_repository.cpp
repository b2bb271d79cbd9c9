#include "audit_repository.h"

#include "prepared_statements.h"
#include "sql_support.h"
#include "student.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace academy {

namespace {

QVariant storeJson(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QVariant(QMetaType::fromType<QString>());
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QJsonValue loadJson(const QVariant &stored)
{
    if (stored.isNull())
        return QJsonValue::Null;
    const QJsonDocument doc = QJsonDocument::fromJson(stored.toString().toUtf8());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

// QtSql binds a null QString as SQL NULL; address and entity_id are NOT NULL, "" when unknown
// (an import has no single entity id).
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

AuditEntry readEntry(const QSqlQuery &query)
{
    AuditEntry e;
    e.id = query.value(0).toLongLong();
    e.time = fromStoredTime(query.value(1));
    if (!query.value(2).isNull())
        e.userId = query.value(2).toLongLong();
    e.address = query.value(3).toString();
    e.action = query.value(4).toString();
    e.entity = query.value(5).toString();
    e.entityId = query.value(6).toString();
    e.before = loadJson(query.value(7));
    e.after = loadJson(query.value(8));
    return e;
}

} // namespace

QJsonObject AuditEntry::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("time"), formatTimestamp(time)},
        {QStringLiteral("userId"), userId ? QJsonValue(*userId) : QJsonValue()},
        {QStringLiteral("address"), address},
        {QStringLiteral("action"), action},
        {QStringLiteral("entity"), entity},
        {QStringLiteral("entityId"), entityId},
        {QStringLiteral("before"), before.isUndefined() ? QJsonValue() : before},
        {QStringLiteral("after"), after.isUndefined() ? QJsonValue() : after},
    };
}

Status AuditRepository::append(const AuditEntry &entry)
{
    const QVariant userId = entry.userId ? QVariant(*entry.userId) : QVariant(QMetaType::fromType<qint64>());
    // Prepared once per connection: every write appends one (see StudentRepository::insert).
    return runPrepared(m_db,
                       QStringLiteral("INSERT INTO audit_log (time, user_id, address, action, entity, entity_id, "
                                      "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                       {toStoredTime(entry.time.isValid() ? entry.time : currentTime()), userId,
                        notNull(entry.address), entry.action, entry.entity, notNull(entry.entityId),
                        storeJson(entry.before), storeJson(entry.after)},
                       "append audit entry", [](QSqlQuery &) {});
}

Result<AuditPage> AuditRepository::list(const AuditQuery &query)
{
    QStringList conditions;
    QVariantList bindings;
    auto where = [&](const QString &condition, const QVariant &value) {
        conditions << condition;
        bindings << value;
    };
    if (query.since)
        where(QStringLiteral("time >= ?"), toStoredTime(*query.since));
    if (query.until)
        where(QStringLiteral("time <= ?"), toStoredTime(*query.until));
    if (query.userId)
        where(QStringLiteral("user_id = ?"), *query.userId);
    if (!query.action.isEmpty())
        where(QStringLiteral("action = ?"), query.action);
    if (!query.entity.isEmpty())
        where(QStringLiteral("entity = ?"), query.entity);
    if (!query.entityId.isEmpty())
        where(QStringLiteral("entity_id = ?"), query.entityId);
    const QString filter = conditions.isEmpty() ? QString()
                                                : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    AuditPage page;
    Result<qint64> total = newestFirstPage(
        m_db, QStringLiteral("audit_log"),
        QStringLiteral("id, time, user_id, address, action, entity, entity_id, before_json, after_json"), filter,
        bindings, query.limit, query.offset, "list audit entries",
        [&](const QSqlQuery &row) { page.items.append(readEntry(row)); });
    if (!total)
        return total.error();
    page.total = total.value();
    return page;
}

} // namespace academy

#pragma once

#include "error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QSqlDatabase>

#include <optional>

namespace academy {

struct AuditEntry
{
    qint64 id = 0;
    QDateTime time;
    std::optional<qint64> userId;
    QString address;
    QString action;   // e.g. "create", "update", "delete", "import", "login", "login_failed"
    QString entity;   // e.g. "student", "user", "session"
    QString entityId;
    QJsonValue before; // the record before the change (never a secret); null when none
    QJsonValue after;

    QJsonObject toJson() const;
};

struct AuditQuery
{
    std::optional<QDateTime> since;
    std::optional<QDateTime> until;
    std::optional<qint64> userId;
    QString action;
    QString entity;
    QString entityId;
    int limit = 100;
    qint64 offset = 0;
};

struct AuditPage
{
    QList<AuditEntry> items;
    qint64 total = 0;
};

// Appends within the caller's transaction, so an entry exists exactly when its change does.
class AuditRepository final
{
public:
    explicit AuditRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    Status append(const AuditEntry &entry);
    // Newest first.
    Result<AuditPage> list(const AuditQuery &query);

private:
    QSqlDatabase m_db;
};

} // namespace academy

#pragma once

#include "error.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>

namespace academy {

class Database;

// "Something changed" announcements: sessions revoked, users changed, students written.
// Announced after the change committed; delivered at once to this process and, on
// PostgreSQL, to every other instance through NOTIFY. Caches invalidate from it; the
// desktop app refreshes from it.
class ChangeFeed final : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *Channel = "academy_changes";

    explicit ChangeFeed(Database &database);
    ~ChangeFeed() override;

    // Thread-safe. `topic` e.g. "session", "user", "student"; `id` the record's id.
    void announce(const QString &topic, const QString &id);

    // Starts receiving other instances' announcements on a connection of its own, in the
    // calling thread (which needs an event loop). No-op on SQLite.
    Status listen();

Q_SIGNALS:
    void changed(const QString &topic, const QString &id);

private:
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    Database &m_database;
    QString m_listenConnection;
};

} // namespace academy

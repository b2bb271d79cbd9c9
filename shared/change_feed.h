#pragma once

#include "error.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>

class QTimer;

namespace academy {

class Database;

// "Something changed" announcements: sessions revoked, users changed, students written.
// A write announces through its Transaction (Transaction::announce): on PostgreSQL the NOTIFY
// goes out inside the transaction, so every other instance hears of the change when it
// commits and never of one rolled back; this process hears of it once the transaction has
// committed. Caches invalidate from it; the desktop app refreshes from it.
//
// SQLite has no NOTIFY. Another process on the same file (a second academy-server, the
// desktop app, the sqlite3 shell) is noticed by polling the per-topic counters that
// triggers keep (migration 7): a topic that moved is announced with id "*", and caches
// forget all they hold of it.
class ChangeFeed final : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *Channel = "academy_changes";
    // How often SQLite's change counters are read; bounds how long another process's write
    // can go unseen by this one's caches.
    static constexpr int WatchIntervalMs = 500;

    explicit ChangeFeed(Database &database);
    ~ChangeFeed() override;

    // `topic` e.g. "session", "user", "student"; `id` the record's id, or "*" for many.
    // On PostgreSQL, queues the NOTIFY that tells other instances, on the connection of an
    // open transaction (PostgreSQL sends it at COMMIT); nothing to do on SQLite, whose
    // triggers count the change for the other processes.
    Status tellOthers(QSqlDatabase transactionConnection, const QString &topic, const QString &id);
    // Thread-safe. Tells this process (the `changed` signal): after the commit.
    void tellHere(const QString &topic, const QString &id);

    // Starts receiving other instances' announcements, in the calling thread (which needs an
    // event loop): on PostgreSQL on a connection of its own (LISTEN); on SQLite by reading
    // the change counters every WatchIntervalMs on the calling thread's connection.
    Status listen();

Q_SIGNALS:
    void changed(const QString &topic, const QString &id);

private:
    Status listenForNotifications();
    Status watchOtherWriters();
    void checkOtherWriters();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    Database &m_database;
    QString m_listenConnection;
    QTimer *m_watch = nullptr;
    QHash<QString, qint64> m_counters; // SQLite: topic -> changes, as last read
};

} // namespace academy

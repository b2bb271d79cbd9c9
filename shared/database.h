#pragma once

#include "change_feed.h"
#include "database_url.h"
#include "error.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>

class QThread;

#include <atomic>
#include <memory>

namespace academy {

// The application's database: one named QtSql connection per thread, opened lazily on
// first use (QtSql connections belong to the thread that opened them). SQLite gets WAL,
// synchronous=FULL, foreign keys and a busy timeout; PostgreSQL a connect timeout, so an
// unreachable server gives a clear error instead of a hang.
class Database final
{
public:
    explicit Database(DatabaseUrl url);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    Engine engine() const { return m_url.engine; }
    const DatabaseUrl &url() const { return m_url; }

    // This thread's connection, opened on first use. The error says in one sentence why the
    // database cannot be reached.
    Result<QSqlDatabase> connection();

    // Applies the shipped migrations (see migrations.h) in one transaction.
    Status migrate();

    // SQLite: the file of the request log, beside the database ("academy.db" ->
    // "academy-requests.db"), attached to every connection as "log".
    static QString sqliteRequestLogPath(const QString &databasePath);

    // A cheap round trip: is the database answering right now?
    Status ping();

    // Closes and forgets the calling thread's connection (a worker thread calls this before
    // it ends; the destructor forgets all that remain).
    void releaseThisThread();

    // SQLite allows one writer at a time: writers queue here instead of spinning on
    // SQLITE_BUSY (measured: one writer connection gives the best p99). Unused on PostgreSQL.
    QMutex &writerLock() { return m_writerLock; }

    // Change announcements for this database (see ChangeFeed).
    ChangeFeed &changes() { return *m_changes; }

private:
    QString connectionName() const;
    Status configure(QSqlDatabase &db);

    DatabaseUrl m_url;
    quint64 m_serial;
    QMutex m_writerLock;
    QMutex m_namesLock;
    QHash<QString, QThread *> m_owners; // connection name -> the thread that opened it
    std::unique_ptr<ChangeFeed> m_changes;
};

} // namespace academy

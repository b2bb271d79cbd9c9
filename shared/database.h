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

    // This thread's connection for the request log (its rows, queries and pruning). On SQLite
    // the log has a file of its own, and this a connection of its own to that file: a log
    // batch's write lock and fsync then hold up no write to the students' file, and theirs
    // not it (one connection with both files attached locks both for every write
    // transaction). On PostgreSQL it is connection().
    Result<QSqlDatabase> requestLogConnection();

    // SQLite: the file of the request log, beside the database ("academy.db" ->
    // "academy-requests.db").
    static QString sqliteRequestLogPath(const QString &databasePath);

    // A cheap round trip: is the database answering right now?
    Status ping();

    // Closes and forgets the calling thread's connections (a worker thread calls this before
    // it ends; the destructor forgets all that remain).
    void releaseThisThread();

    // SQLite allows one writer at a time: writers queue here instead of spinning on
    // SQLITE_BUSY (measured: one writer connection gives the best p99). Unused on PostgreSQL.
    QMutex &writerLock() { return m_writerLock; }

    // Change announcements for this database (see ChangeFeed).
    ChangeFeed &changes() { return *m_changes; }

private:
    enum class File { Main, RequestLog };

    QString connectionName(File file) const;
    Result<QSqlDatabase> open(File file);
    Status configure(QSqlDatabase &db, File file);
    Status attachRequestLog(QSqlDatabase &db);
    void release(File file);

    DatabaseUrl m_url;
    quint64 m_serial;
    QMutex m_writerLock;
    QMutex m_namesLock;
    QHash<QString, QThread *> m_owners; // connection name -> the thread that opened it
    std::unique_ptr<ChangeFeed> m_changes;
};

} // namespace academy

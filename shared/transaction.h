#pragma once

#include "database.h"
#include "error.h"

#include <QMutexLocker>
#include <QSqlDatabase>

#include <optional>

namespace academy {

// A database transaction on the calling thread's connection, rolled back unless committed.
// Transactions nest: an inner one joins the outermost, and only the outermost commits, so a
// repository call that needs atomicity works alone and inside a service's transaction.
// A Write transaction on SQLite takes the writer lock and begins IMMEDIATE, so concurrent
// writers queue instead of failing with "database is locked".
// A RequestLogWrite transaction is on the thread's requestLogConnection(): on SQLite the
// log's own file, whose one writer (the request log's thread) needs no lock of ours; it
// begins IMMEDIATE there, and waits on SQLite's busy timeout if another process writes.
class Transaction final
{
public:
    enum class Kind { Read, Write, RequestLogWrite };

    Transaction(Database &database, Kind kind);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    // Opens the connection and begins. Everything else needs this to have succeeded.
    Status begin();
    Status commit();

    // Announces a change this transaction makes (ChangeFeed): to other instances with it,
    // to this process once the outermost transaction has committed; never if it rolls back.
    Status announce(const QString &topic, const QString &id);

    QSqlDatabase connection() const { return m_connection; }

private:
    void rollback();

    Database &m_database;
    Kind m_kind;
    QSqlDatabase m_connection;
    std::optional<QMutexLocker<QMutex>> m_writer;
    bool m_outermost = false;
    bool m_active = false;
};

} // namespace academy

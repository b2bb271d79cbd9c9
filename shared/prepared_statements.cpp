#include "prepared_statements.h"

#include "query_metrics.h"
#include "sql_support.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlError>

namespace academy {

namespace {

struct Prepared
{
    QSqlQuery query;
    bool busy = false;
};

// One thread's statements: connection name -> SQL -> statement. Bounded: the SQL texts come
// from code (filter and sort shapes), a handful per connection. Its thread alone uses them;
// the lock is for a Database dropping them from its own thread
// (forgetPreparedStatementsEverywhere).
struct ThreadStatements
{
    ThreadStatements();
    ~ThreadStatements();

    QMutex lock;
    QHash<QString, QHash<QString, std::shared_ptr<Prepared>>> byConnection;
};

constexpr qsizetype MaxPerConnection = 64;

// Every thread that holds statements. Never destroyed: a thread may end after the process's
// static objects are gone.
struct Registry
{
    QMutex lock;
    QSet<ThreadStatements *> threads;
};

Registry &registry()
{
    static auto *const instance = new Registry;
    return *instance;
}

ThreadStatements::ThreadStatements()
{
    QMutexLocker locker(&registry().lock);
    registry().threads.insert(this);
}

ThreadStatements::~ThreadStatements()
{
    // At the thread's exit, with the registry locked: a Database removing its connections
    // either dropped these statements first, or waits until they are gone. A statement must
    // never be destroyed while its connection is being removed (the PostgreSQL driver
    // crashed when the two ran at once).
    QMutexLocker locker(&registry().lock);
    registry().threads.remove(this);
    QMutexLocker own(&lock);
    byConnection.clear();
}

thread_local ThreadStatements statements;

Status execute(QSqlQuery &query, const QVariantList &bindings, const char *context)
{
    for (qsizetype i = 0; i < bindings.size(); ++i)
        query.bindValue(int(i), bindings.at(i));
    QElapsedTimer timer;
    timer.start();
    const bool ran = query.exec();
    QueryMetrics::instance().observe(timer.nsecsElapsed() / 1e9, !ran);
    if (!ran)
        return databaseError(query.lastError(), context);
    return {};
}

using Statements = QHash<QString, std::shared_ptr<Prepared>>;

// The calling thread's statement for `sql`, prepared on `db` the first time. Under
// statements.lock.
Result<std::shared_ptr<Prepared>> cached(Statements &mine, QSqlDatabase db, const QString &sql, const char *context)
{
    if (std::shared_ptr<Prepared> entry = mine.value(sql))
        return entry;
    if (mine.size() >= MaxPerConnection)
        mine.clear();
    auto entry = std::make_shared<Prepared>(Prepared{QSqlQuery(db), false});
    entry->query.setForwardOnly(true);
    if (!entry->query.prepare(sql))
        return databaseError(entry->query.lastError(), context);
    mine.insert(sql, entry);
    return entry;
}

} // namespace

Status usePrepared(QSqlDatabase db, const QString &sql, const char *context,
                   const std::function<Status(QSqlQuery &)> &use)
{
    QMutexLocker locker(&statements.lock); // only ever waits for a Database going away
    Statements &mine = statements.byConnection[db.connectionName()];
    if (std::shared_ptr<Prepared> entry = mine.value(sql); entry && entry->busy) {
        locker.unlock(); // re-entered: a statement of its own for this call
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return databaseError(query.lastError(), context);
        return use(query);
    }
    Result<std::shared_ptr<Prepared>> prepared = cached(mine, db, sql, context);
    if (!prepared)
        return prepared.error();
    const std::shared_ptr<Prepared> entry = prepared.value();
    entry->busy = true;
    locker.unlock(); // `use` may run statements of its own
    const Status used = use(entry->query);
    entry->busy = false;
    if (!used) { // prepared afresh next time (e.g. after a reconnect)
        locker.relock(); // `mine` may have moved meanwhile: looked up again
        const auto connection = statements.byConnection.find(db.connectionName());
        if (connection != statements.byConnection.end() && connection->value(sql) == entry)
            connection->remove(sql);
    }
    return used;
}

Status runPrepared(QSqlDatabase db, const QString &sql, const QVariantList &bindings, const char *context,
                   const std::function<void(QSqlQuery &)> &read)
{
    return usePrepared(db, sql, context, [&](QSqlQuery &query) -> Status {
        if (Status ran = execute(query, bindings, context); !ran)
            return ran;
        read(query);
        query.finish(); // no read snapshot stays open between requests
        return {};
    });
}

void forgetPreparedStatements(const QString &connectionName)
{
    QMutexLocker locker(&statements.lock);
    statements.byConnection.remove(connectionName);
}

void forgetPreparedStatementsEverywhere(const QStringList &connectionNames)
{
    QMutexLocker locker(&registry().lock);
    for (ThreadStatements *thread : std::as_const(registry().threads)) {
        QMutexLocker own(&thread->lock);
        for (const QString &name : connectionNames)
            thread->byConnection.remove(name);
    }
}

} // namespace academy

#include "prepared_statements.h"

#include "query_metrics.h"
#include "sql_support.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlError>

namespace academy {

namespace {

struct Prepared
{
    QSqlQuery query;
    bool busy = false;
};

// Per thread, because connections are: connection name -> SQL -> statement. Bounded: the
// SQL texts come from code (filter and sort shapes), a handful per connection.
constexpr qsizetype MaxPerConnection = 64;
thread_local QHash<QString, QHash<QString, std::shared_ptr<Prepared>>> statements;

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

} // namespace

Status runPrepared(QSqlDatabase db, const QString &sql, const QVariantList &bindings, const char *context,
                   const std::function<void(QSqlQuery &)> &read)
{
    QHash<QString, std::shared_ptr<Prepared>> &mine = statements[db.connectionName()];
    std::shared_ptr<Prepared> entry = mine.value(sql);
    if (entry && entry->busy) { // re-entered: an uncached statement for this call
        Result<QSqlQuery> query = runQuery(db, sql, bindings, context);
        if (!query)
            return query.error();
        read(query.value());
        return {};
    }
    if (!entry) {
        if (mine.size() >= MaxPerConnection)
            mine.clear();
        entry = std::make_shared<Prepared>(Prepared{QSqlQuery(db), false});
        entry->query.setForwardOnly(true);
        if (!entry->query.prepare(sql))
            return databaseError(entry->query.lastError(), context);
        mine.insert(sql, entry);
    }
    if (Status ran = execute(entry->query, bindings, context); !ran) {
        mine.remove(sql); // prepared afresh next time (e.g. after a reconnect)
        return ran;
    }
    entry->busy = true;
    read(entry->query);
    entry->busy = false;
    entry->query.finish();
    return {};
}

void forgetPreparedStatements(const QString &connectionName)
{
    statements.remove(connectionName);
}

} // namespace academy

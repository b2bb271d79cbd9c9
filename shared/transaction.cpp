#include "transaction.h"

#include "change_feed.h"
#include "sql_support.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace academy {

namespace {

// Open transactions per connection of this thread.
thread_local QHash<QString, int> openDepth;
// Changes announced in them, told to this process when the outermost one commits.
thread_local QHash<QString, QList<std::pair<QString, QString>>> pendingChanges;

QString beginStatement(Engine engine, Transaction::Kind kind)
{
    const bool writes = kind != Transaction::Kind::Read;
    if (engine == Engine::SQLite)
        return writes ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    return writes ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

} // namespace

Transaction::Transaction(Database &database, Kind kind) : m_database(database), m_kind(kind) {}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

Status Transaction::begin()
{
    Result<QSqlDatabase> db = m_kind == Kind::RequestLogWrite ? m_database.requestLogConnection() : m_database.connection();
    if (!db)
        return db.error();
    m_connection = db.value();
    int &depth = openDepth[m_connection.connectionName()];
    if (depth > 0) {
        ++depth;
        m_active = true;
        return {};
    }
    if (m_kind == Kind::Write && m_database.engine() == Engine::SQLite)
        m_writer.emplace(&m_database.writerLock());
    QSqlQuery query(m_connection);
    if (!query.exec(beginStatement(m_database.engine(), m_kind))) {
        m_writer.reset();
        return databaseError(query.lastError(), "begin transaction");
    }
    depth = 1;
    m_outermost = true;
    m_active = true;
    return {};
}

Status Transaction::commit()
{
    Q_ASSERT(m_active);
    int &depth = openDepth[m_connection.connectionName()];
    --depth;
    m_active = false;
    if (!m_outermost)
        return {};
    QSqlQuery query(m_connection);
    const bool committed = query.exec(QStringLiteral("COMMIT"));
    Status status;
    if (!committed) {
        status = databaseError(query.lastError(), "commit");
        QSqlQuery(m_connection).exec(QStringLiteral("ROLLBACK"));
    }
    m_writer.reset();
    const QList<std::pair<QString, QString>> changes = pendingChanges.take(m_connection.connectionName());
    if (committed) {
        for (const auto &[topic, id] : changes)
            m_database.changes().tellHere(topic, id);
    }
    return status;
}

Status Transaction::announce(const QString &topic, const QString &id)
{
    Q_ASSERT(m_active);
    if (Status told = m_database.changes().tellOthers(m_connection, topic, id); !told)
        return told;
    pendingChanges[m_connection.connectionName()].append({topic, id});
    return {};
}

void Transaction::rollback()
{
    int &depth = openDepth[m_connection.connectionName()];
    --depth;
    m_active = false;
    if (!m_outermost)
        return; // the outermost transaction decides; the failure travels up as a Status
    QSqlQuery(m_connection).exec(QStringLiteral("ROLLBACK"));
    m_writer.reset();
    pendingChanges.remove(m_connection.connectionName());
}

} // namespace academy

#include "change_feed.h"

#include "database.h"
#include "prepared_statements.h"
#include "sql_support.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

namespace academy {

ChangeFeed::ChangeFeed(Database &database) : m_database(database) {}

ChangeFeed::~ChangeFeed()
{
    if (m_listenConnection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_listenConnection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_listenConnection);
}

Status ChangeFeed::tellOthers(QSqlDatabase transactionConnection, const QString &topic, const QString &id)
{
    if (m_database.engine() != Engine::PostgreSQL)
        return {};
    // Inside the writer's transaction, not after it in one of its own: that was one more
    // transaction per change, and a crash between the two commits lost the announcement.
    return runPrepared(transactionConnection, QStringLiteral("SELECT pg_notify(?, ?)"),
                       {QString::fromLatin1(Channel), topic + QLatin1Char(':') + id}, "announce change",
                       [](QSqlQuery &) {});
}

void ChangeFeed::tellHere(const QString &topic, const QString &id)
{
    Q_EMIT changed(topic, id);
}

Status ChangeFeed::listen()
{
    if (!m_listenConnection.isEmpty() || m_watch)
        return {};
    return m_database.engine() == Engine::PostgreSQL ? listenForNotifications() : watchOtherWriters();
}

Status ChangeFeed::listenForNotifications()
{
    const DatabaseUrl &url = m_database.url();
    m_listenConnection = QStringLiteral("academy-listen-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_listenConnection);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(url.password);
    db.setDatabaseName(url.database);
    db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    if (!db.open() || !db.driver()->subscribeToNotification(QString::fromLatin1(Channel)))
        return Error::unavailable(QStringLiteral("Cannot listen for changes: %1").arg(db.lastError().text()));
    connect(db.driver(), &QSqlDriver::notification, this, &ChangeFeed::onNotification);
    return {};
}

namespace {

// SQLite: how many changes of each topic any writer has committed (change_counters).
Result<QHash<QString, qint64>> readCounters(Database &database)
{
    Result<QSqlDatabase> db = database.connection();
    if (!db)
        return db.error();
    Result<QSqlQuery> query =
        runQuery(db.value(), QStringLiteral("SELECT topic, changes FROM change_counters"), {}, "read change counters");
    if (!query)
        return query.error();
    QSqlQuery rows = std::move(query.value());
    QHash<QString, qint64> counters;
    while (rows.next())
        counters.insert(rows.value(0).toString(), rows.value(1).toLongLong());
    return counters;
}

} // namespace

Status ChangeFeed::watchOtherWriters()
{
    Result<QHash<QString, qint64>> counters = readCounters(m_database);
    if (!counters)
        return Error::unavailable(QStringLiteral("Cannot watch for other processes' changes: %1").arg(counters.error().message));
    m_counters = counters.value();
    m_watch = new QTimer(this);
    m_watch->setInterval(WatchIntervalMs);
    connect(m_watch, &QTimer::timeout, this, &ChangeFeed::checkOtherWriters);
    m_watch->start();
    return {};
}

void ChangeFeed::checkOtherWriters()
{
    // This process's own writes move the counters too: they were announced already, and
    // forgetting once more costs a few cache misses.
    Result<QHash<QString, qint64>> counters = readCounters(m_database);
    if (!counters)
        return; // tried again at the next tick; runQuery logged why
    for (auto it = counters->cbegin(); it != counters->cend(); ++it) {
        if (m_counters.value(it.key(), -1) != it.value())
            Q_EMIT changed(it.key(), QStringLiteral("*"));
    }
    m_counters = counters.value();
}

void ChangeFeed::onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name != QLatin1String(Channel))
        return;
    const QString text = payload.toString();
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon > 0)
        Q_EMIT changed(text.left(colon), text.mid(colon + 1));
}

} // namespace academy

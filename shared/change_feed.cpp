#include "change_feed.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlDriver>
#include <QSqlError>
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

void ChangeFeed::announce(const QString &topic, const QString &id)
{
    Q_EMIT changed(topic, id);
    if (m_database.engine() != Engine::PostgreSQL)
        return;
    Result<QSqlDatabase> db = m_database.connection();
    if (!db)
        return; // other instances fall back on their caches' short lifetime
    (void)runQuery(db.value(), QStringLiteral("SELECT pg_notify(?, ?)"),
                   {QString::fromLatin1(Channel), topic + QLatin1Char(':') + id}, "announce change");
}

Status ChangeFeed::listen()
{
    if (m_database.engine() != Engine::PostgreSQL || !m_listenConnection.isEmpty())
        return {};
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

#include "database.h"

#include "migrations.h"
#include "prepared_statements.h"
#include "sql_support.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

namespace academy {

namespace {

std::atomic<quint64> nextSerial{1};

constexpr int SqliteBusyTimeoutMs = 5000;
constexpr int PostgresConnectTimeoutSeconds = 5;

// One line: libpq's reasons span lines ("...refused\n\tIs the server running..."), which
// would split a log record.
Error unreachable(const DatabaseUrl &url, const QString &why)
{
    return Error::unavailable(
        QStringLiteral("Cannot open the database %1: %2").arg(url.redacted(), why.simplified()));
}

} // namespace

Database::Database(DatabaseUrl url)
    : m_url(std::move(url)), m_serial(nextSerial++), m_changes(std::make_unique<ChangeFeed>(*this))
{
}

Database::~Database()
{
    m_changes.reset();
    // Threads that used this database are done with it by now, though some (a pool's) may
    // not have ended yet; their connections are only forgotten here (opening a handle to
    // them from this thread is not allowed), and the statements kept on them go first.
    QMutexLocker locker(&m_namesLock);
    const QStringList names = m_owners.keys();
    forgetPreparedStatementsEverywhere(names);
    for (const QString &name : names)
        QSqlDatabase::removeDatabase(name);
}

QString Database::connectionName(File file) const
{
    return QStringLiteral("academy-%1-%2%3")
        .arg(m_serial)
        .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()), 0, 16)
        .arg(file == File::RequestLog ? QStringLiteral("-log") : QString());
}

namespace {

// SQLite keeps memory statistics, which nothing here reads, under one process-wide mutex
// taken by every allocation: every serving thread's reads and the log writer's inserts took
// turns on it. They can only be switched off before the library initialises, that is before
// the first connection opens; later the call fails harmlessly.
void switchOffSqliteMemoryStatistics()
{
    static const int done = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Q_UNUSED(done);
}

} // namespace

Result<QSqlDatabase> Database::connection()
{
    return open(File::Main);
}

Result<QSqlDatabase> Database::requestLogConnection()
{
    return open(m_url.engine == Engine::SQLite ? File::RequestLog : File::Main);
}

Result<QSqlDatabase> Database::open(File file)
{
    const QString name = connectionName(file);
    bool ours = false;
    {
        QMutexLocker locker(&m_namesLock);
        ours = m_owners.value(name) == QThread::currentThread();
    }
    if (QSqlDatabase::contains(name)) {
        if (ours) {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                return db;
        }
        // Not open, or left by an ended thread whose id this one reuses: start afresh.
        forgetPreparedStatements(name);
        QSqlDatabase::removeDatabase(name);
    }
    const bool sqlite = m_url.engine == Engine::SQLite;
    QSqlDatabase db = QSqlDatabase::addDatabase(sqlite ? QStringLiteral("QSQLITE")
                                                       : QStringLiteral("QPSQL"), name);
    if (!db.isValid())
        return unreachable(m_url, QStringLiteral("the Qt SQL driver for it is not installed"));
    {
        QMutexLocker locker(&m_namesLock);
        m_owners.insert(name, QThread::currentThread());
    }
    if (sqlite) {
        switchOffSqliteMemoryStatistics();
        const QFileInfo folder(m_url.path);
        if (!QDir().mkpath(folder.absolutePath()))
            return unreachable(m_url, QStringLiteral("cannot create the folder %1").arg(folder.absolutePath()));
        db.setDatabaseName(file == File::RequestLog ? sqliteRequestLogPath(m_url.path) : m_url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(SqliteBusyTimeoutMs));
    } else {
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.database);
        db.setConnectOptions(QStringLiteral("connect_timeout=%1;application_name=academy")
                                 .arg(PostgresConnectTimeoutSeconds));
    }
    if (!db.open())
        return unreachable(m_url, db.lastError().databaseText().isEmpty()
                                      ? db.lastError().text() : db.lastError().databaseText());
    if (Status configured = configure(db, file); !configured)
        return configured.error();
    return db;
}

QString Database::sqliteRequestLogPath(const QString &databasePath)
{
    const QFileInfo file(databasePath);
    const QString suffix = file.suffix().isEmpty() ? QString() : QLatin1Char('.') + file.suffix();
    return file.dir().filePath(file.completeBaseName() + QStringLiteral("-requests") + suffix);
}

Status Database::configure(QSqlDatabase &db, File file)
{
    QStringList statements;
    if (m_url.engine == Engine::SQLite) {
        statements = {QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL")};
        if (file == File::Main)
            statements.append(QStringLiteral("PRAGMA foreign_keys=ON"));
    } else {
        statements = {QStringLiteral("SET client_min_messages = warning"), // no NOTICEs on stderr
                      QStringLiteral("SET TIME ZONE 'UTC'"),
                      QStringLiteral("SET client_encoding = 'UTF8'")};
    }
    for (const QString &sql : std::as_const(statements)) {
        QSqlQuery query(db);
        if (!query.exec(sql))
            return unreachable(m_url, query.lastError().text());
    }
    return {};
}

Status Database::attachRequestLog(QSqlDatabase &db)
{
    QSqlQuery attach(db);
    attach.prepare(QStringLiteral("ATTACH DATABASE ? AS log"));
    attach.addBindValue(sqliteRequestLogPath(m_url.path));
    if (!attach.exec())
        return unreachable(m_url, attach.lastError().text());
    for (const QString &sql : {QStringLiteral("PRAGMA log.journal_mode=WAL"), QStringLiteral("PRAGMA log.synchronous=FULL")}) {
        QSqlQuery query(db);
        if (!query.exec(sql))
            return unreachable(m_url, query.lastError().text());
    }
    return {};
}

Status Database::migrate()
{
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    if (m_url.engine != Engine::SQLite)
        return Migrations(*this).apply();
    // Migration 6 moves the request log into its own file, which it finds attached as "log".
    // Attached only while the migrations run (ATTACH is not allowed inside their transaction):
    // a connection with the log attached takes its write lock with every write transaction.
    if (Status attached = attachRequestLog(db.value()); !attached)
        return attached;
    const Status applied = Migrations(*this).apply();
    QSqlQuery detach(db.value());
    if (!detach.exec(QStringLiteral("DETACH DATABASE log")))
        qCWarning(lcDatabase).noquote() << "the request log stays attached after the migrations:" << detach.lastError().text();
    return applied;
}

Status Database::ping()
{
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    QSqlQuery query(db.value());
    if (!query.exec(QStringLiteral("SELECT 1"))) {
        const Error error = databaseError(query.lastError(), "ping");
        releaseThisThread(); // a dead server connection is reopened on the next use
        return error;
    }
    return {};
}

void Database::releaseThisThread()
{
    release(File::Main);
    release(File::RequestLog);
}

void Database::release(File file)
{
    const QString name = connectionName(file);
    QMutexLocker locker(&m_namesLock);
    if (m_owners.value(name) != QThread::currentThread())
        return; // this thread never opened one (its id may name an ended thread's)
    m_owners.remove(name);
    locker.unlock();
    forgetPreparedStatements(name);
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace academy

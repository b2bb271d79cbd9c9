#include "sql_support.h"

#include "query_metrics.h"

#include <QElapsedTimer>
#include <QSqlError>

#include <optional>

Q_LOGGING_CATEGORY(lcDatabase, "academy.database")

namespace academy {

namespace {

// QSQLITE reports every failed step as a ConnectionError, a broken CHECK as much as a busy
// file, so for SQLite the result code decides. Its codes are numbers of at most four digits;
// a PostgreSQL SQLSTATE always has five characters.
std::optional<bool> sqliteUnavailable(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    bool numeric = false;
    const int value = code.toInt(&numeric);
    if (!numeric || code.size() >= 5)
        return std::nullopt;
    switch (value & 0xff) { // the primary code of an extended one
    case 5:  // SQLITE_BUSY
    case 6:  // SQLITE_LOCKED
    case 8:  // SQLITE_READONLY
    case 10: // SQLITE_IOERR
    case 13: // SQLITE_FULL
    case 14: // SQLITE_CANTOPEN
        return true;
    default:
        return false;
    }
}

bool isConnectionLost(const QSqlError &error)
{
    if (const std::optional<bool> sqlite = sqliteUnavailable(error))
        return *sqlite;
    if (error.type() == QSqlError::ConnectionError)
        return true;
    const QString text = error.databaseText();
    return text.contains(QLatin1String("server closed the connection"))
           || text.contains(QLatin1String("no connection to the server"))
           || text.contains(QLatin1String("could not connect"))
           || text.contains(QLatin1String("terminating connection"));
}

} // namespace

Error databaseError(const QSqlError &error, const char *context)
{
    qCWarning(lcDatabase).noquote() << context << ':' << error.text() << '(' << error.nativeErrorCode() << ')';
    if (isConnectionLost(error))
        return Error::unavailable(QStringLiteral("The database is unavailable"));
    return Error::internal(QStringLiteral("Database error"));
}

bool isUniqueViolation(const QSqlError &error)
{
    // SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) / PRIMARYKEY (1555); PostgreSQL: SQLSTATE 23505.
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("2067") || code == QLatin1String("1555")
           || code == QLatin1String("23505");
}

Result<QSqlQuery> runQuery(QSqlDatabase db, const QString &sql, const QVariantList &bindings,
                           const char *context)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return databaseError(query.lastError(), context);
    for (const QVariant &value : bindings)
        query.addBindValue(value);
    QElapsedTimer timer;
    timer.start();
    const bool ran = query.exec();
    QueryMetrics::instance().observe(timer.nsecsElapsed() / 1e9, !ran);
    if (!ran)
        return databaseError(query.lastError(), context);
    return query;
}

Result<QSqlQuery> runQuery(QSqlDatabase db, const QString &sql,
                           std::initializer_list<QVariant> bindings, const char *context)
{
    return runQuery(std::move(db), sql, QVariantList(bindings), context);
}

qint64 toStoredTime(const QDateTime &time)
{
    return time.toMSecsSinceEpoch();
}

QDateTime fromStoredTime(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QDateTime currentTime()
{
    return QDateTime::currentDateTimeUtc();
}

QString containsPattern(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    escaped += QLatin1Char('%');
    for (const QChar c : text) {
        if (c == QLatin1Char('%') || c == QLatin1Char('_') || c == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    escaped += QLatin1Char('%');
    return escaped;
}

QString foldForSearch(const QString &text)
{
    // QString::toCaseFolded() folds one character to one (Unicode's simple folding), so "ß"
    // would never match the "SS" that upper-casing gives; upper-casing in between applies the
    // full mappings (ß → SS, ﬁ → FI), and the last fold brings everything to one form.
    return text.toCaseFolded().toUpper().toCaseFolded();
}

Result<qint64> newestFirstPage(QSqlDatabase db, const QString &table, const QString &columns, QString where,
                               QVariantList bindings, int limit, qint64 offset, const char *context,
                               const std::function<void(const QSqlQuery &)> &eachRow)
{
    // With a filter, the count also finds the lowest and highest matching id, and the page is
    // read between them. Newest first walks the primary key down from the newest row, and a
    // filter that matches only old rows (a narrow time range hours back) made that walk pass
    // every newer row first: 326 ms against 10 ms with the bounds, for one minute out of
    // 1.5 million request log rows on PostgreSQL (the planner cannot know that id and time
    // rise together). The count visits the matching rows anyway, so the bounds cost it nothing
    // measurable; with no filter they would turn a quick count into a full scan, and the walk
    // needs none.
    const bool bounded = !where.isEmpty();
    qint64 total = 0;
    qint64 lowest = 0;
    qint64 highest = 0;
    {
        // Gone before the page runs: on PostgreSQL, ending a statement is a round trip of
        // its own (DEALLOCATE), which would discard the rows of the page still being read.
        Result<QSqlQuery> counted = runQuery(db,
                                             QStringLiteral("SELECT COUNT(*)") + (bounded ? QStringLiteral(", MIN(id), MAX(id)") : QString())
                                                 + QStringLiteral(" FROM ") + table + where,
                                             bindings, context);
        if (!counted)
            return counted.error();
        QSqlQuery &totals = counted.value();
        if (totals.next()) {
            total = totals.value(0).toLongLong();
            lowest = bounded ? totals.value(1).toLongLong() : 0;
            highest = bounded ? totals.value(2).toLongLong() : 0;
        }
    }
    if (total == 0)
        return total;
    if (bounded) {
        where += QStringLiteral(" AND id >= ? AND id <= ?");
        bindings << lowest << highest;
    }
    bindings << limit << offset;
    Result<QSqlQuery> rows = runQuery(db,
                                      QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM ") + table + where
                                          + QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?"),
                                      bindings, context);
    if (!rows)
        return rows.error();
    while (rows.value().next())
        eachRow(rows.value());
    return total;
}

} // namespace academy

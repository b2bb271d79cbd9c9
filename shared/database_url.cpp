#include "database_url.h"

#include <QUrl>

namespace academy {

namespace {

Error badUrl(const QString &why)
{
    return {ErrorCode::ValidationFailed, QStringLiteral("DB_URL: %1").arg(why), {}};
}

Result<DatabaseUrl> parseSqlite(const QString &url)
{
    DatabaseUrl parsed;
    parsed.engine = Engine::SQLite;
    parsed.path = url.mid(QStringLiteral("sqlite://").size());
    if (parsed.path.isEmpty())
        return badUrl(QStringLiteral("sqlite:// needs a file path, e.g. sqlite:///var/lib/academy/academy.db"));
    return parsed;
}

Result<DatabaseUrl> parsePostgres(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return badUrl(QStringLiteral("not a valid postgresql://user:pass@host:port/db address"));
    DatabaseUrl parsed;
    parsed.engine = Engine::PostgreSQL;
    parsed.host = url.host();
    parsed.port = url.port(5432);
    parsed.user = url.userName(QUrl::FullyDecoded);
    parsed.password = url.password(QUrl::FullyDecoded);
    parsed.database = url.path(QUrl::FullyDecoded).mid(1);
    if (parsed.database.isEmpty() || parsed.database.contains(QLatin1Char('/')))
        return badUrl(QStringLiteral("postgresql:// needs a database name, e.g. postgresql://user:pass@host:5432/academy"));
    if (parsed.port <= 0 || parsed.port > 65535)
        return badUrl(QStringLiteral("port out of range"));
    return parsed;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &url)
{
    if (url.startsWith(QLatin1String("sqlite://")))
        return parseSqlite(url);
    if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://")))
        return parsePostgres(url);
    const QString scheme = url.section(QLatin1Char(':'), 0, 0);
    return badUrl(QStringLiteral("unknown database engine \"%1\"; use sqlite://PATH or "
                                 "postgresql://user:pass@host:port/db")
                      .arg(scheme.left(40)));
}

QString DatabaseUrl::redacted() const
{
    if (engine == Engine::SQLite)
        return QStringLiteral("sqlite://") + path;
    const QString credentials = user.isEmpty() ? QString() : user + QStringLiteral(":***@");
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(credentials, host).arg(port).arg(database);
}

} // namespace academy

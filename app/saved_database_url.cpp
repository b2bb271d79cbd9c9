#include "saved_database_url.h"

#include "app_settings.h"
#include "database_password.h"
#include "database_url.h"

#include <QCoreApplication>
#include <QDir>

namespace academy::app {

namespace {

const QString DbUrlVariable = QStringLiteral("DB_URL");

QString redacted(const QString &url)
{
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    return parsed ? parsed->redacted() : QStringLiteral("DB_URL");
}

Error passwordMissing(const QString &url, const QString &dataDir)
{
    const QString file = QDir::toNativeSeparators(databasePasswordFilePath(dataDir));
    Error error;
    error.code = ErrorCode::Unavailable;
    error.message = QCoreApplication::translate(
                        "academy::app::SavedDatabaseUrl",
                        "The password of the database %1 is missing: it was kept in the system "
                        "keychain (or, without one, in the file %2), and it is not there any "
                        "more.\n\n"
                        "Start Academy Admin with the whole address, password included, in "
                        "the environment variable DB_URL or the option --db-url, e.g.\n"
                        "academy-admin --db-url 'postgresql://USER:PASSWORD@HOST:PORT/DATABASE'")
                        .arg(redacted(url), file);
    return error;
}

} // namespace

Status saveDatabaseUrl(AppSettings &settings, const QString &url, const QString &dataDir)
{
    if (url.isEmpty()) {
        settings.setValue(DbUrlVariable, {});
        settings.setDatabasePasswordStored(false);
        return {};
    }
    const Result<DatabaseUrlParts> parts = splitDatabaseUrl(url);
    if (!parts)
        return parts.error();
    if (!parts->password.isEmpty()) {
        const Result<SecretSource> stored =
            storeDatabasePassword(dataDir, parts->url, parts->password);
        if (!stored)
            return stored.error();
    }
    settings.setValue(DbUrlVariable, parts->url);
    settings.setDatabasePasswordStored(!parts->password.isEmpty());
    settings.raw().sync();
    return {};
}

Status moveDatabasePasswordOutOfSettings(AppSettings &settings, const QString &dataDir)
{
    const QString saved = settings.value(DbUrlVariable);
    if (saved.isEmpty())
        return {};
    const Result<DatabaseUrlParts> parts = splitDatabaseUrl(saved);
    if (!parts || parts->password.isEmpty())
        return {}; // a bad URL is Config's to report, with the variable's name
    return saveDatabaseUrl(settings, saved, dataDir);
}

Result<QString> savedDatabaseUrl(const AppSettings &settings, const QString &dataDir)
{
    const QString saved = settings.value(DbUrlVariable);
    if (saved.isEmpty() || !settings.databasePasswordStored())
        return saved;
    const Result<DatabaseUrlParts> parts = splitDatabaseUrl(saved);
    if (!parts)
        return parts.error();
    if (!parts->password.isEmpty())
        return saved; // still in the settings: the move to the secret store did not happen
    const Result<std::optional<QString>> password = loadDatabasePassword(dataDir, saved);
    if (!password)
        return password.error();
    if (!password->has_value())
        return passwordMissing(saved, dataDir);
    return joinDatabaseUrl(saved, **password);
}

} // namespace academy::app

#include "database_password.h"

#include "database_url.h"
#include "keychain.h"
#include "owner_only_file.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QUrl>

namespace academy {

namespace {

Q_LOGGING_CATEGORY(lcDatabasePassword, "academy.secrets")

const owner_only_file::Kind PasswordFile{
    QStringLiteral("database password file"),
    QStringLiteral("chmod 600 it, or delete it and give the database password again")};

// The key names the database but never its password, which would otherwise sit in the
// keychain's (often unencrypted) attribute list.
Result<QString> keychainKey(const QString &url)
{
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    return QStringLiteral("database-password:") + parsed->redacted();
}

bool isPostgres(const QString &url)
{
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    return parsed && parsed->engine == Engine::PostgreSQL;
}

// The keychain's password; empty when it has none or cannot be asked.
std::optional<QString> keychainPassword(const QString &key)
{
    if (keychain::skipped())
        return std::nullopt;
    const keychain::Read read = keychain::read(key);
    if (read.state == keychain::State::Unavailable)
        qCInfo(lcDatabasePassword).noquote() << "no usable keychain:" << read.reason;
    if (read.state != keychain::State::Found || read.bytes.isEmpty())
        return std::nullopt;
    return QString::fromUtf8(read.bytes);
}

} // namespace

Result<DatabaseUrlParts> splitDatabaseUrl(const QString &url)
{
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    if (parsed->engine != Engine::PostgreSQL)
        return DatabaseUrlParts{url, {}};
    QUrl withoutPassword(url, QUrl::StrictMode);
    withoutPassword.setPassword(QString());
    return DatabaseUrlParts{withoutPassword.toString(QUrl::FullyEncoded), parsed->password};
}

QString joinDatabaseUrl(const QString &urlWithoutPassword, const QString &password)
{
    if (password.isEmpty() || !isPostgres(urlWithoutPassword))
        return urlWithoutPassword;
    QUrl url(urlWithoutPassword, QUrl::StrictMode);
    url.setPassword(password, QUrl::DecodedMode);
    return url.toString(QUrl::FullyEncoded);
}

Result<SecretSource> storeDatabasePassword(const QString &dataDir, const QString &url,
                                           const QString &password)
{
    const Result<QString> key = keychainKey(url);
    if (!key)
        return key.error();
    const QString filePath = databasePasswordFilePath(dataDir);
    if (!keychain::skipped()) {
        const QString failure = keychain::write(*key, password.toUtf8());
        if (failure.isEmpty()) {
            QFile::remove(filePath); // an older copy, from a start without a keychain
            return SecretSource::Keychain;
        }
        qCInfo(lcDatabasePassword).noquote()
            << "could not store the database password in the keychain:" << failure;
    }
    if (!QDir().mkpath(dataDir))
        return Error::internal(
            QStringLiteral("DATA_DIR %1 cannot be created").arg(QDir::toNativeSeparators(dataDir)));
    if (Status written = owner_only_file::replace(PasswordFile, filePath, password.toUtf8());
        !written)
        return written.error();
    return SecretSource::File;
}

QString databasePasswordFilePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("database-password"));
}

Result<std::optional<QString>> loadDatabasePassword(const QString &dataDir, const QString &url)
{
    const Result<QString> key = keychainKey(url);
    if (!key)
        return key.error();
    if (std::optional<QString> fromKeychain = keychainPassword(*key))
        return fromKeychain;
    const Result<std::optional<QByteArray>> fromFile =
        owner_only_file::read(PasswordFile, databasePasswordFilePath(dataDir));
    if (!fromFile)
        return fromFile.error();
    if (!fromFile->has_value() || (*fromFile)->isEmpty())
        return std::optional<QString>();
    return std::optional(QString::fromUtf8(**fromFile));
}

} // namespace academy

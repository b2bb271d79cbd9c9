#include "secret_store.h"

#include "database_url.h"
#include "keychain.h"
#include "owner_only_file.h"

#include <sodium.h>

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

#include <cerrno>
#include <cstring>
#include <optional>
#include <unistd.h>

namespace academy {

namespace {

Q_LOGGING_CATEGORY(lcSecrets, "academy.secrets")

constexpr qsizetype MinimumSecretBytes = 32;
constexpr qsizetype GeneratedSecretBytes = 32;

const owner_only_file::Kind SecretFile{
    QStringLiteral("secret file"),
    QStringLiteral("chmod 600 it, or delete it to generate a new secret")};

Result<QByteArray> randomBytes(qsizetype size)
{
    if (sodium_init() < 0)
        return Error::internal(QStringLiteral("libsodium could not be initialised"));
    QByteArray bytes(size, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return bytes;
}

// ---- keychain ----

// The key names the database but never its password, which would otherwise sit in the
// keychain's (often unencrypted) attribute list.
Result<QString> keychainKey(const Config &config)
{
    const Result<DatabaseUrl> url = DatabaseUrl::parse(config.dbUrl);
    if (!url)
        return url.error();
    return QStringLiteral("jwt-secret:") + url->redacted();
}

// The keychain's secret, generated and stored on first use; empty when there is no usable
// keychain, so the caller falls back to the file.
Result<std::optional<JwtSecret>> keychainSecret(const Config &config)
{
    if (keychain::skipped())
        return std::optional<JwtSecret>();
    const Result<QString> key = keychainKey(config);
    if (!key)
        return key.error();
    const keychain::Read read = keychain::read(*key);
    if (read.state == keychain::State::Found) {
        if (read.bytes.size() < MinimumSecretBytes)
            return Error::internal(QStringLiteral("keychain entry \"%1\" of service \"%2\" holds "
                                                  "fewer than %3 bytes; delete it to generate a "
                                                  "new secret")
                                       .arg(*key, keychain::service())
                                       .arg(MinimumSecretBytes));
        return std::optional(JwtSecret{read.bytes, SecretSource::Keychain, {}});
    }
    if (read.state == keychain::State::Unavailable) {
        qCInfo(lcSecrets).noquote() << "no usable keychain:" << read.reason;
        return std::optional<JwtSecret>();
    }
    const Result<QByteArray> generated = randomBytes(GeneratedSecretBytes);
    if (!generated)
        return generated.error();
    if (const QString failure = keychain::write(*key, *generated); !failure.isEmpty()) {
        qCInfo(lcSecrets).noquote() << "could not store the secret in the keychain:" << failure;
        return std::optional<JwtSecret>();
    }
    return std::optional(JwtSecret{*generated, SecretSource::Keychain, {}});
}

// ---- file ----

// The secret in an existing file; empty when there is no file yet. Surrounding whitespace
// (an editor's newline) is not part of it.
Result<std::optional<QByteArray>> readSecretFile(const QString &path)
{
    Result<std::optional<QByteArray>> content = owner_only_file::read(SecretFile, path);
    if (!content || !content->has_value())
        return content;
    const QByteArray secret = (*content)->trimmed();
    if (secret.size() < MinimumSecretBytes)
        return owner_only_file::error(SecretFile, path,
                                      QStringLiteral("holds fewer than %1 bytes; delete it to "
                                                     "generate a new secret")
                                          .arg(MinimumSecretBytes));
    return std::optional(secret);
}

// Generates the file. link(2) publishes it atomically and never replaces an existing file,
// so when two processes start at once, both end up with the one that got there first.
Result<QByteArray> createSecretFile(const QString &path)
{
    const Result<QByteArray> random = randomBytes(GeneratedSecretBytes);
    const Result<QString> tempPath = owner_only_file::temporaryNameFor(path);
    if (!random || !tempPath)
        return Error::internal(QStringLiteral("no random bytes for the secret file"));
    const QByteArray secret = random->toHex();
    if (Status written = owner_only_file::create(SecretFile, *tempPath, secret + '\n'); !written)
        return written.error();
    const int linked =
        ::link(QFile::encodeName(*tempPath).constData(), QFile::encodeName(path).constData());
    const int linkError = errno;
    QFile::remove(*tempPath);
    if (linked == 0)
        return secret;
    if (linkError != EEXIST)
        return owner_only_file::error(SecretFile, path,
                                      QStringLiteral("cannot be created: %1")
                                          .arg(QString::fromLocal8Bit(std::strerror(linkError))));
    const Result<std::optional<QByteArray>> winner = readSecretFile(path);
    if (!winner)
        return winner.error();
    if (!winner->has_value())
        return owner_only_file::error(SecretFile, path,
                                      QStringLiteral("vanished while being created"));
    return **winner;
}

Result<JwtSecret> fileSecret(const Config &config)
{
    const QString path = QDir(config.dataDir).filePath(QStringLiteral("secret"));
    if (!QDir().mkpath(config.dataDir))
        return Error::internal(QStringLiteral("DATA_DIR %1 cannot be created")
                                   .arg(QDir::toNativeSeparators(config.dataDir)));
    Result<std::optional<QByteArray>> existing = readSecretFile(path);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return JwtSecret{**existing, SecretSource::File, path};
    const Result<QByteArray> created = createSecretFile(path);
    if (!created)
        return created.error();
    return JwtSecret{*created, SecretSource::File, path};
}

} // namespace

QString secretSourceName(SecretSource source)
{
    switch (source) {
    case SecretSource::Environment:
        return QStringLiteral("environment");
    case SecretSource::Keychain:
        return QStringLiteral("keychain");
    case SecretSource::File:
        return QStringLiteral("file");
    }
    return {};
}

QString secretSourceName(const JwtSecret &secret)
{
    if (secret.source == SecretSource::File)
        return QStringLiteral("file ") + QDir::toNativeSeparators(secret.filePath);
    return secretSourceName(secret.source);
}

Result<JwtSecret> loadJwtSecret(const Config &config)
{
    if (!config.jwtSecret.isEmpty()) {
        // Config::load already refuses this; checked again for a Config built by hand.
        if (config.jwtSecret.size() < MinimumSecretBytes) {
            const QString problem =
                QStringLiteral("must be at least %1 bytes").arg(MinimumSecretBytes);
            Error error;
            error.code = ErrorCode::ValidationFailed;
            error.message = QStringLiteral("JWT_SECRET: ") + problem;
            error.details = {FieldError{QStringLiteral("JWT_SECRET"), problem}};
            return error;
        }
        return JwtSecret{config.jwtSecret, SecretSource::Environment, {}};
    }
    const Result<std::optional<JwtSecret>> fromKeychain = keychainSecret(config);
    if (!fromKeychain)
        return fromKeychain.error();
    if (fromKeychain->has_value())
        return **fromKeychain;
    return fileSecret(config);
}

} // namespace academy

#include "secret_store.h"

#include "database_url.h"

#include <qt6keychain/keychain.h>
#include <sodium.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace academy {

namespace {

Q_LOGGING_CATEGORY(lcSecrets, "academy.secrets")

constexpr qsizetype MinimumSecretBytes = 32;
constexpr qsizetype GeneratedSecretBytes = 32;
constexpr int KeychainTimeoutMs = 5000;

QString keychainService()
{
    return QStringLiteral("academy-admin");
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Result<QByteArray> randomBytes(qsizetype size)
{
    if (sodium_init() < 0)
        return Error::internal(QStringLiteral("libsodium could not be initialised"));
    QByteArray bytes(size, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return bytes;
}

bool keychainDisabled()
{
    const QByteArray value = qgetenv("ACADEMY_NO_KEYCHAIN");
    return !value.isEmpty() && value != "0";
}

// ---- keychain ----

enum class KeychainState { Found, Missing, Unavailable };

struct KeychainRead
{
    KeychainState state = KeychainState::Unavailable;
    QByteArray bytes;
    QString reason; // why it is unavailable, for the log
};

// Runs one job to its end in a local event loop. False when it did not end in time: the job
// is then left alive to delete itself whenever it ends, because QtKeychain's backends keep
// raw pointers to it in their pending callbacks; deleting it here could crash later.
template <typename Job>
bool runJob(std::unique_ptr<Job> &job)
{
    QEventLoop loop;
    bool ended = false;
    QObject::connect(job.get(), &QKeychain::Job::finished, &loop, [&] {
        ended = true;
        loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->start();
    timeout.start(KeychainTimeoutMs);
    loop.exec();
    if (!ended) {
        job->setAutoDelete(true);
        static_cast<void>(job.release());
    }
    return ended;
}

QString timeoutReason()
{
    return QStringLiteral("no answer within %1 s").arg(KeychainTimeoutMs / 1000);
}

KeychainRead readKeychain(const QString &key)
{
    auto job = std::make_unique<QKeychain::ReadPasswordJob>(keychainService());
    job->setKey(key);
    if (!runJob(job))
        return {KeychainState::Unavailable, {}, timeoutReason()};
    switch (job->error()) {
    case QKeychain::NoError:
        return {KeychainState::Found, job->binaryData(), {}};
    case QKeychain::EntryNotFound:
        return {KeychainState::Missing, {}, {}};
    default:
        return {KeychainState::Unavailable, {}, job->errorString()};
    }
}

// Empty when stored; else why not.
QString writeKeychain(const QString &key, const QByteArray &bytes)
{
    auto job = std::make_unique<QKeychain::WritePasswordJob>(keychainService());
    job->setKey(key);
    job->setBinaryData(bytes);
    if (!runJob(job))
        return timeoutReason();
    if (job->error() != QKeychain::NoError)
        return job->errorString().isEmpty() ? QStringLiteral("write failed") : job->errorString();
    return {};
}

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
    if (keychainDisabled() || !QCoreApplication::instance())
        return std::optional<JwtSecret>();
    const Result<QString> key = keychainKey(config);
    if (!key)
        return key.error();
    const KeychainRead read = readKeychain(*key);
    if (read.state == KeychainState::Found) {
        if (read.bytes.size() < MinimumSecretBytes)
            return Error::internal(QStringLiteral("keychain entry \"%1\" of service \"%2\" holds "
                                                  "fewer than %3 bytes; delete it to generate a "
                                                  "new secret")
                                       .arg(*key, keychainService())
                                       .arg(MinimumSecretBytes));
        return std::optional(JwtSecret{read.bytes, SecretSource::Keychain, {}});
    }
    if (read.state == KeychainState::Unavailable) {
        qCInfo(lcSecrets).noquote() << "no usable keychain:" << read.reason;
        return std::optional<JwtSecret>();
    }
    const Result<QByteArray> generated = randomBytes(GeneratedSecretBytes);
    if (!generated)
        return generated.error();
    if (const QString failure = writeKeychain(*key, *generated); !failure.isEmpty()) {
        qCInfo(lcSecrets).noquote() << "could not store the secret in the keychain:" << failure;
        return std::optional<JwtSecret>();
    }
    return std::optional(JwtSecret{*generated, SecretSource::Keychain, {}});
}

// ---- file ----

Error fileError(const QString &path, const QString &problem)
{
    return Error::internal(
        QStringLiteral("secret file %1 %2").arg(QDir::toNativeSeparators(path), problem));
}

// The secret in an existing file; empty when there is no file yet.
Result<std::optional<QByteArray>> readSecretFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return std::optional<QByteArray>();
        return fileError(path, QStringLiteral("cannot be read: %1").arg(systemError(errno)));
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return fileError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    }
    // Checked on the open descriptor, so the file cannot be swapped between check and read.
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        return fileError(path, QStringLiteral("cannot be read: %1").arg(systemError(errno)));
    if (!S_ISREG(status.st_mode))
        return fileError(path, QStringLiteral("is not a regular file"));
    if (status.st_mode & (S_IRWXG | S_IRWXO))
        return fileError(path, QStringLiteral("is readable or writable by other users (mode "
                                              "%1); chmod 600 it, or delete it to generate a "
                                              "new secret")
                                   .arg(status.st_mode & 07777, 4, 8, QLatin1Char('0')));
    const QByteArray secret = file.readAll().trimmed();
    if (file.error() != QFileDevice::NoError)
        return fileError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    if (secret.size() < MinimumSecretBytes)
        return fileError(path, QStringLiteral("holds fewer than %1 bytes; delete it to "
                                              "generate a new secret")
                                   .arg(MinimumSecretBytes));
    return std::optional(secret);
}

// Writes the whole secret to a new 0600 file at tempPath and syncs it to disk.
Status writeNewFile(const QString &tempPath, const QByteArray &content)
{
    const int fd = ::open(QFile::encodeName(tempPath).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return fileError(tempPath, QStringLiteral("cannot be created: %1").arg(systemError(errno)));
    QFile file;
    if (!file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        QFile::remove(tempPath);
        return fileError(tempPath, QStringLiteral("cannot be written: %1").arg(file.errorString()));
    }
    QString failure;
    // The umask may have taken the owner's bits too; the mode is exactly 0600 either way.
    if (::fchmod(fd, 0600) != 0)
        failure = systemError(errno);
    else if (file.write(content) != content.size() || !file.flush())
        failure = file.errorString();
    else if (::fsync(fd) != 0)
        failure = systemError(errno);
    file.close();
    if (!failure.isEmpty()) {
        QFile::remove(tempPath);
        return fileError(tempPath, QStringLiteral("cannot be written: %1").arg(failure));
    }
    return {};
}

// Generates the file. link(2) publishes it atomically and never replaces an existing file,
// so when two processes start at once, both end up with the one that got there first.
Result<QByteArray> createSecretFile(const QString &path)
{
    const Result<QByteArray> random = randomBytes(GeneratedSecretBytes);
    const Result<QByteArray> suffix = randomBytes(8);
    if (!random || !suffix)
        return Error::internal(QStringLiteral("no random bytes for the secret file"));
    const QByteArray secret = random->toHex();
    const QString tempPath = path + QStringLiteral(".new-") + QString::fromLatin1(suffix->toHex());
    if (Status written = writeNewFile(tempPath, secret + '\n'); !written)
        return written.error();
    const int linked =
        ::link(QFile::encodeName(tempPath).constData(), QFile::encodeName(path).constData());
    const int linkError = errno;
    QFile::remove(tempPath);
    if (linked == 0)
        return secret;
    if (linkError != EEXIST)
        return fileError(path, QStringLiteral("cannot be created: %1").arg(systemError(linkError)));
    const Result<std::optional<QByteArray>> winner = readSecretFile(path);
    if (!winner)
        return winner.error();
    if (!winner->has_value())
        return fileError(path, QStringLiteral("vanished while being created"));
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

#include "owner_only_file.h"

#include <sodium.h>

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace academy::owner_only_file {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

Error error(const Kind &kind, const QString &path, const QString &problem)
{
    return Error::internal(
        QStringLiteral("%1 %2 %3").arg(kind.name, QDir::toNativeSeparators(path), problem));
}

Result<std::optional<QByteArray>> read(const Kind &kind, const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return std::optional<QByteArray>();
        return error(kind, path, QStringLiteral("cannot be read: %1").arg(systemError(errno)));
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return error(kind, path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    }
    struct stat status
    {
    };
    if (::fstat(fd, &status) != 0)
        return error(kind, path, QStringLiteral("cannot be read: %1").arg(systemError(errno)));
    if (!S_ISREG(status.st_mode))
        return error(kind, path, QStringLiteral("is not a regular file"));
    if (status.st_mode & (S_IRWXG | S_IRWXO))
        return error(kind, path,
                     QStringLiteral("is readable or writable by other users (mode %1); %2")
                         .arg(status.st_mode & 07777, 4, 8, QLatin1Char('0'))
                         .arg(kind.remedyWhenOpen));
    const QByteArray content = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return error(kind, path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    return std::optional(content);
}

Status create(const Kind &kind, const QString &path, const QByteArray &content)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return error(kind, path, QStringLiteral("cannot be created: %1").arg(systemError(errno)));
    QFile file;
    if (!file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        QFile::remove(path);
        return error(kind, path, QStringLiteral("cannot be written: %1").arg(file.errorString()));
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
        QFile::remove(path);
        return error(kind, path, QStringLiteral("cannot be written: %1").arg(failure));
    }
    return {};
}

Status replace(const Kind &kind, const QString &path, const QByteArray &content)
{
    const Result<QString> tempPath = temporaryNameFor(path);
    if (!tempPath)
        return tempPath.error();
    if (Status written = create(kind, *tempPath, content); !written)
        return written;
    if (::rename(QFile::encodeName(*tempPath).constData(), QFile::encodeName(path).constData()) !=
        0) {
        const int renameError = errno;
        QFile::remove(*tempPath);
        return error(kind, path,
                     QStringLiteral("cannot be written: %1").arg(systemError(renameError)));
    }
    return {};
}

Result<QString> temporaryNameFor(const QString &path)
{
    if (sodium_init() < 0)
        return Error::internal(QStringLiteral("libsodium could not be initialised"));
    QByteArray suffix(8, Qt::Uninitialized);
    randombytes_buf(suffix.data(), size_t(suffix.size()));
    return path + QStringLiteral(".new-") + QString::fromLatin1(suffix.toHex());
}

} // namespace academy::owner_only_file

#include "listen_socket.h"

#include <QFile>
#include <QSet>
#include <QtEndian>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace academy::http {

namespace {

constexpr int Backlog = 511;

socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage &storage)
{
    std::memset(&storage, 0, sizeof storage);
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        return sizeof(sockaddr_in6);
    }
    auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

// An address of /proc/net/tcp or tcp6: the kernel prints each 32-bit word of the address as
// the integer its bytes (in network order) make on this machine.
QHostAddress procNetAddress(QByteArrayView hex)
{
    const auto word = [&hex](qsizetype at) { return quint32(hex.sliced(at, 8).toUInt(nullptr, 16)); };
    if (hex.size() == 8)
        return QHostAddress(qFromBigEndian(word(0)));
    if (hex.size() != 32)
        return {};
    Q_IPV6ADDR bytes;
    for (int i = 0; i < 4; ++i) {
        const quint32 networkOrder = word(i * 8);
        std::memcpy(bytes.c + i * 4, &networkOrder, 4);
    }
    return QHostAddress(bytes);
}

bool overlaps(const QHostAddress &a, const QHostAddress &b)
{
    const auto wildcard = [](const QHostAddress &x) {
        return x == QHostAddress(QHostAddress::AnyIPv4) || x == QHostAddress(QHostAddress::AnyIPv6);
    };
    return wildcard(a) || wildcard(b) || a.isEqual(b, QHostAddress::TolerantConversion);
}

} // namespace

Status checkPortNotShared(const std::vector<int> &ours, const QHostAddress &address, quint16 port,
                          const QString &variable)
{
    QSet<quint64> ourInodes;
    for (int fd : ours) {
        struct stat info{};
        if (::fstat(fd, &info) == 0)
            ourInodes.insert(quint64(info.st_ino));
    }
    constexpr QByteArrayView Listening = "0A";
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        // Read whole: a /proc file has no size, so QFile::atEnd() is true from the start.
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) { // line 0: the column titles
            // "sl local_address rem_address st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ..."
            const QList<QByteArray> fields = lines[i].simplified().split(' ');
            if (fields.size() < 10 || fields[3] != Listening)
                continue;
            const QList<QByteArray> local = fields[1].split(':');
            if (local.size() != 2 || local[1].toUShort(nullptr, 16) != port || ourInodes.contains(fields[9].toULongLong()))
                continue;
            const QHostAddress theirs = procNetAddress(local[0]);
            if (!theirs.isNull() && overlaps(theirs, address))
                return Error::unavailable(QStringLiteral("%1: cannot listen on %2 port %3: another process (another "
                                                         "academy-server?) already listens there")
                                              .arg(variable, address.toString())
                                              .arg(port));
        }
    }
    return {};
}

Result<int> openListenSocket(const QHostAddress &address, quint16 port, const QString &variable)
{
    sockaddr_storage storage;
    const socklen_t length = toSockaddr(address, port, storage);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error::unavailable(QStringLiteral("%1: cannot create a socket: %2").arg(variable, QString::fromLocal8Bit(std::strerror(errno))));
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 || ::listen(fd, Backlog) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return Error::unavailable(QStringLiteral("%1: cannot listen on %2 port %3: %4")
                                      .arg(variable, address.toString()).arg(port).arg(why));
    }
    return fd;
}

quint16 boundPort(int descriptor)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(descriptor, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return 0;
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

void raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace academy::http

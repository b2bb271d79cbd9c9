#include "pipelined_load.h"

#include <QElapsedTimer>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace academy::test {

namespace {

struct LoadConnection
{
    int fd = -1;
    QByteArray out;
    qsizetype written = 0;
    QByteArray in;
    qint64 outstanding = 0; // requests sent and not yet answered
};

int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Counts the complete replies at the front of `in` and removes them. False when a reply
// cannot be framed (no Content-Length): the run cannot go on on that connection.
bool takeReplies(LoadConnection &connection, LoadResult &result)
{
    qsizetype at = 0;
    bool framed = true;
    for (;;) {
        const qsizetype headEnd = connection.in.indexOf("\r\n\r\n", at);
        if (headEnd < 0)
            break;
        const QByteArray head = connection.in.mid(at, headEnd - at).toLower();
        const int status = head.mid(9, 3).toInt();
        qsizetype length = 0;
        const qsizetype field = head.indexOf("\r\ncontent-length:");
        if (field >= 0) {
            const qsizetype valueEnd = head.indexOf("\r\n", field + 2);
            length = head.mid(field + 17, (valueEnd < 0 ? head.size() : valueEnd) - field - 17).trimmed().toLongLong();
        } else if (status != 204 && status != 304 && status >= 200) {
            framed = false;
            break;
        }
        const qsizetype end = headEnd + 4 + length;
        if (end > connection.in.size())
            break;
        ++result.replies;
        ++result.statuses[status];
        --connection.outstanding;
        at = end;
    }
    connection.in.remove(0, at);
    return framed;
}

} // namespace

LoadResult runPipelinedLoad(quint16 port, qint64 total, int connections, int batch,
                            const std::function<QByteArray(qint64)> &request, int timeoutMs)
{
    LoadResult result;
    QElapsedTimer clock;
    clock.start();
    std::vector<LoadConnection> open(size_t(qMax(1, connections)));
    for (LoadConnection &connection : open) {
        connection.fd = connectTo(port);
        if (connection.fd < 0)
            result.connectionLost = true;
    }
    qint64 next = 0;
    char chunk[65536];
    for (;;) {
        std::vector<pollfd> polled;
        std::vector<LoadConnection *> owners;
        for (LoadConnection &connection : open) {
            if (connection.fd < 0)
                continue;
            if (connection.outstanding == 0 && next < total) {
                const qint64 count = qMin<qint64>(batch, total - next);
                connection.out.clear();
                connection.written = 0;
                for (qint64 i = 0; i < count; ++i)
                    connection.out += request(next + i);
                next += count;
                connection.outstanding = count;
                result.sent += count;
            }
            if (connection.outstanding == 0)
                continue;
            const bool pendingOut = connection.written < connection.out.size();
            polled.push_back({connection.fd, short(POLLIN | (pendingOut ? POLLOUT : 0)), 0});
            owners.push_back(&connection);
        }
        if (polled.empty())
            break;
        if (clock.elapsed() > timeoutMs) {
            result.timedOut = true;
            break;
        }
        if (::poll(polled.data(), nfds_t(polled.size()), 100) < 0 && errno != EINTR)
            break;
        for (size_t i = 0; i < polled.size(); ++i) {
            LoadConnection &connection = *owners[i];
            if (polled[i].revents & POLLOUT) {
                const ssize_t sent = ::send(connection.fd, connection.out.constData() + connection.written,
                                            size_t(connection.out.size() - connection.written), MSG_NOSIGNAL);
                if (sent > 0)
                    connection.written += sent;
            }
            if (!(polled[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t got = ::recv(connection.fd, chunk, sizeof chunk, 0);
            if (got > 0) {
                connection.in.append(chunk, got);
                if (takeReplies(connection, result))
                    continue;
            } else if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            }
            result.connectionLost = true; // closed (or unframeable) with requests unanswered
            ::close(connection.fd);
            connection.fd = -1;
        }
    }
    for (LoadConnection &connection : open) {
        if (connection.fd >= 0)
            ::close(connection.fd);
    }
    result.elapsedMs = clock.elapsed();
    return result;
}

} // namespace academy::test

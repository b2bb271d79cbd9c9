#pragma once

#include <QHostAddress>
#include <QList>
#include <QMutex>

#include <memory>
#include <vector>

namespace academy::http {

class ConnectionLimits;
class GuardedTcpServer;

// Keeps the serving threads' shares of open connections even. Every serving thread listens
// on the same port (SO_REUSEPORT) and the kernel picks the listener by a hash of the client's
// address and port: 64 connections landed 38/26 in runs here, and as a connection stays on
// its thread for life, the busier thread's clients waited longer for every reply (the p99
// was theirs). A listener that accepts while it serves more connections than another of its
// kind (plain or TLS) hands the socket to the one with the fewest.
class ConnectionBalancer final
{
public:
    struct Member;

    // Registers a listener (from its own thread, before it accepts).
    Member *join(GuardedTcpServer *listener, bool tls);
    // The listener is going away (from its destructor, on its own thread): nothing is handed
    // to it any more, and what was handed and not yet adopted is closed by Qt's discarding
    // of the queued call.
    void leave(Member *member);

    // A connection `from` accepted, counted in where it will be served. True: `from` serves
    // it. False: it was handed to another listener's thread (see GuardedTcpServer::adopt),
    // which owns the descriptor and the connection-limit count from now on.
    bool keepOrHand(Member *from, qintptr descriptor, const QHostAddress &peer, ConnectionLimits &limits);
    // A connection served by `member` has ended.
    void release(Member *member);

    // The connections each current listener of that kind serves, in the order they joined.
    QList<int> openPerListener(bool tls) const;

private:
    mutable QMutex m_lock;
    // Never removed, so a member outlives every connection it counts; a restarted server
    // adds two per serving thread, which is nothing.
    std::vector<std::unique_ptr<Member>> m_members;
};

struct ConnectionBalancer::Member
{
    GuardedTcpServer *listener = nullptr; // null once it left; guarded by the balancer's lock
    bool tls = false;
    int open = 0;                         // guarded by the balancer's lock
};

} // namespace academy::http

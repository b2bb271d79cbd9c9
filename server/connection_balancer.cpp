#include "connection_balancer.h"

#include "connection_limits.h"
#include "guarded_tcp_server.h"

#include <unistd.h>

namespace academy::http {

namespace {

// A descriptor on its way to another thread: closed, and its counts given back, if the
// queued call that carries it is discarded (its listener went away first).
struct HandedSocket
{
    qintptr descriptor;
    QHostAddress peer;
    ConnectionLimits &limits;
    ConnectionBalancer &balancer;
    ConnectionBalancer::Member *member;

    qintptr take() { return std::exchange(descriptor, -1); }
    ~HandedSocket()
    {
        if (descriptor < 0)
            return;
        ::close(int(descriptor));
        limits.release(peer);
        balancer.release(member);
    }
};

} // namespace

ConnectionBalancer::Member *ConnectionBalancer::join(GuardedTcpServer *listener, bool tls)
{
    QMutexLocker locker(&m_lock);
    m_members.push_back(std::make_unique<Member>(Member{listener, tls, 0}));
    return m_members.back().get();
}

void ConnectionBalancer::leave(Member *member)
{
    QMutexLocker locker(&m_lock);
    member->listener = nullptr;
}

bool ConnectionBalancer::keepOrHand(Member *from, qintptr descriptor, const QHostAddress &peer,
                                    ConnectionLimits &limits)
{
    QMutexLocker locker(&m_lock);
    Member *chosen = from;
    for (const auto &member : m_members) {
        if (member->listener && member->tls == from->tls && member->open < chosen->open)
            chosen = member.get();
    }
    ++chosen->open;
    if (chosen == from)
        return true;
    // Posted under the lock: the target cannot finish leaving (and be destroyed) in between.
    const std::shared_ptr<HandedSocket> handed(new HandedSocket{descriptor, peer, limits, *this, chosen});
    GuardedTcpServer *target = chosen->listener;
    QMetaObject::invokeMethod(
        target, [target, handed] { target->adopt(handed->take(), handed->peer); }, Qt::QueuedConnection);
    return false;
}

void ConnectionBalancer::release(Member *member)
{
    QMutexLocker locker(&m_lock);
    --member->open;
}

QList<int> ConnectionBalancer::openPerListener(bool tls) const
{
    QMutexLocker locker(&m_lock);
    QList<int> open;
    for (const auto &member : m_members) {
        if (member->listener && member->tls == tls)
            open.append(member->open);
    }
    return open;
}

} // namespace academy::http

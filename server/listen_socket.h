#pragma once

#include "error.h"

#include <QHostAddress>

#include <vector>

namespace academy::http {

// A listening TCP socket with SO_REUSEPORT, so several serving threads can each accept on
// the same port with their own event loop (the kernel spreads connections among them).
// Port 0 picks a free port; pass the port it got to the next call.
Result<int> openListenSocket(const QHostAddress &address, quint16 port, const QString &variable);
quint16 boundPort(int descriptor);

// SO_REUSEPORT lets any process of the same user join a port's group: a second academy-server
// started on the port of a running one would not fail, the kernel would quietly split the
// clients between the two (each with its own configuration and database). Called once the
// listeners of a port are bound: a listening socket on that port (at the same address, or
// either address a wildcard) that is not one of `ours` means exactly that. Linux only (it
// reads /proc/net/tcp and tcp6); elsewhere it finds nothing.
Status checkPortNotShared(const std::vector<int> &ours, const QHostAddress &address, quint16 port,
                          const QString &variable);

// Raises the open-file limit to its hard maximum: every connection is a descriptor.
void raiseFileLimit();

} // namespace academy::http

#pragma once

#include "error.h"

#include <QHostAddress>

namespace academy::http {

// A listening TCP socket with SO_REUSEPORT, so several serving threads can each accept on
// the same port with their own event loop (the kernel spreads connections among them).
// Port 0 picks a free port; pass the port it got to the next call.
Result<int> openListenSocket(const QHostAddress &address, quint16 port, const QString &variable);
quint16 boundPort(int descriptor);

// Raises the open-file limit to its hard maximum: every connection is a descriptor.
void raiseFileLimit();

} // namespace academy::http

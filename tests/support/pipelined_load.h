#pragma once

#include <QByteArray>
#include <QMap>

#include <functional>

namespace academy::test {

// What a pipelined load run saw.
struct LoadResult
{
    qint64 sent = 0;             // requests written
    qint64 replies = 0;          // complete replies read
    QMap<int, qint64> statuses;  // replies by status
    qint64 elapsedMs = 0;
    bool timedOut = false;       // the time bound ended the run
    bool connectionLost = false; // the server closed a connection that still had requests to answer

    bool complete(qint64 total) const { return replies == total && !timedOut && !connectionLost; }
};

// Sends `total` requests to 127.0.0.1:port over `connections` keep-alive connections, each
// writing `batch` requests at once (pipelined) and the next batch when all of them are
// answered. `request(i)` gives the bytes of the i-th request (HTTP/1.1, keep-alive; every
// reply must carry a Content-Length). Runs on the calling thread with poll(), so the
// server must serve from threads of its own (TestServer does). Stops after `timeoutMs`
// whatever is left: a run can never hang a test.
LoadResult runPipelinedLoad(quint16 port, qint64 total, int connections, int batch,
                            const std::function<QByteArray(qint64)> &request, int timeoutMs);

} // namespace academy::test

#pragma once

#include "connection.h"
#include "server_context.h"

#include <QSemaphore>
#include <QSslConfiguration>
#include <QThread>
#include <QThreadPool>

#include <optional>

namespace academy::http {

class Endpoint;

// One serving thread: its own event loop, Endpoint (QHttpServer) and guarded listeners
// made from already-listening descriptors, and its own database connection.
class ServingThread final : public QThread
{
    Q_OBJECT

public:
    ServingThread(ServerContext &context, QThreadPool &slowWork, ConnectionSettings settings, int httpDescriptor,
                  int httpsDescriptor, std::optional<QSslConfiguration> tls);

    // Blocks until the thread's listeners exist.
    void waitUntilListening() { m_ready.acquire(); }
    // Closes the listeners from inside the thread; connections stay until quit().
    void stopAccepting();

protected:
    void run() override;

private:
    ServerContext &m_context;
    QThreadPool &m_slowWork;
    ConnectionSettings m_settings;
    int m_httpDescriptor;
    int m_httpsDescriptor;
    std::optional<QSslConfiguration> m_tls;
    QSemaphore m_ready;
    Endpoint *m_endpoint = nullptr;
};

} // namespace academy::http

#include "serving_thread.h"

#include "endpoint.h"
#include "guarded_tcp_server.h"

#include <unistd.h>

namespace academy::http {

ServingThread::ServingThread(ServerContext &context, QThreadPool &slowWork, ConnectionSettings settings,
                             int httpDescriptor, int httpsDescriptor, std::optional<QSslConfiguration> tls)
    : m_context(context), m_slowWork(slowWork), m_settings(settings), m_httpDescriptor(httpDescriptor),
      m_httpsDescriptor(httpsDescriptor), m_tls(std::move(tls))
{
    setObjectName(QStringLiteral("academy-http"));
}

void ServingThread::run()
{
    {
        Endpoint endpoint(m_context, m_slowWork);
        m_endpoint = &endpoint;
        const auto adopt = [&](int descriptor, std::optional<QSslConfiguration> tls) {
            if (descriptor < 0)
                return;
            auto *listener = new GuardedTcpServer(m_context, m_settings, std::move(tls));
            if (!listener->setSocketDescriptor(descriptor))
                ::close(descriptor);
            endpoint.bind(listener); // parents it to the endpoint
        };
        adopt(m_httpDescriptor, std::nullopt);
        adopt(m_httpsDescriptor, m_tls);
        m_ready.release();
        exec();
        m_endpoint = nullptr;
    } // connections and listeners go here, on their own thread
    m_context.database.releaseThisThread();
}

void ServingThread::stopAccepting()
{
    if (!m_endpoint)
        return;
    QMetaObject::invokeMethod(
        m_endpoint,
        [endpoint = m_endpoint] {
            for (QTcpServer *listener : endpoint->servers())
                listener->close();
        },
        Qt::BlockingQueuedConnection);
}

} // namespace academy::http

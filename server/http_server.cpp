#include "http_server.h"

#include "listen_socket.h"
#include "routes.h"
#include "serving_thread.h"
#include "auth_service.h"
#include "log_service.h"
#include "password_hasher.h"
#include "student_service.h"
#include "token_authenticator.h"
#include "user_service.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcServer, "academy.http.server")

namespace academy::http {

namespace {

ConnectionSettings connectionSettings(const Config &config)
{
    ConnectionSettings settings;
    settings.limits.maxBody = config.maxBody;
    settings.limits.maxHeaders = config.maxHeaders;
    settings.headerTimeoutMs = config.headerTimeoutSeconds * 1000;
    settings.idleTimeoutMs = config.idleTimeoutSeconds * 1000;
    return settings;
}

int defaultThreadCount()
{
    return qBound(1, QThread::idealThreadCount(), 4);
}

} // namespace

HttpServer::HttpServer(const Config &config, Database &database, const QByteArray &jwtSecret, QObject *parent)
    : QObject(parent), m_context(std::make_unique<ServerContext>(config, database)),
      m_hasher(std::make_unique<PasswordHasher>()),
      m_students(std::make_unique<StudentService>(database)),
      m_users(std::make_unique<UserService>(database, *m_hasher)),
      m_auth(std::make_unique<AuthService>(database, *m_hasher, JwtCodec(jwtSecret), config.tokenTtlSeconds, config.loginLockout)),
      m_logs(std::make_unique<LogService>(database)),
      m_requestLog(std::make_unique<RequestLog>(database, config.logRetentionDays)),
      m_slowWork(std::make_unique<QThreadPool>())
{
    m_context->requestLog = m_requestLog.get();
    // Each concurrent hash holds its memory: two at a time bound both CPU and RSS.
    m_slowWork->setMaxThreadCount(2);
    m_slowWork->setExpiryTimeout(-1); // keep the threads, and their database connections
    m_context->authenticator = std::make_shared<TokenAuthenticator>(*m_auth);
    Router &router = m_context->router;
    registerServiceRoutes(router, *m_context);
    registerAuthRoutes(router, *m_auth, *m_users, *m_students, config.allowRegistration);
    registerUserRoutes(router, *m_users, *m_auth);
    registerStudentRoutes(router, *m_students);
    registerLogRoutes(router, *m_context, *m_logs, *m_requestLog, *m_auth, *m_students);
}

HttpServer::~HttpServer()
{
    stop(0);
}

Status HttpServer::openListeners(int threads, std::vector<int> &http, std::vector<int> &https)
{
    const Config &config = m_context->config;
    quint16 httpPort = config.port;
    quint16 httpsPort = config.tlsPort;
    for (int i = 0; i < threads; ++i) {
        Result<int> plain = openListenSocket(config.host, httpPort, QStringLiteral("PORT"));
        if (!plain)
            return plain.error();
        http.push_back(plain.value());
        httpPort = boundPort(plain.value());
        if (config.tlsPort == 0)
            continue;
        Result<int> secure = openListenSocket(config.tlsHost, httpsPort, QStringLiteral("TLS_PORT"));
        if (!secure)
            return secure.error();
        https.push_back(secure.value());
        httpsPort = boundPort(secure.value());
    }
    m_httpPort = httpPort;
    m_httpsPort = config.tlsPort == 0 ? 0 : httpsPort;
    if (Status alone = checkPortNotShared(http, config.host, httpPort, QStringLiteral("PORT")); !alone)
        return alone;
    if (config.tlsPort != 0)
        return checkPortNotShared(https, config.tlsHost, httpsPort, QStringLiteral("TLS_PORT"));
    return {};
}

Status HttpServer::start(int threads)
{
    if (isRunning())
        return {};
    const Config &config = m_context->config;
    raiseFileLimit();
    if (config.tlsPort != 0) {
        Result<TlsIdentity> tls = loadOrCreateTlsIdentity(config.tlsCert, config.tlsKey, config.dataDir);
        if (!tls)
            return tls.error();
        m_tls = tls.value();
    }
    threads = threads > 0 ? threads : defaultThreadCount();
    std::vector<int> http;
    std::vector<int> https;
    if (Status opened = openListeners(threads, http, https); !opened) {
        for (int fd : http)
            ::close(fd);
        for (int fd : https)
            ::close(fd);
        return opened;
    }
    m_context->shuttingDown = false;
    std::optional<QSslConfiguration> tls;
    if (config.tlsPort != 0)
        tls = m_tls.configuration;
    for (int i = 0; i < threads; ++i) {
        auto thread = std::make_unique<ServingThread>(*m_context, *m_slowWork, connectionSettings(config), http[size_t(i)],
                                                      https.empty() ? -1 : https[size_t(i)], tls);
        thread->start();
        thread->waitUntilListening();
        m_threads.push_back(std::move(thread));
    }
    qCInfo(lcServer).noquote() << "serving http on" << config.host.toString() << "port" << m_httpPort
                               << (m_httpsPort ? QStringLiteral("and https on %1 port %2").arg(config.tlsHost.toString()).arg(m_httpsPort)
                                               : QStringLiteral("(https off)"))
                               << "with" << threads << "thread(s)";
    return {};
}

void HttpServer::stop(int graceMs)
{
    if (!isRunning())
        return;
    m_context->shuttingDown = true;
    for (auto &thread : m_threads)
        thread->stopAccepting(); // any request being handled right now finishes first
    // Only deferred replies (hashing, imports) outlive the serving threads' current event.
    qCInfo(lcServer).noquote() << QStringLiteral("stopping: no new connections, %1 request(s) in flight")
                                      .arg(m_context->deferredInFlight.load());
    QElapsedTimer waited;
    waited.start();
    while (m_context->deferredInFlight.load() > 0 && waited.elapsed() < graceMs)
        QThread::msleep(10);
    // The pool drains before the serving threads stop (the other order crashed, see notes),
    // also when the grace time is up: a job touches its endpoint as it ends. Past the grace
    // time, jobs not started yet are dropped and the running ones awaited.
    if (!m_slowWork->waitForDone(qMax(0, graceMs - int(waited.elapsed())))) {
        m_slowWork->clear();
        m_slowWork->waitForDone();
    }
    // Likewise the creations queued before the shutdown: each is written (a write once
    // queued is done) and answered through its endpoint, which must still exist then. No
    // more are queued: every serving thread has seen `shuttingDown` by now.
    m_students->waitForCreations();
    m_context->deferredInFlight = 0; // dropped jobs never count themselves out
    m_context->slowWorkWaiting = 0;
    for (auto &thread : m_threads) {
        thread->quit();
        thread->wait();
    }
    m_threads.clear();
    qCInfo(lcServer) << "stopped";
}

} // namespace academy::http

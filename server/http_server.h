#pragma once

#include "config.h"
#include "database.h"
#include "error.h"
#include "server_context.h"
#include "tls_certificate.h"

#include <QObject>
#include <QThread>
#include <QThreadPool>

#include <memory>
#include <vector>

namespace academy {
class AuthService;
class LogService;
class PasswordHasher;
class StudentService;
class UserService;
}

namespace academy::http {

class ServingThread;

// The bundled HTTP server: the same in the desktop app and in academy-server. Serving runs
// on worker threads (never the caller's), each with its own event loop, QHttpServer and
// database connection, all accepting on the same ports.
class HttpServer final : public QObject
{
    Q_OBJECT

public:
    // `jwtSecret`: at least 32 bytes (see loadJwtSecret).
    HttpServer(const Config &config, Database &database, const QByteArray &jwtSecret, QObject *parent = nullptr);
    ~HttpServer() override;

    // Listens and starts serving. The error says which variable to fix, e.g. a port in use.
    Status start(int threads = 0);
    // Stops accepting, lets requests in flight finish (up to `graceMs`), then stops.
    void stop(int graceMs = 5000);
    bool isRunning() const { return !m_threads.empty(); }

    quint16 httpPort() const { return m_httpPort; }
    quint16 httpsPort() const { return m_httpsPort; }
    QString certificateFingerprint() const { return m_tls.fingerprint; }
    QString certificatePath() const { return m_tls.certificatePath; }

    ServerContext &context() { return *m_context; }
    void setAccessLog(AccessLogSink sink)
    {
        m_requestLog->forwardTo(sink);
        m_context->accessLog = std::move(sink);
    }
    // Off: finished requests reach neither the ring, the database nor live subscribers (the
    // benchmark's baseline). Before start() only.
    void setRequestLogging(bool on) { m_context->requestLog = on ? m_requestLog.get() : nullptr; }

    // The services the routes use, for the desktop app to share.
    AuthService &auth() { return *m_auth; }
    UserService &users() { return *m_users; }
    StudentService &students() { return *m_students; }
    LogService &logs() { return *m_logs; }
    RequestLog &requestLog() { return *m_requestLog; }

private:
    Status openListeners(int threads, std::vector<int> &http, std::vector<int> &https);

    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<StudentService> m_students;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<LogService> m_logs;
    std::unique_ptr<RequestLog> m_requestLog;
    std::unique_ptr<QThreadPool> m_slowWork; // password hashing: bounded in CPU and memory
    std::vector<std::unique_ptr<ServingThread>> m_threads;
    TlsIdentity m_tls;
    quint16 m_httpPort = 0;
    quint16 m_httpsPort = 0;
};

} // namespace academy::http

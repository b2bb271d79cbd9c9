#pragma once

#include "actor.h"
#include "config.h"
#include "database.h"
#include "run_marker.h"
#include "user.h"

#include <QObject>

#include <memory>

namespace academy {
class AuthService;
class LogService;
class StudentService;
class UserService;
namespace http {
class HttpServer;
class Monitor;
} // namespace http
} // namespace academy

namespace academy::app {

class AppSettings;

// Everything a tab needs: the services (the same ones the API uses), the bundled server,
// its live monitor, and who is signed in. Owned by main(); tabs only borrow it.
class AppContext final : public QObject
{
    Q_OBJECT

public:
    AppContext(Config config, std::unique_ptr<Database> database, std::unique_ptr<http::HttpServer> server,
               AppSettings &settings);
    ~AppContext() override;

    const Config &config() const { return m_config; }
    Database &database() { return *m_database; }
    http::HttpServer &server() { return *m_server; }
    http::Monitor &monitor() { return *m_monitor; }
    AppSettings &settings() { return m_settings; }

    StudentService &students();
    UserService &users();
    AuthService &auth();
    LogService &logs();

    const User &currentUser() const { return m_user; }
    void setCurrentUser(const User &user);
    bool isAdmin() const { return m_user.role == Role::Admin; }
    // The acting user of every write made from the app (audited as "desktop").
    Actor actor() const { return {m_user.id > 0 ? std::optional<qint64>(m_user.id) : std::nullopt, QStringLiteral("desktop")}; }

Q_SIGNALS:
    void currentUserChanged();

private:
    Config m_config;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<http::HttpServer> m_server;
    std::unique_ptr<http::Monitor> m_monitor;
    AppSettings &m_settings;
    User m_user;
    std::unique_ptr<RunMarker> m_runMarker;
};

} // namespace academy::app

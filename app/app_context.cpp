#include "app_context.h"

#include "http_server.h"
#include "monitor.h"

namespace academy::app {

AppContext::AppContext(Config config, std::unique_ptr<Database> database, std::unique_ptr<http::HttpServer> server,
                       AppSettings &settings)
    : m_config(std::move(config)), m_database(std::move(database)), m_server(std::move(server)),
      m_monitor(std::make_unique<http::Monitor>(*m_server)), m_settings(settings),
      m_runMarker(std::make_unique<RunMarker>(m_config.dataDir))
{
    if (m_runMarker->begin())
        (void)m_runMarker->recordUncleanShutdown(*m_database);
}

AppContext::~AppContext()
{
    m_monitor.reset();
    m_server->stop(5000);
}

StudentService &AppContext::students() { return m_server->students(); }
UserService &AppContext::users() { return m_server->users(); }
AuthService &AppContext::auth() { return m_server->auth(); }
LogService &AppContext::logs() { return m_server->logs(); }

void AppContext::setCurrentUser(const User &user)
{
    m_user = user;
    Q_EMIT currentUserChanged();
}

} // namespace academy::app

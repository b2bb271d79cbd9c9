#include "app_startup.h"

#include "app_context.h"
#include "app_settings.h"
#include "http_server.h"
#include "secret_store.h"

#include <QLoggingCategory>
#include <QProcessEnvironment>

Q_LOGGING_CATEGORY(lcStartup, "academy.app.startup")

namespace academy::app {

Result<std::unique_ptr<AppContext>> openApp(AppSettings &settings, const QStringList &arguments)
{
    Result<Config> config = Config::load({arguments, Config::processEnvironment(), settings.configuration()});
    if (!config)
        return config.error();
    Result<DatabaseUrl> url = DatabaseUrl::parse(config->dbUrl);
    if (!url)
        return url.error();
    auto database = std::make_unique<Database>(url.value());
    if (Status migrated = database->migrate(); !migrated)
        return migrated.error();
    if (Status listening = database->changes().listen(); !listening)
        qCWarning(lcStartup).noquote() << listening.error().message;
    Result<JwtSecret> secret = loadJwtSecret(config.value());
    if (!secret)
        return secret.error();
    qCInfo(lcStartup).noquote() << "JWT secret from" << secretSourceName(secret.value());
    auto server = std::make_unique<http::HttpServer>(config.value(), *database, secret->bytes);
    return std::make_unique<AppContext>(config.value(), std::move(database), std::move(server), settings);
}

} // namespace academy::app

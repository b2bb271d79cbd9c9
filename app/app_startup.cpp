#include "app_startup.h"

#include "app_context.h"
#include "app_settings.h"
#include "first_run_wizard.h"
#include "http_server.h"
#include "saved_database_url.h"
#include "secret_store.h"

#include <QLoggingCategory>
#include <QProcessEnvironment>

Q_LOGGING_CATEGORY(lcStartup, "academy.app.startup")

namespace academy::app {

namespace {

const QString DbUrlVariable = QStringLiteral("DB_URL");

ConfigSources sourcesFor(AppSettings &settings, const QStringList &arguments)
{
    return {arguments, Config::processEnvironment(), settings.configuration()};
}

} // namespace

Status saveFirstRunChoices(const FirstRunWizard &wizard, AppSettings &settings,
                           const QStringList &arguments)
{
    settings.setValue(QStringLiteral("DATA_DIR"), wizard.dataDir());
    settings.setValue(QStringLiteral("TLS_HOST"),
                      wizard.lanAccess() ? QStringLiteral("0.0.0.0") : QStringLiteral("127.0.0.1"));
    // DATA_DIR from a flag or the environment wins over the wizard's, here as at every start.
    const Result<Config> config = Config::load(sourcesFor(settings, arguments));
    if (!config)
        return config.error();
    if (Status saved = saveDatabaseUrl(settings, wizard.databaseUrl(), config->dataDir); !saved)
        return saved;
    settings.setFirstRunDone(true);
    settings.raw().sync();
    return {};
}

Result<Config> loadAppConfig(AppSettings &settings, const QStringList &arguments)
{
    const ConfigSources sources = sourcesFor(settings, arguments);
    Result<Config> config = Config::load(sources);
    if (!config)
        return config.error();
    if (Status moved = moveDatabasePasswordOutOfSettings(settings, config->dataDir); !moved)
        qCWarning(lcStartup).noquote()
            << "the database password stays in the settings:" << moved.error().message;
    // Only the saved URL lacks its password; one from a flag or the environment is whole.
    const QString saved = sources.settings.value(DbUrlVariable);
    if (!saved.isEmpty() && config->dbUrl == saved) {
        const Result<QString> whole = savedDatabaseUrl(settings, config->dataDir);
        if (!whole)
            return whole.error();
        config.value().dbUrl = *whole;
    }
    return config;
}

Result<std::unique_ptr<AppContext>> openApp(AppSettings &settings, const QStringList &arguments)
{
    Result<Config> config = loadAppConfig(settings, arguments);
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

// academy-server: the bundled HTTP server without a screen.
#include "admin_bootstrap.h"
#include "config.h"
#include "database.h"
#include "http_server.h"
#include "run_marker.h"
#include "secret_store.h"
#include "user_service.h"
#include "server_log.h"
#include "shutdown_signals.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace academy;

namespace {

void printHelp()
{
    QTextStream out(stdout);
    out << "Usage: academy-server [options]\n\n"
           "Serves the Academy Admin HTTP JSON API. Every option is also read from the\n"
           "environment variable named beside it; flags win over the environment.\n\n"
           "  --help                 show this help and exit\n"
           "  --version              show the version and exit\n"
           "  --create-admin EMAIL   create the first admin (asks for the password) and exit\n";
    for (const ConfigKey &key : configKeys()) {
        const QString flag = key.flag + QLatin1Char(' ') + key.valueName;
        out << "  " << flag.leftJustified(22) << ' ' << key.help << " [" << key.variable << "]\n";
    }
}

int fail(const QString &message, int code)
{
    ServerLog::flush(); // what was logged before comes first
    std::fprintf(stderr, "academy-server: %s\n", qUtf8Printable(message));
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's GLib event loop wakes itself (an eventfd written, read back, and one more poll)
    // whenever a socket notifier is switched on or off, which QTcpSocket does twice for every
    // reply: half a keep-alive request's system calls. Qt's own Unix event loop does not.
    // Set before QCoreApplication, so that every thread's event loop is the Unix one.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("academy-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ACADEMY_VERSION));
    QStringList arguments = app.arguments().mid(1);
    if (arguments.contains(QStringLiteral("--help"))) {
        printHelp();
        return 0;
    }
    if (arguments.contains(QStringLiteral("--version"))) {
        std::printf("academy-server %s\n", ACADEMY_VERSION);
        return 0;
    }
    QString createAdmin;
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--create-admin")); at >= 0) {
        if (at + 1 >= arguments.size())
            return fail(QStringLiteral("--create-admin needs an email address"), ExitBadConfig);
        createAdmin = arguments.at(at + 1);
        arguments.remove(at, 2);
    }
    Result<Config> config = Config::load({arguments, Config::processEnvironment(), {}});
    if (!config)
        return fail(config.error().message, ExitBadConfig);
    ServerLog serverLog(config->logLevel); // outlives the server and every thread that logs

    Result<DatabaseUrl> url = DatabaseUrl::parse(config->dbUrl);
    if (!url)
        return fail(url.error().message, ExitBadConfig);
    Database database(url.value());
    if (Status migrated = database.migrate(); !migrated)
        return fail(migrated.error().message, 1);
    RunMarker runMarker(config->dataDir);
    if (runMarker.begin()) {
        qWarning() << "the previous run did not shut down cleanly; recorded in the audit log";
        (void)runMarker.recordUncleanShutdown(database);
    }
    // Other instances' changes (NOTIFY on PostgreSQL, change counters on SQLite): caches
    // forget what they revoke or rewrite.
    if (Status listening = database.changes().listen(); !listening)
        qWarning().noquote() << listening.error().message;

    Result<JwtSecret> secret = loadJwtSecret(config.value());
    if (!secret)
        return fail(secret.error().message, ExitBadConfig);
    qInfo().noquote() << "JWT secret from" << secretSourceName(secret.value());

    http::HttpServer server(config.value(), database, secret->bytes);
    if (!createAdmin.isEmpty()) {
        Status created = createAdminInteractively(createAdmin, server.users());
        if (!created)
            return fail(created.error().message, 1);
        std::fprintf(stderr, "academy-server: admin %s created\n", qUtf8Printable(createAdmin));
        return 0;
    }
    if (Status bootstrapped = createAdminFromEnvironment(config.value(), server.users()); !bootstrapped)
        return fail(bootstrapped.error().message, ExitBadConfig);
    if (ServerLog::writesAccessLines()) // otherwise the request log hands entries to nobody
        server.setAccessLog(ServerLog::writeAccessLine);
    // A diagnostic switch, not a setting: the benchmark measures what the request log costs.
    if (qEnvironmentVariable("ACADEMY_REQUEST_LOG") == QLatin1String("off")) {
        server.setRequestLogging(false);
        qWarning() << "ACADEMY_REQUEST_LOG=off: requests are not recorded (no /logs entries, no live tail)";
    }
    if (Status started = server.start(); !started)
        return fail(started.error().message, 1);
    ServerLog::flush();
    std::fprintf(stderr, "academy-server %s listening on http://%s:%u", ACADEMY_VERSION,
                 qUtf8Printable(config->host.toString()), unsigned(server.httpPort()));
    if (server.httpsPort())
        std::fprintf(stderr, " and https://%s:%u (certificate SHA-256 %s)", qUtf8Printable(config->tlsHost.toString()),
                     unsigned(server.httpsPort()), qUtf8Printable(server.certificateFingerprint()));
    std::fprintf(stderr, "\n");

    ShutdownSignals shutdownSignals;
    QObject::connect(&shutdownSignals, &ShutdownSignals::received, &app, [&] {
        server.stop(10000);
        app.quit();
    });
    return app.exec();
}

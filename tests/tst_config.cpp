// Config::load: where values come from (CLI flags, the environment, saved settings, in that
// order of strength, decided key by key), the defaults, the flag forms, secrets never echoed
// nor read from settings. Each key's good and bad values: tst_config_values.

#include "config.h"
#include "config_fields.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace academy;
using namespace academy::test;

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaults();
    void defaultDataDirIsAcademyAdminUnderGenericData();
    void configKeysFollowTheContract();

    void precedence_data();
    void precedence();
    void precedenceIsDecidedPerKey();

    void flagForms_data();
    void flagForms();
    void argumentErrors_data();
    void argumentErrors();

    void secretsAreNotEchoed_data();
    void secretsAreNotEchoed();
    void secretsNeverComeFromSettings();

    void emptyValueMeansUnset_data();
    void emptyValueMeansUnset();

    void dbUrlFollowsDataDir();
    void perAddressDefaultShrinksToMaxConnections();
    void processEnvironmentReadsOnlyContractVariables();
    void savedSettingsReadsSettingsFiles();

private:
    QTemporaryDir m_dir;
};

void TestConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestConfig::defaults()
{
    const Result<Config> loaded = Config::load({});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    const Config &c = *loaded;
    QCOMPARE(c.dataDir, Config::defaultDataDir());
    QCOMPARE(c.dbUrl, "sqlite://" + Config::defaultDataDir() + "/academy.db");
    QCOMPARE(c.host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(c.port, 3000);
    QCOMPARE(c.tlsHost, QHostAddress(QHostAddress::Any));
    QCOMPARE(c.tlsPort, 3443);
    QVERIFY(c.tlsCert.isEmpty() && c.tlsKey.isEmpty());
    QVERIFY(c.jwtSecret.isEmpty());
    QCOMPARE(c.tokenTtlSeconds, 3600);
    QVERIFY(c.adminEmail.isEmpty() && c.adminPassword.isEmpty());
    QCOMPARE(c.allowRegistration, false);
    QVERIFY(c.corsOrigins.isEmpty());
    QVERIFY(c.trustedProxies.isEmpty());
    QCOMPARE(c.rateLimit.perSecond, 50.0);
    QCOMPARE(c.rateLimit.burst, 100);
    QCOMPARE(fieldText(c, "LOGIN_LOCKOUT"), "5/900/900");
    QCOMPARE(c.maxBody, 1048576);
    QCOMPARE(c.maxHeaders, 65536);
    QCOMPARE(c.headerTimeoutSeconds, 10);
    QCOMPARE(c.idleTimeoutSeconds, 15);
    QCOMPARE(c.maxConnections, 1000);
    QCOMPARE(c.maxConnectionsPerAddress, 32);
    QVERIFY(c.metricsToken.isEmpty());
    QCOMPARE(c.logRetentionDays, 30);
    QCOMPARE(c.logLevel, LogLevel::Info);
}

void TestConfig::defaultDataDirIsAcademyAdminUnderGenericData()
{
    QCOMPARE(Config::defaultDataDir(),
             QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                 "/academy-admin");
}

void TestConfig::configKeysFollowTheContract()
{
    QStringList variables;
    for (const ConfigKey &key : configKeys()) {
        variables.append(key.variable);
        QCOMPARE(key.flag, flagOf(key.variable));
        QVERIFY2(!key.valueName.isEmpty(), qPrintable(key.variable));
        QVERIFY2(!key.help.isEmpty() && !key.help.contains('\n'), qPrintable(key.variable));
    }
    QCOMPARE(variables, contractVariables);
    QCOMPARE(configKeys().at(1).flag, "--db-url");
}

void TestConfig::precedence_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("saved");
    QTest::addColumn<int>("port");
    // Empty means the source does not set PORT.
    QTest::newRow("default alone") << ""
                                   << ""
                                   << "" << 3000;
    QTest::newRow("settings over default") << ""
                                           << ""
                                           << "3333" << 3333;
    QTest::newRow("environment over default") << ""
                                              << "2222"
                                              << "" << 2222;
    QTest::newRow("environment over settings") << ""
                                               << "2222"
                                               << "3333" << 2222;
    QTest::newRow("flag over default") << "1111"
                                       << ""
                                       << "" << 1111;
    QTest::newRow("flag over settings") << "1111"
                                        << ""
                                        << "3333" << 1111;
    QTest::newRow("flag over environment") << "1111"
                                           << "2222"
                                           << "" << 1111;
    QTest::newRow("flag over environment and settings") << "1111"
                                                        << "2222"
                                                        << "3333" << 1111;
}

void TestConfig::precedence()
{
    QFETCH(QString, flag);
    QFETCH(QString, env);
    QFETCH(QString, saved);
    QFETCH(int, port);

    ConfigSources sources;
    if (!flag.isEmpty())
        sources.arguments = {"--port", flag};
    if (!env.isEmpty())
        sources.environment.insert("PORT", env);
    if (!saved.isEmpty())
        sources.settings.insert("PORT", saved);
    const Result<Config> loaded = Config::load(sources);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QCOMPARE(loaded->port, port);
}

// The strongest source is chosen key by key, not source by source.
void TestConfig::precedenceIsDecidedPerKey()
{
    const Result<Config> loaded =
        Config::load({{"--port=1111"},
                      {{"HOST", "0.0.0.0"}, {"TOKEN_TTL", "120"}},
                      {{"PORT", "3333"}, {"HOST", "10.0.0.1"}, {"LOG_LEVEL", "debug"}}});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QCOMPARE(loaded->port, 1111);
    QCOMPARE(loaded->host, QHostAddress("0.0.0.0"));
    QCOMPARE(loaded->tokenTtlSeconds, 120);
    QCOMPARE(loaded->logLevel, LogLevel::Debug);
    QCOMPARE(loaded->idleTimeoutSeconds, 15);
}

void TestConfig::flagForms_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--port 4000") << QStringList{"--port", "4000"} << "PORT"
                                 << "4000";
    QTest::newRow("--port=4000") << QStringList{"--port=4000"} << "PORT"
                                 << "4000";
    QTest::newRow("last of a repeated flag wins")
        << QStringList{"--port", "1", "--port=2"} << "PORT"
        << "2";
    QTest::newRow("= inside the value, = form")
        << QStringList{"--db-url=postgresql://u:a=b@h/db"} << "DB_URL"
        << "postgresql://u:a=b@h/db";
    QTest::newRow("= inside the value, space form")
        << QStringList{"--db-url", "postgresql://u:a=b@h/db"} << "DB_URL"
        << "postgresql://u:a=b@h/db";
    QTest::newRow("several flags")
        << QStringList{"--host", "0.0.0.0", "--log-level=error", "--port", "80"} << "HOST"
        << "0.0.0.0";
    QTest::newRow("multi-word flag")
        << QStringList{"--max-connections-per-address", "7"} << "MAX_CONNECTIONS_PER_ADDRESS"
        << "7";
}

void TestConfig::flagForms()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, variable);
    QFETCH(QString, expected);
    const Result<Config> loaded = Config::load({arguments, {}, {}});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QCOMPARE(fieldText(*loaded, variable), expected);
}

void TestConfig::argumentErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString unexpected = "unexpected argument; options are written --name value or "
                               "--name=value";
    QTest::newRow("unknown flag") << QStringList{"--prot", "3000"} << "--prot: unknown option";
    QTest::newRow("unknown flag, = form") << QStringList{"--prot=3000"} << "--prot: unknown option";
    QTest::newRow("upper case flag") << QStringList{"--PORT=1"} << "--PORT: unknown option";
    QTest::newRow("--help is the executable's")
        << QStringList{"--help"} << "--help: unknown option";
    QTest::newRow("missing value at the end")
        << QStringList{"--port"} << "PORT: --port needs a value";
    QTest::newRow("missing value before a flag")
        << QStringList{"--port", "--host", "0.0.0.0"} << "PORT: --port needs a value";
    QTest::newRow("empty value after =") << QStringList{"--port="} << "PORT: --port needs a value";
    QTest::newRow("positional argument") << QStringList{"serve"} << "\"serve\": " + unexpected;
    QTest::newRow("single dash") << QStringList{"-p", "3000"} << "\"-p\": " + unexpected;
    QTest::newRow("value after a complete flag")
        << QStringList{"--port=1", "2"} << "\"2\": " + unexpected;
}

void TestConfig::argumentErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result<Config> loaded = Config::load({arguments, {}, {}});
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(loaded.error().message, message);
    QCOMPARE(loaded.error().details.size(), 1);
}

void TestConfig::secretsAreNotEchoed_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    QTest::addColumn<Values>("others");
    QTest::newRow("short JWT_SECRET") << "JWT_SECRET"
                                      << "short-but-secret" << Values{};
    QTest::newRow("METRICS_TOKEN with a space") << "METRICS_TOKEN"
                                                << "secret token" << Values{};
    QTest::newRow("ADMIN_PASSWORD without email") << "ADMIN_PASSWORD"
                                                  << "hunter2-password" << Values{};
    QTest::newRow("password inside a DB_URL without engine")
        << "DB_URL"
        << "admin:hunter2@db/academy" << Values{};
    QTest::newRow("password inside a DB_URL of another engine")
        << "DB_URL"
        << "mysql://admin:hunter2@db/academy" << Values{};
}

void TestConfig::secretsAreNotEchoed()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(Values, others);
    Values environment = others;
    environment.insert(variable, value);
    for (const ConfigSources &sources : {ConfigSources{{}, environment, {}},
                                         ConfigSources{{flagOf(variable), value}, others, {}}}) {
        const Result<Config> loaded = Config::load(sources);
        QVERIFY(!loaded.ok());
        const QString secret = value.contains("hunter2") ? QString("hunter2") : value;
        QVERIFY2(!loaded.error().message.contains(secret), qPrintable(loaded.error().message));
        QVERIFY(!loaded.error().details.first().message.contains(secret));
    }
}

// Secrets live in the keychain or the environment; a settings file is not a safe place.
void TestConfig::secretsNeverComeFromSettings()
{
    const Result<Config> loaded = Config::load(
        {{}, {}, {{"JWT_SECRET", jwt32}, {"ADMIN_PASSWORD", "correct horse battery"}}});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QVERIFY(loaded->jwtSecret.isEmpty());
    QVERIFY(loaded->adminPassword.isEmpty());
}

void TestConfig::emptyValueMeansUnset_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("saved");
    QTest::addColumn<QString>("expected");
    QTest::newRow("PORT falls to default") << "PORT"
                                           << ""
                                           << "3000";
    QTest::newRow("PORT falls to settings") << "PORT"
                                            << "4000"
                                            << "4000";
    QTest::newRow("HOST falls to default") << "HOST"
                                           << ""
                                           << "127.0.0.1";
    QTest::newRow("DB_URL falls to default")
        << "DB_URL"
        << ""
        << "sqlite://" + Config::defaultDataDir() + "/academy.db";
    QTest::newRow("DATA_DIR falls to default") << "DATA_DIR"
                                               << "" << Config::defaultDataDir();
    QTest::newRow("RATE_LIMIT falls to default") << "RATE_LIMIT"
                                                 << ""
                                                 << "50/100";
    QTest::newRow("JWT_SECRET falls to default") << "JWT_SECRET"
                                                 << ""
                                                 << "";
    QTest::newRow("TLS_CERT does not need TLS_KEY") << "TLS_CERT"
                                                    << ""
                                                    << "";
    QTest::newRow("LOG_LEVEL falls to settings") << "LOG_LEVEL"
                                                 << "error"
                                                 << "error";
}

// `PORT=` in a service file, or an empty field in the desktop app's settings, means "not set".
void TestConfig::emptyValueMeansUnset()
{
    QFETCH(QString, variable);
    QFETCH(QString, saved);
    QFETCH(QString, expected);
    const Result<Config> fromEnvironment =
        Config::load({{}, {{variable, ""}}, {{variable, saved}}});
    QVERIFY2(fromEnvironment.ok(), qPrintable(describe(fromEnvironment)));
    QCOMPARE(fieldText(*fromEnvironment, variable), expected);
}

void TestConfig::dbUrlFollowsDataDir()
{
    const Result<Config> loaded = Config::load({{"--data-dir", "/srv/academy"}, {}, {}});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QCOMPARE(loaded->dbUrl, "sqlite:///srv/academy/academy.db");

    const Result<Config> chosen = Config::load(
        {{"--data-dir", "/srv/academy"}, {{"DB_URL", "postgresql://u@db/academy"}}, {}});
    QVERIFY2(chosen.ok(), qPrintable(describe(chosen)));
    QCOMPARE(chosen->dbUrl, "postgresql://u@db/academy");
}

// MAX_CONNECTIONS=10 alone must not fail because of a per-address default nobody chose.
void TestConfig::perAddressDefaultShrinksToMaxConnections()
{
    const Result<Config> loaded = Config::load({{}, {{"MAX_CONNECTIONS", "10"}}, {}});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QCOMPARE(loaded->maxConnections, 10);
    QCOMPARE(loaded->maxConnectionsPerAddress, 10);
}

void TestConfig::processEnvironmentReadsOnlyContractVariables()
{
    const QByteArray oldPort = qgetenv("PORT");
    const bool hadPort = qEnvironmentVariableIsSet("PORT");
    qputenv("PORT", "4321");
    qputenv("ACADEMY_TST_CONFIG_UNRELATED", "1");
    const Values environment = Config::processEnvironment();
    if (hadPort)
        qputenv("PORT", oldPort);
    else
        qunsetenv("PORT");
    qunsetenv("ACADEMY_TST_CONFIG_UNRELATED");

    QCOMPARE(environment.value("PORT"), "4321");
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        QVERIFY2(contractVariables.contains(it.key()), qPrintable(it.key()));
}

void TestConfig::savedSettingsReadsSettingsFiles()
{
    const QString path = m_dir.filePath("settings.ini");
    {
        // Written by hand, as an administrator would: INI reads "a, b" back as a list.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[General]\nCORS_ORIGINS=https://a.example, https://b.example\n");
    }
    QSettings settings(path, QSettings::IniFormat);
    settings.setValue("PORT", 4000);
    settings.setValue("ALLOW_REGISTRATION", true);
    settings.setValue("METRICS_TOKEN", "metrics-token");
    settings.setValue("JWT_SECRET", jwt32);
    settings.setValue("ADMIN_PASSWORD", "correct horse battery");
    settings.setValue("UNRELATED", "x");

    const Values saved = Config::savedSettings(settings);
    QCOMPARE(saved.value("PORT"), "4000");
    QCOMPARE(saved.value("ALLOW_REGISTRATION"), "true");
    QCOMPARE(saved.value("CORS_ORIGINS"), "https://a.example,https://b.example");
    QCOMPARE(saved.value("METRICS_TOKEN"), "metrics-token");
    QVERIFY(!saved.contains("JWT_SECRET"));
    QVERIFY(!saved.contains("ADMIN_PASSWORD"));
    QVERIFY(!saved.contains("UNRELATED"));

    const Result<Config> loaded = Config::load({{}, {}, saved});
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded)));
    QCOMPARE(loaded->corsOrigins, QStringList({"https://a.example", "https://b.example"}));
    QCOMPARE(loaded->allowRegistration, true);
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"

// Config::load: every key of the contract's Configuration table, read from CLI flags, the
// environment and saved settings, in that order of strength.

#include "config.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

using namespace academy;

namespace {

using Values = QHash<QString, QString>;

// The contract's Configuration table, in its order.
const QStringList contractVariables{
    "DATA_DIR",
    "DB_URL",
    "HOST",
    "PORT",
    "TLS_HOST",
    "TLS_PORT",
    "TLS_CERT",
    "TLS_KEY",
    "JWT_SECRET",
    "TOKEN_TTL",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "ALLOW_REGISTRATION",
    "CORS_ORIGINS",
    "TRUSTED_PROXIES",
    "RATE_LIMIT",
    "LOGIN_LOCKOUT",
    "MAX_BODY",
    "MAX_HEADERS",
    "HEADER_TIMEOUT",
    "IDLE_TIMEOUT",
    "MAX_CONNECTIONS",
    "MAX_CONNECTIONS_PER_ADDRESS",
    "METRICS_TOKEN",
    "LOG_RETENTION_DAYS",
    "LOG_LEVEL",
};

const QString jwt32 = QStringLiteral("0123456789abcdef0123456789abcdef");

QString flagOf(const QString &variable)
{
    return QStringLiteral("--") + variable.toLower().replace('_', '-');
}

QString joined(const QList<QHostAddress> &addresses)
{
    QStringList texts;
    for (const QHostAddress &address : addresses)
        texts.append(address.toString());
    return texts.join(',');
}

QString levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Error:
        return "error";
    }
    return {};
}

// The parsed field of one variable as text, so one data-driven test can check every key.
QString fieldText(const Config &c, const QString &variable)
{
    using Field = std::function<QString(const Config &)>;
    static const QHash<QString, Field> fields{
        {"DATA_DIR", [](const Config &c) { return c.dataDir; }},
        {"DB_URL", [](const Config &c) { return c.dbUrl; }},
        {"HOST", [](const Config &c) { return c.host.toString(); }},
        {"PORT", [](const Config &c) { return QString::number(c.port); }},
        {"TLS_HOST", [](const Config &c) { return c.tlsHost.toString(); }},
        {"TLS_PORT", [](const Config &c) { return QString::number(c.tlsPort); }},
        {"TLS_CERT", [](const Config &c) { return c.tlsCert; }},
        {"TLS_KEY", [](const Config &c) { return c.tlsKey; }},
        {"JWT_SECRET", [](const Config &c) { return QString::fromUtf8(c.jwtSecret); }},
        {"TOKEN_TTL", [](const Config &c) { return QString::number(c.tokenTtlSeconds); }},
        {"ADMIN_EMAIL", [](const Config &c) { return c.adminEmail; }},
        {"ADMIN_PASSWORD", [](const Config &c) { return c.adminPassword; }},
        {"ALLOW_REGISTRATION",
         [](const Config &c) { return QString(c.allowRegistration ? "true" : "false"); }},
        {"CORS_ORIGINS", [](const Config &c) { return c.corsOrigins.join(','); }},
        {"TRUSTED_PROXIES", [](const Config &c) { return joined(c.trustedProxies); }},
        {"RATE_LIMIT",
         [](const Config &c) {
             return QString::number(c.rateLimit.perSecond) + '/' +
                    QString::number(c.rateLimit.burst);
         }},
        {"LOGIN_LOCKOUT",
         [](const Config &c) {
             return QString("%1/%2/%3")
                 .arg(c.loginLockout.failures)
                 .arg(c.loginLockout.windowSeconds)
                 .arg(c.loginLockout.lockSeconds);
         }},
        {"MAX_BODY", [](const Config &c) { return QString::number(c.maxBody); }},
        {"MAX_HEADERS", [](const Config &c) { return QString::number(c.maxHeaders); }},
        {"HEADER_TIMEOUT", [](const Config &c) { return QString::number(c.headerTimeoutSeconds); }},
        {"IDLE_TIMEOUT", [](const Config &c) { return QString::number(c.idleTimeoutSeconds); }},
        {"MAX_CONNECTIONS", [](const Config &c) { return QString::number(c.maxConnections); }},
        {"MAX_CONNECTIONS_PER_ADDRESS",
         [](const Config &c) { return QString::number(c.maxConnectionsPerAddress); }},
        {"METRICS_TOKEN", [](const Config &c) { return c.metricsToken; }},
        {"LOG_RETENTION_DAYS", [](const Config &c) { return QString::number(c.logRetentionDays); }},
        {"LOG_LEVEL", [](const Config &c) { return levelName(c.logLevel); }},
    };
    return fields.value(variable)(c);
}

QString describe(const Result<Config> &result)
{
    return result.ok() ? QStringLiteral("loaded") : result.error().message;
}

// A value that loads, with what the field holds afterwards. `others` are set in the
// environment alongside it (a key that needs a partner).
struct GoodRow
{
    QString name;
    QString variable;
    QString value;
    QString expected;
    Values others;
};

// A value that is refused. The message must start with `blamed` (the variable itself, or the
// partner it is missing) and contain `fragment`.
struct BadRow
{
    QString name;
    QString variable;
    QString value;
    QString fragment;
    Values others;
    QString blamed;
};

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaults();
    void defaultDataDirIsAcademyAdminUnderGenericData();
    void configKeysFollowTheContract();
    void everyKeyHasGoodAndBadRows();

    void goodValue_data();
    void goodValue();
    void badValue_data();
    void badValue();

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
    QList<GoodRow> goodRows() const;
    QList<BadRow> badRows() const;

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    QString m_plainFile;
};

void TestConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cert = m_dir.filePath("cert.pem");
    m_key = m_dir.filePath("key.pem");
    m_plainFile = m_dir.filePath("not-a-folder");
    for (const QString &path : {m_cert, m_key, m_plainFile}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN PLACEHOLDER-----\n");
    }
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

void TestConfig::everyKeyHasGoodAndBadRows()
{
    QSet<QString> good;
    QSet<QString> bad;
    for (const GoodRow &row : goodRows())
        good.insert(row.variable);
    for (const BadRow &row : badRows())
        bad.insert(row.variable);
    for (const QString &variable : contractVariables) {
        QVERIFY2(good.contains(variable), qPrintable(variable + " has no good value row"));
        QVERIFY2(bad.contains(variable), qPrintable(variable + " has no bad value row"));
    }
}

QList<GoodRow> TestConfig::goodRows() const
{
    const Values adminPassword{{"ADMIN_PASSWORD", "correct horse battery"}};
    const QString twoByteSecret = QString(16, QChar(0xe9)); // 16 characters, 32 UTF-8 bytes
    return {
        {"absolute folder", "DATA_DIR", "/srv/academy", "/srv/academy", {}},
        {"trailing slash dropped", "DATA_DIR", "/srv/academy/", "/srv/academy", {}},
        {"relative folder made absolute", "DATA_DIR", "data", QDir::current().filePath("data"), {}},
        {"sqlite", "DB_URL", "sqlite:///var/lib/a.db", "sqlite:///var/lib/a.db", {}},
        {"postgresql",
         "DB_URL",
         "postgresql://u:p@db:5432/academy",
         "postgresql://u:p@db:5432/academy",
         {}},
        {"postgres alias", "DB_URL", "postgres://u@db/academy", "postgres://u@db/academy", {}},
        {"any IPv4", "HOST", "0.0.0.0", "0.0.0.0", {}},
        {"LAN IPv4", "HOST", "192.168.1.10", "192.168.1.10", {}},
        {"IPv6 loopback", "HOST", "::1", "::1", {}},
        {"localhost", "HOST", "localhost", "127.0.0.1", {}},
        {"LOCALHOST", "HOST", "LOCALHOST", "127.0.0.1", {}},
        {"free port", "PORT", "0", "0", {}},
        {"highest port", "PORT", "65535", "65535", {}},
        {"usual port", "PORT", "8080", "8080", {}},
        {"IPv6 any", "TLS_HOST", "::", "::", {}},
        {"LAN address", "TLS_HOST", "10.0.0.5", "10.0.0.5", {}},
        {"HTTPS off", "TLS_PORT", "0", "0", {}},
        {"other port", "TLS_PORT", "8443", "8443", {}},
        {"cert with key", "TLS_CERT", m_cert, m_cert, {{"TLS_KEY", m_key}}},
        {"key with cert", "TLS_KEY", m_key, m_key, {{"TLS_CERT", m_cert}}},
        {"32 ASCII bytes", "JWT_SECRET", jwt32, jwt32, {}},
        {"32 bytes in 16 characters", "JWT_SECRET", twoByteSecret, twoByteSecret, {}},
        {"shortest", "TOKEN_TTL", "60", "60", {}},
        {"longest", "TOKEN_TTL", "604800", "604800", {}},
        {"with password", "ADMIN_EMAIL", "admin@school.example", "admin@school.example",
         adminPassword},
        {"with email",
         "ADMIN_PASSWORD",
         "correct horse battery",
         "correct horse battery",
         {{"ADMIN_EMAIL", "admin@school.example"}}},
        {"true", "ALLOW_REGISTRATION", "true", "true", {}},
        {"FALSE", "ALLOW_REGISTRATION", "FALSE", "false", {}},
        {"1", "ALLOW_REGISTRATION", "1", "true", {}},
        {"0", "ALLOW_REGISTRATION", "0", "false", {}},
        {"Yes", "ALLOW_REGISTRATION", "Yes", "true", {}},
        {"no", "ALLOW_REGISTRATION", "no", "false", {}},
        {"on", "ALLOW_REGISTRATION", "on", "true", {}},
        {"OFF", "ALLOW_REGISTRATION", "OFF", "false", {}},
        {"any origin", "CORS_ORIGINS", "*", "*", {}},
        {"dev server", "CORS_ORIGINS", "http://localhost:5173", "http://localhost:5173", {}},
        {"list trimmed, empties dropped",
         "CORS_ORIGINS",
         " https://a.example , http://b.example:8080 ,,",
         "https://a.example,http://b.example:8080",
         {}},
        {"canonical origin", "CORS_ORIGINS", "HTTPS://App.Example:443", "https://app.example", {}},
        {"IPv6 origin", "CORS_ORIGINS", "http://[::1]:8080", "http://[::1]:8080", {}},
        {"two proxies", "TRUSTED_PROXIES", "10.0.0.1, ::1", "10.0.0.1,::1", {}},
        {"off", "RATE_LIMIT", "0", "0/100", {}},
        {"whole", "RATE_LIMIT", "10/20", "10/20", {}},
        {"fractional", "RATE_LIMIT", "0.5/1", "0.5/1", {}},
        {"custom", "LOGIN_LOCKOUT", "3/60/120", "3/60/120", {}},
        {"smallest", "MAX_BODY", "1", "1", {}},
        {"largest", "MAX_BODY", "1073741824", "1073741824", {}},
        {"smallest", "MAX_HEADERS", "1024", "1024", {}},
        {"largest", "MAX_HEADERS", "16777216", "16777216", {}},
        {"shortest", "HEADER_TIMEOUT", "1", "1", {}},
        {"longest", "HEADER_TIMEOUT", "3600", "3600", {}},
        {"shortest", "IDLE_TIMEOUT", "1", "1", {}},
        {"longest", "IDLE_TIMEOUT", "3600", "3600", {}},
        {"fewest", "MAX_CONNECTIONS", "1", "1", {}},
        {"most", "MAX_CONNECTIONS", "100000", "100000", {}},
        {"fewest", "MAX_CONNECTIONS_PER_ADDRESS", "1", "1", {}},
        {"as many as in all", "MAX_CONNECTIONS_PER_ADDRESS", "1000", "1000", {}},
        {"most",
         "MAX_CONNECTIONS_PER_ADDRESS",
         "100000",
         "100000",
         {{"MAX_CONNECTIONS", "100000"}}},
        {"token", "METRICS_TOKEN", "s3cr3t-Token_~!", "s3cr3t-Token_~!", {}},
        {"shortest", "LOG_RETENTION_DAYS", "1", "1", {}},
        {"longest", "LOG_RETENTION_DAYS", "3650", "3650", {}},
        {"debug", "LOG_LEVEL", "debug", "debug", {}},
        {"info", "LOG_LEVEL", "info", "info", {}},
        {"WARNING", "LOG_LEVEL", "WARNING", "warning", {}},
        {"error", "LOG_LEVEL", "error", "error", {}},
    };
}

QList<BadRow> TestConfig::badRows() const
{
    const QString engines = "use sqlite://PATH or postgresql://user:pass@host:port/db";
    const QString ports = "must be a whole number from 0 to 65535";
    const QString address = "must be an IP address";
    const QString origin = "is not an origin";
    const QString rate = "must be 0 (off) or REQUESTS_PER_SECOND/BURST";
    const QString lockout = "must be FAILURES/WINDOW_SECONDS/LOCK_SECONDS";
    return {
        {"a file", "DATA_DIR", m_plainFile, "must name a folder, not a file", {}, {}},
        {"mysql",
         "DB_URL",
         "mysql://u@h/db",
         "unknown database engine \"mysql\"; " + engines,
         {},
         {}},
        {"bare path", "DB_URL", "academy.db", "not a database URL; " + engines, {}, {}},
        {"host name", "HOST", "example.com", address + " such as 127.0.0.1", {}, {}},
        {"octet too big", "HOST", "256.0.0.1", "(got \"256.0.0.1\")", {}, {}},
        {"short IPv4", "HOST", "127.1", address, {}, {}},
        {"octal IPv4", "HOST", "010.0.0.1", address, {}, {}},
        {"leading space", "HOST", " 127.0.0.1", address, {}, {}},
        {"bracketed IPv6", "HOST", "[::1]", address, {}, {}},
        {"too big", "PORT", "70000", ports + " (got \"70000\")", {}, {}},
        {"trailing letters", "PORT", "3000abc", ports, {}, {}},
        {"blank", "PORT", " ", ports + " (got \" \")", {}, {}},
        {"negative", "PORT", "-1", ports, {}, {}},
        {"plus sign", "PORT", "+80", ports, {}, {}},
        {"trailing space", "PORT", "3000 ", ports, {}, {}},
        {"host name", "TLS_HOST", "everywhere", address, {}, {}},
        {"too big", "TLS_PORT", "65536", ports, {}, {}},
        {"missing file",
         "TLS_CERT",
         m_dir.filePath("none.pem"),
         "must name a readable file",
         {{"TLS_KEY", m_key}},
         {}},
        {"without key", "TLS_CERT", m_cert, "must be set too when TLS_CERT is set", {}, "TLS_KEY"},
        {"missing file",
         "TLS_KEY",
         m_dir.filePath("none.pem"),
         "must name a readable file",
         {{"TLS_CERT", m_cert}},
         {}},
        {"without cert", "TLS_KEY", m_key, "must be set too when TLS_KEY is set", {}, "TLS_CERT"},
        {"31 bytes", "JWT_SECRET", jwt32.left(31), "must be at least 32 bytes", {}, {}},
        {"15 two-byte characters",
         "JWT_SECRET",
         QString(15, QChar(0xe9)),
         "must be at least 32 bytes",
         {},
         {}},
        {"too short", "TOKEN_TTL", "59", "from 60 to 604800", {}, {}},
        {"too long", "TOKEN_TTL", "604801", "from 60 to 604800", {}, {}},
        {"with unit", "TOKEN_TTL", "1h", "from 60 to 604800", {}, {}},
        {"without password",
         "ADMIN_EMAIL",
         "admin@school.example",
         "must be set too when ADMIN_EMAIL is set",
         {},
         "ADMIN_PASSWORD"},
        {"without email",
         "ADMIN_PASSWORD",
         "correct horse battery",
         "must be set too when ADMIN_PASSWORD is set",
         {},
         "ADMIN_EMAIL"},
        {"maybe", "ALLOW_REGISTRATION", "maybe", "must be true or false", {}, {}},
        {"2", "ALLOW_REGISTRATION", "2", "must be true or false", {}, {}},
        {"trailing slash", "CORS_ORIGINS", "http://a.example/", origin, {}, {}},
        {"path", "CORS_ORIGINS", "http://a.example/app", origin, {}, {}},
        {"ftp", "CORS_ORIGINS", "ftp://a.example", origin, {}, {}},
        {"no scheme", "CORS_ORIGINS", "a.example", origin, {}, {}},
        {"user info", "CORS_ORIGINS", "http://user@a.example", origin, {}, {}},
        {"null", "CORS_ORIGINS", "null", origin, {}, {}},
        {"star with others",
         "CORS_ORIGINS",
         "*, http://a.example",
         "cannot be listed with others",
         {},
         {}},
        {"bad entry in list",
         "CORS_ORIGINS",
         "https://a.example, b.example",
         "\"b.example\" is not an origin",
         {},
         {}},
        {"host name",
         "TRUSTED_PROXIES",
         "10.0.0.1, proxy.local",
         "\"proxy.local\" is not an IP address",
         {},
         {}},
        {"no burst", "RATE_LIMIT", "50", rate, {}, {}},
        {"zero rate with burst", "RATE_LIMIT", "0/100", rate, {}, {}},
        {"zero burst", "RATE_LIMIT", "50/0", rate, {}, {}},
        {"word", "RATE_LIMIT", "fast/10", rate, {}, {}},
        {"fractional burst", "RATE_LIMIT", "50/1.5", rate, {}, {}},
        {"negative rate", "RATE_LIMIT", "-1/10", rate, {}, {}},
        {"three parts", "RATE_LIMIT", "50/100/1", rate, {}, {}},
        {"two parts", "LOGIN_LOCKOUT", "5/900", lockout, {}, {}},
        {"zero failures", "LOGIN_LOCKOUT", "0/900/900", lockout, {}, {}},
        {"word", "LOGIN_LOCKOUT", "5/x/900", lockout, {}, {}},
        {"four parts", "LOGIN_LOCKOUT", "5/900/900/1", lockout, {}, {}},
        {"zero", "MAX_BODY", "0", "from 1 to 1073741824", {}, {}},
        {"over 1 GiB", "MAX_BODY", "1073741825", "from 1 to 1073741824", {}, {}},
        {"too small", "MAX_HEADERS", "1023", "from 1024 to 16777216", {}, {}},
        {"too big", "MAX_HEADERS", "16777217", "from 1024 to 16777216", {}, {}},
        {"zero", "HEADER_TIMEOUT", "0", "from 1 to 3600", {}, {}},
        {"over an hour", "HEADER_TIMEOUT", "3601", "from 1 to 3600", {}, {}},
        {"zero", "IDLE_TIMEOUT", "0", "from 1 to 3600", {}, {}},
        {"over an hour", "IDLE_TIMEOUT", "3601", "from 1 to 3600", {}, {}},
        {"zero", "MAX_CONNECTIONS", "0", "from 1 to 100000", {}, {}},
        {"too many", "MAX_CONNECTIONS", "100001", "from 1 to 100000", {}, {}},
        {"zero", "MAX_CONNECTIONS_PER_ADDRESS", "0", "from 1 to 100000", {}, {}},
        {"more than in all",
         "MAX_CONNECTIONS_PER_ADDRESS",
         "33",
         "must not be more than MAX_CONNECTIONS (32) (got \"33\")",
         {{"MAX_CONNECTIONS", "32"}},
         {}},
        {"space",
         "METRICS_TOKEN",
         "two words",
         "printable ASCII without spaces (value hidden)",
         {},
         {}},
        {"zero", "LOG_RETENTION_DAYS", "0", "from 1 to 3650", {}, {}},
        {"over ten years", "LOG_RETENTION_DAYS", "3651", "from 1 to 3650", {}, {}},
        {"verbose", "LOG_LEVEL", "verbose", "must be debug, info, warning or error", {}, {}},
        {"warn", "LOG_LEVEL", "warn", "must be debug, info, warning or error", {}, {}},
    };
}

void TestConfig::goodValue_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<Values>("others");
    for (const GoodRow &row : goodRows()) {
        QTest::addRow("%s: %s", qPrintable(row.variable), qPrintable(row.name))
            << row.variable << row.value << row.expected << row.others;
    }
}

// The same value gives the same field whichever source it comes from.
void TestConfig::goodValue()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QFETCH(Values, others);

    Values environment = others;
    environment.insert(variable, value);
    const QString flag = flagOf(variable);
    QList<std::pair<const char *, ConfigSources>> forms{
        {"environment", {{}, environment, {}}},
        {"--flag=value", {{flag + '=' + value}, others, {}}},
        {"--flag value", {{flag, value}, others, {}}},
    };
    if (variable != "JWT_SECRET" && variable != "ADMIN_PASSWORD")
        forms.append({"saved settings", {{}, others, {{variable, value}}}});

    for (const auto &[form, sources] : forms) {
        const Result<Config> loaded = Config::load(sources);
        QVERIFY2(loaded.ok(), qPrintable(QString(form) + ": " + describe(loaded)));
        QVERIFY2(fieldText(*loaded, variable) == expected,
                 qPrintable(QString("%1: got \"%2\"").arg(form, fieldText(*loaded, variable))));
    }
}

void TestConfig::badValue_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<Values>("others");
    QTest::addColumn<QString>("blamed");
    for (const BadRow &row : badRows()) {
        QTest::addRow("%s: %s", qPrintable(row.variable), qPrintable(row.name))
            << row.variable << row.value << row.fragment << row.others
            << (row.blamed.isEmpty() ? row.variable : row.blamed);
    }
}

// A bad value is refused with a message naming the variable, also when it came as a flag.
void TestConfig::badValue()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(QString, fragment);
    QFETCH(Values, others);
    QFETCH(QString, blamed);

    Values environment = others;
    environment.insert(variable, value);
    const QList<std::pair<const char *, ConfigSources>> forms{
        {"environment", {{}, environment, {}}},
        {"--flag=value", {{flagOf(variable) + '=' + value}, others, {}}},
    };
    for (const auto &[form, sources] : forms) {
        const Result<Config> loaded = Config::load(sources);
        QVERIFY2(!loaded.ok(), form);
        const Error &error = loaded.error();
        QCOMPARE(error.code, ErrorCode::ValidationFailed);
        QVERIFY2(error.message.startsWith(blamed + ": "), qPrintable(error.message));
        QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
        QCOMPARE(error.details.size(), 1);
        QCOMPARE(error.details.first().field, blamed);
        QCOMPARE(blamed + ": " + error.details.first().message, error.message);
    }
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

// Config::load, value by value: every key of the contract's Configuration table with the
// values it takes (and what its field then holds) and the values it refuses (and the message
// that says why), from each source alike. Sources and their order: tst_config.

#include "config.h"
#include "config_fields.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

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

class TestConfigValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void everyKeyHasGoodAndBadRows();
    void goodValue_data();
    void goodValue();
    void badValue_data();
    void badValue();

private:
    QList<GoodRow> goodRows() const;
    QList<BadRow> badRows() const;

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    QString m_plainFile;
};

void TestConfigValues::initTestCase()
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

void TestConfigValues::everyKeyHasGoodAndBadRows()
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

QList<GoodRow> TestConfigValues::goodRows() const
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

QList<BadRow> TestConfigValues::badRows() const
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

void TestConfigValues::goodValue_data()
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
void TestConfigValues::goodValue()
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

void TestConfigValues::badValue_data()
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
void TestConfigValues::badValue()
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

QTEST_GUILESS_MAIN(TestConfigValues)
#include "tst_config_values.moc"

#pragma once

#include "error.h"

#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QStringList>

class QSettings;

namespace academy {

// Where configuration values come from, strongest first: CLI flags > environment >
// saved settings > defaults. Each source is plain data so tests can build them freely.
struct ConfigSources
{
    QStringList arguments;            // without argv[0]; "--port 3000" or "--port=3000"
    QHash<QString, QString> environment; // e.g. {"PORT", "3000"}
    QHash<QString, QString> settings; // saved settings, keyed like the environment
};

struct RateLimit
{
    double perSecond = 50;
    int burst = 100;
    bool enabled() const { return perSecond > 0; }
};

struct LoginLockout
{
    int failures = 5;
    int windowSeconds = 900;
    int lockSeconds = 900;
};

enum class LogLevel { Debug, Info, Warning, Error };

// One immutable value read once at start. Every key of the contract's Configuration table.
struct Config
{
    QString dataDir;
    QString dbUrl; // always filled: defaults to sqlite://<dataDir>/academy.db
    QHostAddress host{QHostAddress::LocalHost};
    quint16 port = 3000;
    QHostAddress tlsHost{QHostAddress::Any};
    quint16 tlsPort = 3443; // 0: HTTPS off
    QString tlsCert;
    QString tlsKey;
    QByteArray jwtSecret; // empty: keychain, else the secret file
    int tokenTtlSeconds = 3600;
    QString adminEmail;
    QString adminPassword;
    bool allowRegistration = false;
    QStringList corsOrigins; // "*" allows any origin
    QList<QHostAddress> trustedProxies;
    RateLimit rateLimit;
    LoginLockout loginLockout;
    qint64 maxBody = 1048576;
    qint64 maxHeaders = 65536;
    int headerTimeoutSeconds = 10;
    int idleTimeoutSeconds = 15;
    int maxConnections = 1000;
    int maxConnectionsPerAddress = 32;
    QString metricsToken;
    int logRetentionDays = 30;
    LogLevel logLevel = LogLevel::Info;

    // Builds the value from its sources. A bad value gives an error whose message names the
    // variable, e.g. "PORT: must be a whole number from 0 to 65535 (got \"70000\")".
    static Result<Config> load(const ConfigSources &sources);

    // The environment of this process, restricted to the contract's variables.
    static QHash<QString, QString> processEnvironment();
    // Saved settings (QSettings), keyed like the environment. Secrets are never read from
    // there: they live in the keychain.
    static QHash<QString, QString> savedSettings(QSettings &settings);

    // The platform's app-data folder, used when DATA_DIR is not set.
    static QString defaultDataDir();
};

// Every variable of the contract's Configuration table, in its order, with its CLI flag
// (e.g. "DB_URL" <-> "--db-url") and a one-line help text: drives --help and the parser.
struct ConfigKey
{
    QString variable;
    QString flag;
    QString valueName;
    QString help;
};
const QList<ConfigKey> &configKeys();

// Exit code for bad configuration, shared by every executable.
constexpr int ExitBadConfig = 2;

} // namespace academy

#pragma once

// What the two Config::load tests share: the contract's Configuration table and a way to
// read any parsed field back as text.

#include "config.h"

#include <QHash>
#include <QStringList>

#include <functional>

namespace academy::test {

using Values = QHash<QString, QString>;

// The contract's Configuration table, in its order.
inline const QStringList contractVariables{
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

inline const QString jwt32 = QStringLiteral("0123456789abcdef0123456789abcdef");

inline QString flagOf(const QString &variable)
{
    return QStringLiteral("--") + variable.toLower().replace('_', '-');
}

inline QString joined(const QList<QHostAddress> &addresses)
{
    QStringList texts;
    for (const QHostAddress &address : addresses)
        texts.append(address.toString());
    return texts.join(',');
}

inline QString levelName(LogLevel level)
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
inline QString fieldText(const Config &c, const QString &variable)
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

inline QString describe(const Result<Config> &result)
{
    return result.ok() ? QStringLiteral("loaded") : result.error().message;
}

} // namespace academy::test

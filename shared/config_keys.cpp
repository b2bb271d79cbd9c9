#include "config_keys.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <type_traits>

namespace academy::config_detail {

QString RawValue::got() const
{
    if (hidden)
        return QStringLiteral("(value hidden)");
    // A pasted certificate or a stray file in a variable would drown the message.
    constexpr qsizetype shownLength = 80;
    const QString shown =
        text.size() > shownLength ? text.left(shownLength) + QStringLiteral("…") : text;
    return QStringLiteral("(got \"%1\")").arg(shown);
}

QString flagFor(const QString &variable)
{
    return QStringLiteral("--") + variable.toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
}

namespace {

// Digits only: QString::toLongLong would also take " 3000", "+3000" and "3000 ", which hides
// typos in scripts. The length cap keeps the conversion from overflowing.
std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max)
{
    if (text.isEmpty() || text.size() > 12)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    const qint64 number = text.toLongLong();
    if (number < min || number > max)
        return std::nullopt;
    return number;
}

// QHostAddress alone takes "1" as 0.0.0.1, "010.0.0.1" as octal and pads with whitespace;
// a listener on a surprising address is worse than a refusal, so IPv4 must be dotted quad.
std::optional<QHostAddress> ipAddress(const QString &text)
{
    if (text.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    static const QRegularExpression dottedQuad(
        QStringLiteral(R"(^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$)"));
    static const QRegularExpression ipv6(QStringLiteral(R"(^[0-9A-Fa-f:.]+(%[\w.-]+)?$)"));
    const bool looksLikeIpv4 = dottedQuad.match(text).hasMatch();
    if (!looksLikeIpv4 && !(text.contains(QLatin1Char(':')) && ipv6.match(text).hasMatch()))
        return std::nullopt;
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return address;
}

QStringList commaList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(QLatin1Char(','))) {
        if (!item.trimmed().isEmpty())
            items.append(item.trimmed());
    }
    return items;
}

// The form a browser sends in the Origin header (lower case, no default port), so the CORS
// check can compare strings.
std::optional<QString> origin(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty() || !url.userInfo().isEmpty() || !url.path().isEmpty() ||
        url.hasQuery() || url.hasFragment())
        return std::nullopt;
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    QUrl canonical;
    canonical.setScheme(scheme);
    canonical.setHost(url.host(QUrl::FullyEncoded).toLower());
    if (url.port() != -1 && url.port() != defaultPort)
        canonical.setPort(url.port());
    return canonical.toString(QUrl::FullyEncoded);
}

template <auto Member, qint64 Min, qint64 Max>
Problem parseWhole(Config &config, const RawValue &value)
{
    const std::optional<qint64> number = wholeNumber(value.text, Min, Max);
    if (!number)
        return QStringLiteral("must be a whole number from %1 to %2 %3")
            .arg(Min)
            .arg(Max)
            .arg(value.got());
    using Field = std::remove_reference_t<decltype(config.*Member)>;
    config.*Member = static_cast<Field>(*number);
    return {};
}

template <auto Member> Problem parseHost(Config &config, const RawValue &value)
{
    const std::optional<QHostAddress> address = ipAddress(value.text);
    if (!address)
        return QStringLiteral("must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or "
                              "localhost %1")
            .arg(value.got());
    config.*Member = *address;
    return {};
}

template <auto Member> Problem parseText(Config &config, const RawValue &value)
{
    config.*Member = value.text;
    return {};
}

// Checked here so a typo stops the start with the variable's name, not a TLS error later.
template <auto Member> Problem parseReadableFile(Config &config, const RawValue &value)
{
    const QFileInfo file(value.text);
    if (!file.isFile() || !file.isReadable())
        return QStringLiteral("must name a readable file %1").arg(value.got());
    config.*Member = value.text;
    return {};
}

// Absolute, so the default sqlite:// URL built from it does not depend on the working folder.
Problem parseDataDir(Config &config, const RawValue &value)
{
    const QFileInfo folder(value.text);
    if (folder.exists() && !folder.isDir())
        return QStringLiteral("must name a folder, not a file %1").arg(value.got());
    config.dataDir = QDir::cleanPath(folder.absoluteFilePath());
    return {};
}

// Only the engine is checked here; the full URL is parsed where the database is opened.
// The value is never echoed: a PostgreSQL URL may carry a password.
Problem parseDbUrl(Config &config, const RawValue &value)
{
    for (const char *prefix : {"sqlite://", "postgresql://", "postgres://"}) {
        if (value.text.startsWith(QLatin1String(prefix))) {
            config.dbUrl = value.text;
            return {};
        }
    }
    const QString use = QStringLiteral("use sqlite://PATH or postgresql://user:pass@host:port/db");
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    const QRegularExpressionMatch match = scheme.match(value.text);
    if (match.hasMatch())
        return QStringLiteral("unknown database engine \"%1\"; %2").arg(match.captured(1), use);
    return QStringLiteral("not a database URL; %1").arg(use);
}

Problem parseJwtSecret(Config &config, const RawValue &value)
{
    const QByteArray secret = value.text.toUtf8();
    if (secret.size() < 32)
        return QStringLiteral("must be at least 32 bytes");
    config.jwtSecret = secret;
    return {};
}

Problem parseAllowRegistration(Config &config, const RawValue &value)
{
    const QString text = value.text.toLower();
    static const QStringList yes{"true", "1", "yes", "on"};
    static const QStringList no{"false", "0", "no", "off"};
    if (!yes.contains(text) && !no.contains(text))
        return QStringLiteral("must be true or false (or 1/0, yes/no, on/off) %1").arg(value.got());
    config.allowRegistration = yes.contains(text);
    return {};
}

Problem parseCorsOrigins(Config &config, const RawValue &value)
{
    const QStringList items = commaList(value.text);
    QStringList origins;
    for (const QString &item : items) {
        if (item == QLatin1String("*")) {
            if (items.size() > 1)
                return QStringLiteral("\"*\" allows every origin and cannot be listed with "
                                      "others %1")
                    .arg(value.got());
            origins.append(item);
            continue;
        }
        const std::optional<QString> canonical = origin(item);
        if (!canonical)
            return QStringLiteral("\"%1\" is not an origin; write scheme://host[:port] with "
                                  "http or https and no path")
                .arg(item);
        origins.append(*canonical);
    }
    config.corsOrigins = origins;
    return {};
}

Problem parseTrustedProxies(Config &config, const RawValue &value)
{
    QList<QHostAddress> proxies;
    for (const QString &item : commaList(value.text)) {
        const std::optional<QHostAddress> address = ipAddress(item);
        if (!address)
            return QStringLiteral("\"%1\" is not an IP address; list addresses such as "
                                  "10.0.0.1, ::1")
                .arg(item);
        proxies.append(*address);
    }
    config.trustedProxies = proxies;
    return {};
}

Problem parseRateLimit(Config &config, const RawValue &value)
{
    if (value.text == QLatin1String("0")) {
        config.rateLimit.perSecond = 0;
        return {};
    }
    static const QRegularExpression rate(QStringLiteral(R"(^[0-9]{1,7}(\.[0-9]{1,6})?$)"));
    const QStringList parts = value.text.split(QLatin1Char('/'));
    if (parts.size() == 2 && rate.match(parts[0]).hasMatch()) {
        const double perSecond = parts[0].toDouble();
        const std::optional<qint64> burst = wholeNumber(parts[1], 1, 1000000);
        if (perSecond > 0 && burst) {
            config.rateLimit = RateLimit{perSecond, static_cast<int>(*burst)};
            return {};
        }
    }
    return QStringLiteral("must be 0 (off) or REQUESTS_PER_SECOND/BURST, a number above 0 and a "
                          "whole number from 1 to 1000000, such as 50/100 %1")
        .arg(value.got());
}

Problem parseLoginLockout(Config &config, const RawValue &value)
{
    constexpr qint64 max = 31536000; // a year, in seconds
    const QStringList parts = value.text.split(QLatin1Char('/'));
    QList<int> numbers;
    for (const QString &part : parts) {
        if (const std::optional<qint64> number = wholeNumber(part, 1, max))
            numbers.append(static_cast<int>(*number));
    }
    if (parts.size() != 3 || numbers.size() != 3)
        return QStringLiteral("must be FAILURES/WINDOW_SECONDS/LOCK_SECONDS, three whole numbers "
                              "from 1 to %1, such as 5/900/900 %2")
            .arg(max)
            .arg(value.got());
    config.loginLockout = LoginLockout{numbers[0], numbers[1], numbers[2]};
    return {};
}

// It travels in an Authorization header, where spaces and non-ASCII cannot be sent intact.
Problem parseMetricsToken(Config &config, const RawValue &value)
{
    for (const QChar c : value.text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return QStringLiteral("must be printable ASCII without spaces %1").arg(value.got());
    }
    config.metricsToken = value.text;
    return {};
}

Problem parseLogLevel(Config &config, const RawValue &value)
{
    static const QHash<QString, LogLevel> levels{{"debug", LogLevel::Debug},
                                                 {"info", LogLevel::Info},
                                                 {"warning", LogLevel::Warning},
                                                 {"error", LogLevel::Error}};
    const auto level = levels.constFind(value.text.toLower());
    if (level == levels.constEnd())
        return QStringLiteral("must be debug, info, warning or error %1").arg(value.got());
    config.logLevel = *level;
    return {};
}

} // namespace

const QList<KeySpec> &keySpecs()
{
    using S = Sensitivity;
    static const QList<KeySpec> specs{
        {"DATA_DIR", "PATH",
         "folder for academy.db and its request log, generated TLS files and the secret file "
         "(default: the platform's app-data folder)",
         parseDataDir},
        {"DB_URL", "URL",
         "sqlite://PATH or postgresql://user:pass@host:port/db "
         "(default: sqlite://DATA_DIR/academy.db)",
         parseDbUrl},
        {"HOST", "ADDRESS", "address of the plain HTTP listener (default 127.0.0.1)",
         parseHost<&Config::host>},
        {"PORT", "PORT", "port of the plain HTTP listener; 0 picks a free one (default 3000)",
         parseWhole<&Config::port, 0, 65535>},
        {"TLS_HOST", "ADDRESS", "address of the HTTPS listener (default 0.0.0.0)",
         parseHost<&Config::tlsHost>},
        {"TLS_PORT", "PORT", "port of the HTTPS listener; 0 turns HTTPS off (default 3443)",
         parseWhole<&Config::tlsPort, 0, 65535>},
        {"TLS_CERT", "FILE",
         "PEM certificate for HTTPS, with --tls-key "
         "(default: a generated self-signed one)",
         parseReadableFile<&Config::tlsCert>},
        {"TLS_KEY", "FILE", "PEM private key for HTTPS, with --tls-cert",
         parseReadableFile<&Config::tlsKey>},
        {"JWT_SECRET", "SECRET",
         "token signing key, at least 32 bytes (default: keychain, else "
         "DATA_DIR/secret); prefer the environment, flags show in ps",
         parseJwtSecret, S::Secret},
        {"TOKEN_TTL", "SECONDS", "token lifetime, 60 to 604800 (default 3600)",
         parseWhole<&Config::tokenTtlSeconds, 60, 604800>},
        {"ADMIN_EMAIL", "EMAIL", "first admin's email on an empty database, with --admin-password",
         parseText<&Config::adminEmail>},
        {"ADMIN_PASSWORD", "PASSWORD",
         "first admin's password on an empty database; prefer the "
         "environment, flags show in ps",
         parseText<&Config::adminPassword>, S::Secret},
        {"ALLOW_REGISTRATION", "BOOL", "let anyone register as a viewer (default false)",
         parseAllowRegistration},
        {"CORS_ORIGINS", "ORIGINS",
         "comma list of browser origins allowed to call the API, "
         "or * (default: none)",
         parseCorsOrigins},
        {"TRUSTED_PROXIES", "ADDRESSES",
         "comma list of proxies whose X-Forwarded-For is "
         "believed (default: none)",
         parseTrustedProxies},
        {"RATE_LIMIT", "RATE/BURST",
         "requests per second and burst per client address; "
         "0 turns it off (default 50/100)",
         parseRateLimit},
        {"LOGIN_LOCKOUT", "F/WINDOW/LOCK",
         "failed logins, window seconds and lock seconds "
         "(default 5/900/900)",
         parseLoginLockout},
        {"MAX_BODY", "BYTES", "largest request body (default 1048576)",
         parseWhole<&Config::maxBody, 1, 1073741824>},
        {"MAX_HEADERS", "BYTES", "largest request line and headers (default 65536)",
         parseWhole<&Config::maxHeaders, 1024, 16777216>},
        {"HEADER_TIMEOUT", "SECONDS", "time to send the request headers (default 10)",
         parseWhole<&Config::headerTimeoutSeconds, 1, 3600>},
        {"IDLE_TIMEOUT", "SECONDS", "idle keep-alive time before closing (default 15)",
         parseWhole<&Config::idleTimeoutSeconds, 1, 3600>},
        {"MAX_CONNECTIONS", "N", "open connections in all (default 1000)",
         parseWhole<&Config::maxConnections, 1, 100000>},
        {"MAX_CONNECTIONS_PER_ADDRESS", "N", "open connections per client address (default 32)",
         parseWhole<&Config::maxConnectionsPerAddress, 1, 100000>},
        {"METRICS_TOKEN", "TOKEN",
         "bearer token that may read /metrics besides admins "
         "(default: none)",
         parseMetricsToken, S::Hidden},
        {"LOG_RETENTION_DAYS", "DAYS", "days the request log is kept (default 30)",
         parseWhole<&Config::logRetentionDays, 1, 3650>},
        {"LOG_LEVEL", "LEVEL", "debug, info, warning or error (default info)", parseLogLevel},
    };
    return specs;
}

} // namespace academy::config_detail

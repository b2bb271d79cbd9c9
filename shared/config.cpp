#include "config.h"

#include "config_keys.h"

#include <QProcessEnvironment>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

namespace academy {

using namespace config_detail;

namespace {

// Every configuration error names its subject (a variable, or an unknown flag) first, so the
// one line an administrator sees at a failed start says what to fix.
Error configError(const QString &subject, const QString &problem)
{
    Error error;
    error.code = ErrorCode::ValidationFailed;
    error.message = subject + QStringLiteral(": ") + problem;
    error.details = {FieldError{subject, problem}};
    return error;
}

const KeySpec *specForFlag(const QString &flag)
{
    for (const KeySpec &spec : keySpecs()) {
        if (flagFor(spec.variable) == flag)
            return &spec;
    }
    return nullptr;
}

// Reads "--name value" and "--name=value" into values keyed by variable; a repeated flag keeps
// the last value, as most command-line tools do.
//
// Only configuration flags are known here. Flags that belong to one executable (--help,
// --version, --create-admin, ...) must be taken out by that executable before it calls
// Config::load; left in, they are unknown options like any typo.
Result<QHash<QString, QString>> parseArguments(const QStringList &arguments)
{
    QHash<QString, QString> values;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(QLatin1String("--")))
            return configError(QStringLiteral("\"%1\"").arg(argument),
                               QStringLiteral("unexpected argument; options are written "
                                              "--name value or --name=value"));
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        const QString flag = equals < 0 ? argument : argument.left(equals);
        const KeySpec *spec = specForFlag(flag);
        if (!spec)
            return configError(flag, QStringLiteral("unknown option"));
        QString value;
        if (equals >= 0)
            value = argument.mid(equals + 1);
        else if (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith(QLatin1String("--")))
            value = arguments.at(++i);
        if (value.isEmpty())
            return configError(spec->variable, QStringLiteral("%1 needs a value").arg(flag));
        values.insert(spec->variable, value);
    }
    return values;
}

// The strongest source that has a value. An empty value counts as unset, so `PORT=` in a
// service file or an empty field in the desktop app's settings falls back to the next source.
std::optional<QString> pickValue(const KeySpec &spec, const QHash<QString, QString> &flags,
                                 const ConfigSources &sources)
{
    if (const QString flag = flags.value(spec.variable); !flag.isEmpty())
        return flag;
    if (const QString env = sources.environment.value(spec.variable); !env.isEmpty())
        return env;
    if (spec.sensitivity == Sensitivity::Secret)
        return std::nullopt;
    if (const QString saved = sources.settings.value(spec.variable); !saved.isEmpty())
        return saved;
    return std::nullopt;
}

// Two variables that only make sense together: the error names the one that is missing.
Status requirePair(const QSet<QString> &given, const QString &first, const QString &second)
{
    if (given.contains(first) && !given.contains(second))
        return configError(second, QStringLiteral("must be set too when %1 is set").arg(first));
    if (given.contains(second) && !given.contains(first))
        return configError(first, QStringLiteral("must be set too when %1 is set").arg(second));
    return {};
}

// Rules across keys, checked once every key has its value.
Status checkAcrossKeys(Config &config, const QSet<QString> &given)
{
    if (Status pair = requirePair(given, QStringLiteral("TLS_CERT"), QStringLiteral("TLS_KEY"));
        !pair)
        return pair;
    if (Status pair =
            requirePair(given, QStringLiteral("ADMIN_EMAIL"), QStringLiteral("ADMIN_PASSWORD"));
        !pair)
        return pair;
    // A small MAX_CONNECTIONS alone should not fail on the per-address default: only a value
    // someone chose is an error, the default just shrinks to fit.
    if (config.maxConnectionsPerAddress > config.maxConnections) {
        if (given.contains(QStringLiteral("MAX_CONNECTIONS_PER_ADDRESS")))
            return configError(QStringLiteral("MAX_CONNECTIONS_PER_ADDRESS"),
                               QStringLiteral("must not be more than MAX_CONNECTIONS (%1) "
                                              "(got \"%2\")")
                                   .arg(config.maxConnections)
                                   .arg(config.maxConnectionsPerAddress));
        config.maxConnectionsPerAddress = config.maxConnections;
    }
    return {};
}

} // namespace

Result<Config> Config::load(const ConfigSources &sources)
{
    const Result<QHash<QString, QString>> flags = parseArguments(sources.arguments);
    if (!flags)
        return flags.error();

    Config config;
    config.dataDir = defaultDataDir();
    QSet<QString> given;
    for (const KeySpec &spec : keySpecs()) {
        const std::optional<QString> text = pickValue(spec, *flags, sources);
        if (!text)
            continue;
        given.insert(spec.variable);
        const RawValue value{*text, spec.sensitivity != Sensitivity::Plain};
        if (const Problem problem = spec.parse(config, value))
            return configError(spec.variable, *problem);
    }
    if (const Status across = checkAcrossKeys(config, given); !across)
        return across.error();
    if (config.dbUrl.isEmpty())
        config.dbUrl = QStringLiteral("sqlite://%1/academy.db").arg(config.dataDir);
    return config;
}

QHash<QString, QString> Config::processEnvironment()
{
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QHash<QString, QString> values;
    for (const KeySpec &spec : keySpecs()) {
        if (environment.contains(spec.variable))
            values.insert(spec.variable, environment.value(spec.variable));
    }
    return values;
}

QHash<QString, QString> Config::savedSettings(QSettings &settings)
{
    QHash<QString, QString> values;
    for (const KeySpec &spec : keySpecs()) {
        if (spec.sensitivity == Sensitivity::Secret || !settings.contains(spec.variable))
            continue;
        const QVariant saved = settings.value(spec.variable);
        // An INI file reads "a, b" back as a list; settings written by the app may be numbers.
        const bool isList = saved.typeId() == QMetaType::QStringList;
        values.insert(spec.variable,
                      isList ? saved.toStringList().join(QLatin1Char(',')) : saved.toString());
    }
    return values;
}

QString Config::defaultDataDir()
{
    // Not AppDataLocation: the executables and the tests may not have set an application name.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/academy-admin");
}

const QList<ConfigKey> &configKeys()
{
    static const QList<ConfigKey> keys = [] {
        QList<ConfigKey> list;
        for (const KeySpec &spec : keySpecs())
            list.append({spec.variable, flagFor(spec.variable), spec.valueName, spec.help});
        return list;
    }();
    return keys;
}

} // namespace academy

#include "app_settings.h"

#include "config.h"

namespace academy::app {

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString &iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

bool AppSettings::firstRunDone() const
{
    return m_settings->value(QStringLiteral("app/firstRunDone"), false).toBool();
}

void AppSettings::setFirstRunDone(bool done)
{
    m_settings->setValue(QStringLiteral("app/firstRunDone"), done);
}

QString AppSettings::value(const QString &variable) const
{
    return m_settings->value(QStringLiteral("config/") + variable).toString();
}

void AppSettings::setValue(const QString &variable, const QString &value)
{
    if (value.isEmpty())
        m_settings->remove(QStringLiteral("config/") + variable);
    else
        m_settings->setValue(QStringLiteral("config/") + variable, value);
}

QHash<QString, QString> AppSettings::configuration()
{
    m_settings->beginGroup(QStringLiteral("config"));
    const QHash<QString, QString> values = Config::savedSettings(*m_settings);
    m_settings->endGroup();
    return values;
}

bool AppSettings::databasePasswordStored() const
{
    return m_settings->value(QStringLiteral("app/databasePasswordStored"), false).toBool();
}

void AppSettings::setDatabasePasswordStored(bool stored)
{
    if (stored)
        m_settings->setValue(QStringLiteral("app/databasePasswordStored"), true);
    else
        m_settings->remove(QStringLiteral("app/databasePasswordStored"));
}

bool AppSettings::closeToTray() const
{
    return m_settings->value(QStringLiteral("app/closeToTray"), true).toBool();
}

void AppSettings::setCloseToTray(bool closeToTray)
{
    m_settings->setValue(QStringLiteral("app/closeToTray"), closeToTray);
}

} // namespace academy::app

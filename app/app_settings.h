#pragma once

#include <QHash>
#include <QSettings>
#include <QString>

namespace academy::app {

// The desktop app's saved settings (QSettings). Configuration keys are stored under the
// names of the contract's variables so Config reads them as its "saved settings" source;
// secrets are never stored here (they go to the keychain): DB_URL is saved without its
// password through saveDatabaseUrl (saved_database_url.h), never through setValue.
class AppSettings final
{
public:
    AppSettings();                                // the user's settings
    explicit AppSettings(const QString &iniPath); // a file, for tests

    bool firstRunDone() const;
    void setFirstRunDone(bool done);

    QString value(const QString &variable) const;
    void setValue(const QString &variable, const QString &value);
    // The configuration keys, for Config::load's saved-settings source.
    QHash<QString, QString> configuration();

    // Whether the saved DB_URL's password is in the secret store (saved_database_url.h).
    bool databasePasswordStored() const;
    void setDatabasePasswordStored(bool stored);

    bool closeToTray() const;
    void setCloseToTray(bool closeToTray);

    QSettings &raw() { return *m_settings; }

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace academy::app

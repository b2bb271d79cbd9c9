#pragma once

#include "config.h"
#include "error.h"

#include <QStringList>

#include <memory>

namespace academy::app {

class AppContext;
class AppSettings;
class FirstRunWizard;

// Saves the first-run wizard's choices where Config reads saved settings; the database
// password goes to the secret store, in the data folder the next start will use.
Status saveFirstRunChoices(const FirstRunWizard &wizard, AppSettings &settings,
                           const QStringList &arguments);

// The configuration (flags > environment > saved settings > defaults). A saved DB_URL gets
// its password back from the secret store; one saved with its password by an older version
// is first moved there.
Result<Config> loadAppConfig(AppSettings &settings, const QStringList &arguments);

// Opens everything the window needs, in order: configuration (loadAppConfig), the database
// and its migrations, the JWT secret (keychain, else the 0600 file), the bundled server with
// its routes. Starting the server is separate so a busy port leaves the app usable (the
// Server tab shows why).
Result<std::unique_ptr<AppContext>> openApp(AppSettings &settings, const QStringList &arguments);

} // namespace academy::app

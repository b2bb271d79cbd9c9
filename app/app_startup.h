#pragma once

#include "error.h"

#include <QStringList>

#include <memory>

namespace academy::app {

class AppContext;
class AppSettings;

// Opens everything the window needs, in order: configuration (flags > environment > saved
// settings > defaults), the database and its migrations, the JWT secret (keychain, else
// the 0600 file), the bundled server with its routes. Starting the server is separate so a
// busy port leaves the app usable (the Server tab shows why).
Result<std::unique_ptr<AppContext>> openApp(AppSettings &settings, const QStringList &arguments);

} // namespace academy::app

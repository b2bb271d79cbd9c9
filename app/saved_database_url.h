#pragma once

#include "error.h"

#include <QString>

namespace academy::app {

class AppSettings;

// DB_URL in the saved settings never holds a password: it is saved without one, the password
// goes to the secret store (database_password.h: the keychain, else a 0600 file in DATA_DIR),
// and the setting app/databasePasswordStored remembers that there is one, so a password gone
// from the store is reported instead of the URL being tried without it.

// Saves a DB_URL chosen in the app; empty means the default (the SQLite file in DATA_DIR).
// Nothing is saved when the password cannot be stored.
Status saveDatabaseUrl(AppSettings &settings, const QString &url, const QString &dataDir);

// Settings saved by an older version hold DB_URL with its password: it is moved to the
// secret store and the setting rewritten without it. Nothing to move: ok.
Status moveDatabasePasswordOutOfSettings(AppSettings &settings, const QString &dataDir);

// The saved DB_URL with its stored password put back in; empty when none is saved. An error
// with a message for the administrator when the password is no longer stored.
Result<QString> savedDatabaseUrl(const AppSettings &settings, const QString &dataDir);

} // namespace academy::app

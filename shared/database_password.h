#pragma once

#include "error.h"
#include "secret_store.h"

#include <QString>

#include <optional>

namespace academy {

// A PostgreSQL DB_URL taken apart so the URL can be saved in plain settings while its
// password goes to the keychain.
struct DatabaseUrlParts
{
    QString url;      // without the password, percent-encoded as a URL
    QString password; // decoded; empty when the URL has none
};

// Takes the password out of a DB_URL. An SQLite URL has none and comes back whole. A URL that
// DatabaseUrl::parse refuses is refused here with its message.
Result<DatabaseUrlParts> splitDatabaseUrl(const QString &url);
// Puts a decoded password into a URL without one, percent-encoding what needs it, so
// joinDatabaseUrl(split.url, split.password) means the very URL that was split.
QString joinDatabaseUrl(const QString &urlWithoutPassword, const QString &password);

// The database password, stored like the JWT secret (secret_store.h): in the OS keychain,
// service "academy-admin", key "database-password:" + the URL redacted (one entry per
// database); where there is no usable keychain (ACADEMY_NO_KEYCHAIN, no session bus), in the
// 0600 file "database-password" in DATA_DIR, which holds the password's UTF-8 bytes exactly
// and is replaced by each store. Storing in the keychain removes a file left from before.
Result<SecretSource> storeDatabasePassword(const QString &dataDir, const QString &url,
                                           const QString &password);
// Where the password is kept without a keychain: DATA_DIR/database-password.
QString databasePasswordFilePath(const QString &dataDir);

// The stored password for `url` (with or without a password in it): the keychain's entry,
// else the file's; empty when neither holds one.
Result<std::optional<QString>> loadDatabasePassword(const QString &dataDir, const QString &url);

} // namespace academy

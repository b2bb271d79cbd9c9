#pragma once

#include "config.h"
#include "error.h"

#include <QByteArray>
#include <QString>

namespace academy {

enum class SecretSource { Environment, Keychain, File };
QString secretSourceName(SecretSource source); // "environment", "keychain", "file"

struct JwtSecret
{
    QByteArray bytes;
    SecretSource source = SecretSource::Environment;
    QString filePath; // for SecretSource::File
};
// For the start-up log: "environment", "keychain" or "file <path>". Never the bytes.
QString secretSourceName(const JwtSecret &secret);

// The JWT signing secret: JWT_SECRET from the configuration; else the OS keychain through
// QtKeychain (32 random bytes generated on first start); where no keychain service exists
// (a headless box, CI: QtKeychain fails with OtherError), a 0600 file "secret" in DATA_DIR,
// generated likewise. Fewer than 32 bytes refuses to start. The value is never logged.
//
// Keychain: service "academy-admin", key "jwt-secret:" + DB_URL without its password, so
// installations on different databases keep different secrets. Each keychain call runs in
// a local event loop (a QCoreApplication must exist; without one the keychain is skipped)
// and is given 5 s: a hung D-Bus counts as "no keychain" and start-up goes on with the file.
// ACADEMY_NO_KEYCHAIN set to anything but "" or "0" skips the keychain (tests, headless).
//
// File: text, 64 hex digits of 32 random bytes, and that text itself is the key, so it can
// be handed to more server instances as JWT_SECRET=$(cat DATA_DIR/secret). Surrounding
// whitespace (an editor's newline) is ignored. Created 0600 under a temporary name and
// linked into place, so a concurrent start never reads a half-written file. A file that
// other users may read or write is refused, not tightened: the secret may already be out.
Result<JwtSecret> loadJwtSecret(const Config &config);

} // namespace academy

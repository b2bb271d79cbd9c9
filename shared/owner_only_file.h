#pragma once

// Internal to the core's secret storage (secret_store.cpp, database_password.cpp): secrets in
// files only their owner may read or write (0600), where there is no keychain.

#include "error.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace academy::owner_only_file {

// How messages name one kind of file: e.g. {"secret file", "chmod 600 it, or delete it to
// generate a new secret"}. Messages never show the content.
struct Kind
{
    QString name;
    QString remedyWhenOpen; // what to do about a file other users may read or write
};

Error error(const Kind &kind, const QString &path, const QString &problem);

// The content of the file, exactly; empty when there is no file. A file that other users may
// read or write is refused, not tightened: the secret may already be out. Checked on the
// open descriptor, so the file cannot be swapped between check and read.
Result<std::optional<QByteArray>> read(const Kind &kind, const QString &path);

// Writes the content to a new file at path (an existing one is an error, never replaced),
// mode exactly 0600 whatever the umask, synced to disk.
Status create(const Kind &kind, const QString &path, const QByteArray &content);

// Puts the content at path, replacing a file there in one rename: a reader sees the old
// content or the new, never half of it.
Status replace(const Kind &kind, const QString &path, const QByteArray &content);

// A random suffix for temporary names beside path, e.g. ".new-1f2e3d4c5b6a7980".
Result<QString> temporaryNameFor(const QString &path);

} // namespace academy::owner_only_file

#pragma once

// Internal to the core's secret storage (secret_store.cpp, database_password.cpp): the OS
// keychain through QtKeychain, service "academy-admin".

#include <QByteArray>
#include <QString>

namespace academy::keychain {

// The keychain service every entry of the app lives under.
QString service();

// True when the keychain must not be asked: ACADEMY_NO_KEYCHAIN set to anything but "" or
// "0" (tests, headless boxes), or no QCoreApplication to run the jobs' event loop.
bool skipped();

enum class State
{
    Found,
    Missing,
    Unavailable
};

struct Read
{
    State state = State::Unavailable;
    QByteArray bytes;
    QString reason; // why it is unavailable, for the log
};

// Each call runs its job in a local event loop and is given 5 s: a hung D-Bus counts as
// "no keychain" (Unavailable, or a failure reason) and the caller goes on without it.
Read read(const QString &key);
// Empty when stored; else why not.
QString write(const QString &key, const QByteArray &bytes);

} // namespace academy::keychain

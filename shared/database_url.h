#pragma once

#include "error.h"

#include <QString>

namespace academy {

enum class Engine { SQLite, PostgreSQL };

// DB_URL, parsed: sqlite://PATH or postgresql://user:pass@host:port/db (postgres:// too).
struct DatabaseUrl
{
    Engine engine = Engine::SQLite;
    QString path; // SQLite file
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;

    static Result<DatabaseUrl> parse(const QString &url);
    // For logs and messages: never shows the password.
    QString redacted() const;
};

} // namespace academy

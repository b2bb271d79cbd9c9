#include "admin_bootstrap.h"

#include "user_service.h"

#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace academy {

namespace {

QString readSecretLine(const char *prompt)
{
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    termios saved{};
    const bool terminal = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    return line;
}

} // namespace

Status createAdminFromEnvironment(const Config &config, UserService &users)
{
    if (config.adminEmail.isEmpty())
        return {};
    Result<bool> exists = users.hasUsers();
    if (!exists)
        return exists.error();
    if (exists.value())
        return {};
    Result<User> admin = users.createFirstAdmin(config.adminEmail, config.adminPassword, QString());
    if (!admin) {
        Error error = admin.error();
        error.message = QStringLiteral("ADMIN_EMAIL/ADMIN_PASSWORD: ") + error.message;
        for (const FieldError &detail : admin.error().details)
            error.message += QStringLiteral("; %1 %2").arg(detail.field, detail.message);
        return error;
    }
    return {};
}

Status createAdminInteractively(const QString &email, UserService &users)
{
    const QString password = readSecretLine("Password for the new admin (12 to 128 characters): ");
    if (readSecretLine("Repeat the password: ") != password)
        return Error::validation({{QStringLiteral("password"), QStringLiteral("the two entries differ")}});
    Result<User> admin = users.createFirstAdmin(email, password, QString());
    if (!admin) {
        Error error = admin.error();
        for (const FieldError &detail : admin.error().details)
            error.message += QStringLiteral("; %1 %2").arg(detail.field, detail.message);
        return error;
    }
    return {};
}

} // namespace academy

#include "admin_bootstrap.h"

#include "user_service.h"

#include <cerrno>
#include <cstdio>
#include <optional>
#include <termios.h>
#include <unistd.h>

namespace academy {

namespace {

// One line of standard input, read a byte at a time: a buffered reader would take the
// lines after it too, and a password piped in twice ("pw\npw\n") would leave nothing for the
// second question. Empty when the input ends before a line does.
std::optional<QString> readSecretLine(const char *prompt)
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
    QByteArray line;
    bool ended = false;
    for (char byte = 0;;) {
        const ssize_t got = ::read(STDIN_FILENO, &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            ended = true;
            break;
        }
        if (byte == '\n')
            break;
        line.append(byte);
    }
    if (terminal)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr); // the typed newline was not echoed, a piped one never shows
    if (ended && line.isEmpty())
        return std::nullopt;
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

// The message alone reaches the administrator's terminal, so the field errors go into it.
Error withDetailsInMessage(Error error, const QString &prefix = QString())
{
    error.message.prepend(prefix);
    for (const FieldError &detail : std::as_const(error.details))
        error.message += QStringLiteral("; %1 %2").arg(detail.field, detail.message);
    return error;
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
    if (!admin)
        return withDetailsInMessage(admin.error(), QStringLiteral("ADMIN_EMAIL/ADMIN_PASSWORD: "));
    return {};
}

Status createAdminInteractively(const QString &email, UserService &users)
{
    const std::optional<QString> password = readSecretLine("Password for the new admin (12 to 128 characters): ");
    const std::optional<QString> repeated = password ? readSecretLine("Repeat the password: ") : std::nullopt;
    if (!repeated)
        return withDetailsInMessage(Error::validation(
            {{QStringLiteral("password"), QStringLiteral("standard input ended before the password was given twice")}}));
    if (*repeated != *password)
        return withDetailsInMessage(Error::validation({{QStringLiteral("password"), QStringLiteral("the two entries differ")}}));
    Result<User> admin = users.createFirstAdmin(email, *password, QString());
    if (!admin)
        return withDetailsInMessage(admin.error());
    return {};
}

} // namespace academy

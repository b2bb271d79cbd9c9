#pragma once

#include "app_context.h"
#include "app_settings.h"

#include <QTemporaryDir>

#include <memory>

namespace academy::test {

// The desktop app's context for one GUI test: a temporary data folder and settings file,
// a fresh SQLite database, the bundled server listening on free loopback ports, and a
// signed-in admin. The very objects the app uses; nothing faked.
class AppFixture final
{
public:
    static constexpr const char *AdminEmail = "admin@school.test";
    static constexpr const char *AdminPassword = "correct horse battery";

    // Extra configuration flags, e.g. {"--rate-limit", "0"}. Fails the test on error.
    static std::unique_ptr<AppFixture> create(const QStringList &flags = {});
    ~AppFixture();

    app::AppContext &context() { return *m_context; }
    quint16 port() const;
    // A token for the API as the admin (for "a LAN client does X" tests).
    QByteArray adminToken();

private:
    AppFixture() = default;

    QTemporaryDir m_dir;
    std::unique_ptr<app::AppSettings> m_settings;
    std::unique_ptr<app::AppContext> m_context;
};

} // namespace academy::test

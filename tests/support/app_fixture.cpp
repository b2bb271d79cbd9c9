#include "app_fixture.h"

#include "app_startup.h"
#include "auth_service.h"
#include "http_server.h"
#include "user_service.h"

#include <QtTest>

namespace academy::test {

std::unique_ptr<AppFixture> AppFixture::create(const QStringList &flags)
{
    qputenv("ACADEMY_NO_KEYCHAIN", "1"); // the secret goes to a 0600 file in the temp folder
    std::unique_ptr<AppFixture> fixture(new AppFixture);
    fixture->m_settings = std::make_unique<app::AppSettings>(fixture->m_dir.filePath(QStringLiteral("settings.ini")));
    QStringList arguments{QStringLiteral("--data-dir"), fixture->m_dir.path(), QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--tls-port"), QStringLiteral("0"), QStringLiteral("--rate-limit"), QStringLiteral("0")};
    arguments += flags;
    Result<std::unique_ptr<app::AppContext>> opened = app::openApp(*fixture->m_settings, arguments);
    if (!opened) {
        QTest::qFail(qPrintable(opened.error().message), __FILE__, __LINE__);
        return nullptr;
    }
    fixture->m_context = std::move(opened.value());
    app::AppContext &context = *fixture->m_context;
    Result<User> admin = context.users().createFirstAdmin(QString::fromLatin1(AdminEmail), QString::fromLatin1(AdminPassword),
                                                          QStringLiteral("Test Admin"));
    Status started = context.server().start(1);
    if (!admin || !started) {
        QTest::qFail(qPrintable(!admin ? admin.error().message : started.error().message), __FILE__, __LINE__);
        return nullptr;
    }
    context.setCurrentUser(admin.value());
    return fixture;
}

AppFixture::~AppFixture()
{
    m_context.reset(); // stops the server before the folder goes
}

quint16 AppFixture::port() const
{
    return m_context->server().httpPort();
}

QByteArray AppFixture::adminToken()
{
    Result<LoginResult> login = m_context->auth().login(QString::fromLatin1(AdminEmail), QString::fromLatin1(AdminPassword),
                                                        QStringLiteral("127.0.0.1"));
    return login ? login->token : QByteArray();
}

} // namespace academy::test

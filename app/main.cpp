// academy-admin: the desktop app with the bundled server.
#include "app_context.h"
#include "app_settings.h"
#include "app_startup.h"
#include "first_run_wizard.h"
#include "http_server.h"
#include "login_dialog.h"
#include "main_window.h"
#include "single_instance.h"
#include "tray_icon.h"
#include "user_service.h"

#include <QApplication>
#include <QMessageBox>

using namespace academy;
using namespace academy::app;

namespace {

int failed(const QString &title, const Error &error, int code)
{
    QMessageBox::critical(nullptr, title, error.message);
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("academy-admin"));
    QApplication::setOrganizationName(QStringLiteral("Academy Admin"));
    QApplication::setApplicationVersion(QStringLiteral(ACADEMY_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/academy.svg")));
    QApplication::setQuitOnLastWindowClosed(false);

    SingleInstance instance(QStringLiteral("academy-admin-") + qEnvironmentVariable("USER"));
    if (instance.notifyRunningInstance())
        return 0;
    instance.listen();

    AppSettings settings;
    std::optional<std::pair<QString, QString>> firstAdmin;
    if (!settings.firstRunDone()) {
        // Flags and the environment may already have set the ports the wizard describes; when
        // they are wrong, openApp below says so, so the wizard just shows the defaults then.
        const Result<Config> current = loadAppConfig(settings, app.arguments().mid(1));
        FirstRunWizard wizard(current ? current.value() : Config());
        if (wizard.exec() != QDialog::Accepted)
            return 0;
        if (Status saved = saveFirstRunChoices(wizard, settings, app.arguments().mid(1)); !saved)
            return failed(QObject::tr("The choices could not be saved"), saved.error(), 2);
        firstAdmin = std::make_pair(wizard.adminEmail(), wizard.adminPassword());
        Result<std::unique_ptr<AppContext>> opened = openApp(settings, app.arguments().mid(1));
        if (!opened)
            return failed(QObject::tr("Academy Admin cannot start"), opened.error(), 2);
        Result<User> admin = opened.value()->users().createFirstAdmin(wizard.adminEmail(), wizard.adminPassword(), wizard.adminName());
        if (!admin && admin.error().code != ErrorCode::Conflict)
            return failed(QObject::tr("The first admin could not be created"), admin.error(), 1);
    }
    Result<std::unique_ptr<AppContext>> opened = openApp(settings, app.arguments().mid(1));
    if (!opened)
        return failed(QObject::tr("Academy Admin cannot start"), opened.error(), 2);
    AppContext &context = *opened.value();
    if (Status started = context.server().start(); !started)
        QMessageBox::warning(nullptr, QObject::tr("The server did not start"), started.error().message);

    LoginDialog login(context);
    if (firstAdmin)
        login.signInWith(firstAdmin->first, firstAdmin->second);
    if (login.exec() != QDialog::Accepted)
        return 0;
    context.setCurrentUser(login.user());

    MainWindow window(context);
    window.setQuitOnClose(!settings.closeToTray() || !QSystemTrayIcon::isSystemTrayAvailable());
    TrayIcon tray(context, window);
    if (QSystemTrayIcon::isSystemTrayAvailable())
        tray.show();
    QObject::connect(&window, &MainWindow::quitRequested, &app, &QApplication::quit);
    QObject::connect(&tray, &TrayIcon::quitRequested, &app, &QApplication::quit);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, [&window] {
        window.show();
        window.raise();
        window.activateWindow();
    });
    window.show();
    return app.exec();
}

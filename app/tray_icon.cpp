#include "tray_icon.h"

#include "app_context.h"
#include "http_server.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QStyle>
#include <QTimer>

namespace academy::app {

TrayIcon::TrayIcon(AppContext &context, QMainWindow &window, QObject *parent)
    : QSystemTrayIcon(parent), m_context(context), m_window(window)
{
    setIcon(QIcon(QStringLiteral(":/icons/academy.svg")));
    auto *menu = new QMenu(&window);
    menu->addAction(tr("Show Academy Admin"), this, &TrayIcon::showWindow);
    menu->addSeparator();
    menu->addAction(tr("Quit (stops the server)"), this, &TrayIcon::quitRequested);
    setContextMenu(menu);
    connect(this, &QSystemTrayIcon::activated, this, [this](ActivationReason reason) {
        if (reason == Trigger || reason == DoubleClick)
            showWindow();
    });
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &TrayIcon::updateTooltip);
    timer->start(2000);
    updateTooltip();
}

void TrayIcon::showWindow()
{
    m_window.show();
    m_window.raise();
    m_window.activateWindow();
}

void TrayIcon::updateTooltip()
{
    http::HttpServer &server = m_context.server();
    setToolTip(server.isRunning() ? tr("Academy Admin: serving on port %1").arg(server.httpPort())
                                  : tr("Academy Admin: server stopped"));
}

} // namespace academy::app

#pragma once

#include <QSystemTrayIcon>

class QMainWindow;

namespace academy::app {

class AppContext;

// The app in the tray: the server keeps running while the window is closed.
class TrayIcon final : public QSystemTrayIcon
{
    Q_OBJECT

public:
    TrayIcon(AppContext &context, QMainWindow &window, QObject *parent = nullptr);

Q_SIGNALS:
    void quitRequested();

private:
    void showWindow();
    void updateTooltip();

    AppContext &m_context;
    QMainWindow &m_window;
};

} // namespace academy::app

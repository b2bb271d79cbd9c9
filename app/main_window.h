#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace academy::app {

class AppContext;
class StudentsTab;
class UsersTab;
class LogsTab;
class MonitoringTab;
class ServerTab;

// Only assembles: the tabs, the menus, the status bar with the server's state. Each tab is
// its own widget; no rule lives here.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(AppContext &context, QWidget *parent = nullptr);

    StudentsTab *studentsTab() const { return m_students; }
    UsersTab *usersTab() const { return m_users; } // null for a non-admin
    LogsTab *logsTab() const { return m_logs; }    // null for a non-admin
    MonitoringTab *monitoringTab() const { return m_monitoring; }
    ServerTab *serverTab() const { return m_server; }
    QTabWidget *tabs() const { return m_tabs; }

    // Closing hides to the tray when the user chose so (the server keeps serving).
    void setQuitOnClose(bool quit) { m_quitOnClose = quit; }

Q_SIGNALS:
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void refreshCurrentTab();
    void updateServerStatus();
    void showAbout();

    AppContext &m_context;
    QTabWidget *m_tabs;
    StudentsTab *m_students;
    UsersTab *m_users = nullptr;
    LogsTab *m_logs = nullptr;
    MonitoringTab *m_monitoring;
    ServerTab *m_server;
    QLabel *m_serverStatus;
    bool m_quitOnClose = false;
};

} // namespace academy::app

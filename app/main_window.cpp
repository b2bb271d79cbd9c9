#include "main_window.h"

#include "app_context.h"
#include "app_settings.h"
#include "http_server.h"
#include "logs_tab.h"
#include "monitoring_tab.h"
#include "server_tab.h"
#include "students_tab.h"
#include "users_tab.h"

#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace academy::app {

MainWindow::MainWindow(AppContext &context, QWidget *parent)
    : QMainWindow(parent), m_context(context), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Academy Admin"));
    m_students = new StudentsTab(context, m_tabs);
    m_tabs->addTab(m_students, tr("&Students"));
    // What only admins may do or read gets no tab at all in another session.
    if (context.isAdmin()) {
        m_users = new UsersTab(context, m_tabs);
        m_tabs->addTab(m_users, tr("&Users"));
        m_logs = new LogsTab(context, m_tabs);
        m_tabs->addTab(m_logs, tr("&Logs"));
    }
    m_monitoring = new MonitoringTab(context, m_tabs);
    m_tabs->addTab(m_monitoring, tr("&Monitoring"));
    m_server = new ServerTab(context, m_tabs);
    m_tabs->addTab(m_server, tr("Se&rver"));
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    setCentralWidget(m_tabs);

    m_serverStatus = new QLabel(this);
    m_serverStatus->setObjectName(QStringLiteral("serverStatusLabel"));
    statusBar()->addPermanentWidget(m_serverStatus);
    auto *statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, &MainWindow::updateServerStatus);
    statusTimer->start(1000);
    updateServerStatus();
    buildMenus();

    const QByteArray geometry = context.settings().raw().value(QStringLiteral("window/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    else
        resize(1100, 720);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *refresh = file->addAction(tr("&Refresh"), this, &MainWindow::refreshCurrentTab);
    refresh->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::quitRequested);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Academy Admin"), this, &MainWindow::showAbout);
}

void MainWindow::refreshCurrentTab()
{
    QMetaObject::invokeMethod(m_tabs->currentWidget(), "refresh");
}

void MainWindow::updateServerStatus()
{
    http::HttpServer &server = m_context.server();
    if (!server.isRunning()) {
        m_serverStatus->setText(tr("Server stopped"));
        return;
    }
    QString text = tr("Serving http://%1:%2").arg(m_context.config().host.toString()).arg(server.httpPort());
    if (server.httpsPort())
        text += tr(" and https port %1").arg(server.httpsPort());
    m_serverStatus->setText(text);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Academy Admin"),
                       tr("<h3>Academy Admin %1</h3>"
                          "<p>Students, users and logs for a school, with an HTTP JSON API for the LAN.</p>"
                          "<p>Built with Qt %2 (LGPLv3), libsodium (ISC), OpenSSL (Apache 2.0), "
                          "QtKeychain (BSD), SQLite (public domain) and PostgreSQL's libpq (PostgreSQL licence).</p>")
                           .arg(QStringLiteral(ACADEMY_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_context.settings().raw().setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (m_quitOnClose) {
        event->accept();
        Q_EMIT quitRequested();
        return;
    }
    hide(); // the tray keeps the server running
    event->ignore();
}

} // namespace academy::app

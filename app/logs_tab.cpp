#include "logs_tab.h"

#include "all_users.h"
#include "app_context.h"
#include "audit_view.h"
#include "request_log_filters.h"
#include "request_log_view.h"

#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

namespace academy::app {

LogsTab::LogsTab(AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_views(new QTabWidget(this)), m_requests(new RequestLogView(context, m_views)),
      m_audit(new AuditView(context, m_views)),
      m_adminsOnly(new QLabel(tr("Only admins can read the request log and the audit trail."), this))
{
    setObjectName(QStringLiteral("logsTab"));
    m_views->setObjectName(QStringLiteral("logsViews"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_requests, tr("Re&quests"));
    m_views->addTab(m_audit, tr("&Audit trail"));
    m_adminsOnly->setObjectName(QStringLiteral("logsAdminsOnlyLabel"));
    m_adminsOnly->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_adminsOnly);
    layout->addWidget(m_views);
    auto *find = new QShortcut(QKeySequence::Find, this, this, &LogsTab::focusPathFilter);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(&context, &AppContext::currentUserChanged, this, &LogsTab::refresh);
    m_views->setVisible(context.isAdmin());
    m_adminsOnly->setVisible(!context.isAdmin());
}

void LogsTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // the logs grow while the tab is elsewhere
}

void LogsTab::refresh()
{
    // The same rule as GET /logs and /audit: what the log holds is for admins.
    const bool admin = m_context.isAdmin();
    m_views->setVisible(admin);
    m_adminsOnly->setVisible(!admin);
    if (!admin)
        return;
    if (Result<QList<User>> users = allUsers(m_context.users()); users) {
        m_requests->setUsers(users.value());
        m_audit->setUsers(users.value());
    }
    m_requests->reload();
    m_audit->reload();
}

void LogsTab::focusPathFilter()
{
    m_views->setCurrentWidget(m_requests);
    m_requests->filters()->pathEdit()->setFocus(Qt::ShortcutFocusReason);
    m_requests->filters()->pathEdit()->selectAll();
}

} // namespace academy::app

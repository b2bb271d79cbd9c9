#pragma once

#include <QWidget>

class QLabel;
class QTabWidget;

namespace academy::app {

class AppContext;
class AuditView;
class RequestLogView;

// Admins only, as in the API: the request log (with a live tail) and the audit trail, each
// paged from the database through LogService.
class LogsTab final : public QWidget
{
    Q_OBJECT

public:
    explicit LogsTab(AppContext &context, QWidget *parent = nullptr);

    RequestLogView *requestLog() const { return m_requests; }
    AuditView *audit() const { return m_audit; }

public Q_SLOTS:
    // F5: reload what the tab shows.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void focusPathFilter();

    AppContext &m_context;
    QTabWidget *m_views;
    RequestLogView *m_requests;
    AuditView *m_audit;
    QLabel *m_adminsOnly;
};

} // namespace academy::app

#include "request_log_view.h"

#include "app_context.h"
#include "display_text.h"
#include "log_service.h"
#include "monitor.h"
#include "pager.h"
#include "request_log_filters.h"
#include "request_log_model.h"
#include "table_setup.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace academy::app {

RequestLogView::RequestLogView(AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_model(new RequestLogModel(this)), m_filters(new RequestLogFilters(this)),
      m_view(new QTableView(this)), m_pager(new Pager(QStringLiteral("requestLog"), PageSize, this)),
      m_liveTail(new QCheckBox(tr("Live &tail"), this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("requestLogPanel"));
    m_view->setObjectName(QStringLiteral("requestLogView"));
    m_view->setAccessibleName(tr("Request log"));
    m_view->setModel(m_model);
    setUpTable(m_view, context.settings(), QStringLiteral("requestLog"), {150, 70, 300, 60, 90, 120});
    m_liveTail->setObjectName(QStringLiteral("liveTailCheck"));
    m_liveTail->setToolTip(tr("Show new requests as they finish (newest on top, at most %1 rows)").arg(LiveTailCap));
    m_error->setObjectName(QStringLiteral("requestLogError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_pager, 1);
    bottom->addWidget(m_liveTail);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filters);
    layout->addWidget(m_error);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);

    connect(m_filters, &RequestLogFilters::changed, this, &RequestLogView::reload);
    connect(m_pager, &Pager::pageRequested, this, [this](qint64 offset) {
        m_liveTail->setChecked(false); // the tail belongs to the newest page
        loadPage(offset);
    });
    connect(m_liveTail, &QCheckBox::toggled, this, &RequestLogView::setLiveTail);
}

void RequestLogView::setUsers(const QList<User> &users)
{
    m_model->setUserNames(emailsById(users));
    m_filters->setUsers(users);
}

void RequestLogView::reload()
{
    loadPage(0);
}

void RequestLogView::loadPage(qint64 offset)
{
    RequestLogQuery query = m_filters->query();
    query.limit = PageSize;
    query.offset = offset;
    Result<RequestLogPage> page = m_context.logs().requests(query);
    if (!page) {
        m_error->setText(readableError(page.error()));
        m_error->show();
        return;
    }
    m_error->hide();
    m_model->setEntries(std::move(page->items));
    m_total = page->total;
    m_tailed = 0;
    m_pager->setPage(offset, m_model->rowCount(), m_total);
    showPageState();
}

void RequestLogView::setLiveTail(bool on)
{
    if (on) {
        loadPage(0); // what finished since the last read, then the tail from here on
        connect(&m_context.monitor(), &http::Monitor::entriesArrived, this, &RequestLogView::tail, Qt::UniqueConnection);
    } else {
        disconnect(&m_context.monitor(), &http::Monitor::entriesArrived, this, &RequestLogView::tail);
    }
    showPageState();
}

void RequestLogView::tail(const QList<RequestLogEntry> &entries)
{
    const RequestLogQuery query = m_filters->query();
    QList<RequestLogEntry> matching;
    for (const RequestLogEntry &entry : entries) {
        if (requestMatches(query, entry))
            matching.append(entry);
    }
    std::reverse(matching.begin(), matching.end()); // a batch comes oldest first; the view is newest first
    const int added = m_model->prepend(matching, LiveTailCap);
    m_total += added;
    m_tailed += added;
    showPageState();
}

void RequestLogView::showPageState()
{
    QString note;
    if (m_liveTail->isChecked())
        note = m_tailed > 0 ? tr("live: %n new", nullptr, m_tailed) : tr("live");
    m_pager->setPage(m_pager->offset(), m_model->rowCount(), m_total, note);
}

} // namespace academy::app

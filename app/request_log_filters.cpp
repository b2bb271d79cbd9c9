#include "request_log_filters.h"

#include "time_range_filter.h"
#include "user_filter_combo.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>

namespace academy::app {

namespace {
constexpr int TypingPauseMs = 300;
}

RequestLogFilters::RequestLogFilters(QWidget *parent)
    : QWidget(parent), m_status(new QComboBox(this)), m_method(new QComboBox(this)), m_path(new QLineEdit(this)),
      m_user(new UserFilterCombo(this)), m_time(new TimeRangeFilter(this))
{
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->setAccessibleName(tr("Status class"));
    m_status->addItem(tr("All statuses"), 0);
    for (int statusClass = 2; statusClass <= 5; ++statusClass)
        m_status->addItem(QStringLiteral("%1xx").arg(statusClass), statusClass);
    m_method->setObjectName(QStringLiteral("methodFilter"));
    m_method->setAccessibleName(tr("Method"));
    m_method->addItem(tr("All methods"));
    for (const char *method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
        m_method->addItem(QString::fromLatin1(method), QByteArray(method));
    m_path->setObjectName(QStringLiteral("pathFilter"));
    m_path->setAccessibleName(tr("Path contains"));
    m_path->setPlaceholderText(tr("Path contains… (Ctrl+F)"));
    m_path->setClearButtonEnabled(true);
    m_user->setObjectName(QStringLiteral("userFilter"));
    m_typing.setSingleShot(true);
    m_typing.setInterval(TypingPauseMs);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_method);
    layout->addWidget(m_path, 1);
    layout->addWidget(m_user);
    layout->addWidget(m_time);

    connect(m_status, &QComboBox::currentIndexChanged, this, &RequestLogFilters::changed);
    connect(m_method, &QComboBox::currentIndexChanged, this, &RequestLogFilters::changed);
    connect(m_user, &QComboBox::currentIndexChanged, this, &RequestLogFilters::changed);
    connect(m_time, &TimeRangeFilter::changed, this, &RequestLogFilters::changed);
    connect(m_path, &QLineEdit::textChanged, &m_typing, qOverload<>(&QTimer::start));
    connect(&m_typing, &QTimer::timeout, this, &RequestLogFilters::changed);
}

RequestLogQuery RequestLogFilters::query() const
{
    RequestLogQuery query;
    if (const int statusClass = m_status->currentData().toInt(); statusClass > 0)
        query.statusClass = statusClass;
    query.method = m_method->currentData().toByteArray();
    query.pathContains = m_path->text().trimmed();
    query.userId = m_user->userId();
    query.since = m_time->since();
    query.until = m_time->until();
    return query;
}

void RequestLogFilters::setUsers(const QList<User> &users)
{
    m_user->setUsers(users);
}

bool requestMatches(const RequestLogQuery &query, const RequestLogEntry &entry)
{
    if (query.since && entry.time < *query.since)
        return false;
    if (query.until && entry.time > *query.until)
        return false;
    if (!query.method.isEmpty() && entry.method != query.method)
        return false;
    if (query.status && entry.status != *query.status)
        return false;
    if (query.statusClass && entry.status / 100 != *query.statusClass)
        return false;
    if (query.userId && entry.userId != query.userId)
        return false;
    // As the repository's LIKE does on SQLite, the default engine (ASCII case ignored), so a
    // live row and the same row read back agree.
    return query.pathContains.isEmpty() || entry.path.contains(query.pathContains, Qt::CaseInsensitive);
}

} // namespace academy::app

#include "time_range_filter.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>

namespace academy::app {

namespace {
constexpr int Custom = -1; // the combo's data for "Custom range"; otherwise minutes back, 0 for any time
}

TimeRangeFilter::TimeRangeFilter(QWidget *parent)
    : QWidget(parent), m_range(new QComboBox(this)), m_since(new QDateTimeEdit(this)), m_until(new QDateTimeEdit(this))
{
    m_range->setObjectName(QStringLiteral("timeRangeFilter"));
    m_range->setAccessibleName(tr("Time range"));
    m_range->addItem(tr("Any time"), 0);
    m_range->addItem(tr("Last 15 minutes"), 15);
    m_range->addItem(tr("Last hour"), 60);
    m_range->addItem(tr("Last 24 hours"), 24 * 60);
    m_range->addItem(tr("Last 7 days"), 7 * 24 * 60);
    m_range->addItem(tr("Custom range…"), Custom);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {m_since, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setVisible(false);
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &TimeRangeFilter::changed);
    }
    m_since->setObjectName(QStringLiteral("sinceEdit"));
    m_since->setAccessibleName(tr("Since"));
    m_since->setDateTime(now.addSecs(-3600));
    m_until->setObjectName(QStringLiteral("untilEdit"));
    m_until->setAccessibleName(tr("Until"));
    m_until->setDateTime(now.addSecs(3600));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_range);
    layout->addWidget(m_since);
    layout->addWidget(m_until);
    connect(m_range, &QComboBox::currentIndexChanged, this, &TimeRangeFilter::rangeChosen);
}

void TimeRangeFilter::rangeChosen()
{
    const bool custom = m_range->currentData().toInt() == Custom;
    m_since->setVisible(custom);
    m_until->setVisible(custom);
    Q_EMIT changed();
}

std::optional<QDateTime> TimeRangeFilter::since() const
{
    const int minutes = m_range->currentData().toInt();
    if (minutes == Custom)
        return m_since->dateTime().toUTC();
    if (minutes > 0)
        return QDateTime::currentDateTimeUtc().addSecs(-60LL * minutes);
    return std::nullopt;
}

std::optional<QDateTime> TimeRangeFilter::until() const
{
    if (m_range->currentData().toInt() == Custom)
        return m_until->dateTime().toUTC();
    return std::nullopt;
}

} // namespace academy::app

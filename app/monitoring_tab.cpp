#include "monitoring_tab.h"

#include "app_context.h"
#include "live_requests_model.h"
#include "monitor_chart.h"
#include "slow_routes_model.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace academy::app {

namespace {

using http::MonitorSnapshot;

constexpr double MiB = 1024.0 * 1024.0;

// What each chart line draws from a snapshot.
double requestsPerSecond(const MonitorSnapshot &s)
{
    return s.requestsPerSecond;
}
double serverErrorPercent(const MonitorSnapshot &s)
{
    return 100 * s.errorRate;
}
double clientErrorPercent(const MonitorSnapshot &s)
{
    return 100 * s.clientErrorRate;
}
double p50Ms(const MonitorSnapshot &s)
{
    return s.p50Ms;
}
double p95Ms(const MonitorSnapshot &s)
{
    return s.p95Ms;
}
double p99Ms(const MonitorSnapshot &s)
{
    return s.p99Ms;
}
double cpuPercent(const MonitorSnapshot &s)
{
    return s.cpuPercent;
}
double residentMiB(const MonitorSnapshot &s)
{
    return double(s.residentBytes) / MiB;
}

QTableView *makeTable(QAbstractItemModel *model, const QString &objectName,
                      const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

// Fixed widths from sample text: measuring the contents of a table that changes many
// times a second would cost more than drawing it.
void sizeLiveColumns(QTableView *view)
{
    const QFontMetrics metrics = view->fontMetrics();
    const int padding = 3 * metrics.averageCharWidth();
    const QList<std::pair<int, QString>> samples{
        {LiveRequestsModel::Time, QStringLiteral("00:00:00.000")},
        {LiveRequestsModel::Method, QStringLiteral("DELETE")},
        {LiveRequestsModel::Status, QStringLiteral("Status")},
        {LiveRequestsModel::Duration, QStringLiteral("Duration (ms)")},
        {LiveRequestsModel::Address, QStringLiteral("255.255.255.255")},
        {LiveRequestsModel::UserId, QStringLiteral("User id")},
    };
    for (const auto &[column, sample] : samples)
        view->setColumnWidth(column, metrics.horizontalAdvance(sample) + padding);
    view->horizontalHeader()->setSectionResizeMode(LiveRequestsModel::Path, QHeaderView::Stretch);
}

} // namespace

MonitoringTab::MonitoringTab(AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context),
      m_liveModel(new LiveRequestsModel(LiveRequestsModel::DefaultCapacity, this)),
      m_routesModel(new SlowRoutesModel(this))
{
    setObjectName(QStringLiteral("monitoringTab"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildCharts());
    splitter->addWidget(buildTables());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(splitter, 1);

    http::Monitor &monitor = context.monitor();
    connect(&monitor, &http::Monitor::snapshotReady, this, &MonitoringTab::onSnapshot);
    connect(&monitor, &http::Monitor::entriesArrived, this, &MonitoringTab::onEntries);
}

MonitoringTab::~MonitoringTab() = default;

QWidget *MonitoringTab::buildHeader()
{
    auto *header = new QWidget(this);
    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    auto *rangeLabel = new QLabel(tr("Show the &last:"), header);
    m_range = new QComboBox(header);
    m_range->setObjectName(QStringLiteral("rangeCombo"));
    m_range->setAccessibleName(tr("Time range of the charts"));
    m_range->addItem(tr("5 minutes"), 5 * 60);
    m_range->addItem(tr("15 minutes"), 15 * 60);
    m_range->addItem(tr("60 minutes"), 60 * 60);
    rangeLabel->setBuddy(m_range);
    connect(m_range, &QComboBox::currentIndexChanged, this, &MonitoringTab::changeRange);
    row->addWidget(rangeLabel);
    row->addWidget(m_range);
    row->addSpacing(24);
    m_openConnections = addCounter(header, QStringLiteral("openConnectionsLabel"),
                                   tr("Open connections"), tr("Connections open right now"));
    m_refused = addCounter(header, QStringLiteral("refusedLabel"), tr("Refused connections"),
                           tr("Connections refused at accept (too many in all or from one address) "
                              "since the server started"));
    m_rateLimited = addCounter(
        header, QStringLiteral("rateLimitedLabel"), tr("Rate-limited requests"),
        tr("Requests answered 429 because a client sent too many, since the server started"));
    m_loginFailures = addCounter(header, QStringLiteral("loginFailuresLabel"), tr("Failed logins"),
                                 tr("Failed sign-ins (API and desktop) since the server started"));
    row->addStretch(1);
    return header;
}

QLabel *MonitoringTab::addCounter(QWidget *box, const QString &objectName, const QString &caption,
                                  const QString &help)
{
    auto *captionLabel = new QLabel(caption + QLatin1Char(':'), box);
    auto *value = new QLabel(QStringLiteral("0"), box);
    value->setObjectName(objectName);
    value->setAccessibleName(caption);
    value->setToolTip(help);
    captionLabel->setToolTip(help);
    QFont bold = value->font();
    bold.setBold(true);
    value->setFont(bold);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *row = static_cast<QHBoxLayout *>(box->layout());
    row->addWidget(captionLabel);
    row->addWidget(value);
    row->addSpacing(16);
    return value;
}

QWidget *MonitoringTab::buildCharts()
{
    auto *area = new QWidget(this);
    auto *grid = new QGridLayout(area);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    // Three charts above, two wider ones below: a grid of six columns.
    auto place = [&](MonitorChart *chart, const char *objectName, int row, int column, int span) {
        chart->setObjectName(QLatin1String(objectName));
        m_charts.append(chart);
        grid->addWidget(chart, row, column, 1, span);
        return chart;
    };
    place(new MonitorChart(tr("Requests"), tr("per second"),
                           {{tr("requests/s"), requestsPerSecond}}, 5, 0, area),
          "requestsChart", 0, 0, 2);
    place(new MonitorChart(tr("Error rate"), tr("% of requests"),
                           {{tr("5xx"), serverErrorPercent}, {tr("4xx"), clientErrorPercent}}, 5, 0,
                           area),
          "errorRateChart", 0, 2, 2)
        ->setValueCeiling(100);
    place(new MonitorChart(tr("Latency, last minute"), tr("ms"),
                           {{tr("p50"), p50Ms}, {tr("p95"), p95Ms}, {tr("p99"), p99Ms}}, 1, 1,
                           area),
          "latencyChart", 0, 4, 2);
    place(new MonitorChart(tr("CPU"), tr("% of one core"), {{tr("CPU"), cpuPercent}}, 10, 0, area),
          "cpuChart", 1, 0, 3);
    place(new MonitorChart(tr("Memory"), tr("MiB resident"), {{tr("memory"), residentMiB}}, 10, 0,
                           area),
          "memoryChart", 1, 3, 3);
    return area;
}

QWidget *MonitoringTab::buildTables()
{
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    auto *liveBox = new QGroupBox(tr("Newest requests"), splitter);
    m_liveView =
        makeTable(m_liveModel, QStringLiteral("liveRequestsView"), tr("Newest requests"), liveBox);
    sizeLiveColumns(m_liveView);
    (new QVBoxLayout(liveBox))->addWidget(m_liveView);
    auto *routesBox = new QGroupBox(tr("Slowest routes, last minute"), splitter);
    m_routesView =
        makeTable(m_routesModel, QStringLiteral("slowRoutesView"), tr("Slowest routes"), routesBox);
    QHeaderView *routesHeader = m_routesView->horizontalHeader();
    routesHeader->setSectionResizeMode(QHeaderView::ResizeToContents);
    routesHeader->setSectionResizeMode(SlowRoutesModel::Route, QHeaderView::Stretch);
    (new QVBoxLayout(routesBox))->addWidget(m_routesView);
    splitter->addWidget(liveBox);
    splitter->addWidget(routesBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    return splitter;
}

void MonitoringTab::onSnapshot(const http::MonitorSnapshot &snapshot)
{
    if (!isVisible()) { // drawn from the monitor's history when shown again
        m_stale = true;
        return;
    }
    for (MonitorChart *chart : std::as_const(m_charts))
        chart->append(snapshot);
    showCounters(snapshot);
    m_routesModel->setRoutes(snapshot.routes);
}

void MonitoringTab::onEntries(const QList<RequestLogEntry> &entries)
{
    if (isVisible()) {
        m_liveModel->addEntries(entries);
        return;
    }
    m_pendingEntries += entries;
    const qsizetype excess = m_pendingEntries.size() - m_liveModel->capacity();
    if (excess > 0)
        m_pendingEntries.remove(0, excess);
}

void MonitoringTab::showCounters(const http::MonitorSnapshot &snapshot)
{
    m_openConnections->setText(QString::number(snapshot.openConnections));
    m_refused->setText(QString::number(snapshot.refusedConnections));
    m_rateLimited->setText(QString::number(snapshot.rateLimited));
    m_loginFailures->setText(QString::number(snapshot.loginFailures));
}

void MonitoringTab::changeRange()
{
    const int seconds = m_range->currentData().toInt();
    for (MonitorChart *chart : std::as_const(m_charts)) {
        chart->setWindowSeconds(seconds);
        chart->rebuild(m_context.monitor().history());
    }
}

void MonitoringTab::refresh()
{
    const QQueue<http::MonitorSnapshot> &history = m_context.monitor().history();
    for (MonitorChart *chart : std::as_const(m_charts))
        chart->rebuild(history);
    if (!history.isEmpty()) {
        showCounters(history.last());
        m_routesModel->setRoutes(history.last().routes);
    }
    m_stale = false;
}

void MonitoringTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_pendingEntries.isEmpty())
        m_liveModel->addEntries(std::exchange(m_pendingEntries, {}));
    if (m_stale)
        refresh();
}

} // namespace academy::app

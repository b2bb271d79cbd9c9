#pragma once

#include "monitor.h"
#include "request_log_entry.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace academy::app {

class AppContext;
class LiveRequestsModel;
class MonitorChart;
class SlowRoutesModel;

// The bundled server, live: charts of the monitor's one-second snapshots, counters, the
// newest requests and the slowest routes. Fed only by the Monitor's signals (never by
// polling the database); while hidden it only remembers what arrived and draws it all
// when shown again, so a busy server costs the app nothing it does not show.
class MonitoringTab final : public QWidget
{
    Q_OBJECT

public:
    explicit MonitoringTab(AppContext &context, QWidget *parent = nullptr);
    ~MonitoringTab() override;

    LiveRequestsModel *liveRequestsModel() const { return m_liveModel; }
    SlowRoutesModel *slowRoutesModel() const { return m_routesModel; }

public Q_SLOTS:
    // F5: reload what the tab shows.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildHeader();
    QWidget *buildCharts();
    QWidget *buildTables();
    QLabel *addCounter(QWidget *box, const QString &objectName, const QString &caption,
                       const QString &help);
    void onSnapshot(const http::MonitorSnapshot &snapshot);
    void onEntries(const QList<RequestLogEntry> &entries);
    void showCounters(const http::MonitorSnapshot &snapshot);
    void changeRange();

    AppContext &m_context;
    QComboBox *m_range = nullptr;
    QList<MonitorChart *> m_charts;
    QLabel *m_openConnections = nullptr;
    QLabel *m_refused = nullptr;
    QLabel *m_rateLimited = nullptr;
    QLabel *m_loginFailures = nullptr;
    LiveRequestsModel *m_liveModel;
    SlowRoutesModel *m_routesModel;
    QTableView *m_liveView = nullptr;
    QTableView *m_routesView = nullptr;
    // What arrived while hidden, newest last, capped at the live table's size.
    QList<RequestLogEntry> m_pendingEntries;
    bool m_stale = true;
};

} // namespace academy::app

#pragma once

#include "monitor.h"

#include <QChartView>
#include <QList>
#include <QQueue>
#include <limits>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace academy::app {

// One live chart of the monitor's snapshots: a line per measure over the time window the
// Monitoring tab chose, the newest second at the right edge.
class MonitorChart final : public QChartView
{
    Q_OBJECT

public:
    using Measure = double (*)(const http::MonitorSnapshot &);
    struct Line
    {
        QString name;
        Measure measure;
    };

    // `minimumTop`: the y axis never shrinks below it, so an idle server draws a flat line
    // at the bottom instead of noise magnified to full height. `decimals`: of axis labels.
    MonitorChart(const QString &title, const QString &unit, const QList<Line> &lines,
                 double minimumTop, int decimals, QWidget *parent = nullptr);

    void setWindowSeconds(int seconds) { m_windowSeconds = seconds; }
    // The y axis never goes above it (a share in percent cannot pass 100).
    void setValueCeiling(double ceiling) { m_ceiling = ceiling; }
    // Adds the newest second and drops what fell out of the window.
    void append(const http::MonitorSnapshot &snapshot);
    // Redraws the window from the monitor's history (oldest first).
    void rebuild(const QQueue<http::MonitorSnapshot> &history);

    const QList<QLineSeries *> &lines() const { return m_series; }

private:
    void trimBefore(qint64 startMs);
    void updateAxes(qint64 endMs);
    void describe(const http::MonitorSnapshot &snapshot);

    QList<Line> m_lines;
    QList<QLineSeries *> m_series;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    QString m_unit;
    double m_minimumTop;
    int m_decimals;
    int m_windowSeconds = 300;
    double m_ceiling = std::numeric_limits<double>::infinity();
};

} // namespace academy::app

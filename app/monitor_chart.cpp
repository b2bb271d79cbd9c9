#include "monitor_chart.h"

#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>
#include <algorithm>

namespace academy::app {

MonitorChart::MonitorChart(const QString &title, const QString &unit, const QList<Line> &lines,
                           double minimumTop, int decimals, QWidget *parent)
    : QChartView(parent), m_lines(lines), m_timeAxis(new QDateTimeAxis),
      m_valueAxis(new QValueAxis), m_unit(unit), m_minimumTop(minimumTop), m_decimals(decimals)
{
    auto *chart = new QChart;
    chart->setTitle(unit.isEmpty() ? title : QStringLiteral("%1 (%2)").arg(title, unit));
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    // Small charts: every pixel of margin is a pixel less of line.
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(6);
    m_valueAxis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
    m_valueAxis->setRange(0, minimumTop);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    for (const Line &line : lines) {
        auto *series = new QLineSeries;
        series->setName(line.name);
        chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        m_series.append(series);
    }
    chart->legend()->setVisible(lines.size() > 1);
    chart->legend()->setAlignment(Qt::AlignTop);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 160);
    setAccessibleName(title);
    updateAxes(QDateTime::currentMSecsSinceEpoch());
}

void MonitorChart::append(const http::MonitorSnapshot &snapshot)
{
    const qint64 ms = snapshot.time.toMSecsSinceEpoch();
    for (qsizetype i = 0; i < m_lines.size(); ++i)
        m_series.at(i)->append(double(ms), m_lines.at(i).measure(snapshot));
    trimBefore(ms - qint64(m_windowSeconds) * 1000);
    updateAxes(ms);
    describe(snapshot);
}

void MonitorChart::rebuild(const QQueue<http::MonitorSnapshot> &history)
{
    const qint64 endMs = history.isEmpty() ? QDateTime::currentMSecsSinceEpoch()
                                           : history.last().time.toMSecsSinceEpoch();
    const qint64 startMs = endMs - qint64(m_windowSeconds) * 1000;
    const auto first = std::lower_bound(
        history.cbegin(), history.cend(), startMs,
        [](const http::MonitorSnapshot &s, qint64 ms) { return s.time.toMSecsSinceEpoch() < ms; });
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        QList<QPointF> points;
        points.reserve(history.cend() - first);
        for (auto it = first; it != history.cend(); ++it)
            points.append(
                QPointF(double(it->time.toMSecsSinceEpoch()), m_lines.at(i).measure(*it)));
        m_series.at(i)->replace(points); // one repaint, not one per point
    }
    updateAxes(endMs);
    if (!history.isEmpty())
        describe(history.last());
}

void MonitorChart::trimBefore(qint64 startMs)
{
    for (QLineSeries *series : std::as_const(m_series)) {
        int stale = 0;
        while (stale < series->count() && series->at(stale).x() < double(startMs))
            ++stale;
        if (stale > 0)
            series->removePoints(0, stale);
    }
}

void MonitorChart::updateAxes(qint64 endMs)
{
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(endMs - qint64(m_windowSeconds) * 1000),
                         QDateTime::fromMSecsSinceEpoch(endMs));
    // Seconds only when ticks are less than a minute apart: "06:31:26" did not fit below the
    // narrow charts at 5 minutes (one tick a minute), and said nothing "06:31" does not.
    const bool secondsApart = m_windowSeconds / (m_timeAxis->tickCount() - 1) < 60;
    m_timeAxis->setFormat(secondsApart ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    double top = 0;
    for (const QLineSeries *series : std::as_const(m_series)) {
        for (int i = 0; i < series->count(); ++i)
            top = std::max(top, series->at(i).y());
    }
    // Headroom above the highest point, so the line never runs along the frame.
    m_valueAxis->setRange(0, std::min(m_ceiling, std::max(m_minimumTop, top * 1.15)));
    m_valueAxis->setTickCount(5);
    m_valueAxis->applyNiceNumbers();
    m_valueAxis->setLabelFormat(QStringLiteral("%.%1f").arg(m_decimals));
}

void MonitorChart::describe(const http::MonitorSnapshot &snapshot)
{
    // What a screen reader says about the chart: the newest values, in words.
    QStringList parts;
    for (const Line &line : std::as_const(m_lines))
        parts.append(QStringLiteral("%1 %2").arg(
            line.name, QLocale().toString(line.measure(snapshot), 'f', m_decimals)));
    setAccessibleDescription(tr("Now: %1 %2").arg(parts.join(QStringLiteral(", ")), m_unit));
}

} // namespace academy::app

// The Monitoring tab on the real window classes, fed by a real server over real sockets.
#include "api_client.h"
#include "app_fixture.h"
#include "live_requests_model.h"
#include "monitor.h"
#include "monitoring_tab.h"
#include "slow_routes_model.h"

#include <QAbstractItemModelTester>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QTableView>
#include <QtTest>

using namespace academy;
using namespace academy::test;

namespace {

constexpr int ArrivalTimeoutMs = 5000; // the monitor ticks once a second; a loaded box is slow

double highestPoint(const QChartView *view, int series = 0)
{
    const auto lines = view->chart()->series();
    const auto *line =
        series < lines.size() ? qobject_cast<const QLineSeries *>(lines.at(series)) : nullptr;
    double top = -1;
    for (int i = 0; line && i < line->count(); ++i)
        top = std::max(top, line->at(i).y());
    return top;
}

RequestLogEntry entry(const QString &path, int status = 200)
{
    RequestLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.method = "GET";
    e.path = path;
    e.route = path;
    e.status = status;
    e.durationMs = 1.5;
    e.remoteAddress = QStringLiteral("127.0.0.1");
    return e;
}

void sendHealthChecks(quint16 port, int count)
{
    const ApiClient client(port);
    for (int i = 0; i < count; ++i)
        QCOMPARE(client.get("/health").status, 200);
}

bool historyHasTraffic(http::Monitor &monitor)
{
    const auto &history = monitor.history();
    return std::any_of(history.cbegin(), history.cend(),
                       [](const http::MonitorSnapshot &s) { return s.requestsPerSecond > 0; });
}

} // namespace

class TestGuiMonitoring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveTableGainsTheNewRequests();
    void requestsChartGetsAPointAboveZero();
    void slowRoutesListTheRoutesServed();
    void rateLimitedRequestsAreCounted();
    void rangeComboSetsTheChartsTimeSpan();
    void hiddenTabCatchesUpWhenShown();
    void liveModelKeepsOnlyTheNewestRows();
    void slowRoutesModelUpdatesInPlace();
};

void TestGuiMonitoring::liveTableGainsTheNewRequests()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::MonitoringTab tab(fixture->context());
    auto *view = tab.findChild<QTableView *>(QStringLiteral("liveRequestsView"));
    QVERIFY(view);
    QAbstractItemModelTester tester(view->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.show();

    sendHealthChecks(fixture->port(), 5);

    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 5, ArrivalTimeoutMs);
    const QModelIndex newest = view->model()->index(0, app::LiveRequestsModel::Path);
    QCOMPARE(newest.data().toString(), QStringLiteral("/health"));
    QCOMPARE(view->model()->index(0, app::LiveRequestsModel::Status).data().toInt(), 200);
}

void TestGuiMonitoring::requestsChartGetsAPointAboveZero()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::MonitoringTab tab(fixture->context());
    auto *chart = tab.findChild<QChartView *>(QStringLiteral("requestsChart"));
    QVERIFY(chart);
    tab.show();

    sendHealthChecks(fixture->port(), 10);

    QTRY_VERIFY_WITH_TIMEOUT(highestPoint(chart) > 0, ArrivalTimeoutMs);
}

void TestGuiMonitoring::slowRoutesListTheRoutesServed()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::MonitoringTab tab(fixture->context());
    auto *view = tab.findChild<QTableView *>(QStringLiteral("slowRoutesView"));
    QVERIFY(view);
    QAbstractItemModelTester tester(view->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.show();

    sendHealthChecks(fixture->port(), 3);

    auto listed = [view] {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            if (view->model()->index(row, app::SlowRoutesModel::Route).data().toString() ==
                QLatin1String("/health"))
                return view->model()->index(row, app::SlowRoutesModel::Requests).data().toInt() >=
                       3;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(listed(), ArrivalTimeoutMs);
}

void TestGuiMonitoring::rateLimitedRequestsAreCounted()
{
    auto fixture = AppFixture::create({QStringLiteral("--rate-limit"), QStringLiteral("1/1")});
    QVERIFY(fixture);
    app::MonitoringTab tab(fixture->context());
    auto *label = tab.findChild<QLabel *>(QStringLiteral("rateLimitedLabel"));
    QVERIFY(label);
    tab.show();

    const ApiClient client(fixture->port());
    int refused = 0;
    for (int i = 0; i < 4; ++i)
        refused += client.get("/").status == 429 ? 1 : 0;
    QVERIFY2(refused > 0, "a burst of 1 should refuse back-to-back requests");

    QTRY_COMPARE_WITH_TIMEOUT(label->text(), QString::number(refused), ArrivalTimeoutMs);
}

void TestGuiMonitoring::rangeComboSetsTheChartsTimeSpan()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::MonitoringTab tab(fixture->context());
    tab.show();
    auto *range = tab.findChild<QComboBox *>(QStringLiteral("rangeCombo"));
    auto *chart = tab.findChild<QChartView *>(QStringLiteral("latencyChart"));
    QVERIFY(range && chart);
    auto *axis = qobject_cast<QDateTimeAxis *>(chart->chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(axis);

    range->setCurrentIndex(range->findData(60 * 60));

    QCOMPARE(axis->min().secsTo(axis->max()), 60 * 60);
    range->setCurrentIndex(range->findData(5 * 60));
    QCOMPARE(axis->min().secsTo(axis->max()), 5 * 60);
    // Ticks a minute apart: labels without seconds, which did not fit the narrow charts.
    QCOMPARE(axis->format(), QStringLiteral("HH:mm"));
}

void TestGuiMonitoring::hiddenTabCatchesUpWhenShown()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::MonitoringTab tab(fixture->context());
    auto *view = tab.findChild<QTableView *>(QStringLiteral("liveRequestsView"));
    auto *chart = tab.findChild<QChartView *>(QStringLiteral("requestsChart"));
    QVERIFY(view && chart);

    sendHealthChecks(fixture->port(), 5);
    QTRY_VERIFY_WITH_TIMEOUT(historyHasTraffic(fixture->context().monitor()), ArrivalTimeoutMs);
    QCOMPARE(view->model()->rowCount(), 0); // hidden: nothing drawn
    QCOMPARE(highestPoint(chart), -1.0);

    tab.show();

    QVERIFY(view->model()->rowCount() >= 5);
    QVERIFY(highestPoint(chart) > 0);
}

void TestGuiMonitoring::liveModelKeepsOnlyTheNewestRows()
{
    app::LiveRequestsModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.addEntries({entry(QStringLiteral("/a")), entry(QStringLiteral("/b"))});
    model.addEntries({entry(QStringLiteral("/c")), entry(QStringLiteral("/d"))});

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.entry(0).path, QStringLiteral("/d"));
    QCOMPARE(model.entry(2).path, QStringLiteral("/b"));
    model.addEntries({entry(QStringLiteral("/e")), entry(QStringLiteral("/f")),
                      entry(QStringLiteral("/g")), entry(QStringLiteral("/h"))});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.entry(0).path, QStringLiteral("/h"));
    QCOMPARE(model.entry(2).path, QStringLiteral("/f"));
}

void TestGuiMonitoring::slowRoutesModelUpdatesInPlace()
{
    app::SlowRoutesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    model.setRoutes(
        {{QStringLiteral("/students"), 10, 1, 2, 3}, {QStringLiteral("/"), 5, 0.5, 0.6, 0.7}});
    model.setRoutes(
        {{QStringLiteral("/students"), 12, 1, 2, 4}, {QStringLiteral("/"), 6, 0.5, 0.6, 0.7}});

    QCOMPARE(resets.count(), 1); // the second call only changed numbers
    QCOMPARE(model.index(0, app::SlowRoutesModel::Requests).data().toInt(), 12);
    QCOMPARE(model.index(0, app::SlowRoutesModel::P99).data().toString(),
             QLocale().toString(4.0, 'f', 1));
}

QTEST_MAIN(TestGuiMonitoring)
#include "tst_gui_monitoring.moc"

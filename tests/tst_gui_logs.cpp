// The Logs tab on the real server: requests made by a LAN client show in the request log
// (the writer batches, so reads are retried), the filters narrow it, the live tail adds new
// requests as they finish, and the audit trail shows a change's before and after. Only an
// admin's main window has the tab at all.
#include "actor.h"
#include "api_client.h"
#include "app_fixture.h"
#include "audit_model.h"
#include "audit_view.h"
#include "log_service.h"
#include "logs_tab.h"
#include "main_window.h"
#include "request_log_model.h"
#include "request_log_view.h"
#include "user_service.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QtTest>

using namespace academy;
using namespace academy::app;
using namespace academy::test;

namespace {

QStringList tabTitles(const MainWindow &window)
{
    QStringList titles;
    for (int i = 0; i < window.tabs()->count(); ++i)
        titles.append(window.tabs()->tabText(i).remove(QLatin1Char('&')));
    return titles;
}

} // namespace

class TestGuiLogs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void showsRequestsMadeThroughTheApi();
    void statusFilterShowsOnlyThatClass();
    void liveTailAddsANewRequest();
    void liveTailSkipsRequestsTheFiltersExclude();
    void nextPageShowsOlderRequests();
    void auditShowsBeforeAndAfterOfAStudentUpdate();
    void requestLogModelIsAValidModel();
    void auditModelIsAValidModel();
    void adminWindowHasTheLogsTab();
    void nonAdminWindowHasNoLogsTab_data();
    void nonAdminWindowHasNoLogsTab();

private:
    // Reads again until the request log holds at least `count` requests (it is written in
    // batches, every 200 ms at most).
    bool logHolds(qint64 count);
    bool shows(const QString &path) const;
    RequestLogModel *requests() const { return m_tab->requestLog()->model(); }

    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<LogsTab> m_tab;
    std::unique_ptr<ApiClient> m_client;
};

void TestGuiLogs::init()
{
    m_fixture = AppFixture::create();
    QVERIFY(m_fixture);
    m_client = std::make_unique<ApiClient>(m_fixture->port(), m_fixture->adminToken());
    m_tab = std::make_unique<LogsTab>(m_fixture->context());
}

void TestGuiLogs::cleanup()
{
    m_tab.reset();
    m_client.reset();
    m_fixture.reset();
}

bool TestGuiLogs::logHolds(qint64 count)
{
    RequestLogQuery query;
    query.limit = 1;
    Result<RequestLogPage> page = m_fixture->context().logs().requests(query);
    return page && page->total >= count;
}

bool TestGuiLogs::shows(const QString &path) const
{
    for (int row = 0; row < requests()->rowCount(); ++row) {
        if (requests()->entry(row).path == path)
            return true;
    }
    return false;
}

void TestGuiLogs::showsRequestsMadeThroughTheApi()
{
    QCOMPARE(m_client->get("/students?limit=5").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT((m_tab->refresh(), shows(QStringLiteral("/students?limit=5"))), 5000);
    const RequestLogEntry &entry = requests()->entry(0);
    QCOMPARE(entry.method, QByteArray("GET"));
    QCOMPARE(requests()->index(0, RequestLogModel::Status).data().toInt(), 200);
    QCOMPARE(requests()->index(0, RequestLogModel::Address).data().toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(requests()->index(0, RequestLogModel::User).data().toString(), QString::fromLatin1(AppFixture::AdminEmail));
}

void TestGuiLogs::statusFilterShowsOnlyThatClass()
{
    QCOMPARE(m_client->get("/").status, 200);
    QCOMPARE(m_client->get("/students/999999").status, 404);
    QCOMPARE(ApiClient(m_fixture->port()).get("/students").status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(logHolds(3), 5000);
    auto *status = m_tab->findChild<QComboBox *>(QStringLiteral("statusFilter"));
    status->setCurrentIndex(status->findText(QStringLiteral("4xx")));

    QCOMPARE(requests()->rowCount(), 2);
    for (int row = 0; row < requests()->rowCount(); ++row)
        QCOMPARE(requests()->entry(row).status / 100, 4);
}

void TestGuiLogs::liveTailAddsANewRequest()
{
    m_tab->refresh();
    m_tab->findChild<QCheckBox *>(QStringLiteral("liveTailCheck"))->setChecked(true);
    QVERIFY(!shows(QStringLiteral("/health")));
    QCOMPARE(m_client->get("/health").status, 200);

    QTRY_VERIFY_WITH_TIMEOUT(shows(QStringLiteral("/health")), 2000); // no refresh: the tail brings it
    QCOMPARE(requests()->entry(0).path, QStringLiteral("/health"));
}

void TestGuiLogs::liveTailSkipsRequestsTheFiltersExclude()
{
    auto *status = m_tab->findChild<QComboBox *>(QStringLiteral("statusFilter"));
    status->setCurrentIndex(status->findText(QStringLiteral("4xx")));
    m_tab->findChild<QCheckBox *>(QStringLiteral("liveTailCheck"))->setChecked(true);
    QCOMPARE(m_client->get("/health").status, 200);
    QCOMPARE(m_client->get("/students/424242").status, 404);

    QTRY_VERIFY_WITH_TIMEOUT(shows(QStringLiteral("/students/424242")), 2000);
    QVERIFY(!shows(QStringLiteral("/health")));
}

void TestGuiLogs::nextPageShowsOlderRequests()
{
    const int pageSize = RequestLogView::PageSize;
    for (int i = 0; i < pageSize + 10; ++i)
        QCOMPARE(m_client->get("/?n=" + QByteArray::number(i)).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(logHolds(pageSize + 10), 5000);
    m_tab->refresh();
    QCOMPARE(requests()->rowCount(), pageSize);
    QCOMPARE(requests()->entry(0).path, QStringLiteral("/?n=%1").arg(pageSize + 9));
    m_tab->findChild<QPushButton *>(QStringLiteral("requestLogNextButton"))->click();

    QCOMPARE(requests()->rowCount(), 10);
    QCOMPARE(requests()->entry(0).path, QStringLiteral("/?n=9"));
    auto *label = m_tab->findChild<QLabel *>(QStringLiteral("requestLogPageLabel"));
    QVERIFY2(label->text().startsWith(QStringLiteral("101–110 of 110")), qPrintable(label->text()));
}

void TestGuiLogs::auditShowsBeforeAndAfterOfAStudentUpdate()
{
    const HttpReply created = m_client->send("POST", "/students", QJsonObject{{"name", "Ada"}, {"course", "Maths"}, {"grade", 80}});
    QCOMPARE(created.status, 201);
    const QByteArray id = QByteArray::number(created.json().value("data").toObject().value("id").toInteger());
    QCOMPARE(m_client->send("PATCH", "/students/" + id, QJsonObject{{"name", "Ada Lovelace"}}).status, 200);
    m_tab->refresh();
    auto *entity = m_tab->findChild<QComboBox *>(QStringLiteral("auditEntityFilter"));
    entity->setCurrentIndex(entity->findData(QStringLiteral("student")));
    auto *action = m_tab->findChild<QComboBox *>(QStringLiteral("auditActionFilter"));
    action->setCurrentIndex(action->findData(QStringLiteral("update")));
    QCOMPARE(m_tab->audit()->model()->rowCount(), 1);

    m_tab->findChild<QTableView *>(QStringLiteral("auditView"))->selectRow(0);
    const QString detail = m_tab->findChild<QTextBrowser *>(QStringLiteral("auditDetail"))->toPlainText();
    QVERIFY2(detail.contains(QStringLiteral("\"Ada\"")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("\"Ada Lovelace\"")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("changed (")), qPrintable(detail));
    QVERIFY2(detail.contains(QString::fromLatin1(AppFixture::AdminEmail)), qPrintable(detail));
}

void TestGuiLogs::requestLogModelIsAValidModel()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto entry = [](int n) {
        RequestLogEntry e;
        e.requestId = QByteArray::number(n);
        e.method = "GET";
        e.path = QStringLiteral("/%1").arg(n);
        e.status = 200;
        e.userId = n;
        return e;
    };
    model.setEntries({entry(2), entry(1)});
    QCOMPARE(model.prepend({entry(4), entry(3), entry(2)}, 3), 2); // 2 is shown already
    QCOMPARE(model.rowCount(), 3); // capped: the oldest went
    QCOMPARE(model.entry(0).path, QStringLiteral("/4"));
    QCOMPARE(model.entry(2).path, QStringLiteral("/2"));
    model.setUserNames({{4, QStringLiteral("four@school.test")}});
    QCOMPARE(model.index(0, RequestLogModel::User).data().toString(), QStringLiteral("four@school.test"));
    QCOMPARE(model.index(1, RequestLogModel::User).data().toString(), QStringLiteral("#3"));
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestGuiLogs::auditModelIsAValidModel()
{
    AuditModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    AuditEntry entry;
    entry.action = QStringLiteral("update");
    entry.entity = QStringLiteral("student");
    entry.entityId = QStringLiteral("7");
    model.setEntries({entry, entry});
    model.setUserNames({{1, QStringLiteral("a@school.test")}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, AuditModel::User).data().toString(), QStringLiteral("(system)"));
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestGuiLogs::adminWindowHasTheLogsTab()
{
    MainWindow window(m_fixture->context());

    QVERIFY2(tabTitles(window).contains(QStringLiteral("Logs")),
             qPrintable(tabTitles(window).join(u',')));
    QVERIFY(window.logsTab());
    QCOMPARE(window.tabs()->indexOf(window.logsTab()),
             tabTitles(window).indexOf(QStringLiteral("Logs")));
}

void TestGuiLogs::nonAdminWindowHasNoLogsTab_data()
{
    QTest::addColumn<Role>("role");
    QTest::newRow("staff") << Role::Staff;
    QTest::newRow("viewer") << Role::Viewer;
}

void TestGuiLogs::nonAdminWindowHasNoLogsTab()
{
    QFETCH(Role, role);
    const QJsonObject body{{QStringLiteral("email"), QStringLiteral("someone@school.test")},
                           {QStringLiteral("password"), QStringLiteral("a long enough password")},
                           {QStringLiteral("role"), roleName(role)}};
    Result<User> user =
        m_fixture->context().users().create(Actor::system(), body, UserService::Creator::Admin);
    QVERIFY2(user, user ? "" : qPrintable(user.error().message));
    m_fixture->context().setCurrentUser(user.value());

    MainWindow window(m_fixture->context());

    const QStringList titles = tabTitles(window);
    QVERIFY2(!titles.contains(QStringLiteral("Logs")), qPrintable(titles.join(u',')));
    QVERIFY(!window.logsTab());
    QVERIFY(!window.findChild<LogsTab *>());
    QVERIFY(!window.findChild<QLabel *>(QStringLiteral("logsAdminsOnlyLabel")));
    QVERIFY2(titles.contains(QStringLiteral("Students")), qPrintable(titles.join(u',')));
}

QTEST_MAIN(TestGuiLogs)
#include "tst_gui_logs.moc"

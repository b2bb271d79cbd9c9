// GET /audit of the contract's Logs section, against the real server on both engines: its
// filters (action, entity, entityId, userId) and the before/after values of an update.
#include "api_client.h"

#include <QJsonArray>
#include <QTest>

using namespace academy;
using namespace academy::test;

class TestAuditLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void auditNeedsAnAdmin();
    void auditFilterByAction();
    void auditFilterByEntity();
    void auditFilterByUserId();
    void auditUpdateHasBeforeAndAfter();

private:
    QJsonArray auditItems(const QByteArray &query);

    std::unique_ptr<TestServer> m_server;
    Accounts m_accounts;
};

void TestAuditLog::initTestCase_data()
{
    addEngineRows();
}

void TestAuditLog::init()
{
    m_server = TestServer::start(apiServerFlags(), 0, currentEngine());
    QVERIFY(m_server);
    const std::optional<Accounts> accounts = createAccounts(*m_server);
    QVERIFY(accounts);
    m_accounts = *accounts;
}

void TestAuditLog::cleanup()
{
    m_server.reset();
}

QJsonArray TestAuditLog::auditItems(const QByteArray &query)
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.adminToken).get("/audit?" + query);
    if (reply.status != 200)
        qWarning("GET /audit?%s answered %d: %s", query.constData(), reply.status, reply.body.constData());
    return jsonArray(reply);
}


void TestAuditLog::auditNeedsAnAdmin()
{
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port()).get("/audit"), 401, QStringLiteral("unauthorized"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), m_accounts.staffToken).get("/audit"), 403, QStringLiteral("forbidden"));
    const HttpReply reply = ApiClient(m_server->port(), m_accounts.adminToken).get("/audit");
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.header("X-Total-Count").isEmpty());
}

void TestAuditLog::auditFilterByAction()
{
    const qint64 id = createStudentOverApi(m_server->port(), m_accounts.staffToken, QStringLiteral("Audited"));
    QVERIFY(id > 0);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.staffToken)
                 .send("PATCH", "/students/" + QByteArray::number(id), QJsonObject{{QStringLiteral("grade"), 70}})
                 .status,
             200);
    const QJsonArray updates = auditItems("action=update");
    QCOMPARE(updates.size(), 1);
    QCOMPARE(updates.first().toObject().value(QStringLiteral("entityId")).toString(), QString::number(id));
    for (const QJsonValue &item : auditItems("action=create"))
        QCOMPARE(item.toObject().value(QStringLiteral("action")).toString(), QStringLiteral("create"));
    QCOMPARE(auditItems("action=no_such_action").size(), 0);
}

void TestAuditLog::auditFilterByEntity()
{
    QVERIFY(createStudentOverApi(m_server->port(), m_accounts.staffToken, QStringLiteral("Entity One")) > 0);
    const QJsonArray students = auditItems("entity=student");
    QCOMPARE(students.size(), 1);
    QCOMPARE(students.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("create"));
    const QJsonArray users = auditItems("entity=user&limit=1000");
    QVERIFY2(users.size() >= 3, compactJson(users).constData()); // the three accounts
    for (const QJsonValue &item : users)
        QCOMPARE(item.toObject().value(QStringLiteral("entity")).toString(), QStringLiteral("user"));
}

void TestAuditLog::auditFilterByUserId()
{
    const qint64 id = createStudentOverApi(m_server->port(), m_accounts.staffToken, QStringLiteral("By Staff"));
    QVERIFY(id > 0);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.adminToken).remove("/students/" + QByteArray::number(id)).status, 200);
    const QJsonArray staff = auditItems("userId=" + QByteArray::number(m_accounts.staff.id) + "&entity=student");
    QCOMPARE(staff.size(), 1);
    QCOMPARE(staff.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("create"));
    const QJsonArray admin = auditItems("userId=" + QByteArray::number(m_accounts.admin.id) + "&entity=student");
    QCOMPARE(admin.size(), 1);
    QCOMPARE(admin.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("delete"));
    for (const QJsonValue &item : auditItems("userId=" + QByteArray::number(m_accounts.staff.id) + "&limit=1000"))
        QCOMPARE(qint64(item.toObject().value(QStringLiteral("userId")).toDouble()), m_accounts.staff.id);
}

void TestAuditLog::auditUpdateHasBeforeAndAfter()
{
    const qint64 id = createStudentOverApi(m_server->port(), m_accounts.staffToken, QStringLiteral("Before After"));
    QVERIFY(id > 0);
    QCOMPARE(ApiClient(m_server->port(), m_accounts.staffToken)
                 .send("PATCH", "/students/" + QByteArray::number(id),
                       QJsonObject{{QStringLiteral("grade"), 91}, {QStringLiteral("course"), QStringLiteral("Tracing")}})
                 .status,
             200);
    const QJsonArray updates = auditItems("action=update&entity=student&entityId=" + QByteArray::number(id));
    QCOMPARE(updates.size(), 1);
    const QJsonObject entry = updates.first().toObject();
    QCOMPARE(qint64(entry.value(QStringLiteral("userId")).toDouble()), m_accounts.staff.id);
    const QJsonObject before = entry.value(QStringLiteral("before")).toObject();
    const QJsonObject after = entry.value(QStringLiteral("after")).toObject();
    QCOMPARE(before.value(QStringLiteral("grade")).toDouble(), 50.0);
    QCOMPARE(before.value(QStringLiteral("course")).toString(), QStringLiteral("Logging"));
    QCOMPARE(after.value(QStringLiteral("grade")).toDouble(), 91.0);
    QCOMPARE(after.value(QStringLiteral("course")).toString(), QStringLiteral("Tracing"));
    QCOMPARE(after.value(QStringLiteral("name")).toString(), QStringLiteral("Before After"));
    QVERIFY(!entry.value(QStringLiteral("time")).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_audit_log.moc"

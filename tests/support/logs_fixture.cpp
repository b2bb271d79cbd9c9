#include "logs_fixture.h"

#include "request_log.h"
#include "testsupport.h"

#include <QTest>

namespace academy::test {

bool LogsFixture::start()
{
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--max-body"), QStringLiteral("1024")}), 0,
                                 currentEngine());
    if (!m_server) {
        QTest::qFail("the server did not start", __FILE__, __LINE__);
        return false;
    }
    const std::optional<Accounts> accounts = createAccounts(*m_server);
    if (!accounts)
        return false; // createAccounts failed the test
    m_accounts = *accounts;
    return true;
}

HttpReply LogsFixture::logs(const QByteArray &query)
{
    m_server->server().requestLog().flush();
    return ApiClient(m_server->port(), m_accounts.adminToken).get("/logs?" + query);
}

QJsonArray LogsFixture::logItems(const QByteArray &query)
{
    const HttpReply reply = logs(query);
    if (reply.status != 200)
        qWarning("GET /logs?%s answered %d: %s", query.constData(), reply.status, reply.body.constData());
    return jsonArray(reply);
}

QJsonObject LogsFixture::entryOf(const HttpReply &reply)
{
    const QByteArray requestId = reply.header("X-Request-Id");
    for (const QJsonValue &item : logItems("limit=1000")) {
        if (item.toObject().value(QStringLiteral("requestId")).toString().toLatin1() == requestId)
            return item.toObject();
    }
    return {};
}

QString describe(const QJsonValue &value)
{
    return QString::fromUtf8(compactJson(value));
}

} // namespace academy::test

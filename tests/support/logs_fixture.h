#pragma once

#include "api_client.h"
#include "test_server.h"

#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace academy::test {

// What the request log's API tests share: a server on the current engine (MAX_BODY 1024, so
// that a refusal is easy to provoke; rate limit off), one account of each role, and GET /logs
// read as the admin once everything recorded so far is written.
class LogsFixture final
{
public:
    // Fails the current test (and returns false) when the server or its accounts cannot start.
    bool start();
    void stop() { m_server.reset(); }

    TestServer &server() { return *m_server; }
    quint16 port() const { return m_server->port(); }
    const Accounts &accounts() const { return m_accounts; }

    HttpReply logs(const QByteArray &query);
    // logs()' items; a reply other than 200 is reported and gives none.
    QJsonArray logItems(const QByteArray &query);
    // The logged entry of the reply with that X-Request-Id (an empty object when none).
    QJsonObject entryOf(const HttpReply &reply);

private:
    std::unique_ptr<TestServer> m_server;
    Accounts m_accounts;
};

// One line of JSON, for a failure message.
QString describe(const QJsonValue &value);

} // namespace academy::test

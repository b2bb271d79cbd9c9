#pragma once

#include "test_server.h"
#include "user.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace academy::test {

// The password of every account the API tests create: long enough for the policy.
inline const QString AccountPassword = QStringLiteral("correct horse battery staple");

// The flags of a TestServer for API tests: the request rate limit off, so a table of a
// hundred requests from 127.0.0.1 is never refused for its pace.
QStringList apiServerFlags(const QStringList &extra = {});

// Requests to a TestServer as one caller, each on a fresh connection. A reply that does not
// come in time has status 0 (so a QCOMPARE on the status fails with the reason).
class ApiClient final
{
public:
    // `token`: sent as "Authorization: Bearer <token>" when not empty. `from`: the local
    // address to connect from (127.0.0.N is a distinct client address on loopback).
    explicit ApiClient(quint16 port, QByteArray token = {}, QHostAddress from = {});

    HttpReply get(const QByteArray &target, const QByteArray &headers = {}) const;
    HttpReply remove(const QByteArray &target, const QByteArray &headers = {}) const;
    // A JSON body (compact), Content-Type application/json.
    HttpReply send(const QByteArray &method, const QByteArray &target, const QJsonValue &body,
                   const QByteArray &headers = {}) const;
    // Any body bytes with any Content-Type (none when `contentType` is empty).
    HttpReply raw(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                  const QByteArray &contentType, const QByteArray &headers = {}) const;

    const QByteArray &token() const { return m_token; }

private:
    HttpReply exchange(const QByteArray &request) const;

    quint16 m_port;
    QByteArray m_token;
    QHostAddress m_from;
};

QByteArray compactJson(const QJsonValue &value);
// The body of a reply as a JSON array (empty when it is not one).
QJsonArray jsonArray(const HttpReply &reply);
// The `field` of each entry of an error reply's `details`, in order.
QStringList detailFields(const HttpReply &reply);

// POST /login; the token, or empty when the login did not succeed.
QByteArray login(quint16 port, const QString &email, const QString &password = AccountPassword,
                 const QHostAddress &from = {});

// A user made through the server's own UserService (as the system), as an admin's POST
// /users would. Fails the current test (and returns nullopt) when it cannot.
std::optional<User> createUser(TestServer &server, const QString &email, Role role,
                               const QString &password = AccountPassword);

// POST /students of {name, course "Logging", grade 50} with `token`; the new id, or 0 when
// the reply was not 201.
qint64 createStudentOverApi(quint16 port, const QByteArray &token, const QString &name);

// One signed-in account of each role.
struct Accounts
{
    User admin;
    User staff;
    User viewer;
    QByteArray adminToken;
    QByteArray staffToken;
    QByteArray viewerToken;

    QByteArray tokenOf(Role role) const;
};

// Creates admin@school.test, staff@school.test and viewer@school.test and signs them in.
// Fails the current test (and returns nullopt) when it cannot.
std::optional<Accounts> createAccounts(TestServer &server);

} // namespace academy::test

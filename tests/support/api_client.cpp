#include "api_client.h"

#include "actor.h"
#include "user_service.h"

#include <QJsonDocument>

namespace academy::test {

QStringList apiServerFlags(const QStringList &extra)
{
    return QStringList{QStringLiteral("--rate-limit"), QStringLiteral("0")} + extra;
}

ApiClient::ApiClient(quint16 port, QByteArray token, QHostAddress from)
    : m_port(port), m_token(std::move(token)), m_from(std::move(from))
{
}

HttpReply ApiClient::get(const QByteArray &target, const QByteArray &headers) const
{
    return raw("GET", target, {}, {}, headers);
}

HttpReply ApiClient::remove(const QByteArray &target, const QByteArray &headers) const
{
    return raw("DELETE", target, {}, {}, headers);
}

HttpReply ApiClient::send(const QByteArray &method, const QByteArray &target, const QJsonValue &body,
                          const QByteArray &headers) const
{
    return raw(method, target, compactJson(body), "application/json", headers);
}

HttpReply ApiClient::raw(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                         const QByteArray &contentType, const QByteArray &headers) const
{
    QByteArray head = headers;
    if (!m_token.isEmpty())
        head += "Authorization: Bearer " + m_token + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    return exchange(requestBytes(method, target, head, body));
}

HttpReply ApiClient::exchange(const QByteArray &request) const
{
    RawClient client(m_port, m_from);
    if (!client.isConnected())
        return {};
    client.send(request);
    return client.readReply().value_or(HttpReply{});
}

QByteArray compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar: wrapped in an array, then unwrapped, since QJsonDocument holds containers only.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonArray jsonArray(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).array();
}

QStringList detailFields(const HttpReply &reply)
{
    QStringList fields;
    const QJsonArray details = reply.json().value(QStringLiteral("details")).toArray();
    for (const QJsonValue &detail : details)
        fields.append(detail.toObject().value(QStringLiteral("field")).toString());
    return fields;
}

QByteArray login(quint16 port, const QString &email, const QString &password, const QHostAddress &from)
{
    const HttpReply reply = ApiClient(port, {}, from).send(
        "POST", "/login", QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
    if (reply.status != 200)
        return {};
    return reply.json().value(QStringLiteral("token")).toString().toLatin1();
}

std::optional<User> createUser(TestServer &server, const QString &email, Role role, const QString &password)
{
    const QJsonObject body{{QStringLiteral("email"), email},
                           {QStringLiteral("password"), password},
                           {QStringLiteral("name"), email.section(QLatin1Char('@'), 0, 0)},
                           {QStringLiteral("role"), roleName(role)}};
    Result<User> created = server.server().users().create(Actor::system(), body, UserService::Creator::Admin);
    if (!created) {
        QTest::qFail(qPrintable(QStringLiteral("cannot create %1: %2").arg(email, created.error().message)),
                     __FILE__, __LINE__);
        return std::nullopt;
    }
    return created.value();
}

QByteArray Accounts::tokenOf(Role role) const
{
    switch (role) {
    case Role::Admin: return adminToken;
    case Role::Staff: return staffToken;
    case Role::Viewer: return viewerToken;
    }
    return {};
}

std::optional<Accounts> createAccounts(TestServer &server)
{
    Accounts accounts;
    const std::optional<User> admin = createUser(server, QStringLiteral("admin@school.test"), Role::Admin);
    const std::optional<User> staff = createUser(server, QStringLiteral("staff@school.test"), Role::Staff);
    const std::optional<User> viewer = createUser(server, QStringLiteral("viewer@school.test"), Role::Viewer);
    if (!admin || !staff || !viewer)
        return std::nullopt;
    accounts.admin = *admin;
    accounts.staff = *staff;
    accounts.viewer = *viewer;
    accounts.adminToken = login(server.port(), admin->email);
    accounts.staffToken = login(server.port(), staff->email);
    accounts.viewerToken = login(server.port(), viewer->email);
    if (accounts.adminToken.isEmpty() || accounts.staffToken.isEmpty() || accounts.viewerToken.isEmpty()) {
        QTest::qFail("the seeded accounts cannot sign in", __FILE__, __LINE__);
        return std::nullopt;
    }
    return accounts;
}

qint64 createStudentOverApi(quint16 port, const QByteArray &token, const QString &name)
{
    const HttpReply reply = ApiClient(port, token).send("POST", "/students",
                                                        QJsonObject{{QStringLiteral("name"), name},
                                                                    {QStringLiteral("course"), QStringLiteral("Logging")},
                                                                    {QStringLiteral("grade"), 50}});
    if (reply.status != 201)
        return 0;
    return qint64(reply.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toDouble());
}

} // namespace academy::test

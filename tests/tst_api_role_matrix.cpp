// Who may call what: every registered route (read from the router, so a new route cannot
// escape) × {anonymous, viewer, staff, admin} answers 401, 403 or lets the call through,
// as the route's access field says and as the contract's tables say.
#include "api_client.h"

#include <QTest>

using namespace academy;
using namespace academy::test;
using academy::http::Access;

Q_DECLARE_METATYPE(academy::http::Access)

namespace {

// The contract's tables (api.md: Service, Auth, Students, Users, Logs), written out by hand
// so the router is checked against the specification and not only against itself.
struct ContractRoute
{
    const char *method;
    const char *pattern;
    Access access;    // what the route table must say
    Access effective; // what callers see (POST /register: admin while self-registration is off)
};

const ContractRoute contract[] = {
    {"GET", "/", Access::Anyone, Access::Anyone},
    {"GET", "/health", Access::Anyone, Access::Anyone},
    {"GET", "/metrics", Access::Metrics, Access::Admin},
    {"GET", "/openapi.json", Access::Anyone, Access::Anyone},
    {"POST", "/register", Access::Anyone, Access::Admin},
    {"POST", "/login", Access::Anyone, Access::Anyone},
    {"POST", "/logout", Access::Viewer, Access::Viewer},
    {"GET", "/me", Access::Viewer, Access::Viewer},
    {"GET", "/dashboard", Access::Viewer, Access::Viewer},
    {"PUT", "/me/password", Access::Viewer, Access::Viewer},
    {"GET", "/students", Access::Viewer, Access::Viewer},
    {"GET", "/students/:id", Access::Viewer, Access::Viewer},
    {"POST", "/students", Access::Staff, Access::Staff},
    {"PUT", "/students/:id", Access::Staff, Access::Staff},
    {"PATCH", "/students/:id", Access::Staff, Access::Staff},
    {"DELETE", "/students/:id", Access::Staff, Access::Staff},
    {"POST", "/students/import", Access::Staff, Access::Staff},
    {"GET", "/students/export", Access::Viewer, Access::Viewer},
    {"GET", "/users", Access::Admin, Access::Admin},
    {"GET", "/users/:id", Access::Admin, Access::Admin},
    {"POST", "/users", Access::Admin, Access::Admin},
    {"PATCH", "/users/:id", Access::Admin, Access::Admin},
    {"DELETE", "/users/:id", Access::Admin, Access::Admin},
    {"GET", "/lockouts", Access::Admin, Access::Admin},
    {"DELETE", "/lockouts", Access::Admin, Access::Admin},
    {"GET", "/logs", Access::Admin, Access::Admin},
    {"GET", "/audit", Access::Admin, Access::Admin},
    {"GET", "/logs/stream", Access::Admin, Access::Admin},
};

const ContractRoute *findInContract(const QByteArray &method, const QString &pattern)
{
    for (const ContractRoute &route : contract) {
        if (method == route.method && pattern == QLatin1String(route.pattern))
            return &route;
    }
    return nullptr;
}

const char *accessName(Access access)
{
    switch (access) {
    case Access::Anyone: return "anyone";
    case Access::Viewer: return "viewer";
    case Access::Staff: return "staff";
    case Access::Admin: return "admin";
    case Access::Metrics: return "metrics";
    }
    return "?";
}

// 401 for no token, 403 for too low a role, 0 for "let through" (anything but 401/403).
int expectedOutcome(Access access, std::optional<Role> caller)
{
    if (access == Access::Anyone)
        return 0;
    if (!caller)
        return 401;
    const Role needed = access == Access::Viewer ? Role::Viewer : access == Access::Staff ? Role::Staff : Role::Admin;
    return *caller >= needed ? 0 : 403;
}

// The head of the reply to `request` (status line and headers), read alone: an endless reply
// (Server-Sent Events) must not hold the test up. Empty when no head arrives in time.
QByteArray headOf(quint16 port, const QByteArray &request)
{
    RawClient client(port);
    if (!client.isConnected())
        return {};
    client.send(request);
    QDeadlineTimer deadline(ReplyTimeoutMs);
    QByteArray head = client.received();
    while (!head.contains("\r\n\r\n") && !deadline.hasExpired()) {
        QTcpSocket &socket = client.socket();
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))
            && !client.isConnected())
            break;
        head += socket.readAll();
    }
    const qsizetype end = head.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : head.left(end + 2);
}

} // namespace

class TestApiRoleMatrix final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void everyRouteIsInTheContract();
    void everyContractRouteIsRegistered();
    void roleMatrix_data();
    void roleMatrix();

private:
    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
    qint64 m_studentId = 0;
    qint64 m_userId = 0; // a user the matrix may change or delete
};

void TestApiRoleMatrix::initTestCase()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
    const HttpReply student = ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/students", QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Matrix")}, {QStringLiteral("course"), QStringLiteral("Roles")}});
    QCOMPARE(student.status, 201);
    m_studentId = student.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toInteger();
    const std::optional<User> target = createUser(*m_server, QStringLiteral("matrix-target@school.test"), Role::Viewer);
    QVERIFY(target);
    m_userId = target->id;
}

void TestApiRoleMatrix::cleanupTestCase()
{
    m_server.reset();
}

void TestApiRoleMatrix::everyRouteIsInTheContract()
{
    for (const http::Route &route : m_server->server().context().router.routes()) {
        const ContractRoute *known = findInContract(route.method, route.pattern);
        const QByteArray name = route.method + ' ' + route.pattern.toUtf8();
        QVERIFY2(known, qPrintable(name + " is not in the contract's table of this test: add it (and to api.md)"));
        QVERIFY2(route.access == known->access,
                 qPrintable(name + ": the route says " + accessName(route.access) + ", the contract " + accessName(known->access)));
    }
}

void TestApiRoleMatrix::everyContractRouteIsRegistered()
{
    const QList<http::Route> &routes = m_server->server().context().router.routes();
    for (const ContractRoute &wanted : contract) {
        const bool registered = std::any_of(routes.cbegin(), routes.cend(), [&](const http::Route &route) {
            return route.method == wanted.method && route.pattern == QLatin1String(wanted.pattern);
        });
        QVERIFY2(registered, qPrintable(QStringLiteral("%1 %2 is not registered").arg(QLatin1String(wanted.method), QLatin1String(wanted.pattern))));
    }
}

void TestApiRoleMatrix::roleMatrix_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("expected"); // 401, 403, or 0: let through

    const std::pair<const char *, std::optional<Role>> callers[] = {
        {"anonymous", std::nullopt}, {"viewer", Role::Viewer}, {"staff", Role::Staff}, {"admin", Role::Admin}};
    for (const http::Route &route : m_server->server().context().router.routes()) {
        const ContractRoute *known = findInContract(route.method, route.pattern);
        for (const auto &[who, role] : callers) {
            const int byRoute = expectedOutcome(route.access == Access::Metrics ? Access::Admin : route.access, role);
            // Where the contract says more than the route table (POST /register), it wins.
            const int expected = known ? expectedOutcome(known->effective, role) : byRoute;
            QTest::addRow("%s %s as %s", route.method.constData(), qPrintable(route.pattern), who)
                << route.method << route.pattern << QString::fromLatin1(who) << expected;
        }
    }
}

void TestApiRoleMatrix::roleMatrix()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, pattern);
    QFETCH(QString, who);
    QFETCH(int, expected);
    QString path = pattern;
    path.replace(QStringLiteral(":id"), QString::number(pattern.startsWith(QLatin1String("/users")) ? m_userId : m_studentId));
    const http::Route *route = nullptr;
    for (const http::Route &candidate : m_server->server().context().router.routes()) {
        if (candidate.method == method && candidate.pattern == pattern)
            route = &candidate;
    }
    QVERIFY(route);
    // A body the route's parser accepts, so the answer is about the caller and not the body.
    QByteArray headers;
    QByteArray body;
    if (route->body == http::BodyKind::JsonObject)
        body = "{}";
    else if (route->body == http::BodyKind::JsonArrayOrCsv)
        body = "[]";
    if (!body.isEmpty())
        headers += "Content-Type: application/json\r\n";
    const std::optional<Role> role = who == QLatin1String("admin")    ? std::optional<Role>(Role::Admin)
                                     : who == QLatin1String("staff")  ? std::optional<Role>(Role::Staff)
                                     : who == QLatin1String("viewer") ? std::optional<Role>(Role::Viewer)
                                                                      : std::nullopt;
    QByteArray token = role ? m_accounts->tokenOf(*role) : QByteArray();
    if (role && method == "POST" && pattern == QLatin1String("/logout")) // would end the shared token
        token = login(m_server->port(), roleName(*role) + QStringLiteral("@school.test"));
    if (!token.isEmpty())
        headers += "Authorization: Bearer " + token + "\r\n";

    const QByteArray head = headOf(m_server->port(), requestBytes(method, path.toUtf8(), headers, body));

    const int status = head.split(' ').value(1).toInt();
    QVERIFY2(status >= 200 && status < 500, qPrintable(QStringLiteral("status %1").arg(status)));
    // Anything that needs a token, and /login, is never stored by a cache on the way.
    if (route->access != Access::Anyone || pattern == QLatin1String("/login"))
        QVERIFY2(head.toLower().contains("\r\ncache-control: no-store\r\n"), head.constData());
    if (expected == 0)
        QVERIFY2(status != 401 && status != 403, qPrintable(QStringLiteral("status %1, expected the call to be let through").arg(status)));
    else
        QCOMPARE(status, expected);
}

QTEST_GUILESS_MAIN(TestApiRoleMatrix)
#include "tst_api_role_matrix.moc"

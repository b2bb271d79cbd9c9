// The Users section of the contract (admin): /users, /users/:id, the last active admin,
// and /lockouts, against the real server on a loopback port.
#include "api_client.h"
#include "audit_repository.h"

#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

QByteArray userPath(qint64 id)
{
    return "/users/" + QByteArray::number(id);
}

QJsonObject newUser(const QString &email, const QString &role)
{
    QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), AccountPassword},
                     {QStringLiteral("name"), QStringLiteral("New User")}};
    if (!role.isEmpty())
        body.insert(QStringLiteral("role"), role);
    return body;
}

bool hasNoSecret(const QJsonObject &user)
{
    const QStringList keys = user.keys();
    return !keys.contains(QStringLiteral("password")) && !keys.contains(QStringLiteral("passwordHash"))
           && !QJsonDocument(user).toJson().contains("$argon2");
}

HttpReply attempt(quint16 port, const QString &email, const QString &password, const QHostAddress &from)
{
    return ApiClient(port, {}, from).send("POST", "/login", QJsonObject{{QStringLiteral("email"), email},
                                                                        {QStringLiteral("password"), password}});
}

} // namespace

class TestApiUsers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listAnswersUsersWithTotal();
    void getAnswersOneUser();
    void createAnswers201AndTheUserCanSignIn();
    void createListsEveryFailingField();
    void duplicateEmailIs409();
    void patchChangesTheGivenFields();
    void patchThatChangesNothingWritesNothing();
    void deleteAnswersMessageAndId();
    void lastActiveAdminIsKept_data();
    void lastActiveAdminIsKept();
    void disabledAdminDoesNotCount();
    void lockoutsListAndLiftAnEmailLock();
    void lockoutsListAndLiftAnAddressLock();
    void liftingWhatIsNotLockedAuditsNothing();

private:
    std::unique_ptr<TestServer> m_server; // 3 failed logins lock for 10 minutes
    std::optional<Accounts> m_accounts;
};

void TestApiUsers::initTestCase()
{
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--login-lockout"), QStringLiteral("3/60/600")}));
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiUsers::cleanupTestCase()
{
    m_server.reset();
}

void TestApiUsers::listAnswersUsersWithTotal()
{
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply reply = admin.get("/users");

    QCOMPARE(reply.status, 200);
    const QJsonArray users = jsonArray(reply);
    QVERIFY(users.size() >= 3);
    QCOMPARE(reply.header("X-Total-Count"), QByteArray::number(users.size()));
    for (const QJsonValue &user : users)
        QVERIFY(hasNoSecret(user.toObject()));
    QCOMPARE(jsonArray(admin.get("/users?limit=1")).size(), 1);
    QVERIFY_ERROR_REPLY(admin.get("/users?limit=abc"), 400, QStringLiteral("invalid_query"));
}

void TestApiUsers::getAnswersOneUser()
{
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply reply = admin.get(userPath(m_accounts->staff.id));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("email")).toString(), QStringLiteral("staff@school.test"));
    QCOMPARE(reply.json().value(QStringLiteral("role")).toString(), QStringLiteral("staff"));
    QCOMPARE(reply.json().value(QStringLiteral("active")).toBool(), true);
    QVERIFY(hasNoSecret(reply.json()));
    QVERIFY_ERROR_REPLY(admin.get("/users/99999999"), 404, QStringLiteral("not_found"));
    QVERIFY_ERROR_REPLY(admin.get("/users/abc"), 404, QStringLiteral("not_found"));
    QVERIFY_ERROR_REPLY(admin.get("/users/0"), 404, QStringLiteral("not_found"));
}

void TestApiUsers::createAnswers201AndTheUserCanSignIn()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->adminToken)
                                .send("POST", "/users", newUser(QStringLiteral(" Created@School.TEST "), QStringLiteral("staff")));

    QCOMPARE(reply.status, 201);
    QVERIFY(!reply.json().value(QStringLiteral("message")).toString().isEmpty());
    const QJsonObject user = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(user.value(QStringLiteral("email")).toString(), QStringLiteral("created@school.test"));
    QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("staff"));
    QCOMPARE(user.value(QStringLiteral("name")).toString(), QStringLiteral("New User"));
    QVERIFY(hasNoSecret(user));
    QCOMPARE(reply.header("Location"), userPath(user.value(QStringLiteral("id")).toInteger()));
    const QByteArray token = login(m_server->port(), QStringLiteral("created@school.test"));
    QVERIFY(!token.isEmpty());
    QCOMPARE(ApiClient(m_server->port(), token).send("POST", "/students", QJsonObject{
        {QStringLiteral("name"), QStringLiteral("N")}, {QStringLiteral("course"), QStringLiteral("C")}}).status, 201);
}

void TestApiUsers::createListsEveryFailingField()
{
    const QJsonObject body{{QStringLiteral("email"), QStringLiteral("not an email")},
                           {QStringLiteral("password"), QStringLiteral("short")},
                           {QStringLiteral("role"), QStringLiteral("superuser")},
                           {QStringLiteral("shoeSize"), 44}};

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->adminToken).send("POST", "/users", body);

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    QStringList fields = detailFields(reply);
    fields.sort();
    QCOMPARE(fields, (QStringList{"email", "password", "role", "shoeSize"}));
}

void TestApiUsers::duplicateEmailIs409()
{
    const ApiClient admin(m_server->port(), m_accounts->adminToken);
    QCOMPARE(admin.send("POST", "/users", newUser(QStringLiteral("twice@school.test"), QStringLiteral("viewer"))).status, 201);

    const HttpReply again = admin.send("POST", "/users", newUser(QStringLiteral("TWICE@school.test"), QStringLiteral("staff")));

    QVERIFY_ERROR_REPLY(again, 409, QStringLiteral("conflict"));
}

void TestApiUsers::patchChangesTheGivenFields()
{
    const std::optional<User> user = createUser(*m_server, QStringLiteral("patched@school.test"), Role::Viewer);
    QVERIFY(user);
    const ApiClient admin(m_server->port(), m_accounts->adminToken);
    const QString password = QStringLiteral("a password set by the admin");

    const HttpReply renamed = admin.send("PATCH", userPath(user->id), QJsonObject{{QStringLiteral("name"), QStringLiteral("Renamed")}});
    const HttpReply promoted = admin.send("PATCH", userPath(user->id), QJsonObject{{QStringLiteral("role"), QStringLiteral("staff")},
                                                                                  {QStringLiteral("password"), password}});
    const HttpReply disabled = admin.send("PATCH", userPath(user->id), QJsonObject{{QStringLiteral("active"), false}});

    QCOMPARE(renamed.status, 200);
    QCOMPARE(renamed.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
    QCOMPARE(renamed.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
    QCOMPARE(promoted.status, 200);
    QCOMPARE(promoted.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("staff"));
    QCOMPARE(promoted.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
    QCOMPARE(disabled.status, 200);
    QCOMPARE(disabled.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("active")).toBool(), false);
    QVERIFY(login(m_server->port(), QStringLiteral("patched@school.test"), password).isEmpty()); // disabled
    QCOMPARE(admin.send("PATCH", userPath(user->id), QJsonObject{{QStringLiteral("active"), true}}).status, 200);
    QVERIFY(!login(m_server->port(), QStringLiteral("patched@school.test"), password).isEmpty());
    const HttpReply invalid = admin.send("PATCH", userPath(user->id), QJsonObject{{QStringLiteral("email"), QStringLiteral("x@y.z")},
                                                                                 {QStringLiteral("active"), QStringLiteral("yes")}});
    QVERIFY_ERROR_REPLY(invalid, 422, QStringLiteral("validation_failed"));
    QStringList fields = detailFields(invalid);
    fields.sort();
    QCOMPARE(fields, (QStringList{"active", "email"}));
    QVERIFY_ERROR_REPLY(admin.send("PATCH", "/users/99999999", QJsonObject{{QStringLiteral("name"), QStringLiteral("N")}}), 404,
                        QStringLiteral("not_found"));
}

// PATCH {} or the user's own values: 200 with the user as it is, no audit entry, and the
// user's sessions stay (a real change of role or activity ends them).
void TestApiUsers::patchThatChangesNothingWritesNothing()
{
    const std::optional<User> user = createUser(*m_server, QStringLiteral("unchanged@school.test"), Role::Viewer);
    QVERIFY(user);
    const QByteArray token = login(m_server->port(), QStringLiteral("unchanged@school.test"));
    QVERIFY(!token.isEmpty());
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply empty = admin.send("PATCH", userPath(user->id), QJsonObject());
    const HttpReply same = admin.send("PATCH", userPath(user->id), QJsonObject{{QStringLiteral("role"), QStringLiteral("viewer")},
                                                                              {QStringLiteral("active"), true}});

    QCOMPARE(empty.status, 200);
    QCOMPARE(same.status, 200);
    QCOMPARE(same.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
    QCOMPARE(ApiClient(m_server->port(), token).get("/students").status, 200);
    Result<QSqlDatabase> db = m_server->database().connection();
    QVERIFY(db.ok());
    AuditQuery query;
    query.entity = QStringLiteral("user");
    query.entityId = QString::number(user->id);
    const Result<AuditPage> audit = AuditRepository(db.value()).list(query);
    QVERIFY(audit.ok());
    for (const AuditEntry &entry : audit->items)
        QVERIFY2(entry.action != QLatin1String("update") && entry.action != QLatin1String("role_change"), qPrintable(entry.action));
}

void TestApiUsers::deleteAnswersMessageAndId()
{
    const std::optional<User> user = createUser(*m_server, QStringLiteral("deleted@school.test"), Role::Staff);
    QVERIFY(user);
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply reply = admin.remove(userPath(user->id));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("id")).toInteger(), user->id);
    QVERIFY(!reply.json().value(QStringLiteral("message")).toString().isEmpty());
    QVERIFY_ERROR_REPLY(admin.get(userPath(user->id)), 404, QStringLiteral("not_found"));
    QVERIFY_ERROR_REPLY(admin.remove(userPath(user->id)), 404, QStringLiteral("not_found"));
    QVERIFY(login(m_server->port(), QStringLiteral("deleted@school.test")).isEmpty());
}

void TestApiUsers::lastActiveAdminIsKept_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QJsonObject>("body");

    QTest::newRow("delete") << QByteArray("DELETE") << QJsonObject();
    QTest::newRow("disable") << QByteArray("PATCH") << QJsonObject{{QStringLiteral("active"), false}};
    QTest::newRow("demote to staff") << QByteArray("PATCH") << QJsonObject{{QStringLiteral("role"), QStringLiteral("staff")}};
    QTest::newRow("demote to viewer") << QByteArray("PATCH") << QJsonObject{{QStringLiteral("role"), QStringLiteral("viewer")}};
}

void TestApiUsers::lastActiveAdminIsKept()
{
    QFETCH(QByteArray, method);
    QFETCH(QJsonObject, body);
    const auto server = TestServer::start(apiServerFlags());
    QVERIFY(server);
    const std::optional<Accounts> accounts = createAccounts(*server); // one admin
    QVERIFY(accounts);
    const ApiClient admin(server->port(), accounts->adminToken);
    const QByteArray path = userPath(accounts->admin.id);
    const auto change = [&] { return method == "DELETE" ? admin.remove(path) : admin.send(method, path, body); };

    QVERIFY_ERROR_REPLY(change(), 409, QStringLiteral("conflict"));
    const HttpReply unchanged = admin.get(path);
    QCOMPARE(unchanged.status, 200);
    QCOMPARE(unchanged.json().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    QCOMPARE(unchanged.json().value(QStringLiteral("active")).toBool(), true);

    QCOMPARE(admin.send("POST", "/users", newUser(QStringLiteral("second@school.test"), QStringLiteral("admin"))).status, 201);
    const HttpReply allowed = change();
    QVERIFY2(allowed.status == 200, allowed.body.constData());
}

void TestApiUsers::disabledAdminDoesNotCount()
{
    const auto server = TestServer::start(apiServerFlags());
    QVERIFY(server);
    const std::optional<Accounts> accounts = createAccounts(*server);
    QVERIFY(accounts);
    const std::optional<User> other = createUser(*server, QStringLiteral("dormant@school.test"), Role::Admin);
    QVERIFY(other);
    const ApiClient admin(server->port(), accounts->adminToken);
    QCOMPARE(admin.send("PATCH", userPath(other->id), QJsonObject{{QStringLiteral("active"), false}}).status, 200);

    const HttpReply reply = admin.send("PATCH", userPath(accounts->admin.id), QJsonObject{{QStringLiteral("role"), QStringLiteral("staff")}});

    QVERIFY_ERROR_REPLY(reply, 409, QStringLiteral("conflict"));
}

void TestApiUsers::lockoutsListAndLiftAnEmailLock()
{
    const QHostAddress from(QStringLiteral("127.0.0.2"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(attempt(m_server->port(), QStringLiteral("staff@school.test"), QStringLiteral("wrong password here"), from).status, 401);
    QCOMPARE(attempt(m_server->port(), QStringLiteral("staff@school.test"), AccountPassword, from).status, 429);
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply listed = admin.get("/lockouts");

    QCOMPARE(listed.status, 200);
    QJsonObject lock;
    for (const QJsonValue &entry : jsonArray(listed)) {
        if (entry.toObject().value(QStringLiteral("email")).toString() == QLatin1String("staff@school.test"))
            lock = entry.toObject();
    }
    QVERIFY2(!lock.isEmpty(), listed.body.constData());
    QCOMPARE(lock.value(QStringLiteral("failures")).toInt(), 3);
    QVERIFY(lock.contains(QStringLiteral("address")));
    QVERIFY(QDateTime::fromString(lock.value(QStringLiteral("lockedUntil")).toString(), Qt::ISODateWithMs) > QDateTime::currentDateTimeUtc());

    const HttpReply lifted = admin.remove("/lockouts?email=STAFF%40school.test");
    QVERIFY2(lifted.status == 200 || lifted.status == 204, lifted.body.constData());
    QCOMPARE(attempt(m_server->port(), QStringLiteral("staff@school.test"), AccountPassword, from).status, 200);
    QVERIFY(!admin.get("/lockouts").body.contains("staff@school.test"));
    QVERIFY_ERROR_REPLY(admin.remove("/lockouts"), 400, QStringLiteral("invalid_query"));

    Result<QSqlDatabase> db = m_server->database().connection();
    QVERIFY(db.ok());
    AuditQuery query;
    query.action = QStringLiteral("lockout_lifted");
    const Result<AuditPage> audit = AuditRepository(db.value()).list(query);
    QVERIFY(audit.ok());
    QVERIFY(!audit->items.isEmpty());
    QCOMPARE(audit->items.first().entityId, QStringLiteral("staff@school.test"));
    QCOMPARE(audit->items.first().userId, std::optional<qint64>(m_accounts->admin.id));
}

void TestApiUsers::lockoutsListAndLiftAnAddressLock()
{
    const QHostAddress from(QStringLiteral("127.0.0.3"));
    for (int i = 0; i < 12; ++i) // the address limit: four times the per-email one
        QCOMPARE(attempt(m_server->port(), QStringLiteral("guess%1@school.test").arg(i), QStringLiteral("wrong password here"), from).status, 401);
    QCOMPARE(attempt(m_server->port(), QStringLiteral("viewer@school.test"), AccountPassword, from).status, 429);
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply listed = admin.get("/lockouts");

    QCOMPARE(listed.status, 200);
    bool found = false;
    for (const QJsonValue &entry : jsonArray(listed))
        found = found || entry.toObject().value(QStringLiteral("address")).toString() == QLatin1String("127.0.0.3");
    QVERIFY2(found, listed.body.constData());
    const HttpReply lifted = admin.remove("/lockouts?address=127.0.0.3");
    QVERIFY2(lifted.status == 200 || lifted.status == 204, lifted.body.constData());
    QCOMPARE(attempt(m_server->port(), QStringLiteral("viewer@school.test"), AccountPassword, from).status, 200);
}

// DELETE is idempotent (204 either way), but the audit trail only records a lift that lifted
// something.
void TestApiUsers::liftingWhatIsNotLockedAuditsNothing()
{
    const ApiClient admin(m_server->port(), m_accounts->adminToken);

    const HttpReply reply = admin.remove("/lockouts?email=never-failed%40school.test");

    QCOMPARE(reply.status, 204);
    Result<QSqlDatabase> db = m_server->database().connection();
    QVERIFY(db.ok());
    AuditQuery query;
    query.action = QStringLiteral("lockout_lifted");
    query.entityId = QStringLiteral("never-failed@school.test");
    const Result<AuditPage> audit = AuditRepository(db.value()).list(query);
    QVERIFY(audit.ok());
    QCOMPARE(audit->items.size(), 0);
}

QTEST_GUILESS_MAIN(TestApiUsers)
#include "tst_api_users.moc"

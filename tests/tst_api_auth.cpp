// The Auth section of the contract: /login, /me, /dashboard, /logout, /me/password,
// /register and the Authorization header's forms, against the real server on a loopback port.
#include "api_client.h"

#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

QJsonObject credentials(const QString &email, const QString &password)
{
    return {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
}

QJsonObject withoutRequestId(QJsonObject body)
{
    body.remove(QStringLiteral("requestId"));
    return body;
}

// What a User must be: the contract's keys and never anything secret.
QString userShapeProblem(const QJsonObject &user)
{
    for (const char *key : {"id", "email", "name", "role", "active", "createdAt", "lastLoginAt"}) {
        if (!user.contains(QLatin1String(key)))
            return QStringLiteral("no %1 in the user").arg(QLatin1String(key));
    }
    for (auto it = user.constBegin(); it != user.constEnd(); ++it) {
        if (it.key().contains(QLatin1String("password"), Qt::CaseInsensitive) || it.key().contains(QLatin1String("hash"), Qt::CaseInsensitive))
            return QStringLiteral("the user carries %1").arg(it.key());
        if (it.value().toString().startsWith(QLatin1String("$argon2")))
            return QStringLiteral("the user carries a hash in %1").arg(it.key());
    }
    return {};
}

} // namespace

class TestApiAuth final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void loginAnswersTokenAndUser();
    void loginFailuresLookAlike();
    void loginRequiresEmailAndPassword_data();
    void loginRequiresEmailAndPassword();
    void meAnswersTheSignedInUser();
    void dashboardAnswersUserAndStats();
    void logoutEndsThatTokenOnly();
    void changePasswordEndsEveryEarlierToken();
    void changePasswordRefusesWrongCurrentPassword();
    void changePasswordRefusesShortNewPassword();
    void registerIsForAdminsByDefault();
    void selfRegistrationMakesViewers();
    void authorizationForms_data();
    void authorizationForms();

private:
    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
};

void TestApiAuth::initTestCase()
{
    m_server = TestServer::start(apiServerFlags({QStringLiteral("--login-lockout"), QStringLiteral("1000/900/900")}));
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiAuth::cleanupTestCase()
{
    m_server.reset();
}

void TestApiAuth::loginAnswersTokenAndUser()
{
    const HttpReply reply = ApiClient(m_server->port()).send("POST", "/login", credentials(QStringLiteral("  Staff@School.TEST "), AccountPassword));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("Login successful"));
    QCOMPARE(body.value(QStringLiteral("expiresIn")).toInt(), 3600);
    const QByteArray token = body.value(QStringLiteral("token")).toString().toLatin1();
    QCOMPARE(token.count('.'), 2);
    const QJsonObject user = body.value(QStringLiteral("user")).toObject();
    const QString problem = userShapeProblem(user);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(user.value(QStringLiteral("email")).toString(), QStringLiteral("staff@school.test"));
    QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("staff"));
    QVERIFY(!user.value(QStringLiteral("lastLoginAt")).toString().isEmpty());

    const HttpReply me = ApiClient(m_server->port(), token).get("/me");
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json().value(QStringLiteral("id")), user.value(QStringLiteral("id")));
}

void TestApiAuth::loginFailuresLookAlike()
{
    const ApiClient anonymous(m_server->port());

    const HttpReply wrongPassword = anonymous.send("POST", "/login", credentials(QStringLiteral("staff@school.test"), QStringLiteral("not the password at all")));
    const HttpReply unknownEmail = anonymous.send("POST", "/login", credentials(QStringLiteral("nobody@school.test"), QStringLiteral("not the password at all")));

    QVERIFY_ERROR_REPLY(wrongPassword, 401, QStringLiteral("invalid_credentials"));
    QVERIFY_ERROR_REPLY(unknownEmail, 401, QStringLiteral("invalid_credentials"));
    QCOMPARE(withoutRequestId(wrongPassword.json()), withoutRequestId(unknownEmail.json()));
    QVERIFY(wrongPassword.json().value(QStringLiteral("requestId")) != unknownEmail.json().value(QStringLiteral("requestId")));
    QCOMPARE(wrongPassword.header("WWW-Authenticate"), unknownEmail.header("WWW-Authenticate"));
}

void TestApiAuth::loginRequiresEmailAndPassword_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("empty object") << QByteArray("{}") << QStringList{"email", "password"};
    QTest::newRow("no password") << QByteArray(R"({"email":"staff@school.test"})") << QStringList{"password"};
    QTest::newRow("password a number") << QByteArray(R"({"email":"staff@school.test","password":12})") << QStringList{"password"};
}

void TestApiAuth::loginRequiresEmailAndPassword()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, fields);

    const HttpReply reply = ApiClient(m_server->port()).raw("POST", "/login", body, "application/json");

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    QCOMPARE(detailFields(reply), fields);
}

void TestApiAuth::meAnswersTheSignedInUser()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/me");

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));
    const QString problem = userShapeProblem(reply.json());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(reply.json().value(QStringLiteral("id")).toInteger(), m_accounts->viewer.id);
    QCOMPARE(reply.json().value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port()).get("/me"), 401, QStringLiteral("unauthorized"));
}

void TestApiAuth::dashboardAnswersUserAndStats()
{
    const HttpReply students = ApiClient(m_server->port(), m_accounts->viewerToken).get("/students?limit=1");

    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).get("/dashboard");

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("message")).toString(), QStringLiteral("Welcome to secure dashboard"));
    const QJsonObject user = reply.json().value(QStringLiteral("user")).toObject();
    const QString problem = userShapeProblem(user);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(user.value(QStringLiteral("email")).toString(), QStringLiteral("viewer@school.test"));
    QVERIFY(reply.json().value(QStringLiteral("stats")).isObject());
    QCOMPARE(reply.json().value(QStringLiteral("stats")).toObject().value(QStringLiteral("students")).toInteger(),
             students.header("X-Total-Count").toLongLong());
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port()).get("/dashboard"), 401, QStringLiteral("unauthorized"));
}

void TestApiAuth::logoutEndsThatTokenOnly()
{
    const QByteArray first = login(m_server->port(), QStringLiteral("staff@school.test"));
    const QByteArray second = login(m_server->port(), QStringLiteral("staff@school.test"));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QCOMPARE(ApiClient(m_server->port(), first).get("/me").status, 200);

    const HttpReply reply = ApiClient(m_server->port(), first).raw("POST", "/logout", {}, {});

    QCOMPARE(reply.status, 204);
    QVERIFY(reply.body.isEmpty());
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), first).get("/me"), 401, QStringLiteral("unauthorized"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), first).raw("POST", "/logout", {}, {}), 401, QStringLiteral("unauthorized"));
    QCOMPARE(ApiClient(m_server->port(), second).get("/me").status, 200);
}

void TestApiAuth::changePasswordEndsEveryEarlierToken()
{
    QVERIFY(createUser(*m_server, QStringLiteral("changer@school.test"), Role::Staff));
    const QByteArray first = login(m_server->port(), QStringLiteral("changer@school.test"));
    const QByteArray second = login(m_server->port(), QStringLiteral("changer@school.test"));
    const QString newPassword = QStringLiteral("a brand new passphrase");

    const HttpReply reply = ApiClient(m_server->port(), second).send("PUT", "/me/password", QJsonObject{
        {QStringLiteral("currentPassword"), AccountPassword}, {QStringLiteral("newPassword"), newPassword}});

    QCOMPARE(reply.status, 204);
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), first).get("/me"), 401, QStringLiteral("unauthorized"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), second).get("/me"), 401, QStringLiteral("unauthorized"));
    QVERIFY(login(m_server->port(), QStringLiteral("changer@school.test")).isEmpty());
    const QByteArray fresh = login(m_server->port(), QStringLiteral("changer@school.test"), newPassword);
    QVERIFY(!fresh.isEmpty());
    QCOMPARE(ApiClient(m_server->port(), fresh).get("/me").status, 200);
}

void TestApiAuth::changePasswordRefusesWrongCurrentPassword()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).send("PUT", "/me/password", QJsonObject{
        {QStringLiteral("currentPassword"), QStringLiteral("this is not my password")},
        {QStringLiteral("newPassword"), QStringLiteral("another long passphrase")}});

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    QCOMPARE(detailFields(reply), QStringList{"currentPassword"});
    QCOMPARE(ApiClient(m_server->port(), m_accounts->viewerToken).get("/me").status, 200);
}

void TestApiAuth::changePasswordRefusesShortNewPassword()
{
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->viewerToken).send("PUT", "/me/password", QJsonObject{
        {QStringLiteral("currentPassword"), AccountPassword}, {QStringLiteral("newPassword"), QStringLiteral("elevenchars")}});

    QVERIFY_ERROR_REPLY(reply, 422, QStringLiteral("validation_failed"));
    QCOMPARE(detailFields(reply), QStringList{"newPassword"});
    QVERIFY(!login(m_server->port(), QStringLiteral("viewer@school.test")).isEmpty());
}

void TestApiAuth::registerIsForAdminsByDefault()
{
    const QJsonObject body{{QStringLiteral("email"), QStringLiteral("Registered@School.test")},
                           {QStringLiteral("password"), AccountPassword},
                           {QStringLiteral("name"), QStringLiteral("Reg")},
                           {QStringLiteral("role"), QStringLiteral("staff")}};

    QVERIFY_ERROR_REPLY(ApiClient(m_server->port()).send("POST", "/register", body), 401, QStringLiteral("unauthorized"));
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), m_accounts->staffToken).send("POST", "/register", body), 403,
                        QStringLiteral("forbidden"));
    const HttpReply reply = ApiClient(m_server->port(), m_accounts->adminToken).send("POST", "/register", body);

    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value(QStringLiteral("message")).toString(), QStringLiteral("User registered successfully"));
    const QJsonObject user = reply.json().value(QStringLiteral("data")).toObject();
    const QString problem = userShapeProblem(user);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(user.value(QStringLiteral("email")).toString(), QStringLiteral("registered@school.test"));
    QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("staff"));
    QVERIFY(!login(m_server->port(), QStringLiteral("registered@school.test")).isEmpty());
    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), m_accounts->adminToken).send("POST", "/register", body), 409,
                        QStringLiteral("conflict"));
}

void TestApiAuth::selfRegistrationMakesViewers()
{
    const auto open = TestServer::start(apiServerFlags({QStringLiteral("--allow-registration"), QStringLiteral("true")}));
    QVERIFY(open);
    const QJsonObject body{{QStringLiteral("email"), QStringLiteral("self@school.test")}, {QStringLiteral("password"), AccountPassword}};
    QJsonObject withRole = body;
    withRole.insert(QStringLiteral("role"), QStringLiteral("admin"));

    const HttpReply refused = ApiClient(open->port()).send("POST", "/register", withRole);
    const HttpReply reply = ApiClient(open->port()).send("POST", "/register", body);

    QVERIFY_ERROR_REPLY(refused, 422, QStringLiteral("validation_failed"));
    QCOMPARE(detailFields(refused), QStringList{"role"});
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value(QStringLiteral("message")).toString(), QStringLiteral("User registered successfully"));
    const QJsonObject user = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
    const QString problem = userShapeProblem(user);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QByteArray token = login(open->port(), QStringLiteral("self@school.test"));
    QVERIFY(!token.isEmpty());
    QCOMPARE(ApiClient(open->port(), token).get("/students").status, 200);
    QVERIFY_ERROR_REPLY(ApiClient(open->port(), token).send("POST", "/students", QJsonObject{
        {QStringLiteral("name"), QStringLiteral("N")}, {QStringLiteral("course"), QStringLiteral("C")}}), 403, QStringLiteral("forbidden"));
}

void TestApiAuth::authorizationForms_data()
{
    QTest::addColumn<QByteArray>("form"); // %1 is the token
    QTest::addColumn<int>("status");

    QTest::newRow("Bearer <token>") << QByteArray("Bearer %1") << 200;
    QTest::newRow("bare <token>, as the course sends it") << QByteArray("%1") << 200;
    QTest::newRow("bearer in lower case") << QByteArray("bearer %1") << 200;
    QTest::newRow("Basic <token>") << QByteArray("Basic %1") << 401;
    QTest::newRow("Token <token>") << QByteArray("Token %1") << 401;
    QTest::newRow("Bearer alone") << QByteArray("Bearer") << 401;
    QTest::newRow("Bearer <token> and more") << QByteArray("Bearer %1 extra") << 401;
    QTest::newRow("Bearer <token>x") << QByteArray("Bearer %1x") << 401;
    QTest::newRow("Basic credentials") << QByteArray("Basic dmlld2VyQHNjaG9vbC50ZXN0OnB3") << 401;
}

void TestApiAuth::authorizationForms()
{
    QFETCH(QByteArray, form);
    QFETCH(int, status);
    const QByteArray value = form.replace("%1", m_accounts->viewerToken);

    const HttpReply reply = ApiClient(m_server->port()).get("/me", "Authorization: " + value + "\r\n");

    if (status == 401)
        QVERIFY_ERROR_REPLY(reply, 401, QStringLiteral("unauthorized"));
    else
        QCOMPARE(reply.status, status);
}

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_api_auth.moc"

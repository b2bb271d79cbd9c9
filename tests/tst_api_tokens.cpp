// Tokens over HTTP: each of the five ways a token stops working (logout, password change,
// role change, disable, delete) takes effect at the very next request, and hostile tokens
// (a representative part of tst_jwt's table, plus oversized headers) get 401, never a 5xx.
#include "api_client.h"

#include <QMessageAuthenticationCode>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray segment(const QJsonObject &object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// header.payload.signature, signed like the server signs (or with another algorithm or key).
QByteArray forge(const QJsonObject &header, const QJsonObject &claims,
                 QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256, const QByteArray &key = TestJwtSecret)
{
    const QByteArray input = segment(header) + '.' + segment(claims);
    return input + '.' + b64(QMessageAuthenticationCode::hash(input, key, algorithm));
}

QJsonObject hs256()
{
    return {{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
}

// The claims of `token` (as the server wrote them).
QJsonObject claimsOf(const QByteArray &token)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(token.split('.').value(1), QByteArray::Base64UrlEncoding)).object();
}

QJsonObject with(QJsonObject claims, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        claims.remove(key);
    else
        claims.insert(key, value);
    return claims;
}

} // namespace

class TestApiTokens final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void tokenStopsWorkingAtOnce_data();
    void tokenStopsWorkingAtOnce();
    void forgedClaimsNeedTheSessionToo();
    void hostileTokensAre401_data();
    void hostileTokensAre401();

private:
    std::unique_ptr<TestServer> m_server;
    std::optional<Accounts> m_accounts;
};

void TestApiTokens::initTestCase()
{
    m_server = TestServer::start(apiServerFlags());
    QVERIFY(m_server);
    m_accounts = createAccounts(*m_server);
    QVERIFY(m_accounts);
}

void TestApiTokens::cleanupTestCase()
{
    m_server.reset();
}

void TestApiTokens::tokenStopsWorkingAtOnce_data()
{
    QTest::addColumn<QString>("way");
    QTest::addColumn<bool>("otherTokensToo"); // does every token of the user end, or only the one used?

    QTest::newRow("logout") << QStringLiteral("logout") << false;
    QTest::newRow("password change") << QStringLiteral("password") << true;
    QTest::newRow("role change") << QStringLiteral("role") << true;
    QTest::newRow("disable") << QStringLiteral("disable") << true;
    QTest::newRow("delete") << QStringLiteral("delete") << true;
}

void TestApiTokens::tokenStopsWorkingAtOnce()
{
    QFETCH(QString, way);
    QFETCH(bool, otherTokensToo);
    const QString email = QStringLiteral("revoked-%1@school.test").arg(way);
    const std::optional<User> user = createUser(*m_server, email, Role::Staff);
    QVERIFY(user);
    const QByteArray token = login(m_server->port(), email);
    const QByteArray other = login(m_server->port(), email);
    QVERIFY(!token.isEmpty() && !other.isEmpty());
    // Both are in use, so any cache of their sessions is warm.
    QCOMPARE(ApiClient(m_server->port(), token).get("/students").status, 200);
    QCOMPARE(ApiClient(m_server->port(), other).get("/students").status, 200);
    const ApiClient admin(m_server->port(), m_accounts->adminToken);
    const QByteArray userPath = "/users/" + QByteArray::number(user->id);

    HttpReply done;
    if (way == QLatin1String("logout"))
        done = ApiClient(m_server->port(), token).raw("POST", "/logout", {}, {});
    else if (way == QLatin1String("password"))
        done = ApiClient(m_server->port(), other).send("PUT", "/me/password", QJsonObject{
            {QStringLiteral("currentPassword"), AccountPassword}, {QStringLiteral("newPassword"), QStringLiteral("quite another passphrase")}});
    else if (way == QLatin1String("role"))
        done = admin.send("PATCH", userPath, QJsonObject{{QStringLiteral("role"), QStringLiteral("viewer")}});
    else if (way == QLatin1String("disable"))
        done = admin.send("PATCH", userPath, QJsonObject{{QStringLiteral("active"), false}});
    else
        done = admin.remove(userPath);
    QVERIFY2(done.status == 200 || done.status == 204, done.body.constData());

    QVERIFY_ERROR_REPLY(ApiClient(m_server->port(), token).get("/students"), 401, QStringLiteral("unauthorized"));
    const HttpReply second = ApiClient(m_server->port(), other).get("/students");
    if (otherTokensToo)
        QVERIFY_ERROR_REPLY(second, 401, QStringLiteral("unauthorized"));
    else
        QCOMPARE(second.status, 200);
}

void TestApiTokens::forgedClaimsNeedTheSessionToo()
{
    // Even signed with the real secret, a token whose jti is no session of ours is refused:
    // the key alone does not make a session.
    QJsonObject claims = claimsOf(m_accounts->adminToken);
    claims.insert(QStringLiteral("jti"), QStringLiteral("invented-session"));
    QCOMPARE(ApiClient(m_server->port(), m_accounts->adminToken).get("/users").status, 200);

    const HttpReply reply = ApiClient(m_server->port(), forge(hs256(), claims)).get("/users");

    QVERIFY_ERROR_REPLY(reply, 401, QStringLiteral("unauthorized"));
}

void TestApiTokens::hostileTokensAre401_data()
{
    QTest::addColumn<QByteArray>("authorization"); // the whole header value
    QTest::addColumn<int>("status");

    const QByteArray good = m_accounts->staffToken;
    const QList<QByteArray> parts = good.split('.');
    const QJsonObject claims = claimsOf(good);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto none = [](const char *alg) {
        return segment(QJsonObject{{QStringLiteral("alg"), QLatin1String(alg)}, {QStringLiteral("typ"), QStringLiteral("JWT")}});
    };

    QTest::newRow("alg none, empty signature") << "Bearer " + none("none") + '.' + parts.at(1) + '.' << 401;
    QTest::newRow("alg nOnE, original signature") << "Bearer " + none("nOnE") + '.' + parts.at(1) + '.' + parts.at(2) << 401;
    QTest::newRow("alg HS384 under the real key")
        << "Bearer " + forge({{QStringLiteral("alg"), QStringLiteral("HS384")}}, claims, QCryptographicHash::Sha384) << 401;
    QTest::newRow("HS256 under another key") << "Bearer " + forge(hs256(), claims, QCryptographicHash::Sha256, QByteArray(40, 'k')) << 401;
    QTest::newRow("role raised, signature kept")
        << "Bearer " + parts.at(0) + '.' + segment(with(claims, QStringLiteral("role"), QStringLiteral("admin"))) + '.' + parts.at(2) << 401;
    QTest::newRow("expired, correctly signed") << "Bearer " + forge(hs256(), with(claims, QStringLiteral("exp"), now - 1)) << 401;
    QTest::newRow("no exp, correctly signed") << "Bearer " + forge(hs256(), with(claims, QStringLiteral("exp"), QJsonValue::Undefined)) << 401;
    QTest::newRow("another user's id, correctly signed")
        << "Bearer " + forge(hs256(), with(claims, QStringLiteral("sub"), QString::number(m_accounts->admin.id))) << 401;
    QTest::newRow("two segments") << "Bearer " + parts.at(0) + '.' + parts.at(1) << 401;
    QTest::newRow("four segments") << "Bearer " + good + ".x" << 401;
    QTest::newRow("empty segments") << QByteArray("Bearer ..") << 401;
    QTest::newRow("not base64") << QByteArray("Bearer !!!.@@@.###") << 401;
    QTest::newRow("signature cut short") << "Bearer " + good.chopped(2) << 401;
    QTest::newRow("header not JSON") << "Bearer " + b64("{alg:HS256") + '.' + parts.at(1) + '.' + parts.at(2) << 401;
    QTest::newRow("token of 8 KiB") << "Bearer " + forge(hs256(), with(claims, QStringLiteral("pad"), QString(8192, u'p'))) << 401;
    QTest::newRow("Authorization of 60 KiB") << "Bearer " + QByteArray(60 * 1024, 'a') << 401;
    // Request line and headers over MAX_HEADERS (64 KiB): refused before any parsing.
    QTest::newRow("Authorization of 64 KiB") << "Bearer " + QByteArray(64 * 1024, 'a') << 431;
}

void TestApiTokens::hostileTokensAre401()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);

    for (const QByteArray &target : {QByteArray("/me"), QByteArray("/students"), QByteArray("/")}) {
        const HttpReply reply = ApiClient(m_server->port()).get(target, "Authorization: " + authorization + "\r\n");
        QVERIFY2(reply.status > 0 && reply.status < 500, qPrintable(QStringLiteral("%1 on %2").arg(reply.status).arg(QString::fromLatin1(target))));
        QVERIFY_ERROR_REPLY(reply, status, status == 401 ? QStringLiteral("unauthorized") : QStringLiteral("headers_too_large"));
    }
    // The server is still fine.
    QCOMPARE(ApiClient(m_server->port(), m_accounts->staffToken).get("/me").status, 200);
}

QTEST_GUILESS_MAIN(TestApiTokens)
#include "tst_api_tokens.moc"

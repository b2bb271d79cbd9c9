#include "checks.h"
#include "jwt.h"
#include "verified_tokens.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace academy;

Q_DECLARE_METATYPE(academy::Role)

// JwtCodec: HS256 tokens round-trip; the attacks of RFC 8725 and the OWASP JWT cheat sheet fail.
namespace {

const QByteArray kSecret = QByteArrayLiteral("0123456789abcdef0123456789abcdef");
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1795600000, Qt::UTC);
const QByteArray kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray mac(const QByteArray &input, QCryptographicHash::Algorithm algorithm,
               const QByteArray &key = kSecret)
{
    return b64(QMessageAuthenticationCode::hash(input, key, algorithm));
}

// header.payload.signature, the signature an HMAC with `algorithm` under `key`: what an
// attacker who knows (or guesses) the key material would send.
QByteArray forge(const QByteArray &header, const QByteArray &payload,
                 QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256,
                 const QByteArray &key = kSecret)
{
    const QByteArray input = b64(header) + '.' + b64(payload);
    return input + '.' + mac(input, algorithm, key);
}

QJsonObject goodClaims()
{
    const qint64 now = kNow.toSecsSinceEpoch();
    return QJsonObject{
        {"sub", "42"},     {"email", "ada@school.org"}, {"role", "staff"},
        {"iat", now - 10}, {"exp", now + 3600},         {"jti", "session-1"},
    };
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray withClaim(const QString &name, const QJsonValue &value)
{
    QJsonObject claims = goodClaims();
    if (value.isUndefined())
        claims.remove(name);
    else
        claims.insert(name, value);
    return json(claims);
}

QByteArray goodToken()
{
    return forge(kHs256Header, json(goodClaims()));
}

QList<QByteArray> segmentsOf(const QByteArray &token)
{
    return token.split('.');
}

QByteArray joined(const QList<QByteArray> &segments)
{
    return segments.join('.');
}

// A character of a base64url string moved `step` places along the alphabet.
QByteArray shifted(QByteArray text, qsizetype index, int step)
{
    static const QByteArray alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    text[index] = alphabet.at((alphabet.indexOf(text.at(index)) + step) % 64);
    return text;
}

// A correctly signed, otherwise valid token of exactly `size` bytes (a padding claim).
QByteArray tokenOfSize(qsizetype size)
{
    for (qsizetype padding = 0; padding < size; ++padding) {
        const QByteArray token = forge(kHs256Header, withClaim("pad", QString(padding, u'p')));
        if (token.size() == size)
            return token;
    }
    qFatal("no token of that size");
    return {};
}

void addHostileRow(const char *name, const QByteArray &token)
{
    QTest::newRow(name) << token;
}

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private slots:
    void signThenVerifyPreservesClaims_data();
    void signThenVerifyPreservesClaims();
    void signWritesStandardHeaderAndIntegerDates();
    void verifyAcceptsTolerableVariants_data();
    void verifyAcceptsTolerableVariants();
    void expiredTokenSaysSo_data();
    void expiredTokenSaysSo();
    void hostileTokensAreRefused_data();
    void hostileTokensAreRefused();
    void tokenFromAuthorization_data();
    void tokenFromAuthorization();
    void verifiedTokensRecheckExpiry();
    void verifiedTokensStayBounded();
};

void TestJwt::signThenVerifyPreservesClaims_data()
{
    QTest::addColumn<qint64>("userId");
    QTest::addColumn<QString>("email");
    QTest::addColumn<Role>("role");

    QTest::newRow("viewer") << qint64(1) << "v@school.org" << Role::Viewer;
    QTest::newRow("staff") << qint64(42) << "ada@school.org" << Role::Staff;
    QTest::newRow("admin, large id") << qint64(9007199254740991) << "root@x.io" << Role::Admin;
    QTest::newRow("Unicode email")
        << qint64(7) << QString::fromUtf8("jörg@exämple.de") << Role::Staff;
}

void TestJwt::signThenVerifyPreservesClaims()
{
    QFETCH(qint64, userId);
    QFETCH(QString, email);
    QFETCH(Role, role);
    const JwtCodec codec(kSecret);
    TokenClaims claims;
    claims.userId = userId;
    claims.email = email;
    claims.role = role;
    claims.issuedAt = kNow.addSecs(-5);
    claims.expiresAt = kNow.addSecs(3600);
    claims.jti = "3f2a9c1e-session";

    const Result<TokenClaims> verified = codec.verify(codec.sign(claims), kNow);

    QVERIFY_OK(verified);
    QCOMPARE(verified->userId, userId);
    QCOMPARE(verified->email, email);
    QCOMPARE(verified->role, role);
    QCOMPARE(verified->issuedAt, claims.issuedAt);
    QCOMPARE(verified->expiresAt, claims.expiresAt);
    QCOMPARE(verified->jti, claims.jti);
}

void TestJwt::signWritesStandardHeaderAndIntegerDates()
{
    TokenClaims claims;
    claims.userId = 42;
    claims.issuedAt = kNow;
    claims.expiresAt = kNow.addSecs(3600);
    claims.jti = "s";

    const QList<QByteArray> segments = segmentsOf(JwtCodec(kSecret).sign(claims));

    QCOMPARE(segments.size(), 3);
    QCOMPARE(segments.at(0), b64(kHs256Header));
    const QByteArray payload =
        QByteArray::fromBase64(segments.at(1), QByteArray::Base64UrlEncoding);
    QVERIFY2(payload.contains("\"exp\":1795603600,"), payload.constData());
    QVERIFY2(payload.contains("\"iat\":1795600000,"), payload.constData());
    QVERIFY2(payload.contains("\"sub\":\"42\""), payload.constData());
}

void TestJwt::verifyAcceptsTolerableVariants_data()
{
    QTest::addColumn<QByteArray>("token");

    QTest::newRow("as forged here, unmodified") << goodToken();
    QTest::newRow("sub as a JSON integer") << forge(kHs256Header, withClaim("sub", 42));
    QTest::newRow("no typ") << forge(R"({"alg":"HS256"})", json(goodClaims()));
    QTest::newRow("typ in lower case")
        << forge(R"({"alg":"HS256","typ":"jwt"})", json(goodClaims()));
    QTest::newRow("a kid, ignored") << forge(R"({"kid":"k1","alg":"HS256"})", json(goodClaims()));
    QTest::newRow("iat 60 s ahead (clock skew)")
        << forge(kHs256Header, withClaim("iat", kNow.toSecsSinceEpoch() + 60));
    QTest::newRow("exactly MaxTokenBytes") << tokenOfSize(JwtCodec::MaxTokenBytes);
}

void TestJwt::verifyAcceptsTolerableVariants()
{
    QFETCH(QByteArray, token);

    const Result<TokenClaims> verified = JwtCodec(kSecret).verify(token, kNow);

    QVERIFY_OK(verified);
    QCOMPARE(verified->userId, qint64(42));
}

void TestJwt::expiredTokenSaysSo_data()
{
    QTest::addColumn<qint64>("expiresIn");

    QTest::newRow("expires now") << qint64(0);
    QTest::newRow("expired a second ago") << qint64(-1);
    QTest::newRow("expired a day ago") << qint64(-86400);
}

void TestJwt::expiredTokenSaysSo()
{
    QFETCH(qint64, expiresIn);
    const QByteArray token =
        forge(kHs256Header, withClaim("exp", kNow.toSecsSinceEpoch() + expiresIn));

    const Result<TokenClaims> verified = JwtCodec(kSecret).verify(token, kNow);

    QVERIFY_ERROR(verified, ErrorCode::Unauthorized);
    QCOMPARE(verified.error().message, QStringLiteral("Token expired"));
}

// RFC 8725 §2-3 and the OWASP JWT cheat sheet. Each row is one attack; none may pass, and the
// answer never says more than "Invalid token" or "Token expired".
void TestJwt::hostileTokensAreRefused_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray claims = json(goodClaims());
    const QList<QByteArray> good = segmentsOf(goodToken());
    const QByteArray payloadAndSignature = good.at(1) + '.' + good.at(2);
    const auto sha256 = QCryptographicHash::Sha256;

    // "alg":"none" in its spellings: with no signature, and with the genuine token's.
    for (const char *alg : {"none", "None", "NONE", "nOnE"}) {
        const QByteArray header = b64(QByteArray(R"({"alg":")") + alg + R"(","typ":"JWT"})");
        addHostileRow(qPrintable(QStringLiteral("alg %1, empty signature").arg(alg)),
                      header + '.' + good.at(1) + '.');
        addHostileRow(qPrintable(QStringLiteral("alg %1, original signature").arg(alg)),
                      header + '.' + payloadAndSignature);
    }
    addHostileRow("alg none, valid HMAC over its own input", forge(R"({"alg":"none"})", claims));
    addHostileRow("alg HS384",
                  forge(R"({"alg":"HS384","typ":"JWT"})", claims, QCryptographicHash::Sha384));
    addHostileRow("alg HS512",
                  forge(R"({"alg":"HS512","typ":"JWT"})", claims, QCryptographicHash::Sha512));
    addHostileRow("alg RS256 with the secret as HMAC key (key confusion)",
                  forge(R"({"alg":"RS256","typ":"JWT"})", claims, sha256));
    addHostileRow("alg ES256", forge(R"({"alg":"ES256","typ":"JWT"})", claims, sha256));
    addHostileRow("alg hs256 in lower case", forge(R"({"alg":"hs256"})", claims));
    addHostileRow("alg missing", forge(R"({"typ":"JWT"})", claims));
    addHostileRow("alg not a string", forge(R"({"alg":["HS256"]})", claims));
    addHostileRow("header not JSON", forge("HS256", claims));
    addHostileRow("header a JSON array", forge(R"([{"alg":"HS256"}])", claims));
    addHostileRow("header with crit", forge(R"({"alg":"HS256","crit":["exp"]})", claims));
    addHostileRow("typ not JWT", forge(R"({"alg":"HS256","typ":"JWE"})", claims));
    addHostileRow("duplicate alg, none first", forge(R"({"alg":"none","alg":"HS256"})", claims));
    addHostileRow("duplicate alg, escaped spelling",
                  forge(R"({"alg":"none","\u0061lg":"HS256"})", claims));

    addHostileRow("payload tampered (role admin), original signature",
                  good.at(0) + '.' + b64(withClaim("role", "admin")) + '.' + good.at(2));
    addHostileRow("signature, one character flipped",
                  joined({good.at(0), good.at(1), shifted(good.at(2), 10, 1)}));
    // The last of 43 characters carries 4 signature bits and 2 unused ones: only a canonical
    // decoder notices this change.
    addHostileRow("signature, unused bits of the last character set",
                  joined({good.at(0), good.at(1), shifted(good.at(2), 42, 1)}));
    addHostileRow("signature truncated", joined({good.at(0), good.at(1), good.at(2).chopped(2)}));
    addHostileRow("signature empty", good.at(0) + '.' + good.at(1) + '.');
    addHostileRow("signed with the wrong key",
                  forge(kHs256Header, claims, sha256, QByteArray(32, 'k')));
    addHostileRow("signed with an empty key", forge(kHs256Header, claims, sha256, QByteArray()));

    addHostileRow("exp missing", forge(kHs256Header, withClaim("exp", QJsonValue::Undefined)));
    addHostileRow("exp as a string", forge(kHs256Header, withClaim("exp", "soon")));
    addHostileRow("exp not an integer",
                  forge(kHs256Header, withClaim("exp", kNow.toSecsSinceEpoch() + 0.5)));
    addHostileRow("exp beyond year 9999", forge(kHs256Header, withClaim("exp", 1e15)));
    addHostileRow("iat far in the future",
                  forge(kHs256Header, withClaim("iat", kNow.toSecsSinceEpoch() + 3600)));
    addHostileRow("iat missing", forge(kHs256Header, withClaim("iat", QJsonValue::Undefined)));
    addHostileRow("sub missing", forge(kHs256Header, withClaim("sub", QJsonValue::Undefined)));
    addHostileRow("sub zero", forge(kHs256Header, withClaim("sub", "0")));
    addHostileRow("sub negative", forge(kHs256Header, withClaim("sub", "-42")));
    addHostileRow("sub not a number", forge(kHs256Header, withClaim("sub", "ada")));
    addHostileRow("sub fractional", forge(kHs256Header, withClaim("sub", 42.5)));
    addHostileRow("role unknown (root)", forge(kHs256Header, withClaim("role", "root")));
    addHostileRow("email missing", forge(kHs256Header, withClaim("email", QJsonValue::Undefined)));
    addHostileRow("jti missing", forge(kHs256Header, withClaim("jti", QJsonValue::Undefined)));
    addHostileRow("jti empty", forge(kHs256Header, withClaim("jti", "")));
    addHostileRow("jti of 129 characters",
                  forge(kHs256Header, withClaim("jti", QString(129, u'j'))));
    addHostileRow("payload not JSON, signed", forge(kHs256Header, "sub=42"));
    addHostileRow("payload a JSON array, signed", forge(kHs256Header, "[" + claims + "]"));

    addHostileRow("empty string", QByteArray());
    addHostileRow("two segments", good.at(0) + '.' + good.at(1));
    addHostileRow("four segments", goodToken() + '.' + good.at(2));
    addHostileRow("empty header segment", '.' + payloadAndSignature);
    addHostileRow("whitespace around the token", ' ' + goodToken() + ' ');
    addHostileRow("whitespace around a segment",
                  good.at(0) + ". " + good.at(1) + " ." + good.at(2));
    addHostileRow("padding '=' in a segment", joined({good.at(0), good.at(1), good.at(2) + '='}));
    addHostileRow("standard base64 '+' and '/'",
                  joined({good.at(0), good.at(1),
                          QByteArray(good.at(2)).replace('-', '+').replace('_', '/') + "+/"}));
    addHostileRow("huge token (MaxTokenBytes + 1)", tokenOfSize(JwtCodec::MaxTokenBytes + 1));
}

void TestJwt::hostileTokensAreRefused()
{
    QFETCH(QByteArray, token);

    const Result<TokenClaims> verified = JwtCodec(kSecret).verify(token, kNow);

    QVERIFY_ERROR(verified, ErrorCode::Unauthorized);
    QVERIFY2(verified.error().message == QStringLiteral("Invalid token") ||
                 verified.error().message == QStringLiteral("Token expired"),
             qPrintable(verified.error().message));
    QVERIFY(verified.error().details.isEmpty());
}

void TestJwt::tokenFromAuthorization_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("Bearer") << QByteArray("Bearer abc.def.ghi") << QByteArray("abc.def.ghi");
    QTest::newRow("bearer, lower case")
        << QByteArray("bearer abc.def.ghi") << QByteArray("abc.def.ghi");
    QTest::newRow("BEARER, upper case")
        << QByteArray("BEARER abc.def.ghi") << QByteArray("abc.def.ghi");
    QTest::newRow("several spaces")
        << QByteArray("Bearer    abc.def.ghi") << QByteArray("abc.def.ghi");
    QTest::newRow("surrounding whitespace")
        << QByteArray("  Bearer abc.def.ghi \t") << QByteArray("abc.def.ghi");
    QTest::newRow("bare token") << QByteArray("abc.def.ghi") << QByteArray("abc.def.ghi");
    QTest::newRow("bare token, trimmed")
        << QByteArray("  abc.def.ghi  ") << QByteArray("abc.def.ghi");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("only spaces") << QByteArray("   ") << QByteArray();
    QTest::newRow("Bearer without token") << QByteArray("Bearer ") << QByteArray();
    QTest::newRow("Basic") << QByteArray("Basic dXNlcjpwYXNz") << QByteArray();
    QTest::newRow("Digest") << QByteArray("Digest username=\"a\"") << QByteArray();
    QTest::newRow("Bearer with two words") << QByteArray("Bearer abc def") << QByteArray();
    QTest::newRow("Bearerabc, no space")
        << QByteArray("Bearerabc.def.ghi") << QByteArray("Bearerabc.def.ghi");
}

void TestJwt::tokenFromAuthorization()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, expected);

    QCOMPARE(academy::tokenFromAuthorization(header), expected);
}

void TestJwt::verifiedTokensRecheckExpiry()
{
    VerifiedTokens verified;
    TokenClaims claims;
    claims.userId = 7;
    claims.jti = "session-7";
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
    verified.store("aaa.bbb.ccc", claims);

    const std::optional<TokenClaims> found = verified.find("aaa.bbb.ccc", 999'999);
    QVERIFY(found);
    QCOMPARE(found->userId, 7);
    QCOMPARE(found->jti, QByteArray("session-7"));
    // The same bytes only: a token differing in one character is unknown.
    QVERIFY(!verified.find("aaa.bbb.ccd", 999'999));
    // At and past "exp" the token is not served from here (the codec then says "expired").
    QVERIFY(!verified.find("aaa.bbb.ccc", 1'000'000));
    QVERIFY(!verified.find("aaa.bbb.ccc", 2'000'000));
}

void TestJwt::verifiedTokensStayBounded()
{
    VerifiedTokens verified;
    TokenClaims claims;
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
    for (qsizetype i = 0; i < VerifiedTokens::Capacity; ++i)
        verified.store(QByteArray::number(i), claims);
    QVERIFY(verified.find("0", 0));
    verified.store("one more", claims); // full: everything before is forgotten
    QVERIFY(!verified.find("0", 0));
    QVERIFY(verified.find("one more", 0));
}

QTEST_APPLESS_MAIN(TestJwt)

#include "tst_jwt.moc"

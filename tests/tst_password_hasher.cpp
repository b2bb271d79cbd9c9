#include "checks.h"
#include "password_hasher.h"

#include <QElapsedTimer>
#include <QTest>
#include <memory>
#include <sodium.h>

using namespace academy;

// PasswordHasher: Argon2id for new hashes, legacy bcrypt still accepted, anything else refused.
namespace {

using Verdict = PasswordHasher::Verdict;

const QString kLegacyPassword = QStringLiteral("legacy-node-password");

// Legacy vectors made by other bcrypt implementations than the libxcrypt we verify with,
// all of the password kLegacyPassword, on 2026-11-25:
//   $2y$: htpasswd -bnBC 10 "" legacy-node-password   (apache2-utils 2.4.71, APR's bcrypt)
//   $2a$, $2b$: python3 -c "import bcrypt; print(bcrypt.hashpw(b'legacy-node-password',
//           bcrypt.gensalt(rounds=10, prefix=b'2a')))"   (Debian python3-bcrypt 3.2.2;
//           likewise prefix=b'2b', and rounds=4 for the cheapest cost bcrypt allows)
const char *const kBcrypt2y = "$2y$10$qLL1WQTppxuW27nCKB0mHuVAU.a0uW.T3gymm62S5S85n8FB9T6ka";
const char *const kBcrypt2a = "$2a$10$waiXrt8IsYu5Iy8qx1KYs.SACXL4t.w3zYsLqBV/z/UDKbfr2xAfq";
const char *const kBcrypt2b = "$2b$10$WBYWZWN9G/UWM53kYYTmwORmE2Es6pvulBhKLfk50dBc4hiQyS1pK";
const char *const kBcrypt2bCost4 = "$2b$04$yqLrxfh9FE9AWinJMv0fDuHjq7FbmPfWrJo2PNbdyez1L6HO3Envq";

// Hashes of kLegacyPassword in crypt(3) schemes we do not accept, although libxcrypt would:
//   openssl passwd -1 -salt saltsalt legacy-node-password      (MD5-crypt)
//   openssl passwd -6 -salt saltsaltsalt legacy-node-password  (SHA-512-crypt)
//   libxcrypt crypt("legacy-node-password", "pl")              (traditional DES)
const char *const kMd5Crypt = "$1$saltsalt$5EkyE4xYz5BwO1CcwgoHg1";
const char *const kSha512Crypt = "$6$saltsaltsalt$HNqi5WylnVxVKz6QJMmp7DtZuvjM0gDOyJb9IS8mqYsMUd"
                                 "enOVbUk5LTso8aNNdqf0zU5Q/IPqIOd/v6SAT/S/";
const char *const kDesCrypt = "plDkYC1SQNm0M";

QString unicodePassword()
{
    return QString::fromUtf8("pässwörd-ßå日本語");
}

// A hash made by libsodium directly, with other parameters or another algorithm than ours.
QString sodiumHash(const QString &password, unsigned long long ops, size_t memory, int algorithm)
{
    const QByteArray bytes = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, bytes.constData(), size_t(bytes.size()), ops, memory,
                              algorithm) != 0)
        qFatal("crypto_pwhash_str_alg failed");
    return QString::fromLatin1(out);
}

QString ourPrefix(PasswordHasher::Parameters parameters)
{
    return QStringLiteral("$argon2id$v=19$m=%1,t=%2,p=1$")
        .arg(parameters.memLimitBytes / 1024)
        .arg(parameters.opsLimit);
}

} // namespace

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaultParametersMeetOwaspMinimum();
    void hashThenVerifyMatches_data();
    void hashThenVerifyMatches();
    void wrongPasswordMismatches_data();
    void wrongPasswordMismatches();
    void hashNamesArgon2idAndOurParameters();
    void hashingTwiceGivesDifferentSalts();
    void argon2idWithOtherParametersNeedsRehash_data();
    void argon2idWithOtherParametersNeedsRehash();
    void argon2idWithOtherParametersRejectsWrongPassword();
    void legacyBcryptNeedsRehash_data();
    void legacyBcryptNeedsRehash();
    void legacyBcryptRejectsWrongPassword_data();
    void legacyBcryptRejectsWrongPassword();
    void unacceptableHashesMismatch_data();
    void unacceptableHashesMismatch();
    void dummyHashNeverMatches_data();
    void dummyHashNeverMatches();
    void dummyHashIsOurArgon2id();

private:
    std::unique_ptr<PasswordHasher> m_hasher;
};

void TestPasswordHasher::initTestCase()
{
    QVERIFY(sodium_init() >= 0);
    m_hasher = std::make_unique<PasswordHasher>();

    // Information for whoever tunes defaultParameters(), not a test: timings vary by machine.
    const Result<QString> hash = m_hasher->hash(kLegacyPassword);
    QVERIFY_OK(hash);
    QElapsedTimer timer;
    timer.start();
    const Verdict verdict = m_hasher->verify(kLegacyPassword, hash.value());
    qInfo("one verify with m=%zu MiB, t=%llu took %lld ms",
          m_hasher->parameters().memLimitBytes / (1024 * 1024), m_hasher->parameters().opsLimit,
          timer.elapsed());
    QCOMPARE(verdict, Verdict::Match);
}

void TestPasswordHasher::defaultParametersMeetOwaspMinimum()
{
    const PasswordHasher::Parameters parameters = PasswordHasher::defaultParameters();

    QVERIFY(parameters.memLimitBytes >= 19 * 1024 * 1024);
    QVERIFY(parameters.memLimitBytes <= 64 * 1024 * 1024);
    QVERIFY(parameters.opsLimit >= 2);
}

void TestPasswordHasher::hashThenVerifyMatches_data()
{
    QTest::addColumn<QString>("password");

    QTest::newRow("ASCII") << QStringLiteral("correct horse battery staple");
    QTest::newRow("Unicode") << unicodePassword();
    QTest::newRow("emoji (surrogate pairs)") << QString::fromUtf8("\xF0\x9F\x98\x80 smile please");
    QTest::newRow("128 characters") << QString(128, u'x');
    QTest::newRow("128 three-byte characters") << QString(128, QChar(0x65E5));
}

void TestPasswordHasher::hashThenVerifyMatches()
{
    QFETCH(QString, password);

    const Result<QString> hash = m_hasher->hash(password);

    QVERIFY_OK(hash);
    QCOMPARE(m_hasher->verify(password, hash.value()), Verdict::Match);
}

void TestPasswordHasher::wrongPasswordMismatches_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("attempt");

    QTest::newRow("another password") << QStringLiteral("correct horse battery staple")
                                      << QStringLiteral("incorrect horse battery staple");
    QTest::newRow("case changed") << QStringLiteral("correct horse battery staple")
                                  << QStringLiteral("Correct horse battery staple");
    QTest::newRow("a prefix") << QStringLiteral("correct horse battery staple")
                              << QStringLiteral("correct horse battery");
    QTest::newRow("a trailing space") << QStringLiteral("correct horse battery staple")
                                      << QStringLiteral("correct horse battery staple ");
    QTest::newRow("empty") << QStringLiteral("correct horse battery staple") << QString();
    // Bytes are compared, not text: a client must send the form it registered with.
    QTest::newRow("Unicode, decomposed instead of composed")
        << unicodePassword() << unicodePassword().normalized(QString::NormalizationForm_D);
}

void TestPasswordHasher::wrongPasswordMismatches()
{
    QFETCH(QString, password);
    QFETCH(QString, attempt);

    const Result<QString> hash = m_hasher->hash(password);

    QVERIFY_OK(hash);
    QCOMPARE(m_hasher->verify(attempt, hash.value()), Verdict::Mismatch);
}

void TestPasswordHasher::hashNamesArgon2idAndOurParameters()
{
    const Result<QString> hash = m_hasher->hash(kLegacyPassword);

    QVERIFY_OK(hash);
    QVERIFY2(hash.value().startsWith(QStringLiteral("$argon2id$")), qPrintable(hash.value()));
    QVERIFY2(hash.value().startsWith(ourPrefix(PasswordHasher::defaultParameters())),
             qPrintable(hash.value()));
}

void TestPasswordHasher::hashingTwiceGivesDifferentSalts()
{
    const Result<QString> first = m_hasher->hash(kLegacyPassword);
    const Result<QString> second = m_hasher->hash(kLegacyPassword);

    QVERIFY_OK(first);
    QVERIFY_OK(second);
    QVERIFY(first.value() != second.value());
}

void TestPasswordHasher::argon2idWithOtherParametersNeedsRehash_data()
{
    QTest::addColumn<qulonglong>("ops");
    QTest::addColumn<qulonglong>("memory");

    QTest::newRow("libsodium INTERACTIVE (64 MiB, t=2)")
        << qulonglong(crypto_pwhash_OPSLIMIT_INTERACTIVE)
        << qulonglong(crypto_pwhash_MEMLIMIT_INTERACTIVE);
    QTest::newRow("OWASP minimum (19 MiB, t=2)") << 2ULL << qulonglong(19 * 1024 * 1024);
    QTest::newRow("our memory, one pass fewer")
        << qulonglong(PasswordHasher::defaultParameters().opsLimit - 1)
        << qulonglong(PasswordHasher::defaultParameters().memLimitBytes);
}

void TestPasswordHasher::argon2idWithOtherParametersNeedsRehash()
{
    QFETCH(qulonglong, ops);
    QFETCH(qulonglong, memory);
    const QString hash =
        sodiumHash(kLegacyPassword, ops, size_t(memory), crypto_pwhash_ALG_ARGON2ID13);

    QCOMPARE(m_hasher->verify(kLegacyPassword, hash), Verdict::MatchNeedsRehash);
}

void TestPasswordHasher::argon2idWithOtherParametersRejectsWrongPassword()
{
    const QString hash =
        sodiumHash(kLegacyPassword, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                   crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);

    QCOMPARE(m_hasher->verify(QStringLiteral("legacy-node-passw0rd"), hash), Verdict::Mismatch);
}

void TestPasswordHasher::legacyBcryptNeedsRehash_data()
{
    QTest::addColumn<QString>("hash");

    QTest::newRow("$2y$ (htpasswd)") << QString::fromLatin1(kBcrypt2y);
    QTest::newRow("$2a$ (python bcrypt)") << QString::fromLatin1(kBcrypt2a);
    QTest::newRow("$2b$ (python bcrypt)") << QString::fromLatin1(kBcrypt2b);
    QTest::newRow("$2b$ cost 4 (python bcrypt)") << QString::fromLatin1(kBcrypt2bCost4);
}

void TestPasswordHasher::legacyBcryptNeedsRehash()
{
    QFETCH(QString, hash);

    QCOMPARE(m_hasher->verify(kLegacyPassword, hash), Verdict::MatchNeedsRehash);
}

void TestPasswordHasher::legacyBcryptRejectsWrongPassword_data()
{
    QTest::addColumn<QString>("hash");
    QTest::addColumn<QString>("attempt");

    const QString wrong = QStringLiteral("legacy-node-passw0rd");
    QTest::newRow("$2y$") << QString::fromLatin1(kBcrypt2y) << wrong;
    QTest::newRow("$2a$") << QString::fromLatin1(kBcrypt2a) << wrong;
    QTest::newRow("$2b$") << QString::fromLatin1(kBcrypt2b) << wrong;
    QTest::newRow("$2b$, empty password") << QString::fromLatin1(kBcrypt2b) << QString();
    // crypt(3) reads up to the first NUL; the part after it must not be ignored silently.
    QTest::newRow("$2b$, right password then NUL and more")
        << QString::fromLatin1(kBcrypt2b) << kLegacyPassword + QChar(0) + QStringLiteral("x");
}

void TestPasswordHasher::legacyBcryptRejectsWrongPassword()
{
    QFETCH(QString, hash);
    QFETCH(QString, attempt);

    QCOMPARE(m_hasher->verify(attempt, hash), Verdict::Mismatch);
}

void TestPasswordHasher::unacceptableHashesMismatch_data()
{
    QTest::addColumn<QString>("hash");

    const QString bcrypt2b = QString::fromLatin1(kBcrypt2b);
    QTest::newRow("empty") << QString();
    QTest::newRow("$argon2id$garbage") << QStringLiteral("$argon2id$garbage");
    QTest::newRow("plaintext") << QStringLiteral("plaintext");
    QTest::newRow("the password itself") << kLegacyPassword;
    QTest::newRow("$2b$10$short") << QStringLiteral("$2b$10$short");
    QTest::newRow("bcrypt, unknown $2x$ variant") << QString(bcrypt2b).replace(2, 1, u'x');
    QTest::newRow("bcrypt, cost 31") << QString(bcrypt2b).replace(4, 2, QStringLiteral("31"));
    QTest::newRow("bcrypt, one character longer") << bcrypt2b + u'a';
    QTest::newRow("bcrypt, trailing newline") << bcrypt2b + u'\n';
    QTest::newRow("bcrypt, non-ASCII character") << QString(bcrypt2b).replace(59, 1, u'é');
    QTest::newRow("MD5-crypt of the password") << QString::fromLatin1(kMd5Crypt);
    QTest::newRow("SHA-512-crypt of the password") << QString::fromLatin1(kSha512Crypt);
    QTest::newRow("DES crypt of the password") << QString::fromLatin1(kDesCrypt);
    QTest::newRow("argon2i of the password")
        << sodiumHash(kLegacyPassword, 3, 19 * 1024 * 1024, crypto_pwhash_ALG_ARGON2I13);
    const QString interactive =
        sodiumHash(kLegacyPassword, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                   crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
    QTest::newRow("argon2id claiming 4 GiB")
        << QString(interactive).replace(QStringLiteral("m=65536"), QStringLiteral("m=4194304"));
    QTest::newRow("argon2id, digest cut short") << interactive.chopped(4);
    QTest::newRow("argon2id, embedded NUL") << QString(interactive).insert(20, QChar(0));
    QTest::newRow("argon2id, 200 characters") << interactive + QString(200, u'A');
}

void TestPasswordHasher::unacceptableHashesMismatch()
{
    QFETCH(QString, hash);

    QCOMPARE(m_hasher->verify(kLegacyPassword, hash), Verdict::Mismatch);
}

void TestPasswordHasher::dummyHashNeverMatches_data()
{
    QTest::addColumn<QString>("password");

    QTest::newRow("empty") << QString();
    QTest::newRow("password") << QStringLiteral("password");
    QTest::newRow("a realistic one") << QStringLiteral("correct horse battery staple");
    QTest::newRow("Unicode") << unicodePassword();
    QTest::newRow("the dummy hash itself") << m_hasher->dummyHash();
}

void TestPasswordHasher::dummyHashNeverMatches()
{
    QFETCH(QString, password);

    QCOMPARE(m_hasher->verify(password, m_hasher->dummyHash()), Verdict::Mismatch);
}

void TestPasswordHasher::dummyHashIsOurArgon2id()
{
    const QString &dummy = m_hasher->dummyHash();

    QVERIFY2(dummy.startsWith(ourPrefix(m_hasher->parameters())), qPrintable(dummy));
    QCOMPARE(crypto_pwhash_argon2id_str_needs_rehash(dummy.toLatin1().constData(),
                                                     m_hasher->parameters().opsLimit,
                                                     m_hasher->parameters().memLimitBytes),
             0);
}

QTEST_APPLESS_MAIN(TestPasswordHasher)

#include "tst_password_hasher.moc"

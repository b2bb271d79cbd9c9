#include "validation.h"

#include <QTest>

using namespace academy;

// The account rules of validation.h: email normalization and the password policy.
namespace {

// U+1F600, one character to a user, a surrogate pair to QString.
const QString kEmoji = QString::fromUtf8("\xF0\x9F\x98\x80");

QString loneHigh()
{
    return QString(QChar(0xD800));
}
QString loneLow()
{
    return QString(QChar(0xDC00));
}

} // namespace

class TestCredentialValidation : public QObject
{
    Q_OBJECT

private slots:
    void normalizeEmailAccepts_data();
    void normalizeEmailAccepts();
    void normalizeEmailRejects_data();
    void normalizeEmailRejects();

    void validatePasswordAccepts_data();
    void validatePasswordAccepts();
    void validatePasswordRejects_data();
    void validatePasswordRejects();
};

void TestCredentialValidation::normalizeEmailAccepts_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << "a@b.c"
                           << "a@b.c";
    QTest::newRow("trimmed and lower-cased") << "  Alice@Example.COM \n"
                                             << "alice@example.com";
    QTest::newRow("plus and dots in the local part") << "first.last+tag@school.org"
                                                     << "first.last+tag@school.org";
    QTest::newRow("domain without a dot") << "admin@localhost"
                                          << "admin@localhost";
    QTest::newRow("local part of 64 octets")
        << QString(64, u'l') + "@x.io" << QString(64, u'l') + "@x.io";
    QTest::newRow("local part of 64 octets in 32 two-octet characters")
        << QString(32, QChar(0xF6)) + "@x.io" << QString(32, QChar(0xF6)) + "@x.io";
    QTest::newRow("254 octets in all") << QString(64, u'l') + "@" + QString(185, u'd') + ".com"
                                       << QString(64, u'l') + "@" + QString(185, u'd') + ".com";
    QTest::newRow("non-ASCII lower-cased")
        << QString::fromUtf8("JÖRG@Exämple.DE") << QString::fromUtf8("jörg@exämple.de");
}

void TestCredentialValidation::normalizeEmailAccepts()
{
    QFETCH(QString, raw);
    QFETCH(QString, expected);

    const Result<QString> result = normalizeEmail(raw);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result.value(), expected);
}

void TestCredentialValidation::normalizeEmailRejects_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("message");

    const QString invalid = QStringLiteral("must be a valid email address");
    const QString tooLong = QStringLiteral("must be at most 254 characters");

    QTest::newRow("empty") << "" << invalid;
    QTest::newRow("only spaces") << "   " << invalid;
    QTest::newRow("no @") << "alice.example.com" << invalid;
    QTest::newRow("two @") << "a@b@c.d" << invalid;
    QTest::newRow("double @") << "a@@b.c" << invalid;
    QTest::newRow("empty local part") << "@b.c" << invalid;
    QTest::newRow("empty domain") << "a@" << invalid;
    QTest::newRow("space inside") << "a b@c.d" << invalid;
    QTest::newRow("tab inside") << "a\tb@c.d" << invalid;
    QTest::newRow("no-break space inside") << QString::fromUtf8("a\xC2\xA0"
                                                                "b@c.d")
                                           << invalid;
    QTest::newRow("NUL inside") << QString::fromUtf16(u"a\u0000b@c.d", 7) << invalid;
    QTest::newRow("DEL inside") << QString::fromUtf16(u"a\u007Fb@c.d") << invalid;
    QTest::newRow("lone surrogate") << "a" + loneHigh() + "@c.d" << invalid;
    QTest::newRow("domain starts with a dot") << "a@.b.c" << invalid;
    QTest::newRow("domain ends with a dot") << "a@b.c." << invalid;
    QTest::newRow("double dot in domain") << "a@b..c" << invalid;
    QTest::newRow("domain only a dot") << "a@." << invalid;
    QTest::newRow("local part of 65 octets") << QString(65, u'l') + "@x.io" << invalid;
    QTest::newRow("local part of 66 octets in 33 two-octet characters")
        << QString(33, QChar(0xF6)) + "@x.io" << invalid;
    QTest::newRow("255 octets in all")
        << QString(64, u'l') + "@" + QString(186, u'd') + ".com" << tooLong;
}

void TestCredentialValidation::normalizeEmailRejects()
{
    QFETCH(QString, raw);
    QFETCH(QString, message);

    const Result<QString> result = normalizeEmail(raw);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(result.error().message, message);
}

void TestCredentialValidation::validatePasswordAccepts_data()
{
    QTest::addColumn<QString>("password");

    QTest::newRow("12 characters") << QString(12, u'p');
    QTest::newRow("128 characters") << QString(128, u'p');
    QTest::newRow("12 emoji") << kEmoji.repeated(12);
    QTest::newRow("128 emoji") << kEmoji.repeated(128);
    QTest::newRow("spaces count and are kept") << "  pass phrase  ";
    QTest::newRow("no composition rules") << "aaaaaaaaaaaa";
    QTest::newRow("tab is allowed") << "correct\thorse battery";
}

void TestCredentialValidation::validatePasswordAccepts()
{
    QFETCH(QString, password);

    const Status status = validatePassword(password);

    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
}

void TestCredentialValidation::validatePasswordRejects_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("message");

    const QString tooShort = QStringLiteral("must be at least 12 characters");
    const QString tooLong = QStringLiteral("must be at most 128 characters");
    const QString unicode = QStringLiteral("must be valid Unicode text");

    QTest::newRow("empty") << "" << tooShort;
    QTest::newRow("11 characters") << QString(11, u'p') << tooShort;
    QTest::newRow("11 emoji, 22 UTF-16 units") << kEmoji.repeated(11) << tooShort;
    QTest::newRow("129 characters") << QString(129, u'p') << tooLong;
    QTest::newRow("129 emoji") << kEmoji.repeated(129) << tooLong;
    QTest::newRow("NUL inside") << QString(6, u'p') + QChar(0) + QString(6, u'p') << unicode;
    QTest::newRow("lone high surrogate") << QString(12, u'p') + loneHigh() << unicode;
    QTest::newRow("lone low surrogate") << loneLow() + QString(12, u'p') << unicode;
}

void TestCredentialValidation::validatePasswordRejects()
{
    QFETCH(QString, password);
    QFETCH(QString, message);

    const Status status = validatePassword(password);

    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(status.error().message, message);
}

QTEST_APPLESS_MAIN(TestCredentialValidation)
#include "tst_validation_credentials.moc"

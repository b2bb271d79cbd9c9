// The hand-written JSON of hot replies must be byte for byte what QJsonDocument writes for
// the same values: clients (and the OpenAPI conformance test) cannot tell the two apart.
#include "json_text.h"
#include "student.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace academy;

class TestJsonText : public QObject
{
    Q_OBJECT

private:
    static Student student(const QString &name, double grade)
    {
        Student s;
        s.id = 42;
        s.name = name;
        s.course = QStringLiteral("Software Engineering");
        s.grade = grade;
        s.version = 7;
        s.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        s.updatedAt = QDateTime(QDate(2026, 12, 31), QTime(23, 59, 59, 1), Qt::UTC);
        return s;
    }

private slots:
    void studentMatchesQJsonDocument_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("grade");
        QTest::newRow("plain") << QStringLiteral("John") << 85.0;
        QTest::newRow("fraction") << QStringLiteral("Ana") << 85.5;
        QTest::newRow("shortest double") << QStringLiteral("Bo") << 0.1;
        QTest::newRow("thirds") << QStringLiteral("Cy") << 100.0 / 3.0;
        QTest::newRow("zero") << QStringLiteral("Di") << 0.0;
        QTest::newRow("hundred") << QStringLiteral("Ed") << 100.0;
        QTest::newRow("quote and backslash") << QStringLiteral("O\"Brien \\ co") << 1.0;
        QTest::newRow("newline, tab, return") << QStringLiteral("a\nb\tc\rd") << 2.0;
        QTest::newRow("other controls") << QStringLiteral("x") + QChar(0x01) + QChar(0x1f) + QChar(0x08) + QChar(0x0c) << 3.0;
        QTest::newRow("DEL and slash") << QStringLiteral("a\x7f/b") << 4.0;
        QTest::newRow("accents and CJK") << QStringLiteral("Zoë Łukasz 学生") << 5.0;
        QTest::newRow("astral") << QString::fromUtf8("emoji \xF0\x9F\x98\x80") << 6.0;
        QTest::newRow("lone surrogate") << QStringLiteral("bad ") + QChar(0xD800) << 7.0;
        QTest::newRow("line separator") << QStringLiteral("a") + QChar(0x2028) + QStringLiteral("b") << 8.0;
        QTest::newRow("empty") << QString() << 9.0;
    }

    void studentMatchesQJsonDocument()
    {
        QFETCH(QString, name);
        QFETCH(double, grade);
        const Student s = student(name, grade);
        QByteArray written;
        s.appendJson(written);
        QCOMPARE(written, QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact));
    }

    void listMatchesQJsonDocument()
    {
        const QList<Student> students{student(QStringLiteral("A"), 1.5), student(QStringLiteral("B\""), 99.0)};
        QJsonArray array;
        for (const Student &s : students)
            array.append(s.toJson());
        QCOMPARE(studentsJson(students), QJsonDocument(array).toJson(QJsonDocument::Compact));
        QCOMPARE(studentsJson({}), QByteArray("[]"));
    }

    // The hand-written calendar against QDateTime's, from year 1 to the last year.
    void timestampsMatchFormatTimestamp()
    {
        const qint64 first = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 last = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
        QList<qint64> samples{first, last, -1, 0, 1, 951782400000 /* 2000-02-29 */, 4107456000000 /* 2100-02-28 */,
                              QDateTime::currentMSecsSinceEpoch()};
        quint64 state = 0x9E3779B97F4A7C15ull; // a fixed sequence, so a failure repeats
        for (int i = 0; i < 20000; ++i) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            samples.append(first + qint64(state % quint64(last - first)));
        }
        for (const qint64 ms : samples) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            QByteArray written;
            appendJsonTimestamp(written, time);
            QCOMPARE(written, '"' + formatTimestamp(time).toLatin1() + '"');
            QCOMPARE(formatTimestamp(time), time.toString(Qt::ISODateWithMs));
        }
        QByteArray invalid;
        appendJsonTimestamp(invalid, QDateTime());
        QCOMPARE(invalid, QByteArray("\"\""));
        QByteArray outOfRange;
        QVERIFY(!appendIsoTimestamp(outOfRange, last + 1));
        QVERIFY(outOfRange.isEmpty());
    }

    void latin1StringsMatchTheirUtf16Form_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("hex id") << QByteArray("0123456789abcdef0123456789abcdef");
        QTest::newRow("method") << QByteArray("PATCH");
        QTest::newRow("quote") << QByteArray("a\"b");
        QTest::newRow("backslash") << QByteArray("a\\b");
        QTest::newRow("control") << QByteArray("a\x01\nb");
        QTest::newRow("high byte") << QByteArray("caf\xe9");
        QTest::newRow("empty") << QByteArray();
    }

    void latin1StringsMatchTheirUtf16Form()
    {
        QFETCH(QByteArray, bytes);
        QByteArray fromBytes;
        appendJsonString(fromBytes, QByteArrayView(bytes));
        QByteArray fromText;
        appendJsonString(fromText, QString::fromLatin1(bytes));
        QCOMPARE(fromBytes, fromText);
    }

    void numbersReadBackExactly_data()
    {
        QTest::addColumn<double>("value");
        QTest::newRow("0.1") << 0.1;
        QTest::newRow("1e-7") << 1e-7;
        QTest::newRow("large") << 123456789012.5;
        QTest::newRow("negative") << -42.25;
        QTest::newRow("pi") << M_PI;
    }

    void numbersReadBackExactly()
    {
        QFETCH(double, value);
        QByteArray out;
        appendJsonNumber(out, value);
        QCOMPARE(QJsonDocument::fromJson("[" + out + "]").array().at(0).toDouble(), value);
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_json_text.moc"

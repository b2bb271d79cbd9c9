// The request-body JSON parser: stricter than QJsonDocument where an API must be (see the
// platform notes), and no stricter, so validation can name the field that is wrong.
#include "checks.h"
#include "strict_json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace academy;
using academy::http::parseStrictJson;

namespace {

QByteArray nestedArrays(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

QByteArray nestedObjects(int depth)
{
    QByteArray text;
    for (int i = 0; i < depth; ++i)
        text += "{\"a\":";
    text += "1";
    return text + QByteArray(depth, '}');
}

} // namespace

class TestStrictJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void escapedNulAndLoneSurrogateAreLeftToValidation();
    void topLevelArrayIsLeftToTheBodyStage();
    void depthLimitIsAParameter();
};

void TestStrictJson::parses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("object") << QByteArray(R"({"name":"John","course":"SE","grade":85})");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("whitespace around") << QByteArray(" \r\n\t{\"a\":1}\n ");
    QTest::newRow("escaped control characters") << QByteArray(R"({"a":"tab\there\nnewline\u0001"})");
    QTest::newRow("UTF-8 text") << QByteArray("{\"name\":\"J\xc3\xbcrgen \xe2\x82\xac \xf0\x9f\x98\x80\"}");
    QTest::newRow("same key in different objects") << QByteArray(R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})");
    QTest::newRow("value equal to a later key") << QByteArray(R"({"a":"b","b":1})");
    QTest::newRow("keys after nested values") << QByteArray(R"({"a":[1,{"x":1}],"b":{"c":[]},"c":2})");
    QTest::newRow("escaped quote in a key") << QByteArray(R"({"a\"":1,"a":2})");
    QTest::newRow("brackets inside strings do not nest") << QByteArray("{\"a\":\"" + QByteArray(40, '[') + "\"}");
    QTest::newRow("depth 32 arrays") << nestedArrays(32);
    QTest::newRow("depth 32 objects") << nestedObjects(32);
}

void TestStrictJson::parses()
{
    QFETCH(QByteArray, body);
    const Result<QJsonDocument> parsed = parseStrictJson(body);
    QVERIFY_OK(parsed);
    QVERIFY(!parsed->isNull());
}

void TestStrictJson::refuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("byte-order mark") << QByteArray("\xEF\xBB\xBF{\"a\":1}");
    QTest::newRow("raw tab in a string") << QByteArray("{\"a\":\"x\ty\"}");
    QTest::newRow("raw newline in a string") << QByteArray("{\"a\":\"x\ny\"}");
    QTest::newRow("raw NUL in a string") << QByteArray("{\"a\":\"x\0y\"}", 11);
    QTest::newRow("raw control character in a key") << QByteArray("{\"a\x01\":1}");
    QTest::newRow("duplicate keys") << QByteArray(R"({"a":1,"a":2})");
    QTest::newRow("duplicate keys, one escaped") << QByteArray(R"({"a":1,"\u0061":2})");
    QTest::newRow("duplicate keys in a nested object") << QByteArray(R"({"x":{"a":1,"a":2}})");
    QTest::newRow("duplicate key after a nested object") << QByteArray(R"({"a":{"b":1},"a":2})");
    QTest::newRow("duplicate keys in an array element") << QByteArray(R"([{"grade":10,"grade":1000}])");
    QTest::newRow("depth 33 arrays") << nestedArrays(33);
    QTest::newRow("depth 33 objects") << nestedObjects(33);
    QTest::newRow("depth 1000") << nestedArrays(1000);
    QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)");
    QTest::newRow("two documents") << QByteArray(R"({"a":1}{"b":2})");
    QTest::newRow("invalid UTF-8 byte") << QByteArray("{\"a\":\"\xff\"}");
    QTest::newRow("overlong UTF-8") << QByteArray("{\"a\":\"\xc0\xaf\"}");
    QTest::newRow("unterminated string") << QByteArray(R"({"a":"b)");
    QTest::newRow("single quotes") << QByteArray("{'a':1}");
    QTest::newRow("comment") << QByteArray("{\"a\":1 /* no */}");
    QTest::newRow("NaN") << QByteArray(R"({"a":NaN})");
    QTest::newRow("number out of range") << QByteArray(R"({"a":1e400})");
}

void TestStrictJson::refuses()
{
    QFETCH(QByteArray, body);
    const Result<QJsonDocument> parsed = parseStrictJson(body);
    QVERIFY_ERROR(parsed, ErrorCode::InvalidJson);
    QVERIFY(!parsed.error().message.isEmpty());
}

// Valid JSON text: the body parser keeps them, so validation can refuse them by field (422)
// instead of the whole body being "not JSON".
void TestStrictJson::escapedNulAndLoneSurrogateAreLeftToValidation()
{
    const Result<QJsonDocument> nul = parseStrictJson(R"({"name":"a\u0000b"})");
    QVERIFY_OK(nul);
    QCOMPARE(nul->object().value(QStringLiteral("name")).toString(), QStringLiteral("a") + QChar(0) + QStringLiteral("b"));

    const Result<QJsonDocument> surrogate = parseStrictJson(R"({"name":"\ud800"})");
    QVERIFY_OK(surrogate);
    const QString name = surrogate->object().value(QStringLiteral("name")).toString();
    QCOMPARE(name.size(), 1);
    QVERIFY(name.at(0).isHighSurrogate());
}

// Whether a route wants an object or an array is the body stage's decision, not the parser's.
void TestStrictJson::topLevelArrayIsLeftToTheBodyStage()
{
    const Result<QJsonDocument> parsed = parseStrictJson(R"([{"name":"a"},{"name":"b"}])");
    QVERIFY_OK(parsed);
    QVERIFY(parsed->isArray());
    QCOMPARE(parsed->array().size(), 2);
}

void TestStrictJson::depthLimitIsAParameter()
{
    QVERIFY_OK(parseStrictJson(nestedArrays(3), 3));
    QVERIFY_ERROR(parseStrictJson(nestedArrays(4), 3), ErrorCode::InvalidJson);
}

QTEST_GUILESS_MAIN(TestStrictJson)
#include "tst_strict_json.moc"

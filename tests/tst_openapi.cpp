// The OpenAPI document (resources/openapi.json, served at /openapi.json) against the route
// table of the real server: every route is documented and nothing else is, and what the
// document says of each operation agrees with the route's access and body kind. Also that
// the checker the reply tests use (tst_openapi_replies) does find what breaks a schema.
#include "openapi/openapi_document.h"
#include "router.h"
#include "student_query.h"
#include "test_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace academy;
using namespace academy::test;

namespace {

// "/students/:id" -> "/students/{id}"
QString documentTemplate(const QString &pattern)
{
    QStringList segments = pattern.split(QLatin1Char('/'));
    for (QString &segment : segments) {
        if (segment.startsWith(QLatin1Char(':')))
            segment = QLatin1Char('{') + segment.mid(1) + QLatin1Char('}');
    }
    return segments.join(QLatin1Char('/'));
}

QString operationName(const QByteArray &method, const QString &path)
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + path;
}

// The security requirements in force for an operation: its own, else the document's.
QJsonArray effectiveSecurity(const QJsonObject &document, const QJsonObject &operation)
{
    return operation.contains(QStringLiteral("security"))
               ? operation.value(QStringLiteral("security")).toArray()
               : document.value(QStringLiteral("security")).toArray();
}

bool allowsAnonymous(const QJsonArray &security)
{
    if (security.isEmpty())
        return true;
    return std::any_of(security.begin(), security.end(),
                       [](const QJsonValue &r) { return r.toObject().isEmpty(); });
}

bool names(const QJsonArray &security, const QString &scheme)
{
    return std::any_of(security.begin(), security.end(),
                       [&](const QJsonValue &r) { return r.toObject().contains(scheme); });
}

const QJsonObject validStudent{
    {QStringLiteral("id"), 7},
    {QStringLiteral("name"), QStringLiteral("Ada")},
    {QStringLiteral("course"), QStringLiteral("Mathematics")},
    {QStringLiteral("grade"), 91.5},
    {QStringLiteral("createdAt"), QStringLiteral("2026-11-24T10:00:00.000Z")},
    {QStringLiteral("updatedAt"), QStringLiteral("2026-11-24T10:00:00.000Z")},
    {QStringLiteral("version"), 1},
};

QJsonObject reference(const QString &schema)
{
    return {{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/") + schema}};
}

} // namespace

class TestOpenApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void documentIsOpenApi3();
    void everyRouteIsDocumented();
    void everyDocumentedOperationIsARoute();
    void operationsAreComplete();
    void securityFollowsTheRouteAccess();
    void bodiesFollowTheRouteBodyKind();
    void sortListsExactlyTheSortsTheServiceKnows();
    void checkerAcceptsAValidStudent();
    void checkerFindsWhatBreaksASchema_data();
    void checkerFindsWhatBreaksASchema();
    void checkerFindsWhatBreaksAReply_data();
    void checkerFindsWhatBreaksAReply();

private:
    const QList<http::Route> &routes() { return m_server->server().context().router.routes(); }

    std::optional<OpenApiDocument> m_document;
    std::unique_ptr<TestServer> m_server;
};

void TestOpenApi::initTestCase()
{
    QString error;
    m_document = OpenApiDocument::load(QStringLiteral(":/openapi.json"), &error);
    QVERIFY2(m_document, qPrintable(error));
    m_server = TestServer::start({QStringLiteral("--rate-limit"), QStringLiteral("0")});
    QVERIFY(m_server);
    QVERIFY(!routes().isEmpty());
}

void TestOpenApi::cleanupTestCase()
{
    m_server.reset();
}

void TestOpenApi::documentIsOpenApi3()
{
    const QJsonObject document = m_document->json();
    QCOMPARE(document.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));
    QCOMPARE(document.value(QStringLiteral("info"))
                 .toObject()
                 .value(QStringLiteral("version"))
                 .toString(),
             QStringLiteral(ACADEMY_VERSION));
    QVERIFY(!m_document->operations().isEmpty());
}

void TestOpenApi::everyRouteIsDocumented()
{
    QStringList missing;
    for (const http::Route &route : routes()) {
        const QString path = documentTemplate(route.pattern);
        if (m_document->operation(route.method, path).isEmpty())
            missing.append(operationName(route.method, path));
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("routes missing from openapi.json: ") +
                                           missing.join(QStringLiteral(", "))));
}

void TestOpenApi::everyDocumentedOperationIsARoute()
{
    QSet<QString> served;
    for (const http::Route &route : routes())
        served.insert(operationName(route.method, documentTemplate(route.pattern)));
    QStringList extra;
    for (const DocumentedOperation &operation : m_document->operations()) {
        if (!served.contains(operationName(operation.method, operation.path)))
            extra.append(operationName(operation.method, operation.path));
    }
    QVERIFY2(extra.isEmpty(), qPrintable(QStringLiteral("documented but not served: ") +
                                         extra.join(QStringLiteral(", "))));
}

// Each operation has its id, summary and known tags, and the replies every route can give:
// 401 (a refused token, on public routes too), 413, 429, 431, 500 and 503.
void TestOpenApi::operationsAreComplete()
{
    QSet<QString> tags;
    for (const QJsonValue &tag : m_document->json().value(QStringLiteral("tags")).toArray())
        tags.insert(tag.toObject().value(QStringLiteral("name")).toString());
    QSet<QString> operationIds;
    QStringList problems;
    for (const DocumentedOperation &operation : m_document->operations()) {
        const QString name = operationName(operation.method, operation.path);
        const QString id = operation.operation.value(QStringLiteral("operationId")).toString();
        if (id.isEmpty() || operationIds.contains(id))
            problems.append(name + QStringLiteral(": operationId missing or not unique"));
        operationIds.insert(id);
        if (operation.operation.value(QStringLiteral("summary")).toString().isEmpty())
            problems.append(name + QStringLiteral(": no summary"));
        const QJsonArray operationTags =
            operation.operation.value(QStringLiteral("tags")).toArray();
        if (operationTags.size() != 1 || !tags.contains(operationTags.first().toString()))
            problems.append(name + QStringLiteral(": not in exactly one of the document's tags"));
        const QJsonObject responses =
            operation.operation.value(QStringLiteral("responses")).toObject();
        for (const char *status : {"401", "413", "429", "431", "500", "503"}) {
            if (!responses.contains(QLatin1String(status)))
                problems.append(
                    name +
                    QStringLiteral(": response %1 is not documented").arg(QLatin1String(status)));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// Public routes say so with an empty security requirement; the others need the bearer token
// (or, for /metrics, the metrics token). Only routes a role can be refused document 403.
void TestOpenApi::securityFollowsTheRouteAccess()
{
    QStringList problems;
    for (const http::Route &route : routes()) {
        const QString path = documentTemplate(route.pattern);
        const QString name = operationName(route.method, path);
        const QJsonObject operation = m_document->operation(route.method, path);
        const QJsonArray security = effectiveSecurity(m_document->json(), operation);
        const bool documents403 =
            operation.value(QStringLiteral("responses")).toObject().contains(QStringLiteral("403"));
        const bool anyone = route.access == http::Access::Anyone;
        if (allowsAnonymous(security) != anyone)
            problems.append(
                name + (anyone ? QStringLiteral(": public, but the document asks for a token")
                               : QStringLiteral(": needs a token, but the document allows none")));
        if (!anyone && !names(security, QStringLiteral("bearerAuth")))
            problems.append(name +
                            QStringLiteral(": bearerAuth is not among its security requirements"));
        if (names(security, QStringLiteral("metricsToken")) !=
            (route.access == http::Access::Metrics))
            problems.append(name +
                            QStringLiteral(": metricsToken belongs to the metrics route alone"));
        const bool refusable = route.access == http::Access::Staff ||
                               route.access == http::Access::Admin ||
                               route.access == http::Access::Metrics;
        if (refusable && !documents403)
            problems.append(name +
                            QStringLiteral(": a role can be refused, but 403 is not documented"));
        if (route.access == http::Access::Viewer && documents403)
            problems.append(name +
                            QStringLiteral(": every role may call it, yet 403 is documented"));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// A route that takes a body documents it in the media types the server accepts, with the
// refusals of a bad one (400, 415); a route without one documents none.
void TestOpenApi::bodiesFollowTheRouteBodyKind()
{
    QStringList problems;
    for (const http::Route &route : routes()) {
        const QString path = documentTemplate(route.pattern);
        const QString name = operationName(route.method, path);
        const QJsonObject operation = m_document->operation(route.method, path);
        const QJsonObject body =
            m_document->schemas().resolve(operation.value(QStringLiteral("requestBody")));
        const QJsonObject content = body.value(QStringLiteral("content")).toObject();
        const QJsonObject responses = operation.value(QStringLiteral("responses")).toObject();
        if (route.body == http::BodyKind::None) {
            if (!body.isEmpty())
                problems.append(name +
                                QStringLiteral(": documents a body the route does not take"));
            continue;
        }
        QStringList types{QStringLiteral("application/json")};
        if (route.body == http::BodyKind::JsonArrayOrCsv)
            types.append(QStringLiteral("text/csv"));
        if (!body.value(QStringLiteral("required")).toBool() ||
            content.keys() != types) // keys() is sorted
            problems.append(name + QStringLiteral(": the body should be required and be %1")
                                       .arg(types.join(QStringLiteral(" or "))));
        const QString jsonType = route.body == http::BodyKind::JsonObject ? QStringLiteral("object")
                                                                          : QStringLiteral("array");
        const QJsonObject schema =
            m_document->schemas().resolve(content.value(QStringLiteral("application/json"))
                                              .toObject()
                                              .value(QStringLiteral("schema")));
        if (schema.value(QStringLiteral("type")).toString() != jsonType)
            problems.append(name + QStringLiteral(": the JSON body should be an %1").arg(jsonType));
        for (const char *status : {"400", "415"}) {
            if (!responses.contains(QLatin1String(status)))
                problems.append(
                    name +
                    QStringLiteral(": response %1 is not documented").arg(QLatin1String(status)));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestOpenApi::sortListsExactlyTheSortsTheServiceKnows()
{
    const QJsonArray documented = m_document->json()
                                      .value(QStringLiteral("components"))
                                      .toObject()
                                      .value(QStringLiteral("parameters"))
                                      .toObject()
                                      .value(QStringLiteral("Sort"))
                                      .toObject()
                                      .value(QStringLiteral("schema"))
                                      .toObject()
                                      .value(QStringLiteral("enum"))
                                      .toArray();
    QStringList sorts;
    for (const QJsonValue &sort : documented)
        sorts << sort.toString();
    QStringList expected;
    for (const QString &field : studentSortFields())
        expected << field << QLatin1Char('-') + field;

    QCOMPARE(sorts, expected);
}

void TestOpenApi::checkerAcceptsAValidStudent()
{
    const QStringList problems = m_document->schemas().check(
        validStudent, reference(QStringLiteral("Student")), QStringLiteral("student"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestOpenApi::checkerFindsWhatBreaksASchema_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonValue>("schema");

    const QJsonObject student = reference(QStringLiteral("Student"));
    const auto changed = [](const QString &key, const QJsonValue &value) {
        QJsonObject copy = validStudent;
        if (value.isUndefined())
            copy.remove(key);
        else
            copy.insert(key, value);
        return QJsonValue(copy);
    };
    QTest::newRow("id as a string")
        << changed(QStringLiteral("id"), QStringLiteral("7")) << QJsonValue(student);
    QTest::newRow("id not whole") << changed(QStringLiteral("id"), 7.5) << QJsonValue(student);
    QTest::newRow("name missing") << changed(QStringLiteral("name"), QJsonValue::Undefined)
                                  << QJsonValue(student);
    QTest::newRow("unknown property")
        << changed(QStringLiteral("nickname"), QStringLiteral("Ad")) << QJsonValue(student);
    QTest::newRow("grade above 100")
        << changed(QStringLiteral("grade"), 101) << QJsonValue(student);
    QTest::newRow("empty name") << changed(QStringLiteral("name"), QString())
                                << QJsonValue(student);
    QTest::newRow("not a date-time")
        << changed(QStringLiteral("createdAt"), QStringLiteral("yesterday")) << QJsonValue(student);
    QTest::newRow("null where not nullable")
        << changed(QStringLiteral("version"), QJsonValue::Null) << QJsonValue(student);
    QTest::newRow("array for an object")
        << QJsonValue(QJsonArray{validStudent}) << QJsonValue(student);
    QTest::newRow("a student in a list of them")
        << QJsonValue(
               QJsonArray{validStudent, changed(QStringLiteral("grade"), QStringLiteral("A"))})
        << QJsonValue(QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                  {QStringLiteral("items"), student}});
    QTest::newRow("error code not in the enum")
        << QJsonValue(QJsonObject{{QStringLiteral("message"), QStringLiteral("x")},
                                  {QStringLiteral("error"), QStringLiteral("oops")},
                                  {QStringLiteral("requestId"), QStringLiteral("r")}})
        << QJsonValue(reference(QStringLiteral("Error")));
    QTest::newRow("allOf narrows the error code")
        << QJsonValue(QJsonObject{{QStringLiteral("message"), QStringLiteral("x")},
                                  {QStringLiteral("error"), QStringLiteral("conflict")},
                                  {QStringLiteral("requestId"), QStringLiteral("r")}})
        << m_document->json()
               .value(QStringLiteral("components"))
               .toObject()
               .value(QStringLiteral("responses"))
               .toObject()
               .value(QStringLiteral("NotFound"))
               .toObject()
               .value(QStringLiteral("content"))
               .toObject()
               .value(QStringLiteral("application/json"))
               .toObject()
               .value(QStringLiteral("schema"));
    QTest::newRow("reference to nowhere")
        << QJsonValue(1) << QJsonValue(reference(QStringLiteral("NoSuchSchema")));
    QTest::newRow("keyword the checker does not know")
        << QJsonValue(QStringLiteral("x"))
        << QJsonValue(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                  {QStringLiteral("const"), QStringLiteral("y")}});
}

void TestOpenApi::checkerFindsWhatBreaksASchema()
{
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, schema);
    QVERIFY(!m_document->schemas().check(value, schema, QStringLiteral("value")).isEmpty());
}

void TestOpenApi::checkerFindsWhatBreaksAReply_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("etag");
    QTest::addColumn<QByteArray>("body");

    const QByteArray student = QJsonDocument(validStudent).toJson(QJsonDocument::Compact);
    const QByteArray json = "application/json; charset=utf-8";
    QTest::newRow("undocumented operation")
        << QByteArray("PUT") << QByteArray("/health") << 200 << json << QByteArray() << student;
    QTest::newRow("undocumented status") << QByteArray("GET") << QByteArray("/students/7") << 418
                                         << json << QByteArray("\"1\"") << student;
    QTest::newRow("required header missing")
        << QByteArray("GET") << QByteArray("/students/7") << 200 << json << QByteArray() << student;
    QTest::newRow("header off its schema") << QByteArray("GET") << QByteArray("/students/7") << 200
                                           << json << QByteArray("1") << student;
    QTest::newRow("undocumented media type")
        << QByteArray("GET") << QByteArray("/students/7") << 200 << QByteArray("text/html")
        << QByteArray("\"1\"") << student;
    QTest::newRow("body off its schema") << QByteArray("GET") << QByteArray("/students/7") << 200
                                         << json << QByteArray("\"1\"") << QByteArray("{\"id\":7}");
    QTest::newRow("body not JSON") << QByteArray("GET") << QByteArray("/students/7") << 200 << json
                                   << QByteArray("\"1\"") << QByteArray("{\"id\":");
    QTest::newRow("a body where none is documented")
        << QByteArray("GET") << QByteArray("/students/7") << 304 << json << QByteArray("\"1\"")
        << student;
}

void TestOpenApi::checkerFindsWhatBreaksAReply()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, etag);
    QFETCH(QByteArray, body);
    HttpReply reply;
    reply.status = status;
    reply.headers = {{"Content-Type", contentType}, {"X-Request-Id", "r1"}};
    if (!etag.isEmpty())
        reply.headers.append({"ETag", etag});
    reply.body = body;
    QVERIFY(!m_document->checkReply(method, target, reply).isEmpty());
    // The same reply made right passes, so each row breaks one thing only.
    reply.status = 200;
    reply.headers = {{"Content-Type", "application/json; charset=utf-8"},
                     {"X-Request-Id", "r1"},
                     {"ETag", "\"1\""}};
    reply.body = QJsonDocument(validStudent).toJson(QJsonDocument::Compact);
    const QStringList fixed = m_document->checkReply("GET", "/students/7", reply);
    QVERIFY2(fixed.isEmpty(), qPrintable(fixed.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"

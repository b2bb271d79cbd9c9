// The Students section of the contract: thin translations to StudentService.
#include "error_mapping.h"
#include "http_helpers.h"
#include "routes.h"
#include "student_service.h"

#include <QJsonArray>
#include <QJsonObject>

namespace academy::http {

namespace {

// Filters and order from the query: q, course, minGrade, maxGrade, sort, limit, offset.
Result<StudentQuery> studentQuery(const Request &request)
{
    StudentQuery query;
    query.search = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    if (request.query.hasQueryItem(QStringLiteral("course")))
        query.course = request.query.queryItemValue(QStringLiteral("course"), QUrl::FullyDecoded);
    Result<std::optional<double>> minGrade = queryNumber(request, QStringLiteral("minGrade"));
    Result<std::optional<double>> maxGrade = queryNumber(request, QStringLiteral("maxGrade"));
    Result<std::optional<qint64>> limit = queryInteger(request, QStringLiteral("limit"), 1, StudentQuery::MaxLimit);
    Result<std::optional<qint64>> offset = queryInteger(request, QStringLiteral("offset"), 0, std::numeric_limits<qint32>::max());
    for (const Error *error : {minGrade ? nullptr : &minGrade.error(), maxGrade ? nullptr : &maxGrade.error(),
                               limit ? nullptr : &limit.error(), offset ? nullptr : &offset.error()}) {
        if (error)
            return *error;
    }
    query.minGrade = minGrade.value();
    query.maxGrade = maxGrade.value();
    query.limit = int(limit.value().value_or(StudentQuery::DefaultLimit));
    query.offset = offset.value().value_or(0);
    if (request.query.hasQueryItem(QStringLiteral("sort"))) {
        const auto sort = parseStudentSort(request.query.queryItemValue(QStringLiteral("sort")));
        if (!sort) {
            const QString fields = studentSortFields().join(QStringLiteral(", "));
            return Error{ErrorCode::InvalidQuery,
                         QStringLiteral("Query parameter sort must be one of %1 (with - for descending)").arg(fields),
                         {{QStringLiteral("sort"), QStringLiteral("must be one of %1").arg(fields)}}};
        }
        query.sort = sort->first;
        query.descending = sort->second;
    }
    return query;
}

QByteArray pageLink(const Request &request, qint64 offset, int limit, const char *rel)
{
    QUrlQuery query = request.query;
    query.removeAllQueryItems(QStringLiteral("offset"));
    query.removeAllQueryItems(QStringLiteral("limit"));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return "<" + (request.path + QLatin1Char('?') + query.toString(QUrl::FullyEncoded)).toUtf8() + ">; rel=\"" + rel + "\"";
}

Response studentReply(int status, const QString &message, const Student &student)
{
    Response response = Response::json(status, QJsonObject{{QStringLiteral("message"), message},
                                                           {QStringLiteral("data"), student.toJson()}});
    response.setHeader("ETag", versionTag(student.version));
    return response;
}

// GET /students -> 200 [Student...], X-Total-Count, Link rel next/prev
Response list(StudentService &students, Request &request)
{
    Result<StudentQuery> query = studentQuery(request);
    if (!query)
        return errorReply(query.error(), request);
    Result<StudentPage> page = students.list(*query);
    if (!page)
        return errorReply(page.error(), request);
    Response response = Response::jsonText(200, studentsJson(page->items));
    response.setHeader("X-Total-Count", QByteArray::number(page->total));
    QList<QByteArray> links;
    if (query->offset + query->limit < page->total)
        links << pageLink(request, query->offset + query->limit, query->limit, "next");
    if (query->offset > 0)
        links << pageLink(request, qMax<qint64>(0, query->offset - query->limit), query->limit, "prev");
    if (!links.isEmpty())
        response.setHeader("Link", links.join(", "));
    return response;
}

// GET /students/:id -> 200 Student with ETag; 304 when If-None-Match holds it
Response get(StudentService &students, Request &request)
{
    const std::optional<qint64> id = positiveId(request.params.value(QStringLiteral("id")));
    if (!id)
        return errorReply(Error::notFound(QStringLiteral("Student")), request);
    Result<Student> student = students.get(*id);
    if (!student)
        return errorReply(student.error(), request);
    QByteArray text;
    if (!ifNoneMatchHits(request, student->version))
        student->appendJson(text);
    Response response = text.isEmpty() ? Response::empty(304) : Response::jsonText(200, std::move(text));
    response.setHeader("ETag", versionTag(student->version));
    return response;
}

// POST /students {name, course, grade?} -> 201, Location, {message, totalStudents, data}
// Answered after the group commit that made it durable (StudentCreateQueue).
Response create(StudentService &students, Request &request)
{
    const Actor actor = actorOf(request);
    const QJsonObject body = request.json->object();
    const QByteArray requestId = request.requestId;
    return Response::awaiting([&students, actor, body, requestId](std::function<void(Response)> finish) {
        students.createLater(actor, body, [finish, requestId](const Result<CreatedStudent> &created) {
            if (!created) {
                finish(errorResponse(created.error(), requestId));
                return;
            }
            Response response = Response::json(201, QJsonObject{
                {QStringLiteral("message"), QStringLiteral("Student added successfully")},
                {QStringLiteral("totalStudents"), created->totalStudents},
                {QStringLiteral("data"), created->student.toJson()}});
            response.setHeader("Location", "/students/" + QByteArray::number(created->student.id));
            response.setHeader("ETag", versionTag(created->student.version));
            finish(std::move(response));
        });
    });
}

// PUT / PATCH /students/:id (If-Match) -> 200 {message, data}
Response update(StudentService &students, Request &request, bool replace)
{
    const std::optional<qint64> id = positiveId(request.params.value(QStringLiteral("id")));
    if (!id)
        return errorReply(Error::notFound(QStringLiteral("Student")), request);
    const QJsonObject body = request.json->object();
    const std::optional<int> version = ifMatchVersion(request);
    Result<Student> updated = replace ? students.replace(actorOf(request), *id, body, version)
                                      : students.patch(actorOf(request), *id, body, version);
    if (!updated)
        return errorReply(updated.error(), request);
    return studentReply(200, QStringLiteral("Student updated successfully"), updated.value());
}

// DELETE /students/:id (If-Match) -> 200 {message, id}
Response remove(StudentService &students, Request &request)
{
    const std::optional<qint64> id = positiveId(request.params.value(QStringLiteral("id")));
    if (!id)
        return errorReply(Error::notFound(QStringLiteral("Student")), request);
    if (Status removed = students.remove(actorOf(request), *id, ifMatchVersion(request)); !removed)
        return errorReply(removed.error(), request);
    return Response::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Student deleted successfully")},
                                           {QStringLiteral("id"), *id}});
}

// POST /students/import[?dryRun=true] CSV or JSON array -> 200 {message, imported} or 422
Response import(StudentService &students, Request &request)
{
    Result<bool> dryRun = queryFlag(request, QStringLiteral("dryRun"));
    if (!dryRun)
        return errorReply(dryRun.error(), request);
    const ImportMode mode = dryRun.value() ? ImportMode::DryRun : ImportMode::Commit;
    Result<int> imported = request.json ? students.importJson(actorOf(request), request.json->array(), mode)
                                        : students.importCsv(actorOf(request), request.body, mode);
    if (!imported)
        return errorReply(imported.error(), request);
    const QString message = dryRun.value()
                                ? QStringLiteral("Dry run: %1 students would be imported").arg(imported.value())
                                : QStringLiteral("Students imported successfully");
    return Response::json(200, QJsonObject{{QStringLiteral("message"), message},
                                           {QStringLiteral("imported"), dryRun.value() ? 0 : imported.value()},
                                           {QStringLiteral("valid"), imported.value()},
                                           {QStringLiteral("dryRun"), dryRun.value()}});
}

// GET /students/export[?q&course&minGrade&maxGrade&sort] -> text/csv
Response exportCsv(StudentService &students, Request &request)
{
    Result<StudentQuery> query = studentQuery(request);
    if (!query)
        return errorReply(query.error(), request);
    Response response;
    if (Status exported = students.exportCsv(*query, [&](const QByteArray &bytes) {
            response.body += bytes;
            return true;
        }); !exported)
        return errorReply(exported.error(), request);
    response.setHeader("Content-Type", "text/csv; charset=utf-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"students.csv\"");
    return response;
}

} // namespace

void registerStudentRoutes(Router &router, StudentService &s)
{
    const auto bind = [&s](Response (*handler)(StudentService &, Request &)) {
        return [&s, handler](Request &request) { return handler(s, request); };
    };
    router.add({"GET", QStringLiteral("/students"), Access::Viewer, BodyKind::None, bind(list)});
    router.add({"POST", QStringLiteral("/students"), Access::Staff, BodyKind::JsonObject, bind(create)});
    router.add({"GET", QStringLiteral("/students/export"), Access::Viewer, BodyKind::None, bind(exportCsv)});
    router.add({"POST", QStringLiteral("/students/import"), Access::Staff, BodyKind::JsonArrayOrCsv, bind(import)});
    router.add({"GET", QStringLiteral("/students/:id"), Access::Viewer, BodyKind::None, bind(get)});
    router.add({"PUT", QStringLiteral("/students/:id"), Access::Staff, BodyKind::JsonObject,
                [&s](Request &request) { return update(s, request, true); }});
    router.add({"PATCH", QStringLiteral("/students/:id"), Access::Staff, BodyKind::JsonObject,
                [&s](Request &request) { return update(s, request, false); }});
    router.add({"DELETE", QStringLiteral("/students/:id"), Access::Staff, BodyKind::None, bind(remove)});
}

} // namespace academy::http
